"""Every check: a fixture that triggers it at an exact (line, column), and one that does not.

Each ``tests/fixtures/checks/<CODE>/`` holds ``expect.yaml`` (the file and the text the finding
must point at), ``fail/`` and ``pass/``: files laid over a copy of ``tests/fixtures/minimal``
(``fail_remove`` / ``pass_remove`` delete files of the copy).  The expected position is found by
searching the fixture text (``locate``), independently of the checker.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from tongban_rules.checks import BY_CODE, CHECKS, check
from tongban_rules.checks.base import SECTIONS, sections

from .conftest import MINIMAL, ROOT
from .test_loader import locate

FIXTURES = ROOT / "tests" / "fixtures" / "checks"
AS_OF = date(2026, 6, 1)
CODES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def spec(code: str) -> dict:
    return yaml.safe_load((FIXTURES / code / "expect.yaml").read_text(encoding="utf-8"))


def build(tmp_path: Path, code: str, which: str) -> Path:
    """A copy of the minimal rule set with the ``which`` overlay of ``code`` laid over it."""
    target = tmp_path / "rules"
    shutil.copytree(MINIMAL, target)
    overlay = FIXTURES / code / which
    for path in overlay.rglob("*.yaml"):
        dest = target / path.relative_to(overlay)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    for rel in spec(code).get(f"{which}_remove", ()):
        (target / rel).unlink()
    return target


def found(rules: Path, code: str) -> list[tuple[str, str, int, int]]:
    return [(d.code, Path(d.file).resolve().relative_to(rules.resolve()).as_posix(), d.line, d.column)
            for d in check(rules, AS_OF) if d.code == code]


def test_every_check_has_fixtures() -> None:
    assert sorted(BY_CODE) == CODES


def test_registry_is_sorted_unique_and_documented() -> None:
    codes = [c.code for c in CHECKS]
    assert codes == sorted(set(codes))
    assert len({c.name for c in CHECKS}) == len(CHECKS)
    for chk in CHECKS:
        parts = sections(chk.doc)
        assert all(parts.get(s) for s in SECTIONS), chk.code
        assert "川办发〔2020〕76号" in parts["Why"] or "行政许可法" in parts["Why"], chk.code
        assert chk.summary.endswith("."), chk.code


@pytest.mark.parametrize("code", CODES)
def test_fail_fixture_reports_at_exact_position(tmp_path: Path, code: str) -> None:
    rules = build(tmp_path, code, "fail")
    expected = spec(code)
    text = (rules / expected["file"]).read_text(encoding="utf-8")
    line, column = locate(text, expected["at"], expected.get("nth", 0))
    assert (code, expected["file"], line, column) in found(rules, code)
    problems = [d for d in check(rules, AS_OF) if d.code < "TB5" and d.severity.value == "error"
                and not d.code.startswith("TB31")]
    assert problems == [], "the fixture itself must be valid rules"


@pytest.mark.parametrize("code", CODES)
def test_pass_fixture_does_not_report(tmp_path: Path, code: str) -> None:
    rules = build(tmp_path, code, "pass")
    assert found(rules, code) == []
    assert [d for d in check(rules, AS_OF) if d.code < "TB5" and d.severity.value == "error"] == []
