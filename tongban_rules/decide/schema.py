"""JSON Schema of ``Decision.to_dict()`` (``schema/decision.schema.json``, written by ``tongban schema``).

Written by hand beside the ``Decision`` it describes; ``tests/test_decision_schema.py`` validates
every bundled case's decision against it, so the two cannot drift apart silently.
"""

from __future__ import annotations

import json

from ..model.items import MODES

__all__ = ["DECISION_SCHEMA", "decision_schema_text"]

_STR = {"type": "string"}
_OPT_STR = {"type": ["string", "null"]}
_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_REGION = {"type": "string", "pattern": "^[0-9]{6}$"}
_COUNT = {"type": "integer", "minimum": 0}
_AMOUNT = {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"}


def _obj(required: dict, optional: dict | None = None) -> dict:
    return {"type": "object", "required": sorted(required), "additionalProperties": False,
            "properties": {**required, **(optional or {})}}


_WORDS = _obj({"zh": _STR, "en": _STR})
_CITE = _obj({"law": _STR, "title": _STR, "article": _OPT_STR}, {"document": _STR})
_OPT_CITE = {"anyOf": [{"$ref": "#/$defs/citation"}, {"type": "null"}]}
_MARK = {"provisional": {"type": "boolean"}}
_REASON = {"provisional_reason": {"$ref": "#/$defs/words"}}
_UNIT = {"enum": ["working_days", "calendar_days", "immediate"]}
_PROVISIONAL_RULE = {"if": {"properties": {"provisional": {"const": True}}},
                     "then": {"required": ["provisional_reason"]},
                     "else": {"not": {"required": ["provisional_reason"]}}}


def _limit(extra: dict, optional: dict) -> dict:
    return {**_obj({"value": _COUNT, "unit": _UNIT, "unit_name": _STR, "due": _DATE, "basis": _OPT_CITE,
                    **_MARK, **extra}, {**_REASON, **optional}), **_PROVISIONAL_RULE}


_EXTENSION = {**_obj({"value": _COUNT, "unit": _UNIT, "when": _OPT_STR, "due_if_extended": _DATE, **_MARK},
                     _REASON), **_PROVISIONAL_RULE}
_FEE_ROW = _obj({"id": _STR, "name": _STR, "amount": _AMOUNT, "basis": _OPT_CITE},
                {"residual": {"$ref": "#/$defs/words"}})
_MATERIAL = _obj({"id": _STR, "name": _STR, "originals": _COUNT, "copies": _COUNT,
                  "required": {"type": ["boolean", "null"]},
                  "licences": {"type": "array", "items": _obj({"id": _STR, "name": _STR})}},
                 {"shared_data": _obj({"department": _STR, "department_name": _STR, "data": _STR}),
                  "residual": {"$ref": "#/$defs/words"}})
_CONDITION = _obj({"id": _STR, "status": {"enum": ["passed", "failed", "unknown"]}, "text": _STR,
                   "basis": {"type": "array", "items": {"$ref": "#/$defs/citation"}}},
                  {"residual": {"$ref": "#/$defs/words"}})
_ROUTING = _obj({"accepting_region": _REGION, "accepting_region_name": _STR,
                 "offices": {"type": "array", "items": _obj({"id": _STR, "name": _STR, "region": _REGION})},
                 "handling_region": {"anyOf": [_REGION, {"type": "null"}]}, "handling_region_name": _OPT_STR,
                 "handling_region_fact": _OPT_STR, "cross_province": {"type": ["boolean", "null"]},
                 "in_scope": {"type": "boolean"}}, {"transfer": _OPT_STR})
_FEE = _obj({"known": {"type": "boolean"}, "total": {"anyOf": [_AMOUNT, {"type": "null"}]},
             "entries": {"type": "array", "items": _FEE_ROW}, "pending": {"type": "array", "items": _FEE_ROW}},
            {"free": {"type": "boolean"}, "basis": _OPT_CITE})
_PROVENANCE = _obj({"rules_digest": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "item": _STR,
                    "effective_from": _DATE, "effective_until": {"anyOf": [_DATE, {"type": "null"}]},
                    "status": _STR, "engine_version": _STR, "on": _DATE})
#: ``tongban decide --what-if`` adds ``what_if``: the smallest verified changes (``decide.whatif``)
_CHANGE = _obj({"kind": {"enum": ["fact", "date", "region"]}, "fact": _OPT_STR,
                "values": {"type": "array", "minItems": 1}, "text": {"$ref": "#/$defs/words"}})
_WHAT_IF = {"type": "array", "items": _obj({"changes": {"type": "array", "items": _CHANGE, "minItems": 1},
                                            "text": {"$ref": "#/$defs/words"}})}

DECISION_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://tongban-rules.invalid/schema/decision.schema.json",
    "title": "Decision",
    "description": "One decision (Decision.to_dict()): outcome, conditions with residuals, missing facts, "
                   "materials, modes, routing, time limits (provisional due dates flagged), process-step limits, "
                   "fee and provenance.",
    "$defs": {"words": _WORDS, "citation": _CITE},
    **_obj({
        "item": _STR, "outcome": {"enum": ["eligible", "ineligible", "undetermined"]},
        "conditions": {"type": "array", "items": _CONDITION},
        "missing_facts": {"type": "array", "items": _STR, "uniqueItems": True},
        "materials": {"type": "array", "items": _MATERIAL},
        "modes": {"type": "array", "items": {"enum": list(MODES)}},
        "routing": _ROUTING,
        "time_limits": _obj({"legal": {"anyOf": [{"$ref": "#/$defs/limit"}, {"type": "null"}]},
                             "promised": {"anyOf": [{"$ref": "#/$defs/limit"}, {"type": "null"}]}}),
        "step_limits": {"type": "array", "items": _limit({"step": _STR, "from": _DATE}, {})},
        "fee": _FEE, "provenance": _PROVENANCE,
    }, {"what_if": _WHAT_IF}),
}
DECISION_SCHEMA["$defs"]["limit"] = _limit({}, {"extension": _EXTENSION, "set_by": {
    "type": "array", "items": _obj({"code": _STR, "name": _STR})}})


#: the Chinese description of every property, by name, or by ``parent.name`` where the name alone
#: says too little (``materials.id``); ``decision_schema_text`` copies them into the schema
DESCRIPTIONS: dict[str, str] = {
    "item": "事项标识", "outcome": "判定结果：eligible 可以受理、ineligible 不予受理、undetermined 信息不全",
    "conditions": "各受理条件的判定结果", "missing_facts": "还需要申请人提供的信息（事实标识，按表单顺序）",
    "materials": "本案需要提交的申请材料", "modes": "受理地可用的办理方式：online 全程网办、proxy 异地代收代办、joint 多地联办",
    "routing": "受理地与业务属地", "time_limits": "法定和承诺办结时限及到期日", "step_limits": "办理流程各环节的时限及到期日",
    "fee": "本案应缴费用", "provenance": "判定所依据的规则版本",
    "conditions.id": "受理条件标识", "conditions.status": "passed 满足、failed 不满足、unknown 信息不足无法判断",
    "text": "受理条件原文", "basis": "法律依据", "residual": "尚待判断的部分（中文和英文说明）",
    "materials.id": "材料标识", "materials.name": "材料名称", "originals": "原件份数", "copies": "复印件份数",
    "required": "是否必须提交（null：取决于尚未提供的信息）", "licences": "可代替该材料的电子证照",
    "licences.id": "电子证照类型标识", "licences.name": "电子证照名称", "shared_data": "可通过部门间数据共享代替",
    "department": "提供共享数据的部门标识", "department_name": "提供共享数据的部门名称", "data": "共享的数据名称",
    "accepting_region": "受理地行政区划代码", "accepting_region_name": "受理地名称",
    "offices": "受理地的跨省通办窗口", "offices.id": "窗口标识", "offices.name": "窗口名称", "region": "窗口所在行政区划代码",
    "handling_region": "业务属地行政区划代码（null：尚不能确定）", "handling_region_name": "业务属地名称",
    "handling_region_fact": "确定业务属地的事实标识", "cross_province": "是否跨省办理（null：尚不能确定）",
    "in_scope": "受理地是否在通办范围内", "transfer": "材料如何转交业务属地办理",
    "legal": "法定办结时限（null：规则未载明）", "promised": "承诺办结时限（null：规则未载明）",
    "value": "期限数值", "unit": "期限单位：working_days 工作日、calendar_days 自然日、immediate 即办",
    "unit_name": "期限单位的中文名称", "due": "到期日（YYYY-MM-DD）",
    "provisional": "到期日是否按暂定日历计算（放假通知尚未发布）",
    "provisional_reason": "到期日暂定的原因", "extension": "可延长的期限", "when": "可以延长的情形",
    "due_if_extended": "延长后的到期日（YYYY-MM-DD）",
    "set_by": "公布该承诺的地方（承诺取自外地指南时；省略时为主管部门自己的承诺）",
    "set_by.code": "行政区划代码", "set_by.name": "地方名称", "step": "环节名称", "from": "环节期限的起算日（YYYY-MM-DD）",
    "known": "费用是否已能确定", "total": "应缴总额（元，十进制字符串；null：尚不能确定）",
    "entries": "应缴的收费项目", "pending": "取决于尚未提供的信息的收费项目", "free": "是否不收费",
    "entries.id": "收费项目标识", "entries.name": "收费项目名称", "pending.id": "收费项目标识",
    "pending.name": "收费项目名称", "amount": "金额（元，十进制字符串）",
    "law": "法律法规标识", "title": "法律法规标题", "article": "条款", "document": "文号",
    "rules_digest": "规则集摘要（SHA-256）", "provenance.item": "事项标识", "effective_from": "所依据版本的施行日期",
    "effective_until": "所依据版本的失效日期（null：现行）",
    "provenance.status": "所依据版本的审核状态：draft 草稿、reviewed 已审核",
    "engine_version": "判定引擎版本", "on": "申请日期（YYYY-MM-DD）", "zh": "中文", "en": "英文",
    "what_if": "假如（仅 --what-if）：使申请可以办理的最少改变，每种都已重新判定验证；可以办理时为空",
    "what_if.changes": "这一方案中的各项改变", "what_if.text": "方案的说明（中文和英文）",
    "changes.kind": "改变的种类：fact 申请人信息、date 申请日期、region 受理地",
    "changes.fact": "改变的事实标识（受理地为 accepting_region；申请日期为 null）",
    "changes.values": "满足要求的取值，第一个为示例（日期为 YYYY-MM-DD）", "changes.text": "这项改变的说明（中文和英文）",
}


def describe(node: object, descriptions: dict[str, str], parent: str = "") -> None:
    """Give every property of a JSON Schema tree its Chinese ``description`` from ``descriptions``:
    by ``"parent.name"`` where one is given, else by ``"name"`` (a missing one is a KeyError)."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            prop["description"] = descriptions.get(f"{parent}.{name}") or descriptions[name]
            describe(prop, descriptions, name)
        for key, value in node.items():
            if key != "properties":
                describe(value, descriptions, parent)
    elif isinstance(node, list):
        for value in node:
            describe(value, descriptions, parent)


def decision_schema_text() -> str:
    schema = json.loads(json.dumps(DECISION_SCHEMA))  # a tree: the table's parts are shared between places
    describe(schema, DESCRIPTIONS)
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
