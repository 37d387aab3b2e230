"""Diagnostics as SARIF 2.1.0 (Static Analysis Results Interchange Format), for code scanning.

One run, tool ``tongban``; one reporting descriptor per code that appears, from the code table
(name, summary, documentation, default level, ``helpUri``: the code's section of docs/codes.md);
each result carries a ``partialFingerprints`` entry that ignores line numbers
(``ordering.fingerprint``), so code scanning follows a finding as lines move; columns are counted in Unicode code points
(``columnKind``), as our columns are.

The code table's documentation (``checks.docs.catalog``) is imported when a SARIF log is written,
not with this module: the other formats, and commands that never write SARIF, do not load every
check to get it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..codes import Code
from ..diagnostics import Diagnostic, Severity
from .ordering import fingerprint

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/")


#: where docs/codes.md is published (e.g. its page in the repository's web view); without it,
#: the copy beside the package in a source checkout
DOCS_URL = "TONGBAN_DOCS_URL"
_CHECKOUT_DOCS = Path(__file__).resolve().parents[2] / "docs" / "codes.md"


def help_uri(entry: Code) -> str:
    """The absolute URI of the code's section of docs/codes.md (its heading's anchor, as
    GitHub and most Markdown renderers make it)."""
    heading = f"{entry.code} {entry.name} — {entry.severity.value}"
    anchor = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
    base = os.environ.get(DOCS_URL) or _CHECKOUT_DOCS.as_uri()
    return f"{base}#{anchor}"


def _descriptor(code: str, entry: Code | None) -> dict:
    if entry is None:  # a code from outside the package (e.g. a caller's own check)
        return {"id": code, "name": "other", "shortDescription": {"text": "other"}}
    example = "\n".join("    " + line for line in entry.example.splitlines())
    text = f"{entry.summary}\n\nWhat: {entry.what}\nWhy: {entry.why}\nExample:\n{example}\nFix: {entry.fix}"
    return {"id": entry.code, "name": entry.name, "shortDescription": {"text": entry.summary},
            "fullDescription": {"text": text}, "help": {"text": entry.fix or entry.summary},
            "helpUri": help_uri(entry), "defaultConfiguration": {"level": _LEVEL[entry.severity]}}


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
            "partialFingerprints": {"tongban/v1": fingerprint(d)},
        })
    driver = {"name": "tongban", "version": __version__, "semanticVersion": __version__,
              "rules": [_descriptor(code, entries.get(code)) for code in codes]}
    return {"$schema": SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}


def format_sarif(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> str:
    return json.dumps(to_sarif(diagnostics, lang), ensure_ascii=False, indent=2) + "\n"
