"""How the commands print what they found: diagnostics in the chosen format, the summary line,
usage errors.  The only printing helpers of the package (``cli`` is the only place that prints).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from ..diagnostics import Diagnostic
from ..formats import write


def emit(diagnostics: Sequence[Diagnostic], args: argparse.Namespace, stream: TextIO | None = None) -> None:
    """``diagnostics`` in the format and language the command line asked for (stdout by default)."""
    write(diagnostics, args.format, args.lang, stream or sys.stdout)


def summary(diagnostics: Sequence[Diagnostic], lang: str) -> str:
    errors = sum(1 for d in diagnostics if d.severity.value == "error")
    warnings = sum(1 for d in diagnostics if d.severity.value == "warning")
    if lang == "en":
        return f"{errors} error(s), {warnings} warning(s)"
    return f"{errors} 个错误, {warnings} 个警告"


def usage(message: str) -> int:
    """A usage error found after parsing (exit status 2)."""
    print(f"tongban: error: {message}", file=sys.stderr)
    return 2


def aside(args: argparse.Namespace) -> TextIO:
    """Where a command that makes something else (a site, case results) writes its diagnostics:
    as text to stderr, beside its progress messages; in a machine format (json, github, sarif) to
    stdout, which then carries nothing else, so that it can be redirected to a file."""
    return sys.stderr if args.format == "text" else sys.stdout
