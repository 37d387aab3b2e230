"""Where the decision rows are computed: DuckDB (default), Spark, or the Python reference.

Every engine ends with the tables ``dec_old`` and ``dec_new`` (``query.DECISION_COLUMNS``) in
the run's DuckDB connection, where the report and ``--rows-out`` read them, so that what
follows the decisions is the same code whichever engine made them.

* ``duckdb``: ``query.decisions_sql`` runs in the connection that read the applications.
* ``spark``: the same SQL, transpiled by sqlglot from DuckDB's dialect to Spark's, runs in a
  ``SparkSession`` (the caller's, or a local one); the input tables go over as Arrow.
* ``python``: ``reference.python_rows`` — ``decide_batch`` per (item, region, date).
"""

from __future__ import annotations

from collections.abc import Sequence

from . import lookups, query, reference, sqlgen
from .table import InputError, diagnostic

ENGINES = ("duckdb", "python", "spark")
SIDES = ("old", "new")


def unavailable(engine: str, error: str) -> InputError:
    return InputError([diagnostic("TB444", "", 1, 1, engine=engine, error=error)])


def _arrow(rows: list[tuple], columns: Sequence[str], types: Sequence[str] | None = None):
    import pyarrow as pa

    kinds = [getattr(pa, t)() for t in types] if types else [None] * len(columns)
    arrays = [pa.array([r[i] for r in rows], type=kind) for i, kind in enumerate(kinds)]
    return pa.Table.from_arrays(arrays, names=list(columns))


def _lookups(con, rulesets: dict) -> dict:
    """The region and due-date tables of both sides, as Arrow tables."""
    pairs = con.sql('SELECT DISTINCT "item_id", "on" FROM apps').fetchall()
    out = {}
    for side, rules in rulesets.items():
        out[f"regions_{side}"] = _arrow(lookups.region_rows(rules), lookups.REGION_COLUMNS,
                                        ("string", "date32", "date32"))
        out[f"dues_{side}"] = _arrow(lookups.due_rows(rules, pairs), lookups.DUE_COLUMNS,
                                     ("string", "date32", "string", "string", "string", "string", "string"))
    return out


def _sql(con, rulesets: dict, columns: Sequence[str]) -> dict[str, str]:
    items = {r[0] for r in con.sql('SELECT DISTINCT "item_id" FROM apps').fetchall()}
    out = {}
    for side, rules in rulesets.items():
        try:
            out[side] = query.decisions_sql(rules, side, columns, items)
        except sqlgen.Unsupported as exc:
            raise InputError([diagnostic("TB445", "", 1, 1, item="?", construct=str(exc))]) from None
    return out


def run_duckdb(con, rulesets: dict, columns: Sequence[str]) -> None:
    tables = _lookups(con, rulesets)
    for name, table in tables.items():
        con.register(name, table)
    for side, sql in _sql(con, rulesets, columns).items():
        con.execute(f"CREATE OR REPLACE TABLE dec_{side} AS {sql}")


def run_python(con, rulesets: dict, columns: Sequence[str]) -> None:
    cols = ", ".join(f'"{c}"' for c in columns)
    fetched = con.sql(f'SELECT "row", "item_id", "region", "on"{", " + cols if cols else ""} FROM apps ORDER BY "row"')
    apps = [(r[0], r[1], r[2], r[3], dict(zip(columns, r[4:]))) for r in fetched.fetchall()]
    for side, rules in rulesets.items():
        _store(con, f"dec_{side}", reference.python_rows(rules, apps))


def _store(con, name: str, rows: list[tuple]) -> None:
    types = ("int64", *["string"] * 8, "bool_", *["string"] * 5)
    table = _arrow(rows, query.DECISION_COLUMNS, [t if t != "bool_" else "bool_" for t in types])
    con.register(f"{name}_arrow", table)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
    con.unregister(f"{name}_arrow")


def to_spark(sql: str) -> str:
    """DuckDB's SQL in Spark's dialect."""
    import sqlglot

    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


def local_spark(conf: dict[str, str] | None = None):
    """A local SparkSession for one run (ANSI mode may stay on: the SQL casts with TRY_CAST);
    ``conf``: settings added or replaced (before the JVM starts)."""
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.master("local[2]").appName("tongban-impact")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4").config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true"))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def run_spark(con, rulesets: dict, columns: Sequence[str], spark=None) -> None:
    session = spark or local_spark()
    tables = {"apps": con.sql("SELECT * FROM apps").to_arrow_table(), **_lookups(con, rulesets)}
    for name, table in tables.items():
        session.createDataFrame(table).createOrReplaceTempView(name)
    for side, sql in _sql(con, rulesets, columns).items():
        result = session.sql(to_spark(sql)).toArrow()
        con.register(f"dec_{side}_arrow", result)
        con.execute(f"CREATE OR REPLACE TABLE dec_{side} AS SELECT * FROM dec_{side}_arrow ORDER BY \"row\"")
        con.unregister(f"dec_{side}_arrow")
