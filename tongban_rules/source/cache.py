"""A content-addressed cache of validated rule files: where it is, whether to use it, its key.

A clean file (no diagnostic from reading or validation) is kept as the JSON of its validated
model under ``(kind, sha256 of its bytes)`` in packs (``packs.py``); a warm load revives that JSON
instead of reading YAML.  The packs of one *engine* are used only by that engine: its fingerprint
covers what decides a model — this package's ``source/`` and ``model/`` code, the loader, and the
versions of pydantic, PyYAML and Python.  Files with diagnostics are never kept: they are few,
and are read again each time.

Where: ``cache=<path>``, else ``$TONGBAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/tongban``, else
``~/.cache/tongban``; ``TONGBAN_NO_CACHE=1`` (or ``cache=False``) turns it off.  A directory
inside the rules root or the repository holding it is refused (a pull request must not plant
entries), and so is one another user owns or others may write in: the run goes on without a
cache, as it does when the directory cannot be read or written.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pydantic
import yaml

from .packs import Cache

__all__ = ["Cache", "cache_dir", "engine_fingerprint", "open_cache", "open_store"]

_PACKAGE = Path(__file__).resolve().parent.parent
#: the code whose every change may change a validated model
_ENGINE_CODE = ("source", "model", "load/loader.py")


def open_cache(setting: bool | str | os.PathLike | None, rules_root: Path) -> Cache | None:
    """The cache for loading ``rules_root``: ``setting`` is True (the default place), False/None
    (no cache) or a directory.  None when turned off, refused or unusable."""
    directory = cache_dir(setting)
    if directory is None or _inside_repository(directory, rules_root) or _shared(directory):
        return None
    engine = engine_fingerprint()
    return Cache(directory, engine) if engine else None


def open_store(setting: bool | str | os.PathLike | None, rules_root: Path, name: str, engine: str) -> Cache | None:
    """Another store beside the validated files' (``checks.incremental`` keeps its findings in
    one), in the subdirectory ``name`` of the same cache directory, under the same rules."""
    directory = cache_dir(setting)
    if directory is None or _inside_repository(directory, rules_root) or _shared(directory):
        return None
    store = directory / name
    if _shared(store):
        return None
    return Cache(store, engine)


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
