"""``tongban bundle``: one file holding a checked rule set, for deciding (``load.bundle``).

    tongban bundle [RULES] -o FILE [--as-of DATE] [--deadlines warning|error] [--format …] [--lang zh|en]

The rules are loaded and checked as ``tongban check`` does; with any error the diagnostics are
printed, TB042 says no bundle was written, and the exit status is 1.  Otherwise the bundle is
written (replacing FILE whole) and its digest, items and size are printed on stderr; exit 0.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..calendar.today import china_today
from ..diagnostics import has_errors
from .options import Command, as_of_option, deadlines_option, format_option, lang_option, rules_argument
from .output import aside, emit, summary


def setup(p: argparse.ArgumentParser) -> None:
    rules_argument(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the bundle file to write")
    as_of_option(p, "check task-list deadlines and versions on DATE (default: today in China)")
    deadlines_option(p, "severity of a missed task-list deadline (TB850; default: warning)")
    format_option(p, help="format of the diagnostics (default: text)")
    lang_option(p)


def run(args: argparse.Namespace) -> int:
    from ..checks import check_loaded
    from ..errors import BundleError
    from ..load.bundle_write import write_bundle
    from ..load.loader import load_tree

    ruleset, diags = load_tree(args.rules)
    found = check_loaded(ruleset, diags, args.rules, args.as_of or china_today(), deadlines=args.deadlines)
    if ruleset is None or has_errors(found):
        return _refuse(found, args)
    try:
        digest = write_bundle(ruleset, args.output)
    except BundleError as exc:
        print(f"tongban bundle: {exc.code} {exc.message if args.lang == 'zh' else exc.message_en}", file=sys.stderr)
        return 1
    size = os.path.getsize(args.output)
    print(f"{args.output}: {len(ruleset.versions)} items, {size} bytes, digest {digest}", file=sys.stderr)
    return 0


def _refuse(found: list, args: argparse.Namespace) -> int:
    from ..errors import BundleError

    emit(found, args, aside(args))
    errors = sum(1 for d in found if d.severity.value == "error")
    refusal = BundleError("TB042", path=args.output, errors=errors)
    print(summary(found, args.lang), file=sys.stderr)
    print(f"tongban bundle: {refusal.code} {refusal.message if args.lang == 'zh' else refusal.message_en}",
          file=sys.stderr)
    return 1


COMMAND = Command(name="bundle", help="check a rule set and write it as one bundle file for deciding",
                  setup=setup, run=run)
