"""Field-by-field comparison of two versions of an item (``diff`` pairs the versions).

Every field is compared as JSON-ready values (``model_dump(mode="json")``): lists whose entries
have a key (conditions, facts and fee entries by ``id``, materials by ``material``, sources by
address or title, modes by name) entry by entry; lists that are sets in law (levels, themes,
service objects, delivery) as sets.  A change is ``Change(field, action, key, old, new)``;
what differs only in order is reported as cosmetic (``ordering``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import items as m

__all__ = ["Change", "FIELDS", "compare_items"]

#: the fields in the order a reviewer reads them: the legal ones first
FIELDS: tuple[str, ...] = (
    "conditions", "materials", "legal_limit", "promised_limit", "fees", "modes", "presence", "scope",
    "effective_from", "effective_until", "sources", "legal_basis", "facts", "name", "catalog_code", "item_type",
    "levels", "department", "authority_kind", "service_objects", "themes", "routing", "results", "delivery",
    "process", "status", "note",
)
_KEYS: dict[str, Callable[[dict], str]] = {
    "conditions": lambda d: d["id"], "facts": lambda d: d["id"], "materials": lambda d: d["material"],
    "sources": lambda d: d.get("url") or d.get("document") or d["title"],
}
_SETS = frozenset({"levels", "themes", "service_objects", "delivery"})


@dataclass(frozen=True)
class Change:
    """One change: ``field`` of the item, ``action`` added / removed / changed, ``key`` the entry of
    a keyed list (a condition's id, a material, a fee entry's id, a mode, a source's address),
    ``old`` / ``new`` its JSON-ready values (None where absent)."""

    field: str
    action: str
    key: str | None
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "action": self.action, "key": self.key, "old": self.old, "new": self.new}


def compare_items(old: m.Item, new: m.Item) -> tuple[tuple[Change, ...], tuple[str, ...]]:
    """(the changes, the cosmetic differences) from ``old`` to ``new``."""
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    changes: list[Change] = []
    reordered = False
    for name in FIELDS:
        found, moved = _field(name, a[name], b[name])
        changes += found
        reordered = reordered or moved
    return tuple(changes), ("ordering",) if reordered else ()


def _field(name: str, a: Any, b: Any) -> tuple[list[Change], bool]:
    if a == b:
        return [], False
    if name in _KEYS:
        return _keyed(name, a, b, _KEYS[name])
    if name == "fees":
        return _fees(a, b)
    if name == "modes":
        return _keyed_map(name, a, b), False
    if name in _SETS and sorted(a) == sorted(b):
        return [], True
    action = "added" if a is None else "removed" if b is None else "changed"
    return [Change(name, action, None, a, b)], False


def _keyed(name: str, a: list, b: list, key: Callable[[dict], str]) -> tuple[list[Change], bool]:
    old = _index(a, key)
    new = _index(b, key)
    changes = [Change(name, "removed", k, v, None) for k, v in old.items() if k not in new]
    for k, v in new.items():
        if k not in old:
            changes.append(Change(name, "added", k, None, v))
        elif old[k] != v:
            changes.append(Change(name, "changed", k, old[k], v))
    return changes, not changes and a != b  # the same entries in another order


def _index(values: list, key: Callable[[dict], str]) -> dict[str, dict]:
    """Entries by key; a key met twice gets its position added so that neither is lost."""
    out: dict[str, dict] = {}
    for i, value in enumerate(values):
        k = key(value)
        out[f"{k}#{i + 1}" if k in out else k] = value
    return out


def _keyed_map(name: str, a: dict | None, b: dict | None) -> list[Change]:
    a, b = a or {}, b or {}
    out = []
    for k in dict.fromkeys([*a, *b]):
        x, y = a.get(k), b.get(k)
        if x != y:
            out.append(Change(name, "added" if x is None else "removed" if y is None else "changed", k, x, y))
    return out


def _fees(a: dict | None, b: dict | None) -> tuple[list[Change], bool]:
    if a is None or b is None or a["free"] != b["free"]:
        action = "added" if a is None else "removed" if b is None else "changed"
        return [Change("fees", action, None, a, b)], False
    changes = [] if a["basis"] == b["basis"] else [Change("fees", "changed", "basis", a["basis"], b["basis"])]
    found, moved = _keyed("fees", a["entries"], b["entries"], lambda d: d["id"])
    return changes + found, moved
