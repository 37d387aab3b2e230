"""``tongban check`` and ``tongban audit`` (registered on import by ``cli._load_commands``).

    tongban check [RULES] [--format text|json|github|sarif] [--as-of DATE] [--select CODES]
                  [--ignore CODES] [--lang zh|en] [--deadlines warning|error]
    tongban check --list-checks [--format text|json|markdown]
    tongban audit FILE [--rules DIR] [--format text|json|github|sarif] [--lang zh|en]

Exit status: 0 clean, 1 any error, 2 usage error (a bad date, an unknown code prefix).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from ..calendar.today import china_today
from .main import command, summary
from ..diagnostics import FORMATTERS, Diagnostic, has_errors

_FORMATS = ("text", "json", "github", "sarif")


def _write(diagnostics: list[Diagnostic], fmt: str, lang: str) -> None:
    if fmt == "sarif":
        from ..formats.sarif import format_sarif

        sys.stdout.write(format_sarif(diagnostics, lang))
        return
    text = FORMATTERS[fmt](diagnostics, lang)
    if text:
        sys.stdout.write(text)


def _usage(message: str) -> int:
    print(f"tongban: error: {message}", file=sys.stderr)
    return 2


# ------------------------------------------------------------------ check


def _setup_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("rules", nargs="?", default="rules", help="the rules directory (default: rules)")
    p.add_argument("--format", choices=(*_FORMATS, "markdown"), default="text",
                   help="output format (default: text; markdown only with --list-checks)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language (default: zh)")
    p.add_argument("--as-of", metavar="DATE", help="judge task-list deadlines and versions on DATE (YYYY-MM-DD; "
                                                   "default: today in China, printed on stderr)")
    p.add_argument("--select", metavar="CODES", help="only these codes or prefixes, comma-separated (TB6,TB701)")
    p.add_argument("--ignore", metavar="CODES", help="leave out these codes or prefixes, comma-separated")
    p.add_argument("--deadlines", choices=("warning", "error"), default="warning",
                   help="severity of a missed task-list deadline (TB850; default: warning)")
    p.add_argument("--list-checks", action="store_true", help="list the checks and exit")


@command("check", "check a whole rule set: validation, decision cases and consistency checks")(_setup_check)
def run_check(args: argparse.Namespace) -> int:
    from ..checks import CHECKS, check_report
    from ..checks.docs import listing

    if args.list_checks:
        if args.format not in ("text", "json", "markdown"):
            return _usage("--list-checks supports --format text, json or markdown")
        sys.stdout.write(listing(CHECKS, args.format))
        return 0
    if args.format == "markdown":
        return _usage("--format markdown is only for --list-checks")
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else china_today()
    except ValueError:
        return _usage(f"--as-of: not a date (YYYY-MM-DD): {args.as_of}")
    try:
        report = check_report(args.rules, as_of, select=args.select, ignore=args.ignore, deadlines=args.deadlines)
    except ValueError as exc:
        return _usage(str(exc))
    print(f"as of {report.as_of.isoformat()}" if args.lang == "en" else f"检查日期: {report.as_of.isoformat()}",
          file=sys.stderr)
    _write(report.diagnostics, args.format, args.lang)
    if args.format == "text":
        if report.coverage is not None:
            print(report.coverage.summary(args.lang), file=sys.stderr)
        print(summary(report.diagnostics, args.lang), file=sys.stderr)
    return 1 if has_errors(report.diagnostics) else 0


# ------------------------------------------------------------------ audit


def _setup_audit(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a 实施清单 export: CSV or JSON with GB/T 39046 field names (UTF-8 or GBK)")
    p.add_argument("--rules", default="rules", help="the rules directory (default: rules)")
    p.add_argument("--format", choices=_FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language (default: zh)")
    p.add_argument("--as-of", metavar="DATE", help="compare with the item versions in force on DATE (default: today in China)")


@command("audit", "compare a 实施清单 export with the canonical rules (四级四同, time limits)")(_setup_audit)
def run_audit(args: argparse.Namespace) -> int:
    from ..checks.audit import audit

    try:
        on = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        return _usage(f"--as-of: not a date (YYYY-MM-DD): {args.as_of}")
    diagnostics = audit(args.file, args.rules, on)
    _write(diagnostics, args.format, args.lang)
    if args.format == "text":
        print(summary(diagnostics, args.lang), file=sys.stderr)
    return 1 if has_errors(diagnostics) else 0
