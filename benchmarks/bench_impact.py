"""Impact at scale: N synthetic applications (made up: ``tongban_rules.impact.generate``) over
the bundled items, decided under the rules and a changed copy (ID card fee 40 → 50, marriage
age 22 → 20), by each engine; medians of --repeat runs, each run in its own process (peak RSS
is that process's).

    python benchmarks/bench_impact.py [--n 1000000] [--repeat 3] [--spark]

* ``duckdb``: read the Parquet file, check every cell, decide both sides in SQL, summarise;
* ``python``: the same, deciding with ``decide_batch`` per (item, region, date) — the baseline;
* ``compiled`` vs ``hand``: the ID card item only, its compiled SQL against a hand-written
  DuckDB query of the same rule (outcome and fee total) over the same in-memory table;
* ``spark``: the same as ``duckdb`` on Spark in local mode (reported, no target).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HAND = """
SELECT "row", CASE WHEN op IS NULL THEN 'undetermined' WHEN op THEN 'eligible' ELSE 'ineligible' END AS outcome,
       CASE WHEN reason IS NULL OR temporary_card IS NULL THEN NULL
            ELSE (CASE WHEN reason = 'expiry' THEN 20 ELSE 0 END) + (CASE WHEN reason IN ('lost', 'damaged') THEN 40 ELSE 0 END)
                 + (CASE WHEN temporary_card = 'true' THEN 10 ELSE 0 END) END AS fee
FROM (SELECT *, SUBSTR(region, 1, 2) <> SUBSTR(hukou_region, 1, 2) AS op FROM apps
      WHERE item_id = 'id-card-renewal-replacement')
"""


def changed_rules(tmp: Path) -> Path:
    new = tmp / "rules"
    shutil.copytree(ROOT / "rules", new)
    for path, old, to in ((new / "items/id-card/id-card-renewal-replacement.yaml", 'amount: "40"', 'amount: "50"'),
                          (new / "items/marriage/marriage-registration.yaml", ">= 22", ">= 20")):
        path.write_text(path.read_text(encoding="utf-8").replace(old, to, 1), encoding="utf-8")
    return new


def one(engine: str, apps: Path, new: Path) -> dict:
    """One measurement in this process: seconds and peak RSS (MiB)."""
    import duckdb

    from tongban_rules import load_rules
    from tongban_rules.impact import engines, query, table
    from tongban_rules.impact.report import summarise
    from tongban_rules.impact.rows import Meta

    old_rules, new_rules = load_rules(ROOT / "rules"), load_rules(new)
    con = duckdb.connect()
    start = time.perf_counter()
    if engine in ("compiled", "hand"):
        columns = table.read_applications(con, apps, [old_rules])
        con.execute("CREATE TABLE t AS SELECT * FROM apps")  # warm, in memory
        start = time.perf_counter()
        if engine == "hand":
            con.execute(f"CREATE TABLE out AS {HAND}")
        else:
            con.register("regions_new", engines._lookups(con, {"new": old_rules})["regions_new"])
            con.register("dues_new", engines._lookups(con, {"new": old_rules})["dues_new"])
            start = time.perf_counter()
            sql = query.decisions_sql(old_rules, "new", columns, {"id-card-renewal-replacement"})
            con.execute(f"CREATE TABLE out AS SELECT * FROM ({sql}) WHERE \"item_id\" = 'id-card-renewal-replacement'")
    else:
        rulesets = {"old": old_rules, "new": new_rules}
        columns = table.read_applications(con, apps, [old_rules, new_rules])
        run = {"duckdb": engines.run_duckdb, "python": engines.run_python, "spark": engines.run_spark}[engine]
        run(con, rulesets, columns)
        summarise(con, Meta(rulesets), engine, {})
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(engine: str, apps: Path, new: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--one", engine, str(apps), str(new)], check=True,
                             capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return {"seconds": statistics.median(r["seconds"] for r in runs), "rss_mib": max(r["rss_mib"] for r in runs)}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--spark", action="store_true")
    p.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], Path(args.one[1]), Path(args.one[2]))))
        return
    from tongban_rules import load_rules
    from tongban_rules.impact import generate

    with tempfile.TemporaryDirectory() as tmp:
        new, apps = changed_rules(Path(tmp)), Path(tmp) / "apps.parquet"
        rules = load_rules(ROOT / "rules")
        generate.write(generate.generate(rules, args.n, seed=1), generate.columns_of(rules), apps)
        results = {e: measure(e, apps, new, args.repeat)
                   for e in ("duckdb", "python", "compiled", "hand", *(("spark",) if args.spark else ()))}
    for engine, r in results.items():
        rate = args.n / r["seconds"]
        print(f"{engine:9s} {r['seconds']:8.2f} s  {rate:12,.0f} applications/s  peak RSS {r['rss_mib']:7.0f} MiB")
    print(f"duckdb vs python: {results['python']['seconds'] / results['duckdb']['seconds']:.1f}x faster")
    print(f"compiled vs hand-written (ID card only): {results['compiled']['seconds'] / results['hand']['seconds']:.2f}x")


if __name__ == "__main__":
    main()
