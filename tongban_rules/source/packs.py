"""Packs: the files of the cache of validated files (``cache`` decides where and whether).

One pack is written per run that met new clean files (a file per entry cost more to create than
the YAML cost to read, on this project's machine): ``<dir>/v<FORMAT>-<engine>-<token>.pack``, a
header line (format, engine), an index line (``"kind:sha256"`` → offset, length and sha256 of the
payload), then the payloads.  A pack is written to a temporary file and renamed into place, never
changed after: concurrent runs see whole packs only, and each writes its own.  A pack whose
header does not match is ignored and deleted, an entry whose payload does not hash to its index
line is ignored and rebuilt; JSON is data, nothing in a pack runs.

Bounded: a run that finds ``MAX_PACKS`` packs of its engine merges them into one — what it used
and its new entries first, then the rest, newest first, up to ``MAX_BYTES`` — and deletes them;
other engines' and formats' packs, and left-over temporary files, are deleted once an hour old.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

FORMAT = 1
MAX_PACKS = 8
MAX_BYTES = 256 << 20
STALE = 3600  # seconds after which a foreign pack or a left-over temporary file is deleted


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
