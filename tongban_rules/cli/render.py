"""``tongban render [RULES] [-o guides_out] [--as-of DATE]``: the guides as a static site.

Refuses to render rules with errors (exit 1, diagnostics on stderr in the text format).
Exit 0 rendered, 1 errors or a failed render (the previous output is then untouched), 2 usage.
"""

from __future__ import annotations

import argparse
import sys

from ..calendar.today import china_today
from .main import command, iso_date, summary
from ..diagnostics import format_text
from ..render import RenderError, build_site


def progress_printer(stream):
    """A one-line progress indicator for a terminal."""
    def report(done: int, total: int) -> None:
        stream.write(f"\r渲染 {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return report


def _setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("rules", nargs="?", default="rules", help="rule directory (default: rules)")
    p.add_argument("-o", "--output", default="guides_out", help="output folder, replaced as a whole (default: guides_out)")
    p.add_argument("--as-of", type=iso_date, default=None, metavar="DATE",
                   help="render the versions in force on DATE (YYYY-MM-DD) and report overdue tasks as of it")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: up to 2)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language (default: zh)")


@command("render", "render the guides (办事指南), indexes and derived lists into a folder")(_setup)
def run_render(args: argparse.Namespace) -> int:
    return _render(args, checks=None)


def _setup_build(p: argparse.ArgumentParser) -> None:
    _setup(p)
    p.add_argument("--deadlines", choices=("warning", "error"), default="warning",
                   help="overdue task-list items are warnings (default) or errors")


@command("build", "the main job: check the rules (validation, cases, checks), then render the guides")(_setup_build)
def run_build(args: argparse.Namespace) -> int:
    from ..checks import check_loaded

    as_of = args.as_of or china_today()
    print(f"检查日期 (as of): {as_of.isoformat()}" if args.lang == "zh" else f"checked as of {as_of.isoformat()}",
          file=sys.stderr)
    return _render(args, checks=lambda ruleset: check_loaded(ruleset, [], args.rules, as_of,
                                                             deadlines=args.deadlines))


def _render(args: argparse.Namespace, checks) -> int:
    progress = progress_printer(sys.stderr) if sys.stderr.isatty() else None
    try:
        result = build_site(args.rules, args.output, args.as_of, progress=progress, workers=args.jobs, checks=checks)
    except RenderError as exc:
        print(f"tongban render: {exc}", file=sys.stderr)
        return 1
    if not result.ok:
        sys.stderr.write(format_text(result.diagnostics, args.lang))
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
