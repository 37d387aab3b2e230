"""Files are checked in their tree: ``validate`` of rule directories or of single files.

A rule file means something only beside the registries, calendar and lists of its rule set: an
item cites laws and materials, its conditions use the facts it declares and the regions the
registry lists.  So a file given on its own is read in the tree that holds it — the nearest
folder above it with a ``registries/`` folder, or the ``rules`` folder a caller names — and
what is reported is everything the tree says about that file, and nothing about the others.

An item (or its case file) needs only the registries, calendar, task list, regional lists,
its own versions and its case file: the tree's other items are known by the ids their file
names give (``loader.Keep``), so that one file of a tree of 10,000 is read in a blink.  Any
other file is read with the whole tree.  A registry is also about the references into it: given
``registries/laws.yaml``, a law still cited in an item but no longer listed is reported where it
is cited (TB301–TB303 anywhere in the tree); an item is also about its decision cases (the
failures TB420–TB422 in its case file, for ``check``).  A file in no tree is TB050.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..diagnostics import Diagnostic, Finding, place, sort_diagnostics
from .loader import REGISTRIES, CacheSetting, Keep, Track, classify, load_tree

__all__ = ["Scope", "find_root", "scopes", "validate"]

_RULE_FILES = (".yaml", ".yml")


class Scope:
    """Some files of one rule tree (``files`` empty: the whole tree)."""

    def __init__(self, root: str, files: Sequence[str] = ()):
        self.root, self.files = root, tuple(files)
        self.real = {os.path.realpath(f) for f in files}
        #: a registry among the files: the references into the registries anywhere count too
        self.registries = any(_kind(self, f) in REGISTRIES for f in files)
        #: the case files of the items among the files: their cases' results are the items' too
        self.cases = {os.path.realpath(os.path.join(root, "cases", _item_id(self.rel(f)) + ".yaml"))
                      for f in files if _kind(self, f) == "item"}

    def rel(self, file: str) -> str:
        return Path(os.path.realpath(file)).relative_to(os.path.realpath(self.root)).as_posix()

    def keep(self) -> Keep | None:
        """Which files of the tree the given files need (None: all of them)."""
        if not self.files:
            return None
        ids = set()
        for file in self.files:
            try:
                rel = self.rel(file)
            except ValueError:  # a link out of the tree: the loader reports it where it lies
                return None
            kind = classify(rel)
            if kind not in ("item", "cases"):
                return None
            ids.add(_item_id(rel))
        return lambda rel: _needed(rel, ids)

    def concerns(self, d: Diagnostic) -> bool:
        """Whether ``d`` is about one of the files (always, for the whole tree)."""
        real = os.path.realpath(d.file)
        if not self.files or real in self.real:
            return True
        return (self.registries and d.code in REFERENCES) or (d.code in CASE_RESULTS and real in self.cases)


#: the codes of references that do not resolve (a law cited that the registry lacks, …)
REFERENCES = frozenset({"TB301", "TB302", "TB303"})
#: the codes of a decision case's result (reported in the case file, about its item)
CASE_RESULTS = frozenset({"TB420", "TB421", "TB422"})


def _kind(scope: Scope, file: str) -> str | None:
    try:
        return classify(scope.rel(file))
    except ValueError:
        return None


def _item_id(rel: str) -> str:
    return rel.rsplit("/", 1)[-1].removesuffix(".yaml").split("@")[0]


def _needed(rel: str, ids: set[str]) -> bool:
    if rel.startswith(("items/", "cases/")) and classify(rel) in ("item", "cases"):
        return _item_id(rel) in ids
    return True  # registries, calendar, lists, and files out of place (reported as such)


def find_root(file: str | os.PathLike) -> Path | None:
    """The nearest folder above ``file`` that holds a ``registries/`` folder, if any."""
    for parent in Path(os.path.abspath(file)).parents:
        if (parent / "registries").is_dir():
            return parent
    return None


def _inside(file: str, root: str) -> bool:
    real, base = os.path.realpath(file), os.path.realpath(root)
    return os.path.commonpath([real, base]) == base


def scopes(paths: Iterable[str | os.PathLike], rules: str | os.PathLike | None = None,
           whole: bool = False) -> tuple[list[Scope], list[Diagnostic]]:
    """The trees to read for ``paths`` (directories: whole trees; files: the tree that holds
    them, or ``rules``), and TB008/TB050 for paths that have none.  ``whole``: report the whole
    tree of each file, not only the file."""
    trees: dict[str, list[str]] = {}
    problems: list[Diagnostic] = []
    for p in paths:
        path = os.fspath(p)
        if os.path.isdir(path) or _is_bundle(path) or not (os.path.lexists(path) or path.endswith(_RULE_FILES)):
            trees.setdefault(path, [])  # a directory, or what load_tree reports as not one
            continue
        found = _root_of(path, rules)
        if isinstance(found, str):
            found = _unread(path, found) or found
        if isinstance(found, Diagnostic):
            problems.append(found)
        else:
            trees.setdefault(found, []).append(path)
    out = [Scope(root, () if whole else files) for root, files in trees.items()]
    return out, problems


def _unread(path: str, root: str) -> Diagnostic | None:
    """TB206 for a file of the tree that the tree's reading passes by (not YAML, or in a
    hidden folder), which would otherwise go unreported; None for any other file."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")
    if path.endswith(_RULE_FILES) and not any(part.startswith(".") for part in rel.split("/")[:-1]):
        return None
    return place(Finding(code="TB206", params={"relpath": rel}), path)


def _root_of(path: str, rules: str | os.PathLike | None) -> str | Diagnostic:
    if not os.path.lexists(path):
        return place(Finding(code="TB008", variant="file", params={"path": path}), path)
    if rules is not None:
        root = os.fspath(rules)
        if not os.path.isdir(root):
            return place(Finding(code="TB008", params={"path": root}), root)
        if not _inside(path, root):
            return place(Finding(code="TB050", variant="not-inside", params={"path": path, "rules": root}), path)
        return root
    found = find_root(path)
    if found is None:
        return place(Finding(code="TB050", params={"path": path}), path)
    return _shown(found)


def _shown(root: Path) -> str:
    """``root`` relative to the working folder when it lies below it (file names stay short)."""
    here = Path.cwd()
    return str(root.relative_to(here)) if root.is_relative_to(here) and root != here else str(root)


def _is_bundle(path: str) -> bool:
    """Whether ``path`` is a rule bundle (a rule file is not even asked: the bundle module is not
    loaded for the one-file run of an editor or a hook)."""
    if path.endswith(_RULE_FILES) or not os.path.isfile(path):
        return False
    from .bundle import is_bundle

    return is_bundle(path)


def validate(*paths: str | os.PathLike, cache: CacheSetting = True, rules: str | os.PathLike | None = None,
             whole: bool = False, track: Track | None = None) -> list[Diagnostic]:
    """All diagnostics for the given rule directories or files, sorted: a file's are those its
    tree has for it (see the module docstring).  ``cache`` as for ``loader.load_rules``;
    ``track`` as for ``loader.load_tree``."""
    found, diags = scopes(paths or ("rules",), rules, whole)
    for scope in found:
        loaded = load_tree(scope.root, cache=cache, keep=scope.keep(), track=track)[1]
        diags.extend(d for d in loaded if scope.concerns(d))
    return sort_diagnostics(diags)
