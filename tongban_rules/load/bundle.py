"""Rule bundles: one file holding a checked rule set, loaded in milliseconds at any size.

Layout (every part is data: JSON text and pydantic's own model JSON, nothing that runs when read)::

    tongban-bundle/1\\n                       magic and format version
    {header}\\n                               engine, package, built, rules_digest, items,
                                             section lengths, digest
    {index}                                  item id -> versions [from, until, offset, length,
                                             sha256, path]
    {shared}                                 every other file but the cases: [kind, path, JSON]
    payload payload …                        each item version's model JSON

``digest`` is the sha256 of the header (without it), the index and the shared files; the index
holds the sha256 of every item payload, so the digest covers the whole file.  Loading checks the
magic, format, engine, length and digest (reading only the header, index and shared files), and
revives an item — validates its JSON and compiles its conditions — on first use, after checking
its payload's own sha256.  Hashing every payload at load (tens of MB at 10,000 items) alone
would cost more than the 50 ms a load may take.  Problems are TB040 (unusable bundle) and TB041
(a command that needs the rule files was given a bundle).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from .. import __version__
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


def engine_version() -> str:
    """The engine a bundle is made for: this package's version, a digest of its model and
    condition-language code, and the pydantic version.  Only the same engine loads a bundle."""
    import pydantic

    digest = hashlib.sha256(f"{pydantic.VERSION}\0{sys.version_info[:2]}\0".encode())
    for folder in _ENGINE_CODE:
        for path in sorted((_PACKAGE / folder).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:16]}"


def is_bundle(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a file that starts like a bundle (of any format version)."""
    try:
        with open(path, "rb") as file:
            return file.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def header_digest(header: Mapping, index: bytes, shared: bytes) -> str:
    meta = json.dumps({k: v for k, v in header.items() if k != "digest"}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(meta.encode() + b"\n" + index + shared).hexdigest()


# ------------------------------------------------------------------ reading


def load_bundle(path: str | os.PathLike) -> RuleSet:
    """The rule set of a bundle file; ``RulesError`` (TB040) if it is unusable."""
    display = str(path)
    try:
        file = open(path, "rb")
    except OSError as exc:
        raise _error(display, "os", reason=exc.strerror or exc) from None
    try:
        header, index, shared = _read_head(file, display)
        ruleset = _ruleset(file, display, header, index, shared)
    except BaseException:
        file.close()
        raise
    return ruleset


def _error(display: str, variant: str, **params: object) -> RulesError:
    return RulesError([place(Finding(code="TB040", variant=variant, params={"path": display, **params}), display)])


def _read_head(file, display: str) -> tuple[dict, dict, list]:
    first = file.readline(64)
    if not first.startswith(MAGIC):
        raise _error(display, "")
    if first != MAGIC + str(FORMAT).encode() + b"\n":
        raise _error(display, "format", found=first[len(MAGIC):].strip().decode("ascii", "replace")[:20],
                     expected=FORMAT)
    try:
        header = json.loads(file.readline(1 << 16))
        sizes = [int(n) for n in header["sections"]]
        index_bytes, shared_bytes = file.read(sizes[0]), file.read(sizes[1])
    except (ValueError, KeyError, TypeError, IndexError, RecursionError, OSError):
        raise _error(display, "corrupt") from None
    _verify(file, display, header, index_bytes, shared_bytes, sizes)
    try:
        return header, json.loads(index_bytes), json.loads(shared_bytes)
    except (ValueError, RecursionError):
        raise _error(display, "corrupt") from None


def _verify(file, display: str, header: dict, index: bytes, shared: bytes, sizes: list[int]) -> None:
    start = file.tell()
    if len(index) != sizes[0] or len(shared) != sizes[1] or os.fstat(file.fileno()).st_size != start + sizes[2]:
        raise _error(display, "truncated")
    if header.get("engine") != engine_version():
        raise _error(display, "engine", found=header.get("engine"), expected=engine_version())
    if header.get("digest") != header_digest(header, index, shared):
        raise _error(display, "corrupt")


def _ruleset(file, display: str, header: dict, index: dict, shared: list) -> RuleSet:
    from .loader import Loaded, build

    try:
        loaded = [Loaded(kind, SourceFile(f"{display}#{rel}", ""), m.KINDS[kind].model_validate_json(text), [])
                  for kind, rel, text in shared]
    except (ValueError, KeyError, TypeError):
        raise _error(display, "corrupt") from None
    if any(f.kind in ("implementation", "tasklist") for f in loaded):  # their references to items resolve
        loaded += [Loaded("item", SourceFile(display, ""), None, [], item_id) for item_id in index]
    base, _ = build(Path(display), loaded, header["rules_digest"])
    versions = LazyVersions(file, display, index, base)
    info = MappingProxyType({k: header[k] for k in ("digest", "engine", "built", "format", "items")})
    return replace(base, root=display, digest=header["rules_digest"], versions=versions, files=MappingProxyType({}),
                   bundle=info)


class LazyVersions(Mapping):
    """``RuleSet.versions`` of a bundle: an item's versions are revived (payload checked,
    model validated, conditions compiled) on first use, then kept."""

    def __init__(self, file, display: str, index: dict, base: RuleSet):
        from ..decide.compile import Memo

        self.file, self.display, self.index, self.revived = file, display, index, {}
        self.start = file.tell()
        self.tables = {"laws": base.laws, "materials": base.materials, "licences": base.licences,
                       "departments": base.departments}
        self.regions, self.memo = base.regions, Memo(base.regions)
        self.implementations = tuple(base.implementations[k] for k in sorted(base.implementations))
        self.models = _Models(self)

    def __getitem__(self, item_id: str) -> tuple[ItemVersion, ...]:
        found = self.revived.get(item_id)
        if found is None:
            found = self.revived[item_id] = tuple(self._revive(item_id, e) for e in self.index[item_id])
        return found

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.index

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    def _revive(self, item_id: str, entry: list) -> ItemVersion:
        from ..decide.compile import compile_item

        try:
            _, _, offset, length, digest, rel = entry
            payload = os.pread(self.file.fileno(), length, self.start + offset)
            if hashlib.sha256(payload).hexdigest() != digest:
                raise ValueError(item_id)
            item = m.Item.model_validate_json(payload)
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
