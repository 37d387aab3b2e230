"""``RuleSet``: every file of a rule set, parsed and linked, immutable after load."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Mapping

from ..model import items as m
from ..calendar.days import WorkingCalendar
from ..calendar.statutory import HolidayLaw
from ..decide.decide import decide as _decide
from ..decide.decide import decide_batch as _decide_batch
from ..decide.decide import eligible as _eligible
from ..regions import Regions
from ..source.read import SourceFile

_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Origin:
    """Which file a model came from (for positions of findings)."""

    kind: str
    source: SourceFile
    #: the model itself: holding it keeps ``id(model)`` unique for the life of the RuleSet
    model: object = None


@dataclass(frozen=True)
class RuleSet:
    root: str
    digest: str
    items: Mapping[str, tuple[m.Item, ...]]  # id -> versions, oldest first
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
    #: id(model) -> Origin, for every top-level model (items, registries, lists, cases)
    origins: Mapping[int, Origin] = field(default_factory=lambda: _EMPTY)
    #: extra per-item data computed at load time (compiled conditions) keyed by id(item)
    compiled: Mapping[int, Any] = field(default_factory=lambda: _EMPTY)

    def origin(self, obj: object) -> Origin | None:
        return self.origins.get(id(obj))

    def item_ids(self) -> tuple[str, ...]:
        return tuple(sorted(self.items))

    def all_items(self) -> tuple[m.Item, ...]:
        return tuple(v for vid in sorted(self.items) for v in self.items[vid])

    def version(self, item_id: str, on: date) -> m.Item | None:
        """The version of ``item_id`` in force on ``on`` (None if none is)."""
        for item in self.items.get(item_id, ()):
            if item.effective_from <= on and (item.effective_until is None or on < item.effective_until):
                return item
        return None

    def latest(self, item_id: str) -> m.Item:
        return self.items[item_id][-1]

    def decide(self, item_id: str, facts, *, region: str, on: date):
        """Decide one case; see ``tongban_rules.decide``.  Pure: the date is an argument."""
        return _decide(self, item_id, facts, region=region, on=on)

    def eligible(self, item_id: str, facts, *, on: date) -> bool | None:
        """Just the outcome of ``decide`` (True / False / None for undetermined), faster."""
        return _eligible(self, item_id, facts, on=on)

    def decide_batch(self, item_id: str, many, *, region: str, on: date) -> list:
        """Decide many cases of one item at one region on one date (faster than one by one)."""
        return _decide_batch(self, item_id, many, region=region, on=on)

    def __repr__(self) -> str:
        return f"RuleSet(root={self.root!r}, items={len(self.items)}, digest={self.digest[:12]})"


def calendar_from_years(years: Mapping[int, m.CalendarYear],
                        measures: m.HolidayMeasures | None = None) -> WorkingCalendar:
    """The working-day calendar of the notices, provisional beyond them when ``measures`` is given."""
    return WorkingCalendar.from_ranges({
        y.year: (tuple((h.from_, h.to) for h in y.holidays), tuple(w.date for w in y.workdays))
        for y in years.values()
    }, HolidayLaw.from_model(measures) if measures is not None else None)
