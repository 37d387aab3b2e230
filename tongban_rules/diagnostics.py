"""One shape for every problem: YAML errors, schema errors, check findings.

A ``Finding`` is a problem before it has a place in a file: its code, where it is (a key path,
or a line and column already known) and the parameters of its message.  ``place`` — the one
place that does it — formats the message from the code table (``codes``) and turns the key
path into a line and column.  The result, a ``Diagnostic`` (诊断), is frozen and carries the
stable code (``TB`` + 3 digits, hundreds digit = family, see ``codes.FAMILIES``), a severity,
a position and the message in Chinese and English; ``formats`` writes diagnostics out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import codes
from .codes import Severity

KeyPath = tuple[str | int, ...]

__all__ = ["Diagnostic", "Finding", "KeyPath", "Located", "Severity", "format_path", "has_errors", "locate",
           "place", "sort_diagnostics"]


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A problem before its file position is known: (code, where, parameters).

    ``where`` is a key path inside the file (``at_key``: the key rather than its value), or a
    ``line`` and ``column`` already known (the YAML reader, the audit).  ``variant`` picks one
    of the code's messages and ``hint_key`` one of its other hints.  A check leaves ``code``
    empty (its own code is filled in) and names the model or source file the path is in as
    ``target``.
    """

    code: str = ""
    path: KeyPath = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    variant: str = ""
    hint_key: str = ""
    at_key: bool = False
    line: int = 0
    column: int = 0
    severity: Severity | None = None  # None: the code's own
    target: object = field(default=None, compare=False)

    def text(self) -> codes.Text:
        """The message and hint, formatted from the code table."""
        return codes.lookup(self.code).text(self.variant, self.hint_key, self.params)

    @property
    def message(self) -> str:
        return self.text().zh

    @property
    def message_en(self) -> str:
        return self.text().en

    @property
    def hint(self) -> str:
        return self.text().hint

    @property
    def hint_en(self) -> str:
        return self.text().hint_en


class Located(Protocol):
    """A file whose key paths have positions (``source.read.SourceFile``)."""

    path: str
    text: str

    def position(self, path: KeyPath, *, at_key: bool = False) -> tuple[int, int]: ...


def place(finding: Finding, where: Located | str) -> Diagnostic:
    """The diagnostic of ``finding`` in ``where``: a source file, or just a file name (the
    finding then carries its line and column, else it is placed at 1:1)."""
    entry = codes.lookup(finding.code)
    text = entry.text(finding.variant, finding.hint_key, finding.params)
    if isinstance(where, str):
        file, (line, column) = where, (finding.line or 1, finding.column or 1)
    elif finding.line:
        file, line, column = where.path, finding.line, finding.column
    else:
        file, (line, column) = where.path, locate(where, finding.path, finding.at_key)
    return Diagnostic(code=finding.code, severity=finding.severity or entry.severity, file=file, line=line,
                      column=column, message=text.zh, hint=text.hint, key_path=finding.path,
                      message_en=text.en, hint_en=text.hint_en)


def locate(source: Located, path: KeyPath, at_key: bool = False) -> tuple[int, int]:
    """(line, column), 1-based, of the value at ``path`` (or its key), else of the nearest ancestor.

    Re-composing a file for its positions costs about as much as loading it; a finding on a
    top-level key (``id``, ``status`` …) of thousands of files would double the run.  A
    top-level key of a block mapping starts a line at column 1 (nothing else can: block
    scalars and continuation lines are indented), so its line is found by a text search.
    Anything else — nested paths, a value on the next line, flow style — takes the exact path.
    """
    if len(path) == 1 and isinstance(path[0], str):
        found = re.search(rf"^{re.escape(path[0])}:(?=[ \t\r\n]|$)", source.text, re.M)
        if found:
            line = source.text.count("\n", 0, found.start()) + 1
            if at_key:
                return line, 1
            rest = source.text[found.end():].split("\n", 1)[0]
            stripped = rest.lstrip(" \t")
            if stripped and not stripped.startswith("#") and stripped.strip() not in ("|", ">", "|-", ">-", "|+", ">+"):
                return line, found.end() - found.start() + (len(rest) - len(stripped)) + 1
    return source.position(path, at_key=at_key)


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
