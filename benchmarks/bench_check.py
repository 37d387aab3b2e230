"""``tongban check`` on synthetic rule sets, cold and warm: total time, time per stage, peak RSS.

For 1,000, 5,000 and 10,000 synthetic items (``synthetic.make_rules``) with one regional list
per 50 items (200 at 10,000), each run in a fresh process (so peak RSS is its own), repeated;
medians are reported, beside the same run's baseline (libyaml's CSafeLoader reading the same
files, nothing else) so that a slow minute on the shared machine shows as such.

* ``cold`` — the cache off: every file read as YAML and validated (2 reader processes);
* ``warm`` — the re-check after editing one item file, with the cache of the run before: every
  file hashed (*plan*), the edited item's unit loaded and checked, every other unit's findings and
  summary taken from the run before (``checks.incremental``), the checks across items run again.

The time is split into *read* (discovery, file reads, YAML and, in the reader processes,
validation; cache look-ups when warm), *revive/validate* (models made in the main process: from
the cached JSON, or for files read in this process from their values), *link* (references,
condition compilation), *cases* and *checks* (per family: whether any grows faster than the
rule set).  Targets: cold 10,000 items + 200 lists <= 10 s, warm re-check <= 1.5 s, peak RSS <= 1 GB.

Usage: ``python benchmarks/bench_check.py [--counts 1000 5000 10000] [--repeat 3]``.
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
from datetime import date
gc.disable()  # as the tongban program runs (tongban_rules.cli.entry)
t0, c0 = time.perf_counter(), os.times()
from tongban_rules.checks import check_report
from tongban_rules.formats import format_text
from tongban_rules.load import loader
spent = {"revive": 0.0, "link": 0.0}

def timed(name, function):
    def run(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started
    return run

loader.parse_file = timed("revive", loader.parse_file)
loader.build = timed("link", loader.build)
report = check_report(sys.argv[1], date(2026, 6, 1), cache=False if sys.argv[2] == "off" else sys.argv[2])
format_text(report.diagnostics)  # what the CLI prints, to /dev/null
total, c1 = time.perf_counter() - t0, os.times()
cpu = c1.user + c1.system - c0.user - c0.system
workers = c1.children_user + c1.children_system - c0.children_user - c0.children_system
checks = sum(v for k, v in report.timings.items() if k.startswith("TB"))
read = report.timings["load"] - spent["revive"] - spent["link"]
print(json.dumps({"total": total, "cpu": cpu, "workers": workers, "checks": checks, "read": read, **spent,
                  **report.timings,
                  "diagnostics": len(report.diagnostics),
                  "errors": sum(d.severity.value == "error" for d in report.diagnostics),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def add_regions(root: Path, lists: int) -> None:
    """Register the region codes the synthetic lists use (``synthetic.py`` leaves them out)."""
    path = root / "registries" / "regions.yaml"
    text = path.read_text(encoding="utf-8")
    lines = []
    for r in range(lists):
        code = f"51{r // 100 + 1:02d}{r % 100:02d}"
        if f'"{code}"' in text:
            continue
        if code.endswith("00"):
            lines.append(f'  - {{code: "{code}", name: 合成地级区划{code}, level: prefecture, parent: "510000"}}')
        else:
            lines.append(f'  - {{code: "{code}", name: 合成县级区划{code}, level: county, parent: "{code[:4]}00"}}')
    head, sep, groups = text.partition("groups:")
    path.write_text(head.rstrip("\n") + "\n" + "\n".join(lines) + "\n" + sep + groups, encoding="utf-8")


# the same run's baseline: libyaml's CSafeLoader reading the same files, no positions, no checks
FLOOR = r"""
import gc, json, sys, time
from pathlib import Path
import yaml
gc.disable()
files = sorted(Path(sys.argv[1]).rglob("*.yaml"))
t0 = time.perf_counter()
for f in files:
    yaml.load(f.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
print(json.dumps({"floor": time.perf_counter() - t0}))
"""


def measure(root: Path, cache: str, child: str = CHILD) -> dict:
    out = subprocess.run([sys.executable, "-c", child, str(root), cache], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def edit_one(root: Path, n: int) -> None:
    """Change the note of one item, as an author would between two checks."""
    path = root / "items" / "group-000" / "synthetic-1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rsplit("\nnote: ", 1)[0] + f"\nnote: 第{n}次修改后的合成事项。\n", encoding="utf-8")


def report(label: str, runs: list[dict], floor: float) -> dict:
    keys = [k for k in runs[0] if k not in ("diagnostics", "errors")]
    med = {k: statistics.median(r[k] for r in runs) for k in keys}
    #: ``plan``: the incremental check's hashing of every file and look-up of the kept units
    parts = {k: med.get(k, 0.0) for k in ("plan", "read", "revive", "link", "cases", "checks")}
    rest = med["total"] - sum(parts.values())
    shares = ", ".join(f"{k} {v:.2f} s ({v / med['total']:.0%})" for k, v in [*parts.items(), ("other", rest)])
    print(f"   {label}: total {med['total']:.2f} s = {med['total'] / floor:.2f}x baseline (CPU {med['cpu']:.2f} s, "
          f"+ {med['workers']:.2f} s in reader processes); {shares}; "
          f"peak RSS {max(r['peak_rss_mb'] for r in runs):.0f} MB; {runs[0]['diagnostics']} diagnostics, "
          f"{runs[0]['errors']} errors")
    return med


def run_count(tmp: Path, count: int, repeat: int) -> tuple[dict, dict]:
    lists = max(1, count // 50)
    root = make_rules(tmp / f"rules-{count}", count, regional_lists=lists)
    add_regions(root, lists)
    cache = str(tmp / f"cache-{count}")
    measure(root, cache)  # the check before the edit fills the cache
    cold, warm, floors = [], [], []
    for r in range(repeat):  # interleaved with the baseline, so all meet the same noise
        cold.append(measure(root, "off"))
        edit_one(root, r)
        warm.append(measure(root, cache))
        floors.append(measure(root, "", FLOOR)["floor"])
    floor = statistics.median(floors)
    print(f"== {count} items, {lists} lists, median of {repeat}; baseline: CSafeLoader alone reads the same "
          f"files in {floor:.2f} s")
    med_cold = report("cold (no cache)          ", cold, floor)
    med_warm = report("warm, one file edited    ", warm, floor)
    families = "  ".join(f"{k} {med_warm[k]:.3f}" for k in sorted(med_warm) if k.startswith("TB"))
    print(f"   checks per family, warm (s): {families}")
    return med_cold, med_warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [(count, *run_count(Path(tmp), count, args.repeat)) for count in args.counts]
    if len(rows) > 1:
        (c0, _, m0), (c1, _, m1) = rows[0], rows[-1]
        print(f"== growth of the warm re-check {c0} -> {c1} items (x{c1 / c0:.0f}):")
        for key in sorted(k for k in m1 if k.startswith("TB") or k in ("plan", "read", "revive", "link", "checks",
                                                                      "total")):
            ratio = m1[key] / m0[key] if m0.get(key) else float("nan")
            print(f"   {key:<7} x{ratio:5.1f}")


if __name__ == "__main__":
    main()
