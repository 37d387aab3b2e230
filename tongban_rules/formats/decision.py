"""Output formats of one decision (``tongban decide --format json|text``).

``json`` is ``Decision.to_dict()`` (two-space indent, UTF-8 text); ``text`` is the readable
Chinese explanation for window staff (窗口人员): outcome, each condition with its legal basis,
what is still to be asked, the materials, where and how the case is handled, the time limits
and the fee.  Both only lay out what the decision carries; nothing is recomputed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models load only when a decision is actually printed
    from ..decide.decision import Decision

_OUTCOME = {"eligible": "符合受理条件", "ineligible": "不符合受理条件", "undetermined": "尚不能判断（信息不全）"}
_STATUS = {"passed": "✓ 满足", "failed": "✗ 不满足", "unknown": "? 待确认"}


def decision_json(ruleset, d: Decision, *, today: bool = False) -> str:
    return json.dumps(d.to_dict(), ensure_ascii=False, indent=2) + "\n"


def explain(ruleset, d: Decision, *, today: bool = False) -> str:
    """A readable Chinese explanation for window staff (``today``: the date was not given and is
    today in China)."""
    item = d.plan.item  # the version decided, not the newest
    on = d.on.isoformat() + ("（未指定 --on，取北京时间今日）" if today else "")
    until = item.effective_until.isoformat() if item.effective_until else "现行"
    lines = [f"事项: {item.name}（{d.item_id}）", f"适用版本: {item.effective_from.isoformat()} 起至 {until}",
             f"受理日期: {on}", f"结论: {_OUTCOME[d.outcome]}", "", "受理条件:"]
    for c in d.conditions:
        basis = "；".join(f"《{b['title']}》{b['article'] or ''}" for b in c["basis"])
        lines.append(f"  {_STATUS[c['status']]}  {c['text']}" + (f"  —— 依据: {basis}" if basis else ""))
        if "residual" in c:
            lines.append(f"      尚待确认: {c['residual']['zh']}")
    if d.missing_facts:
        labels = {f.id: f.label for f in ruleset.version(d.item_id, date.fromisoformat(d.provenance["on"])).facts}
        lines += ["", "还需了解: " + "、".join(labels.get(f, f) for f in d.missing_facts)]
    lines += ["", "申请材料:", *_material_lines(d)]
    lines += _routing_lines(d) + _limit_lines(d) + _fee_lines(d)
    return "\n".join(lines) + "\n"


def _material_lines(d: Decision) -> list[str]:
    out = []
    for mat in d.materials:
        extra = [f"可用{lic['name']}代替" for lic in mat["licences"]]
        if "shared_data" in mat:
            extra.append(f"可由{mat['shared_data']['department_name']}共享数据代替")
        need = "" if mat["required"] else "（可选）" if mat["required"] is False else \
            f"（是否需要取决于：{mat['residual']['zh']}）"
        out.append(f"  - {mat['name']}{need} 原件{mat['originals']}份 复印件{mat['copies']}份"
                   + (f"（{'；'.join(extra)}）" if extra else ""))
    return out


def _routing_lines(d: Decision) -> list[str]:
    from ..model.items import MODES

    r = d.routing
    modes = "、".join(MODES[m] for m in d.modes) or "本地区不提供跨省通办方式"
    lines = ["", f"受理地: {r['accepting_region_name']}（{r['accepting_region']}）", f"办理方式: {modes}"]
    if r["handling_region"]:
        kind = "跨省" if r["cross_province"] else "省内"
        lines.append(f"业务属地: {r['handling_region_name']}（{r['handling_region']}，{kind}）")
    if r.get("transfer"):
        lines.append(f"材料流转: {r['transfer']}")
    return lines


def _limit_lines(d: Decision) -> list[str]:
    out = []
    for key, label in (("legal", "法定办结时限"), ("promised", "承诺办结时限")):
        limit = d.time_limits[key]
        if limit:
            value = "即办" if limit["unit"] == "immediate" else f"{limit['value']}个{limit['unit_name']}"
            note = f"（暂定：{limit['provisional_reason']['zh']}）" if limit["provisional"] else ""
            out.append(f"{label}: {value}，最迟 {limit['due']}{note}")
    for step in d.step_limits:
        note = f"（暂定：{step['provisional_reason']['zh']}）" if step["provisional"] else ""
        out.append(f"流程时限: {step['step']} {step['value']}个{step['unit_name']}，{step['from']} 起，至 {step['due']}{note}")
    return out


def _fee_lines(d: Decision) -> list[str]:
    fee = d.fee
    if not fee["known"]:
        return ["收费: 未公布"]
    if fee.get("free"):
        return ["收费: 不收费"]
    rows = [f"  - {e['name']} {e['amount']} 元" for e in fee["entries"]]
    total = f"{fee['total']} 元" if fee["total"] is not None else "待确认"
    return [f"收费: 合计 {total}", *rows]


#: ``(ruleset, decision, *, today) -> str`` by format name; the first is the default
DECISION_FORMATS: Mapping[str, Callable[..., str]] = {"json": decision_json, "text": explain}
