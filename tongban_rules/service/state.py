"""The rule set in force, and hot reload that never drops a request.

A ``Snapshot`` is one loaded and checked rule set with its digest and load time.  ``Rules``
holds the snapshot in force in one attribute: a request reads it once and decides everything
with that snapshot, so its answer and the digest it reports always belong together.  A reload
(``SIGHUP``, ``--watch``) builds the new snapshot in a background thread and swaps it in with
one assignment; when the new files do not load, or the checks find errors, the old snapshot
stays in force and the diagnostics are logged.

``build`` is the one place that turns a path into a rule set: a rules directory, or a rule
bundle (``load.bundle``, checked when it was built).
"""

from __future__ import annotations

import gc
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..calendar.today import china_today
from ..checks import check_loaded
from ..diagnostics import Diagnostic, Severity
from ..errors import RulesError
from ..load.bundle import is_bundle
from ..load.loader import load_rules, load_tree
from ..load.ruleset import RuleSet

log = logging.getLogger("tongban.service")

@dataclass(frozen=True, slots=True)
class Snapshot:
    ruleset: RuleSet
    digest: str
    loaded_at: str  # UTC, ISO 8601


def build(path: str | os.PathLike) -> Snapshot:
    """Load and check the rule set at ``path``; ``RulesError`` with the errors if it has any.

    The one place the service turns a path into rules: a rule bundle (checked when it was
    built) is loaded here instead of the tree, without the second check."""
    if is_bundle(path):
        return _snapshot(load_rules(path))  # RulesError (TB040) when unusable
    ruleset, diags = load_tree(path)
    if ruleset is not None and not any(d.severity is Severity.ERROR for d in diags):
        diags = check_loaded(ruleset, diags, path, china_today())
    errors = [d for d in diags if d.severity is Severity.ERROR]
    if ruleset is None or errors:
        raise RulesError(errors or diags)
    return _snapshot(ruleset)


def _snapshot(ruleset: RuleSet) -> Snapshot:
    stamp = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return Snapshot(ruleset, ruleset.digest, stamp)


class Rules:
    """The snapshot in force (``current``) and its reloads; one reloader thread at most."""

    def __init__(self, path: str | os.PathLike, snapshot: Snapshot):
        self.path = Path(path)
        self.current = snapshot
        self._wake: tuple[int, int] | None = None

    def request_reload(self, *_: object) -> None:
        """Ask for a reload; safe in a signal handler (one non-blocking write, no lock)."""
        if self._wake is None:
            return
        try:
            os.write(self._wake[1], b"r")
        except BlockingIOError:  # a reload is already asked for
            pass

    def start(self) -> None:
        """Start the reloader thread in the process that serves (after any fork: the pipe that
        wakes it is this process's own)."""
        read_end, write_end = os.pipe()
        os.set_blocking(write_end, False)
        self._wake = (read_end, write_end)
        threading.Thread(target=self._reloader, args=(read_end,), name="tongban-reload", daemon=True).start()

    def _reloader(self, read_end: int) -> None:
        while os.read(read_end, 4096):  # many requests while loading: one reload
            self.reload()

    def reload(self) -> bool:
        """Build the rule set anew and put it in force; keep the old one if it fails."""
        old = self.current
        try:
            new = build(self.path)
        except RulesError as exc:
            log.error("reload refused, still serving %s:\n%s", old.digest[:12], _text(exc.diagnostics))
            return False
        except Exception:  # a bug must not take the service down: keep serving what works
            log.exception("reload failed, still serving %s", old.digest[:12])
            return False
        if new.digest == old.digest:
            log.info("reload: rules unchanged (%s)", old.digest[:12])
            return True
        self.current = new  # the swap: one reference assignment
        gc.freeze()  # the new rule set is long-lived: keep the collector from walking it
        log.info("reload: now serving %s (was %s, %d items)", new.digest[:12], old.digest[:12],
                 len(new.ruleset.items))
        return True


def _text(diagnostics: list[Diagnostic], limit: int = 50) -> str:
    """The first ``limit`` diagnostics, one a line (``file:line:column: CODE message``, English)."""
    lines = [f"{d.file}:{d.line}:{d.column}: {d.code} {d.text('en')[0]}" for d in diagnostics[:limit]]
    if len(diagnostics) > limit:
        lines.append(f"… {len(diagnostics) - limit} more")
    return "\n".join(lines)
