"""``impact.sources.load_side`` and ``tongban diff`` on git revisions of a temporary repository, on a
bundle, and every error path (TB450–TB453, rules that do not load)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tongban_rules import load_rules
from tongban_rules.cli.main import main
from tongban_rules.errors import RulesError
from tongban_rules.impact.diff import diff
from tongban_rules.impact.sources import SourceError, load_side
from tongban_rules.load.bundle_write import write_bundle

from .conftest import ROOT

FEES = Path("rules/items/id-card/id-card-renewal-replacement.yaml")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                           "-c", "commit.gpgsign=false", *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """readme only; + the bundled rules; + the ID card fee for loss 40 → 50 (main = HEAD)."""
    top = tmp_path_factory.mktemp("repo")
    git(top, "init", "-q", "-b", "main")
    (top / "README.md").write_text("规则仓库\n", encoding="utf-8")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "readme")
    shutil.copytree(ROOT / "rules", top / "rules")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "rules")
    text = (top / FEES).read_text(encoding="utf-8")
    (top / FEES).write_text(text.replace('amount: "40"', 'amount: "50"'), encoding="utf-8")
    git(top, "commit", "-q", "-am", "fee")
    return top


def test_revisions_are_read_from_git(repo: Path) -> None:
    old, new = load_side("HEAD~1", repo), load_side("main", repo)
    assert old.root == "HEAD~1:rules"
    found = diff(old, new)
    assert [(c.field, c.key, c.old["amount"], c.new["amount"]) for i in found.items for v in i.versions
            for c in v.changes] == [("fees", "lost-or-damaged", "40", "50")]


def test_the_work_tree_is_not_read(repo: Path) -> None:
    """An uncommitted edit is in the directory, not in HEAD."""
    before = (repo / FEES).read_text(encoding="utf-8")
    (repo / FEES).write_text(before.replace('amount: "20"', 'amount: "30"'), encoding="utf-8")
    try:
        head = load_side("HEAD", repo)
        tree = load_side(str(repo / "rules"), repo)
        changes = [c.key for i in diff(head, tree).items for v in i.versions for c in v.changes]
        assert changes == ["expiry-renewal"]
        assert git(repo, "status", "--porcelain") == f"M {FEES}"
    finally:
        (repo / FEES).write_text(before, encoding="utf-8")


def test_the_cli_compares_revisions(repo: Path, capsys) -> None:
    assert main(["diff", "HEAD~1", "HEAD", "--repo", str(repo), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## 规则变更：`HEAD~1` → `HEAD`")
    assert "金额（元）：40 → 50" in out


def test_a_bundle_is_a_side(tmp_path: Path) -> None:
    bundle = tmp_path / "rules.bundle"
    write_bundle(load_rules(ROOT / "rules"), bundle)
    found = diff(load_side(str(bundle), tmp_path), load_side(str(ROOT / "rules"), tmp_path))
    assert (found.items, found.changed) == ((), False)


@pytest.mark.parametrize(("spec", "where", "code"), [
    ("HEAD", "plain", "TB450"),
    ("no-such-branch", "repo", "TB451"),
    ("--output=x", "repo", "TB451"),
    ("HEAD~2", "repo", "TB452"),
    ("README.md", "repo", "TB453"),
])
def test_sides_that_name_no_rule_set(repo: Path, tmp_path: Path, monkeypatch, spec, where, code) -> None:
    monkeypatch.chdir(repo if where == "repo" else tmp_path)
    with pytest.raises(SourceError) as caught:
        load_side(spec, Path("."))
    assert caught.value.code == code
    assert spec in caught.value.message or code == "TB453"


def test_no_git_at_all(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(SourceError) as caught:
        load_side("HEAD", tmp_path)
    assert (caught.value.code, caught.value.variant) == ("TB450", "no-git")


def test_the_cli_reports_a_bad_side(repo: Path, capsys) -> None:
    assert main(["diff", "nope", "HEAD", "--repo", str(repo)]) == 1
    assert "TB451" in capsys.readouterr().err
    assert main(["diff", "nope", "HEAD", "--repo", str(repo), "--lang", "en"]) == 1
    assert "is neither an existing path nor a revision" in capsys.readouterr().err


def test_rules_that_do_not_load(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", broken)
    (broken / FEES.relative_to("rules")).write_text("id: [\n", encoding="utf-8")
    with pytest.raises(RulesError):
        load_side(str(broken), tmp_path)
    assert main(["diff", str(ROOT / "rules"), str(broken), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "id-card-renewal-replacement.yaml:" in captured.err


def test_json_of_a_revision_diff_names_the_sides(repo: Path, capsys) -> None:
    assert main(["diff", "HEAD~1", "HEAD", "--repo", str(repo), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["old"], data["new"], data["counts"]["changed"]) == ("HEAD~1", "HEAD", 1)


def test_diagnostics_of_a_revision_name_it_not_the_temporary_copy(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "rules" / "items").mkdir(parents=True)
    (tmp_path / "rules" / "items" / "x.yaml").write_text("id: [\n", encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "broken")
    with pytest.raises(RulesError) as caught:
        load_side("HEAD", tmp_path)
    files = {d.file for d in caught.value.diagnostics}
    assert "HEAD:rules/items/x.yaml" in files and all(f.startswith("HEAD:rules/") for f in files)
