"""JSON that comes from outside (facts for ``decide``, 实施清单 exports for ``audit``), read with the
same bounds as rule files: nesting depth (TB009, the YAML reader's limit), number literals of at
most ``MAX_DIGITS`` characters (TB108), and no duplicate keys (TB101, as in YAML).

``loads(text, path)`` returns the value or raises ``JsonInputError`` whose ``diagnostic`` names
the line and column; nothing else escapes, whatever the bytes were.
"""

from __future__ import annotations

import json
from typing import Any

from ..diagnostics import Diagnostic, Finding, place
from .read import MAX_DEPTH
from .scalars import MAX_DIGITS


class JsonInputError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} "
                         f"{diagnostic.message}")


class _Refused(Exception):
    def __init__(self, code: str, needle: str, params: dict[str, Any], nth: int = 1, variant: str = "json"):
        super().__init__(code)
        self.code, self.needle, self.params, self.nth, self.variant = code, needle, params, nth, variant


def loads(text: str, path: str) -> Any:
    """The JSON value of ``text``; ``JsonInputError`` for anything malformed or out of bounds."""
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, object_pairs_hook=_object)
    except RecursionError:  # far deeper than the limit: the decoder itself gave up
        raise _error(path, "TB009", _too_deep(text) or (1, 1), {"limit": MAX_DEPTH}) from None
    except json.JSONDecodeError as exc:
        raise _error(path, "TB005", (exc.lineno, exc.colno), {"problem": exc.msg}) from None
    except _Refused as refused:
        where = _find(text, refused.needle, refused.nth)
        raise _error(path, refused.code, where, refused.params, refused.variant) from None
    if text.count("[") + text.count("{") > MAX_DEPTH and _deeper_than(value, MAX_DEPTH):
        raise _error(path, "TB009", _too_deep(text) or (1, 1), {"limit": MAX_DEPTH})
    return value


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists and objects more than ``limit`` levels (no recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (list, dict)):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return False


def _int(literal: str) -> int:
    _bounded(literal)
    return int(literal)


def _float(literal: str) -> float:
    _bounded(literal)
    return float(literal)


def _bounded(literal: str) -> None:
    if len(literal) > MAX_DIGITS:
        raise _Refused("TB108", literal, {"length": len(literal), "limit": MAX_DIGITS}, variant="")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused("TB101", json.dumps(key, ensure_ascii=False), {"key": key}, nth=2)
        out[key] = value
    return out


def _too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) where brackets outside strings first nest past ``MAX_DEPTH``, else None.
    A character-by-character scan: only run once the text is known to be too deep."""
    depth, in_string, escaped, line, start = 0, False, False, 1, 0
    for i, ch in enumerate(text):
        if in_string:
            escaped, in_string = (not escaped and ch == "\\"), in_string and (escaped or ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, i - start + 1
        elif ch in "]}":
            depth -= 1
        if ch == "\n":
            line, start = line + 1, i + 1
    return None


def _find(text: str, needle: str, nth: int) -> tuple[int, int]:
    """(line, column) of the ``nth`` occurrence of ``needle`` (1:1 when it cannot be found)."""
    at = -1
    for _ in range(nth):
        at = text.find(needle, at + 1)
        if at < 0:
            return 1, 1
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _error(path: str, code: str, where: tuple[int, int], params: dict[str, Any],
           variant: str = "json") -> JsonInputError:
    """The error for ``code`` at ``where``: by default the JSON variant of the code's message (no YAML hint)."""
    line, column = where
    return JsonInputError(place(Finding(code=code, line=line, column=column, variant=variant, params=params), path))
