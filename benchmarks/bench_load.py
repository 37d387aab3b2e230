"""Load + validate speed against the bare libyaml floor, cold and from the cache.

For 1,000 and 10,000 synthetic item files (~100 lines of Chinese text each), in one run:

* ``floor``  — read each file and ``yaml.load(text, Loader=CSafeLoader)``: no positions, no
  validation (with the cyclic GC paused, as our loader does; the GC-on figure is shown too);
* ``cold``   — ``tongban_rules.load.loader.load_tree`` with the cache off: discover, read,
  libyaml node tree + strict walk, pydantic validation, reference linking (2 reader processes);
* ``empty``  — the same into an empty cache directory (so it also writes every entry);
* ``warm``   — the same from a full cache directory (no YAML, models revived from their JSON);
* ``split``  — one process, per file: YAML (libyaml node tree + walk), pydantic validation of
  the value tree, and reviving the model from its cached JSON.

Each measurement runs in a fresh process (so peak RSS is its own) and is repeated, interleaved
(so that a noisy minute on the shared machine hits every mode alike); medians are reported and
every ratio is against the floor of the same run.
Usage: ``python benchmarks/bench_load.py [--counts 1000 10000] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_rules

CHILD = r"""
import gc, json, os, resource, sys, time
from pathlib import Path
import yaml
mode, root, cache = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
files = sorted(root.rglob("*.yaml"))
if mode not in ("floor", "floor-gc"):  # importing the package (building the models) is not loading files
    import tongban_rules.load.loader, tongban_rules.model.items, tongban_rules.source.read
t0, c0 = time.perf_counter(), os.times()
extra = {}
if mode in ("floor", "floor-gc"):
    if mode == "floor":
        gc.disable()
    for f in files:
        yaml.load(f.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
elif mode in ("cold", "empty", "warm"):
    from tongban_rules.load.loader import load_tree
    ruleset, diags = load_tree(root, cache=False if mode == "cold" else cache)
    assert ruleset is not None and not [d for d in diags if d.severity.value == "error"], diags[:3]
elif mode == "split":
    from tongban_rules.model import items as m
    from tongban_rules.source.read import read_source
    gc.disable()
    datas = [f.read_bytes() for f in files if "items" in f.parts]
    t0 = time.perf_counter()
    parsed = [read_source(d, "x.yaml") for d in datas]
    t1 = time.perf_counter()
    models = [m.Item.model_validate(p.value) for p in parsed]
    t2 = time.perf_counter()
    blobs = [x.__pydantic_serializer__.to_json(x, exclude_unset=True) for x in models]
    t3 = time.perf_counter()
    revived = [m.Item.model_validate_json(b) for b in blobs]
    t4 = time.perf_counter()
    assert revived == models
    extra = {"yaml": t1 - t0, "validate": t2 - t1, "revive": t4 - t3, "items": len(datas)}
elapsed, c1 = time.perf_counter() - t0, os.times()
cpu = c1.user + c1.system + c1.children_user + c1.children_system - sum(c0[:4])
print(json.dumps({"seconds": elapsed, "cpu": cpu, "files": len(files),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra}))
"""

MODES = ("floor", "floor-gc", "cold", "empty", "warm", "split")


def measure(mode: str, root: Path, cache: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(root), str(cache)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def run_count(tmp: Path, count: int, repeat: int) -> None:
    root = make_rules(tmp / f"rules-{count}", count)
    warm = tmp / f"cache-{count}"
    measure("warm", root, warm)  # fill it
    runs: dict[str, list[dict]] = {mode: [] for mode in MODES}
    for r in range(repeat):
        for mode in MODES:
            runs[mode].append(measure(mode, root, warm if mode == "warm" else tmp / f"empty-{count}-{r}"))
    med = {mode: statistics.median(x["seconds"] for x in rs) for mode, rs in runs.items()}
    cpu = {mode: statistics.median(x["cpu"] for x in rs) for mode, rs in runs.items()}
    files, floor = runs["cold"][0]["files"], med["floor"]
    print(f"== {count} items ({files} files), median of {repeat}")
    for mode, label in (("floor", "floor CSafeLoader (GC paused)"), ("floor-gc", "floor CSafeLoader (GC on)"),
                        ("cold", "ours, cache off"), ("empty", "ours, empty cache (writes it)"),
                        ("warm", "ours, warm cache")):
        print(f"  {label:<30} {med[mode]:7.2f} s  {files / med[mode]:8.0f} files/s  "
              f"{med[mode] / floor:5.2f}x floor   (CPU {cpu[mode]:6.2f} s, all processes: "
              f"{cpu[mode] / cpu['floor']:5.2f}x)")
    split = {k: statistics.median(x[k] for x in runs["split"]) for k in ("yaml", "validate", "revive")}
    items = runs["split"][0]["items"]
    print(f"  one process, per item file: YAML {split['yaml'] / items * 1e3:.3f} ms, pydantic validation "
          f"{split['validate'] / items * 1e3:.3f} ms, revive from cached JSON {split['revive'] / items * 1e3:.3f} ms"
          f" (cold share: YAML {split['yaml'] / (split['yaml'] + split['validate']):.0%})")
    print(f"  peak RSS cold {max(x['peak_rss_mb'] for x in runs['cold']):.0f} MB, "
          f"warm {max(x['peak_rss_mb'] for x in runs['warm']):.0f} MB (target <= 1024 MB)")
    print(f"  targets: cold / floor <= 1.0x: {med['cold'] / floor:.2f}x (empty cache {med['empty'] / floor:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            run_count(Path(tmp), count, args.repeat)


if __name__ == "__main__":
    main()
