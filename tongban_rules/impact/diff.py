"""What changed between two rule sets, in legal terms: item by item, version by version.

``diff(old, new)`` compares the loaded models, never the text: a version's conditions, materials,
limits, fees, modes, presence, scope, effective dates and sources (and every other field) are
compared as values, keyed lists (conditions by ``id``, materials by ``material``, fee entries by
``id``, sources by address) by key.  What differs only in order (``ordering``) or only in the
file's text — comments, quoting, indentation (``formatting``) — is reported as cosmetic.

Versions pair by ``effective_from``.  A version of NEW that starts on a day no version of OLD
starts on is compared with the OLD version it replaces: an unpaired OLD version when there is one
(a moved date), else the one in force on that day (a **version split**, status ``split``).
``diff_render`` lays a ``Diff`` out as text, markdown or JSON (``schema/diff.schema.json``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ..load.ruleset import RuleSet
from ..model import items as m
from .diff_fields import Change, compare_items

__all__ = ["Change", "VersionDiff", "ItemDiff", "Diff", "diff"]


@dataclass(frozen=True)
class VersionDiff:
    """One version of an item: ``status`` added / removed / changed / split / cosmetic;
    ``base`` the ``effective_from`` of the OLD version a new one is compared with."""

    effective_from: date
    status: str
    changes: tuple[Change, ...] = ()
    cosmetic: tuple[str, ...] = ()
    base: date | None = None


@dataclass(frozen=True)
class ItemDiff:
    item: str
    name: str
    status: str  # added / removed / changed / cosmetic
    versions: tuple[VersionDiff, ...]


@dataclass(frozen=True)
class Diff:
    old: str
    new: str
    items: tuple[ItemDiff, ...]
    #: registry entries (laws, materials, licences, departments, regional lists): kind -> (added, removed, changed)
    registries: Mapping[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
    #: material id -> its name (from both rule sets), to name the materials that changed
    names: Mapping[str, str]

    @property
    def changed(self) -> bool:
        return any(i.status != "cosmetic" for i in self.items) or any(any(v) for v in self.registries.values())

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in ("added", "removed", "changed", "cosmetic")}
        for item in self.items:
            out[item.status] += 1
        return out


def diff(old: RuleSet, new: RuleSet, *, old_label: str = "", new_label: str = "") -> Diff:
    """Every item and registry entry that differs between ``old`` and ``new``."""
    ids = sorted(set(old.versions) | set(new.versions))
    found = (_item(i, old, new) for i in ids)
    return Diff(old=old_label or old.root, new=new_label or new.root,
                items=tuple(d for d in found if d is not None), registries=_registries(old, new),
                names={k: v.name for rs in (old, new) for k, v in rs.materials.items()})


def _item(item_id: str, old: RuleSet, new: RuleSet) -> ItemDiff | None:
    before = old.versions.get(item_id, ())
    after = new.versions.get(item_id, ())
    versions = tuple(_versions([v.item for v in before], [v.item for v in after], before, after))
    if not versions:
        return None
    name = (after or before)[-1].item.name
    status = "added" if not before else "removed" if not after else \
        "cosmetic" if all(v.status == "cosmetic" for v in versions) else "changed"
    return ItemDiff(item=item_id, name=name, status=status, versions=versions)


def _versions(olds: list[m.Item], news: list[m.Item], old_rec: tuple, new_rec: tuple):
    by_day = {o.effective_from: (o, r) for o, r in zip(olds, old_rec)}
    paired = {n.effective_from for n in news} & set(by_day)
    spare = [o for o in olds if o.effective_from not in paired]
    for n, rec in zip(news, new_rec):
        if n.effective_from in by_day:
            o, orec = by_day[n.effective_from]
            found = _pair(o, n, orec, rec, "changed")
        elif spare:
            o = spare.pop(0)
            found = _pair(o, n, None, None, "changed")
        else:
            base = _in_force(olds, n.effective_from)
            found = VersionDiff(n.effective_from, "added") if base is None else \
                _pair(base, n, None, None, "split")
        if found is not None:
            yield found
    for o in spare:
        yield VersionDiff(o.effective_from, "removed")


def _in_force(olds: list[m.Item], day: date) -> m.Item | None:
    before = [o for o in olds if o.effective_from <= day]
    return before[-1] if before else None


def _pair(o: m.Item, n: m.Item, orec, nrec, status: str) -> VersionDiff | None:
    changes, cosmetic = compare_items(o, n)
    base = o.effective_from if status == "split" or o.effective_from != n.effective_from else None
    if changes or status == "split":
        return VersionDiff(n.effective_from, status, changes, cosmetic, base)
    texts = (_text(orec), _text(nrec))
    if not cosmetic and None not in texts and texts[0] != texts[1]:
        cosmetic = ("formatting",)
    return VersionDiff(n.effective_from, "cosmetic", (), cosmetic) if cosmetic else None


def _text(record) -> str | None:
    """The file's text; None where there is none to compare (a bundle keeps only the model)."""
    source = getattr(getattr(record, "origin", None), "source", None)
    return getattr(source, "text", None) or None


_REGISTRIES = ("laws", "materials", "licences", "departments", "implementations", "calendar_years")


def _registries(old: RuleSet, new: RuleSet) -> dict:
    out = {}
    for kind in _REGISTRIES:
        a, b = getattr(old, kind), getattr(new, kind)
        added = tuple(sorted(str(k) for k in set(b) - set(a)))
        removed = tuple(sorted(str(k) for k in set(a) - set(b)))
        changed = tuple(sorted(str(k) for k in set(a) & set(b) if a[k] != b[k]))
        out[kind] = (added, removed, changed)
    return out
