"""``--changed-since GIT_REF``: keep the findings in files changed since a git revision.

The files changed are those ``git diff --name-only REF`` lists (committed since ``REF``,
staged or not) and the untracked files git does not ignore — what a pull request or a
working copy has touched.  Git is asked in the folder of the first path given; what goes wrong
is TB051 (git missing, not a working tree, an unknown revision), never a silent empty filter.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from ..diagnostics import Diagnostic, Finding, place

_TIMEOUT = 60


def changed_files(anchor: str, ref: str) -> set[str] | Diagnostic:
    """The real paths of the files changed since ``ref`` in the repository holding ``anchor``."""
    where = anchor if os.path.isdir(anchor) else os.path.dirname(os.path.abspath(anchor))
    if shutil.which("git") is None:
        return _problem(anchor, "no-git", reason="git not found on PATH")
    top = _git(where, "rev-parse", "--show-toplevel")
    if isinstance(top, OSError):
        return _problem(anchor, "no-git", reason=top.strerror or str(top))
    if top is None:
        return _problem(anchor, "not-a-repo", path=anchor)
    root = top.strip()
    if _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}") is None:
        return _problem(anchor, "", ref=ref)
    listed = [_git(root, "diff", "--name-only", "-z", ref, "--"),
              _git(root, "ls-files", "--others", "--exclude-standard", "-z")]
    names = [n for out in listed if isinstance(out, str) for n in out.split("\0") if n]
    return {os.path.realpath(os.path.join(root, n)) for n in names}


def _git(cwd: str, *args: str) -> str | None | OSError:
    """git's output, None when git answered with a failure, the error when it could not run."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return exc if isinstance(exc, OSError) else OSError(str(exc))
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape")


def _problem(anchor: str, variant: str, **params: object) -> Diagnostic:
    return place(Finding(code="TB051", variant=variant, params=params), anchor)
