"""Render speed: 1,000 and 10,000 synthetic items into a static site, 10,000 in ≤ 30 s on two cores.

For each size, loads ``benchmarks/synthetic.py``'s rule set (not timed), then renders it with
``tongban_rules.render.render`` — two worker processes (fork), each with its own Jinja
environment — ``--repeat`` times and reports medians: wall time, CPU time of all processes
(the parent and the pool's workers), CPU ms per item and per page (``.html``/``.md`` file).

Baseline, measured in the same run: copying the rendered files one by one into a fresh folder
(read + write of the same bytes and the same number of files, one process) — the floor below
which no renderer writing these files can go; ``×floor`` is the render's median over it.
``--check`` also renders with one process and asserts that both outputs are byte-identical.

Usage: ``python benchmarks/bench_render.py [--counts 1000 10000] [--repeat 3] [--workers 2] [--lists 1]
[--check] [--tmp DIR]``
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from synthetic import make_rules

from tongban_rules.load.loader import load_rules
from tongban_rules.render import render

LIMIT_SECONDS = 30.0  # for 10,000 items


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def cpu() -> float:
    """CPU seconds (user + system) of this process and of its finished children (the pool)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn) -> tuple[float, float, object]:
    c0, t0 = cpu(), time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, cpu() - c0, result


def copy_floor(src: Path, dst: Path) -> float:
    files = sorted(p for p in src.rglob("*") if p.is_file())
    t0 = time.perf_counter()
    for path in files:
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    elapsed = time.perf_counter() - t0
    shutil.rmtree(dst)
    return elapsed


def one_size(count: int, args, tmp: Path) -> bool:
    rules = load_rules(make_rules(tmp / f"rules-{count}", count, regional_lists=args.lists))
    walls, cpus, floors, paths = [], [], [], []
    for _ in range(args.repeat):
        wall, used, paths = timed(lambda: render(rules, tmp / "out", workers=args.workers))
        walls.append(wall)
        cpus.append(used)
        floors.append(copy_floor(tmp / "out", tmp / "copy"))
    pages = sum(p.suffix in (".html", ".md") for p in paths)
    wall, used, floor = statistics.median(walls), statistics.median(cpus), statistics.median(floors)
    size = sum(p.stat().st_size for p in paths) / 2**20
    print(f"{count:>6} items: {len(paths)} files ({pages} pages, {size:.0f} MiB); medians of {args.repeat}: "
          f"render {wall:.2f} s wall ({count / wall:,.0f} items/s), CPU {used:.2f} s = "
          f"{1000 * used / count:.2f} ms/item, {1000 * used / pages:.2f} ms/page; "
          f"copy floor {floor:.2f} s, render {wall / floor:.1f}×floor  (runs: {', '.join(f'{w:.1f}' for w in walls)} s)")
    ok = count < 10_000 or wall <= LIMIT_SECONDS
    if args.check:
        render(rules, tmp / "single", workers=1)
        same = digest(tmp / "out") == digest(tmp / "single")
        print(f"        1 process gives identical output: {same}")
        ok = ok and same
        shutil.rmtree(tmp / "single")
    shutil.rmtree(tmp / f"rules-{count}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lists", type=int, default=1, help="regional implementation lists (regional guides)")
    parser.add_argument("--check", action="store_true", help="also render with one process and compare")
    parser.add_argument("--tmp", default=None, help="folder for the rules and the output (default: the system's "
                        "temporary folder; /dev/shm takes the disk out of the measurement)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        ok = all([one_size(n, args, Path(tmp)) for n in args.counts])
    print(f"limit: 10,000 items in {LIMIT_SECONDS:.0f} s — {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
