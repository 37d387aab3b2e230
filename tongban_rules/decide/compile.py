"""Stage *compile*: every expression of every item version is parsed, type-checked against the
item's declared facts and compiled once; problems become positioned TB40x diagnostics.

A ``CompiledItem`` (``plan.py``) holds what a decision needs and nothing it would have to
recompute: the checked conditions (one generated function for all of them, made on first use),
the checked ``required_when`` of materials and ``when`` of fee entries, and the facts in
declaration order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..diagnostics import Diagnostic, Finding, KeyPath, place
from ..lang import expr
from ..model import items as m
from ..regions import Regions
from ..source.read import SourceFile, read_source
from .plan import CompiledItem


class _Spec:
    """``expr.FactSpec`` view of a model ``Fact`` (``values`` as a tuple of keys)."""

    __slots__ = ("id", "type", "values")

    def __init__(self, fact: m.Fact):
        self.id, self.type = fact.id, fact.type
        self.values = tuple(fact.values) if fact.values else None


_NAME = re.compile(r"[^\W\d]\w*")


class Memo:
    """Checked expressions of one load, shared between items whose facts agree.

    The same expression recurs across the versions of an item and between items (``reason ==
    "lost"``, ``not either_married``); its check depends only on its text and on the declared
    facts it names, so those two are the key.  One ``Memo`` lives for one load; nothing global.
    """

    __slots__ = ("regions", "table")

    def __init__(self, regions: Regions):
        self.regions = regions
        #: (text, (name, type, values) of each declared fact it names) -> expr.check's result
        self.table: dict[tuple[str, tuple], tuple[expr.Condition | None, list[expr.ExprError]]] = {}

    def check(self, text: str, specs: Mapping[str, _Spec]):
        named = tuple(sorted({(n, specs[n].type, specs[n].values) for n in _NAME.findall(text) if n in specs}))
        key = (text, named)
        found = self.table.get(key)
        if found is None:
            found = expr.check(text, specs, self.regions)
            if not found[1]:  # errors name this item's other facts in their hints: not shared
                self.table[key] = found
        return found


Problems = list[tuple[KeyPath, expr.ExprError]]


def compile_item(item: m.Item, regions: Regions, tables: Mapping[str, Mapping], implementations: tuple = (),
                 memo: Memo | None = None) -> tuple[CompiledItem | None, Problems]:
    """Check every expression of ``item``; the ``CompiledItem``, or None and the problems."""
    specs = {f.id: _Spec(f) for f in item.facts}
    errors: Problems = []
    memo = memo or Memo(regions)

    def one(text: str | None, path: KeyPath) -> expr.Condition | None:
        if text is None:
            return None
        compiled, problems = memo.check(text, specs)
        errors.extend((path, p) for p in problems)
        return compiled

    conditions = tuple(one(c.when, ("conditions", i, "when")) for i, c in enumerate(item.conditions))
    materials = tuple(one(u.required_when, ("materials", i, "required_when")) for i, u in enumerate(item.materials))
    fees = (tuple(one(e.when, ("fees", "entries", i, "when")) for i, e in enumerate(item.fees.entries))
            if item.fees else ())
    if errors:
        return None, errors
    return CompiledItem(item=item, fact_order=tuple(f.id for f in item.facts),
                        conditions=conditions,  # type: ignore[arg-type]
                        materials=materials, fees=fees, tables=tables, regions=regions,
                        implementations=implementations), []


def expr_position(source: SourceFile, path: KeyPath, error: expr.ExprError) -> tuple[int, int]:
    """File (line, column) of an error inside the expression at ``path``.

    The expression's line is looked up in the file text from the value's position on, so the
    column is right for plain, quoted and block scalars alike.
    """
    line, col = source.position(path)
    lines = source.text.split("\n")
    if not lines or line > len(lines):
        return line, col
    expression_line = error_line_text(source, path, error)
    start = sum(len(x) + 1 for x in lines[: line - 1]) + col - 1
    found = source.text.find(expression_line, start) if expression_line else -1
    if found < 0:
        return line, col
    index = found + error.col_offset
    return source.text.count("\n", 0, index) + 1, index - (source.text.rfind("\n", 0, index) + 1) + 1


def error_line_text(source: SourceFile, path: KeyPath, error: expr.ExprError) -> str:
    value = _value_at(source, path)
    if not isinstance(value, str):
        return ""
    parts = value.replace("\r\n", "\n").split("\n")
    return parts[error.line - 1] if 0 < error.line <= len(parts) else ""


def _value_at(source: SourceFile, path: KeyPath) -> object:
    value: object = read_source(source.text.encode("utf-8"), source.path).value
    for part in path:
        try:
            value = value[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def compile_items(versions: Iterable[tuple[m.Item, SourceFile]], regions: Regions, tables: Mapping[str, Mapping],
                  implementations: tuple = ()) -> tuple[list[CompiledItem | None], list[Diagnostic]]:
    """Compile every item version (with the file it came from, for the positions of problems).

    The compiled versions come back in the order given, None for a version with problems;
    ``tables`` (laws, materials, licences, departments) and ``implementations`` are what their
    plans cite and list.
    """
    compiled: list[CompiledItem | None] = []
    diags: list[Diagnostic] = []
    memo = Memo(regions)
    for item, source in versions:
        result, errors = compile_item(item, regions, tables, implementations, memo)
        compiled.append(result)
        for path, error in errors:
            line, col = expr_position(source, path, error)
            diags.append(place(Finding(code=error.code, path=path, line=line, column=col, variant=error.variant,
                                       hint_key=error.hint_key, params=error.params), source))
    return compiled, diags
