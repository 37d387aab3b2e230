"""GB/T 2260 administrative divisions and regional groups, as loaded from the registry.

``Regions`` answers the questions conditions, scopes and routing ask: is a code known, does
one region lie within another, which province is a region in, who belongs to a group
(川渝, 西南五省 …).  Codes are 6-digit strings.  A code not in the registry but whose
prefecture or province is known is accepted as a county of that parent, so that a
district created after the registry's date does not break a decision; ``is_listed`` tells
the strict answer.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Callable, Iterable, Mapping

from .model import items as m
from .model.items import Region, RegionGroup


class Regions:
    __slots__ = ("_regions", "_groups")

    def __init__(self, regions: Iterable[Region], groups: Iterable[RegionGroup] = ()):
        self._regions: Mapping[str, Region] = MappingProxyType({r.code: r for r in regions})
        self._groups: Mapping[str, RegionGroup] = MappingProxyType({g.id: g for g in groups})

    def __len__(self) -> int:
        return len(self._regions)

    def __iter__(self):
        return iter(self._regions.values())

    def get(self, code: str) -> Region | None:
        return self._regions.get(code)

    def is_listed(self, code: str) -> bool:
        return code in self._regions

    def is_known(self, code: str) -> bool:
        """Listed, or a well-formed code whose prefecture or province is listed."""
        if not (isinstance(code, str) and len(code) == 6 and code.isdigit()):
            return False
        return code in self._regions or code[:4] + "00" in self._regions or (
            code[:2] + "0000" in self._regions and code[2:4] != "00"
        )

    def province_of(self, code: str) -> str:
        return code[:2] + "0000"

    def prefecture_of(self, code: str) -> str | None:
        if code.endswith("0000"):
            return None
        return code[:4] + "00"

    def level(self, code: str) -> str:
        region = self._regions.get(code)
        if region:
            return region.level
        return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"

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
        region = self._regions.get(code)
        if region:
            return region.name
        parent = self.prefecture_of(code)
        if parent and parent in self._regions:
            return f"{self._regions[parent].name}（{code}）"
        return code

    def provinces(self) -> tuple[str, ...]:
        return tuple(sorted(c for c, r in self._regions.items() if r.level == "province"))


def scope_test(scope: m.Scope, regions) -> Callable[[str], bool]:
    """A fast membership test for ``scope`` (GB/T 2260 codes nest by prefix)."""
    if scope.kind == "nationwide":
        return lambda region: True
    if scope.kind == "intra_province":
        members: tuple[str, ...] = (scope.province,)
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
