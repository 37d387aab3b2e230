"""Rendering as of a date, ``build_site``, and ``tongban render``/``build`` on the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tongban_rules.cli.main import main
from tongban_rules.load.loader import load_rules
from tongban_rules.render import build_site, render
from tongban_rules.render import env as env_module

from .conftest import ROOT
from .test_render import _broken_environment


def test_build_site_refuses_rules_with_errors(rules: Path, tmp_path: Path) -> None:
    item = rules / "items/demo/demo-item.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("department: police", "departmnt: police"), encoding="utf-8")
    result = build_site(rules, tmp_path / "out")
    assert not result.ok and result.paths == [] and not (tmp_path / "out").exists()


def test_build_site_extra_checks(rules: Path, tmp_path: Path) -> None:
    from tongban_rules.diagnostics import Diagnostic, Severity

    finding = Diagnostic(code="TB999", severity=Severity.ERROR, file="x.yaml", line=1, column=1, message="检查失败")
    result = build_site(rules, tmp_path / "out", checks=lambda rs: [finding])
    assert not result.ok and finding in result.diagnostics and not (tmp_path / "out").exists()


def test_cli_render(capsys, rules: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    code = main(["render", str(rules), "-o", str(out), "--as-of", "2025-06-01"])
    _, err = capsys.readouterr()
    assert code == 0 and "个文件" in err and (out / "index.html").exists()
    assert "2025-06-01" in (out / "lists/progress.html").read_text(encoding="utf-8")


def test_cli_render_refuses_invalid_rules(capsys, rules: Path, tmp_path: Path) -> None:
    item = rules / "items/demo/demo-item.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("department: police", "departmnt: police"), encoding="utf-8")
    out = tmp_path / "site"
    code = main(["render", str(rules), "-o", str(out)])
    stdout, err = capsys.readouterr()
    assert code == 1 and stdout == "" and not out.exists()
    assert ":1:1: TB202 缺少必填的键: department" in err and "未生成指南" in err


def test_progress_printer_writes_one_line() -> None:
    import io

    from tongban_rules.cli.render import progress_printer

    stream = io.StringIO()
    report = progress_printer(stream)
    report(1, 2)
    report(2, 2)
    assert stream.getvalue() == "\r渲染 1/2\r渲染 2/2\n"


def test_cli_render_bad_date_is_usage_error(rules: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["render", str(rules), "-o", str(tmp_path / "x"), "--as-of", "2025-13-01"])
    assert exc.value.code == 2


def test_cli_render_failure_exit_1(capsys, rules: Path, tmp_path: Path, monkeypatch) -> None:
    from benchmarks.synthetic import make_rules

    rules = make_rules(tmp_path / "synthetic", 25)
    monkeypatch.setattr(env_module, "make_environment", _broken_environment(env_module.make_environment))
    code = main(["render", str(rules), "-o", str(tmp_path / "x"), "-j", "1"])
    assert code == 1 and "渲染失败" in capsys.readouterr().err


# ------------------------------------------------------------------ as_of


def test_as_of_picks_the_version_in_force(tmp_path: Path) -> None:
    rules = load_rules(ROOT / "rules")
    versions = rules.items["marriage-registration"]
    assert len(versions) >= 2
    old = versions[0]
    render(rules, tmp_path / "old", as_of=old.effective_from, workers=1)
    render(rules, tmp_path / "new", workers=1)
    old_page = (tmp_path / "old/items/marriage-registration/index.html").read_text(encoding="utf-8")
    new_page = (tmp_path / "new/items/marriage-registration/index.html").read_text(encoding="utf-8")
    assert f"{old.effective_from.isoformat()}（本页）" in old_page
    newest = versions[-1].effective_from.isoformat()
    assert (tmp_path / f"old/items/marriage-registration/versions/{newest}.json").is_file()
    assert f'href="../../items/marriage-registration/versions/{newest}.json"' in old_page
    assert f"{versions[-1].effective_from.isoformat()}（本页）" in new_page
    assert f"按 {old.effective_from.isoformat()} 施行的规则生成" in old_page
    assert "施行的规则生成" not in new_page  # no date without --as-of


def test_progress_overdue_only_with_as_of(rules: Path, tmp_path: Path) -> None:
    ruleset = load_rules(rules)
    render(ruleset, tmp_path / "plain", workers=1)
    render(ruleset, tmp_path / "dated", as_of=date(2026, 1, 5), workers=1)
    plain = (tmp_path / "plain/lists/progress.html").read_text(encoding="utf-8")
    dated = (tmp_path / "dated/lists/progress.html").read_text(encoding="utf-8")
    assert "逾期" not in plain and "2026-01-05" not in plain
    assert ">逾期</th>" in dated and "截至 2026-01-05" in dated


def test_item_not_in_force_is_listed_not_rendered(rules: Path, tmp_path: Path) -> None:
    render(load_rules(rules), tmp_path / "out", as_of=date(2024, 6, 1), workers=1)
    assert not (tmp_path / "out/items/demo-item").exists()
    assert "在该日期没有施行版本的事项" in (tmp_path / "out/index.html").read_text(encoding="utf-8")
