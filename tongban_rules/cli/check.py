"""``tongban check``: every problem of a rule set in one run.

    tongban check [PATH ...] [--rules DIR] [--all] [--format text|json|github|sarif]
                  [--as-of DATE] [--select CODES] [--ignore CODES] [--lang zh|en]
                  [--deadlines warning|error] [--statistics] [--baseline FILE]
                  [--write-baseline FILE] [--changed-since GIT_REF]
    tongban check --list-checks [--format text|json|markdown]

A PATH is a rules directory, or a rule file: the file is checked in its tree (the nearest folder
above it with ``registries/``, or ``--rules``) and only its findings are shown — validation,
decision cases, and the checks that involve it — unless ``--all``.

Exit status: 0 clean, 1 any error, 2 usage error (a bad date, an unknown code prefix, a
baseline or git revision that failed).
"""

from __future__ import annotations

import argparse
import sys

from ..calendar.today import china_today
from .options import (
    Command,
    as_of_option,
    ci_options,
    deadlines_option,
    format_option,
    given_paths,
    lang_option,
    paths_argument,
    read_date,
)
from .output import report, usage
from .progress import tracker


def setup(p: argparse.ArgumentParser) -> None:
    paths_argument(p)
    format_option(p, extra=("markdown",), help="output format (default: text; markdown only with --list-checks)")
    lang_option(p)
    as_of_option(p, "judge task-list deadlines and versions on DATE (YYYY-MM-DD; "
                    "default: today in China, printed on stderr)", type=str)
    p.add_argument("--select", metavar="CODES", help="only these codes or prefixes, comma-separated (TB6,TB701)")
    p.add_argument("--ignore", metavar="CODES", help="leave out these codes or prefixes, comma-separated")
    deadlines_option(p, "severity of a missed task-list deadline (TB850; default: warning)")
    ci_options(p)
    p.add_argument("--list-checks", action="store_true", help="list the checks and exit")


def run(args: argparse.Namespace) -> int:
    if args.list_checks:
        return _list_checks(args.format)
    if args.format == "markdown":
        return usage("--format markdown is only for --list-checks")
    from ..checks import check_report
    from ..load.scope import scopes

    paths = given_paths(args)
    found, diagnostics = scopes(paths, args.rules, args.all)
    try:
        as_of = read_date(args.as_of) or china_today()
        reports = [(scope, check_report(scope.root, as_of, select=args.select, ignore=args.ignore,
                                        deadlines=args.deadlines, track=tracker(lang=args.lang)))
                   for scope in found]
    except ValueError as exc:
        return usage(str(exc))
    print(f"as of {as_of.isoformat()}" if args.lang == "en" else f"检查日期: {as_of.isoformat()}", file=sys.stderr)
    for scope, result in reports:
        diagnostics += [d for d in result.diagnostics if scope.concerns(d)]
        if args.format == "text" and result.coverage is not None and not scope.files:
            print(result.coverage.summary(args.lang), file=sys.stderr)
    return report(diagnostics, args, paths[0])


def _list_checks(fmt: str) -> int:
    from ..checks import CHECKS
    from ..checks.docs import listing

    if fmt not in ("text", "json", "markdown"):
        return usage("--list-checks supports --format text, json or markdown")
    sys.stdout.write(listing(CHECKS, fmt))
    return 0


COMMAND = Command(name="check", help="check a whole rule set: validation, decision cases and consistency checks",
                  setup=setup, run=run)

