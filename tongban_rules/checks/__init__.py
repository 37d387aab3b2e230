"""Consistency checks of a whole rule set (``tongban check``).

Public API::

    from tongban_rules.checks import check, CHECKS
    diagnostics = check("rules", as_of=date(2026, 1, 1), select=["TB6"], ignore=None,
                        deadlines="warning")

``check`` returns every finding of every file in one sorted list: validation (TB0–TB4),
decision cases (TB420–TB422) and the checks below.  When the rules cannot be loaded at all it
returns the validation diagnostics.

The registry, one module per family (an explicit tuple — no discovery):

=======  ====================  ================================================
family   module                what
=======  ====================  ================================================
TB31x    ``unused``            registry entries nothing refers to
TB5      ``identity``          versions, 基本编码, 四级四同 in regional lists
TB60x    ``presence``          presence on site and its legal basis
TB61–65  ``modes``             the three handling modes and their scopes
TB7      ``limits``            time limits and fees (TB705 in ``horizon``)
TB8      ``regional``          regional implementation lists and the task list
TB90x    ``content``           bases, completeness, prose vs machine drift
TB907/9  ``provenance``        reviewed items rest on official sources, shown by their address
TB91x    ``coverage``          decision-case coverage of the conditions
=======  ====================  ================================================
"""

from __future__ import annotations

import os
from datetime import date

from ..diagnostics import Diagnostic
from ..load.loader import CacheSetting, Track
from . import content, coverage, identity, limits, modes, presence, provenance, regional, unused
from .base import Check, Context, Finding
from .runner import Report, parse_codes, run, run_loaded

CHECKS: tuple[Check, ...] = (
    *unused.CHECKS,
    *identity.CHECKS,
    *presence.CHECKS,
    *modes.CHECKS,
    *limits.CHECKS,
    *regional.CHECKS,
    *content.CHECKS,
    *provenance.CHECKS,
    *coverage.CHECKS,
)

BY_CODE: dict[str, Check] = {c.code: c for c in CHECKS}


def check(path: str | os.PathLike = "rules", as_of: date | None = None, *, select=None, ignore=None,
          deadlines: str = "warning", cache: CacheSetting = True) -> list[Diagnostic]:
    """Every diagnostic of the rule set at ``path``, sorted (see the module docstring).

    ``as_of`` is the date the task-list deadlines and current versions are judged at (default:
    today).  ``select`` / ``ignore``: codes or prefixes (``"TB6,TB701"`` or a list).
    ``deadlines="error"`` makes a missed task-list deadline (TB850) an error.  ``cache``: True
    (the user's cache of validated files), False (none) or a directory (``loader.CacheSetting``).
    Raises ``ValueError`` for a bad ``select``/``ignore``/``deadlines``/``as_of`` argument.
    """
    return run(path, CHECKS, as_of, select=select, ignore=ignore, deadlines=deadlines, cache=cache).diagnostics


def check_report(path: str | os.PathLike = "rules", as_of: date | None = None, *, select=None, ignore=None,
                 deadlines: str = "warning", cache: CacheSetting = True, track: Track | None = None) -> Report:
    """Like ``check``, with the date used, the case coverage and the time per stage (``track``:
    see ``loader.Track``)."""
    return run(path, CHECKS, as_of, select=select, ignore=ignore, deadlines=deadlines, cache=cache, track=track)


def check_loaded(ruleset, diagnostics: list[Diagnostic], path: str | os.PathLike, as_of: date | None = None, *,
                 deadlines: str = "warning") -> list[Diagnostic]:
    """``check`` on a rule set already loaded from ``path`` by ``loader.load_tree`` (no second load)."""
    return run_loaded(ruleset, diagnostics, path, CHECKS, as_of, deadlines=deadlines).diagnostics


__all__ = ["check_loaded", "CHECKS", "BY_CODE", "Check", "Context", "Finding", "Report", "check", "check_report",
           "parse_codes"]
