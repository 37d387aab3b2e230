"""Rename the key ``on:`` of decision cases to ``date:`` in place (TB060).

    python tools/migrate_cases.py [PATH ...]      (default: rules/cases)

PATH is a case file or a folder of them (``*.yaml``, searched recursively).  The edit is on the
text, not a YAML round trip: comments, quoting, flow mappings and blank lines stay as they are;
only a key ``on`` that is a case's own key is renamed — at the indentation of the case's other
keys, in a block case (``- on: …`` or ``  on: …``) or in a flow case (``- {name: …, on: …}``).
A key ``on`` nested deeper (in ``facts`` or ``expect``) is left alone.  Running it again changes
nothing; it prints each file it changed and exits 0.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

#: ``- `` or spaces, then ``on:`` followed by a space or the end of the line
_BLOCK_KEY = re.compile(r"^(?P<lead>\s*(?:-\s+)?)on:(?=\s|$)")
#: the first key of a list entry: ``  - name: …`` → the keys of that case are indented to ``name``
_ENTRY = re.compile(r"^(?P<dash>\s*-\s+)(?=[A-Za-z_{])")
_FLOW_KEY = re.compile(r"(?P<lead>[{,]\s*)on:(?=\s)")


def migrate_text(text: str) -> str:
    """``text`` with every case's ``on:`` key renamed ``date:``."""
    out: list[str] = []
    case_indent: int | None = None
    dash_column: int | None = None
    in_cases = False
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if indent == 0 and stripped[:1] not in ("", "#", "\n", "\r", "-"):
            in_cases, case_indent, dash_column = stripped.startswith("cases:"), None, None
        elif in_cases:
            entry = _ENTRY.match(line)
            if entry and dash_column in (None, indent):
                dash_column, case_indent = indent, len(entry["dash"])
            line = _rename(line, case_indent)
        out.append(line)
    return "".join(out)


def _rename(line: str, case_indent: int | None) -> str:
    if case_indent is None:
        return line
    block = _BLOCK_KEY.match(line)
    if block and len(block["lead"]) == case_indent:
        return block["lead"] + "date:" + line[block.end():]
    entry = _ENTRY.match(line)
    if entry and len(entry["dash"]) == case_indent and line[entry.end():].startswith("{"):
        return line[:entry.end()] + _flow(line[entry.end():])
    return line


def _flow(text: str) -> str:
    """Rename ``on:`` among the top keys of the flow mapping that opens ``text`` (not inside
    quotes or nested collections)."""
    depth, quote = 0, ""
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        if not quote and depth == 1 and char in "{," and (match := _FLOW_KEY.match(text, i)):
            return text[:i] + match["lead"] + "date:" + text[match.end():]
    return text


def case_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.yaml"))
        elif path.is_file():
            yield path


def main(argv: list[str]) -> int:
    for path in case_files(Path(a) for a in (argv or ["rules/cases"])):
        text = path.read_text(encoding="utf-8")
        new = migrate_text(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
