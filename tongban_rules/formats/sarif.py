"""Diagnostics as SARIF 2.1.0 (Static Analysis Results Interchange Format), for code scanning.

One run, tool ``tongban``; one reporting descriptor per code that appears, from the code table
(name, summary, documentation, default level); columns are counted in Unicode code points
(``columnKind``), as our columns are.

The code table's documentation (``checks.docs.catalog``) is imported when a SARIF log is written,
not with this module: the other formats, and commands that never write SARIF, do not load every
check to get it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..codes import Code
from ..diagnostics import Diagnostic, Severity

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/")


def _descriptor(code: str, entry: Code | None) -> dict:
    if entry is None:  # a code from outside the package (e.g. a caller's own check)
        return {"id": code, "name": "other", "shortDescription": {"text": "other"}}
    example = "\n".join("    " + line for line in entry.example.splitlines())
    text = f"{entry.summary}\n\nWhat: {entry.what}\nWhy: {entry.why}\nExample:\n{example}\nFix: {entry.fix}"
    return {"id": entry.code, "name": entry.name, "shortDescription": {"text": entry.summary},
            "fullDescription": {"text": text}, "help": {"text": entry.fix or entry.summary},
            "defaultConfiguration": {"level": _LEVEL[entry.severity]}}


def to_sarif(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> dict:
    from ..checks.docs import catalog

    codes = sorted({d.code for d in diagnostics})
    entries = {e.code: e for e in catalog()}
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d in diagnostics:
        message, hint = d.text(lang)
        results.append({
            "ruleId": d.code, "ruleIndex": index[d.code], "level": _LEVEL[d.severity],
            "message": {"text": message + (f"\n{hint}" if hint else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(d.file)},
                "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
            }}],
        })
    driver = {"name": "tongban", "version": __version__, "semanticVersion": __version__,
              "rules": [_descriptor(code, entries.get(code)) for code in codes]}
    return {"$schema": SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}


def format_sarif(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> str:
    return json.dumps(to_sarif(diagnostics, lang), ensure_ascii=False, indent=2) + "\n"
