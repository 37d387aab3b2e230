"""The shape every check shares: ``Check`` (a code and its docstring), ``Finding`` and ``Context``.

A check is a small generator function decorated with ``@rule(code)``; its name and severity
are the code's, in the code table (``codes``).  It receives the ``Context`` of one run and
yields ``Finding`` s: the model (or registry source file) the problem is in (``target``), a
key path inside that file and the parameters of the code's message.  Where the key path is on
the page, and the message's wording, are ``diagnostics.place``'s business, not the check's.

The function's docstring is the check's documentation (``docs/codes.md`` is generated from
it) and follows a fixed outline::

    One-line summary.

    What: what is checked.
    Why: the policy clause (川办发〔2020〕76号 二（二） …) or law behind it.
    Example: a failing snippet (indented YAML).
    Fix: what the author should do.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

from .. import codes
from ..codes import SECTIONS, Severity, sections
from ..diagnostics import Finding, KeyPath
from ..load.loader import REGISTRIES
from ..load.ruleset import RuleSet
from ..model import items as m
from ..source.read import SourceFile, read_source
from .summary import VersionSummary, citations, current, summarize

__all__ = ["Check", "Context", "Finding", "SECTIONS", "citations", "rule", "sections"]


@dataclass(frozen=True, kw_only=True)
class Check:
    code: str
    run: Callable[[Context], Iterator[Finding]]
    doc: str

    @property
    def name(self) -> str:
        return codes.lookup(self.code).name

    @property
    def severity(self) -> Severity:
        return codes.lookup(self.code).severity

    @property
    def family(self) -> str:
        return self.code[:3]

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip()

    def section(self, name: str) -> str:
        return sections(self.doc).get(name, "")

    def __call__(self, ctx: Context) -> Iterator[Finding]:
        """The check's findings, each with the check's code."""
        return (replace(f, code=self.code) if not f.code else f for f in self.run(ctx))


def rule(code: str) -> Callable[[Callable], Check]:
    """Turn a generator function into a registered-ready ``Check`` for ``code``."""

    def wrap(func: Callable[[Context], Iterator[Finding]]) -> Check:
        assert codes.CODE.match(code), code
        doc = inspect.cleandoc(func.__doc__ or "")
        missing = [s for s in SECTIONS if s not in sections(doc)]
        assert not missing, f"{code} docstring lacks {missing}"
        return Check(code=code, run=func, doc=doc)

    return wrap


# ------------------------------------------------------------------ context


@dataclass
class Context:
    """Everything a check may look at during one run.  Built once per run; never global."""

    ruleset: RuleSet
    as_of: date
    deadlines: str = "warning"
    #: case results (``cases.run_cases``), for coverage
    results: tuple = ()
    #: file kinds that had load errors (references into/out of them cannot be judged)
    broken: frozenset[str] = frozenset()
    #: item id -> its versions' summaries, when they come from elsewhere than ``ruleset``
    #: (``checks.incremental``); else made from the rule set's items on first use
    given_summaries: Mapping[str, tuple[VersionSummary, ...]] | None = None

    # What several checks use is computed once per run, on first use (``cached_property``);
    # nothing survives the run.

    @cached_property
    def all_items(self) -> tuple[m.Item, ...]:
        return self.ruleset.all_items()

    @cached_property
    def limit_verdicts(self) -> dict:
        """Comparisons of time limits made so far (``calendar.limits.compare``'s memo)."""
        return {}

    @cached_property
    def registry_index(self) -> Mapping[str, Mapping[str, tuple[SourceFile, KeyPath]]]:
        """kind -> entry id -> (file, key path), for every registry (see ``registry_entry``)."""
        return {kind: _registry_index(self.ruleset, kind) for kind in REGISTRIES}

    @cached_property
    def summaries(self) -> Mapping[str, tuple[VersionSummary, ...]]:
        """item id -> the summaries of its versions, oldest first: what the checks across items read."""
        if self.given_summaries is not None:
            return self.given_summaries
        return {item_id: tuple(summarize(v.item, v.origin.source) for v in versions)
                for item_id, versions in sorted(self.ruleset.versions.items())}

    def current_summary(self, item_id: str) -> VersionSummary | None:
        """The summary of the version of ``item_id`` in force on ``as_of``, else of its latest."""
        found = self._current.get(item_id, self)
        if found is self:
            found = self._current[item_id] = current(self.summaries.get(item_id, ()), self.as_of)
        return found  # type: ignore[return-value]

    @cached_property
    def _current(self) -> dict[str, object]:
        return {}

    def items(self) -> tuple[m.Item, ...]:
        """Every version of every item, by id then date."""
        return self.all_items

    def current(self, item_id: str) -> m.Item | None:
        """The version of ``item_id`` in force on ``as_of``, else its latest version."""
        versions = self.ruleset.items.get(item_id)
        if not versions:
            return None
        return self.ruleset.version(item_id, self.as_of) or versions[-1]

    def registry_entry(self, kind: str, key: str) -> tuple[SourceFile, KeyPath] | None:
        """The file and key path where registry ``kind`` defines ``key`` (laws, materials, …)."""
        index = self.registry_index.get(kind)
        return index.get(key) if index is not None else None


def _registry_index(ruleset: RuleSet, kind: str) -> Mapping[str, tuple[SourceFile, KeyPath]]:
    """Map each entry id of a registry to (file, path), reading the registry files' values.

    The ``RuleSet`` keeps registry entries merged across files, without the file each came
    from, so the (few, small) registry files are read again here — only when a finding about
    a registry entry is reported.
    """
    index: dict[str, tuple[SourceFile, KeyPath]] = {}
    key = "code" if kind == "regions" else "id"
    for origin in ruleset.sources(kind):
        value = read_source(origin.source.text.encode("utf-8"), origin.source.path).value
        entries = value.get(kind, ()) if isinstance(value, dict) else ()
        for i, entry in enumerate(entries if isinstance(entries, (list, tuple)) else ()):
            if isinstance(entry, dict) and isinstance(entry.get(key), str):
                index.setdefault(entry[key], (origin.source, (kind, i, key)))
    return index
