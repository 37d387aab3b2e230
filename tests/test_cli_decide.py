"""``tongban decide`` and ``tongban test``: outputs, error paths and exit status."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tongban_rules.cli.main import main

from .conftest import MINIMAL


def run(capsys, monkeypatch, argv, stdin: str | None = None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


BASE = ["decide", "demo-item", "--rules", str(MINIMAL), "--on", "2025-06-02", "--region", "510104"]


def test_json_decision_from_stdin(capsys, monkeypatch) -> None:
    code, out, _ = run(capsys, monkeypatch, [*BASE, "--facts", "-"], '{"age": 30, "reason": "lost"}')
    data = json.loads(out)
    assert code == 0 and data["outcome"] == "eligible" and data["fee"]["total"] == "40"


def test_yaml_facts_file(capsys, monkeypatch, tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("age: 12\nreason: expired\n", encoding="utf-8")
    code, out, _ = run(capsys, monkeypatch, [*BASE, "--facts", str(facts)])
    assert code == 0 and json.loads(out)["outcome"] == "ineligible"


def test_text_explanation_for_window_staff(capsys, monkeypatch) -> None:
    code, out, _ = run(capsys, monkeypatch, [*BASE, "--facts", "-", "--format", "text"],
                       '{"reason": "lost", "hukou_region": "500112"}')
    assert code == 0
    assert "结论: 尚不能判断（信息不全）" in out and "还需了解: 年龄" in out
    assert "业务属地: 渝北区（500112，跨省）" in out and "收费: 合计 40 元" in out


def test_text_explanation_in_english_translates_the_fixed_words(capsys, monkeypatch) -> None:
    facts = '{"reason": "lost", "hukou_region": "500112"}'
    code, out, _ = run(capsys, monkeypatch, [*BASE, "--facts", "-", "--format", "text", "--lang", "en"], facts)
    assert code == 0
    assert "Outcome: undetermined (facts missing)" in out and "Still to ask: 年龄" in out  # the rules' label as written
    assert "Handling region: 渝北区（500112，another province）" in out and "Fee: total CNY 40" in out
    assert "still open: age >= 16" in out or "still open: age" in out
    for word in ("结论", "受理条件", "申请材料", "受理地", "办理方式", "收费", "合计", "尚待确认", "个工作日", "个自然日"):
        assert word not in out, word


def test_on_defaults_to_today_and_says_so(capsys, monkeypatch) -> None:
    argv = ["decide", "demo-item", "--rules", str(MINIMAL), "--facts", "-"]
    code, _, err = run(capsys, monkeypatch, argv, "{}")
    assert "--on not given, using today" in err
    assert code in (0, 1)  # today may lie outside the bundled calendar years (TB401), never a traceback


@pytest.mark.parametrize(("stdin", "expected"), [
    ('{"age": "thirty"}', "TB410"),
    ('{"height": 1}', "TB415"),
    ("[1, 2]", "facts must be a mapping"),
    ("age: yes\n", "TB102"),
])
def test_bad_facts_exit_1(capsys, monkeypatch, stdin: str, expected: str) -> None:
    code, out, err = run(capsys, monkeypatch, [*BASE, "--facts", "-", "--format", "text"], stdin)
    assert (code, out) == (1, "") and expected in err


@pytest.mark.parametrize(("stdin", "expected"), [
    ('{"age": "thirty"}', "TB410"), ('{"height": 1}', "TB415"), ("[1, 2]", "TB410"), ("age: yes\n", "TB102")])
def test_bad_facts_as_json_errors(capsys, monkeypatch, stdin: str, expected: str) -> None:
    code, out, err = run(capsys, monkeypatch, [*BASE, "--facts", "-"], stdin)
    [error] = json.loads(out)["errors"]
    assert (code, err, error["code"]) == (1, "", expected)
    assert error["message"] and isinstance(error["hint"], str)


def test_json_errors_follow_lang(capsys, monkeypatch) -> None:
    code, out, _ = run(capsys, monkeypatch, [*BASE, "--facts", "-", "--lang", "en"], '{"height": 1}')
    assert code == 1 and "height" in json.loads(out)["errors"][0]["message"]
    assert json.loads(out)["errors"][0]["message"].isascii()


def test_unknown_item_and_region_exit_1(capsys, monkeypatch) -> None:
    argv = ["decide", "nope", "--rules", str(MINIMAL), "--on", "2025-06-02", "--facts", "-"]
    code, out, _ = run(capsys, monkeypatch, argv, "{}")
    assert code == 1 and json.loads(out)["errors"][0]["code"] == "TB411"
    code, _, err = run(capsys, monkeypatch, [*BASE[:-2], "--region", "99", "--facts", "-", "--format", "text"], "{}")
    assert code == 1 and "TB414" in err


def test_broken_rules_exit_1_with_diagnostics(capsys, monkeypatch, rules: Path) -> None:
    (rules / "registries/materials.yaml").unlink()
    argv = ["decide", "demo-item", "--rules", str(rules), "--on", "2025-06-02", "--facts", "-"]
    code, out, _ = run(capsys, monkeypatch, [*argv, "--format", "text"], "{}")
    assert code == 1 and out == ""
    code, out, _ = run(capsys, monkeypatch, argv, "{}")
    errors = json.loads(out)["errors"]
    assert code == 1 and "TB207" in [e["code"] for e in errors] and all(e["file"] and e["line"] for e in errors)


def test_usage_errors_exit_2(capsys, monkeypatch, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["decide", "demo-item", "--facts", "-", "--on", "02/06/2025"])
    assert caught.value.code == 2
    code, _, err = run(capsys, monkeypatch, [*BASE, "--facts", str(tmp_path / "missing.json")])
    assert code == 2 and "cannot read facts" in err


def test_test_command_passes_and_fails(capsys, monkeypatch, rules: Path) -> None:
    code, out, _ = run(capsys, monkeypatch, ["test", str(rules)])
    assert code == 0 and out.strip().endswith("2 passed, 0 failed")
    cases = rules / "cases/demo-item.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace('fee: "20"', 'fee: "25"'), encoding="utf-8")
    code, out, _ = run(capsys, monkeypatch, ["test", str(rules)])
    assert code == 1
    assert 'fee: expected "25", got "20"' in out and out.strip().endswith("1 passed, 1 failed")


def test_test_command_reports_refused_case(capsys, monkeypatch, rules: Path) -> None:
    cases = rules / "cases/demo-item.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("age: 30", "age: old"), encoding="utf-8")
    code, out, _ = run(capsys, monkeypatch, ["test", str(rules)])
    assert code == 1 and "TB410" in out
