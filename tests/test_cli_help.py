"""Help of every command in Chinese by default and English with --lang en: every argument
described in both, an example for each command (``cli/help.py``, ``cli/help_zh.py``)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest

from tongban_rules.cli.help import help_lang
from tongban_rules.cli.main import COMMANDS, main, parser

HAN = re.compile(r"[\u4e00-\u9fff]")


def commands(lang: str) -> dict[str, argparse.ArgumentParser]:
    top = parser(lang)
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return {"": top, **sub.choices}


def test_every_command_is_walked() -> None:
    assert set(commands("zh")) == {"", *(cmd.name for cmd in COMMANDS)}


@pytest.mark.parametrize("name", ["", *(cmd.name for cmd in COMMANDS)])
def test_every_argument_has_help_in_both_languages(name: str) -> None:
    zh, en = commands("zh")[name], commands("en")[name]
    missing = [(name, a.dest) for a in zh._actions if not (a.help and HAN.search(a.help))]
    assert missing == [], "add the Chinese help to cli/help_zh.py ZH"
    assert [a.dest for a in en._actions if not a.help] == [], "add help= where the argument is declared"
    for a, b in zip(zh._actions, en._actions):
        assert a.dest == b.dest and a.help != b.help
        assert not HAN.search(b.help.replace("实施清单", "")), (name, b.dest)  # English but for a term


@pytest.mark.parametrize("name", [cmd.name for cmd in COMMANDS])
def test_every_command_has_an_example_and_a_chinese_description(name: str) -> None:
    zh, en = commands("zh")[name], commands("en")[name]
    assert zh.epilog.startswith("示例:") and f"tongban {name}" in zh.epilog and HAN.search(zh.epilog)
    assert en.epilog.startswith("examples:") and f"tongban {name}" in en.epilog
    assert HAN.search(zh.description) and zh.description != en.description


def test_top_help_lists_the_commands_in_chinese(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and out.startswith("用法: tongban") and "选项:" in out
    assert "校验规则文件" in out and "示例:" in out


@pytest.mark.parametrize("argv", [["decide", "--help", "--lang", "en"], ["--lang=en", "decide", "--help"],
                                  ["decide", "--lang", "en", "--help"]])
def test_lang_en_anywhere_gives_english_help(capsys, argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr().out
    assert out.startswith("usage: tongban") and not HAN.search(out.split("examples:")[0].replace("实施清单", ""))


def test_help_language_does_not_follow_the_environment() -> None:
    english = {"LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "PYTHONPATH": ":".join(sys.path)}
    done = subprocess.run([sys.executable, "-m", "tongban_rules", "test", "--help"], capture_output=True,
                          text=True, env=english, check=True)
    assert "运行规则旁的判定用例" in done.stdout and "只运行这个事项的用例" in done.stdout


@pytest.mark.parametrize(("argv", "lang"), [
    ([], "zh"), (["--lang", "en"], "en"), (["x", "--lang=en"], "en"), (["--lang", "zh"], "zh"),
    (["--lang"], "zh"), (["--lang", "fr"], "zh"), (["--facts", "--lang"], "zh"),
])
def test_help_lang_reads_the_arguments(argv: list[str], lang: str) -> None:
    assert help_lang(argv) == lang


def test_top_level_lang_is_not_a_usage_error(capsys) -> None:
    assert main(["--lang", "en", "codes", "--format", "json"]) == 0
