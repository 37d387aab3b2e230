"""Render the guides (办事指南) and derived lists of a rule set into a static site.

Public API::

    from tongban_rules.render import render, build_site
    paths = render(ruleset, "guides_out", as_of=None)      # list[Path], sorted
    result = build_site("rules", "guides_out", as_of=None)  # load + refuse on errors + render

Output is deterministic (the same rules give byte-identical files; no clock is read — a date
appears only when ``as_of`` gives one) and atomic (see ``output.staging``).  Large sets are
rendered by two worker processes (fork), each with its own Jinja environment; the files are
the same as a single-process run because every page depends only on the ``Site``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..diagnostics import Diagnostic, has_errors, sort_diagnostics
from ..load.loader import load_tree
from . import env as env_module
from .output import RenderError, copy_static, staging, write
from .pages import Renderer, Site, Unit

__all__ = ["render", "build_site", "BuildResult", "RenderError", "Site"]

Progress = Callable[[int, int], None]
#: below this many units one process is faster than starting a pool
PARALLEL_MIN = 300
CHUNK = 40


def render(ruleset, out_dir: str | os.PathLike, *, as_of: date | None = None, progress: Progress | None = None,
           workers: int | None = None) -> list[Path]:
    """Render every page of ``ruleset`` into ``out_dir`` (replaced atomically); the files written.

    ``progress(done, total)`` is called as units of work finish.  ``workers`` defaults to
    ``min(2, cpu count)``.  Raises ``RenderError`` naming the page that failed; ``out_dir``
    is then untouched.
    """
    site = Site.build(ruleset, as_of)
    units = site.units()
    out = Path(out_dir)
    with staging(out, rules=ruleset.root or None) as tmp:
        rels = _run(site, units, tmp, progress, workers if workers is not None else min(2, os.cpu_count() or 1))
        rels += copy_static(tmp)
    return sorted(out / rel for rel in rels)


def _chunks(units: list[Unit], size: int) -> list[list[Unit]]:
    return [units[i:i + size] for i in range(0, len(units), size)]


def _run(site: Site, units: list[Unit], root: Path, progress: Progress | None, workers: int) -> list[str]:
    chunks, done, rels = _chunks(units, CHUNK), 0, []
    if workers > 1 and len(units) >= PARALLEL_MIN and "fork" in mp.get_all_start_methods():
        with mp.get_context("fork").Pool(workers, initializer=_init_worker, initargs=(site, root)) as pool:
            results: Iterable[list[str]] = pool.imap(_work, chunks)
            for chunk, written in zip(chunks, results):
                rels.extend(written)
                done = _tick(done, len(chunk), len(units), progress)
    else:
        renderer = Renderer(site, env_module.make_environment())
        for chunk in chunks:
            rels += _render_chunk(renderer, root, chunk)
            done = _tick(done, len(chunk), len(units), progress)
    return rels


def _tick(done: int, n: int, total: int, progress: Progress | None) -> int:
    if progress:
        progress(done + n, total)
    return done + n


def _render_chunk(renderer: Renderer, root: Path, chunk: list[Unit]) -> list[str]:
    rels: list[str] = []
    made: set[str] = set()
    for unit in chunk:
        try:
            pages = renderer.unit(unit)
        except Exception as exc:  # a template or view bug: name the page, keep the message picklable
            raise RenderError("TB030", page="/".join(unit), error=f"{type(exc).__name__}: {exc}") from None
        for rel, text in pages:
            write(root, rel, text, made)
            rels.append(rel)
    return rels


# The pool's per-process state: set once by the initializer in each worker (never in the parent).
_worker: tuple[Renderer, Path] | None = None


def _init_worker(site: Site, root: Path) -> None:
    global _worker
    _worker = (Renderer(site, env_module.make_environment()), root)


def _work(chunk: list[Unit]) -> list[str]:
    if _worker is None:
        raise RuntimeError("_work runs only in a pool worker set up by _init_worker")
    renderer, root = _worker
    return _render_chunk(renderer, root, chunk)


# ------------------------------------------------------------------ build (check + render)


@dataclass(frozen=True, kw_only=True)
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def build_site(path: str | os.PathLike, out: str | os.PathLike, as_of: date | None = None, *,
               progress: Progress | None = None, checks: Callable[[object], list[Diagnostic]] | None = None,
               workers: int | None = None) -> BuildResult:
    """Load the rules at ``path``; render into ``out`` only if no error was found.

    ``checks(ruleset) -> diagnostics`` adds findings (e.g. ``tongban check``'s) to the loader's.
    """
    ruleset, diagnostics = load_tree(path)
    if ruleset is not None and checks is not None and not has_errors(diagnostics):
        diagnostics = sort_diagnostics([*diagnostics, *checks(ruleset)])
    if ruleset is None or has_errors(diagnostics):
        return BuildResult(diagnostics=diagnostics)
    return BuildResult(diagnostics=diagnostics,
                       paths=render(ruleset, out, as_of=as_of, progress=progress, workers=workers))
