"""What the commands share, declared once: the ``Command`` record, the options several commands
take (rules folder, ``--format``, ``--lang``, ``--as-of``, ``--deadlines``) and the date type.

A command module calls these in its ``setup``; an option's name, choices and default are
written here only.  Where a command's help text says something of its own (what ``--as-of``
means to it), the command passes it.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from ..formats import FORMATS

LANGS = ("zh", "en")


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """One ``tongban`` command: its name, one-line help, how it declares its arguments, and what
    it runs (``run`` returns the exit status)."""

    name: str
    help: str
    setup: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    #: whether it reads rule files (and so takes ``--no-cache`` / ``--cache-dir``)
    reads_rules: bool = True


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD dates (a bad date is a usage error, exit 2)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是 YYYY-MM-DD 格式的日期 (not a YYYY-MM-DD date): {text}") from None


def rules_argument(p: argparse.ArgumentParser, help: str = "the rules directory (default: rules)") -> None:
    """The rules folder as an optional positional argument."""
    p.add_argument("rules", nargs="?", default="rules", help=help)


def rules_option(p: argparse.ArgumentParser, help: str = "the rules directory (default: rules)") -> None:
    """The rules folder as ``--rules`` (for commands whose positional argument is something else)."""
    p.add_argument("--rules", default="rules", help=help)


def paths_argument(p: argparse.ArgumentParser) -> None:
    """Rule directories or files, with ``--rules DIR`` and ``--all`` (see ``load.scope``)."""
    p.add_argument("paths", nargs="*", default=[],
                   help="rule directories, or rule files checked in their tree (default: --rules, else rules)")
    p.add_argument("--rules", metavar="DIR", default=None,
                   help="the rules directory the given files belong to (default: the nearest folder above "
                        "each file that holds registries/)")
    p.add_argument("--all", action="store_true",
                   help="with files given: report the whole rules directory, not only those files")


def given_paths(args: argparse.Namespace) -> list[str]:
    """The paths of ``paths_argument``: those given, else the ``--rules`` directory, else ``rules``."""
    return list(args.paths) or [args.rules or "rules"]


def ci_options(p: argparse.ArgumentParser) -> None:
    """What CI asks of ``validate`` and ``check``: statistics, a baseline, changed files only."""
    p.add_argument("--statistics", action="store_true", help="print the number of findings per code (stderr)")
    p.add_argument("--baseline", metavar="FILE", default=None,
                   help="findings this baseline file lists are known: they neither show nor fail the run")
    p.add_argument("--write-baseline", metavar="FILE", default=None,
                   help="write the findings of this run as a baseline file (then they are all known)")
    p.add_argument("--changed-since", metavar="GIT_REF", default=None,
                   help="only findings in files changed since the git revision GIT_REF (or not yet committed)")


def format_option(p: argparse.ArgumentParser, *, extra: tuple[str, ...] = (),
                  help: str = "output format (default: text)") -> None:
    """``--format``: every format of diagnostics (``formats.FORMATS``), plus a command's ``extra``."""
    p.add_argument("--format", choices=(*FORMATS, *extra), default="text", help=help)


def lang_option(p: argparse.ArgumentParser, help: str | None = "message language (default: zh)") -> None:
    p.add_argument("--lang", choices=LANGS, default="zh", help=help)


def as_of_option(p: argparse.ArgumentParser, help: str, *, type: Callable[[str], object] = iso_date) -> None:
    """``--as-of DATE`` (default None: the command decides what no date means).  With
    ``type=str`` the command reads the date itself (``read_date``) and answers a bad one with
    its own usage message and exit status 2."""
    p.add_argument("--as-of", metavar="DATE", type=type, default=None, help=help)


def deadlines_option(p: argparse.ArgumentParser, help: str) -> None:
    """``--deadlines warning|error``: the severity of a missed task-list deadline (TB850)."""
    p.add_argument("--deadlines", choices=("warning", "error"), default="warning", help=help)


def read_date(text: str | None) -> date | None:
    """A ``--as-of`` given as text, or None when it was not given; ValueError when not a date."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--as-of: not a date (YYYY-MM-DD): {text}") from None


def cache_options(p: argparse.ArgumentParser) -> None:
    """``--no-cache`` and ``--cache-dir DIR`` (see ``source/cache.py`` for where entries live)."""
    p.add_argument("--no-cache", action="store_true",
                   help="read and check every rule file afresh, without the cache (validated files, each item's findings)")
    p.add_argument("--cache-dir", metavar="DIR", default=None,
                   help="where the file cache lives (default: $TONGBAN_CACHE_DIR, else the user cache folder)")


@contextmanager
def cache_setting(args: argparse.Namespace) -> Iterator[None]:
    """The run of one command with the cache the options asked for, told to the loader through
    its environment variables, which are restored afterwards."""
    wanted = {"TONGBAN_NO_CACHE": "1" if getattr(args, "no_cache", False) else None,
              "TONGBAN_CACHE_DIR": getattr(args, "cache_dir", None)}
    saved = {key: os.environ.get(key) for key in wanted}
    try:
        for key, value in wanted.items():
            if value is not None:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
