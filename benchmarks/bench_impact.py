"""Impact at scale: N synthetic applications (made up: ``tongban_rules.impact.generate``) over
the bundled items, decided under the rules and a changed copy (ID card fee 40 → 50, marriage
age 22 → 20), by each engine; medians of --repeat runs, each run in its own process (peak RSS
is that process's).

    python benchmarks/bench_impact.py [--n 1000000] [--repeat 3] [--spark] [--engines duckdb,python,...]

* ``duckdb``: read the Parquet file, check every cell, decide both sides in SQL, summarise;
* ``python``: the same, deciding with ``decide_batch`` per (item, region, date) — the baseline;
* ``hand``, ``compiled``, ``decision``: the ID card's applications repeated to N rows, in memory; its eligibility
  (outcome and each condition's T/F/?) written by hand, the same from its compiled conditions,
  and the whole compiled decision (checks, materials, fees, missing facts, modes, due dates);
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

ID_CARD = "id-card-renewal-replacement"
#: the ID card's eligibility written by hand: each condition three-valued, the outcome, the flags
HAND = """
SELECT "row", CASE WHEN c0 AND c1 AND c2 AND c3 AND c4 THEN 'eligible'
                   WHEN NOT (c0 AND c1 AND c2 AND c3 AND c4) THEN 'ineligible' ELSE 'undetermined' END AS outcome,
       CONCAT(f(c0), f(c1), f(c2), f(c3), f(c4)) AS conditions
FROM (SELECT "row", SUBSTR(region, 1, 2) <> SUBSTR(hukou_region, 1, 2) AS c0, stable_residence = 'true' AS c1,
             identity_confirmable = 'true' AS c2, document_fraud_record = 'false' AS c3,
             bad_credit_record = 'false' AS c4 FROM ids)
"""
FLAG = "CREATE MACRO f(x) AS CASE WHEN x THEN 'T' WHEN NOT x THEN 'F' ELSE '?' END"


def compiled_eligibility(rules, columns) -> str:
    """The same eligibility from the item's compiled conditions (``impact.sqlgen``)."""
    from tongban_rules.impact import cells, sqlgen

    item = rules.versions[ID_CARD][-1]
    env = {f.id: cells.typed_sql(f.type, cells.quote(f.id)) for f in item.item.facts} | {"accepting_region": "region"}
    conds = [sqlgen.sql(c.ir, env) for c in item.compiled.conditions]
    names = [f"c{i}" for i in range(len(conds))]
    conj = " AND ".join(names)
    return (f"SELECT \"row\", CASE WHEN {conj} THEN 'eligible' WHEN NOT ({conj}) THEN 'ineligible' ELSE 'undetermined'"
            f" END AS outcome, {' || '.join(sqlgen.flag(n) for n in names)} AS conditions FROM (SELECT \"row\", "
            + ", ".join(f"{c} AS {n}" for c, n in zip(conds, names)) + " FROM ids)")


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
    if engine in ("compiled", "hand", "decision"):
        columns = table.read_applications(con, apps, [old_rules])
        n = con.execute("SELECT COUNT(*) FROM apps").fetchone()[0]  # the ID card's rows, repeated to N
        k = con.execute(f"SELECT COUNT(*) FROM apps WHERE item_id = '{ID_CARD}'").fetchone()[0]
        con.execute(f"CREATE TABLE ids AS SELECT * REPLACE (row_number() OVER () - 1 AS \"row\") FROM"
                    f" (SELECT a.* FROM apps a, range({-(-n // k)}) r WHERE item_id = '{ID_CARD}' LIMIT {n})")
        con.execute(FLAG)
        for name, arrow in engines._lookups(con, {"new": old_rules}).items():
            con.register(name, arrow)
        sql = {"hand": HAND, "compiled": compiled_eligibility(old_rules, columns),
               "decision": query.decisions_sql(old_rules, "new", columns, {ID_CARD}).replace("FROM apps", "FROM ids")}
        start = time.perf_counter()
        con.execute(f"CREATE TABLE out AS {sql[engine]}")
    else:
        rulesets = {"old": old_rules, "new": new_rules}
        columns = table.read_applications(con, apps, [old_rules, new_rules])
        run = {"duckdb": engines.run_duckdb, "python": engines.run_python, "spark": _spark}[engine]
        run(con, rulesets, columns)
        summarise(con, Meta(rulesets), engine, {})
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


#: the local Spark of the benchmark: a million applications (and their decisions, brought back as
#: Arrow) need more than the driver's default 1 GB heap
SPARK_CONF = {"spark.driver.memory": "8g", "spark.driver.maxResultSize": "4g"}


def _spark(con, rulesets: dict, columns) -> None:
    from tongban_rules.impact import engines

    engines.run_spark(con, rulesets, columns, spark=engines.local_spark(SPARK_CONF))


def measure(engine: str, apps: Path, new: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, __file__, "--one", engine, str(apps), str(new)],
                              capture_output=True, text=True)
        if done.returncode != 0:  # say why, not only that it failed
            tail = "\n".join(done.stderr.strip().splitlines()[-15:])
            raise SystemExit(f"{engine} failed (exit {done.returncode}):\n{tail}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {"seconds": statistics.median(r["seconds"] for r in runs), "rss_mib": max(r["rss_mib"] for r in runs)}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--spark", action="store_true")
    p.add_argument("--engines", default="duckdb,python,hand,compiled,decision", help="comma-separated (spark: --spark)")
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
                   for e in (*filter(None, args.engines.split(",")), *(("spark",) if args.spark else ()))}
    for engine, r in results.items():
        rate = args.n / r["seconds"]
        print(f"{engine:9s} {r['seconds']:8.2f} s  {rate:12,.0f} applications/s  peak RSS {r['rss_mib']:7.0f} MiB")
    if {"duckdb", "python"} <= results.keys():
        print(f"duckdb vs python: {results['python']['seconds'] / results['duckdb']['seconds']:.1f}x faster")
    if not {"hand", "compiled", "decision"} <= results.keys():
        return
    hand = results["hand"]["seconds"]
    print(f"ID card eligibility, compiled vs hand-written: {results['compiled']['seconds'] / hand:.2f}x;"
          f" the whole compiled decision vs hand-written eligibility: {results['decision']['seconds'] / hand:.2f}x")


if __name__ == "__main__":
    main()
