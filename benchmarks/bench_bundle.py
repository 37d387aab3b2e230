"""Rule bundles: load time, and a whole ``tongban decide`` process against the import floor.

For 10, 1,000 and 10,000 synthetic items (``synthetic.py``), in one run:

* ``build``  — ``tongban bundle RULES -o FILE`` (load, check, write), once per size;
* ``load``   — ``load_rules(FILE)`` in a fresh process, after the imports (what a bundle costs
  to open: header, digest, index, shared files); ``first`` — the first decision after it,
  which revives and compiles one item;
* ``decide`` — a whole ``python -m tongban_rules decide ITEM --rules FILE`` process;
* ``floor``  — a whole ``python -c "import yaml, pydantic, jinja2"`` process;
* ``dir``    — ``decide`` on the rules directory instead (with the user's cache; sizes up to
  ``--dir-max`` only: at 10,000 items it takes seconds).

Measurements are repeated and interleaved (a noisy minute on the shared machine hits every mode
alike); medians are reported and ratios are to the floor of the same run.  Targets: load <= 50 ms
at every size, decide <= 3x the floor at 10 and at 10,000 items.
Usage: ``python benchmarks/bench_bundle.py [--counts 10 1000 10000] [--repeat 7]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, make_rules

LOAD = r"""
import sys, time
from datetime import date
import tongban_rules.load.loader, tongban_rules.load.bundle, tongban_rules.decide.compile
t0 = time.perf_counter()
ruleset = tongban_rules.load.loader.load_rules(sys.argv[1])
t1 = time.perf_counter()
ruleset.decide("synthetic-0", {"age": 30, "reason": "lost"}, region="510104", on=date(2026, 3, 2))
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""
FLOOR = [sys.executable, "-c", "import yaml, pydantic, jinja2"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def wall(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def decide_argv(rules: Path, facts: Path) -> list[str]:
    return [sys.executable, "-m", "tongban_rules", "decide", "synthetic-0", "--facts", str(facts), "--rules",
            str(rules), "--on", "2026-03-02", "--region", "510104"]


def load_times(bundle: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", LOAD, str(bundle)], check=True, env=ENV, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1])


def run_count(tmp: Path, count: int, repeat: int, dir_max: int) -> None:
    rules = make_rules(tmp / f"rules-{count}", count)
    bundle, facts = tmp / f"rules-{count}.bundle", tmp / "facts.json"
    facts.write_text('{"age": 30, "reason": "lost", "is_resident": true}', encoding="utf-8")
    build = wall([sys.executable, "-m", "tongban_rules", "bundle", str(rules), "-o", str(bundle), "--as-of",
                  "2026-03-02"])
    runs: dict[str, list[float]] = {"floor": [], "load": [], "first": [], "decide": [], "dir": []}
    with_dir = count <= dir_max
    if with_dir:
        wall(decide_argv(rules, facts))  # fills the cache of validated files
    for _ in range(repeat):
        runs["floor"].append(wall(FLOOR))
        load, first = load_times(bundle)
        runs["load"].append(load)
        runs["first"].append(first)
        runs["decide"].append(wall(decide_argv(bundle, facts)))
        if with_dir:
            runs["dir"].append(wall(decide_argv(rules, facts)))
    med = {k: statistics.median(v) for k, v in runs.items() if v}
    floor = med["floor"]
    print(f"== {count} items: bundle {bundle.stat().st_size / 1e6:.1f} MB, built (load + check + write) in "
          f"{build:.1f} s; median of {repeat}")
    print(f"  load_rules(bundle)            {med['load'] * 1e3:7.1f} ms   (target <= 50 ms; max "
          f"{max(runs['load']) * 1e3:.1f} ms)")
    print(f"  first decision after load     {med['first'] * 1e3:7.1f} ms   (revives and compiles one item)")
    print(f"  floor: import yaml, pydantic, jinja2 {floor:6.3f} s")
    print(f"  tongban decide --rules bundle {med['decide']:7.3f} s   {med['decide'] / floor:5.2f}x floor "
          f"(target <= 3x)")
    if with_dir:
        print(f"  tongban decide --rules dir    {med['dir']:7.3f} s   {med['dir'] / floor:5.2f}x floor (warm cache)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--dir-max", type=int, default=1000, help="largest size also decided from the directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            run_count(Path(tmp), count, args.repeat, args.dir_max)


if __name__ == "__main__":
    main()
