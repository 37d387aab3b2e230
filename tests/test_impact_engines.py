"""The SQL engines decide exactly as the Python engine on Hypothesis-drawn and generated
applications for every bundled item — outcome, per-condition results, fee flags, required materials,
missing facts, scope, modes, due dates and refusal codes, row by row.

One file holds the applications Hypothesis draws for every item in twenty examples (one to three
per item each) and 150 generated ones; each engine decides it in one run (Spark in local mode,
one SparkSession for the module), and every row is compared with Python's — per item for DuckDB.
Spark also writes the same rows file as DuckDB.
"""

from __future__ import annotations

import functools
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
    return _cells(fact.type, tuple(sorted(fact.values)) if fact.type == "enum" else ())


@functools.cache
def _cells(kind: str, values: tuple) -> st.SearchStrategy:
    """A fact's cells, maybe empty: made once for each kind and values (a strategy made anew at
    every draw costs Hypothesis more than the draw)."""
    return st.none() | _typed(kind, values)


def _typed(kind: str, values: tuple) -> st.SearchStrategy:
    if kind == "bool":
        return st.sampled_from(["true", "false"])
    if kind == "enum":
        return st.sampled_from(values)
    if kind == "int":
        return st.integers(-3, 30).map(str)
    if kind == "date":
        return st.dates(date(1940, 1, 1), date(2026, 12, 31)).map(date.isoformat)
    if kind == "region":
        return REGIONS
    return st.nothing()


@st.composite
def application(draw, item_id: str) -> dict:
    days, facts = _shape(item_id)
    row = {"item_id": item_id, "region": draw(REGIONS), "on": draw(days).isoformat()}
    for fact in facts:
        row[fact.id] = draw(_cell(fact))
    return row


@functools.cache
def _shape(item_id: str) -> tuple[st.SearchStrategy, tuple]:
    """An item's application days (the calendar's years, or from a month before its first
    version) and the facts of all its versions, each fact once."""
    versions = RULES.versions[item_id]
    days = st.one_of(st.dates(date(2025, 1, 1), date(2026, 12, 31)),
                     st.dates(versions[0].item.effective_from - timedelta(days=30), date(2026, 12, 31)))
    return days, tuple({f.id: f for v in versions for f in v.item.facts}.values())


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
def applications(tmp_path_factory) -> Path:
    """One file for every engine: the applications drawn in twenty examples and 150 generated ones."""
    path = tmp_path_factory.mktemp("apps") / "apps.csv"
    generate.write(_drawn(20) + generate.generate(RULES, 150, seed=11), generate.columns_of(RULES), path)
    return path


def _decisions(path: Path, run) -> list[tuple]:
    """The rows of ``path`` decided by ``run`` (the rules as ``new``), in file order."""
    con = duckdb.connect()
    try:
        columns = table.read_applications(con, path, [RULES])
        run(con, {"new": RULES}, columns)
        return con.sql('SELECT * FROM dec_new ORDER BY "row"').fetchall()
    finally:
        con.close()


def _by_item(rows: list[tuple]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for row in rows:
        out.setdefault(row[1], []).append(row)
    return out


@pytest.fixture(scope="module")
def python(applications) -> list[tuple]:
    return _decisions(applications, engines.run_python)


@pytest.fixture(scope="module")
def on_duckdb(applications) -> dict[str, list[tuple]]:
    return _by_item(_decisions(applications, engines.run_duckdb))


@pytest.mark.parametrize("item_id", ITEMS)
def test_duckdb_decides_as_python(item_id, on_duckdb, python):
    expected = _by_item(python).get(item_id)
    assert expected, f"{item_id}: no applications drawn"
    assert on_duckdb.get(item_id) == expected


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    pytest.importorskip("sqlglot")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark")
    # a few thousand rows: one reducer; a short-lived JVM: the quick JIT and the one-thread GC
    # (about half the CPU of the defaults here, for the same plan and answers)
    session = engines.local_spark({"spark.sql.shuffle.partitions": "1",
                                   "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"})
    yield session
    session.stop()


@pytest.fixture(scope="module")
def spark_run(spark, applications):
    """One Spark run over the applications (the rules as ``new``; ``old`` the minimal rule set,
    none of whose items they name): the ``new`` decisions and the rows file Spark's tables give."""
    con = decide_file(applications, MINIMAL, RULES, engine="spark", spark=spark)
    try:
        decided = con.sql('SELECT * FROM dec_new ORDER BY "row"').fetchall()
        out = io.StringIO()
        write_rows(con, Meta({"old": MINIMAL, "new": RULES}), out)
    finally:
        con.close()
    return decided, out.getvalue()


@pytest.mark.spark
def test_spark_decides_as_python(spark_run, python):
    """Every row — every bundled item, drawn and generated — decided by Spark as by Python."""
    theirs, _ = spark_run
    assert len(theirs) == len(python) and {r[1] for r in python} == set(ITEMS)
    wrong = [(p[1], p[0], t, p) for t, p in zip(theirs, python) if t != p]
    assert not wrong, f"{len(wrong)} rows differ; first (item, row, spark, python): {wrong[0]}"


@pytest.mark.spark
def test_spark_writes_the_same_rows_file(spark_run, applications):
    _, written = spark_run
    out = io.StringIO()
    impact(applications, MINIMAL, RULES, engine="duckdb", rows_out=out)
    assert written == out.getvalue() and written
