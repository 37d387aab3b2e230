"""``tongban check`` on synthetic rule sets: total time, time per stage and check family, peak RSS.

For 1,000, 5,000 and 10,000 synthetic items (``synthetic.make_rules``) with one regional list
per 50 items (200 at 10,000), each run in a fresh process (so peak RSS is its own), repeated;
medians are reported, beside the same run's baseline (libyaml's CSafeLoader reading the same
files, nothing else) so that a slow minute on the shared machine shows as such.  The per-family
times at the three sizes show whether any check grows faster than the rule set.  Target: 10,000 items + 200 lists in <= 10 s, peak RSS <= 1 GB.

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
from synthetic import make_rules  # noqa: E402

CHILD = r"""
import gc, io, json, resource, sys, time
from datetime import date
gc.disable()  # as the tongban program runs (tongban_rules.cli.entry)
t0 = time.perf_counter()
from tongban_rules.checks import check_report
from tongban_rules.formats import format_text
report = check_report(sys.argv[1], date(2026, 6, 1))
format_text(report.diagnostics)  # what the CLI prints, to /dev/null
total = time.perf_counter() - t0
checks = sum(v for k, v in report.timings.items() if k.startswith("TB"))
print(json.dumps({"total": total, "checks": checks, **report.timings,
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


def measure(root: Path, child: str = CHILD) -> dict:
    out = subprocess.run([sys.executable, "-c", child, str(root)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            lists = max(1, count // 50)
            root = make_rules(Path(tmp) / f"rules-{count}", count, regional_lists=lists)
            add_regions(root, lists)
            runs, floors = [], []
            for _ in range(args.repeat):  # interleaved with the baseline, so both meet the same noise
                runs.append(measure(root))
                floors.append(measure(root, FLOOR)["floor"])
            keys = [k for k in runs[0] if k not in ("diagnostics", "errors")]
            med = {k: statistics.median(r[k] for r in runs) for k in keys}
            floor = statistics.median(floors)
            rows.append((count, lists, med, runs[0]))
            families = "  ".join(f"{k} {med[k]:.3f}" for k in sorted(med) if k.startswith("TB"))
            print(f"== {count} items, {lists} lists, median of {args.repeat}: total {med['total']:.2f} s "
                  f"(load {med['load']:.2f}, cases {med['cases']:.3f}, checks {med['checks']:.3f}); "
                  f"peak RSS {max(r['peak_rss_mb'] for r in runs):.0f} MB; "
                  f"{runs[0]['diagnostics']} diagnostics, {runs[0]['errors']} errors")
            print(f"   per family (s): {families}")
            print(f"   baseline: CSafeLoader alone reads the same files in {floor:.2f} s; "
                  f"check / baseline = {med['total'] / floor:.2f}x")
    if len(rows) > 1:
        (c0, _, m0, _), (c1, _, m1, _) = rows[0], rows[-1]
        print(f"== growth {c0} -> {c1} items (x{c1 / c0:.0f}):")
        for key in sorted(k for k in m1 if k.startswith("TB") or k in ("load", "checks", "total")):
            ratio = m1[key] / m0[key] if m0.get(key) else float("nan")
            print(f"   {key:<7} x{ratio:5.1f}")


if __name__ == "__main__":
    main()
