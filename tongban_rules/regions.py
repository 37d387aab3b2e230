"""GB/T 2260 administrative divisions and regional groups, as loaded from the registry.

``Regions`` answers the questions conditions, scopes and routing ask: is a code known (on a
given day), does one region lie within another, which province is a region in, who belongs to
a group (川渝, 西南五省 …).  Codes are 6-character strings of ASCII digits, and only codes in
the registry are known: it lists every province-, prefecture- and county-level code in use
since its dataset's ``since`` day, each with the days it was in use (``valid_from`` /
``valid_until``, both inclusive), so a decision on a day accepts the codes in use that day.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import date
from types import MappingProxyType
from typing import Literal, cast

from .model import items as m
from .model.items import Region, RegionGroup


def is_code(value: object) -> bool:
    """Six ASCII digits (``str.isdigit`` alone would take ``51０104``)."""
    return value.__class__ is str and len(value) == 6 and value.isascii() and value.isdigit()


def level_of(code: str) -> Literal["province", "prefecture", "county"]:
    """GB/T 2260's structure: ``XX0000`` a province, ``XXYY00`` a prefecture, else a county."""
    return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"


def parent_of(code: str, listed: Collection[str]) -> str | None:
    """A county's prefecture when that is listed, else (municipalities, 省直辖县级 units, and
    prefectures) the province; None for a province."""
    if code.endswith("0000"):
        return None
    prefecture = code[:4] + "00"
    return prefecture if prefecture != code and prefecture in listed else code[:2] + "0000"


def _days(entry: str | m.RegionDays | Region) -> tuple[str, date | None, date | None]:
    if isinstance(entry, str):
        return entry, None, None
    return entry.name, entry.valid_from, entry.valid_until


class Regions:
    """The codes and groups of a registry.  Compact codes (``codes``: name, or name and days of
    use) become ``Region`` objects only when asked for: most loads never ask."""

    __slots__ = ("_regions", "_compact", "_names", "_groups", "_spans", "_timeless", "_provinces")

    def __init__(self, regions: Iterable[Region], groups: Iterable[RegionGroup] = (),
                 codes: Mapping[str, str | m.RegionDays] | None = None):
        explicit = {r.code: r for r in regions}
        compact = {c: _days(d) for c, d in (codes or {}).items() if c not in explicit}
        self._regions: Mapping[str, Region] = MappingProxyType(explicit)
        #: compact codes: (name, valid_from, valid_until)
        self._compact: Mapping[str, tuple[str, date | None, date | None]] = MappingProxyType(compact)
        self._names: Mapping[str, str] = MappingProxyType(
            {**{c: d[0] for c, d in compact.items()}, **{c: r.name for c, r in explicit.items()}})
        self._groups: Mapping[str, RegionGroup] = MappingProxyType({g.id: g for g in groups})
        #: first and last day of use of the codes that have either (most have neither)
        every = (*compact.items(), *((c, _days(r)) for c, r in explicit.items()))
        self._spans: Mapping[str, tuple[date, date]] = MappingProxyType(
            {code: (start or date.min, end or date.max) for code, (_, start, end) in every if start or end})
        self._timeless: frozenset[str] | None = None
        self._provinces: tuple[str, ...] | None = None

    @property
    def timeless(self) -> frozenset[str]:
        """The listed codes in use on every day (no ``valid_from`` or ``valid_until``): most of them."""
        if self._timeless is None:
            self._timeless = frozenset(self._names.keys() - self._spans.keys())
        return self._timeless

    @classmethod
    def of(cls, registry: m.RegionRegistry | None) -> Regions:
        """The regions and groups of a (merged) registry, written-out and compact codes alike."""
        if registry is None:
            return cls(())
        return cls(registry.regions, registry.groups, registry.codes)

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self):
        return (self.get(code) for code in self._names)

    def codes(self) -> Iterator[str]:
        """The listed codes, in the order ``iter`` gives their regions (without making them)."""
        return iter(self._names)

    def get(self, code: str) -> Region | None:
        if code.__class__ is not str:
            return None
        found = self._regions.get(code)
        if found is None and code in self._compact:
            name, start, end = self._compact[code]
            found = Region(code=code, name=name, level=level_of(code), parent=parent_of(code, self._names),
                           valid_from=start, valid_until=end)
        return found

    def is_listed(self, code: str) -> bool:
        """In the registry, whatever the day (registry codes are ASCII: the model's pattern)."""
        return code.__class__ is str and code in self._names

    def is_known(self, code: str, on: date | None = None) -> bool:
        """Listed, and in use on ``on`` (any day when ``on`` is None)."""
        if code.__class__ is not str or code not in self._names:
            return False
        span = self._spans.get(code) if on is not None else None
        return span is None or span[0] <= on <= span[1]  # type: ignore[operator]  # on is set with span

    def status(self, code: object, on: date | None = None) -> str:
        """Why a code is refused on ``on``: ``unknown``, ``expired`` or ``not-yet`` (else ``known``)."""
        if not is_code(code) or code not in self._names:
            return "unknown"
        start, end = self._spans.get(code, (date.min, date.max))  # type: ignore[call-overload]
        return "known" if on is None or start <= on <= end else "expired" if on > end else "not-yet"

    def refusal(self, code: object, on: date | None = None,
                where: tuple[str, str] = ("", "")) -> tuple[str, dict] | None:
        """None when ``code`` is known (on ``on``); else the TB414 variant and its parameters.
        ``where`` prefixes the message (zh, en), e.g. with the fact the code was given for."""
        status = self.status(code, on)
        if status == "known":
            return None
        params: dict = {"region": code, "where": where[0], "where_en": where[1]}
        if status == "unknown":
            return "", params
        since, until = self.span(code)  # type: ignore[arg-type]
        return status, {**params, "name": self.name(code), "on": on, "since": since, "until": until}  # type: ignore[arg-type]

    def span(self, code: str) -> tuple[date | None, date | None]:
        """``(valid_from, valid_until)`` of a listed code."""
        start, end = self._spans.get(code, (date.min, date.max))
        return (None if start == date.min else start), (None if end == date.max else end)

    def province_of(self, code: str) -> str:
        return code[:2] + "0000"

    def prefecture_of(self, code: str) -> str | None:
        if code.endswith("0000"):
            return None
        return code[:4] + "00"

    def level(self, code: str) -> str:
        region = self._regions.get(code)
        return region.level if region else level_of(code)  # a compact code's level is its code's

    def within(self, code: str, ancestor: str) -> bool:
        """``code`` equals ``ancestor`` or lies inside it (by the GB/T 2260 code structure)."""
        if code == ancestor:
            return True
        if ancestor.endswith("0000"):
            return code[:2] == ancestor[:2]
        if ancestor.endswith("00"):
            return code[:4] == ancestor[:4]
        return False

    def prefix(self, code: str) -> str:
        """The code prefix shared by every region within ``code`` (see ``within``)."""
        return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code

    def group(self, name: str) -> frozenset[str] | None:
        found = self._groups.get(name)
        return frozenset(found.members) if found else None

    def groups(self) -> Mapping[str, RegionGroup]:
        return self._groups

    def in_group(self, code: str, name: str) -> bool:
        members = self.group(name) or frozenset()
        return any(self.within(code, m) for m in members)

    def name(self, code: str) -> str:
        return self._names.get(code, code) if code.__class__ is str else str(code)

    def full_name(self, code: str) -> str:
        """The name with its province first, for a region below a province (江苏省东台市)."""
        province = self.province_of(code)
        return self.name(code) if province == code else self.name(province) + self.name(code)

    def provinces(self) -> tuple[str, ...]:
        if self._provinces is None:
            self._provinces = tuple(sorted(c for c in self._names if self.level(c) == "province"))
        return self._provinces


def scope_test(scope: m.Scope, regions) -> Callable[[str], bool]:
    """A fast membership test for ``scope`` (GB/T 2260 codes nest by prefix)."""
    if scope.kind == "nationwide":
        return lambda region: True
    if scope.kind == "intra_province":
        members: tuple[str, ...] = (cast(str, scope.province),)  # the Scope validator requires it here
    elif scope.kind == "provinces":
        members = scope.provinces
    else:
        members = tuple(regions.group(scope.group) or ())
    prefixes = tuple(sorted({_prefix(code) for code in members}))
    return lambda region: region.startswith(prefixes)


def _prefix(code: str) -> str:
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code


def in_scope(ruleset, scope: m.Scope, region: str) -> bool:
    """Whether ``region`` lies in ``scope`` (the same test decisions use, see ``scope_test``)."""
    return scope_test(scope, ruleset.regions)(region)


def modes_at(ruleset, item: m.Item, region: str) -> tuple[str, ...]:
    """The handling modes offered at ``region`` (each mode's own scope, else the item's)."""
    if not in_scope(ruleset, item.scope, region):
        return ()
    return tuple(name for name in item.modes.offered()
                 if in_scope(ruleset, getattr(item.modes, name).scope or item.scope, region))
