"""Diagnostics as one JSON array of ``Diagnostic.to_dict`` objects (two-space indent, UTF-8 text).

Named ``jsonout`` so that nobody mistakes it for the standard library's ``json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..diagnostics import Diagnostic


def format_json(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> str:
    return json.dumps([d.to_dict(lang) for d in diagnostics], ensure_ascii=False, indent=2) + "\n"
