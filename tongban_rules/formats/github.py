"""Diagnostics as GitHub Actions workflow commands (``::error file=…,line=…,col=…,title=…::message``),
which the runner shows as annotations on the pull request's files."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, Severity

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> str:
    out = []
    for d in diagnostics:
        message, hint = d.text(lang)
        body = f"{d.code} {message}" + (f"\n{hint}" if hint else "")
        props = ",".join([f"file={_escape(d.file, prop=True)}", f"line={d.line}", f"col={d.column}",
                          f"title={_escape(d.code, prop=True)}"])
        out.append(f"::{_LEVEL[d.severity]} {props}::{_escape(body)}")
    return "\n".join(out) + ("\n" if out else "")
