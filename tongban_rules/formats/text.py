"""Diagnostics as text, one per line: ``file:line:column: CODE [severity] message``, then the hint."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, Severity


def format_text(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> str:
    lines = []
    for d in diagnostics:
        message, hint = d.text(lang)
        sev = "" if d.severity is Severity.ERROR else f"[{d.severity.value}] "
        lines.append(f"{d.file}:{d.line}:{d.column}: {d.code} {sev}{message}")
        if hint:
            lines.append(f"    {'hint' if lang == 'en' else '提示'}: {hint}")
    return "\n".join(lines) + ("\n" if lines else "")
