"""The ``tongban`` program: parse arguments, run one command, exit with its status.

Exit status: 0 clean, 1 errors found (or bad facts for ``decide``), 2 usage error.

Each command lives in its own module of ``cli/`` and is one ``Command`` record (name, help,
``setup(parser)``, ``run(args) -> int``); shared options come from ``cli/options.py``.  This
module imports the command modules by name and lists their records in ``COMMANDS``, in the
order ``tongban --help`` shows them.  To add a command ``NAME``: write ``cli/NAME.py`` ending
in ``COMMAND = Command(name="NAME", help=..., setup=setup, run=run)``, then register it with
one entry in ``COMMANDS`` below (``NAME.COMMAND``, with ``NAME`` in the import line), and give
its help in Chinese and an example in ``cli/help_zh.py`` (help is Chinese unless ``--lang en``).

A command module imports the pipeline (models, loader, checks, renderer) inside its ``run``:
``tongban decide`` never loads the renderer or the checks, and ``--help`` loads neither.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from .. import __version__
from . import audit, bundle, check, codes, decide, diff, impact, new, render, schema, serve, validate
from .help import command_help, help_lang, localize, localize_top
from .options import LANGS, Command, cache_options, cache_setting

COMMANDS: tuple[Command, ...] = (
    validate.COMMAND,
    schema.COMMAND,
    decide.DECIDE,
    decide.TEST,
    check.COMMAND,
    audit.COMMAND,
    render.RENDER,
    render.BUILD,
    bundle.COMMAND,
    new.COMMAND,
    codes.COMMAND,
    diff.COMMAND,
    serve.COMMAND,
    impact.COMMAND,
)


def parser(lang: str = "zh") -> argparse.ArgumentParser:
    """The parser of every command, its help in ``lang`` (``cli/help.py``)."""
    top = argparse.ArgumentParser(prog="tongban", description="政务服务“跨省通办” rules as code")
    top.add_argument("--version", action="version", version=f"tongban-rules {__version__}")
    top.add_argument("--lang", dest="help_lang", choices=LANGS, default="zh",
                     help="language of the help (default: zh); each command's --lang picks its messages' language")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", help="the command to run (tongban COMMAND --help: its help)")
    for cmd in COMMANDS:
        command = sub.add_parser(cmd.name, help=cmd.help, description=command_help(cmd.name, cmd.help, lang))
        cmd.setup(command)
        if cmd.reads_rules:
            cache_options(command)
        localize(command, cmd.name, lang)
    localize_top(top, sub, {cmd.name: cmd.help for cmd in COMMANDS}, lang)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    top = parser(help_lang(argv))
    args = top.parse_args(argv)
    if not args.command:
        top.print_help(sys.stderr)
        return 2
    run = next(cmd.run for cmd in COMMANDS if cmd.name == args.command)
    try:
        with cache_setting(args):
            return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:
    """The ``tongban`` program.  A run is short and its objects live until it ends: the cyclic
    garbage collector would only walk the loaded rule set again and again (a full pass over
    10,000 items costs most of a second), so the program runs without it."""
    gc.disable()
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
