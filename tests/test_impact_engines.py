"""The SQL engines decide exactly as the Python engine: a Hypothesis property over generated
facts for every bundled item — outcome, per-condition results, fee flags, required materials,
missing facts, scope, modes, due dates and refusal codes, row by row.

DuckDB runs per item; Spark (local mode, one SparkSession for the module) runs every item in
each example, with fewer examples.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

duckdb = pytest.importorskip("duckdb")

from tongban_rules import load_rules  # noqa: E402
from tongban_rules.impact import engines, generate, table  # noqa: E402

RULES = load_rules(Path(__file__).resolve().parents[1] / "rules")
ITEMS = sorted(RULES.versions)
CODES = sorted(r.code for r in RULES.regions)
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
        return st.sampled_from(CODES)
    return st.nothing()


@st.composite
def application(draw, item_id: str) -> dict:
    versions = RULES.versions[item_id]
    on = draw(st.one_of(st.dates(date(2025, 1, 1), date(2026, 12, 31)),
                        st.dates(versions[0].item.effective_from - timedelta(days=30), date(2026, 12, 31))))
    row = {"item_id": item_id, "region": draw(st.sampled_from(CODES)), "on": on.isoformat()}
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
    yield session
    session.stop()


@pytest.mark.spark
def test_spark_decides_as_python(spark, tmp_path):
    @settings(SETTINGS, max_examples=2)
    @given(st.tuples(*(application(i) for i in ITEMS)).map(list))
    def check(rows):
        theirs, python = _decide(tmp_path, rows, lambda con, rules, cols: engines.run_spark(con, rules, cols, spark))
        assert theirs == python
    check()


@pytest.mark.spark
def test_spark_writes_the_same_rows_file(spark, tmp_path):
    from tongban_rules.impact.run import impact

    rows = generate.generate(RULES, 150, seed=11)
    path = tmp_path / "apps.csv"
    generate.write(rows, generate.columns_of(RULES), path)
    written = []
    for engine in ("spark", "duckdb"):
        with open(tmp_path / f"{engine}.jsonl", "w", encoding="utf-8") as out:
            impact(path, RULES, RULES, engine=engine, spark=spark, rows_out=out)
        written.append((tmp_path / f"{engine}.jsonl").read_bytes())
    assert written[0] == written[1] and written[0]
