"""One shape for every problem: YAML errors, schema errors, check findings.

A ``Diagnostic`` (诊断) is frozen and carries a stable code (``TB`` + 3 digits,
hundreds digit = family), a severity, a position and a message in Chinese and
English.  Code families:

====  ==========================================================
TB0   the file itself: encoding, size, tabs, YAML syntax
TB1   YAML values PyYAML would silently convert, tags, aliases
TB2   schema: unknown/missing keys, wrong types, bad values, ids
TB3   references between files (laws, materials, regions …)
TB4   condition language and decision cases
TB5   identity and 四级四同
TB6   presence and handling modes
TB7   time limits and fees
TB8   regional implementation lists and the task list
TB9   content: sources, bases, prose vs machine drift, coverage
====  ==========================================================
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Sequence

KeyPath = tuple[str | int, ...]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    key_path: KeyPath = ()
    message_en: str = ""
    hint_en: str = ""

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.message)

    def text(self, lang: str = "zh") -> tuple[str, str]:
        """(message, hint) in the requested language, falling back to Chinese."""
        if lang == "en" and self.message_en:
            return self.message_en, self.hint_en or self.hint
        return self.message, self.hint

    def to_dict(self, lang: str = "zh") -> dict:
        message, hint = self.text(lang)
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": message,
            "hint": hint,
            "key_path": format_path(self.key_path),
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check or a model error yields before a position is known."""

    code: str
    key_path: KeyPath
    message: str
    message_en: str = ""
    hint: str = ""
    hint_en: str = ""
    severity: Severity = Severity.ERROR
    at_key: bool = field(default=False)


def format_path(path: KeyPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


# ---------------------------------------------------------------- formatters


def format_text(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> str:
    lines = []
    for d in diagnostics:
        message, hint = d.text(lang)
        sev = "" if d.severity is Severity.ERROR else f"[{d.severity.value}] "
        lines.append(f"{d.file}:{d.line}:{d.column}: {d.code} {sev}{message}")
        if hint:
            lines.append(f"    {'hint' if lang == 'en' else '提示'}: {hint}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> str:
    return json.dumps([d.to_dict(lang) for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


def _gh_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


_GH_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``)."""
    out = []
    for d in diagnostics:
        message, hint = d.text(lang)
        body = f"{d.code} {message}" + (f"\n{hint}" if hint else "")
        props = ",".join(
            [
                f"file={_gh_escape(d.file, prop=True)}",
                f"line={d.line}",
                f"col={d.column}",
                f"title={_gh_escape(d.code, prop=True)}",
            ]
        )
        out.append(f"::{_GH_LEVEL[d.severity]} {props}::{_gh_escape(body)}")
    return "\n".join(out) + ("\n" if out else "")


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
