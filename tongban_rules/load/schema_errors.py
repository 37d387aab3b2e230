"""pydantic validation errors → findings (TB201–TB204) with key paths into the rule file.

pydantic names the failing location as a tuple; we keep only the parts that are keys or
indexes in the rule file and pick the message's parameters (in Chinese and English), adding
"did you mean" for unknown keys.  ``diagnostics.place`` positions and formats them.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..diagnostics import Finding, KeyPath

_TYPE_NAMES = {
    "string_type": ("文本", "text"),
    "int_type": ("整数", "an integer"),
    "bool_type": ("true 或 false", "true or false"),
    "tuple_type": ("列表", "a list"),
    "list_type": ("列表", "a list"),
    "dict_type": ("键值映射", "a mapping"),
    "model_type": ("键值映射", "a mapping"),
    "model_attributes_type": ("键值映射", "a mapping"),
    "decimal_type": ("数字", "a number"),
    "date_type": ("日期 (YYYY-MM-DD)", "a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": ("日期 (YYYY-MM-DD)", "a date (YYYY-MM-DD)"),
    "int_from_float": ("整数", "an integer"),
}


def _describe(value: Any) -> tuple[str, str]:
    if value is None:
        return "空值", "null"
    if isinstance(value, bool):
        return "布尔值", "a boolean"
    if isinstance(value, (int, float)):
        return f"数字 {value}", f"the number {value}"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:30] + "…"
        return f"文本 “{short}”", f"the text '{short}'"
    if isinstance(value, (tuple, list)):
        return "列表", "a list"
    if isinstance(value, dict):
        return "键值映射", "a mapping"
    return type(value).__name__, type(value).__name__


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside Optional / tuple / Annotated / dict value types, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    if isinstance(annotation, types.UnionType):
        for arg in annotation.__args__:
            found = _model_in(arg)
            if found:
                return found
    return None


def fields_at(model: type[BaseModel], path: KeyPath) -> list[str]:
    """The keys allowed in the mapping at ``path`` below ``model`` (for "did you mean")."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        current = _model_in(field.annotation) if field else None
    if current is None:
        return []
    return [f.alias or name for name, f in current.model_fields.items()]


def clean_loc(loc: tuple) -> tuple[KeyPath, bool]:
    path: list[str | int] = []
    at_key = False
    for part in loc:
        if part == "[key]":
            at_key = True
        elif isinstance(part, int) or (isinstance(part, str) and "[" not in part):
            path.append(part)
    return tuple(path), at_key


def findings(model: type[BaseModel], error: ValidationError) -> Iterator[Finding]:
    for err in error.errors(include_url=False):
        path, at_key = clean_loc(err["loc"])
        yield _finding(model, err, path, at_key)


def _finding(model: type[BaseModel], err: ErrorDetails, path: KeyPath, at_key: bool) -> Finding:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    key = path[-1] if path else ""
    got, got_en = _describe(value)
    if kind == "extra_forbidden":
        allowed = fields_at(model, path[:-1])
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        return Finding(code="TB201", path=path, at_key=True, hint_key="suggest" if close else "",
                       params={"key": key, "allowed": ", ".join(allowed), "close": close[0] if close else ""})
    if kind == "missing":
        return Finding(code="TB202", path=path, params={"key": key})
    if kind in _TYPE_NAMES:
        want, want_en = _TYPE_NAMES[kind]
        quote = isinstance(value, int) and kind == "string_type"
        return Finding(code="TB203", path=path, at_key=at_key, hint_key="quote" if quote else "",
                       params={"key": key or "顶层", "key_en": key or "top level", "want": want,
                               "want_en": want_en, "got": got, "got_en": got_en})
    variant, hint_key, params = _bad_value(kind, ctx, err["msg"])
    return Finding(code="TB204", path=path, at_key=at_key, variant=variant, hint_key=hint_key,
                   params={"key": key, "value": value, "got": got, "got_en": got_en, **params})


def _bad_value(kind: str, ctx: dict, msg: str) -> tuple[str, str, dict[str, Any]]:
    """(variant, hint, parameters) of TB204 for pydantic error ``kind``."""
    if kind == "literal_error":
        return "", "", {"expected": ctx.get("expected")}
    if kind == "string_pattern_mismatch":
        return "pattern", "", {"pattern": ctx.get("pattern")}
    if kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        low, high = ctx.get("min_length"), ctx.get("max_length")
        return "length", "" if low is not None else "at-most", {"limit": low if low is not None else high}
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return "range", "", {"op": _OPS[kind], "kind": kind, "limit": next(iter(ctx.values()), "")}
    if kind in ("decimal_max_places", "decimal_max_digits"):
        return "decimal", "", {}
    if kind == "value_error":
        return "model", "", {"text": msg.removeprefix("Value error, ")}
    return "other", "", {"detail": msg}


_OPS = {"greater_than": "应大于", "greater_than_equal": "应不小于", "less_than": "应小于", "less_than_equal": "应不大于"}
