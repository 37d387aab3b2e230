"""``RuleSet``: every file of a rule set, parsed and linked, immutable after load.

What the loader learnt about each file travels with what was read from it: every item version
is an ``ItemVersion`` (the model, the ``Origin`` file it came from, its compiled plan), and every
other file an ``Origin`` filed under its kind and name.  Nothing is keyed by ``id(model)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType

from ..calendar.days import WorkingCalendar
from ..calendar.statutory import HolidayLaw
from ..decide.decide import decide as _decide
from ..decide.decide import decide_batch as _decide_batch
from ..decide.decide import eligible as _eligible
from ..decide.fastpath import SLOW as _SLOW
from ..decide.fastpath import build as _fast_build
from ..decide.plan import CompiledItem
from ..decide.whatif import what_if as _what_if
from ..model import items as m
from ..regions import Regions
from ..source.read import SourceFile

_EMPTY: Mapping = MappingProxyType({})

#: the field that names a file of each kind in the ``RuleSet`` (``implementations[region]`` …);
#: registries have none (one kind may span several files) and are filed under their path
NAMED_BY = {"calendar": "year", "implementation": "region", "cases": "item", "tasklist": None}
_KIND_OF: dict[type, str] = {cls: kind for kind, cls in m.KINDS.items()}


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin:
    """One loaded file: its kind, its text (with positions) and the model read from it."""

    kind: str
    source: SourceFile
    model: object


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemVersion:
    """One version of an item as loaded: the model, its file, and its compiled plan (None when
    the version's expressions have errors: only in a ``RuleSet`` from ``load_tree`` with errors)."""

    item: m.Item
    origin: Origin
    compiled: CompiledItem | None


def file_name(kind: str, model: object, path: str) -> str:
    """The name an ``Origin`` is filed under in ``RuleSet.files`` (with its kind)."""
    if kind not in NAMED_BY:
        return path
    attr = NAMED_BY[kind]
    return str(getattr(model, attr)) if attr else kind


@dataclass(frozen=True, kw_only=True)
class RuleSet:
    root: str
    digest: str
    #: item id -> its versions, oldest first
    versions: Mapping[str, tuple[ItemVersion, ...]]
    laws: Mapping[str, m.Law] = field(default_factory=lambda: _EMPTY)
    materials: Mapping[str, m.Material] = field(default_factory=lambda: _EMPTY)
    licences: Mapping[str, m.Licence] = field(default_factory=lambda: _EMPTY)
    departments: Mapping[str, m.Department] = field(default_factory=lambda: _EMPTY)
    regions: Regions = field(default_factory=lambda: Regions(()))
    calendar_years: Mapping[int, m.CalendarYear] = field(default_factory=lambda: _EMPTY)
    calendar: WorkingCalendar = field(default_factory=lambda: WorkingCalendar({}))
    #: 《全国年节及纪念日放假办法》 (``calendar/holiday-measures.yaml``): provisional years beyond the notices
    holiday_measures: m.HolidayMeasures | None = None
    tasklist: m.TaskList | None = None
    implementations: Mapping[str, m.ImplementationList] = field(default_factory=lambda: _EMPTY)
    cases: Mapping[str, m.CaseFile] = field(default_factory=lambda: _EMPTY)
    #: (kind, name) -> the file, for every file but the items', in load order (see ``file_name``)
    files: Mapping[tuple[str, str], Origin] = field(default_factory=lambda: _EMPTY)
    #: a rule set loaded from a bundle (``load.bundle``): its digest, engine, build time, format
    #: and number of items; its ``versions`` revive an item on first use, and it has no cases
    bundle: Mapping[str, object] | None = None

    @cached_property
    def items(self) -> Mapping[str, tuple[m.Item, ...]]:
        """item id -> its versions' models, oldest first."""
        if self.bundle is not None:  # revived item by item, as they are asked for
            return self.versions.models  # type: ignore[attr-defined]
        return MappingProxyType({k: tuple(v.item for v in vs) for k, vs in self.versions.items()})

    def record(self, item: m.Item) -> ItemVersion | None:
        """The loaded version whose model is ``item``."""
        for found in self.versions.get(item.id, ()):
            if found.item is item:
                return found
        return None

    def origin(self, obj: object) -> Origin | None:
        """The file a top-level model (item version, list, case file, task list …) came from."""
        if isinstance(obj, m.Item):
            found = self.record(obj)
            return found.origin if found else None
        kind = _KIND_OF.get(type(obj))
        if kind in NAMED_BY:
            origin = self.files.get((kind, file_name(kind, obj, "")))
            return origin if origin is not None and origin.model is obj else None
        return next((o for o in self.sources(kind or "") if o.model is obj), None)

    def sources(self, kind: str) -> Iterator[Origin]:
        """Every file of ``kind`` (other than items), in load order."""
        return (o for (k, _), o in self.files.items() if k == kind)

    def item_ids(self) -> tuple[str, ...]:
        return tuple(sorted(self.versions))

    def all_items(self) -> tuple[m.Item, ...]:
        return tuple(v.item for vid in sorted(self.versions) for v in self.versions[vid])

    def in_force(self, item_id: str, on: date) -> ItemVersion | None:
        """The loaded version of ``item_id`` in force on ``on`` (None if none is)."""
        for found in self.versions.get(item_id, ()):
            item = found.item
            if item.effective_from <= on and (item.effective_until is None or on < item.effective_until):
                return found
        return None

    def version(self, item_id: str, on: date) -> m.Item | None:
        """The version of ``item_id`` in force on ``on`` (None if none is)."""
        found = self.in_force(item_id, on)
        return found.item if found else None

    def latest(self, item_id: str) -> m.Item:
        return self.versions[item_id][-1].item

    def decide(self, item_id: str, facts, *, region: str, on: date):
        """Decide one case; see ``tongban_rules.decide``.  Pure: the date is an argument."""
        return _decide(self, item_id, facts, region=region, on=on)

    def eligible(self, item_id: str, facts, *, on: date, region: str | None = None) -> bool | None:
        """Just the outcome of ``decide`` (True / False / None for undetermined), faster; a
        condition on the accepting region stays unknown without ``region``."""
        fast = self._fast_eligible.get(item_id)
        if fast is None:
            if item_id not in self.versions:
                return _eligible(self, item_id, facts, on=on, region=region)  # raises TB411
            fast = self._fast_eligible[item_id] = _fast_build(
                [(v.item, v.compiled) for v in self.versions[item_id]], self.regions)
        answer = fast(facts, on, region)
        if answer is not _SLOW:
            return answer  # type: ignore[return-value]
        return _eligible(self, item_id, facts, on=on, region=region)

    @cached_property
    def _fast_eligible(self) -> dict[str, Callable]:
        """item id -> its generated eligibility test (``decide.fastpath``), made on first use."""
        return {}

    def what_if(self, item_id: str, facts, *, region: str, on: date) -> tuple:
        """For an ineligible or undetermined case, the smallest verified changes of facts (or the
        earliest date, or another accepting region) that make it eligible; see ``decide.whatif``."""
        return _what_if(self, item_id, facts, region=region, on=on)

    def decide_batch(self, item_id: str, many, *, region: str, on: date) -> list:
        """Decide many cases of one item at one region on one date (faster than one by one)."""
        return _decide_batch(self, item_id, many, region=region, on=on)

    def __repr__(self) -> str:
        return f"RuleSet(root={self.root!r}, items={len(self.versions)}, digest={self.digest[:12]})"


def calendar_from_years(years: Mapping[int, m.CalendarYear],
                        measures: m.HolidayMeasures | None = None) -> WorkingCalendar:
    """The working-day calendar of the notices, provisional beyond them when ``measures`` is given."""
    return WorkingCalendar.from_ranges({
        y.year: (tuple((h.from_, h.to) for h in y.holidays), tuple(w.date for w in y.workdays))
        for y in years.values()
    }, HolidayLaw.from_model(measures) if measures is not None else None)
