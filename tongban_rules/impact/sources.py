"""One side of a comparison (``tongban diff OLD NEW``, ``tongban impact --old --new``): a rule set
named by a rules directory, a bundle file, or a git revision of the repository at hand.

``load_side(spec, repo)`` tries, in this order: ``spec`` as a path (a directory is loaded as a
rules directory, a file must be a bundle), then as a git revision of ``repo`` — whose ``rules/``
folder is written out with ``git archive`` into a temporary directory, loaded, and removed; the
work tree is never touched.  Problems are coded (``SourceError``): TB450 not a git repository
(or no git), TB451 not a path and not a revision, TB452 the revision has no ``rules/``, TB453 a
file that is not a bundle.  Rules that do not load raise ``RulesError`` as ``load_rules`` does.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import replace
from pathlib import Path

from ..errors import CodedError, RulesError
from ..load.bundle import is_bundle
from ..load.loader import load_rules
from ..load.ruleset import RuleSet

__all__ = ["SourceError", "load_side", "RULES_DIR"]

#: where the rules live in the repository, relative to its top
RULES_DIR = "rules"
_GIT_TIMEOUT = 120  # seconds: an archive of the rules is a few megabytes at most


class SourceError(CodedError):
    """A side of a comparison that names no rule set (TB450–TB453)."""


def load_side(spec: str, repo: Path) -> RuleSet:
    """The rule set ``spec`` names: a rules directory, a bundle, or a git revision of ``repo``."""
    path = Path(spec)
    if path.is_dir():
        return load_rules(path)
    if path.exists():
        if not is_bundle(path):
            raise SourceError("TB453", spec=spec)
        return load_rules(path)
    return _from_revision(spec, repo)


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``git -C repo args…`` with its output captured (never the user's pager or editor)."""
    env = {**os.environ, "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, env=env,
                          timeout=_GIT_TIMEOUT, check=False)


def _commit(spec: str, repo: Path) -> str:
    """The commit ``spec`` names in ``repo`` (a full hash)."""
    if shutil.which("git") is None:
        raise SourceError("TB450", variant="no-git", spec=spec, repo=str(repo))
    if _git(repo, "rev-parse", "--git-dir").returncode != 0:
        raise SourceError("TB450", spec=spec, repo=str(repo))
    if spec.startswith("-"):  # never an option of git's
        raise SourceError("TB451", spec=spec, repo=str(repo))
    found = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}")
    if found.returncode != 0:
        raise SourceError("TB451", spec=spec, repo=str(repo))
    return found.stdout.decode("ascii").strip()


def _from_revision(spec: str, repo: Path) -> RuleSet:
    commit = _commit(spec, repo)
    top = _git(repo, "rev-parse", "--show-toplevel").stdout.decode("utf-8", "replace").strip()
    tree = _git(Path(top or repo), "ls-tree", "-d", commit, RULES_DIR)
    if not tree.stdout.strip():
        raise SourceError("TB452", spec=spec, commit=commit[:12], rules=RULES_DIR)
    archive = _git(Path(top or repo), "archive", "--format=tar", commit, RULES_DIR)
    if archive.returncode != 0:
        raise SourceError("TB452", spec=spec, commit=commit[:12], rules=RULES_DIR)
    with tempfile.TemporaryDirectory(prefix="tongban-side-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")  # refuses links out of the folder, absolute names
        try:
            ruleset = load_rules(Path(tmp) / RULES_DIR, cache=False)
        except RulesError as exc:  # named as git names them (``HEAD~1:rules/items/…``), not by the temporary copy
            raise RulesError([replace(d, file=_at(d.file, tmp, spec)) for d in exc.diagnostics]) from None
    return replace(ruleset, root=f"{spec}:{RULES_DIR}")


def _at(file: str, tmp: str, spec: str) -> str:
    return f"{spec}:{Path(file).relative_to(tmp).as_posix()}" if file.startswith(tmp) else file
