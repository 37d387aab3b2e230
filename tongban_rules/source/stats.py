"""The digests of a tree's files, remembered with their status so that an unchanged file is not read.

``checks.incremental`` needs the sha256 of every file of a rule set on every run; reading 10,000
small files costs more than the rest of a re-check.  Like git's index, this keeps per file its
size, modification and change times (nanoseconds), inode and digest, and trusts the digest while
all four are unchanged.  The change time cannot be set by a user (``touch -d`` sets only the
modification time), and every write of the bytes moves it.  A write within the same tick of the
file system's clock as the hashing is the one case the times cannot show, so a digest is trusted
only for a file whose change time lies at least ``MARGIN`` before the moment it was hashed; a
younger file is read again (once it is older, its next hash is trusted).

One JSON file per rules root (named by the sha256 of its absolute path) in the store's
directory, replaced whole by renaming (concurrent runs each write a whole file, the last one
stays); anything unreadable or of another shape is ignored and rebuilt.  Data only.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
import time
from collections.abc import Callable
from pathlib import Path

import orjson

MARGIN = 2_000_000_000  # ns: far longer than any file system's timestamp tick
FORMAT = 1


class Stats:
    """The remembered digests of one tree's files (by path relative to the root)."""

    def __init__(self, directory: str, root: Path):
        name = hashlib.sha256(os.fsencode(os.path.abspath(root))).hexdigest()[:32]
        self.path = os.path.join(directory, f"stats-{name}.json")
        self.old = self._read()
        self.new: dict[str, list] = {}

    def _read(self) -> dict[str, list]:
        try:
            with open(self.path, "rb") as f:
                data = orjson.loads(f.read())
        except (OSError, orjson.JSONDecodeError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), dict):
            return {}
        return data["files"]

    def digest(self, path: str, rel: str, read: Callable[[str], str]) -> str:
        """The digest of the file at ``path``: remembered when its status is unchanged, else ``read(path)``."""
        try:
            info = os.lstat(path)
        except OSError:
            return read(path)
        if not stat.S_ISREG(info.st_mode):
            return read(path)  # a link, a directory …: whatever reading it says
        status = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        entry = self.old.get(rel)
        if (isinstance(entry, list) and len(entry) == 6 and entry[:4] == status and isinstance(entry[4], str)
                and isinstance(entry[5], int) and info.st_ctime_ns < entry[5] - MARGIN):
            self.new[rel] = entry
            return entry[4]
        hashed_at = time.time_ns()
        digest = read(path)
        if not digest.startswith("unread:"):
            self.new[rel] = [*status, digest, hashed_at]
        return digest

    def save(self) -> None:
        """Write what this run saw, when it differs from what was there (an error only means no save)."""
        if self.new == self.old:
            return
        temporary = f"{self.path}.{secrets.token_hex(6)}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
            with open(temporary, "wb") as f:
                f.write(orjson.dumps({"format": FORMAT, "files": self.new}))
            os.replace(temporary, self.path)
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass
