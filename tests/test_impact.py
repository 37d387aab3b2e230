"""``tongban impact``: a known rule change over synthetic applications gives exactly the counts
worked out here from the generated rows; DuckDB and Python write the same rows; bad
applications get positioned diagnostics."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("duckdb")

from tongban_rules import load_rules
from tongban_rules.cli.main import main
from tongban_rules.impact import generate
from tongban_rules.impact.run import InputError, impact
from tongban_rules.lang.expr import evaluate_slow, years_since

RULES = Path(__file__).resolve().parents[1] / "rules"
ID_CARD, MARRIAGE = "id-card-renewal-replacement", "marriage-registration"


@pytest.fixture(scope="module")
def change(tmp_path_factory):
    """A copy of the rules with the fee for a lost card 40 → 50 and the man's age 22 → 20."""
    root = tmp_path_factory.mktemp("impact")
    new = root / "rules"
    shutil.copytree(RULES, new)
    for path, old, to in ((new / "items/id-card" / f"{ID_CARD}.yaml", 'amount: "40"', 'amount: "50"'),
                          (new / "items/marriage" / f"{MARRIAGE}.yaml", "age(male_birth_date) >= 22",
                           "age(male_birth_date) >= 20")):
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, to), encoding="utf-8")
    old_rules, new_rules = load_rules(RULES), load_rules(new)
    rows = [r for r in generate.generate(old_rules, 4000, seed=7) if r["on"] >= "2025-01-01"]
    rows += [r for r in generate.generate(old_rules, 12000, seed=8) if r["item_id"] in (ID_CARD, MARRIAGE)
             and r["on"] >= "2025-01-01"]
    apps = root / "apps.csv"
    generate.write(rows, generate.columns_of(old_rules), apps)
    return old_rules, new_rules, rows, apps, new


@pytest.fixture(scope="module")
def decided(change, tmp_path_factory):
    """``impact`` of the change on DuckDB, run once for the tests that read it: the report and the
    rows file it writes."""
    old, new, _, apps, _ = change
    path = tmp_path_factory.mktemp("decided") / "duckdb.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        report = impact(apps, old, new, rows_out=out)
    return report, path.read_bytes()


def _expected_fees(rows) -> int:
    """Rows whose ID card fee is known under both rules and includes the entry for a lost card."""
    return sum(1 for r in rows if r["item_id"] == ID_CARD and r.get("reason") in ("lost", "damaged")
               and r.get("temporary_card") is not None)


def _expected_marriage(rules, rows) -> dict[tuple[str, str], int]:
    """The man is 20 or 21: the age condition no longer fails; the outcome is then what the
    other conditions say (evaluated by the tree-walking reference evaluator)."""
    current = rules.versions[MARRIAGE][-1]  # the version changed: in force from 2025-05-10
    conditions = [c for c in current.compiled.conditions if "male_birth_date" not in c.facts]
    out: dict[tuple[str, str], int] = {}
    for r in rows:
        on = date.fromisoformat(r["on"])
        if r["item_id"] != MARRIAGE or r.get("male_birth_date") is None or on < current.item.effective_from:
            continue
        if not 20 <= years_since(date.fromisoformat(r["male_birth_date"]), on) < 22:
            continue
        female = r.get("female_birth_date")
        female_ok = None if female is None else years_since(date.fromisoformat(female), on) >= 20
        if female_ok is False:
            continue
        facts = {k: _typed(v) for k, v in r.items() if v is not None} | {"accepting_region": r["region"]}
        results = [evaluate_slow(c, facts, on) for c in conditions] + [female_ok]
        to = "ineligible" if False in results else "undetermined" if None in results else "eligible"
        if to != "ineligible":
            out[("ineligible", to)] = out.get(("ineligible", to), 0) + 1
    return out


def _typed(text: str):
    if text in ("true", "false"):
        return text == "true"
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def test_known_change_gives_the_expected_counts(change, decided):
    old, new, rows, apps, _ = change
    report, _ = decided
    fees = _expected_fees(rows)
    assert fees > 20
    assert report["fees"]["changed"] == fees
    assert Decimal(report["fees"]["total_change"]) == 10 * fees
    assert {(e["from"], e["to"]) for e in report["fees"]["by_item"]} <= {("40", "50"), ("50", "60")}
    expected = _expected_marriage(old, rows)
    assert sum(expected.values()) > 0
    found = {(e["from"], e["to"]): e["count"] for e in report["outcomes"]}
    assert found == expected
    assert all(e["item"] == MARRIAGE for e in report["outcomes"])
    assert report["applications"] == len(rows)
    assert report["due_dates"]["shifted"] == 0


def test_engines_write_the_same_rows(change, decided, tmp_path):
    old, new, _, apps, _ = change
    with open(tmp_path / "python.jsonl", "w", encoding="utf-8") as out:
        report = impact(apps, old, new, engine="python", rows_out=out)
    written = {"duckdb": (decided[1], {k: v for k, v in decided[0].items() if k != "engine"}),
               "python": ((tmp_path / "python.jsonl").read_bytes(), {k: v for k, v in report.items() if k != "engine"})}
    assert decided[0]["engine"] == "duckdb" and report["engine"] == "python"
    assert written["duckdb"] == written["python"]
    lines = written["duckdb"][0].decode().splitlines()
    first = json.loads(lines[0])
    assert (first["row"], first["rules"]) == (0, "old") and json.loads(lines[1])["rules"] == "new"


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_other_formats_decide_alike(change, decided, tmp_path, suffix):
    old, new, rows, apps, _ = change
    other = tmp_path / f"apps{suffix}"
    generate.write(rows, generate.columns_of(old), other)
    assert impact(other, old, new) == decided[0]


def test_cli_text_json_html(change, tmp_path, capsys):
    _, _, _, apps, new = change
    base = ["impact", "--applications", str(apps), "--old", str(RULES), "--new", str(new)]
    assert main(base) == 0
    assert "费用变化" in capsys.readouterr().out
    assert main([*base, "--format", "json", "-o", str(tmp_path / "r.json")]) == 0
    assert json.loads((tmp_path / "r.json").read_text())["fees"]["changed"] > 0
    assert main([*base, "--format", "html", "-o", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text()
    assert "<svg" in page and "application/vega-lite+json" in page
    assert "<script src" not in page and "<link" not in page  # nothing fetched: readable offline


def _csv(tmp_path, text: str) -> Path:
    path = tmp_path / "apps.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "code", "line", "column"), [
    ("item_id,on\nx,2025-01-01\n", "TB441", 1, 1),
    ("item_id,region,on,reasn\nid-card-renewal-replacement,510104,2025-06-02,lost\n", "TB443", 1, 4),
    ("item_id,region,on,reason\nid-card-renewal-replacement,510104,2025-06-02,lost\n"
     "id-card-renewal-replacement,510104,2025-06-02,stolen\n", "TB442", 3, 4),
    ("item_id,region,on\nid-card-renewal-replacement,510104,2025-02-30\n", "TB442", 2, 3),
    ("item_id,region,on,both_present\nid-card-renewal-replacement,510104,2025-06-02,true\n", "TB443", 2, 4),
])
def test_bad_applications_are_positioned(tmp_path, text, code, line, column):
    rules = load_rules(RULES)
    with pytest.raises(InputError) as caught:
        impact(_csv(tmp_path, text), rules, rules)
    first = caught.value.diagnostics[0]
    assert (first.code, first.line, first.column) == (code, line, column)


def test_unreadable_file_and_cli_exit(tmp_path, capsys):
    bad = tmp_path / "apps.xlsx"
    bad.write_bytes(b"PK\x03\x04")
    args = ["impact", "--applications", str(bad), "--old", str(RULES), "--new", str(RULES)]
    assert main(args) == 1
    assert "TB440" in capsys.readouterr().err
    assert main(["impact", "--old", str(RULES)]) == 2


def test_generated_applications_are_reproducible(tmp_path):
    rules = load_rules(RULES)
    assert generate.generate(rules, 50, seed=3) == generate.generate(rules, 50, seed=3)
    out = tmp_path / "g.csv"
    assert main(["impact", "--generate", "30", "--rules", str(RULES), "-o", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 31


def test_generated_region_facts_are_in_use_on_the_day():
    """Every region the generator writes (accepting region and region facts) is in use on the
    application's date — also when the same-province draw is hard to satisfy at random."""
    rules = load_rules(RULES)
    rows = generate.generate(rules, 3000, seed=11)
    region_facts = {f.id for vs in rules.versions.values() for v in vs for f in v.item.facts if f.type == "region"}
    seen = 0
    for row in rows:
        on = date.fromisoformat(row["on"])
        for key in {"region"} | (region_facts & row.keys()):
            code = row[key]
            if code is None:
                continue
            start, end = rules.regions.span(code)
            assert (start is None or start <= on) and (end is None or on <= end), (key, code, on)
            seen += 1
    assert seen > 3000


def test_spark_failure_is_coded(change, monkeypatch):
    from tongban_rules.impact import engines

    def broken(*args, **kwargs):
        raise RuntimeError("Java gateway process exited")
    monkeypatch.setattr(engines, "run_spark", broken)
    old, new, _, apps, _ = change
    with pytest.raises(InputError) as caught:
        impact(apps, old, new, engine="spark")
    assert caught.value.diagnostics[0].code == "TB444"


def test_old_rules_from_a_git_revision(change, tmp_path, capsys):
    import subprocess

    _, _, _, apps, new = change
    repo = tmp_path / "repo"
    shutil.copytree(RULES, repo / "rules")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "rules"]):
        subprocess.run([*git, *args], check=True)
    args = ["impact", "--applications", str(apps), "--old", "HEAD", "--new", str(new), "--repo", str(repo),
            "--format", "json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["fees"]["changed"] == _expected_fees(change[2])
    assert main([a if a != "HEAD" else "no-such-revision" for a in args]) == 1
