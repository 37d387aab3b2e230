"""``tongban impact``: what a rule change does to a set of applications.

    tongban impact --applications FILE --old OLD --new NEW [--engine duckdb|python|spark]
                   [--format text|json|html] [--rows-out FILE] [-o REPORT]
    tongban impact --generate N [--rules DIR] [--seed S] -o FILE

The first form decides every application under OLD and NEW (rule directories, bundles or git
revisions of ``--repo``, as for ``tongban diff``) and
reports what flips (``impact.report``); exit 0, 1 bad applications or rules (diagnostics on
stderr), 2 usage.  The second writes N synthetic applications (``impact.generate``) as CSV,
JSON Lines or Parquet, by the extension of FILE.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .options import Command, lang_option
from .output import usage


def setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--applications", metavar="FILE", help="applications: .csv, .jsonl or .parquet")
    p.add_argument("--old", metavar="OLD", help="the rules before the change (directory, bundle or git revision)")
    p.add_argument("--new", metavar="NEW", help="the rules after the change (directory, bundle or git revision)")
    p.add_argument("--engine", choices=("duckdb", "python", "spark"), default="duckdb",
                   help="decision engine: duckdb (default), python (the reference) or spark")
    p.add_argument("--format", choices=("text", "json", "html"), default="text", help="report format (default: text)")
    p.add_argument("--rows-out", metavar="FILE", help="every decision as a JSON line (old and new per application)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report (or the generated applications) here")
    p.add_argument("--generate", type=int, metavar="N", help="write N synthetic applications to -o instead")
    p.add_argument("--rules", default="rules", help="the rules the synthetic applications are drawn for")
    p.add_argument("--seed", type=int, default=0, help="seed of the synthetic applications (default 0)")
    p.add_argument("--repo", default=".", metavar="DIR", help="the git repository OLD and NEW revisions are read from")
    lang_option(p)


def _load(spec: str, args: argparse.Namespace | None = None):
    """The rule set ``spec`` names (a directory, a bundle, or with ``args`` a git revision of
    ``--repo``), or None after printing why it does not load."""
    from ..errors import RulesError
    from ..formats.text import format_text
    from ..impact.sources import SourceError, load_side
    from ..load.loader import load_rules

    try:
        return load_side(spec, Path(args.repo)) if args is not None else load_rules(spec)
    except SourceError as exc:
        lang = args.lang if args is not None else "zh"
        print(f"tongban impact: {exc.code} {exc.message if lang == 'zh' else exc.message_en}", file=sys.stderr)
    except RulesError as exc:
        sys.stderr.write(format_text(exc.diagnostics))
    return None


def _generate(args: argparse.Namespace) -> int:
    from ..impact import generate

    if args.generate < 1 or not args.output:
        return usage("--generate takes N >= 1 and -o FILE")
    if Path(args.output).suffix.lower() not in (".csv", ".jsonl", ".ndjson", ".parquet"):
        return usage("-o must end in .csv, .jsonl, .ndjson or .parquet")
    rules = _load(args.rules)
    if rules is None:
        return 1
    generate.write(generate.generate(rules, args.generate, args.seed), generate.columns_of(rules), Path(args.output))
    print(f"{args.generate} synthetic applications written to {args.output}", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    if args.generate is not None:
        return _generate(args)
    if not (args.applications and args.old and args.new):
        return usage("impact needs --applications, --old and --new (or --generate N -o FILE)")
    old, new = _load(args.old, args), _load(args.new, args)
    if old is None or new is None:
        return 1
    return _report(args, old, new)


def _report(args: argparse.Namespace, old, new) -> int:
    from ..formats.text import format_text
    from ..impact.run import InputError, impact

    rows = open(args.rows_out, "w", encoding="utf-8", newline="\n") if args.rows_out else None
    try:
        report = impact(args.applications, old, new, engine=args.engine, rows_out=rows)
    except InputError as exc:
        sys.stderr.write(format_text(exc.diagnostics, args.lang))
        return 1
    finally:
        if rows is not None:
            rows.close()
    text = _formatted(report, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _formatted(report: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        from ..impact.present import format_html

        return format_html(report)
    from ..impact.present import format_report

    return format_report(report)


COMMAND = Command(name="impact", help="what a rule change does to a set of applications", setup=setup, run=run)
