"""The sections of a guide that the summary card and the templates share: modes, presence,
process, results, routing, versions, and the regional edition's own facts (实施清单).

Every function returns plain dicts or strings; a fact the rules do not state is empty (and
left out of the page), never a placeholder.
"""

from __future__ import annotations

from ..load.ruleset import RuleSet
from ..model import items as m
from ..regions import modes_at
from .views import STATUS, cite, duration, licence_name, limit, office, scope_text


def _mode_details(ruleset: RuleSet, name: str, mode) -> list[tuple[str, str]]:
    if name == "online":
        rows = [("办理平台", "、".join(mode.platforms))] if mode.platforms else []
        rows += [(f"原“{s.step}”环节", f"改为{s.by}") for s in mode.substitutes]
    elif name == "proxy":
        rows = [("收件窗口", "、".join(mode.receivers)), ("窗口审查", "、".join(mode.checks)),
                ("材料流转", mode.transfer), ("结果送达", "、".join(m.DELIVERY[d] for d in mode.result_delivery))]
        if mode.tracing:
            rows.append(("责任追溯", mode.tracing))
    elif name == "joint":
        rows = [("协同机关", "、".join(mode.authorities))]
        if mode.coordination:
            rows.append(("协同方式", mode.coordination))
    else:
        rows = [("受理窗口", "、".join(mode.windows))]
    if mode.note:
        rows.append(("说明", mode.note))
    return rows


def modes(ruleset: RuleSet, item: m.Item, here: tuple[str, ...] | None = None) -> list[dict]:
    """Each offered mode with its scope; ``here`` = modes available at a region (regional edition)."""
    out = []
    for name in item.modes.offered():
        mode = getattr(item.modes, name)
        out.append({"key": name, "name": m.MODES[name], "scope": scope_text(ruleset, mode.scope or item.scope),
                    "details": _mode_details(ruleset, name, mode),
                    "here": None if here is None else ("本地可办" if name in here else "本地不在该方式的范围内")})
    return out


def presence(ruleset: RuleSet, item: m.Item) -> dict:
    p = item.presence
    basis = cite(ruleset, p.basis)
    if p.required:
        text = f"需要到现场{p.visits}次" if p.visits else "需要到现场"
    elif p.visits is None:
        text = "法律法规未要求到现场"
    else:
        text = "无需到现场" + (f"（到现场次数：{p.visits}）" if p.visits else "（0次）")
    return {"required": p.required, "text": text, "visits": p.visits, "basis": basis, "reason": p.reason or ""}


def process(ruleset: RuleSet, item: m.Item) -> list[dict]:
    return [{"n": i, "name": s.name, "actor": s.actor or "", "description": s.description or "",
             "limit": duration(s.limit.value, s.limit.unit) if s.limit else "", "presence": s.presence}
            for i, s in enumerate(item.process, 1)]


def results(ruleset: RuleSet, item: m.Item) -> list[dict]:
    return [{"name": r.name, "licence": licence_name(ruleset, r.licence) if r.licence else ""} for r in item.results]


def routing(ruleset: RuleSet, item: m.Item) -> str:
    fact = item.fact(item.routing.handling_region_fact) if item.routing.handling_region_fact else None
    text = f"按“{fact.label}”确定业务属地" if fact else "受理地办理"
    return text + (f"；{item.routing.note}" if item.routing.note else "")


def versions(ruleset: RuleSet, item: m.Item) -> list[dict]:
    return [{"from": v.effective_from.isoformat(), "until": v.effective_until.isoformat() if v.effective_until else "",
             "status": STATUS[v.status], "current": v is item,
             "json": "item.json" if v is item else f"versions/{v.effective_from.isoformat()}.json"}
            for v in ruleset.items[item.id]]


def local_facts(ruleset: RuleSet, impl: m.ImplementationList, entry: m.ImplementedItem, item: m.Item) -> dict:
    """The regional edition's own facts (实施清单): offices, local code, shorter promised time, notes."""
    offices = {o.id: o for o in impl.offices}
    here = modes_at(ruleset, item, impl.region)
    return {"code": impl.region, "name": ruleset.regions.name(impl.region), "list_name": impl.name,
            "implementation_code": entry.implementation_code or "",
            "promised_limit": limit(ruleset, entry.promised_limit) if entry.promised_limit else None,
            "notes": entry.notes or "", "modes_here": here,
            "modes_text": "、".join(m.MODES[x] for x in here) or "本地不在通办范围内或未提供跨省通办方式",
            "offices": [office(ruleset, offices[o]) for o in sorted(entry.offices) if o in offices]}
