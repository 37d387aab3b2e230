"""``tongban audit FILE [--rules DIR] [--format text|json|github|sarif] [--lang zh|en] [--as-of DATE]``:
compare a 实施清单 export with the canonical rules.

Exit status: 0 clean, 1 any error, 2 usage error (a bad date).
"""

from __future__ import annotations

import argparse
import sys

from ..diagnostics import has_errors
from .options import Command, as_of_option, format_option, lang_option, read_date, rules_option
from .output import emit, summary, usage


def setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a 实施清单 export: CSV or JSON with GB/T 39046 field names (UTF-8 or GBK)")
    rules_option(p)
    format_option(p)
    lang_option(p)
    as_of_option(p, "compare with the item versions in force on DATE (default: today in China)", type=str)


def run(args: argparse.Namespace) -> int:
    from ..checks.audit import audit

    try:
        on = read_date(args.as_of)
    except ValueError as exc:
        return usage(str(exc))
    diagnostics = audit(args.file, args.rules, on)
    emit(diagnostics, args)
    if args.format == "text":
        print(summary(diagnostics, args.lang), file=sys.stderr)
    return 1 if has_errors(diagnostics) else 0


COMMAND = Command(name="audit", help="compare a 实施清单 export with the canonical rules (四级四同, time limits)",
                  setup=setup, run=run)
