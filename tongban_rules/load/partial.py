"""Every independent problem in one pass: what an item file with schema errors still lets us check.

When an item file fails its schema (TB201–TB204), the parts that failed are cut out of its
values — an unknown key, a field of the wrong type, a list entry that lacks a required key —
and the rest is validated again (a few rounds, as each cut may show the next problem).  A
misspelt required key (``departmnt`` for ``department``) lends its value to the key it was
meant to be.  The model that then validates, ``Salvaged``, is linked, compiled and checked like
any other, so a TB403 in a condition shows beside the TB201 of an unknown key; the file still
counts as broken (it has errors), and every finding on a cut part, its ancestors (the item as a
whole) or its descendants is left out, as those may only echo the schema error — and, where a
value was cut (not an unknown key), every finding in the mapping that held it (``presence.required``
beside a ``presence.basis`` of the wrong type).

A required top-level field that is missing or wrong cannot be cut, nor can a fact (the
conditions refer to the facts): such a file is reported with its schema errors only, as before.
Cutting list entries renumbers the entries after them; ``Pruned`` — the file's ``SourceFile``
with the cuts — maps key paths back to the file's own.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, Finding, KeyPath, place
from ..source.read import SourceFile
from .schema_errors import clean_loc, fields_at

#: validation rounds before giving up (each round cuts what the previous one showed)
ROUNDS = 4
#: what other parts of an item refer to: cutting a fact (or its id, type or values) would make
#: every condition that uses it an "undeclared fact", an echo of the schema error, so a problem
#: there is not cut around (an unknown key beside them is)
FOUNDATIONS = {"facts": frozenset({"id", "type", "values"})}


def _foundation(path: KeyPath) -> bool:
    parts = FOUNDATIONS.get(str(path[0]))
    return parts is not None and (len(path) <= 2 or path[2] in parts)


@dataclass
class Pruned(SourceFile):
    """A file whose values were cut: ``position`` takes key paths of the cut values."""

    cut: frozenset[KeyPath] = frozenset()
    #: cuts of a value (not of an unknown key): the mapping that held it is suspect as a whole
    near: frozenset[KeyPath] = frozenset()
    #: the original index of each kept entry, by list (in the file's own key paths)
    kept: Mapping[KeyPath, tuple[int, ...]] = field(default_factory=dict)

    def original(self, path: KeyPath) -> KeyPath:
        out: list[str | int] = []
        for part in path:
            indexes = self.kept.get(tuple(out))
            out.append(indexes[part] if indexes is not None and isinstance(part, int) and part < len(indexes) else part)
        return tuple(out)

    def position(self, path: KeyPath, *, at_key: bool = False) -> tuple[int, int]:
        return super().position(self.original(path), at_key=at_key)

    def restore(self, d: Diagnostic) -> Diagnostic:
        """``d`` with its key path in the file's own terms."""
        return replace(d, key_path=self.original(d.key_path))

    def hides(self, path: KeyPath) -> bool:
        """Whether a finding at ``path`` (of the cut values) touches a cut part."""
        own = self.original(path)
        if any(own[:len(c)] == c or c[:len(own)] == own for c in self.cut):
            return True
        return any(len(c) > 1 and isinstance(c[-1], str) and own[:len(c) - 1] == c[:-1] for c in self.near)


@dataclass(frozen=True)
class Salvaged:
    model: BaseModel
    source: Pruned


def salvage(model: type[BaseModel], value: Any, error: ValidationError, source: SourceFile) -> Salvaged | None:
    """The model of ``value`` with the parts ``error`` names cut out, if one validates."""
    cut: set[KeyPath] = set()
    unknown: set[KeyPath] = set()
    renamed: dict[KeyPath, KeyPath] = {}
    problems = _problems(error, None)
    for _ in range(ROUNDS):
        more = _cuts(model, value, problems, renamed, unknown)
        if more is None or not more - cut:
            return None
        cut |= more
        kept: dict[KeyPath, tuple[int, ...]] = {}
        pruned = _pruned(value, (), cut, renamed, kept)
        shown = Pruned(source.path, source.text, cut=frozenset(cut | set(renamed.values())), kept=kept,
                       near=frozenset(cut - unknown - set(renamed)))
        try:
            return Salvaged(model.model_validate(pruned), shown)
        except ValidationError as exc:
            problems = _problems(exc, shown)
    return None


def _problems(error: ValidationError, pruned: Pruned | None) -> list[tuple[str, KeyPath]]:
    """(error type, key path in the file) of each problem (a later round's mapped back)."""
    out = []
    for err in error.errors(include_url=False):
        path = clean_loc(err["loc"])[0]
        out.append((err["type"], pruned.original(path) if pruned is not None else path))
    return out


def _cuts(model: type[BaseModel], value: Any, problems: list[tuple[str, KeyPath]],
          renamed: dict[KeyPath, KeyPath], unknown: set[KeyPath]) -> set[KeyPath] | None:
    """The key paths to cut for ``problems`` (unknown keys also into ``unknown``); None when one
    cannot be cut (the top level, or a foundation other parts refer to)."""
    extra = {path for kind, path in problems if kind == "extra_forbidden"}
    out: set[KeyPath] = set()
    for kind, path in problems:
        if kind == "missing":
            path = _lender(model, path, extra, renamed) or path[:-1]
        target = _existing(value, path)
        if not target or (kind != "extra_forbidden" and _foundation(target)):
            return None
        out.add(target)
        if kind == "extra_forbidden" and target == path:
            unknown.add(target)
    return out


def _lender(model: type[BaseModel], missing: KeyPath, extra: set[KeyPath],
            renamed: dict[KeyPath, KeyPath]) -> KeyPath | None:
    """An unknown key beside ``missing`` whose name is close to it: its value is lent to it."""
    if not missing:
        return None
    siblings = [p[-1] for p in extra if p and p[:-1] == missing[:-1] and isinstance(p[-1], str)]
    close = difflib.get_close_matches(str(missing[-1]), siblings, n=1, cutoff=0.6)
    if not close or str(missing[-1]) not in fields_at(model, missing[:-1]):
        return None
    renamed[missing[:-1] + (close[0],)] = missing
    return missing[:-1] + (close[0],)


def _existing(value: Any, path: KeyPath) -> KeyPath:
    """The longest prefix of ``path`` that names a value in ``value``."""
    found: list[str | int] = []
    for part in path:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, (list, tuple)) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            break
        found.append(part)
    return tuple(found)


def _pruned(value: Any, path: KeyPath, cut: set[KeyPath], renamed: Mapping[KeyPath, KeyPath],
            kept: dict[KeyPath, tuple[int, ...]]) -> Any:
    """A copy of ``value`` without the cut parts (a lent value under its new key)."""
    if isinstance(value, dict):
        out = {}
        for key, sub in value.items():
            here = path + (key,)
            if here in renamed:
                out[renamed[here][-1]] = _pruned(sub, here, cut, renamed, kept)
            elif here not in cut:
                out[key] = _pruned(sub, here, cut, renamed, kept)
        return out
    if isinstance(value, (list, tuple)):
        indexes = tuple(i for i in range(len(value)) if path + (i,) not in cut)
        if len(indexes) != len(value):
            kept[path] = indexes
        items = [_pruned(value[i], path + (i,), cut, renamed, kept) for i in indexes]
        return tuple(items) if isinstance(value, tuple) else items  # strict models take the reader's tuples
    return value


def placed(findings: Iterable[Finding], source: SourceFile) -> list[Diagnostic]:
    """The diagnostics of ``findings`` in ``source``, but those a cut hides; their key paths
    are the file's own (a cut list entry renumbers the entries after it in the model)."""
    if not isinstance(source, Pruned):
        return [place(f, source) for f in findings]
    return [source.restore(place(f, source)) for f in findings if not source.hides(f.path)]


def hidden(diagnostics: Iterable[Diagnostic], sources: Iterable[SourceFile]) -> list[Diagnostic]:
    """``diagnostics`` of several files without those a cut hides (key paths made the files' own)."""
    pruned = {s.path: s for s in sources if isinstance(s, Pruned)}
    if not pruned:
        return list(diagnostics)
    return [pruned[d.file].restore(d) if d.file in pruned else d for d in diagnostics
            if d.file not in pruned or not pruned[d.file].hides(d.key_path)]
