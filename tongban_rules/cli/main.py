"""The ``tongban`` command: parse arguments, call one library function, print, exit.

Exit status: 0 clean, 1 errors found (or bad facts for ``decide``), 2 usage error.
"""

from __future__ import annotations

import argparse
import gc
import sys
from datetime import date
from pathlib import Path
from typing import Callable, Sequence

from .. import __version__
from ..diagnostics import FORMATTERS, Diagnostic, has_errors
from ..load.loader import validate
from ..model.schemas import write_schemas

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help_text: str):
    def register(setup: Callable[[argparse.ArgumentParser], None]):
        def wrap(run: Command) -> Command:
            COMMANDS[name] = (run, setup, help_text)
            return run

        return wrap

    return register


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD dates (a bad date is a usage error, exit 2)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是 YYYY-MM-DD 格式的日期 (not a YYYY-MM-DD date): {text}") from None


def _output_options(parser: argparse.ArgumentParser, formats: Sequence[str] = ("text", "json", "github")) -> None:
    parser.add_argument("--format", choices=formats, default="text", help="output format (default: text)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language (default: zh)")


def emit(diagnostics: list[Diagnostic], args: argparse.Namespace, stream=None) -> None:
    stream = stream or sys.stdout
    formatter = FORMATTERS.get(args.format)
    if formatter is None:  # formats only some commands offer (sarif) register themselves
        raise SystemExit(f"unknown format {args.format}")
    text = formatter(diagnostics, args.lang)
    if text:
        stream.write(text)


def summary(diagnostics: list[Diagnostic], lang: str) -> str:
    errors = sum(1 for d in diagnostics if d.severity.value == "error")
    warnings = sum(1 for d in diagnostics if d.severity.value == "warning")
    if lang == "en":
        return f"{errors} error(s), {warnings} warning(s)"
    return f"{errors} 个错误, {warnings} 个警告"


# ------------------------------------------------------------------ validate


def _setup_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", default=["rules"], help="rule directories or files (default: rules)")
    _output_options(p)


@command("validate", "validate rule files (schema, YAML hazards, references)")(_setup_validate)
def run_validate(args: argparse.Namespace) -> int:
    diagnostics = validate(*args.paths)
    emit(diagnostics, args)
    if args.format == "text":
        print(summary(diagnostics, args.lang), file=sys.stderr)
    return 1 if has_errors(diagnostics) else 0


# ------------------------------------------------------------------ schema


def _setup_schema(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", default="schema", help="folder for the JSON Schema files (default: schema)")


@command("schema", "write the JSON Schema of every rule-file kind")(_setup_schema)
def run_schema(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.output)):
        print(path)
    return 0


# ------------------------------------------------------------------ main


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="tongban", description="政务服务“跨省通办” rules as code")
    top.add_argument("--version", action="version", version=f"tongban-rules {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, setup, help_text) in COMMANDS.items():
        setup(sub.add_parser(name, help=help_text, description=help_text))
    return top


def main(argv: Sequence[str] | None = None) -> int:
    _load_commands()
    args = parser().parse_args(argv)
    if not args.command:
        parser().print_help(sys.stderr)
        return 2
    run = COMMANDS[args.command][0]
    try:
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


def _load_commands() -> None:
    """Commands of other modules register themselves on import."""
    import importlib

    for module in ("decide", "check", "render", "codes"):
        try:
            importlib.import_module(f"{__package__}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{module}":
                raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
