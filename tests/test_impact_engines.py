"""The SQL engines decide exactly as the Python engine: a Hypothesis property over generated
facts for every bundled item — outcome, per-condition results, fee flags, required materials,
missing facts, scope, modes, due dates and refusal codes, row by row.

DuckDB runs per item; Spark (local mode, one SparkSession for the module) decides, in one run,
the applications Hypothesis draws for every item in twenty examples and 150 generated ones, and
writes the same rows file as DuckDB.
"""

from __future__ import annotations

import io
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

duckdb = pytest.importorskip("duckdb")

from tongban_rules import load_rules  # noqa: E402
from tongban_rules.impact import engines, generate, table  # noqa: E402
from tongban_rules.impact.rows import Meta, write_rows  # noqa: E402
from tongban_rules.impact.run import decide_file, impact  # noqa: E402

from .conftest import MINIMAL as MINIMAL_DIR  # noqa: E402
from .conftest import ROOT  # noqa: E402

RULES = load_rules(ROOT / "rules")
MINIMAL = load_rules(MINIMAL_DIR)
ITEMS = sorted(RULES.versions)
CODES = sorted(r.code for r in RULES.regions)
REGIONS = st.sampled_from(CODES)  # made once: sampled_from labels itself by every element
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _cell(fact) -> st.SearchStrategy:
    if fact.type == "bool":
        return st.sampled_from(["true", "false"])
    if fact.type == "enum":
        return st.sampled_from(sorted(fact.values))
    if fact.type == "int":
        return st.integers(-3, 30).map(str)
    if fact.type == "date":
        return st.dates(date(1940, 1, 1), date(2026, 12, 31)).map(date.isoformat)
    if fact.type == "region":
        return REGIONS
    return st.nothing()


@st.composite
def application(draw, item_id: str) -> dict:
    versions = RULES.versions[item_id]
    on = draw(st.one_of(st.dates(date(2025, 1, 1), date(2026, 12, 31)),
                        st.dates(versions[0].item.effective_from - timedelta(days=30), date(2026, 12, 31))))
    row = {"item_id": item_id, "region": draw(REGIONS), "on": on.isoformat()}
    for fact in {f.id: f for v in versions for f in v.item.facts}.values():
        row[fact.id] = draw(st.none() | _cell(fact))
    return row


def _decide(tmp: Path, rows: list[dict], run) -> tuple[list[tuple], list[tuple]]:
    """The rows decided by ``run`` and by the Python engine, from one reading of the file."""
    path = tmp / "apps.csv"
    generate.write(rows, list(dict.fromkeys(k for r in rows for k in r)), path)
    con = duckdb.connect()
    columns = table.read_applications(con, path, [RULES])
    run(con, {"new": RULES}, columns)
    theirs = con.sql('SELECT * FROM dec_new ORDER BY "row"').fetchall()
    engines.run_python(con, {"new": RULES}, columns)
    return theirs, con.sql('SELECT * FROM dec_new ORDER BY "row"').fetchall()


@pytest.mark.parametrize("item_id", ITEMS)
def test_duckdb_decides_as_python(item_id, tmp_path):
    @settings(SETTINGS, max_examples=6)
    @given(st.lists(application(item_id), min_size=1, max_size=6))
    def check(rows):
        theirs, python = _decide(tmp_path, rows, engines.run_duckdb)
        assert theirs == python
    check()


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    pytest.importorskip("sqlglot")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark")
    session = engines.local_spark()
    session.conf.set("spark.sql.shuffle.partitions", "1")  # a few thousand rows: one reducer is plenty
    yield session
    session.stop()


def _drawn(examples: int) -> list[dict]:
    """Applications Hypothesis draws: in each of ``examples`` examples, one to three for every item."""
    rows: list[dict] = []

    @settings(SETTINGS, max_examples=examples, database=None)
    @given(st.tuples(*(st.lists(application(i), min_size=1, max_size=3) for i in ITEMS)))
    def collect(drawn):
        rows.extend(r for group in drawn for r in group)
    collect()
    return rows


@pytest.fixture(scope="module")
def spark_run(spark, tmp_path_factory):
    """One Spark run (the rules as ``new``; ``old`` the minimal rule set, none of whose items the
    rows name) over the drawn applications and 150 generated ones: the file, its columns, the
    ``new`` decisions and the rows file Spark's tables give."""
    rows = _drawn(20) + generate.generate(RULES, 150, seed=11)
    path = tmp_path_factory.mktemp("spark") / "apps.csv"
    generate.write(rows, generate.columns_of(RULES), path)
    con = decide_file(path, MINIMAL, RULES, engine="spark", spark=spark)
    try:
        decided = con.sql('SELECT * FROM dec_new ORDER BY "row"').fetchall()
        out = io.StringIO()
        write_rows(con, Meta({"old": MINIMAL, "new": RULES}), out)
    finally:
        con.close()
    return path, decided, out.getvalue()


@pytest.mark.spark
def test_spark_decides_as_python(spark_run):
    """Every row — every bundled item, drawn and generated — decided by Spark as by Python."""
    path, theirs, _ = spark_run
    con = duckdb.connect()
    columns = table.read_applications(con, path, [RULES])
    engines.run_python(con, {"new": RULES}, columns)
    python = con.sql('SELECT * FROM dec_new ORDER BY "row"').fetchall()
    assert len(theirs) == len(python) and {r[1] for r in python} == set(ITEMS)
    wrong = [(p[1], p[0], t, p) for t, p in zip(theirs, python) if t != p]
    assert not wrong, f"{len(wrong)} rows differ; first (item, row, spark, python): {wrong[0]}"


@pytest.mark.spark
def test_spark_writes_the_same_rows_file(spark_run):
    path, _, written = spark_run
    out = io.StringIO()
    impact(path, MINIMAL, RULES, engine="duckdb", rows_out=out)
    assert written == out.getvalue() and written
