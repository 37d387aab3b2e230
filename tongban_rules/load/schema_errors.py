"""pydantic validation errors → positioned, bilingual diagnostics (TB201–TB204).

pydantic names the failing location as a tuple; we keep only the parts that are keys or
indexes in the rule file, look the position up in the source map, and write the message in
Chinese (with an English twin), adding "did you mean" for unknown keys.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, Finding, KeyPath
from ..source.read import SourceFile

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


def _clean_loc(loc: tuple) -> tuple[KeyPath, bool]:
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
        path, at_key = _clean_loc(err["loc"])
        yield _finding(model, err, path, at_key)


def _finding(model: type[BaseModel], err: dict, path: KeyPath, at_key: bool) -> Finding:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    key = path[-1] if path else ""
    got_zh, got_en = _describe(value)
    if kind == "extra_forbidden":
        allowed = fields_at(model, path[:-1])
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint_zh = f"是不是想写 “{close[0]}”？" if close else "允许的键: " + ", ".join(allowed)
        hint_en = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(allowed)
        return Finding("TB201", path, f"未知的键: {key}", f"unknown key: {key}", hint_zh, hint_en, at_key=True)
    if kind == "missing":
        return Finding("TB202", path, f"缺少必填的键: {key}", f"missing required key: {key}",
                       f"在上一级添加 “{key}: …”。", f"add '{key}: …' to the enclosing mapping.")
    if kind in _TYPE_NAMES:
        want_zh, want_en = _TYPE_NAMES[kind]
        hint_zh = "编码、电话等文本请加引号。" if isinstance(value, int) and kind == "string_type" else ""
        hint_en = "quote codes and phone numbers." if hint_zh else ""
        return Finding("TB203", path, f"类型错误: {key or '顶层'} 应为{want_zh}，实际是{got_zh}",
                       f"wrong type: {key or 'top level'} should be {want_en}, got {got_en}", hint_zh, hint_en,
                       at_key=at_key)
    return _bad_value(kind, key, value, ctx, err["msg"], path, at_key)


def _bad_value(kind: str, key: Any, value: Any, ctx: dict, msg: str, path: KeyPath, at_key: bool) -> Finding:
    got_zh, got_en = _describe(value)
    if kind == "literal_error":
        zh, en = f"取值无效: {got_zh}", f"invalid value: {got_en}"
        hint_zh, hint_en = f"允许的值: {ctx.get('expected')}", f"allowed values: {ctx.get('expected')}"
    elif kind == "string_pattern_mismatch":
        zh, en = f"格式不正确: {got_zh}", f"wrong format: {got_en}"
        hint_zh, hint_en = f"应符合格式 {ctx.get('pattern')}", f"must match {ctx.get('pattern')}"
    elif kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        zh, en = f"{key} 的长度不符合要求", f"{key} has the wrong length"
        hint_zh, hint_en = _length_hint(ctx)
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()), "")
        zh, en = f"数值超出范围: {got_zh}（{_OPS[kind]} {limit}）", f"value out of range: {got_en} ({kind} {limit})"
        hint_zh = hint_en = ""
    elif kind in ("decimal_max_places", "decimal_max_digits"):
        zh, en = f"金额最多两位小数: {value}", f"amounts have at most 2 decimal places: {value}"
        hint_zh, hint_en = "以元为单位，例如 20 或 20.50。", "in yuan, e.g. 20 or 20.50."
    elif kind == "value_error":
        text = msg.removeprefix("Value error, ")
        zh, en, hint_zh, hint_en = text, text, "", ""
    else:
        zh, en, hint_zh, hint_en = f"取值无效: {msg}", f"invalid value: {msg}", "", ""
    return Finding("TB204", path, zh, en, hint_zh, hint_en, at_key=at_key)


_OPS = {"greater_than": "应大于", "greater_than_equal": "应不小于", "less_than": "应小于", "less_than_equal": "应不大于"}


def _length_hint(ctx: dict) -> tuple[str, str]:
    low, high = ctx.get("min_length"), ctx.get("max_length")
    if low is not None:
        return f"至少 {low} 项/字", f"at least {low}"
    return f"最多 {high} 项/字", f"at most {high}"


def place(finding: Finding, source: SourceFile) -> Diagnostic:
    """Give a finding the file, line and column of its key path."""
    line, col = source.position(finding.key_path, at_key=finding.at_key)
    return Diagnostic(finding.code, finding.severity, source.path, line, col, finding.message, finding.hint,
                      finding.key_path, finding.message_en, finding.hint_en)
