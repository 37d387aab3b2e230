"""Run a rule set through validation, its decision cases and the checks; place every finding.

``run(path, …)`` loads the rules (``loader.load_tree``), runs the decision cases
(``cases.run_cases``) and every selected check, and turns each ``Finding`` into a
``Diagnostic`` (``diagnostics.place``) at the file, line and column of its key path.
``--select`` / ``--ignore`` take codes and prefixes (``TB6``, ``TB60``, ``TB601``) and apply to
every diagnostic, validation included.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..calendar.today import china_today
from ..decide.cases import diagnostics as case_diagnostics
from ..decide.cases import run_cases
from ..diagnostics import Diagnostic, Finding, Severity, sort_diagnostics
from ..load.loader import CacheSetting, Track, classify, gc_paused, load_tree
from ..load.partial import Pruned, placed
from ..load.ruleset import RuleSet
from ..source.read import SourceFile
from . import incremental
from .base import Check, Context
from .coverage import Coverage, VersionCoverage, coverage
from .summary import summarize

_PREFIX = re.compile(r"^TB[0-9]{0,3}$")
DEADLINES = ("warning", "error")


def parse_codes(spec: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"TB6,TB701"`` or ``["TB6"]`` → ``("TB6", "TB701")``; ValueError for anything else."""
    if spec is None:
        return ()
    parts = spec.split(",") if isinstance(spec, str) else [p for s in spec for p in str(s).split(",")]
    out = tuple(p.strip().upper() for p in parts if p.strip())
    bad = [p for p in out if not _PREFIX.match(p)]
    if bad:
        raise ValueError(f"not a check code or prefix: {', '.join(bad)} (e.g. TB6, TB60, TB601)")
    return out


@dataclass(frozen=True, kw_only=True)
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def wants(self, code: str) -> bool:
        if self.select and not code.startswith(self.select):
            return False
        return not (self.ignore and code.startswith(self.ignore))

    def wants_family(self, prefix: str) -> bool:
        """Whether any code starting with ``prefix`` could be wanted."""
        if self.select and not any(prefix.startswith(s) or s.startswith(prefix) for s in self.select):
            return False
        return not (self.ignore and prefix.startswith(self.ignore))


@dataclass(kw_only=True)
class Report:
    diagnostics: list[Diagnostic]
    as_of: date
    coverage: Coverage | None = None
    #: seconds per stage: "load", "cases", and each check family ("TB5", "TB6", …)
    timings: dict[str, float] = field(default_factory=dict)


def run(path: str | os.PathLike, checks: Sequence[Check], as_of: date | None = None, *,
        select=None, ignore=None, deadlines: str = "warning", cache: CacheSetting = True,
        track: Track | None = None) -> Report:
    """Load the rules at ``path`` and run ``checks`` (``track``: shows the progress of the files
    read and the checks run, see ``loader.Track``)."""
    if deadlines not in DEADLINES:
        raise ValueError(f"deadlines must be one of {DEADLINES}, got {deadlines!r}")
    if as_of is not None and type(as_of) is not date:
        raise ValueError(f"as_of must be a datetime.date, got {as_of!r}")
    started = time.perf_counter()
    target = incremental.plan(Path(path), cache, as_of or china_today(), deadlines) \
        if cache and os.path.isdir(path) else None
    if target is not None:
        planned = time.perf_counter() - started
        try:
            report = _incrementally(target, path, checks, as_of or china_today(), select=select, ignore=ignore,
                                    deadlines=deadlines, cache=cache, track=track)
        finally:
            target.store.close()
        report.timings = {"plan": planned, **report.timings}
        return report
    ruleset, diags = load_tree(path, cache=cache, track=track)
    loaded = time.perf_counter() - started
    with gc_paused():  # a large rule set is millions of long-lived objects: full collections would dominate
        report = run_loaded(ruleset, diags, path, checks, as_of, select=select, ignore=ignore, deadlines=deadlines,
                            track=track)
    report.timings = {"load": loaded, **report.timings}
    return report


def run_loaded(ruleset: RuleSet | None, diags: list[Diagnostic], path: str | os.PathLike, checks: Sequence[Check],
               as_of: date | None = None, *, select=None, ignore=None, deadlines: str = "warning",
               track: Track | None = None) -> Report:
    """``run`` on a rule set already loaded from ``path`` (``load_tree``'s two results)."""
    if deadlines not in DEADLINES:
        raise ValueError(f"deadlines must be one of {DEADLINES}, got {deadlines!r}")
    chosen = Selection(select=parse_codes(select), ignore=parse_codes(ignore))
    as_of = as_of or china_today()
    timings: dict[str, float] = {}
    if ruleset is None:
        return Report(diagnostics=[d for d in diags if chosen.wants(d.code)], as_of=as_of, timings=timings)
    out = list(diags)
    started = time.perf_counter()
    results = _run_cases(ruleset) if chosen.wants_family("TB42") or chosen.wants_family("TB91") else []
    out += case_diagnostics(ruleset, results)
    timings["cases"] = time.perf_counter() - started
    ctx = Context(ruleset, as_of, deadlines, tuple(results), _broken_kinds(Path(path), diags))
    out += _checked(ruleset, ctx, checks, chosen=chosen, timings=timings, track=track)
    report_coverage = coverage(ctx) if results or ruleset.items else None
    return Report(diagnostics=sort_diagnostics(d for d in out if chosen.wants(d.code)), as_of=as_of,
                  coverage=report_coverage, timings=timings)


def _incrementally(target: incremental.Plan, path: str | os.PathLike, checks: Sequence[Check], as_of: date, *,
                   select, ignore, deadlines: str, cache: CacheSetting, track: Track | None) -> Report:
    """``run`` that loads and checks only the units ``target`` names fresh (``checks.incremental``)."""
    chosen = Selection(select=parse_codes(select), ignore=parse_codes(ignore))
    part, started = target.part, time.perf_counter()
    whole = len(target.fresh) == len(part.units)
    ruleset, diags = load_tree(path, cache=cache, keep=None if whole else target.keep, track=track,
                               listed=part.listed)
    timings = {"load": time.perf_counter() - started}
    assert ruleset is not None  # ``path`` is a directory
    with gc_paused():
        started = time.perf_counter()
        results = _run_cases(ruleset)
        own = diags + case_diagnostics(ruleset, results)
        timings["cases"] = time.perf_counter() - started
        broken = _broken_kinds(Path(path), diags)
        ctx = Context(ruleset, as_of, deadlines, tuple(results), broken)
        own += _checked(ruleset, ctx, incremental.checks_of_one_item(checks), chosen=None, timings=timings,
                        track=track)
        kept = [u for u in part.units.values() if u.id not in target.fresh and u.kept is not None]
        summaries, rows = _summaries(target, ruleset, kept, coverage(ctx).versions)
        across = Context(ruleset, as_of, deadlines, tuple(results), broken, given_summaries=summaries)
        out = own + _checked(ruleset, across, incremental.checks_across(checks), chosen=chosen, timings=timings)
        out += [d for u in kept if u.kept for d in u.kept.diagnostics]
        _remember(target, summaries, diags, own, rows)
    report_coverage = Coverage(versions=tuple(sorted(rows, key=lambda r: (r.item, r.effective_from)))) \
        if rows or results else None
    return Report(diagnostics=sort_diagnostics(d for d in out if chosen.wants(d.code)), as_of=as_of,
                  coverage=report_coverage, timings=timings)


def _checked(ruleset: RuleSet, ctx: Context, checks: Sequence[Check], *, chosen: Selection | None,
             timings: dict[str, float], track: Track | None = None) -> list[Diagnostic]:
    """The placed findings of ``checks`` (those ``chosen`` wants, or all)."""
    out: list[Diagnostic] = []
    for chk in track(list(checks)) if track else checks:
        if chosen is not None and not chosen.wants(chk.code):
            continue
        started = time.perf_counter()
        out += [d for d in (place_finding(ruleset, chk, f) for f in chk(ctx)) if d is not None]
        timings[chk.family] = timings.get(chk.family, 0.0) + time.perf_counter() - started
    return out


def _summaries(target: incremental.Plan, ruleset: RuleSet, kept: list[incremental.Unit],
               fresh_rows: Iterable[VersionCoverage]) -> tuple[dict, list[VersionCoverage]]:
    """Every item's version summaries and coverage rows: the loaded ones' and the kept ones'."""
    summaries = {item_id: tuple(summarize(v.item, v.origin.source) for v in versions)
                 for item_id, versions in ruleset.versions.items()}
    rows = list(fresh_rows)
    for unit in kept:
        if unit.kept is not None and unit.kept.versions:
            summaries[unit.id] = unit.kept.versions
        rows += unit.kept.coverage if unit.kept is not None else ()
    return dict(sorted(summaries.items())), rows


def _remember(target: incremental.Plan, summaries: dict, loaded: list[Diagnostic], own: list[Diagnostic],
              rows: list[VersionCoverage]) -> None:
    """Keep each fresh unit's findings, summaries and coverage for the next run."""
    part = target.part
    files = {display: (u.id, rel) for u in part.units.values() if u.id in target.fresh for rel, display, _ in u.files}
    found: dict[str, list[Diagnostic]] = {}
    broken: dict[str, set[str]] = {}
    by_item: dict[str, list[VersionCoverage]] = {}
    for d in own:
        if d.file in files:
            found.setdefault(files[d.file][0], []).append(d)
    for d in loaded:
        if d.file in files and d.severity is Severity.ERROR:
            broken.setdefault(files[d.file][0], set()).add(classify(files[d.file][1]) or "")
    for row in rows:
        by_item.setdefault(row.item, []).append(row)
    for unit_id in target.fresh:
        versions = [(v, files.get(v.file().path, ("", ""))[1]) for v in summaries.get(unit_id, ())]
        incremental.remember(target.store, part.units[unit_id], found.get(unit_id, ()), versions,
                             by_item.get(unit_id, ()), broken.get(unit_id, set()) - {""})


def _run_cases(ruleset: RuleSet) -> list:
    """Decision cases of every item that loaded and compiled (others already have diagnostics)."""
    def ready(item_id: str) -> bool:
        versions = ruleset.versions.get(item_id, ())
        return bool(versions) and all(v.compiled is not None and not isinstance(v.origin.source, Pruned)
                                      for v in versions)

    ids = sorted(ruleset.cases)
    good = [cid for cid in ids if ready(cid)]
    if len(good) == len(ids):
        return run_cases(ruleset)
    return [r for cid in good for r in run_cases(ruleset, cid)]


def _broken_kinds(root: Path, diags: Iterable[Diagnostic]) -> frozenset[str]:
    kinds = set()
    base = root.resolve()
    for d in diags:
        if d.severity is not Severity.ERROR:
            continue
        try:
            rel = Path(d.file).resolve().relative_to(base).as_posix()
        except (ValueError, OSError):
            continue
        kinds.add(classify(rel) or "")
    return frozenset(kinds - {""})


# ------------------------------------------------------------------ positions


def place_finding(ruleset: RuleSet, chk: Check, finding: Finding) -> Diagnostic | None:
    """The diagnostic for ``finding`` of ``chk``, in the file of its target; None when the file had
    schema errors and the finding touches a part cut out of it (``load.partial``), or is about
    case coverage (its cases do not run)."""
    if isinstance(finding.target, SourceFile):
        source = finding.target
    else:
        origin = ruleset.origin(finding.target)
        assert origin is not None, f"{chk.code}: no origin for {type(finding.target).__name__}"
        source = origin.source
    if isinstance(source, Pruned) and chk.code.startswith(_NEEDS_CASES):
        return None
    return next(iter(placed((finding,), source)), None)


#: checks whose findings come from running the decision cases
_NEEDS_CASES = ("TB91",)
