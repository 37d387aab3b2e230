"""YAML bytes → plain values, with every hazard PyYAML would hide turned into a diagnostic.

The only YAML reader of the package.  ``read_source`` decodes the bytes (UTF-8, a BOM is
accepted; GBK gets its own message), composes the node tree with libyaml when present, and
walks it once into plain values: ``str``, ``int``, ``Decimal``, ``bool``, ``None``, ``tuple``
and ``dict``.  Scalars are typed strictly by their text:

* booleans only as ``true``/``false`` — ``yes/no/on/off`` are reported (TB102);
* integers only in plain decimal — ``0510`` would become octal 328 (TB103), ``0x1F``,
  ``1_000`` and ``1:30`` are reported (TB104);
* decimals become ``Decimal`` from their text, never a binary float; ``1e3``, ``.inf`` and
  ``.nan`` are reported (TB104);
* bare dates stay as the text the author wrote (the models parse ISO dates themselves);
* mapping keys are always text (``on:`` stays ``"on"``);
* explicit tags (TB105), anchors and aliases (TB106, never expanded) and duplicate keys
  (TB101) are reported.

Positions are not kept for every value (that would cost more memory than the values):
``SourceFile.position(path)`` re-composes the text on first use and caches the map, so
diagnostics — which are rare — pay for positions, and clean files do not.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml
from yaml.events import CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from ..diagnostics import Diagnostic, Finding, KeyPath, place
from .scalars import MAX_DIGITS, NULLS, NUMBER_START, SPECIAL_WORDS, join_wide_folds, plain_value

try:  # libyaml's C parser when present, the pure-Python one otherwise
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _Loader(_Parser):
    """Composes nodes without resolving tags: ``_Walker`` types scalars itself, once."""

    def resolve(self, kind, value, implicit):
        return None

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def construct_document(self, node):  # pragma: no cover - composing only, never constructing
        raise NotImplementedError

MAX_BYTES = 1 << 20  # 1 MiB: a rule file is a few KB; anything bigger is a mistake
#: nesting deeper than this is refused before any reader recurses into it (libyaml's composer
#: recurses in C and crashes the process on a few ten thousand levels; the walker would overflow
#: Python's stack at a few hundred).  Rule files nest fewer than ten levels.
MAX_DEPTH = 200

#: scalar styles whose line breaks YAML folds into spaces: folded (``>``) and plain
_FOLDING = frozenset({">", "", None})
_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)
# a line with something other than a comment on it (a quick yes; "no" is checked the slow way)
_CONTENT_LINE = re.compile(r"^\s*[^\s#]", re.M)


@dataclass
class SourceFile:
    """One file's text and (on first use) the position of every key path in it."""

    path: str
    text: str

    @cached_property
    def _maps(self) -> tuple[dict[KeyPath, tuple[int, int]], dict[KeyPath, tuple[int, int]]]:
        """(position of each value, position of each key), by key path: the text re-composed."""
        positions: dict[KeyPath, tuple[int, int]] = {}
        key_positions: dict[KeyPath, tuple[int, int]] = {}
        try:
            node = yaml.compose(self.text, Loader=_Loader)
        except yaml.YAMLError:
            return positions, key_positions
        if node is not None:
            _record(node, (), positions, key_positions, set(), Lines(self.text))
        return positions, key_positions

    def position(self, path: KeyPath, *, at_key: bool = False) -> tuple[int, int]:
        """(line, column), 1-based, of the value at ``path`` (or its key), else the nearest ancestor."""
        positions, key_positions = self._maps
        table = key_positions if at_key else positions
        for cut in range(len(path), -1, -1):
            found = table.get(path[:cut]) or positions.get(path[:cut])
            if found:
                return found
        return (1, 1)


def _record(node, path: KeyPath, pos: dict, kpos: dict, seen: set, lines: Lines) -> None:
    pos[path] = lines.mark(node.start_mark)
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        for key, value in node.value:
            sub = path + (str(key.value),)
            kpos.setdefault(sub, lines.mark(key.start_mark))
            if sub not in pos:
                _record(value, sub, pos, kpos, seen, lines)
    elif isinstance(node, SequenceNode):
        for index, value in enumerate(node.value):
            _record(value, path + (index,), pos, kpos, seen, lines)


@dataclass(slots=True)
class Parsed:
    source: SourceFile
    value: Any
    diagnostics: list[Diagnostic]
    #: sha256 of the file's bytes (for the rule-set digest), computed where the bytes were read
    digest: str = ""
    #: the validated model as JSON, when the cache held it (``cached``) or a worker process
    #: validated the file: ``value`` is None then, and the file had no diagnostics
    model_json: bytes | None = None
    cached: bool = False


# ------------------------------------------------------------------ decoding


_BREAK = re.compile(r"\r\n?|\n")


class Lines:
    """Where a character index of a text stands as (line, column), both 1-based.

    Lines end at ``\n``, ``\r\n`` or a lone ``\r`` — what editors and CI annotations count.
    libyaml also breaks lines at NEL, U+2028 and U+2029, so its marks' ``line`` can point past
    the end of the file: positions are always taken from a mark's character ``index`` here.
    """

    __slots__ = ("starts",)

    def __init__(self, text: str):
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))] if ("\n" in text or "\r" in text) else [0]

    def at(self, index: int) -> tuple[int, int]:
        line = bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def mark(self, mark) -> tuple[int, int]:
        return self.at(mark.index)


def _line_col(text: str, index: int) -> tuple[int, int]:
    return Lines(text[:index]).at(index)


def decode(data: bytes, path: str, max_bytes: int = MAX_BYTES) -> tuple[str | None, list[Diagnostic]]:
    """Bytes → text, or a diagnostic for size, encoding and emptiness."""
    if len(data) > max_bytes:
        return None, [_diag("TB003", path, 1, 1, size=len(data), limit=max_bytes)]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [_decode_error(data, exc, path)]
    if not _CONTENT_LINE.search(text) and all(not ln.strip() or ln.lstrip().startswith("#")
                                              for ln in text.splitlines()):
        return None, [_diag("TB002", path, 1, 1)]
    return text, []


def _decode_error(data: bytes, exc: UnicodeDecodeError, path: str) -> Diagnostic:
    try:
        data.decode("gbk")
        is_gbk = True
    except UnicodeDecodeError:
        is_gbk = False
    # GBK text can look like UTF-8 for a character or two: point at the first non-ASCII byte
    start = next(i for i, b in enumerate(data) if b > 0x7F) if is_gbk else exc.start
    good = data[:start].decode("utf-8", errors="replace")
    line, col = _line_col(good, len(good))
    if is_gbk:
        return _diag("TB001", path, line, col, variant="gbk")
    return _diag("TB001", path, line, col, offset=exc.start, byte=data[exc.start])


# ------------------------------------------------------------------ parsing


def read_source(data: bytes, path: str, *, max_bytes: int = MAX_BYTES) -> Parsed:
    """Decode and parse one file; never raises for bad input."""
    text, diags = decode(data, path, max_bytes)
    source = SourceFile(path, text or "")
    if text is None:
        return Parsed(source, None, diags)
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab:
        line, col = _line_col(text, tab.end() - 1)
        return Parsed(source, None, [_diag("TB004", path, line, col)])
    deep = _too_deep(text)
    if deep:
        return Parsed(source, None, [_diag("TB009", path, *deep, limit=MAX_DEPTH)])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return Parsed(source, None, [_syntax_error(exc, text, path)])
    except ReaderError as exc:  # a character YAML does not allow: NUL, \x0b, other controls
        line, col = _line_col(text, exc.position)
        problem = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        return Parsed(source, None, [_diag("TB005", path, line, col, problem=problem)])
    except yaml.YAMLError as exc:  # errors without a mark (rare)
        return Parsed(source, None, [_diag("TB005", path, 1, 1, variant="unmarked", problem=exc)])
    if node is None or (node.__class__ is ScalarNode and not node.style and node.value in NULLS):
        return Parsed(source, None, [_diag("TB002", path, 1, 1)])
    walker = _Walker(text, path)
    value = walker.value(node, ())
    return Parsed(source, value, walker.diagnostics)


def _too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) where the nesting first goes past ``MAX_DEPTH``, or None.  Counted on
    libyaml's event stream, which keeps its own stack and never recurses.  A syntax error ends
    the count — newer libyaml also refuses more than 1,000 flow levels that way — and the reader
    reports it."""
    if not _may_be_deep(text):
        return None
    parser = _Loader(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return Lines(text).mark(event.start_mark)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return None


def _may_be_deep(text: str) -> bool:
    """False when the text cannot nest past ``MAX_DEPTH``: flow levels are at most the brackets
    (< 45), block levels at most twice the deepest indentation (< 30 spaces: a sequence may sit at
    its key's column, its entries may not) plus the ``- ``/``? `` indicators (< 90).  Substring
    counts only: a regex over every file cost as much as reading it."""
    return (text.count("[") + text.count("{") >= 45 or text.count("- ") + text.count("? ") >= 90
            or "\n" + " " * 30 in text or text.startswith(" " * 30))


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = Lines(text).mark(mark) if mark else (1, 1)
    problem = exc.problem or exc.context or "syntax error"
    if "expected a single document" in str(exc):
        return _diag("TB006", path, line, col)
    return _diag("TB005", path, line, col, problem=problem)


class _Walker:
    """Turns a composed node tree into plain values, collecting hazards as diagnostics.

    Nodes carry no resolved tags (see ``_Loader``): plain scalars are typed here, from their
    text, by the YAML 1.1 rules PyYAML would apply — so that every silent conversion can be
    reported instead.  Anchors, aliases and tags can only occur when ``&``, ``*`` or ``!``
    appear in the text; files without them take the fast path.
    """

    def __init__(self, text: str, path: str):
        self.text = text
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.seen: set[int] = set()
        self.cursor = 0  # text index up to which the document has been walked (for alias positions)
        self.hazards = _may_have_anchors_or_tags(text)

    @cached_property
    def lines(self) -> Lines:
        return Lines(self.text)

    def report(self, node, code: str, key_path: KeyPath, at: int | None = None, variant: str = "",
               **params: object) -> None:
        line, col = self.lines.at(node.start_mark.index if at is None else at)
        finding = Finding(code=code, path=key_path, line=line, column=col, variant=variant, params=params)
        self.diagnostics.append(place(finding, self.path))

    def value(self, node, path: KeyPath) -> Any:
        if self.hazards and self.anchored(node, path):
            return None
        if node.tag is not None:  # tags are never resolved here, so a tag on a node was written
            self.tagged(node, path)
        cls = node.__class__
        if cls is ScalarNode:
            if self.hazards:
                self.cursor = node.end_mark.index
            return self.folded(node) if node.style else self.plain(node, path)
        if cls is SequenceNode:
            if self.hazards:
                self.cursor = node.start_mark.index + 1
            items = tuple([self.as_written(item) or self.value(item, path + (i,)) for i, item in enumerate(node.value)])
            if self.hazards:
                self.cursor = max(self.cursor, node.end_mark.index)
            return items
        return self.mapping(node, path)

    def anchored(self, node, path: KeyPath) -> bool:
        """Report aliases (True: skip the node), anchors and tags."""
        if id(node) in self.seen:  # an alias: the node object is shared; find the ``*`` in the text
            star = self.text.find("*", self.cursor)
            self.cursor = star + 1 if star >= 0 else self.cursor
            self.report(node, "TB106", path, at=star if star >= 0 else None)
            return True
        self.seen.add(id(node))
        lead = self.text[node.start_mark.index: node.start_mark.index + 1]
        if lead == "&":
            self.report(node, "TB106", path, variant="anchor")
        elif lead == "!" and node.tag is None:  # the non-specific tag ``!`` leaves no trace on the node
            self.tagged(node, path)
        return False

    def tagged(self, node, path: KeyPath) -> None:
        """Report a tag; go on as if it were not there: nothing is ever constructed from a tag."""
        tag = node.tag or "!"
        self.report(node, "TB105", path, tag=tag)

    def mapping(self, node, path: KeyPath) -> dict:
        out: dict[str, Any] = {}
        hazards = self.hazards
        if hazards:
            self.cursor = node.start_mark.index + 1
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or (key_node.value == "<<" and not key_node.style):
                self.report(key_node, "TB107", path)
                continue
            key = key_node.value
            if key in out:
                self.report(key_node, "TB101", path + (key,), key=key)
                continue
            if hazards:
                self.cursor = key_node.end_mark.index
            out[key] = self.as_written(value_node) or self.value(value_node, path + (key,))
        if hazards:
            self.cursor = max(self.cursor, node.end_mark.index)
        return out

    def as_written(self, node) -> str:
        """The scalar's text when that is all there is to it (no tag, no anchor, text as written);
        else "" (``value`` has to look).  The common case, without building a key path."""
        if node.__class__ is not ScalarNode or self.hazards or node.tag is not None:
            return ""
        text = node.value
        if node.style or (text[:1] not in NUMBER_START and text not in SPECIAL_WORDS):
            return text if " " not in text else self.folded(node)
        return ""

    def folded(self, node) -> str:
        """A scalar's text, with the line folds between Chinese characters joined (a multi-line
        folded or plain scalar; see ``join_wide_folds``)."""
        text = node.value
        if " " not in text or node.style not in _FOLDING or node.start_mark.line == node.end_mark.line:
            return text
        written = self.text[node.start_mark.index: node.end_mark.index]
        return join_wide_folds(text, written.partition("\n")[2] if node.style == ">" else written)

    def plain(self, node, path: KeyPath) -> Any:
        """Type a plain scalar from its text, reporting what YAML 1.1 would have read differently."""
        text = self.folded(node)
        value, hazard = plain_value(text)
        if hazard is None:
            return value
        self.report(node, hazard, path, text=text, length=len(text), limit=MAX_DIGITS)  # TB102–TB104, TB108
        return value


def _may_have_anchors_or_tags(text: str) -> bool:
    """Whether an anchor (``&a``), alias (``*a``) or tag (``!t``) could start somewhere in ``text``:
    one of those characters at the start of a token (after a space, a bracket, a comma or at the
    start of a line).  ``!=`` in conditions is not a tag.  Cheaper than a regex on long texts."""
    for mark in "&*!":
        at = text.find(mark)
        while at >= 0:
            before, after = text[at - 1: at] if at else "\n", text[at + 1: at + 2]
            if before in " \t\n[{," and not (mark == "!" and after == "=") and (mark == "!" or after.strip()):
                return True
            at = text.find(mark, at + 1)
    return False


def _diag(code: str, path: str, line: int, col: int, variant: str = "", **params: object) -> Diagnostic:
    return place(Finding(code=code, line=line, column=col, variant=variant, params=params), path)
