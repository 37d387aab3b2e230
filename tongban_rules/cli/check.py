"""``tongban check``: every problem of a rule set in one run.

    tongban check [RULES] [--format text|json|github|sarif] [--as-of DATE] [--select CODES]
                  [--ignore CODES] [--lang zh|en] [--deadlines warning|error]
    tongban check --list-checks [--format text|json|markdown]

Exit status: 0 clean, 1 any error, 2 usage error (a bad date, an unknown code prefix).
"""

from __future__ import annotations

import argparse
import sys

from ..calendar.today import china_today
from ..diagnostics import has_errors
from .options import Command, as_of_option, deadlines_option, format_option, lang_option, read_date, rules_argument
from .output import emit, summary, usage


def setup(p: argparse.ArgumentParser) -> None:
    rules_argument(p)
    format_option(p, extra=("markdown",), help="output format (default: text; markdown only with --list-checks)")
    lang_option(p)
    as_of_option(p, "judge task-list deadlines and versions on DATE (YYYY-MM-DD; "
                    "default: today in China, printed on stderr)", type=str)
    p.add_argument("--select", metavar="CODES", help="only these codes or prefixes, comma-separated (TB6,TB701)")
    p.add_argument("--ignore", metavar="CODES", help="leave out these codes or prefixes, comma-separated")
    deadlines_option(p, "severity of a missed task-list deadline (TB850; default: warning)")
    p.add_argument("--list-checks", action="store_true", help="list the checks and exit")


def run(args: argparse.Namespace) -> int:
    if args.list_checks:
        return _list_checks(args.format)
    if args.format == "markdown":
        return usage("--format markdown is only for --list-checks")
    from ..checks import check_report

    try:
        as_of = read_date(args.as_of) or china_today()
        report = check_report(args.rules, as_of, select=args.select, ignore=args.ignore, deadlines=args.deadlines)
    except ValueError as exc:
        return usage(str(exc))
    print(f"as of {report.as_of.isoformat()}" if args.lang == "en" else f"检查日期: {report.as_of.isoformat()}",
          file=sys.stderr)
    emit(report.diagnostics, args)
    if args.format == "text":
        if report.coverage is not None:
            print(report.coverage.summary(args.lang), file=sys.stderr)
        print(summary(report.diagnostics, args.lang), file=sys.stderr)
    return 1 if has_errors(report.diagnostics) else 0


def _list_checks(fmt: str) -> int:
    from ..checks import CHECKS
    from ..checks.docs import listing

    if fmt not in ("text", "json", "markdown"):
        return usage("--list-checks supports --format text, json or markdown")
    sys.stdout.write(listing(CHECKS, fmt))
    return 0


COMMAND = Command(name="check", help="check a whole rule set: validation, decision cases and consistency checks",
                  setup=setup, run=run)
