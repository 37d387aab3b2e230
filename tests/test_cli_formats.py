"""One registry of output formats: every command that prints diagnostics offers every format;
the commands load only what they need (``tongban decide`` neither renders nor checks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tongban_rules.cli.main import COMMANDS, main, parser
from tongban_rules.formats import FORMATS

from .conftest import MINIMAL, ROOT
from .patching import patch, with_item

SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
PRINT_DIAGNOSTICS = ("validate", "check", "audit", "test", "render", "build", "bundle")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def misspell_status(rules: Path) -> int:
    """TB201 (unknown key ``statsu``) and TB202 (``status`` missing, line 1); the line of ``statsu``."""
    text = with_item(rules, "\nstatus: ", "\nstatsu: ")
    return text[: text.index("statsu")].count("\n") + 1


def _format_choices(name: str) -> tuple[str, ...]:
    sub = next(a for a in parser()._actions if a.dest == "command").choices[name]
    return tuple(next(a for a in sub._actions if a.dest == "format").choices)


@pytest.mark.parametrize("name", PRINT_DIAGNOSTICS)
def test_every_command_that_prints_diagnostics_offers_every_format(name: str) -> None:
    assert set(FORMATS) == {"text", "json", "github", "sarif"}
    assert set(FORMATS) <= set(_format_choices(name))


def test_decide_formats_are_those_of_a_decision() -> None:
    assert _format_choices("decide") == ("json", "text")
    assert [c.name for c in COMMANDS] == ["validate", "schema", "decide", "test", "check", "audit", "render", "build",
                                          "bundle", "new", "codes", "diff", "serve", "impact"]
    assert _format_choices("impact") == ("text", "json", "html")  # a report, not diagnostics


def test_validate_writes_valid_sarif(capsys, rules: Path) -> None:
    line = misspell_status(rules)
    code, out, _ = run(capsys, "validate", str(rules), "--format", "sarif", "--lang", "en")
    log = json.loads(out)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    results = log["runs"][0]["results"]
    found = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results}
    assert code == 1 and found == {("TB201", line), ("TB202", 1)}


def test_test_command_prints_failing_cases_as_diagnostics(capsys, rules: Path) -> None:
    text = patch(rules, "cases/demo-item.yaml", 'fee: "20"', 'fee: "25"')
    line = text[: text.index('fee: "25"')].count("\n") + 1
    column = text.index('fee: "25"') - text.rfind("\n", 0, text.index('fee: "25"'))
    code, out, err = run(capsys, "test", str(rules), "--format", "json")
    [found] = json.loads(out)
    assert code == 1 and (found["code"], found["line"], found["column"]) == ("TB420", line, column)
    assert found["key_path"] == "cases[0].expect.fee" and err.strip() == "1 passed, 1 failed"


def test_test_command_prints_load_errors_in_the_format(capsys, rules: Path) -> None:
    line = misspell_status(rules)
    code, out, err = run(capsys, "test", str(rules), "--format", "github")
    assert code == 1 and err == ""
    rows = out.splitlines()
    assert [row.split(",")[1:3] for row in rows[:-1]] == [["line=1", "col=1"], [f"line={line}", "col=1"]]
    assert rows[-1] == "::notice title=tongban::tongban: 2 个错误, 0 个警告, 0 个提示"


def test_build_refuses_broken_rules_with_annotations_on_stdout(capsys, rules: Path, tmp_path: Path) -> None:
    misspell_status(rules)
    code, out, err = run(capsys, "build", str(rules), "-o", str(tmp_path / "site"), "--format", "github",
                         "--as-of", "2025-06-02")
    assert code == 1 and not (tmp_path / "site").exists()
    assert out.startswith("::error file=") and "title=TB201::TB201 未知的键: statsu" in out
    assert "2 个错误, 0 个警告" in err and "::error" not in err


def test_render_text_diagnostics_stay_on_stderr(capsys, rules: Path, tmp_path: Path) -> None:
    line = misspell_status(rules)
    code, out, err = run(capsys, "render", str(rules), "-o", str(tmp_path / "site"))
    assert (code, out) == (1, "")
    assert f":{line}:1: TB201 未知的键: statsu" in err


LOADED = """
import sys
from tongban_rules.cli.main import main
code = main(sys.argv[1:])
heavy = ("jinja2", "tongban_rules.render", "tongban_rules.checks", "pydantic")
print(code, sorted(name for name in heavy if name in sys.modules))
"""


def _loaded(*argv: str) -> str:
    proc = subprocess.run([sys.executable, "-c", LOADED, *argv], capture_output=True, text=True, cwd=ROOT,
                          input='{"age": 30, "reason": "lost"}')
    return proc.stdout.strip().splitlines()[-1]


def test_decide_loads_neither_renderer_nor_checks() -> None:
    assert _loaded("decide", "demo-item", "--rules", str(MINIMAL), "--facts", "-", "--on", "2025-06-02") == \
        "0 ['pydantic']"


def test_help_loads_no_pipeline() -> None:
    script = ("import sys; from tongban_rules.cli.main import parser; parser(); "
              "print(sorted(m for m in ('jinja2', 'pydantic', 'tongban_rules.checks') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip() == "[]", proc.stderr
