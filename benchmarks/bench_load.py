"""Load + validate speed against the bare libyaml floor (issue: foundation).

For 1,000 and 10,000 synthetic item files (~100 lines of Chinese text each), in one run:

* ``floor``  — read each file and ``yaml.load(text, Loader=CSafeLoader)``: no positions, no
  validation (with the cyclic GC paused, as our loader does; the GC-on figure is shown too);
* ``ours``   — ``tongban_rules.load.loader.load_tree``: discover, read, strict YAML walk, pydantic
  validation, reference linking;
* ``command`` — ``tongban validate ROOT`` run in-process the way the program runs it (the
  program turns the cyclic GC off for its short life: see ``cli.entry``);
* the split of our time between YAML (the subset reader, falling back to libyaml) and model
  validation, and the subset reader against libyaml's node tree + walk on the same files.

Each measurement runs in a fresh process (so peak RSS is its own) and is repeated; medians
are reported.  Usage: ``python benchmarks/bench_load.py [--counts 1000 10000] [--repeat 3]``.
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
from synthetic import make_rules  # noqa: E402

CHILD = r"""
import gc, json, resource, sys, time
from pathlib import Path
import yaml
mode, root = sys.argv[1], Path(sys.argv[2])
files = sorted(root.rglob("*.yaml"))
if mode in ("ours", "split", "command"):  # importing the package (building the models) is not loading files
    import tongban_rules.cli.main, tongban_rules.loader, tongban_rules.model, tongban_rules.source
t0 = time.perf_counter()
if mode in ("floor", "floor-gc"):
    if mode == "floor":
        gc.disable()
    for f in files:
        yaml.load(f.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
    extra = {}
elif mode == "ours":
    from tongban_rules.load.loader import load_tree
    ruleset, diags = load_tree(root)
    assert ruleset is not None and not [d for d in diags if d.severity.value == "error"], diags[:3]
    extra = {"items": len(ruleset.items)}
elif mode == "command":  # `tongban validate ROOT` as the program runs it (cli.entry: no cyclic GC)
    import contextlib, io
    gc.disable()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        rc = tongban_rules.cli.main(["validate", str(root)])
    assert rc == 0, rc
    extra = {}
elif mode == "split":
    from tongban_rules.model import items as m
    from tongban_rules.source.read import _Loader, _Walker, read_source
    gc.disable()
    datas = [f.read_bytes() for f in files if "items" in f.parts]
    t0 = time.perf_counter()
    parsed = [read_source(d, "x.yaml") for d in datas]  # the subset reader (libyaml when it declines)
    t1 = time.perf_counter()
    for d in datas:  # the full reader alone: libyaml's node tree + the walker
        text = d.decode("utf-8")
        _Walker(text, "x.yaml").value(yaml.compose(text, Loader=_Loader), ())
    t2 = time.perf_counter()
    for p in parsed:
        m.Item.model_validate(p.value)
    extra = {"yaml": t1 - t0, "full_yaml": t2 - t1, "validate": time.perf_counter() - t2}
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "files": len(files),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra}))
"""


def measure(mode: str, root: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(root)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            root = make_rules(Path(tmp) / f"rules-{count}", count)
            modes = ("floor", "floor-gc", "ours", "command", "split")
            runs: dict[str, list[dict]] = {mode: [] for mode in modes}
            for _ in range(args.repeat):  # interleaved, so that a noisy minute hits every mode alike
                for mode in modes:
                    runs[mode].append(measure(mode, root))
            med = {mode: statistics.median(r["seconds"] for r in rs) for mode, rs in runs.items()}
            yaml_share = statistics.median(r["yaml"] for r in runs["split"])
            val_share = statistics.median(r["validate"] for r in runs["split"])
            files = runs["ours"][0]["files"]
            print(f"== {count} items ({files} files), median of {args.repeat}")
            print(f"  floor CSafeLoader (GC paused) {med['floor']:7.2f} s  {files / med['floor']:8.0f} files/s")
            print(f"  floor CSafeLoader (GC on)     {med['floor-gc']:7.2f} s  {files / med['floor-gc']:8.0f} files/s")
            print(f"  ours load + validate + link   {med['ours']:7.2f} s  {files / med['ours']:8.0f} files/s")
            print(f"  `tongban validate` (no GC)    {med['command']:7.2f} s  {files / med['command']:8.0f} files/s")
            print(f"  ratio ours / floor(GC paused) {med['ours'] / med['floor']:7.2f}x   (target <= 1.5x)")
            full_yaml = statistics.median(r["full_yaml"] for r in runs["split"])
            print(f"  split: YAML {yaml_share / (yaml_share + val_share):.0%}, pydantic {val_share / (yaml_share + val_share):.0%}"
                  f" (one process: YAML {yaml_share / files * 1e3:.3f} ms/file, pydantic {val_share / files * 1e3:.3f} ms/file)")
            print(f"  YAML subset reader {yaml_share:.2f} s vs libyaml node tree + walk {full_yaml:.2f} s"
                  f" = {full_yaml / yaml_share:.2f}x faster")
            print(f"  peak RSS ours {max(r['peak_rss_mb'] for r in runs['ours']):.0f} MB (target <= 1024 MB)")


if __name__ == "__main__":
    main()
