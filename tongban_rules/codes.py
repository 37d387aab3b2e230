"""Every diagnostic code of tongban_rules, in one table: ``codes.toml`` next to this module.

A code is ``TB`` and three digits; the hundreds digit is its family (``FAMILIES``).  Each
entry of the table gives the code's kebab-case ``name``, its ``severity``, its messages and
its documentation:

* ``zh`` / ``en`` / ``hint`` / ``hint_en`` — the main message, as ``str.format`` templates
  (``"重复的键: {key}"``); ``[TBnnn.variants.<name>]`` other messages of the same code and
  ``[TBnnn.hints.<name>]`` other hints (a "did you mean" instead of the usual advice);
* ``summary``, ``what``, ``why``, ``example`` (and ``example_syntax``, default ``yaml``) and
  ``fix``.  The checks of ``checks/`` document themselves in their docstrings (What / Why /
  Example / Fix): their entries here hold no documentation, and ``documented`` fills it in.

Nothing else in the package writes a code's name, severity or message text: a finding
carries (code, where, parameters) and ``diagnostics.place`` formats it from this table.
The table is read once, on first use.
"""

from __future__ import annotations

import inspect
import re
import string
import textwrap
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

TABLE = Path(__file__).with_name("codes.toml")
CODE = re.compile(r"^TB[0-9]{3}$")
NAME = re.compile(r"^[a-z]+(?:-[a-z0-9]+)*$")
SECTIONS = ("What", "Why", "Example", "Fix")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True, kw_only=True)
class Family:
    prefix: str
    name: str
    zh: str
    en: str


#: the code families: the hundreds digit of a code says what it is about
FAMILIES: tuple[Family, ...] = (
    Family(prefix="TB0", name="file", zh="文件本身：编码、大小、YAML 语法；指南的输出文件夹",
           en="files: encoding, size, tabs, YAML syntax, paths; the output folder of the guides (TB03x)"),
    Family(prefix="TB1", name="yaml-value", zh="PyYAML 会悄悄转换的 YAML 值、标签、别名，过长的数字",
           en="values a reader would silently convert or that are out of bounds, tags, aliases"),
    Family(prefix="TB2", name="schema", zh="模式：未知/缺少的键、类型、取值、文件名",
           en="schema: unknown or missing keys, wrong types, bad values, file names"),
    Family(prefix="TB3", name="reference", zh="文件之间的引用，未被引用的登记项",
           en="references between files (laws, materials, regions …), unused registry entries"),
    Family(prefix="TB4", name="condition-or-decision", zh="条件表达式、判定请求与判定用例",
           en="the condition language, decision requests and decision cases"),
    Family(prefix="TB5", name="identity", zh="事项身份与四级四同", en="identity of items and 四级四同"),
    Family(prefix="TB6", name="presence-and-modes", zh="到场要求与跨省通办方式",
           en="presence on site and the handling modes"),
    Family(prefix="TB7", name="limits-and-fees", zh="办理时限与收费", en="time limits and fees"),
    Family(prefix="TB8", name="regional-lists", zh="实施清单、任务清单与清单导出核对",
           en="regional implementation lists, the task list and the audit of list exports"),
    Family(prefix="TB9", name="content", zh="内容：依据、完整性、文字与表达式一致、用例覆盖",
           en="content: bases, completeness, prose vs machine drift, case coverage"),
)


def family(code: str) -> Family:
    """The family of ``code`` (by its hundreds digit)."""
    return next(f for f in FAMILIES if code.startswith(f.prefix))


@dataclass(frozen=True, slots=True, kw_only=True)
class Text:
    """A message and its hint, in Chinese and English."""

    zh: str
    en: str
    hint: str = ""
    hint_en: str = ""

    def format(self, params: Mapping[str, Any]) -> Text:
        return Text(zh=self.zh.format_map(params), en=self.en.format_map(params),
                    hint=self.hint.format_map(params), hint_en=self.hint_en.format_map(params))

    def templates(self) -> tuple[str, str, str, str]:
        return self.zh, self.en, self.hint, self.hint_en


@dataclass(frozen=True, slots=True, kw_only=True)
class Code:
    """One entry of the table."""

    code: str
    name: str
    severity: Severity
    #: "" is the main message; other keys are the ``variants`` of the table
    messages: Mapping[str, Text]
    #: other hints, by name: (zh, en)
    hints: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    summary: str = ""
    what: str = ""
    why: str = ""
    example: str = ""
    example_syntax: str = "yaml"
    fix: str = ""

    @property
    def family(self) -> Family:
        return family(self.code)

    def section(self, name: str) -> str:
        """The What / Why / Example / Fix section (``""`` when undocumented)."""
        return getattr(self, name.lower())

    def text(self, variant: str = "", hint_key: str = "", params: Mapping[str, Any] | None = None) -> Text:
        """The formatted message ``variant`` with the hint ``hint_key`` (``""``: the message's own)."""
        text = self.messages[variant]
        if hint_key:
            zh, en = self.hints[hint_key]
            text = replace(text, hint=zh, hint_en=en)
        return text.format({} if params is None else params)

    def documented(self, doc: str) -> Code:
        """This entry with the documentation of a check docstring (summary line, What/Why/Example/Fix)."""
        parts = sections(doc)
        return replace(self, summary=inspect.cleandoc(doc).splitlines()[0].strip(),
                       what=parts.get("What", ""), why=parts.get("Why", ""),
                       example=textwrap.dedent(parts.get("Example", "")).strip("\n"), fix=parts.get("Fix", ""))


def sections(doc: str) -> dict[str, str]:
    """The What/Why/Example/Fix sections of a docstring (text dedented, stripped)."""
    out: dict[str, list[str]] = {}
    current = None
    for line in inspect.cleandoc(doc).splitlines()[1:]:
        head = re.match(r"^(What|Why|Example|Fix):\s?(.*)$", line)
        if head:
            current = head.group(1)
            out[current] = [head.group(2)] if head.group(2) else []
        elif current:
            out[current].append(line)
    return {k: "\n".join(v).strip("\n") for k, v in out.items()}


def fields(template: str) -> set[str]:
    """The parameter names a template uses."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


# ------------------------------------------------------------------ the table


def _text(raw: Mapping[str, str]) -> Text:
    return Text(zh=raw["zh"], en=raw["en"], hint=raw.get("hint", ""), hint_en=raw.get("hint_en", ""))


def _entry(code: str, raw: Mapping[str, Any]) -> Code:
    messages = {"": _text(raw), **{k: _text(v) for k, v in raw.get("variants", {}).items()}}
    hints = {k: (v["zh"], v["en"]) for k, v in raw.get("hints", {}).items()}
    docs = {k: raw[k].strip("\n") for k in ("summary", "what", "why", "example", "fix") if k in raw}
    return Code(code=code, name=raw["name"], severity=Severity(raw["severity"]),
                messages=MappingProxyType(messages), hints=MappingProxyType(hints),
                example_syntax=raw.get("example_syntax", "yaml"), **docs)


@cache
def table() -> Mapping[str, Code]:
    """Every code, in code order (read from ``codes.toml`` on first use)."""
    raw = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    return MappingProxyType({code: _entry(code, raw[code]) for code in sorted(raw)})


def lookup(code: str) -> Code:
    """The entry of ``code``; ``KeyError`` for a code the table does not know (a programming error)."""
    return table()[code]


def documented(docs: Mapping[str, str]) -> tuple[Code, ...]:
    """Every code with its documentation; ``docs`` gives the docstrings of the checks, by code."""
    return tuple(entry.documented(docs[code]) if code in docs else entry for code, entry in table().items())
