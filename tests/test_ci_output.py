"""What CI sees: order, statistics, baseline, changed files, GitHub's caps, SARIF, colour, progress."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tongban_rules.cli.main import main
from tongban_rules.cli.progress import tracker
from tongban_rules.codes import lookup
from tongban_rules.diagnostics import Diagnostic, Severity
from tongban_rules.formats.github import format_github
from tongban_rules.formats.ordering import by_severity, fingerprint
from tongban_rules.formats.sarif import to_sarif

ITEM = "items/demo/demo-item.yaml"


def edit(rules: Path, old: str, new: str, rel: str = ITEM) -> Path:
    path = rules / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def diag(code: str, severity: Severity, line: int, file: str = "a.yaml", message: str = "m") -> Diagnostic:
    return Diagnostic(code=code, severity=severity, file=file, line=line, column=1, message=message)


def test_errors_come_first_then_warnings_then_notices() -> None:
    found = [diag("TB903", Severity.INFO, 1), diag("TB650", Severity.WARNING, 2), diag("TB301", Severity.ERROR, 9),
             diag("TB301", Severity.ERROR, 3, "0.yaml")]
    assert [(d.severity, d.file, d.line) for d in by_severity(found)] == [
        (Severity.ERROR, "0.yaml", 3), (Severity.ERROR, "a.yaml", 9), (Severity.WARNING, "a.yaml", 2),
        (Severity.INFO, "a.yaml", 1)]


def test_cli_output_is_ordered_by_level(capsys, rules: Path) -> None:
    edit(rules, "status: reviewed", "status: draft")  # a draft without promised_limit: a notice (TB903)
    edit(rules, "promised_limit: {value: 10, unit: working_days}\n", "")
    edit(rules, "material: application-form", "material: application-frm")  # an error, further down
    code, out, _ = run(capsys, "check", str(rules), "--as-of", "2026-01-01", "--format", "json")
    assert code == 1 and [d["severity"] for d in json.loads(out)] == ["error", "warning", "info"]


def test_statistics_count_per_code(capsys, rules: Path) -> None:
    edit(rules, "when: age >= 16", "when: agee >= 16")
    edit(rules, "required_when: reason == \"lost\"", "required_when: reasn == \"lost\"")
    code, _, err = run(capsys, "validate", str(rules), "--statistics")
    assert code == 1
    assert "     2  TB403  error    undeclared-fact" in err.splitlines()
    assert "     2  合计" in err.splitlines()


def test_fingerprint_ignores_lines_and_positions_in_messages() -> None:
    a = diag("TB209", Severity.ERROR, 3, message="重复 x (首次: laws.yaml:3:5)")
    b = diag("TB209", Severity.ERROR, 30, message="重复 x (首次: laws.yaml:13:5)")
    assert fingerprint(a) == fingerprint(b) != fingerprint(diag("TB209", Severity.ERROR, 3, "b.yaml"))


def test_baseline_round_trip(capsys, rules: Path, tmp_path: Path) -> None:
    edit(rules, "when: age >= 16", "when: agee >= 16")
    baseline = tmp_path / "baseline.json"
    code, out, err = run(capsys, "validate", str(rules), "--write-baseline", str(baseline))
    assert (code, out) == (0, "") and "基线已写入" in err
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["format"] == "tongban-baseline/1" and [f["code"] for f in data["findings"]] == ["TB403"]
    edit(rules, "id: demo-item\n", "id: demo-item\n# a line above moves every finding down\n")
    assert run(capsys, "validate", str(rules), "--baseline", str(baseline))[:2] == (0, "")
    edit(rules, "required_when: reason == \"lost\"", "required_when: reasn == \"lost\"")  # a new one
    code, out, _ = run(capsys, "validate", str(rules), "--baseline", str(baseline))
    assert code == 1 and "reasn" in out and "agee" not in out


def test_baseline_counts_copies(capsys, rules: Path, tmp_path: Path) -> None:
    edit(rules, "when: age >= 16", "when: agee >= 16")
    baseline = tmp_path / "baseline.json"
    run(capsys, "validate", str(rules), "--write-baseline", str(baseline))
    edit(rules, "  - id: adult\n", "  - id: adult2\n    text: 又一条\n    when: agee >= 18\n  - id: adult\n")
    code, out, _ = run(capsys, "validate", str(rules), "--baseline", str(baseline), "--format", "json")
    assert code == 1 and [d["code"] for d in json.loads(out)] == ["TB403"]  # the same message once more


@pytest.mark.parametrize(("content", "variant"), [(None, "无法读取基线文件"), ("{", "不是基线文件"),
                                                  ('{"format": "other"}', "不是基线文件"),
                                                  ('{"format": "tongban-baseline/1", "findings": [1]}', "不是基线文件")])
def test_a_bad_baseline_is_tb052(capsys, rules: Path, tmp_path: Path, content: str | None, variant: str) -> None:
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(rules), "--baseline", str(baseline))
    assert code == 2 and "TB052" in out and variant in out


def test_a_baseline_that_cannot_be_written_is_tb053(capsys, rules: Path, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "check", str(rules), "--write-baseline", str(tmp_path / "no" / "b.json"),
                       "--format", "json")
    [d] = json.loads(out)
    assert code == 2 and d["code"] == "TB053"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.fixture
def repo(rules: Path) -> Path:
    git(rules, "init", "-q")
    git(rules, "add", "-A")
    git(rules, "commit", "-qm", "start")
    return rules


def test_changed_since_keeps_changed_files(capsys, repo: Path) -> None:
    edit(repo, "id: demo-law", "id: demo-law\n    bogus: 1", "registries/laws.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "laws")
    edit(repo, "when: age >= 16", "when: agee >= 16")
    code, out, _ = run(capsys, "validate", str(repo), "--changed-since", "HEAD", "--format", "json")
    assert code == 1 and {Path(d["file"]).name for d in json.loads(out)} == {"demo-item.yaml"}
    code, out, _ = run(capsys, "validate", str(repo), "--changed-since", "HEAD~1", "--format", "json")
    assert {Path(d["file"]).name for d in json.loads(out)} == {"demo-item.yaml", "laws.yaml"}


def test_changed_since_sees_new_files(capsys, repo: Path) -> None:
    shutil.copy(repo / ITEM, repo / "items/demo/copy.yaml")
    code, out, _ = run(capsys, "validate", str(repo), "--changed-since", "HEAD", "--format", "json")
    assert {(Path(d["file"]).name, d["code"]) for d in json.loads(out)} == {("copy.yaml", "TB205")}


def test_changed_since_a_bad_ref_or_no_repo_is_tb051(capsys, repo: Path, tmp_path: Path, monkeypatch) -> None:
    code, out, _ = run(capsys, "validate", str(repo), "--changed-since", "no-such-ref")
    assert code == 2 and "TB051 git 中没有这个版本: no-such-ref" in out
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, out, _ = run(capsys, "validate", str(plain), "--changed-since", "HEAD")
    assert code == 2 and "不在 git 工作区中" in out
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, out, _ = run(capsys, "validate", str(repo), "--changed-since", "HEAD")
    assert code == 2 and "无法运行 git" in out


def test_github_caps_each_level_and_sums_up() -> None:
    found = ([diag("TB301", Severity.ERROR, i) for i in range(1, 14)] + [diag("TB650", Severity.WARNING, i)
             for i in range(1, 4)] + [diag("TB903", Severity.INFO, i) for i in range(1, 13)])
    lines = format_github(found[::-1]).splitlines()
    commands = [ln.split(" ", 1)[0] for ln in lines if ln.startswith("::")]
    assert commands == ["::error"] * 10 + ["::warning"] * 3 + ["::notice"] * 9 + ["::notice"]
    assert lines[22] == ("::notice title=tongban::tongban: 13 个错误, 3 个警告, 12 个提示；"
                         "另有 6 条未标注（GitHub 每级最多显示 10 条），见日志")
    rest = lines[23:]
    assert len(rest) == 6 and rest[0].startswith("a.yaml:11:1: TB301 ") and rest[3].startswith("a.yaml:10:1: TB903 ")
    assert format_github([]) == ""


def test_sarif_has_help_uri_and_fingerprints(monkeypatch) -> None:
    monkeypatch.setenv("TONGBAN_DOCS_URL", "https://example.org/docs/codes.md")
    log = to_sarif([diag("TB201", Severity.ERROR, 4)])
    [rule] = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["helpUri"] == "https://example.org/docs/codes.md#tb201-unknown-key--error"
    [result] = log["runs"][0]["results"]
    assert result["partialFingerprints"] == {"tongban/v1": fingerprint(diag("TB201", Severity.ERROR, 4))}


def test_help_uri_anchor_is_a_heading_of_the_docs() -> None:
    from tongban_rules.formats.sarif import help_uri

    docs = (Path(__file__).resolve().parent.parent / "docs" / "codes.md").read_text(encoding="utf-8")
    heading = next(ln for ln in docs.splitlines() if ln.startswith("### TB301 "))
    assert heading == "### TB301 `dangling-reference` — error"
    assert help_uri(lookup("TB301")).endswith("#tb301-dangling-reference--error")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_text_has_tags_and_colour_unless_no_color(capsys, rules: Path, monkeypatch) -> None:
    from tongban_rules.cli.output import emit

    args = type("Args", (), {"format": "text", "lang": "zh"})()
    found = [diag("TB301", Severity.ERROR, 3), diag("TB903", Severity.INFO, 4)]
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = Terminal()
    emit(found, args, out)
    assert "\x1b[1;31m[error]\x1b[0m" in out.getvalue() and "\x1b[1;36m[notice]\x1b[0m" in out.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    out = Terminal()
    emit(found, args, out)
    assert "\x1b" not in out.getvalue() and "a.yaml:3:1: TB301 [error] m" in out.getvalue()
    plain = io.StringIO()
    emit(found, args, plain)
    assert plain.getvalue().splitlines() == ["a.yaml:3:1: TB301 m", "a.yaml:4:1: TB903 [info] m"]


def test_progress_only_on_a_terminal() -> None:
    assert tracker(io.StringIO()) is None
    screen = Terminal()
    track = tracker(screen)
    assert track is not None and list(track([1, 2, 3])) == [1, 2, 3]
    assert screen.getvalue() == ""  # a run shorter than a second draws nothing
