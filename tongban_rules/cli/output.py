"""How the commands print what they found: diagnostics in the chosen format, the summary line,
the per-code statistics, usage errors.  The only printing helpers of the package (``cli`` is the
only place that prints).

``report`` is the end of ``validate`` and ``check``: it applies what CI asked for —
``--write-baseline``, ``--baseline``, ``--changed-since`` — orders the findings errors first
(``formats.ordering``), prints them, the statistics (``--statistics``) and the summary, and
returns the exit status.  A problem with those options themselves (an unreadable baseline, a
bad git revision) is printed as its coded diagnostic, with exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from ..diagnostics import Diagnostic, has_errors
from ..formats import write
from ..formats.ordering import RANK, by_severity
from ..formats.text import format_terminal


def emit(diagnostics: Sequence[Diagnostic], args: argparse.Namespace, stream: TextIO | None = None) -> None:
    """``diagnostics`` in the format and language the command line asked for (stdout by default);
    text on a terminal carries level tags, in colour unless ``NO_COLOR`` is set."""
    out = stream or sys.stdout
    if args.format == "text" and _isatty(out):
        out.write(format_terminal(diagnostics, args.lang, color=not os.environ.get("NO_COLOR")))
        return
    write(diagnostics, args.format, args.lang, out)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def report(diagnostics: Sequence[Diagnostic], args: argparse.Namespace, anchor: str) -> int:
    """Print the findings of a ``validate`` or ``check`` run as the CI options ask; the exit status."""
    from .baseline import new_findings, read_baseline, write_baseline
    from .changed import changed_files

    found = list(diagnostics)
    if args.write_baseline:
        problem = write_baseline(args.write_baseline, found)
        if problem is not None:
            return _failed(problem, args)
        print(_written(args.write_baseline, len(found), args.lang), file=sys.stderr)
    for path in filter(None, (args.baseline, args.write_baseline)):
        known = read_baseline(path)
        if isinstance(known, Diagnostic):
            return _failed(known, args)
        found = new_findings(found, known)
    if args.changed_since:
        changed = changed_files(anchor, args.changed_since)
        if isinstance(changed, Diagnostic):
            return _failed(changed, args)
        found = [d for d in found if os.path.realpath(d.file) in changed]
    found = by_severity(found)
    emit(found, args)
    if args.statistics:
        print(statistics(found, args.lang), file=sys.stderr)
    if args.format == "text":
        print(summary(found, args.lang), file=sys.stderr)
    return 1 if has_errors(found) else 0


def _failed(problem: Diagnostic, args: argparse.Namespace) -> int:
    emit([problem], args)
    return 2


def _written(path: str, count: int, lang: str) -> str:
    return f"baseline written to {path}: {count} finding(s)" if lang == "en" else f"基线已写入 {path}：{count} 条"


def statistics(diagnostics: Sequence[Diagnostic], lang: str) -> str:
    """One line per code: how many findings, the code, its level and name; most frequent first."""
    from ..codes import lookup

    counts = Counter(d.code for d in diagnostics)
    level = {d.code: d.severity for d in diagnostics}
    rows = sorted(counts, key=lambda c: (RANK[level[c]], -counts[c], c))
    lines = [f"{counts[c]:>6}  {c}  {level[c].value:<7}  {_name(lookup, c)}" for c in rows]
    total = f"{len(diagnostics):>6}  " + ("in all" if lang == "en" else "合计")
    return "\n".join([*lines, total])


def _name(lookup, code: str) -> str:
    try:
        return lookup(code).name
    except KeyError:
        return ""


def summary(diagnostics: Sequence[Diagnostic], lang: str) -> str:
    errors = sum(1 for d in diagnostics if d.severity.value == "error")
    warnings = sum(1 for d in diagnostics if d.severity.value == "warning")
    if lang == "en":
        return f"{errors} error(s), {warnings} warning(s)"
    return f"{errors} 个错误, {warnings} 个警告"


def usage(message: str) -> int:
    """A usage error found after parsing (exit status 2)."""
    print(f"tongban: error: {message}", file=sys.stderr)
    return 2


def aside(args: argparse.Namespace) -> TextIO:
    """Where a command that makes something else (a site, case results) writes its diagnostics:
    as text to stderr, beside its progress messages; in a machine format (json, github, sarif) to
    stdout, which then carries nothing else, so that it can be redirected to a file."""
    return sys.stderr if args.format == "text" else sys.stdout
