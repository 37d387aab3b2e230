"""The three guides of an item: the 办事指南 (``guide``, with its citizen-first summary card), the
全程网办操作指南 (``online_guide``, items offering ``online``) and the 代收代办窗口核对单
(``proxy_checklist``, items offering ``proxy``).  Passing ``local`` (from ``sections.local_facts``)
gives the regional edition with the office's own contacts (实施清单).

The same dict feeds the HTML and the Markdown guide, so both always say the same thing.
"""

from __future__ import annotations

from typing import cast

from ..load.ruleset import RuleSet
from ..model import items as m
from .sections import modes, presence, process, results, routing, versions
from .views import ASK, STATUS, cites, department_name, fees, limit, materials, provenance, scope_text, sources


def guide(ruleset: RuleSet, item: m.Item, *, contacts: list[dict], local: dict | None = None,
          root: str, source_path: str = "") -> dict:
    """The 办事指南 of ``item``; ``contacts`` are window facts from the implementation lists."""
    here = local["modes_here"] if local else None
    view = {
        "id": item.id, "name": item.name, "root": root, "local": local,
        "title": f"{item.name}办事指南" + (f"（{local['name']}）" if local else ""),
        "catalog_code": item.catalog_code or "",
        "item_type": f"{m.ITEM_TYPES[item.item_type]}（{item.item_type}）",
        "levels": "、".join(m.LEVELS[x] for x in item.levels),
        "department": department_name(ruleset, item.department),
        "authority_kind": m.AUTHORITY_KINDS[item.authority_kind],
        "service_objects": "、".join(m.SERVICE_OBJECTS[x] for x in item.service_objects),
        "themes": "、".join(m.THEMES[t] for t in item.themes),
        "legal_basis": cites(ruleset, item.legal_basis),
        "conditions": [{"id": c.id, "text": c.text, "basis": cites(ruleset, c.basis)} for c in item.conditions],
        "materials": materials(ruleset, item), "process": process(ruleset, item),
        "legal_limit": limit(ruleset, item.legal_limit), "promised_limit": limit(ruleset, item.promised_limit),
        "fees": fees(ruleset, item), "modes": modes(ruleset, item, here),
        "scope": scope_text(ruleset, item.scope), "presence": presence(ruleset, item),
        "routing": routing(ruleset, item), "results": results(ruleset, item),
        "delivery": "、".join(m.DELIVERY[d] for d in item.delivery) or ASK,
        "contacts": contacts, "status": STATUS[item.status], "status_key": item.status,
        "sources": sources(item.sources), "provenance": provenance(item), "note": item.note or "",
        "effective_from": item.effective_from.isoformat(),
        "effective_until": item.effective_until.isoformat() if item.effective_until else "",
        "versions": versions(ruleset, item), "source_path": source_path,
        "offers_online": item.modes.online is not None, "offers_proxy": item.modes.proxy is not None,
    }
    view["summary"] = summary(item, view)
    return view


def online_guide(ruleset: RuleSet, item: m.Item, g: dict) -> dict:
    """全程网办操作指南: numbered steps in plain words (``g``: the item's ``guide`` view)."""
    # only called for items offering ``online`` (``pages.Renderer._guides`` checks ``item.modes.online``)
    online, local = cast(m.OnlineMode, item.modes.online), g["local"]
    g = dict(g)
    steps = [
        ("确认可以办理", [f"办理范围：{scope_text(ruleset, online.scope or item.scope)}。"]
         + [f"您需要符合：{c['text']}" for c in g["conditions"]]),
        ("登录办理平台", [f"打开{p}，实名登录。" for p in online.platforms]
         or [f"打开本事项的网上办理平台（{ASK}），实名登录。"]),
        ("找到事项", [f"搜索“{item.name}”，进入网上办理页面。"]),
        ("填写申请信息", [f"按页面提示填写：{f.label}。" for f in item.facts] or ["按页面提示填写申请信息。"]),
        ("提交材料", [_online_material(x) for x in g["materials"]] or ["本事项没有列明需要提交的材料。"]),
    ]
    if online.substitutes:
        steps.append(("远程核验", [f"原来要到现场“{s.step}”的，现在改为{s.by}。" for s in online.substitutes]))
    fee = g["fees"]
    steps.append(("缴纳费用", [f"{e['name']}：{e['amount']}" + _when_note(e["when"]) for e in fee["entries"]]
                  or [f"{fee['text']}。"]))
    steps.append(("等待审核", [f"法定办结时限：{g['legal_limit']['text']}；承诺办结时限：{_promise(g['promised_limit'])}。",
                               "可以在平台的“我的办件”中查看进度。"]))
    steps.append(("获取结果", [f"办理结果：{'、'.join(r['name'] for r in g['results']) or ASK}；送达方式：{g['delivery']}。"]
                  + [f"{r['name']}同步生成电子证照：{r['licence']}。" for r in g["results"] if r["licence"]]))
    g.update(title=f"{item.name}全程网办操作指南" + (f"（{local['name']}）" if local else ""),
             steps=[{"n": i, "title": t, "lines": lines} for i, (t, lines) in enumerate(steps, 1)])
    return g


def _when_note(w: dict) -> str:
    return f"（适用于：{w['text'] or w['code']}）" if w["text"] or w["code"] else ""


def _online_material(x: dict) -> str:
    if x["licences_text"]:
        return f"{x['name']}：授权调取电子证照（{x['licences_text']}），不用上传。"
    if x["shared"]:
        return f"{x['name']}：{x['shared']}，不用上传。"
    note = _when_note(x["when"]) or ("（可选）" if x["need"] == "可选" else "")
    return f"{x['name']}{note}：拍照或扫描后上传。"


def proxy_checklist(ruleset: RuleSet, item: m.Item, g: dict) -> dict:
    """代收代办窗口核对单: what the receiving window checks, and where the file goes (收受分离)."""
    # only called for items offering ``proxy`` (``pages.Renderer._guides`` checks ``item.modes.proxy``)
    proxy, local = cast(m.ProxyMode, item.modes.proxy), g["local"]
    g = dict(g)
    fact = item.fact(item.routing.handling_region_fact) if item.routing.handling_region_fact else None
    g.update(
        title=f"{item.name}代收代办窗口核对单" + (f"（{local['name']}）" if local else ""),
        receivers="、".join(proxy.receivers), checks=list(proxy.checks),
        transfer=proxy.transfer, post_to=f"申请人“{fact.label}”的业务属地部门" if fact else "业务属地部门",
        result_delivery="、".join(m.DELIVERY[d] for d in proxy.result_delivery),
        tracing=proxy.tracing or "", proxy_scope=scope_text(ruleset, proxy.scope or item.scope),
    )
    return g


# ------------------------------------------------------------------ the summary card (办事要点)


def summary(item: m.Item, g: dict) -> list[dict]:
    """能否在异地办 / 怎么办 / 带什么 / 多久 / 多少钱 / 去哪里: one line each, with a link to the section."""
    return [{"key": "where-ok", "label": "能否在异地办", "text": _can(g), "href": "#modes"},
            {"key": "how", "label": "怎么办", "text": _how(g), "href": "#modes"},
            {"key": "bring", "label": "带什么", "text": _bring(g["materials"]), "href": "#materials"},
            {"key": "time", "label": "多久", "text": _time(g), "href": "#limits"},
            {"key": "cost", "label": "多少钱", "text": _cost(g["fees"]), "href": "#fees"},
            {"key": "go", "label": "去哪里", "text": _go(item, g), "href": "#contacts"}]


def _can(g: dict) -> str:
    local = g["local"]
    if local:
        return f"可以：在{local['name']}可{local['modes_text']}" if local["modes_here"] else local["modes_text"]
    if not g["modes"]:
        return "本事项未提供跨省通办方式，请到业务属地办理"
    return f"可以：{'、'.join(x['name'] for x in g['modes'])}（{g['scope']}）"


#: what an applicant does under each handling mode (one entry per ``m.MODES`` key)
WAYS = {"online": "网上提交申请", "proxy": "在受理地窗口提交，由窗口寄往业务属地办理",
        "joint": "在受理地窗口提交，两地协同办理", "direct": "到通办范围内任一受理窗口申请，手续与在属地办理相同"}


def _how(g: dict) -> str:
    steps = [WAYS[x["key"]] for x in g["modes"] if not g["local"] or x["key"] in g["local"]["modes_here"]]
    return "；".join(steps + [g["presence"]["text"]])


def _bring(mats: list[dict]) -> str:
    if not mats:
        return ASK
    needed = [x["name"] for x in mats if x["need"] == "必需"]
    others = len(mats) - len(needed)
    text = "、".join(needed) if needed else "没有必交材料"
    return text + (f"；另有{others}项按情形提交或可选" if others else "")


def _time(g: dict) -> str:
    promised = (g["local"] or {}).get("promised_limit") or g["promised_limit"]
    parts = [f"承诺{_promise(promised)}"] if promised["known"] else []
    parts += [f"法定{g['legal_limit']['text']}"] if g["legal_limit"]["known"] else []
    return "，".join(parts) if parts else ASK


def _promise(limit: dict) -> str:
    """承诺时限 in words, with the place that promised it when that is not the item's department."""
    return limit["text"] + (f"（{limit['set_by']}）" if limit.get("set_by") else "")


def _cost(f: dict) -> str:
    if not f["entries"]:
        return f["text"]
    return "；".join(f"{e['name']}{e['amount']}" + ("（按情形）" if e["when"]["text"] or e["when"]["code"] else "")
                    for e in f["entries"])


def _go(item: m.Item, g: dict) -> str:
    places = [o["name"] for o in g["contacts"]]
    online = item.modes.online.platforms if item.modes.online else ()
    if online and (not g["local"] or "online" in g["local"]["modes_here"]):
        places.append("网上：" + "、".join(online))
    return "；".join(places) if places else f"就近的政务服务中心跨省通办窗口（{ASK}）"
