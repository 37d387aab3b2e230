"""``tongban render`` and ``tongban build``: the guides as a static site.

    tongban render [RULES] [-o guides_out] [--as-of DATE] [-j N] [--format F] [--lang zh|en]
    tongban build  [RULES] [-o guides_out] [--as-of DATE] [-j N] [--format F] [--lang zh|en]
                   [--deadlines warning|error]

``build`` checks the rules first (validation, cases, checks).  Both refuse to render rules with
errors: exit 1 with the diagnostics (as text on stderr; json, github or sarif on stdout).
Exit 0 rendered, 1 errors or a failed render (the previous output is then untouched), 2 usage.
"""

from __future__ import annotations

import argparse
import sys

from ..calendar.today import china_today
from .options import Command, as_of_option, deadlines_option, format_option, lang_option, rules_argument
from .output import aside, emit, summary


def progress_printer(stream):
    """A one-line progress indicator for a terminal."""
    def report(done: int, total: int) -> None:
        stream.write(f"\r渲染 {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return report


def setup_render(p: argparse.ArgumentParser) -> None:
    rules_argument(p)
    p.add_argument("-o", "--output", default="guides_out",
                   help="output folder, replaced as a whole (default: guides_out)")
    as_of_option(p, "render the versions in force on DATE (YYYY-MM-DD) and report overdue tasks as of it")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: up to 2)")
    format_option(p)
    lang_option(p)


def run_render(args: argparse.Namespace) -> int:
    return _render(args, checks=None)


def setup_build(p: argparse.ArgumentParser) -> None:
    setup_render(p)
    deadlines_option(p, "overdue task-list items are warnings (default) or errors")


def run_build(args: argparse.Namespace) -> int:
    from ..checks import check_loaded

    as_of = args.as_of or china_today()
    print(f"检查日期 (as of): {as_of.isoformat()}" if args.lang == "zh" else f"checked as of {as_of.isoformat()}",
          file=sys.stderr)
    return _render(args, checks=lambda ruleset: check_loaded(ruleset, [], args.rules, as_of,
                                                             deadlines=args.deadlines))


def _render(args: argparse.Namespace, checks) -> int:
    from ..render import RenderError, build_site

    progress = progress_printer(sys.stderr) if sys.stderr.isatty() else None
    try:
        result = build_site(args.rules, args.output, args.as_of, progress=progress, workers=args.jobs, checks=checks)
    except RenderError as exc:
        print(f"tongban render: {exc}", file=sys.stderr)
        return 1
    if not result.ok:
        emit(result.diagnostics, args, aside(args))
        print(summary(result.diagnostics, args.lang), file=sys.stderr)
        print("规则有错误，未生成指南。" if args.lang == "zh" else "the rules have errors; nothing rendered.",
              file=sys.stderr)
        return 1
    if result.diagnostics:
        print(summary(result.diagnostics, args.lang) + ("（tongban check 列出全部）" if args.lang == "zh"
                                                        else " (tongban check lists them)"), file=sys.stderr)
    print(f"{len(result.paths)} 个文件 → {args.output}" if args.lang == "zh"
          else f"{len(result.paths)} files → {args.output}", file=sys.stderr)
    return 0


RENDER = Command(name="render", help="render the guides (办事指南), indexes and derived lists into a folder",
                 setup=setup_render, run=run_render)
BUILD = Command(name="build", help="the main job: check the rules (validation, cases, checks), then render the guides",
                setup=setup_build, run=run_build)
