"""Diagnostics as text, one per line: ``file:line:column: CODE [severity] message``, then the hint.

On a terminal (``format_terminal``) every finding carries its level — ``[error]``,
``[warning]``, ``[notice]`` — in colour unless colour is off (``NO_COLOR``, decided by the
caller); in a file or a pipe the lines stay as they always were.

Values inside a line come from the input (file names, keys, cell contents) and are shown with
control characters, line and paragraph separators and other invisible characters escaped
(``\\n``, ``\\x1b``, ``\\u2028``), so an input can neither break a diagnostic over two
lines nor forge one in a CI log.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, Severity


def format_text(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> str:
    lines = []
    for d in diagnostics:
        message, hint = d.text(lang)
        sev = "" if d.severity is Severity.ERROR else f"[{d.severity.value}] "
        lines.append(f"{visible(d.file)}:{d.line}:{d.column}: {d.code} {sev}{visible(message)}")
        if hint:
            lines.append(f"    {'hint' if lang == 'en' else '提示'}: {visible(hint)}")
    return "\n".join(lines) + ("\n" if lines else "")


_TAG = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_COLOUR = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}  # red, yellow, cyan


def format_terminal(diagnostics: Sequence[Diagnostic], lang: str = "zh", color: bool = True) -> str:
    """Text for a person at a terminal: a level tag on every finding, coloured when ``color``."""
    def paint(text: str, sgr: str) -> str:
        return f"\x1b[{sgr}m{text}\x1b[0m" if color else text

    lines = []
    for d in diagnostics:
        message, hint = d.text(lang)
        tag = paint(f"[{_TAG[d.severity]}]", "1;" + _COLOUR[d.severity])
        lines.append(f"{paint(visible(d.file), '1')}:{d.line}:{d.column}: {paint(d.code, '1')} {tag} {visible(message)}")
        if hint:
            lines.append(f"    {paint('hint' if lang == 'en' else '提示', '2')}: {visible(hint)}")
    return "\n".join(lines) + ("\n" if lines else "")


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """``text`` with every character that is not printable written as an escape."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _NAMED.get(ch) or ascii(ch)[1:-1] for ch in text)
