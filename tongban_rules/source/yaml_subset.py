"""The everyday subset of YAML that rule files are written in, read without libyaml's node tree.

Rule files use a small part of YAML: block mappings and sequences, single-line plain and quoted
scalars, flow collections (``[a, b]``, ``{law: x, article: y}``, also over several lines) and
folded or literal block scalars (``>-``, ``|``).  Composing libyaml's node tree is about three
quarters of the libyaml path's work (a Python object and two marks per node, counted with
callgrind); this module reads the subset in one pass over the lines and gives the same values
``source._Walker`` would.

It is a fast path, not a second YAML implementation: ``parse`` returns ``DECLINE`` for anything
outside the subset, and for anything that would produce a diagnostic (duplicate keys, ``yes``/
``no``, leading zeros, tags, anchors, aliases, multi-line plain or quoted scalars, tabs, a second
document…), and the caller then reads the file the full way.  So a value from here is always
the value the full reader gives for a clean file; tests check that on every bundled file, on
generated documents and on randomly damaged copies of real files.
"""

from __future__ import annotations

import re
from typing import Any

from .scalars import NUMBER_START, SPECIAL_WORDS, plain_value

DECLINE: Any = object()


class _Decline(Exception):
    pass


# characters libyaml refuses, or treats as line breaks (NEL, LS, PS), or that we leave to it (tab, BOM, CR)
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# a plain scalar may not start with an indicator (``-``, ``?`` and ``:`` only when a space follows;
# we leave those to libyaml altogether)
_PLAIN_START_BAD = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_STOP = re.compile(r"[,\[\]{}\n]")
# a flow collection holding no nested collection, quote, comment or line break
_FLAT = re.compile(r"""([\[{])([^\[\]{}'"#\n]*)([\]}])""")
_BLOCK_HEADER = {">-": (" ", ""), ">": (" ", "\n"), "|-": ("\n", ""), "|": ("\n", "\n")}


def parse(text: str) -> Any:
    """The document's value, or ``DECLINE`` when the text is not in the subset or is not clean."""
    if "\r" in text:
        if "\r\n" not in text or "\r" in text.replace("\r\n", ""):
            return DECLINE
        text = text.replace("\r\n", "\n")
    if _UNUSUAL.search(text):
        return DECLINE
    try:
        return _document(text.split("\n"))
    except _Decline:
        return DECLINE
    except IndexError:  # ran off a line while scanning: malformed in some way the full reader explains
        return DECLINE
    except RecursionError:  # pragma: no cover - the caller refuses such depths first (source.MAX_DEPTH)
        return DECLINE


# A frame is one open block collection: [indent, container, is_sequence, parent, slot, indentless].
# Sequences are built as lists and become tuples in their parent's slot when they close.
_INDENT, _BOX, _IS_SEQ, _PARENT, _SLOT, _INDENTLESS = range(6)


def _document(lines: list[str]) -> Any:
    """Read the block structure line by line with a stack of open collections.

    Invariants: a content line is never deeper than the innermost open collection unless the
    line before opened a value (``key:`` or ``-`` with nothing after it), in which case ``want``
    says where the new node goes.  Anything else deeper would continue a scalar: declined.
    """
    root: dict[str, Any] = {}
    stack: list[list[Any]] = [[0, root, False, None, None, False]]
    top = stack[0]
    want: tuple[Any, Any, int] | None = None  # (container, key or None to append, its indent)
    count = len(lines)
    i = 0
    seen = False
    while i < count:
        line = lines[i]
        i += 1
        content = line.lstrip(" ")
        if not content or content[0] == "#":
            continue
        indent = len(line) - len(content)
        if content[-1] == " ":
            content = content.rstrip(" ")
        if indent == 0 and content[0] in "-.%" and _document_marker(content, seen):
            continue
        seen = True
        while True:  # a line, and then the rest of a ``- `` line read as a line of its own
            if want is not None:
                box, key, at = want
                want = None
                if indent > at:
                    first = content[0]
                    if first == "-" and (content == "-" or content[1] == " "):
                        child: Any = []
                    elif _is_key_line(content):
                        child = {}
                    else:  # a scalar on the line below its key
                        value, i = _value_over_lines(content, lines, i, at)
                        if key is None:
                            box.append(value)
                        else:
                            box[key] = value
                        break
                    top = [indent, child, first == "-", box, len(box) if key is None else key, False]
                    if key is None:
                        box.append(child)
                    else:
                        box[key] = child
                    stack.append(top)
                elif indent == at and key is not None and content[0] == "-" and (content == "-" or content[1] == " "):
                    child = []  # a sequence at its key's indentation
                    box[key] = child
                    top = [indent, child, True, box, key, True]
                    stack.append(top)
                elif key is None:
                    box.append(None)
                else:
                    box[key] = None
            while indent < top[_INDENT] or (top[_INDENTLESS] and indent == top[_INDENT] and not (
                    content[0] == "-" and (content == "-" or content[1] == " "))):
                _close(stack.pop())
                top = stack[-1]
            if indent != top[_INDENT]:
                raise _Decline
            if top[_IS_SEQ]:
                if content[0] != "-" or (content != "-" and content[1] != " "):
                    raise _Decline
                rest = content[1:].lstrip(" ")
                if not rest or rest[0] == "#":
                    want = (top[_BOX], None, indent)
                    break
                inner = indent + len(content) - len(rest)
                first = rest[0]
                if first == "-" and (rest == "-" or rest[1] == " "):
                    child = []
                elif first in "|>" and rest in _BLOCK_HEADER:
                    value, i = _block_scalar(lines, i, rest, indent)
                    top[_BOX].append(value)
                    break
                elif _is_key_line(rest):
                    child = {}
                else:
                    value, i = _value_over_lines(rest, lines, i, indent)
                    top[_BOX].append(value)
                    break
                box = top[_BOX]
                top = [inner, child, first == "-", box, len(box), False]
                box.append(child)
                stack.append(top)
                indent, content = inner, rest
                continue
            # a mapping entry
            first = content[0]
            if first == '"' or first == "'":
                key, end = _quoted(content, 0)
                if content[end: end + 1] != ":" or content[end + 1: end + 2] not in ("", " "):
                    raise _Decline
                rest = content[end + 1:].lstrip(" ")
            else:
                colon = content.find(": ")
                if colon < 0:
                    if content[-1] != ":":
                        raise _Decline
                    colon = len(content) - 1
                key = content[:colon]
                if first in _PLAIN_START_BAD or ":" in key or "#" in key or key[-1] == " " or len(key) > 200:
                    raise _Decline
                rest = content[colon + 1:].lstrip(" ")
            box = top[_BOX]
            if key in box or key == "<<":
                raise _Decline  # a duplicate or merge key: the full reader reports it
            if not rest or rest[0] == "#":
                want = (box, key, indent)
                break
            first = rest[0]
            if first in _PLAIN_START_BAD:  # quoted, flow, block or not in the subset
                if (first == "|" or first == ">") and rest in _BLOCK_HEADER:
                    box[key], i = _block_scalar(lines, i, rest, indent)
                else:
                    box[key], i = _value_over_lines(rest, lines, i, indent)
                break
            if " #" in rest:  # plain text, the common case, read here
                rest = rest[:rest.index(" #")].rstrip(" ")
            if ": " in rest or rest[-1] == ":":
                raise _Decline
            if first in NUMBER_START or rest in SPECIAL_WORDS:
                value, hazard = plain_value(rest)
                if hazard is not None:
                    raise _Decline
                box[key] = value
            else:
                box[key] = rest
            break
    if not seen:
        raise _Decline  # nothing but comments: the full reader says the file is empty
    if want is not None:
        box, key, _ = want
        if key is None:
            box.append(None)
        else:
            box[key] = None
    while len(stack) > 1:
        _close(stack.pop())
    return root


def _close(frame: list[Any]) -> None:
    if frame[_IS_SEQ]:
        frame[_PARENT][frame[_SLOT]] = tuple(frame[_BOX])


def _is_key_line(content: str) -> bool:
    first = content[0]
    if first == "[" or first == "{":
        return False  # a flow collection (as a key it goes the full way: the value reader declines)
    if first == '"' or first == "'":
        _, end = _quoted(content, 0)
        return content[end: end + 1] == ":" and content[end + 1: end + 2] in ("", " ")
    return ": " in content or content[-1] == ":"


def _document_marker(content: str, seen: bool) -> bool:
    """True for a ``---`` that opens the document; declines ``...``, a second ``---`` and directives."""
    if content[0] == "%":
        raise _Decline
    if content.startswith(("---", "...")) and (len(content) == 3 or content[3] == " "):
        if content != "---" or seen:
            raise _Decline
        return True
    return False


def _value_over_lines(text: str, lines: list[str], i: int, parent: int) -> tuple[Any, int]:
    """A value written after ``key:`` or ``-`` → (value, next raw line); a flow collection may go
    on over the following lines (from raw line ``i``), each indented deeper than ``parent``."""
    try:
        return _inline(text), i
    except IndexError:
        if text[0] not in "[{":
            raise
    joined = "\n".join([text, *lines[i:]])
    value, end = _flow(joined, 0)
    used = joined.count("\n", 0, end)
    for line in lines[i: i + used]:
        if line and len(line) - len(line.lstrip(" ")) <= parent:
            raise _Decline  # a continuation line must be indented deeper than its key
    cut = joined.find("\n", end)
    _end_of_line(joined[end: cut if cut >= 0 else len(joined)].rstrip(" "), 0)
    return value, i + used


def _block_scalar(lines: list[str], i: int, header: str, parent: int) -> tuple[str, int]:
    """A literal (``|``, ``|-``) or folded (``>``, ``>-``) scalar starting at raw line ``i`` whose
    lines share one indentation and hold no blank line → (value, next raw line)."""
    joiner, ending = _BLOCK_HEADER[header]
    body: list[str] = []
    width = -1
    count = len(lines)
    while i < count:
        line = lines[i]
        content = line.lstrip(" ")
        if not content:
            if line:
                raise _Decline  # spaces only: may count as indentation or content
            j = i + 1  # an empty line: fine at the end, not inside
            while j < count and not lines[j]:
                j += 1
            if j < count and (width < 0 or len(lines[j]) - len(lines[j].lstrip(" ")) >= width):
                raise _Decline
            i = j
            break
        indent = len(line) - len(content)
        if width < 0:
            if indent <= parent:
                raise _Decline  # an empty block scalar
            width = indent
        elif indent < width:
            break
        elif indent > width and joiner == " ":
            raise _Decline  # more-indented lines are not folded
        body.append(line[width:])
        i += 1
    if not body:
        raise _Decline
    if i == count and lines[-1]:
        ending = ""  # the text ends without a line break: there is none to keep
    return joiner.join(body) + ending, i


# ------------------------------------------------------------------ one line


def _inline(text: str) -> Any:
    """A value written on the rest of a line: a quoted or plain scalar or a flow collection."""
    first = text[0]
    if first == '"' or first == "'":
        value, end = _quoted(text, 0)
        _end_of_line(text, end)
        return value
    if first == "[" or first == "{":
        found = _FLAT.match(text)
        value, end = _flat(found) if found is not None else _flow(text, 0)
        _end_of_line(text, end)
        return value
    if first in _PLAIN_START_BAD and not _negative(text):
        raise _Decline
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut].rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise _Decline
    value, hazard = plain_value(text)
    if hazard is not None:
        raise _Decline
    return value


def _negative(text: str) -> bool:
    """``-`` followed by a digit starts a plain scalar (a negative number, or text), not an entry."""
    return text[0] == "-" and text[1:2].isdigit()


def _end_of_line(text: str, end: int) -> None:
    rest = text[end:]
    if rest and not (rest[0] == " " and rest.lstrip(" ")[:1] in ("", "#")):
        raise _Decline


def _quoted(text: str, start: int) -> tuple[str, int]:
    """A single- or double-quoted scalar closed on this line → (value, index after the quote)."""
    quote = text[start]
    if quote == '"':
        end = text.find('"', start + 1)
        if end < 0 or "\\" in text[start + 1: end] or "\n" in text[start + 1: end]:
            raise _Decline  # escapes, or a string going on to the next line
        return text[start + 1: end], end + 1
    parts = []
    at = start + 1
    while True:
        end = text.find("'", at)
        if end < 0 or "\n" in text[at:end]:
            raise _Decline
        parts.append(text[at:end])
        if text[end + 1: end + 2] != "'":
            return "'".join(parts), end + 1
        at = end + 2


def _flat(found: re.Match[str]) -> tuple[Any, int]:
    """A flow collection of plain scalars only (the common ``[a, b]`` and ``{k: v}``), split at
    commas instead of read character by character."""
    opening, inner, closing = found.groups()
    if (opening == "[") != (closing == "]"):
        raise _Decline
    if not inner.strip(" "):
        return ((), found.end()) if opening == "[" else ({}, found.end())
    parts = inner.split(",")
    if len(parts) > 1 and not parts[-1].strip(" "):
        parts.pop()  # a trailing comma; any other empty entry declines
    if opening == "[":
        return tuple([_flat_scalar(part) for part in parts]), found.end()
    out: dict[str, Any] = {}
    for part in parts:
        key, colon, value = part.partition(": ")
        key = key.strip(" ")
        if not colon or not key or key in out or key == "<<" or ":" in key or key[0] in _PLAIN_START_BAD:
            raise _Decline
        out[key] = _flat_scalar(value)
    return out, found.end()


def _flat_scalar(text: str) -> Any:
    text = text.strip(" ")
    if not text or ":" in text or (text[0] in _PLAIN_START_BAD and not _negative(text)):
        raise _Decline
    if text[0] in NUMBER_START or text in SPECIAL_WORDS:
        value, hazard = plain_value(text)
        if hazard is not None:
            raise _Decline
        return value
    return text


def _flow(text: str, at: int) -> tuple[Any, int]:
    """A flow sequence or mapping closed on this line → (value, index after it)."""
    closing = "]" if text[at] == "[" else "}"
    items: list[Any] = []
    mapping: dict[str, Any] = {}
    at = _skip(text, at + 1)
    while text[at] != closing:
        if closing == "]":
            value, at = _flow_value(text, at)
            items.append(value)
        else:
            if text[at] in "\"'":
                key, at = _quoted(text, at)
            else:
                colon = text.find(": ", at)
                key = text[at:colon] if colon > at else ""
                if not key or key[0] in _PLAIN_START_BAD or key[-1] == " " or "#" in key or _FLOW_STOP.search(key):
                    raise _Decline
                at = colon
            if text[at: at + 2] != ": " or key in mapping or key == "<<":
                raise _Decline
            mapping[key], at = _flow_value(text, _skip(text, at + 2))
        at = _skip(text, at)
        if text[at] == ",":
            at = _skip(text, at + 1)
        elif text[at] != closing:
            raise _Decline
    return (tuple(items) if closing == "]" else mapping), at + 1


def _flow_value(text: str, at: int) -> tuple[Any, int]:
    first = text[at]
    if first == "[" or first == "{":
        return _flow(text, at)
    if first == '"' or first == "'":
        return _quoted(text, at)
    value, end = _flow_plain(text, at)
    typed, hazard = plain_value(value)
    if hazard is not None:
        raise _Decline
    return typed, end


def _flow_plain(text: str, at: int) -> tuple[str, int]:
    """A plain scalar inside a flow collection: up to the next ``,[]{}``; ``:`` and ``#`` decline."""
    found = _FLOW_STOP.search(text, at)
    if found is None:
        raise _Decline
    end = found.start()
    value = text[at:end].rstrip(" ")
    if not value or (value[0] in _PLAIN_START_BAD and not _negative(value)) or ":" in value or "#" in value:
        raise _Decline
    return value, at + len(value)


def _skip(text: str, at: int) -> int:
    """Past spaces, line breaks and comments inside a flow collection."""
    while True:
        char = text[at]
        if char == " " or char == "\n":
            at += 1
        elif char == "#" and text[at - 1] in " \n":
            at = text.find("\n", at)
            if at < 0:
                raise IndexError  # the collection is not closed on this line
        else:
            return at
