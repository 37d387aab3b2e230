"""Output formats of one decision (``tongban decide --format json|text``).

``json`` is ``Decision.to_dict()`` (two-space indent, UTF-8 text); ``text`` is the readable
explanation for window staff (窗口人员), in Chinese or with ``--lang en`` in English (the rules'
own texts — names, conditions, materials — stay as written): outcome, each condition with its legal basis,
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

#: the fixed words of the text format: key -> (Chinese, English); the rules' own texts (names,
#: conditions, materials) are Chinese in both
_W = {
    "item": ("事项", "Item"), "version": ("适用版本", "Version applied"), "from": ("{} 起至 {}", "from {} until {}"),
    "current": ("现行", "in force"), "on": ("受理日期", "Date of application"),
    "today": ("（未指定 --on，取北京时间今日）", " (no --on given: today in China, Asia/Shanghai)"),
    "outcome": ("结论", "Outcome"), "conditions": ("受理条件", "Conditions"), "basis": ("依据", "basis"),
    "open": ("尚待确认", "still open"), "missing": ("还需了解", "Still to ask"), "materials": ("申请材料", "Materials"),
    "optional": ("（可选）", " (optional)"), "depends": ("（是否需要取决于：{}）", " (needed depending on: {})"),
    "count": ("原件{}份 复印件{}份", "originals {}, copies {}"), "instead": ("可用{}代替", "{} may replace it"),
    "shared": ("可由{}共享数据代替", "data shared by {} may replace it"),
    "accepting": ("受理地", "Accepting region"), "modes": ("办理方式", "Handling modes"),
    "no_modes": ("本地区不提供跨省通办方式", "no cross-province mode offered here"),
    "handling": ("业务属地", "Handling region"), "cross": ("跨省", "another province"), "same": ("省内", "same province"),
    "transfer": ("材料流转", "Transfer of materials"),
    "legal": ("法定办结时限", "Legal time limit"), "promised": ("承诺办结时限", "Promised time limit"),
    "immediate": ("即办", "on the spot"), "due": ("{}，最迟 {}", "{}, due {}"),
    "provisional": ("（暂定：{}）", " (provisional: {})"),
    "step": ("流程时限: {} {}，{} 起，至 {}", "Step time limit: {} {}, from {} to {}"),
    "fee": ("收费", "Fee"), "unpublished": ("未公布", "not published"), "free": ("不收费", "free of charge"),
    "total": ("合计 {}", "total {}"), "open_total": ("待确认", "still open"), "yuan": ("{} 元", "CNY {}"),
}
_OUTCOME = {"eligible": ("符合受理条件", "eligible"), "ineligible": ("不符合受理条件", "ineligible"),
            "undetermined": ("尚不能判断（信息不全）", "undetermined (facts missing)")}
_STATUS = {"passed": ("✓ 满足", "✓ met"), "failed": ("✗ 不满足", "✗ not met"), "unknown": ("? 待确认", "? open")}
_UNITS = {"working_days": ("{}个工作日", "{} working days"), "calendar_days": ("{}个自然日", "{} calendar days")}
_MODES_EN = {"online": "fully online", "proxy": "accepted here, handled by the home region", "joint": "joint handling",
             "direct": "accepted at any office in scope, as at home"}


class _Say:
    """The words of one language: ``say("key", *values)``."""

    def __init__(self, lang: str):
        self.k = 0 if lang == "zh" else 1

    def __call__(self, key: str, *values: object) -> str:
        return _W[key][self.k].format(*values)

    def pick(self, table: Mapping[str, tuple[str, str]], key: str, *values: object) -> str:
        return table[key][self.k].format(*values)

    def words(self, both: Mapping[str, str]) -> str:
        return both["zh" if self.k == 0 else "en"]


def decision_json(ruleset, d: Decision, *, today: bool = False, lang: str = "zh") -> str:
    return json.dumps(d.to_dict(), ensure_ascii=False, indent=2) + "\n"


def explain(ruleset, d: Decision, *, today: bool = False, lang: str = "zh") -> str:
    """A readable explanation for window staff (``today``: the date was not given and is today in
    China), its fixed words in ``lang`` (``zh`` or ``en``)."""
    say = _Say(lang)
    item = d.plan.item  # the version decided, not the newest
    on = d.on.isoformat() + (say("today") if today else "")
    until = item.effective_until.isoformat() if item.effective_until else say("current")
    lines = [f"{say('item')}: {item.name}（{d.item_id}）",
             f"{say('version')}: {say('from', item.effective_from.isoformat(), until)}",
             f"{say('on')}: {on}", f"{say('outcome')}: {say.pick(_OUTCOME, d.outcome)}", "", f"{say('conditions')}:"]
    for c in d.conditions:
        basis = "；".join(f"《{b['title']}》{b['article'] or ''}" for b in c["basis"])
        lines.append(f"  {say.pick(_STATUS, c['status'])}  {c['text']}" + (f"  —— {say('basis')}: {basis}" if basis else ""))
        if "residual" in c:
            lines.append(f"      {say('open')}: {say.words(c['residual'])}")
    if d.missing_facts:
        labels = {f.id: f.label for f in ruleset.version(d.item_id, date.fromisoformat(d.provenance["on"])).facts}
        lines += ["", f"{say('missing')}: " + ("、" if say.k == 0 else "; ").join(labels.get(f, f) for f in d.missing_facts)]
    lines += ["", f"{say('materials')}:", *_material_lines(d, say)]
    lines += _routing_lines(d, say) + _limit_lines(d, say) + _fee_lines(d, say)
    return "\n".join(lines) + "\n"


def _material_lines(d: Decision, say: _Say) -> list[str]:
    out = []
    for mat in d.materials:
        extra = [say("instead", lic["name"]) for lic in mat["licences"]]
        if "shared_data" in mat:
            extra.append(say("shared", mat["shared_data"]["department_name"]))
        need = "" if mat["required"] else say("optional") if mat["required"] is False else \
            say("depends", say.words(mat["residual"]))
        out.append(f"  - {mat['name']}{need} {say('count', mat['originals'], mat['copies'])}"
                   + (f"（{'；'.join(extra)}）" if extra else ""))
    return out


def _routing_lines(d: Decision, say: _Say) -> list[str]:
    from ..model.items import MODES

    r = d.routing
    names = MODES if say.k == 0 else _MODES_EN
    modes = "、".join(names[m] for m in d.modes) or say("no_modes")
    lines = ["", f"{say('accepting')}: {r['accepting_region_name']}（{r['accepting_region']}）",
             f"{say('modes')}: {modes}"]
    if r["handling_region"]:
        kind = say("cross") if r["cross_province"] else say("same")
        lines.append(f"{say('handling')}: {r['handling_region_name']}（{r['handling_region']}，{kind}）")
    if r.get("transfer"):
        lines.append(f"{say('transfer')}: {r['transfer']}")
    return lines


def _span(limit: Mapping, say: _Say) -> str:
    return say("immediate") if limit["unit"] == "immediate" else say.pick(_UNITS, limit["unit"], limit["value"])


def _limit_lines(d: Decision, say: _Say) -> list[str]:
    out = []
    for key in ("legal", "promised"):
        limit = d.time_limits[key]
        if limit:
            note = say("provisional", say.words(limit["provisional_reason"])) if limit["provisional"] else ""
            out.append(f"{say(key)}: {say('due', _span(limit, say), limit['due'])}{note}")
    for step in d.step_limits:
        note = say("provisional", say.words(step["provisional_reason"])) if step["provisional"] else ""
        out.append(say("step", step["step"], _span(step, say), step["from"], step["due"]) + note)
    return out


def _fee_lines(d: Decision, say: _Say) -> list[str]:
    fee = d.fee
    if not fee["known"]:
        return [f"{say('fee')}: {say('unpublished')}"]
    if fee.get("free"):
        return [f"{say('fee')}: {say('free')}"]
    rows = [f"  - {e['name']} {say('yuan', e['amount'])}" for e in fee["entries"]]
    total = say("yuan", fee["total"]) if fee["total"] is not None else say("open_total")
    return [f"{say('fee')}: {say('total', total)}", *rows]


#: ``(ruleset, decision, *, today, lang) -> str`` by format name; the first is the default
DECISION_FORMATS: Mapping[str, Callable[..., str]] = {"json": decision_json, "text": explain}
