"""The pre-commit hooks this repository ships pass file names and stay correct."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from tongban_rules.cli.main import main

from .conftest import ROOT

HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def hook_run(hook: dict, files: list[str]) -> int:
    """What pre-commit runs: the entry, the hook's args, then the file names if it passes them."""
    argv = shlex.split(hook["entry"])[1:] + hook.get("args", []) + (files if hook["pass_filenames"] else [])
    return main(argv)


def test_the_file_hook_takes_rule_files_only() -> None:
    pattern = re.compile(HOOKS["tongban-check"]["files"])
    assert pattern.search("rules/items/hukou/hukou-certificate.yaml")
    assert pattern.search("provinces/sc/rules/registries/laws.yaml")
    assert not pattern.search(".github/workflows/rules.yml") and not pattern.search(".pre-commit-config.yaml")


def test_the_file_hook_checks_each_file_in_its_tree(capsys, rules: Path, monkeypatch) -> None:
    monkeypatch.chdir(rules.parent)
    hook = HOOKS["tongban-check"]
    item = "rules/items/demo/demo-item.yaml"
    assert hook_run(hook, [item, "rules/registries/laws.yaml"]) == 0
    path = rules / "items/demo/demo-item.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("when: age >= 16", "when: agee >= 16"), encoding="utf-8")
    assert hook_run(hook, [item]) == 1
    assert f"{item}:26:11: TB403 未声明的事实：agee" in capsys.readouterr().out


def test_the_whole_tree_hook(capsys, rules: Path, monkeypatch) -> None:
    monkeypatch.chdir(rules.parent)
    assert hook_run(HOOKS["tongban-check-all"], ["rules/items/demo/demo-item.yaml"]) == 0
