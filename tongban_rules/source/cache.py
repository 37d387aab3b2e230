"""A content-addressed cache of validated rule files: data only, outside the rules tree.

A clean file (no diagnostic from reading or validation) is stored as the JSON of its validated
model, keyed by ``sha256(format, engine, kind, sha256 of the file's bytes)``: the same bytes read
by the same code give the same model, so a warm load decodes that JSON instead of composing
YAML.  ``engine`` fingerprints everything that decides the model: this package's ``source/``
and ``model/`` code, the loader, and the versions of pydantic, PyYAML and Python.  Files with
diagnostics are never stored (they are read again each time; they are few, and their positions
come from the text).

One file per entry, ``<dir>/<2 hex>/<62 hex>``: a header line repeating the entry's own format,
engine, kind, content digest and payload digest, then the payload.  An entry whose header does
not match what was asked for, or whose payload does not hash to its digest, is ignored (and
overwritten by the next run that reads the file); JSON is data, nothing in an entry runs.
Entries are written to a temporary file and renamed into place, so concurrent runs only ever
see whole entries.  A hit refreshes the entry's mtime (at most once a day); at most once a day
a run deletes entries unused for ``MAX_AGE`` and, beyond ``MAX_ENTRIES``, the oldest.

Where: ``cache=<path>``, else ``$TONGBAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/tongban``, else
``~/.cache/tongban``.  ``TONGBAN_NO_CACHE=1`` (or ``cache=False``) turns it off.  A directory
inside the rules root, or inside the repository that holds it, is refused (a pull request
must not be able to plant entries): the run goes on without a cache, as it does when the
directory cannot be created or written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import pydantic
import yaml

FORMAT = 1
DAY = 24 * 3600
MAX_AGE = 30 * DAY
MAX_ENTRIES = 200_000
_ENTRY = re.compile(r"[0-9a-f]{62}\Z")
_SHARD = re.compile(r"[0-9a-f]{2}\Z")
_PACKAGE = Path(__file__).resolve().parent.parent
#: the code whose every change may change a validated model
_ENGINE_CODE = ("source", "model", "load/loader.py")


class Cache:
    """One cache directory, as seen by one run (and the worker processes it forks)."""

    def __init__(self, directory: Path, engine: str):
        self.directory = directory
        self.engine = engine
        self.now = time.time()
        self.writable = True
        self._prefix = f"{FORMAT}\0{engine}\0".encode()
        self._shards: set[str] = set()  # shard directories known to exist

    def _path(self, kind: str, digest: str) -> str:
        key = hashlib.sha256(self._prefix + f"{kind}\0{digest}".encode()).hexdigest()
        return os.path.join(self.directory, key[:2], key[2:])  # plain strings: pathlib costs here

    def _header(self, kind: str, digest: str) -> dict:
        return {"format": FORMAT, "engine": self.engine, "kind": kind, "sha256": digest}

    def get(self, kind: str, digest: str) -> bytes | None:
        """The payload stored for a file of ``kind`` whose bytes hash to ``digest``, or None."""
        try:
            data = self._read(self._path(kind, digest))
        except OSError:
            return None
        head, _, payload = data.partition(b"\n")
        try:
            header = json.loads(head)
        except ValueError:
            return None
        if not isinstance(header, dict) or header.pop("payload", None) != hashlib.sha256(payload).hexdigest():
            return None
        return payload if header == self._header(kind, digest) else None

    def _read(self, path: str) -> bytes:
        fd = os.open(path, os.O_RDONLY)
        try:
            mtime = os.fstat(fd).st_mtime
            if self.now - mtime > DAY and self.writable:  # in use: keep it from being pruned
                os.utime(fd, (self.now, self.now))
            return b"".join(iter(lambda: os.read(fd, 1 << 16), b""))
        finally:
            os.close(fd)

    def put(self, kind: str, digest: str, payload: bytes) -> None:
        """Store ``payload``; silently gives up (for the rest of the run) if the directory is not writable."""
        if not self.writable:
            return
        header = {**self._header(kind, digest), "payload": hashlib.sha256(payload).hexdigest()}
        path = self._path(kind, digest)
        shard = os.path.dirname(path)
        try:
            if shard not in self._shards:  # the directory too is the user's alone
                os.makedirs(self.directory, mode=0o700, exist_ok=True)
                os.makedirs(shard, mode=0o700, exist_ok=True)
                self._shards.add(shard)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=shard)
        except OSError:
            self.writable = False
            return
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(json.dumps(header).encode() + b"\n" + payload)
            os.replace(tmp, path)
        except OSError:
            self.writable = False
            _remove(Path(tmp))

    def maybe_prune(self) -> None:
        """At most once a day (across runs): delete stale entries and left-over temporary files."""
        stamp = self.directory / "pruned"
        try:
            if self.now - stamp.stat().st_mtime < DAY:
                return
        except FileNotFoundError:
            pass
        except OSError:
            return
        try:
            stamp.touch()
        except OSError:
            return
        prune(self.directory, self.now)


def prune(directory: Path, now: float, *, max_age: float = MAX_AGE, max_entries: int = MAX_ENTRIES) -> int:
    """Delete entries older than ``max_age`` and the oldest beyond ``max_entries``; return how many."""
    entries: list[tuple[float, Path]] = []
    removed = 0
    for shard in _listdir(directory):
        if not (shard.is_dir(follow_symlinks=False) and _SHARD.match(shard.name)):
            continue
        for entry in _listdir(Path(shard.path)):
            stale = max_age if _ENTRY.match(entry.name) else 3600 if entry.name.startswith(".tmp-") else None
            try:
                mtime = entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            if stale is not None and now - mtime > stale:
                removed += _remove(Path(entry.path))
            elif stale == max_age:
                entries.append((mtime, Path(entry.path)))
    entries.sort(reverse=True)
    return removed + sum(_remove(path) for _, path in entries[max_entries:])


def _listdir(directory: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(directory) as it:
            return list(it)
    except OSError:
        return []


def _remove(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0


# ------------------------------------------------------------------ where, and whether


def open_cache(setting: bool | str | os.PathLike | None, rules_root: Path) -> Cache | None:
    """The cache for loading ``rules_root``: ``setting`` is True (the default place), False/None
    (no cache) or a directory.  None when turned off, refused or unusable."""
    directory = cache_dir(setting)
    if directory is None or _inside_repository(directory, rules_root):
        return None
    engine = engine_fingerprint()
    return Cache(directory, engine) if engine else None


def cache_dir(setting: bool | str | os.PathLike | None) -> Path | None:
    """Where the cache lives for ``setting`` (see the module documentation), or None for none."""
    if setting is None or setting is False or os.environ.get("TONGBAN_NO_CACHE", "") not in ("", "0"):
        return None
    if setting is not True:
        return Path(setting)
    if os.environ.get("TONGBAN_CACHE_DIR"):
        return Path(os.environ["TONGBAN_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG specification: a relative path is to be ignored
        return Path(xdg, "tongban")
    try:
        return Path.home() / ".cache" / "tongban"
    except RuntimeError:  # no home directory to be found
        return None


def _inside_repository(directory: Path, rules_root: Path) -> bool:
    """Whether ``directory`` is inside ``rules_root`` or the repository (``.git``) holding it."""
    try:
        target, root = directory.resolve(), rules_root.resolve()
    except (OSError, RuntimeError):
        return True
    fences = [root] + [p for p in root.parents if (p / ".git").exists()][:1]
    return any(target == fence or fence in target.parents for fence in fences)


def engine_fingerprint() -> str | None:
    """A digest of what decides a validated model; None if this package's code cannot be read."""
    digest = hashlib.sha256(f"{pydantic.VERSION}\0{yaml.__version__}\0{yaml.__with_libyaml__}\0"
                            f"{sys.version_info[:2]}\0".encode())
    try:
        for name in _ENGINE_CODE:
            target = _PACKAGE / name
            for path in sorted(target.glob("*.py")) if target.is_dir() else [target]:
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()
