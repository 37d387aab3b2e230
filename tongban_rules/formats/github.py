"""Diagnostics as GitHub Actions workflow commands (``::error file=…,line=…,col=…,title=…::message``),
which the runner shows as annotations on the pull request's files.

GitHub shows at most ten annotations of each level (error, warning, notice) per step and drops
the rest silently.  So errors come first, each level is cut to what GitHub shows, and a last
notice gives the totals and what was left out; the findings left out follow as plain log lines
(``file:line:column: CODE message``), so that none is lost from the log.  The summary takes one
of the ten notices.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, Severity
from .ordering import by_severity
from .text import format_text

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: annotations GitHub shows per level and step
SHOWN = 10


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def annotation(d: Diagnostic, lang: str = "zh") -> str:
    message, hint = d.text(lang)
    body = f"{d.code} {message}" + (f"\n{hint}" if hint else "")
    props = ",".join([f"file={_escape(d.file, prop=True)}", f"line={d.line}", f"col={d.column}",
                      f"title={_escape(d.code, prop=True)}"])
    return f"::{_LEVEL[d.severity]} {props}::{_escape(body)}"


def format_github(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> str:
    if not diagnostics:
        return ""
    shown: list[Diagnostic] = []
    left: list[Diagnostic] = []
    counts = {level: 0 for level in _LEVEL}
    for d in by_severity(diagnostics):
        room = SHOWN - 1 if d.severity is Severity.INFO else SHOWN  # one notice is the summary
        (shown if counts[d.severity] < room else left).append(d)
        counts[d.severity] += 1
    lines = [annotation(d, lang) for d in shown]
    lines.append(f"::notice title=tongban::{_escape(_summary(counts, len(left), lang))}")
    return "\n".join(lines) + "\n" + format_text(left, lang)


def _summary(counts: dict[Severity, int], left: int, lang: str) -> str:
    e, w, n = counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]
    if lang == "en":
        rest = f"; {left} not annotated (GitHub shows {SHOWN} per level), listed in the log" if left else ""
        return f"tongban: {e} error(s), {w} warning(s), {n} notice(s){rest}"
    rest = f"；另有 {left} 条未标注（GitHub 每级最多显示 {SHOWN} 条），见日志" if left else ""
    return f"tongban: {e} 个错误, {w} 个警告, {n} 个提示{rest}"
