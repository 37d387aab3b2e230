"""``tongban validate [PATH ...] [--format text|json|github|sarif] [--lang zh|en]``: YAML, schema
and reference diagnostics of rule directories or single files.

Exit status: 0 clean, 1 any error, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys

from ..diagnostics import has_errors
from .options import Command, format_option, lang_option
from .output import emit, summary


def setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", default=["rules"], help="rule directories or files (default: rules)")
    format_option(p)
    lang_option(p)


def run(args: argparse.Namespace) -> int:
    from ..load.loader import validate

    diagnostics = validate(*args.paths)
    emit(diagnostics, args)
    if args.format == "text":
        print(summary(diagnostics, args.lang), file=sys.stderr)
    return 1 if has_errors(diagnostics) else 0


COMMAND = Command(name="validate", help="validate rule files (schema, YAML hazards, references)", setup=setup, run=run)
