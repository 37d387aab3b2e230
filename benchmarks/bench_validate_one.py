"""``tongban validate ONE_FILE`` as a whole process — what an editor or a pre-commit hook runs.

Two trees: the bundled ``rules/`` and a synthetic tree of 10,000 items (``synthetic.make_rules``),
each with a warm cache (one run before the timed ones).  Each timed run is a fresh process
(``python -m tongban_rules validate FILE``), run in turn with the floor — the same interpreter
importing the command line and nothing else (``python -c "import tongban_rules.cli.main"``) —
so a slow minute on the shared machine slows both.  Reported: medians of wall and CPU seconds
(user + system of the child, from the operating system), and the median of the pairwise ratios
against the floor.  For scale, one warm run of the whole 10,000-item tree is timed too.

Targets: bundled rules <= 0.5 s, 10,000 items <= 1.5 s (whole process, warm cache).

Usage: ``python benchmarks/bench_validate_one.py [--count 10000] [--repeat 9]``.
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
from synthetic import make_rules

ROOT = Path(__file__).resolve().parent.parent
FLOOR = [sys.executable, "-c", "import tongban_rules.cli.main"]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one process running ``argv``."""
    before = os.times()
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - started
    after = os.times()
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv}: exit {done.returncode}\n{done.stderr.decode()}")
    return wall, after.children_user + after.children_system - before.children_user - before.children_system


def pairs(command: list[str], env: dict[str, str], repeat: int) -> dict[str, float]:
    timed(command, env)  # warms the cache (and the OS's file cache)
    runs = [(timed(command, env), timed(FLOOR, env)) for _ in range(repeat)]
    return {"wall": statistics.median(a[0] for a, _ in runs), "cpu": statistics.median(a[1] for a, _ in runs),
            "floor wall": statistics.median(b[0] for _, b in runs), "floor cpu": statistics.median(b[1] for _, b in runs),
            "ratio wall": statistics.median(a[0] / b[0] for a, b in runs),
            "ratio cpu": statistics.median(a[1] / b[1] for a, b in runs)}


def show(name: str, target: float, r: dict[str, float]) -> None:
    verdict = "met" if r["wall"] <= target else "NOT met"
    print(f"{name:<28} wall {r['wall']:.3f} s  cpu {r['cpu']:.3f} s  | floor wall {r['floor wall']:.3f} s "
          f"cpu {r['floor cpu']:.3f} s | ×floor wall {r['ratio wall']:.2f} cpu {r['ratio cpu']:.2f} "
          f"| target {target} s wall: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tongban-bench-one-") as tmp:
        env = {**os.environ, "TONGBAN_CACHE_DIR": str(Path(tmp, "cache")),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        validate = [sys.executable, "-m", "tongban_rules", "validate"]
        bundled = ROOT / "rules" / "items" / "hukou" / "hukou-certificate.yaml"
        show("bundled rules, one item", 0.5, pairs([*validate, str(bundled)], env, args.repeat))
        tree = make_rules(Path(tmp, "rules"), args.count)
        one = next((tree / "items").rglob(f"synthetic-{args.count // 2}.yaml"))
        show(f"{args.count:,} items, one item", 1.5, pairs([*validate, str(one)], env, args.repeat))
        timed([*validate, str(tree)], env)
        wall, cpu = timed([*validate, str(tree)], env)
        print(f"{args.count:,} items, whole tree (warm, once): wall {wall:.3f} s  cpu {cpu:.3f} s (its readers included)")


if __name__ == "__main__":
    main()
