"""Help in Chinese by default, in English with ``--lang en`` anywhere on the command line.

The language is read from the arguments before argparse builds the help (``help_lang``), so
``tongban decide --help --lang en`` and ``tongban --lang en --help`` both work, whatever ``LANG``
says.  Each text is written once per language:

* English: where the argument is declared (``add_argument(..., help="...")``) and the command's
  ``Command.help``, as argparse has them;
* Chinese: ``ZH`` (``cli/help_zh.py``), keyed by ``(command, dest)`` — ``("*", dest)`` for what
  every command shares (``--format``, ``--lang``, ``--no-cache`` …) — and ``COMMANDS_ZH``;
* the examples of each command, in ``EXAMPLES``: a command line and what it does, in both.

``localize(parser, lang)`` puts the chosen language into a built parser: argument help,
descriptions, example epilogs, section titles and the ``usage:`` prefix.  To add a command or an
argument, add its Chinese (and an example) to ``help_zh.py``; ``tests/test_cli_help.py`` walks
every parser and fails, naming the entry, when one is missing.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from .help_zh import COMMANDS_ZH, EXAMPLES, TOP_ZH, ZH

LANGS = ("zh", "en")
_TITLES = {"zh": ("位置参数", "选项"), "en": ("positional arguments", "options")}
_EXAMPLE_HEADING = {"zh": "示例", "en": "examples"}


def help_lang(argv: Sequence[str]) -> str:
    """``en`` when the arguments ask for English (``--lang en`` or ``--lang=en``), else ``zh``."""
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in LANGS:
            return value
    return "zh"


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples' line breaks; says ``usage:`` in the parser's language."""

    prefix = "usage: "

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix if prefix is not None else self.prefix)


class ChineseFormatter(Formatter):
    prefix = "用法: "


def arg_help(command: str, action: argparse.Action, lang: str) -> str | None:
    """The help of one argument in ``lang`` (None when it has none)."""
    if lang == "en":
        return action.help
    return ZH.get((command, action.dest)) or ZH.get(("*", action.dest))


def command_help(name: str, english: str, lang: str) -> str:
    return COMMANDS_ZH[name] if lang == "zh" and name in COMMANDS_ZH else english


def epilog(name: str, lang: str) -> str:
    lines = [f"{_EXAMPLE_HEADING[lang]}:"]
    for line, zh, en in EXAMPLES.get(name, ()):
        lines += [f"  {line}", f"      {zh if lang == 'zh' else en}"]
    return "\n".join(lines) if len(lines) > 1 else ""


def localize(parser: argparse.ArgumentParser, command: str, lang: str) -> None:
    """Put ``lang`` into ``parser`` (the top parser is ``command`` ``""``)."""
    parser.formatter_class = ChineseFormatter if lang == "zh" else Formatter
    positional, optional = _TITLES[lang]
    parser._positionals.title, parser._optionals.title = positional, optional
    for action in parser._actions:
        if action.help is not argparse.SUPPRESS:
            action.help = arg_help(command, action, lang)
    text = epilog(command or "*", lang)
    if text:
        parser.epilog = text


def localize_top(top: argparse.ArgumentParser, sub: argparse._SubParsersAction, english: dict[str, str],
                 lang: str) -> None:
    """The top parser: its description, the one-line help of each command, its own options."""
    top.description = TOP_ZH if lang == "zh" else top.description
    for choice in sub._choices_actions:
        choice.help = command_help(choice.dest, english[choice.dest], lang)
    localize(top, "", lang)
