"""``tongban diff``: what changed between two rule sets, in legal terms (``impact.diff``).

    tongban diff OLD NEW [--format text|markdown|json] [--repo DIR]

OLD and NEW are each a rules directory, a bundle, or a git revision of the repository at
``--repo`` (default: the current directory) — ``HEAD~1``, ``main`` — whose ``rules/`` is read
from git, never from the work tree.  ``markdown`` is made for a pull-request comment, ``json`` is
described by ``schema/diff.schema.json``.  Exit 0 (whether or not anything changed); 1 a side
names no rule set (TB450–TB453) or its rules do not load; 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..formats.text import format_text
from .options import Command, lang_option

FORMATS = ("text", "markdown", "json")


def setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", metavar="OLD", help="rules directory, bundle or git revision (HEAD~1, main)")
    p.add_argument("new", metavar="NEW", help="rules directory, bundle or git revision")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--repo", default=".", metavar="DIR", help="the git repository revisions are read from")
    lang_option(p, "language of error messages (default: zh); the diff itself is in Chinese")


def run(args: argparse.Namespace) -> int:
    from ..errors import RulesError
    from ..impact.diff import diff
    from ..impact.diff_render import render_diff
    from ..impact.sources import SourceError, load_side

    sides = []
    for spec in (args.old, args.new):
        try:
            sides.append(load_side(spec, Path(args.repo)))
        except SourceError as exc:
            print(f"tongban diff: {exc.code} {exc.message if args.lang == 'zh' else exc.message_en}", file=sys.stderr)
            return 1
        except RulesError as exc:
            sys.stderr.write(format_text(exc.diagnostics, args.lang))
            print(f"tongban diff: {spec}: 规则无法加载 (the rules do not load)", file=sys.stderr)
            return 1
    found = diff(sides[0], sides[1], old_label=args.old, new_label=args.new)
    sys.stdout.write(render_diff(found, args.format))
    return 0


COMMAND = Command(name="diff", help="what changed between two rule sets, in legal terms", setup=setup, run=run)
