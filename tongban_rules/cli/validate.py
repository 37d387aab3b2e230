"""``tongban validate [PATH ...] [--rules DIR] [--all] [--format text|json|github|sarif] [--lang zh|en]
[--statistics] [--baseline FILE] [--write-baseline FILE] [--changed-since GIT_REF]``: YAML,
schema, reference and condition diagnostics of rule directories, or of single files checked in
their tree (``load.scope``).

Exit status: 0 clean, 1 any error, 2 usage error (or a baseline or git revision that failed).
"""

from __future__ import annotations

import argparse

from .options import Command, ci_options, format_option, given_paths, lang_option, paths_argument
from .output import report
from .progress import tracker


def setup(p: argparse.ArgumentParser) -> None:
    paths_argument(p)
    format_option(p)
    lang_option(p)
    ci_options(p)


def run(args: argparse.Namespace) -> int:
    from ..load.scope import validate

    paths = given_paths(args)
    diagnostics = validate(*paths, rules=args.rules, whole=args.all, track=tracker(lang=args.lang))
    return report(diagnostics, args, paths[0])


COMMAND = Command(name="validate", help="validate rule files (schema, YAML hazards, references)", setup=setup, run=run)
