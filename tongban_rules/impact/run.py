"""``impact(applications, old, new)``: read, decide under both rule sets, summarise.

    from tongban_rules import load_rules
    from tongban_rules.impact.run import impact
    report = impact("apps.parquet", load_rules("rules"), load_rules("new-rules"), engine="duckdb")

``engine`` is ``duckdb`` (default), ``spark`` (``spark=`` a SparkSession of your own, else a
local one) or ``python`` (the reference).  ``rows_out`` (a text stream) receives every
decision as a JSON line (``rows``).  Raises ``table.InputError`` with positioned diagnostics
for bad applications and TB444 when the engine cannot run.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from . import engines
from .report import summarise
from .rows import Meta, write_rows
from .table import InputError, read_applications

__all__ = ["impact", "decide_file", "InputError"]


def _connect():
    try:
        import duckdb
    except ImportError as exc:
        raise engines.unavailable("duckdb", str(exc)) from None
    return duckdb.connect()


def decide_file(applications: str | Path, old, new, *, engine: str = "duckdb", spark=None):
    """The DuckDB connection holding ``apps``, ``dec_old`` and ``dec_new``."""
    con = _connect()
    rulesets = {"old": old, "new": new}
    columns = read_applications(con, Path(applications), [old, new])
    if engine == "duckdb":
        engines.run_duckdb(con, rulesets, columns)
    elif engine == "python":
        engines.run_python(con, rulesets, columns)
    elif engine == "spark":
        _spark(con, rulesets, columns, spark)
    else:
        raise ValueError(f"unknown engine {engine!r}")
    return con


def _spark(con, rulesets: dict, columns, spark) -> None:
    try:
        import pyspark  # noqa: F401
        import sqlglot  # noqa: F401
    except ImportError as exc:
        raise engines.unavailable("spark", str(exc)) from None
    try:
        engines.run_spark(con, rulesets, columns, spark)
    except Exception as exc:  # no Java, a gateway that does not start: the engine cannot run here
        if type(exc).__module__.startswith(("pyspark", "py4j")) or isinstance(exc, (OSError, RuntimeError)):
            why = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            raise engines.unavailable("spark", why) from None
        raise


def impact(applications: str | Path, old, new, *, engine: str = "duckdb", spark=None,
           rows_out: IO[str] | None = None) -> dict:
    con = decide_file(applications, old, new, engine=engine, spark=spark)
    meta = Meta({"old": old, "new": new})
    try:
        if rows_out is not None:
            write_rows(con, meta, rows_out)
        return summarise(con, meta, engine, {"old": old.digest, "new": new.digest})
    finally:
        con.close()
