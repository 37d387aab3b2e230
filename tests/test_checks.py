"""Every check: a patch on the minimal rule set that triggers it at an exact (line, column), and a
near miss that does not.  The fixtures are in ``tests/check_fixtures.py``; each lists every
diagnostic ``check`` must give on its patched rule set, with the text found at each position.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tongban_rules.checks import BY_CODE, CHECKS, check
from tongban_rules.checks.base import SECTIONS, sections

from .check_fixtures import BASE_PASSES, FIXTURES, Fixture
from .patching import MINIMAL, text_at

AS_OF = date(2026, 6, 1)


def found(rules: Path) -> list[tuple[str, str, int, int]]:
    return sorted((d.code, Path(d.file).resolve().relative_to(rules.resolve()).as_posix(), d.line, d.column)
                  for d in check(rules, AS_OF))


def test_the_minimal_rule_set_passes_every_check(rules: Path) -> None:
    assert found(rules) == []


def test_every_check_has_a_failing_and_a_passing_fixture() -> None:
    failing = {code for fx in FIXTURES for code in fx.fails()}
    passing = {code for fx in FIXTURES for code in set(fx.about) - fx.fails()} | set(BASE_PASSES)
    assert sorted(failing) == sorted(BY_CODE) == sorted(passing)


def test_registry_is_sorted_unique_and_documented() -> None:
    codes = [c.code for c in CHECKS]
    assert codes == sorted(set(codes))
    assert len({c.name for c in CHECKS}) == len(CHECKS)
    for chk in CHECKS:
        parts = sections(chk.doc)
        assert all(parts.get(s) for s in SECTIONS), chk.code
        assert "川办发〔2020〕76号" in parts["Why"] or "行政许可法" in parts["Why"], chk.code
        assert chk.summary.endswith("."), chk.code


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda fx: fx.id)
def test_fixture_reports_exactly_its_findings(tmp_path: Path, fixture: Fixture) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(MINIMAL, rules)
    for patch in fixture.patches:
        patch.apply(rules)
    assert found(rules) == sorted(f[:4] for f in fixture.findings)
    for f in fixture.findings:
        assert text_at((rules / f.file).read_text(encoding="utf-8"), f.line, f.column).startswith(f.text), f
