"""The order CI reads findings in, and the fingerprint that recognises a finding again.

``by_severity`` puts errors first, then warnings, then notices (``info``), each level in file,
line and column order, so the first lines of a long log — and the annotations GitHub shows,
ten per level — are the ones that fail the build.

``fingerprint`` names a finding independently of where the file's lines lie: its code, its
file, its key path (the entry of the file it is about, ``materials[2].id``) and its message
with any ``:line:column`` positions taken out.  A line added above a known finding leaves its
fingerprint as it was, so a baseline (``--baseline``) and SARIF's ``partialFingerprints``
keep recognising it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import PurePath

from ..diagnostics import Diagnostic, Severity, format_path

RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_POSITION = re.compile(r":\d+(?::\d+)?\b")


def by_severity(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Errors, then warnings, then notices; within a level by file, line, column, code."""
    return sorted(diagnostics, key=lambda d: (RANK[d.severity], d.sort_key()))


def fingerprint(d: Diagnostic) -> str:
    """A stable id of ``d`` that ignores its line and column (16 hex digits)."""
    parts = (d.code, PurePath(d.file).as_posix(), format_path(d.key_path), _POSITION.sub("", d.message))
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:16]
