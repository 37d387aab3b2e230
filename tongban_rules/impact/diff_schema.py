"""JSON Schema of ``tongban diff --format json`` (``schema/diff.schema.json``, written by
``tongban schema``).  Written by hand beside ``diff_render.diff_dict``; ``tests/test_diff.py``
validates the diffs it makes against it."""

from __future__ import annotations

import json

from ..decide.schema import describe

__all__ = ["DIFF_SCHEMA", "diff_schema_text"]

_STR = {"type": "string"}
_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_IDS = {"type": "array", "items": _STR}
_FIELDS = ["conditions", "materials", "legal_limit", "promised_limit", "fees", "modes", "presence", "scope",
           "effective_from", "effective_until", "sources", "legal_basis", "facts", "name", "catalog_code",
           "item_type", "levels", "department", "authority_kind", "service_objects", "themes", "routing", "results",
           "delivery", "process", "status", "note"]


def _obj(properties: dict) -> dict:
    return {"type": "object", "required": sorted(properties), "additionalProperties": False,
            "properties": properties}


_CHANGE = _obj({
    "field": {"enum": _FIELDS}, "action": {"enum": ["added", "removed", "changed"]},
    "key": {"type": ["string", "null"]}, "old": {}, "new": {},
    "text": _STR, "details": {"type": "array", "items": _STR},
})
_VERSION = _obj({
    "effective_from": _DATE, "status": {"enum": ["added", "removed", "changed", "split", "cosmetic"]},
    "base": {"anyOf": [_DATE, {"type": "null"}]},
    "cosmetic": {"type": "array", "items": {"enum": ["ordering", "formatting"]}},
    "changes": {"type": "array", "items": _CHANGE},
})
_COUNTS = _obj({k: {"type": "integer", "minimum": 0} for k in ("added", "removed", "changed", "cosmetic")})

DIFF_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://tongban-rules.invalid/schema/diff.schema.json",
    "title": "Rule diff",
    "description": "What changed between two rule sets (tongban diff --format json), item by item and version "
                   "by version; cosmetic-only changes (ordering, formatting) marked as such.",
    **_obj({
        "old": _STR, "new": _STR, "changed": {"type": "boolean"}, "counts": _COUNTS,
        "items": {"type": "array", "items": _obj({
            "item": _STR, "name": _STR, "status": {"enum": ["added", "removed", "changed", "cosmetic"]},
            "versions": {"type": "array", "items": _VERSION, "minItems": 1}})},
        "registries": {"type": "object", "additionalProperties": _obj(
            {"added": _IDS, "removed": _IDS, "changed": _IDS})},
    }),
}


#: the Chinese description of every property, by name or ``parent.name`` (hover and completion in editors)
DESCRIPTIONS: dict[str, str] = {
    "old": "原规则集（命令行所给）", "new": "新规则集（命令行所给）",
    "changed": "是否有影响办理的变化（仅顺序或格式变化时为 false）",
    "counts": "按状态统计的事项数", "added": "新增的数量或标识", "removed": "删除的数量或标识",
    "cosmetic": "仅顺序或格式变化的事项数",
    "counts.changed": "修改的事项数", "items": "有变化的事项", "item": "事项标识", "name": "事项名称",
    "status": "事项的变化：added 新增、removed 删除、changed 修改、cosmetic 仅格式", "versions": "有变化的版本",
    "effective_from": "版本的施行日期", "versions.status": "版本的变化：added、removed、changed、split 拆分出的新版本、cosmetic",
    "base": "与之比较的原版本的施行日期（拆分或施行日期改变时）",
    "versions.cosmetic": "仅顺序（ordering）或格式（formatting）的变化",
    "changes": "法律意义上的各项变化", "field": "变化的字段", "action": "added 新增、removed 删除、changed 修改",
    "key": "列表中的条目（受理条件、材料、收费项目标识，办理方式，来源网址）", "changes.old": "原值（JSON）",
    "changes.new": "新值（JSON）", "text": "一句话的中文说明", "details": "修改的条目中每一部分的变化（原 → 新）",
    "registries": "登记表和实施清单中的变化", "registries.added": "新增的标识", "registries.removed": "删除的标识",
    "registries.changed": "修改的标识",
}


def diff_schema_text() -> str:
    schema = json.loads(json.dumps(DIFF_SCHEMA))  # a tree: the parts are shared between places
    describe(schema, DESCRIPTIONS)
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
