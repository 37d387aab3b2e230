"""What the checks across items read of each item version: a ``VersionSummary``.

Most checks look at one item at a time.  A few look across all of them — registry entries no
item cites (TB31x), one 基本编码 for two items (TB503), regional lists and the task list against
the items they name (TB504, TB8xx), the longest time limit against the calendar (TB705).  They
read items through these summaries only, so that ``checks.incremental`` can keep an unchanged
item's summary as data (JSON) and run those checks without reviving the item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..diagnostics import KeyPath
from ..model import items as m
from ..source.read import SourceFile

REF_KINDS = ("laws", "materials", "licences", "departments")


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionSummary:
    id: str
    effective_from: date
    effective_until: date | None
    status: str
    offered: tuple[str, ...]
    name: str
    catalog_code: str | None
    item_type: str
    legal_limit: m.TimeLimit | None
    promised_limit: m.PromisedLimit | None
    scope: m.Scope
    #: registry kind -> the ids this version refers to
    refs: Mapping[str, tuple[str, ...]]
    #: the file the version came from (read on demand when it was not loaded)
    file: Callable[[], SourceFile] = field(compare=False, repr=False)

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_until is None or on < self.effective_until)


def summarize(item: m.Item, source: SourceFile) -> VersionSummary:
    """The summary of one loaded item version."""
    return VersionSummary(
        id=item.id, effective_from=item.effective_from, effective_until=item.effective_until,
        status=item.status, offered=item.modes.offered(), name=item.name, catalog_code=item.catalog_code,
        item_type=item.item_type, legal_limit=item.legal_limit, promised_limit=item.promised_limit,
        scope=item.scope, refs=_refs(item), file=lambda: source)


def _refs(item: m.Item) -> dict[str, tuple[str, ...]]:
    materials = item.materials
    licences = [lic for u in materials for lic in u.licences] + [r.licence for r in item.results if r.licence]
    departments = [item.department] + [u.shared_data.department for u in materials if u.shared_data]
    found = {"laws": [c.law for _, c in citations(item)], "materials": [u.material for u in materials],
             "licences": licences, "departments": departments}
    return {kind: tuple(sorted(set(ids))) for kind, ids in found.items()}


def current(versions: tuple[VersionSummary, ...], on: date) -> VersionSummary | None:
    """The version in force on ``on``, else the latest (as ``Context.current`` chooses)."""
    if not versions:
        return None
    return next((v for v in versions if v.in_force(on)), versions[-1])


# ------------------------------------------------------------------ as data


def to_data(summary: VersionSummary) -> dict[str, Any]:
    """The summary as JSON-ready data (its file is known by the unit it is kept with)."""
    def limit(value: m.TimeLimit | None) -> str | None:
        return None if value is None else value.model_dump_json(exclude_unset=True)

    return {"id": summary.id, "from": summary.effective_from.isoformat(),
            "until": summary.effective_until.isoformat() if summary.effective_until else None,
            "status": summary.status, "offered": list(summary.offered), "name": summary.name,
            "catalog_code": summary.catalog_code, "item_type": summary.item_type,
            "legal_limit": limit(summary.legal_limit), "promised_limit": limit(summary.promised_limit),
            "scope": summary.scope.model_dump_json(exclude_unset=True),
            "refs": {k: list(v) for k, v in summary.refs.items()}}


class Reviver:
    """Summaries back from data; the few distinct limits and scopes are validated once each."""

    def __init__(self) -> None:
        self._models: dict[tuple[type[m.Model], str], Any] = {}

    def summary(self, data: Mapping[str, Any], file: Callable[[], SourceFile]) -> VersionSummary:
        until = data["until"]
        return VersionSummary(
            id=data["id"], effective_from=date.fromisoformat(data["from"]),
            effective_until=date.fromisoformat(until) if until else None, status=data["status"],
            offered=tuple(data["offered"]), name=data["name"], catalog_code=data["catalog_code"],
            item_type=data["item_type"], legal_limit=self._model(m.TimeLimit, data["legal_limit"]),
            promised_limit=self._model(m.PromisedLimit, data["promised_limit"]),
            scope=self._model(m.Scope, data["scope"]),
            refs={k: tuple(data["refs"][k]) for k in REF_KINDS}, file=file)

    def _model(self, cls: type[m.Model], text: str | None) -> Any:
        """The model of JSON ``text`` (as the model wrote it: strict validation reads it back)."""
        if text is None:
            return None
        key = (cls, text)
        if key not in self._models:
            self._models[key] = cls.model_validate_json(text)
        return self._models[key]


def citations(item: m.Item) -> Iterator[tuple[KeyPath, m.Citation]]:
    """Every citation of an item, with its key path."""
    for i, cite in enumerate(item.legal_basis):
        yield ("legal_basis", i), cite
    for i, cond in enumerate(item.conditions):
        for j, cite in enumerate(cond.basis):
            yield ("conditions", i, "basis", j), cite
    for name in ("legal_limit", "promised_limit"):
        limit = getattr(item, name)
        if limit is not None and limit.basis:
            yield (name, "basis"), limit.basis
        if limit is not None and limit.extension and limit.extension.basis:
            yield (name, "extension", "basis"), limit.extension.basis
    if item.fees is not None:
        if item.fees.basis:
            yield ("fees", "basis"), item.fees.basis
        for i, entry in enumerate(item.fees.entries):
            yield ("fees", "entries", i, "basis"), entry.basis
    if item.presence.basis:
        yield ("presence", "basis"), item.presence.basis
