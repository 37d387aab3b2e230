"""Output formats of diagnostics — one registry, so every command that prints diagnostics offers
every format.

=======  ==============================================================
text     ``file:line:column: CODE message`` and the hint (``text``)
json     a JSON array of ``Diagnostic.to_dict`` (``jsonout``)
github   GitHub Actions annotations (``github``)
sarif    SARIF 2.1.0 for code scanning (``sarif``)
=======  ==============================================================

A formatter is ``(diagnostics, lang) -> str``.  ``write`` is what a command calls.  The format of
a decision (``tongban decide``) is another matter: see ``decision``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TextIO

from ..diagnostics import Diagnostic
from .github import format_github
from .jsonout import format_json
from .sarif import format_sarif
from .text import format_text

Formatter = Callable[[Sequence[Diagnostic], str], str]

FORMATS: Mapping[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
}


def write(diagnostics: Sequence[Diagnostic], fmt: str, lang: str, stream: TextIO) -> None:
    """Write ``diagnostics`` in format ``fmt`` to ``stream`` (nothing at all for an empty text)."""
    text = FORMATS[fmt](diagnostics, lang)
    if text:
        stream.write(text)


__all__ = ["FORMATS", "Formatter", "format_github", "format_json", "format_sarif", "format_text", "write"]
