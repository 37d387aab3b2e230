"""``--watch``: poll the rules for changes and ask for a reload when they change.

Every ``interval`` seconds the watcher takes a signature of the files under the rules path
(relative name, size and modification time of each, or of the one file when the path is a
file) and calls ``on_change`` when it differs from the last one.  The reload itself compares
content digests, so a touched but unchanged file costs one load and changes nothing.
Polling needs no OS-specific notification API and works on mounted volumes (a Kubernetes
ConfigMap is updated by swapping a symbolic link, which notification APIs often miss).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("tongban.service")


def signature(path: Path) -> str:
    """A digest of names, sizes and modification times under ``path`` ("" if it is missing)."""
    digest = hashlib.sha256()
    try:
        if not path.exists():
            return ""
        if path.is_file():
            _add(digest, path, path.name)
            return digest.hexdigest()
        for folder, dirs, files in os.walk(path, followlinks=True):
            dirs.sort()
            for name in sorted(files):
                full = Path(folder, name)
                _add(digest, full, str(full.relative_to(path)))
    except OSError:
        return ""
    return digest.hexdigest()


def _add(digest, full: Path, name: str) -> None:
    try:
        st = full.stat()
    except OSError:  # removed while walking: the next poll sees the settled tree
        return
    digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())


class Watcher:
    """A daemon thread calling ``on_change()`` when ``signature(path)`` changes."""

    def __init__(self, path: Path, on_change: Callable[[], None], interval: float = 1.0):
        self.path, self.on_change, self.interval = path, on_change, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tongban-watch", daemon=True)

    def start(self) -> Watcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        last = signature(self.path)
        while not self._stop.wait(self.interval):
            now = signature(self.path)
            if now != last:
                last = now
                log.info("watch: %s changed, reloading", self.path)
                self.on_change()
