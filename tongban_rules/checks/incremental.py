"""Re-check a rule set after an edit: what an unchanged item gave before is reused, not recomputed.

A rule set is cut into *units*, one per item id: its version files (``items/**/<id>[@date].yaml``)
and its case file (``cases/<id>.yaml``).  Every other file — registries, calendar, regional
lists, task list — is *shared*.  What loading, the decision cases and the checks of one item
(``Check`` s not in ``ACROSS``) find in a unit's files depends on the unit's bytes, the shared
files, the date of the check and the ids of the other items, and on nothing else.  So each unit's
findings are kept, with the summary of its versions (``summary``) and its case coverage, under a
key made of exactly those inputs and of this package's code (``memo_engine``), in a store beside
the validated files' cache (``source.cache.open_store``).

A run reads and hashes every file, loads the shared files and the units whose key it has not seen
(``load_tree(keep=…)``; the others are known by their ids), runs the cases and the per-item checks
on those, and then the checks across items (``ACROSS``) on the summaries of all units.  The
result is the full check's, diagnostic for diagnostic (a property test holds it to that); a
unit with a file that did not load (a load error) is loaded again on every run: such a file
declares an id the others may refer to, its kind changes what the checks across items may judge,
and its own findings may name other items (did-you-mean).  Every other unit's files declare the
id their names give, so the ids of the kept units are known without reading them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from ..diagnostics import Diagnostic, Severity
from ..load.loader import CacheSetting, Listing, listing, read_bytes
from ..source.cache import Cache, engine_fingerprint, open_store
from ..source.read import MAX_BYTES, SourceFile, decode
from ..source.stats import Stats
from .base import Check
from .coverage import VersionCoverage
from .summary import Reviver, VersionSummary, to_data

#: the checks that look across items: they run on every unit's summary, every time
ACROSS = frozenset({"TB310", "TB311", "TB312", "TB313", "TB503", "TB504", "TB705",
                    "TB801", "TB802", "TB803", "TB804", "TB805", "TB806", "TB850"})
_PACKAGE = Path(__file__).resolve().parent.parent
_KIND = "unit"
_SEVERITY = {s.value: s for s in Severity}


@cache
def memo_engine() -> str | None:
    """A digest of everything that decides a unit's findings: the whole package and its code table."""
    base = engine_fingerprint()
    if base is None:
        return None
    digest = hashlib.sha256(base.encode())
    try:
        for path in sorted(_PACKAGE.rglob("*")):
            if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


@dataclass(frozen=True, kw_only=True)
class Kept:
    """What a unit's files gave the run that kept it."""

    diagnostics: tuple[Diagnostic, ...]
    versions: tuple[VersionSummary, ...]
    coverage: tuple[VersionCoverage, ...]
    #: kinds of the unit's files that did not load (``item``, ``cases``)
    broken: frozenset[str]


@dataclass(kw_only=True)
class Unit:
    """One item id's files, as (path relative to the root, path as shown, sha256 of the bytes)."""

    id: str
    files: list[tuple[str, str, str]] = field(default_factory=list)
    key: str = ""
    kept: Kept | None = None


@dataclass(kw_only=True)
class Partition:
    root: Path
    units: dict[str, Unit]
    #: unit of each file (by path relative to the root); shared files are in none
    unit_of: dict[str, str]
    shared_digest: str
    #: ``load.loader.listing`` of the root, for the load that follows
    listed: Listing


def unit_id(rel: str, kind: str | None) -> str | None:
    """The unit a file belongs to: its item id for item and case files, None for shared files."""
    if kind == "item":
        return rel.rsplit("/", 1)[-1].removesuffix(".yaml").split("@")[0]
    if kind == "cases":
        return rel.rsplit("/", 1)[-1].removesuffix(".yaml")
    return None


def partition(root: Path, stats: Stats | None = None) -> Partition:
    """Every file under ``root``, hashed (``stats``: the digests remembered from the runs before),
    in its unit or among the shared files."""
    listed = listing(root)
    names, rels, shown, kinds = listed
    units: dict[str, Unit] = {}
    unit_of: dict[str, str] = {}
    shared = hashlib.sha256()
    base = str(root)

    def read(name: str) -> str:
        return _sha(name, base)

    for name, rel, display, kind in zip(names, rels, shown, kinds):
        sha = stats.digest(name, rel, read) if stats else read(name)
        owner = unit_id(rel, kind)
        if owner is None:
            shared.update(f"{rel}\0{display}\0{kind}\0{sha}\0".encode("utf-8", "surrogateescape"))
            continue
        units.setdefault(owner, Unit(id=owner)).files.append((rel, display, sha))
        unit_of[rel] = owner
    return Partition(root=root, units=units, unit_of=unit_of, shared_digest=shared.hexdigest(), listed=listed)


def _sha(name: str, root: str) -> str:
    data = read_bytes(name, MAX_BYTES, root)
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    return f"unread:{data.code}:{sorted(data.params.items())}"


def assign_keys(part: Partition, engine: str, as_of: date, deadlines: str) -> None:
    """Each unit's key: its files, the shared files, the other items' ids, the date, the code."""
    ids = "\0".join(sorted(part.units))
    base = hashlib.sha256(f"{engine}\0{as_of.isoformat()}\0{deadlines}\0{part.shared_digest}\0{ids}\0".encode())
    for unit in part.units.values():
        digest = base.copy()
        for rel, display, sha in unit.files:
            digest.update(f"{rel}\0{display}\0{sha}\0".encode("utf-8", "surrogateescape"))
        unit.key = digest.hexdigest()


# ------------------------------------------------------------------ the store


def recall(store: Cache, part: Partition) -> None:
    """Fill each unit's ``kept`` from the store where its key is there; an entry that is not what
    ``remember`` writes is ignored (the unit is loaded again, and the entry replaced)."""
    reviver = Reviver()
    for unit in part.units.values():
        payload = store.get(_KIND, unit.key)
        if payload is None:
            continue
        try:
            unit.kept = _revived(part.root, unit.id, orjson.loads(payload), reviver)
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            continue
        store.keep(_KIND, unit.key, payload, new=False)


def remember(store: Cache, unit: Unit, diagnostics: Iterable[Diagnostic], versions: Sequence[tuple[VersionSummary, str]],
             coverage: Iterable[VersionCoverage], broken: Iterable[str]) -> None:
    """Keep what a unit's files gave this run under its key."""
    kept = {"unit": unit.id, "broken": sorted(broken),
            "diagnostics": [_diagnostic_data(d) for d in diagnostics],
            "versions": [{**to_data(v), "rel": rel, "file": v.file().path} for v, rel in versions],
            "coverage": [[c.item, c.effective_from, c.conditions, c.covered, c.cases] for c in coverage]}
    store.keep(_KIND, unit.key, orjson.dumps(kept), new=True)


def _diagnostic_data(d: Diagnostic) -> list:
    return [d.code, d.severity.value, d.file, d.line, d.column, d.message, d.hint, list(d.key_path),
            d.message_en, d.hint_en]


def _revived(root: Path, unit_id: str, kept: Any, reviver: Reviver) -> Kept:
    if not isinstance(kept, dict) or kept["unit"] != unit_id:
        raise ValueError("not this unit's entry")
    diagnostics = tuple(
        Diagnostic(code=str(code), severity=_SEVERITY[severity], file=str(file), line=int(line), column=int(column),
                   message=str(message), hint=str(hint), key_path=tuple(path), message_en=str(message_en),
                   hint_en=str(hint_en))
        for code, severity, file, line, column, message, hint, path, message_en, hint_en in kept["diagnostics"])
    base = str(root)
    versions = tuple(reviver.summary(data, _reader(base, str(data["rel"]), str(data["file"])))
                     for data in kept["versions"])
    coverage = tuple(VersionCoverage(item=str(item), effective_from=str(since), conditions=int(conditions),
                                     covered=int(covered), cases=int(cases))
                     for item, since, conditions, covered, cases in kept["coverage"])
    return Kept(diagnostics=diagnostics, versions=versions, coverage=coverage,
                broken=frozenset(str(kind) for kind in kept["broken"]))


def _reader(root: str, rel: str, display: str):
    """The file of a version that was not loaded, read when a finding is to be placed in it."""
    def read() -> SourceFile:
        data = read_bytes(os.path.join(root, rel), MAX_BYTES, root)
        text = decode(data, display, MAX_BYTES)[0] if isinstance(data, bytes) else None
        return SourceFile(display, text or "")

    return read


# ------------------------------------------------------------------ a run


@dataclass(kw_only=True)
class Plan:
    """What an incremental run loads, and what it takes from the store."""

    part: Partition
    store: Cache
    fresh: frozenset[str]  # units to load and check

    def keep(self, rel: str) -> bool:
        owner = self.part.unit_of.get(rel)
        return owner is None or owner in self.fresh


def plan(root: Path, cache_setting: CacheSetting, as_of: date, deadlines: str) -> Plan | None:
    """The plan of an incremental check of ``root``, or None without a usable store."""
    engine = memo_engine()
    store = open_store(cache_setting, root, "checks", engine) if engine else None
    if store is None:
        return None
    stats = Stats(store.directory, root)
    part = partition(root, stats)
    stats.save()
    assign_keys(part, engine or "", as_of, deadlines)
    recall(store, part)
    # a unit with a file that did not load is loaded again: see the module documentation
    fresh = frozenset(u.id for u in part.units.values() if u.kept is None or u.kept.broken)
    return Plan(part=part, store=store, fresh=fresh)


def checks_of_one_item(checks: Sequence[Check]) -> list[Check]:
    return [c for c in checks if c.code not in ACROSS]


def checks_across(checks: Sequence[Check]) -> list[Check]:
    return [c for c in checks if c.code in ACROSS]
