"""Files → ``RuleSet`` + diagnostics.  The only reader of rule files.

Stages, in order (each one turns problems into diagnostics, never exceptions):

1. *discover* — walk ``rules/`` and classify each file by where it lives;
2. *read* — ``source.read_source`` (encoding, size, YAML hazards);
3. *parse* — the pydantic model of the file's kind (``schema_errors`` explains failures);
   a clean file's validated model is kept in ``source.cache`` under the sha256 of its bytes,
   and read from there (as JSON, no YAML) while the bytes do not change;
4. *name* — the file name must match the id inside it;
5. *link* — references between files resolve (``links``), conditions compile.

``load_rules`` raises ``RulesError`` when any error was found; ``load.scope.validate``
returns the sorted diagnostics of directories or single files.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing as mp
import os
import stat
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, cast

from pydantic import ValidationError

from ..calendar.days import WorkingCalendar
from ..decide.compile import compile_items
from ..diagnostics import Diagnostic, Finding, Severity, has_errors, place, sort_diagnostics
from ..errors import RulesError
from ..model import items as m
from ..regions import Regions
from ..source.cache import Cache, open_cache
from ..source.read import MAX_BYTES, Parsed, SourceFile, decode, read_source
from .links import Linker
from .partial import hidden, placed, salvage
from .ruleset import ItemVersion, Origin, RuleSet, calendar_from_years, file_name
from .schema_errors import findings

REGISTRIES = ("laws", "materials", "licences", "departments", "regions")
#: kinds whose validated model comes back from its JSON exactly as validated; decision cases
#: hold free-form values (``dict[str, object]``) that JSON would not give back as written
CACHED_KINDS = frozenset(m.KINDS) - {"cases"}
#: kinds whose files with schema errors are still checked as far as they can be (``partial``)
SALVAGED = frozenset({"item"})
#: ``cache=`` of the loading functions: True (the user's cache directory, see ``source.cache``),
#: False (none) or a directory
CacheSetting = bool | str | os.PathLike | None


# ------------------------------------------------------------------ discovery


def classify(relpath: str) -> str | None:
    """The file kind for a path relative to the rules root, or None if it has no place."""
    parts = relpath.replace(os.sep, "/").split("/")
    name = parts[-1]
    if not name.endswith(".yaml"):
        return None
    stem = name[: -len(".yaml")]
    if parts[0] == "items" and len(parts) >= 2:
        return "item"
    if len(parts) == 2 and parts[0] == "registries" and stem in REGISTRIES:
        return stem
    if len(parts) == 3 and parts[0] == "registries" and parts[1] in REGISTRIES:
        return parts[1]  # a registry may be split into several files: registries/laws/*.yaml
    if parts == ["calendar", "holiday-measures.yaml"]:
        return "holiday-measures"
    if len(parts) == 2 and parts[0] == "calendar":
        return "calendar"
    if len(parts) == 2 and parts[0] == "regions":
        return "implementation"
    if len(parts) == 2 and parts[0] == "cases":
        return "cases"
    if parts == ["tasklist.yaml"]:
        return "tasklist"
    return None


def discover(root: Path) -> list[str]:
    """The paths of the YAML files under ``root``, a folder's files before its subfolders', each
    in name order (plain strings: pathlib costs more than reading a small file)."""
    found: list[str] = []
    join = os.path.join
    for dirpath, dirnames, filenames in os.walk(str(root)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(join(dirpath, f) for f in sorted(filenames) if f.endswith((".yaml", ".yml")))
    return found


# ------------------------------------------------------------------ one file


@dataclass(slots=True)
class Loaded:
    kind: str
    source: SourceFile
    model: m.Model | None
    diagnostics: list[Diagnostic]
    #: the id a broken file declares, so that references to it are not reported as dangling
    declared: str | None = None


def read_file(path: str | Path, display: str, max_bytes: int = MAX_BYTES, *, kind: str = "",
              cache: Cache | None = None, root: str | None = None) -> Parsed:
    """Stage *read*: bytes → plain values (or diagnostics), or the validated model's JSON when
    ``cache`` holds it for these bytes.  Runs in worker processes too.  With ``root``, a file
    whose real path lies outside it (a symbolic link leading out) is refused unread."""
    data = read_bytes(str(path), max_bytes, root)
    if isinstance(data, Finding):
        return Parsed(SourceFile(display, ""), None, [place(data, display)])
    digest = hashlib.sha256(data).hexdigest()
    hit = _cached(cache, kind, data, digest, display, max_bytes) if cache is not None else None
    if hit is not None:
        return hit
    parsed = read_source(data, display, max_bytes=max_bytes)
    parsed.digest = digest
    return parsed


def read_bytes(path: str, max_bytes: int, root: str | None) -> bytes | Finding:
    """The file's bytes, read only when it is a regular file inside ``root`` and not larger than
    ``max_bytes`` (checked before reading, and the read is bounded should the file grow)."""
    if root is not None and os.path.islink(path):
        real, base = os.path.realpath(path), os.path.realpath(root)
        if os.path.commonpath([real, base]) != base:
            return Finding(code="TB010", params={"target": os.readlink(path)})
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO must not block the open
    except OSError as exc:
        return Finding(code="TB007", params={"reason": exc.strerror})
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Finding(code="TB011", params={"kind": _file_kind(info.st_mode)})
        if info.st_size > max_bytes:
            return Finding(code="TB003", params={"size": info.st_size, "limit": max_bytes})
        try:
            return file.read(max_bytes + 1)  # read_source reports a file that grew past the limit
        except OSError as exc:
            return Finding(code="TB007", params={"reason": exc.strerror})


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


def _cached(cache: Cache, kind: str, data: bytes, digest: str, display: str, max_bytes: int) -> Parsed | None:
    """The file as its cached model's JSON (and its text, for positions), if the cache has it."""
    model_json = cache.get(kind, digest) if kind in CACHED_KINDS else None
    if model_json is None:
        return None
    text, _ = decode(data, display, max_bytes)  # None for a smaller max_bytes than when it was stored
    if text is None:
        return None
    return Parsed(SourceFile(display, text), None, [], digest, model_json, cached=True)


def parse_file(kind: str, relpath: str, parsed: Parsed, cache: Cache | None = None) -> Loaded:
    """Stages *parse* and *name*: plain values (or a cached model's JSON) → the model of the
    file's kind.  A clean file's model goes into ``cache``."""
    if parsed.model_json is not None:
        revived = _revive(kind, parsed.model_json)
        if revived is not None:
            if cache is not None:
                cache.keep(kind, parsed.digest, parsed.model_json, new=not parsed.cached)
            return _named(kind, relpath, parsed.source, revived, [], _declared_id(revived.__dict__))
        parsed = _reread(parsed)  # an entry that does not validate: read the file as if uncached
    if parsed.diagnostics and parsed.value is None:
        return Loaded(kind, parsed.source, None, parsed.diagnostics, _id_from_name(kind, relpath))
    model_cls = m.KINDS[kind]
    diags = list(parsed.diagnostics)
    try:
        obj = model_cls.model_validate(parsed.value if parsed.value is not None else {})
    except ValidationError as exc:
        diags.extend(place(f, parsed.source) for f in findings(model_cls, exc))
        return _salvaged(kind, relpath, parsed, exc, diags)
    if cache is not None and not diags and kind in CACHED_KINDS:
        cache.keep(kind, parsed.digest, _model_json(obj), new=True)
    return _named(kind, relpath, parsed.source, obj, diags, _declared_id(parsed.value))


def _salvaged(kind: str, relpath: str, parsed: Parsed, exc: ValidationError, diags: list[Diagnostic]) -> Loaded:
    """A file with schema errors, with the model of what can still be checked when there is one
    (``partial``): it is linked, compiled and checked, its findings on the cut parts hidden."""
    part = salvage(m.KINDS[kind], parsed.value, exc, parsed.source) if kind in SALVAGED else None
    if part is None:
        return Loaded(kind, parsed.source, None, diags, _declared_id(parsed.value))
    model = cast(m.Model, part.model)
    diags.extend(placed(_name_findings(kind, model, relpath), part.source))
    return Loaded(kind, part.source, model, diags, _declared_id(parsed.value))


def _named(kind: str, relpath: str, source: SourceFile, obj: m.Model, diags: list[Diagnostic],
           declared: str | None) -> Loaded:
    diags.extend(place(f, source) for f in _name_findings(kind, obj, relpath))
    broken = has_errors(diags)
    return Loaded(kind, source, None if broken else obj, diags, declared)


def _model_json(obj: m.Model) -> bytes:
    """The validated model as JSON: only the fields the file set, so that they stay the set ones."""
    return obj.__pydantic_serializer__.to_json(obj, exclude_unset=True)


def _revive(kind: str, model_json: bytes) -> m.Model | None:
    try:
        return m.KINDS[kind].model_validate_json(model_json)
    except (ValidationError, ValueError, RecursionError):
        return None


def _reread(parsed: Parsed) -> Parsed:
    fresh = read_source(parsed.source.text.encode("utf-8"), parsed.source.path)
    fresh.digest = parsed.digest
    return fresh


def load_file(path: Path, relpath: str, display: str, *, max_bytes: int = MAX_BYTES) -> Loaded:
    """One file through every single-file stage."""
    kind = classify(relpath)
    if kind is None:
        return Loaded("", SourceFile(display, ""), None, [_misplaced(display, relpath)])
    return parse_file(kind, relpath, read_file(path, display, max_bytes))


def _id_from_name(kind: str, relpath: str) -> str | None:
    return Path(relpath).stem.split("@")[0] if kind == "item" else None


def _declared_id(value: object) -> str | None:
    found = value.get("id") if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


def _misplaced(display: str, relpath: str) -> Diagnostic:
    hint = "yml" if relpath.endswith(".yml") else ""
    return place(Finding(code="TB206", hint_key=hint, params={"relpath": relpath}), display)


_NAMED_BY = {"item": "id", "calendar": "year", "implementation": "region", "cases": "item"}


def _name_findings(kind: str, obj: m.Model, relpath: str) -> Iterable[Finding]:
    """The file name must be the id inside it (an item version may add ``@effective_from``)."""
    if kind not in _NAMED_BY:
        return
    key = _NAMED_BY[kind]
    stem, own = relpath.rsplit("/", 1)[-1].removesuffix(".yaml"), str(getattr(obj, key))
    date = obj.effective_from.isoformat() if isinstance(obj, m.Item) else None
    if stem == own or date and stem == f"{own}@{date}":
        return
    yield Finding(code="TB205", path=(key,), params={"stem": stem, "key": key, "own": own, "date": date},
                  hint_key="version" if date else "")


# ------------------------------------------------------------------ the whole tree


#: below this many files a process pool costs more than it saves
PARALLEL_MIN = 400


_Job = tuple[str, str, int, str, str]
#: the cache a worker process looks files up in (set once, in the worker, by ``_worker_cache``)
_WORKER_CACHE: list[Cache | None] = [None]


def _worker_cache(cache: Cache | None) -> None:
    _WORKER_CACHE[0] = cache


def _validating_job(job: _Job) -> Parsed:
    """Read one file in a worker process; a clean file is validated there too, and travels back
    as its model's JSON — cheaper to send and to revive than its value tree."""
    path, display, max_bytes, kind, root = job
    parsed = read_file(path, display, max_bytes, kind=kind, cache=_WORKER_CACHE[0], root=root)
    if parsed.model_json is None and not parsed.diagnostics and kind in CACHED_KINDS:
        try:
            obj = m.KINDS[kind].model_validate(parsed.value if parsed.value is not None else {})
        except ValidationError:
            return parsed  # the parent validates it again, to place the findings
        parsed.model_json, parsed.value = _model_json(obj), None
    return parsed


def _parsed_stream(jobs: list[_Job], workers: int, cache: Cache | None) -> Generator[Parsed, None, None]:
    """Read files in ``workers`` processes (fork: they share the cache's open packs) when the set
    is large, else in this one."""
    if workers > 1 and len(jobs) >= PARALLEL_MIN and "fork" in mp.get_all_start_methods():
        with mp.get_context("fork").Pool(workers, _worker_cache, (cache,)) as pool:
            yield from pool.imap(_validating_job, jobs, chunksize=128)
    else:
        for path, display, max_bytes, kind, root in jobs:
            yield read_file(path, display, max_bytes, kind=kind, cache=cache, root=root)


#: which files of a tree to read, by path relative to the root (``load.scope``); an item file
#: left out is known by the id its name gives, any other file is left out altogether
Keep = Callable[[str], bool]
#: what shows the progress of a long load: wraps the list of files read, yields them unchanged
Track = Callable[[list], Iterable]


def read_tree(root: Path, *, max_bytes: int = MAX_BYTES, workers: int | None = None,
              cache: CacheSetting = True, keep: Keep | None = None,
              track: Track | None = None, listed: Listing | None = None) -> tuple[list[Loaded], str]:
    """Read and parse every file under ``root`` (or those ``keep`` names); the digest covers
    names and bytes.  ``cache``: see ``CacheSetting``; ``listed``: ``listing(root)`` if the
    caller has it already."""
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    store = open_cache(cache, root)
    try:
        return _read_all(root, max_bytes, workers, store, keep, track, listed)
    finally:
        if store is not None:
            store.close()


def _read_all(root: Path, max_bytes: int, workers: int, store: Cache | None,
              keep: Keep | None = None, track: Track | None = None,
              listed: Listing | None = None) -> tuple[list[Loaded], str]:
    digest = hashlib.sha256()
    loaded: list[Loaded] = []
    names, rels, shown, kinds = listed or listing(root)
    if keep is not None:
        loaded, names, rels, shown, kinds = _kept(keep, names, rels, shown, kinds)
    jobs = [(n, d, max_bytes, k, str(root)) for n, d, k in zip(names, shown, kinds) if k]
    with gc_paused():
        stream = _parsed_stream(jobs, workers, store)
        files = list(zip(shown, rels, kinds))
        for display, rel, kind in track(files) if track else files:
            digest.update(rel.encode("utf-8", "surrogateescape") + b"\0")
            if kind == "":
                loaded.append(_undecodable_name(display))
                continue
            if kind is None:
                loaded.append(Loaded("", SourceFile(display, ""), None, [_misplaced(display, rel)]))
                continue
            parsed = next(stream)
            digest.update(parsed.digest.encode() + b"\0")
            loaded.append(parse_file(kind, rel, parsed, store))
        stream.close()
    return loaded, digest.hexdigest()


#: ``listing``'s result: paths, paths relative to the root, paths as shown, kinds
Listing = tuple[list[str], list[str], list[str], list[str | None]]


def listing(root: Path) -> Listing:
    """The files under ``root``: their paths, paths relative to the root, paths as shown (relative
    to the working directory where they lie under it) and kinds ("" for an undecodable name)."""
    base, cwd = str(root).rstrip(os.sep) + os.sep, os.getcwd() + os.sep
    names = discover(root)
    rels = [n[len(base):].replace(os.sep, "/") for n in names]
    shown = [n[len(cwd):] if n.startswith(cwd) else n for n in names]
    kinds = [classify(rel) if _utf8(rel) else "" for rel in rels]
    return names, rels, shown, kinds


def _kept(keep: Keep, names: list[str], rels: list[str], shown: list[str],
          kinds: list[str | None]) -> tuple[list[Loaded], list[str], list[str], list[str], list[str | None]]:
    """The files ``keep`` names, and a stub for every item file it leaves out (its id known
    from its name, so that references to it are not dangling)."""
    wanted = [keep(r) for r in rels]
    stubs = [Loaded("item", SourceFile(d, ""), None, [], r.rsplit("/", 1)[-1].removesuffix(".yaml").split("@")[0])
             for r, d, k, w in zip(rels, shown, kinds, wanted) if k == "item" and not w]
    chosen = [i for i, w in enumerate(wanted) if w]
    return (stubs, [names[i] for i in chosen], [rels[i] for i in chosen], [shown[i] for i in chosen],
            [kinds[i] for i in chosen])


@contextmanager
def gc_paused():
    """Pause the cyclic GC during a bulk load: the node trees and models are acyclic, and the
    collector would otherwise walk every new object again and again."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


_M = TypeVar("_M", bound=m.Model)


def _model(f: Loaded, cls: type[_M]) -> _M:
    """The model of a file that loaded: its kind chose its class (``m.KINDS``), so no check."""
    return cast(_M, f.model)


def _one(single: Mapping[str, m.Model], kind: str, cls: type[_M]) -> _M | None:
    return cast("_M | None", single.get(kind))


def build(root: Path, loaded: list[Loaded], digest: str) -> tuple[RuleSet | None, list[Diagnostic]]:
    """Assemble the parsed files into a ``RuleSet``, resolving references."""
    diags = [d for f in loaded for d in f.diagnostics]
    good = [f for f in loaded if f.model is not None]
    by_kind: dict[str, list[Loaded]] = {}
    for f in good:
        by_kind.setdefault(f.kind, []).append(f)
    single = {k: _merge(by_kind[k], diags) for k in (*REGISTRIES, "tasklist", "holiday-measures") if k in by_kind}
    for kind in REGISTRIES:
        if kind not in single:
            diags.append(_missing_registry(root, kind))
    regions = Regions.of(_one(single, "regions", m.RegionRegistry))
    item_files = _versions(by_kind.get("item", []))
    items = {k: tuple(_model(f, m.Item) for f in files) for k, files in item_files.items()}
    measures = _one(single, "holiday-measures", m.HolidayMeasures)
    years, calendar = _calendar(by_kind.get("calendar", []), measures, diags)
    tables = {k: _table(single.get(k), k, key) for k, key in
              (("laws", "id"), ("materials", "id"), ("licences", "id"), ("departments", "id"))}
    broken = {f.kind for f in loaded if f.model is None and f.kind}
    known_items: dict[str, tuple[m.Item, ...]] = {
        **items, **{f.declared: () for f in loaded if f.kind == "item" and f.declared}}
    linker = Linker(tables["laws"], tables["materials"], tables["licences"], tables["departments"], regions,
                    known_items, broken)
    for f in good:
        diags.extend(placed(_links(linker, f.kind, _model(f, m.Model)), f.source))
    lists = (_model(f, m.ImplementationList) for f in by_kind.get("implementation", []))
    implementations = {listing.region: listing for listing in lists}
    versions, expr_diags = _compiled_versions(item_files, regions, tables,
                                              tuple(implementations[k] for k in sorted(implementations)))
    diags.extend(hidden(expr_diags, [f.source for f in good]))
    ruleset = RuleSet(
        root=str(root), digest=digest, versions=MappingProxyType(versions),
        laws=tables["laws"], materials=tables["materials"], licences=tables["licences"],
        departments=tables["departments"], regions=regions, calendar_years=MappingProxyType(years),
        calendar=calendar, holiday_measures=measures, tasklist=_one(single, "tasklist", m.TaskList),
        implementations=MappingProxyType(implementations),
        cases=MappingProxyType({c.item: c for c in (_model(f, m.CaseFile) for f in by_kind.get("cases", []))}),
        files=MappingProxyType({(f.kind, file_name(f.kind, f.model, f.source.path)): _origin(f)
                                for f in good if f.kind != "item"}),
    )
    return ruleset, diags


def _origin(f: Loaded) -> Origin:
    return Origin(kind=f.kind, source=f.source, model=f.model)


def _compiled_versions(item_files: Mapping[str, tuple[Loaded, ...]], regions: Regions, tables: Mapping,
                       implementations: tuple) -> tuple[dict[str, tuple[ItemVersion, ...]], list[Diagnostic]]:
    """Every item version with its file and compiled plan (stage *compile*)."""
    files = [f for group in item_files.values() for f in group]
    compiled, diags = compile_items(((_model(f, m.Item), f.source) for f in files), regions, tables,
                                    implementations)
    records = iter(ItemVersion(item=_model(f, m.Item), origin=_origin(f), compiled=c)
                   for f, c in zip(files, compiled))
    return {k: tuple(next(records) for _ in group) for k, group in item_files.items()}, diags


def _merge(files: list[Loaded], diags: list[Diagnostic]) -> m.Model:
    """One registry from one or several files; an id defined twice is TB209."""
    first = _model(files[0], m.Model)
    if len(files) == 1:
        return first
    merged: dict[str, Any] = {}
    seen: dict[tuple[str, object], str] = {}
    for f in files:
        for name in type(_model(f, m.Model)).model_fields:
            values = getattr(f.model, name)
            if not isinstance(values, (tuple, dict)):
                continue
            space = _KEY_SPACE.get(name, name)
            for key, at in _keys(name, values):
                if (space, key) in seen:
                    diags.append(place(Finding(code="TB209", path=(name, at), at_key=isinstance(values, dict),
                                               params={"key": key, "first": seen[(space, key)]}), f.source))
                else:
                    seen[(space, key)] = f.source.path
            if isinstance(values, dict):  # keyed entries (the regions registry's compact codes)
                earlier = merged.get(name, {})
                merged[name] = {**earlier, **{k: v for k, v in values.items() if k not in earlier}}
            else:
                merged[name] = merged.get(name, ()) + values
    return first.model_copy(update=merged)


#: fields whose keys must not repeat each other's: a region code written out in one file and
#: compact in another is listed twice
_KEY_SPACE = {"codes": "regions"}


def _keys(name: str, values: tuple | dict) -> Iterator[tuple[object, str | int]]:
    """(key, key path step) of each entry that must be unique across the files."""
    if isinstance(values, dict):
        yield from ((key, key) for key in values)
    elif name != "sources":
        for i, entry in enumerate(values):
            key = getattr(entry, "id", None) or getattr(entry, "code", None)
            if key is not None:
                yield key, i


def _table(registry: m.Model | None, kind: str, key: str) -> Mapping:
    if registry is None:
        return MappingProxyType({})
    return MappingProxyType({getattr(x, key): x for x in getattr(registry, kind)})


def _links(linker: Linker, kind: str, model: m.Model) -> Iterable[Finding]:
    """The reference findings of one file; its kind chose its model's class (``m.KINDS``)."""
    if kind == "item":
        return linker.item(cast(m.Item, model))
    if kind == "licences":
        licences = cast(m.LicenceRegistry, model).licences
        return (f for i, lic in enumerate(licences) for f in linker.licence(lic, ("licences", i)))
    if kind == "tasklist":
        return linker.tasklist(cast(m.TaskList, model))
    if kind == "implementation":
        return linker.implementation(cast(m.ImplementationList, model))
    if kind == "cases":
        return linker.cases(cast(m.CaseFile, model))
    if kind == "regions":
        return linker.registry(cast(m.RegionRegistry, model))
    return ()


def _versions(files: list[Loaded]) -> dict[str, tuple[Loaded, ...]]:
    """The files of each item id, oldest version first, by item id."""
    grouped: dict[str, list[Loaded]] = {}
    for f in files:
        grouped.setdefault(_model(f, m.Item).id, []).append(f)
    return {k: tuple(sorted(v, key=lambda f: _model(f, m.Item).effective_from)) for k, v in sorted(grouped.items())}


def _calendar(files: list[Loaded], measures: m.HolidayMeasures | None,
              diags: list[Diagnostic]) -> tuple[dict[int, m.CalendarYear], WorkingCalendar]:
    years: dict[int, m.CalendarYear] = {}
    for f in files:
        year = _model(f, m.CalendarYear)
        try:
            calendar_from_years({year.year: year})
        except ValueError as exc:
            diags.append(place(Finding(code="TB208", path=("holidays",), params={"problem": exc}), f.source))
            continue
        years[year.year] = year
    return years, calendar_from_years(years, measures)


def _utf8(name: str) -> bool:
    """Whether a file name read from the disk was valid UTF-8 (else it holds escaped bytes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _undecodable_name(display: str) -> Loaded:
    shown = display.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return Loaded("", SourceFile(shown, ""), None, [place(Finding(code="TB012", params={"name": shown}), shown)])


def _missing_registry(root: Path, kind: str) -> Diagnostic:
    path = f"{root}/registries/{kind}.yaml"
    return place(Finding(code="TB207", params={"kind": kind}), path)


def load_tree(root: str | os.PathLike, *, cache: CacheSetting = True, keep: Keep | None = None,
              track: Track | None = None, listed: Listing | None = None) -> tuple[RuleSet | None, list[Diagnostic]]:
    """Load and link the rule set under ``root``: the rule set (None if ``root`` is no directory)
    and every diagnostic, sorted.  ``cache``: see ``CacheSetting``; ``keep``: see ``Keep``;
    ``track``: see ``Track``; ``listed``: see ``read_tree``."""
    root_path = Path(root)
    if not root_path.is_dir():
        return None, [_not_a_directory(root)]
    with gc_paused():
        loaded, digest = read_tree(root_path, cache=cache, keep=keep, track=track, listed=listed)
        ruleset, diags = build(root_path, loaded, digest)
    return ruleset, sort_diagnostics(diags)


def assemble(root: str, files: Sequence[tuple[str, SourceFile, object]], item_ids: list[str],
             digest: str) -> RuleSet | None:
    """The rule set of already validated files but the items (a bundle's, ``load.bundle``),
    linked as ``build`` links them; the items are known by their ids only."""
    loaded = [Loaded(kind, source, cast(m.Model, model), []) for kind, source, model in files]
    if any(kind in ("implementation", "tasklist") for kind, _, _ in files):  # they name items
        loaded += [Loaded("item", SourceFile(root, ""), None, [], item_id) for item_id in item_ids]
    return build(Path(root), loaded, digest)[0]


def _not_a_directory(root: str | os.PathLike) -> Diagnostic:
    """TB008 for a missing path; TB041 for a bundle, which holds no rule files to read."""
    from .bundle import is_bundle

    if is_bundle(root):
        return place(Finding(code="TB041", params={"path": root}), str(root))
    return place(Finding(code="TB008", params={"path": root}), str(root))


def load_rules(path: str | os.PathLike = "rules", *, cache: CacheSetting = True) -> RuleSet:
    """Load and link a rule set — a rules directory or a bundle file (``load.bundle``); raise
    ``RulesError`` (with ``.diagnostics``) on any error.  ``cache``: True (the user's cache
    directory), False (none) or a directory; a bundle needs none."""
    if os.path.isfile(path):
        from .bundle import load_bundle

        return load_bundle(path, assemble)
    ruleset, diags = load_tree(path, cache=cache)
    if ruleset is None or has_errors(diags):
        raise RulesError([d for d in diags if d.severity is Severity.ERROR])
    return ruleset
