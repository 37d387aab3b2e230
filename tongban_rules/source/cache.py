"""A content-addressed cache of validated rule files: data only, outside the rules tree.

A clean file (no diagnostic from reading or validation) is kept as the JSON of its validated
model under ``(kind, sha256 of the file's bytes)``: the same bytes read by the same code give
the same model, so a warm load revives that JSON instead of composing YAML.  ``engine``
fingerprints everything that decides the model — this package's ``source/`` and ``model/`` code,
the loader, and the versions of pydantic, PyYAML and Python — and is part of every pack's name
and header.  Files with diagnostics are never kept: they are read again each time (they are few,
and their positions come from the text).

Entries live in *packs*, ``<dir>/v<FORMAT>-<engine>-<token>.pack``, one written per run that
found new clean files (creating one file per entry cost more than reading the YAML on this
project's machine).  A pack is a header line (format, engine), an index line (``"kind:sha256"``
→ offset, length and sha256 of the payload) and the payloads.  Packs are written to a temporary
file and renamed into place, and never change after: concurrent runs only ever see whole packs
and each writes its own.  A pack whose header does not match is ignored (and deleted), an entry
whose payload does not hash to its index line is ignored (and rebuilt by the run that read it);
JSON is data, nothing in a pack runs.

Bounded: when a run finds ``MAX_PACKS`` packs of its engine it merges them into one — the
entries it used and its new ones first, then the rest, newest pack first, up to ``MAX_BYTES`` —
and deletes them; packs of another engine or format, and left-over temporary files, are deleted
once an hour old.

Where: ``cache=<path>``, else ``$TONGBAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/tongban``, else
``~/.cache/tongban``.  ``TONGBAN_NO_CACHE=1`` (or ``cache=False``) turns it off.  A directory
inside the rules root, or inside the repository that holds it, is refused (a pull request must
not be able to plant entries), and so is one that is another user's or that others may write
in: the run goes on without a cache, as it does when the directory cannot be read or written.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

import pydantic
import yaml

FORMAT = 1
MAX_PACKS = 8
MAX_BYTES = 256 << 20
STALE = 3600  # seconds after which a foreign pack or a left-over temporary file is deleted
_PACKAGE = Path(__file__).resolve().parent.parent
#: the code whose every change may change a validated model
_ENGINE_CODE = ("source", "model", "load/loader.py")


class _Pack:
    """One pack file, opened: its index in memory, payloads read on demand."""

    def __init__(self, path: str, engine: str):
        self.path = path
        self.file = open(path, "rb")
        try:
            header = json.loads(self.file.readline(4096))
            self.index = json.loads(self.file.readline())
        except (ValueError, RecursionError) as exc:
            self.close()
            raise ValueError(f"not a pack: {path}") from exc
        if header != {"format": FORMAT, "engine": engine} or not isinstance(self.index, dict):
            self.close()
            raise ValueError(f"not a pack of this engine: {path}")
        self.start = self.file.tell()

    def read(self, key: str) -> bytes | None:
        """The payload under ``key`` if it is there whole (its digest matches the index)."""
        try:
            offset, length, digest = self.index[key]
            if not 0 <= length <= 1 << 24:  # the JSON of one model (its file is at most 1 MiB)
                return None
            payload = os.pread(self.file.fileno(), length, self.start + offset)
        except (KeyError, ValueError, TypeError, OverflowError, OSError):
            return None
        return payload if hashlib.sha256(payload).hexdigest() == digest else None

    def close(self) -> None:
        self.file.close()


class Cache:
    """The packs of one engine in one directory, as seen by one run (and the workers it forks)."""

    def __init__(self, directory: Path, engine: str):
        self.directory = str(directory)
        self.engine = engine
        self.prefix = f"v{FORMAT}-{engine[:32]}-"
        self.packs: list[_Pack] = []  # newest first
        self.where: dict[str, _Pack] = {}
        self.new: dict[str, bytes] = {}
        self.used: set[str] = set()
        for path in self._listing(mine=True):
            try:
                pack = _Pack(path, engine)
            except FileNotFoundError:
                continue  # merged away by another run meanwhile
            except (OSError, ValueError):
                _remove(path)  # packs are renamed into place whole: this one is damaged
                continue
            self.packs.append(pack)
            for key in pack.index:
                self.where.setdefault(key, pack)

    def get(self, kind: str, digest: str) -> bytes | None:
        """The model JSON kept for a file of ``kind`` whose bytes hash to ``digest``, or None."""
        key = f"{kind}:{digest}"
        pack = self.where.get(key)
        return pack.read(key) if pack is not None else None

    def keep(self, kind: str, digest: str, payload: bytes, *, new: bool) -> None:
        """Note that this run used ``payload`` for the file: read from a pack (marked as in use,
        for merges), or ``new`` (kept, in place of whatever a pack holds under its key)."""
        key = f"{kind}:{digest}"
        if new:
            self.new[key] = payload
            self.where.pop(key, None)
        else:
            self.used.add(key)

    def close(self) -> None:
        """End of the run: write the new entries (merging packs when there are many), tidy up."""
        try:
            if len(self.packs) + 1 > MAX_PACKS:
                self._write(self._merged())
                for pack in self.packs:
                    _remove(pack.path)
            elif self.new:
                self._write(self.new.items())
            self._tidy()
        except OSError:
            pass  # an unwritable cache directory: the run simply goes on without it
        finally:
            for pack in self.packs:
                pack.close()
            self.packs, self.where, self.new = [], {}, {}

    def _merged(self) -> Iterator[tuple[str, bytes]]:
        """The entries to keep when merging, most wanted first, up to ``MAX_BYTES``."""
        size = 0
        keys = [*self.used, *(k for k in self.where if k not in self.used)]  # newest pack first
        for key, payload in [*self.new.items(), *((k, self._payload(k)) for k in keys)]:
            if payload is None or (size := size + len(payload)) > MAX_BYTES:
                continue
            yield key, payload

    def _payload(self, key: str) -> bytes | None:
        pack = self.where.get(key)
        return pack.read(key) if pack is not None and key not in self.new else None

    def _write(self, entries: Iterable[tuple[str, bytes]]) -> None:
        index: dict[str, list] = {}
        chunks: list[bytes] = []
        offset = 0
        for key, payload in entries:
            if key not in index:
                index[key] = [offset, len(payload), hashlib.sha256(payload).hexdigest()]
                chunks.append(payload)
                offset += len(payload)
        os.makedirs(self.directory, mode=0o700, exist_ok=True)
        final = os.path.join(self.directory, f"{self.prefix}{secrets.token_hex(8)}.pack")
        temp = os.path.join(self.directory, f".tmp-{secrets.token_hex(8)}")
        head = json.dumps({"format": FORMAT, "engine": self.engine}) + "\n" + json.dumps(index) + "\n"
        try:
            with open(temp, "xb") as out:
                out.write(head.encode())
                out.writelines(chunks)
            os.replace(temp, final)
        finally:
            _remove(temp)

    def _tidy(self) -> None:
        """Delete other engines' and formats' packs and left-over temporary files an hour old."""
        now = time.time()
        for path in self._listing(mine=False):
            try:
                if now - os.stat(path).st_mtime > STALE:
                    _remove(path)
            except OSError:
                continue

    def _listing(self, *, mine: bool) -> list[str]:
        """Paths of this engine's packs, newest first (``mine``), or of everything else of ours."""
        try:
            with os.scandir(self.directory) as found:
                names = [(e.stat().st_mtime, e.path) for e in found if e.is_file(follow_symlinks=False)
                         and _ours(e.name) and e.name.startswith(self.prefix) == mine]
        except OSError:
            return []
        return [path for _, path in sorted(names, reverse=True)]


def _ours(name: str) -> bool:
    return name.startswith(".tmp-") or (name.startswith("v") and name.endswith(".pack"))


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# ------------------------------------------------------------------ where, and whether


def open_cache(setting: bool | str | os.PathLike | None, rules_root: Path) -> Cache | None:
    """The cache for loading ``rules_root``: ``setting`` is True (the default place), False/None
    (no cache) or a directory.  None when turned off, refused or unusable."""
    directory = cache_dir(setting)
    if directory is None or _inside_repository(directory, rules_root) or _shared(directory):
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


def _shared(directory: Path) -> bool:
    """Whether someone else could plant packs: the directory is another user's, or others may
    write in it (``/tmp`` itself, say).  A directory yet to be made is made the user's alone."""
    try:
        status = directory.stat()
    except FileNotFoundError:
        return False
    except OSError:
        return True
    mine = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return not mine or bool(status.st_mode & 0o022)


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
