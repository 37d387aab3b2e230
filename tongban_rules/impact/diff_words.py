"""A change (``diff_fields.Change``) in Chinese: one headline and, for a changed entry, one line per
part that changed (old → new) — a condition's text and expression, a fee's amount, a limit's days.

``code(text)`` marks an expression or id (backticks in markdown, nothing in plain text).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ..model import items as m
from .diff_fields import Change

__all__ = ["headline", "details", "value_text"]

_ACTION = {"added": "新增", "removed": "删除", "changed": "修改"}
_ENTRY = {"conditions": "受理条件", "materials": "申请材料", "fees": "收费项目", "modes": "办理方式",
          "sources": "来源", "facts": "申请人信息项"}
_PART = {
    "text": "文字", "when": "表达式", "basis": "依据", "originals": "原件份数", "copies": "复印件份数",
    "required": "是否必需", "required_when": "需要的情形", "licences": "可代替的电子证照", "shared_data": "可代替的共享数据",
    "note": "备注", "amount": "金额（元）", "name": "名称", "value": "数值", "unit": "单位", "extension": "延长",
    "free": "不收费", "entries": "收费项目", "visits": "到现场次数", "reason": "理由", "kind": "类别",
    "group": "区域组", "provinces": "省份", "province": "省份", "title": "标题", "url": "网址", "document": "文号",
    "published": "发布日期", "accessed": "访问日期", "supports": "支持的字段", "label": "名称", "type": "类型",
    "values": "取值", "platforms": "办理平台", "substitutes": "替代方式", "scope": "通办范围", "receivers": "收件方",
    "checks": "收件审查", "transfer": "流转方式", "result_delivery": "结果送达", "tracing": "责任追溯",
    "authorities": "联办机关", "coordination": "协同方式", "law": "法规", "article": "条款",
}
_OTHER = {"note": "备注", "status": "审核状态", "sources": "来源"}
_SCOPE = {"nationwide": "全国", "group": "区域组", "provinces": "点对点省份", "intra_province": "省内通办"}


def value_text(value: Any) -> str:
    """A JSON-ready value, short: 无 / 是 / 否, text as is, anything else as compact JSON."""
    if value is None or value == [] or value == {}:
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return "、".join(map(str, value))
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _limit(v: dict | None) -> str:
    if v is None:
        return "未规定"
    return "即办" if v["unit"] == "immediate" else f"{v['value']} 个{m.UNITS[v['unit']]}"


def _presence(v: dict) -> str:
    text = "须到现场" if v["required"] else "无需到现场"
    return text + (f"（{v['visits']} 次）" if v.get("visits") is not None else "")


def _scope(v: dict) -> str:
    extra = v.get("group") or "、".join(v.get("provinces") or ()) or v.get("province") or ""
    return _SCOPE[v["kind"]] + (f"（{extra}）" if extra else "")


def _fees(v: dict | None) -> str:
    if v is None:
        return "未规定"
    return "不收费" if v["free"] else "收费：" + "、".join(f"{e['name']} {e['amount']} 元" for e in v["entries"])


def _citations(v: list) -> str:
    return "；".join(f"{c['law']}" + (f" {c['article']}" if c.get("article") else "") for c in v) or "无"


def _steps(v: list) -> str:
    return " → ".join(step["name"] for step in v) or "无"


def _listed(v: list) -> str:
    return "、".join(map(str, v)) or "无"


_WHOLE: dict[str, Callable[[Any], str]] = {
    "legal_limit": _limit, "promised_limit": _limit, "presence": _presence, "scope": _scope, "fees": _fees,
    "legal_basis": _citations, "process": _steps, "levels": _listed, "themes": _listed,
    "service_objects": _listed, "delivery": _listed,
}


def _entry_name(c: Change, names: Mapping[str, str], code: Callable[[str], str]) -> str:
    entry = c.new if c.new is not None else c.old
    if c.field == "materials":
        return f"「{names.get(c.key or '', c.key)}」"
    if c.field == "modes":
        return m.MODES.get(c.key or "", c.key or "")
    if c.field == "sources":
        return f"「{entry['title']}」"
    if c.field == "fees":
        return f"「{entry['name']}」"
    return f" {code(c.key or '')}"


def headline(c: Change, names: Mapping[str, str], code: Callable[[str], str]) -> str:
    """The change in one sentence."""
    label = m.FIELD_LABELS.get(c.field) or _OTHER.get(c.field, c.field)
    if c.key is not None and c.field in _ENTRY and not (c.field == "fees" and c.key == "basis"):
        text = f"{_ACTION[c.action]}{_ENTRY[c.field]}{_entry_name(c, names, code)}"
        entry = c.new if c.action == "added" else c.old
        if c.action != "changed" and c.field == "conditions":
            text += f"：{entry['text']}（表达式 {code(entry['when'])}）"
        elif c.action != "changed" and c.field == "fees":
            text += f"：{entry['amount']} 元" + (f"（{code(entry['when'])} 时）" if entry.get("when") else "")
        return text
    if c.field == "fees" and c.key == "basis":
        return f"收费依据：{value_text(c.old)} → {value_text(c.new)}"
    show = _WHOLE.get(c.field, value_text)
    return f"{label}：{show(c.old) if c.old is not None else '无'} → {show(c.new) if c.new is not None else '无'}"


def details(c: Change, code: Callable[[str], str]) -> list[str]:
    """For a changed entry of a keyed list: each part that changed, old → new."""
    if c.action != "changed" or c.key is None or not isinstance(c.old, dict) or not isinstance(c.new, dict):
        return []
    out = []
    for part in dict.fromkeys([*c.old, *c.new]):
        a, b = c.old.get(part), c.new.get(part)
        if a == b:
            if c.field == "conditions" and part in ("text", "when"):  # a condition is read whole
                out.append(f"{_PART[part]}（未变）：{code(str(a)) if part == 'when' else a}")
            continue
        show = (lambda v: code(v) if isinstance(v, str) else value_text(v)) if part in ("when", "required_when") \
            else value_text
        out.append(f"{_PART.get(part, part)}：{show(a) if a is not None else '无'} → {show(b) if b is not None else '无'}")
    return out
