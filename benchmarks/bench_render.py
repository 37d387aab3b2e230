"""Render speed: 10,000 synthetic items into a static site in ≤ 30 s on two cores.

Loads ``benchmarks/synthetic.py``'s rule set (the load is timed separately), then renders it
with ``tongban_rules.render.render`` — two worker processes (fork), each with its own Jinja
environment — and reports items/s.  ``--check`` also renders with one process and asserts
that both outputs are byte-identical.  Output goes to a temporary folder.

Usage: ``python benchmarks/bench_render.py [--count 10000] [--workers 2] [--lists 1] [--check] [--tmp DIR]``
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from synthetic import make_rules

from tongban_rules.load.loader import load_rules
from tongban_rules.render import render

LIMIT_SECONDS = 30.0


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lists", type=int, default=1, help="regional implementation lists (regional guides)")
    parser.add_argument("--check", action="store_true", help="also render with one process and compare")
    parser.add_argument("--tmp", default=None, help="folder for the rules and the output (default: the system's "
                        "temporary folder; /dev/shm takes the disk out of the measurement)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        root = make_rules(Path(tmp) / "rules", args.count, regional_lists=args.lists)
        t0 = time.perf_counter()
        rules = load_rules(root)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        paths = render(rules, Path(tmp) / "out", workers=args.workers)
        render_s = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in paths) / 2**20
        print(f"{args.count} items, {len(paths)} files ({size:.0f} MiB); load {load_s:.1f} s (not counted)")
        print(f"render, {args.workers} worker(s): {render_s:.1f} s  {args.count / render_s:,.0f} items/s  "
              f"{len(paths) / render_s:,.0f} files/s  (limit {LIMIT_SECONDS:.0f} s)")
        ok = render_s <= LIMIT_SECONDS
        if args.check:
            t0 = time.perf_counter()
            render(rules, Path(tmp) / "single", workers=1)
            single_s = time.perf_counter() - t0
            same = digest(Path(tmp) / "out") == digest(Path(tmp) / "single")
            print(f"render, 1 process: {single_s:.1f} s  {args.count / single_s:,.0f} items/s; "
                  f"outputs identical: {same}")
            ok = ok and same
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
