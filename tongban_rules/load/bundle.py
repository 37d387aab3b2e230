"""Rule bundles: one file holding a checked rule set, loaded in milliseconds at any size.

Layout (every part is data: JSON text and pydantic's own model JSON, nothing that runs when read)::

    tongban-bundle/1\n            magic and format version
    {header}\n                    engine, package, built, rules_digest, items, section lengths, digest
    {index}                       {"ids": [item id …], "ends": [end of each id's entry in entries …]}
    entries                       per item: [[from, until, offset, length, sha256, path], …] (JSON)
    {shared}                      every other file but the cases: [[kind, path, model JSON], …]
    payload payload …             each item version's model JSON

``digest`` is the sha256 of the header (without it), the index, the entries and the shared
files; the entries hold the sha256 of every item payload, so the digest covers the whole file.
Loading checks the magic, format, engine, length and digest, reading only what precedes the
payloads, and parses only the list of ids; an item is revived — its entry parsed, its payload
checked against its own sha256, its model validated and its conditions compiled — on first use.
Hashing every payload at load (35 MB at 10,000 items) would alone cost more than the 50 ms a
load may take.  Problems are TB040 (unusable bundle) and TB041 (a command that needs the rule
files was given a bundle).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from types import MappingProxyType

from ..decide.plan import ENGINE_VERSION
from ..diagnostics import Finding, place
from ..errors import BundleError, RulesError
from ..model import items as m
from ..source.read import SourceFile
from .ruleset import ItemVersion, Origin, RuleSet

MAGIC = b"tongban-bundle/"
FORMAT = 1
#: the code whose every change may change a model's JSON or a compiled condition
_ENGINE_CODE = ("model", "lang")
_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def engine_version() -> str:
    """The engine a bundle is made for: the decision engine's version, a digest of this
    package's model and condition-language code, and the pydantic and Python versions.  Only the
    same engine loads a bundle."""
    import pydantic

    digest = hashlib.sha256(f"{pydantic.VERSION}\0{sys.version_info[:2]}\0".encode())
    for folder in _ENGINE_CODE:
        for path in sorted((_PACKAGE / folder).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{ENGINE_VERSION}+{digest.hexdigest()[:16]}"


def is_bundle(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a file that starts like a bundle (of any format version)."""
    try:
        with open(path, "rb") as file:
            return file.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def header_digest(header: Mapping, sections: list[bytes]) -> str:
    """The digest of a bundle: its header (but the digest) and every section before the payloads."""
    meta = json.dumps({k: v for k, v in header.items() if k != "digest"}, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(meta.encode() + b"\n")
    for section in sections:
        digest.update(section)
    return digest.hexdigest()


# ------------------------------------------------------------------ reading


#: ``(root, [(kind, source, model) of every file but the items'], item ids, digest)`` -> the
#: rule set of those files, linked as the loader links them (``loader.assemble``)
Assemble = Callable[[str, Sequence[tuple[str, SourceFile, object]], list[str], str], "RuleSet | None"]


def load_bundle(path: str | os.PathLike, assemble: Assemble) -> RuleSet:
    """The rule set of a bundle file; ``RulesError`` (TB040) if it is unusable.  ``loader.load_rules``
    calls it, with the loader's ``assemble``."""
    display = str(path)
    try:
        file = open(path, "rb")
    except OSError as exc:
        raise _error(display, "os", reason=exc.strerror or exc) from None
    try:
        header, sections = _read_head(file, display)
        ruleset = _ruleset(file, display, header, sections, assemble)
    except BaseException:
        file.close()
        raise
    return ruleset


def _error(display: str, variant: str, **params: object) -> RulesError:
    return RulesError([place(Finding(code="TB040", variant=variant, params={"path": display, **params}), display)])


def _read_head(file, display: str) -> tuple[dict, list[bytes]]:
    first = file.readline(64)
    if not first.startswith(MAGIC):
        raise _error(display, "")
    if first != MAGIC + str(FORMAT).encode() + b"\n":
        raise _error(display, "format", found=first[len(MAGIC):].strip().decode("ascii", "replace")[:20],
                     expected=FORMAT)
    try:
        header = json.loads(file.readline(1 << 16))
        sizes = [int(n) for n in header["sections"]]
    except (ValueError, KeyError, TypeError, IndexError, RecursionError, OSError, OverflowError):
        raise _error(display, "corrupt") from None
    if len(sizes) != 4 or min(sizes) < 0 or os.fstat(file.fileno()).st_size != file.tell() + sum(sizes):
        raise _error(display, "truncated")
    sections = [file.read(n) for n in sizes[:3]]
    if header.get("engine") != engine_version():
        raise _error(display, "engine", found=str(header.get("engine"))[:40], expected=engine_version())
    if header.get("digest") != header_digest(header, sections) or not _well_formed(header):
        raise _error(display, "corrupt")
    return header, sections


def _well_formed(header: dict) -> bool:
    """Whether a header (whose digest matched: it may still have been forged) has every field."""
    return all(isinstance(header.get(k), str) for k in ("rules_digest", "built", "digest")) \
        and isinstance(header.get("items"), int)


def _ruleset(file, display: str, header: dict, sections: list[bytes], assemble: Assemble) -> RuleSet:
    index, entries, shared = sections
    try:
        table = Index(json.loads(index), entries)
        files = [(kind, SourceFile(f"{display}#{rel}", ""), m.KINDS[kind].model_validate_json(text))
                 for kind, rel, text in json.loads(shared)]
    except (ValueError, KeyError, TypeError, RecursionError):
        raise _error(display, "corrupt") from None
    base = assemble(display, files, table.ids, header["rules_digest"])
    if base is None:  # the loader makes a rule set of any files; this keeps the types honest
        raise _error(display, "corrupt")
    versions = LazyVersions(file, display, table, base)
    info = MappingProxyType({k: header[k] for k in ("digest", "engine", "built", "format", "items")})
    return replace(base, root=display, digest=header["rules_digest"], versions=versions, files=MappingProxyType({}),
                   bundle=info)


class Index:
    """Item ids of a bundle in order, and each one's entry, parsed when it is asked for."""

    def __init__(self, index: dict, entries: bytes):
        self.ids, self.ends = index["ids"], index["ends"]
        if not (isinstance(self.ids, list) and isinstance(self.ends, list) and len(self.ends) == len(self.ids)):
            raise ValueError("index")
        self.position = dict(zip(self.ids, range(len(self.ids))))
        self.entries = entries

    def entry(self, item_id: str) -> list:
        at = self.position[item_id]
        return json.loads(self.entries[self.ends[at - 1] if at else 0:self.ends[at]])


class LazyVersions(Mapping):
    """``RuleSet.versions`` of a bundle: an item's versions are revived (payload checked,
    model validated, conditions compiled) on first use, then kept."""

    def __init__(self, file, display: str, index: Index, base: RuleSet):
        from ..decide.compile import Memo

        self.file, self.display, self.index = file, display, index
        self.revived: dict[str, tuple[ItemVersion, ...]] = {}
        self.start = file.tell()
        self.tables = {"laws": base.laws, "materials": base.materials, "licences": base.licences,
                       "departments": base.departments}
        self.regions, self.memo = base.regions, Memo(base.regions)
        self.implementations = tuple(base.implementations[k] for k in sorted(base.implementations))
        self.models = _Models(self)

    def __getitem__(self, item_id: str) -> tuple[ItemVersion, ...]:
        found = self.revived.get(item_id)
        if found is None:
            found = self.revived[item_id] = tuple(self._revive(item_id, e) for e in self._entry(item_id))
        return found

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.index.position

    def __iter__(self) -> Iterator[str]:
        return iter(self.index.ids)

    def __len__(self) -> int:
        return len(self.index.ids)

    def _entry(self, item_id: str) -> list:
        if item_id not in self.index.position:
            raise KeyError(item_id)
        try:
            entry = self.index.entry(item_id)
        except (ValueError, TypeError, IndexError, RecursionError):
            raise BundleError("TB040", variant="item", path=self.display, item=item_id) from None
        if not isinstance(entry, list):
            raise BundleError("TB040", variant="item", path=self.display, item=item_id)
        return entry

    def _revive(self, item_id: str, entry: list) -> ItemVersion:
        from ..decide.compile import compile_item

        try:
            _, _, offset, length, digest, rel = entry
            if not 0 <= length <= 1 << 26:  # the JSON of one model (its file is at most 1 MiB)
                raise ValueError(length)
            payload = os.pread(self.file.fileno(), length, self.start + offset)
            if hashlib.sha256(payload).hexdigest() != digest:
                raise ValueError(item_id)
            item = m.Item.model_validate_json(payload)
            if item.id != item_id:
                raise ValueError(item.id)
        except (ValueError, TypeError, OverflowError, OSError):
            raise BundleError("TB040", variant="item", path=self.display, item=item_id) from None
        compiled, _ = compile_item(item, self.regions, self.tables, self.implementations, self.memo)
        return ItemVersion(item=item, origin=Origin(kind="item", source=SourceFile(f"{self.display}#{rel}", ""),
                                                    model=item), compiled=compiled)


class _Models(Mapping):
    """``RuleSet.items`` of a bundle: item id -> its versions' models, revived on first use."""

    def __init__(self, versions: LazyVersions):
        self.versions = versions

    def __getitem__(self, item_id: str) -> tuple[m.Item, ...]:
        return tuple(v.item for v in self.versions[item_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self.versions)

    def __len__(self) -> int:
        return len(self.versions)
