"""View models of one item's guides (办事指南): plain dicts, computed before any template runs.

Templates only format: every string a guide shows — labels, "未公布/来源未核实" where a fact is
not known, the 法定/承诺 time limits with their units, the 设定依据 of each condition — is built
here.  The same dict feeds the HTML and the Markdown guide, so both always say the same thing.

``guide`` is the 办事指南, ``online_guide`` the 全程网办操作指南 (items offering ``online``),
``proxy_checklist`` the 代收代办窗口核对单 (items offering ``proxy``).  Passing ``local`` (from
``local_facts``) gives the regional edition with the office's own contacts (实施清单).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast, overload

from markupsafe import Markup

from ..load.ruleset import RuleSet
from ..model import items as m
from ..regions import modes_at

UNKNOWN = "未公布/来源未核实"
STATUS = {"draft": "草稿（待审核）", "reviewed": "已审核"}
LAW_KINDS = {
    "law": "法律", "administrative-regulation": "行政法规", "rule": "规章", "normative-document": "规范性文件",
    "standard": "标准", "local-regulation": "地方性法规",
}
#: the kinds a province can clean up itself (seed 九: 地方性法规、政府规章、规范性文件)
CLEAN_UP_KINDS = frozenset({"local-regulation", "rule", "normative-document"})
SCOPE_KINDS = {"nationwide": "全国通办", "group": "区域通办", "provinces": "点对点通办", "intra_province": "省内通办"}
FIELD_LABELS = m.FIELD_LABELS


# ------------------------------------------------------------------ small pieces


def select_version(ruleset: RuleSet, item_id: str, as_of: date | None) -> m.Item | None:
    """The version in force on ``as_of``, else (no date given) the latest."""
    return ruleset.version(item_id, as_of) if as_of else ruleset.latest(item_id)


@overload
def cite(ruleset: RuleSet, citation: m.Citation) -> dict: ...
@overload
def cite(ruleset: RuleSet, citation: None) -> None: ...
@overload
def cite(ruleset: RuleSet, citation: m.Citation | None) -> dict | None: ...


def cite(ruleset: RuleSet, citation: m.Citation | None) -> dict | None:
    """A 设定依据 reference: 《title》（document）article, with the article's text if registered."""
    if citation is None:
        return None
    law = ruleset.laws.get(citation.law)
    title = law.title if law else citation.law
    article = next((a for a in law.articles if a.id == citation.article), None) if law and citation.article else None
    text = f"《{title}》" + (f"（{law.document}）" if law and law.document else "") + (citation.article or "")
    return {"text": text, "law": citation.law, "title": title, "article": citation.article or "",
            "article_text": article.text if article and article.text else "",
            "presence": bool(article and article.presence), "note": citation.note or "",
            "kind": LAW_KINDS.get(law.kind, "") if law else "", "kind_key": law.kind if law else ""}


def cites(ruleset: RuleSet, citations: Iterable[m.Citation]) -> list[dict]:
    return [cite(ruleset, c) for c in citations]


def duration(value: int, unit: str) -> str:
    return "即办" if unit == "immediate" else f"{value}个{m.UNITS[unit]}"


def limit(ruleset: RuleSet, tl: m.TimeLimit | None) -> dict:
    """法定/承诺时限 with its unit; ``known: False`` and the placeholder when not known."""
    if tl is None:
        return {"known": False, "text": UNKNOWN, "basis": None, "note": "", "extension": ""}
    ext = tl.extension
    extension = ""
    if ext:
        extension = f"可延长{duration(ext.value, ext.unit)}（{ext.when}）"
        if ext.basis:
            extension += "，依据" + cite(ruleset, ext.basis)["text"]
    return {"known": True, "text": duration(tl.value, tl.unit), "basis": cite(ruleset, tl.basis),
            "note": tl.note or "", "extension": extension}


def scope_text(ruleset: RuleSet, scope: m.Scope) -> str:
    regions = ruleset.regions
    if scope.kind == "nationwide":
        return "全国"
    if scope.kind == "group":
        group_id = cast(str, scope.group)  # ``Scope`` validates that a group scope names its group
        group = regions.groups().get(group_id)
        if group is None:
            return group_id
        return f"{group.name}（{'、'.join(regions.name(c) for c in group.members)}）"
    if scope.kind == "provinces":
        return "、".join(regions.name(c) for c in scope.provinces) + f"（共{len(scope.provinces)}个省份）"
    return f"{regions.name(cast(str, scope.province))}省内"  # ``Scope`` validates that 省内 names its province


def department_name(ruleset: RuleSet, dept_id: str) -> str:
    dept = ruleset.departments.get(dept_id)
    return dept.name if dept else dept_id


def material_name(ruleset: RuleSet, material_id: str) -> str:
    material = ruleset.materials.get(material_id)
    return material.name if material else material_id


def licence_name(ruleset: RuleSet, licence_id: str) -> str:
    licence = ruleset.licences.get(licence_id)
    return licence.name if licence else licence_id


def office(ruleset: RuleSet, o: m.Office) -> dict:
    """A window's local facts; missing ones show the placeholder."""
    return {"id": o.id, "anchor": f"office-{o.region}-{o.id}", "name": o.name, "region": ruleset.regions.name(o.region),
            "address": o.address or UNKNOWN, "hours": o.hours or UNKNOWN,
            "consult_phone": o.consult_phone or "", "complaint_phone": o.complaint_phone or "",
            "booking": o.booking or UNKNOWN,
            "accessibility": list(o.accessibility), "accessibility_text": "；".join(o.accessibility) or UNKNOWN}


def sources(srcs: Iterable[m.Source]) -> list[dict]:
    """The numbered source list (``n`` is what the per-fact markers point at), with each authority."""
    return [{"n": n, "anchor": f"src-{n}", "title": s.title, "url": s.url or "", "document": s.document or "",
             "kind_key": s.kind or "", "kind": m.SOURCE_KINDS.get(s.kind or "", ""),
             "published": s.published.isoformat() if s.published else "",
             "accessed": s.accessed.isoformat() if s.accessed else "",
             "supports": "、".join(FIELD_LABELS.get(f, f) for f in s.supports), "note": s.note or ""}
            for n, s in enumerate(srcs, 1)]


def provenance(item: m.Item) -> dict[str, dict]:
    """Per fact field: whether the item states it, and the sources that support it (numbered as in
    ``sources``), official and official-media first; ``official`` when one of them is."""
    stated = set(item.stated_facts())
    out = {}
    for field in m.FACT_FIELDS:
        found = sorted(item.supporting(field), key=lambda i: (item.sources[i].kind not in m.AUTHORITATIVE, i))
        refs = [{"n": i + 1, "title": item.sources[i].title, "kind_key": item.sources[i].kind,
                 "kind": m.SOURCE_KINDS[item.sources[i].kind]} for i in found]
        md = "".join(f"[^s{r['n']}]" for r in refs) or "（来源未核实）"
        out[field] = {"stated": field in stated, "refs": refs,
                      "official": any(r["kind_key"] in m.AUTHORITATIVE for r in refs),
                      "md": Markup(md if field in stated else "")}  # footnote references, numbers only
    return out


def provenance_share(item: m.Item) -> tuple[int, int]:
    """(facts stated, facts with an official or official-media source) of one item."""
    p = provenance(item)
    stated = [f for f in p if p[f]["stated"]]
    return len(stated), sum(p[f]["official"] for f in stated)


# ------------------------------------------------------------------ conditions in words

_OPS = {"==": "为", "!=": "不为", "<": "小于", "<=": "不超过", ">": "大于", ">=": "不小于"}


def _value(fact: m.Fact, value: object) -> str:
    if isinstance(value, frozenset):
        order = list(fact.values or ())
        return "或".join(_value(fact, x) for x in sorted(value, key=lambda x: (order.index(x) if x in order else 99, x)))
    if fact.values and value in fact.values:
        return f"“{fact.values[value]}”"
    return f"“{value}”" if isinstance(value, str) else str(value)


def phrase(item: m.Item, ir: tuple) -> str | None:
    """A compiled condition in plain Chinese (“申请事由”为“丢失补领”), or None when it has no simple wording."""
    tag = ir[0]
    if tag == "fact" or (tag == "not" and ir[1][0] == "fact"):
        fact = item.fact(ir[1] if tag == "fact" else ir[1][1])
        if fact is None or fact.type != "bool":
            return None
        return f"“{fact.label}”为{'是' if tag == 'fact' else '否'}"
    if tag == "cmp" and ir[2][0] == "fact" and ir[3][0] == "const":
        fact = item.fact(ir[2][1])
        if fact is None or (ir[1] != "in" and ir[1] not in _OPS):
            return None
        return f"“{fact.label}”{'为' if ir[1] == 'in' else _OPS[ir[1]]}{_value(fact, ir[3][1])}"
    if tag in ("and", "or"):
        found = [phrase(item, x) for x in ir[1]]
        parts = [p for p in found if p is not None]
        if len(parts) != len(found):
            return None
        wrapped = [f"（{p}）" if x[0] in ("and", "or") else p for p, x in zip(parts, ir[1])]
        return ("，且" if tag == "and" else "，或").join(wrapped)
    return None


def when(ruleset: RuleSet, item: m.Item, kind: str, index: int, text: str | None) -> dict:
    """A ``required_when``/``when`` expression: its wording if it has one, else the expression itself."""
    if not text:
        return {"text": "", "code": ""}
    found = ruleset.record(item)
    compiled = found.compiled if found is not None else None
    condition = getattr(compiled, kind)[index] if compiled is not None else None
    words = phrase(item, condition.ir) if condition is not None else None
    return {"text": words or "", "code": "" if words else text}


# ------------------------------------------------------------------ sections


def materials(ruleset: RuleSet, item: m.Item) -> list[dict]:
    out = []
    for i, use in enumerate(item.materials):
        material = ruleset.materials.get(use.material)
        if use.required:
            need = "必需"
        elif use.required_when:
            need = "按情形提交"
        else:
            need = "可选"
        shared = ""
        if use.shared_data:
            shared = f"可由{department_name(ruleset, use.shared_data.department)}共享“{use.shared_data.data}”代替"
        out.append({"id": use.material, "name": material_name(ruleset, use.material),
                    "issuer": material.issuer if material and material.issuer else "",
                    "originals": use.originals, "copies": use.copies, "need": need,
                    "when": when(ruleset, item, "materials", i, use.required_when),
                    "licences": [licence_name(ruleset, x) for x in use.licences],
                    "licences_text": "、".join(licence_name(ruleset, x) for x in use.licences),
                    "shared": shared, "note": use.note or "",
                    "replaceable": bool(use.licences or use.shared_data)})
    return out


def fees(ruleset: RuleSet, item: m.Item) -> dict:
    f = item.fees
    if f is None:
        return {"known": False, "free": False, "text": UNKNOWN, "basis": None, "entries": []}
    if f.free:
        return {"known": True, "free": True, "text": "不收费", "basis": cite(ruleset, f.basis), "entries": []}
    entries = [{"name": e.name, "amount": f"{e.amount} 元", "when": when(ruleset, item, "fees", i, e.when),
                "basis": cite(ruleset, e.basis)} for i, e in enumerate(f.entries)]
    return {"known": True, "free": False, "text": "收费", "basis": None, "entries": entries}


def _mode_details(ruleset: RuleSet, name: str, mode) -> list[tuple[str, str]]:
    if name == "online":
        rows = [("办理平台", "、".join(mode.platforms) or UNKNOWN)]
        rows += [(f"原“{s.step}”环节", f"改为{s.by}") for s in mode.substitutes]
    elif name == "proxy":
        rows = [("收件窗口", "、".join(mode.receivers)), ("窗口审查", "、".join(mode.checks)),
                ("材料流转", mode.transfer), ("结果送达", "、".join(m.DELIVERY[d] for d in mode.result_delivery))]
        if mode.tracing:
            rows.append(("责任追溯", mode.tracing))
    else:
        rows = [("协同机关", "、".join(mode.authorities))]
        if mode.coordination:
            rows.append(("协同方式", mode.coordination))
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
        text = f"需要到现场{p.visits}次" if p.visits else "需要到现场（次数未公布）"
    elif p.visits is None:
        text = "法律法规未要求到现场（到现场次数未公布）"
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
            "implementation_code": entry.implementation_code or UNKNOWN,
            "promised_limit": limit(ruleset, entry.promised_limit) if entry.promised_limit else None,
            "notes": entry.notes or "", "modes_here": here,
            "modes_text": "、".join(m.MODES[x] for x in here) or "本地不在通办范围内或未提供跨省通办方式",
            "offices": [office(ruleset, offices[o]) for o in sorted(entry.offices) if o in offices]}


# ------------------------------------------------------------------ the three guides


def guide(ruleset: RuleSet, item: m.Item, *, contacts: list[dict], local: dict | None = None,
          root: str, source_path: str = "") -> dict:
    """The 办事指南 of ``item``; ``contacts`` are window facts from the implementation lists."""
    here = local["modes_here"] if local else None
    return {
        "id": item.id, "name": item.name, "root": root, "local": local,
        "title": f"{item.name}办事指南" + (f"（{local['name']}）" if local else ""),
        "catalog_code": item.catalog_code or UNKNOWN,
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
        "delivery": "、".join(m.DELIVERY[d] for d in item.delivery) or UNKNOWN,
        "contacts": contacts, "status": STATUS[item.status], "status_key": item.status,
        "sources": sources(item.sources), "provenance": provenance(item), "note": item.note or "",
        "effective_from": item.effective_from.isoformat(),
        "effective_until": item.effective_until.isoformat() if item.effective_until else "",
        "versions": versions(ruleset, item), "source_path": source_path,
        "offers_online": item.modes.online is not None, "offers_proxy": item.modes.proxy is not None,
    }


def online_guide(ruleset: RuleSet, item: m.Item, g: dict) -> dict:
    """全程网办操作指南: numbered steps in plain words (``g``: the item's ``guide`` view)."""
    # only called for items offering ``online`` (``pages.Renderer._guides`` checks ``item.modes.online``)
    online, local = cast(m.OnlineMode, item.modes.online), g["local"]
    g = dict(g)
    steps = [
        ("确认可以办理", [f"办理范围：{scope_text(ruleset, online.scope or item.scope)}。"]
         + [f"您需要符合：{c['text']}" for c in g["conditions"]]),
        ("登录办理平台", [f"打开{p}，实名登录。" for p in online.platforms] or [f"办理平台：{UNKNOWN}。"]),
        ("找到事项", [f"搜索“{item.name}”，进入网上办理页面。"]),
        ("填写申请信息", [f"按页面提示填写：{f.label}。" for f in item.facts] or ["按页面提示填写申请信息。"]),
        ("提交材料", [_online_material(x) for x in g["materials"]] or ["本事项没有列明需要提交的材料。"]),
    ]
    if online.substitutes:
        steps.append(("远程核验", [f"原来要到现场“{s.step}”的，现在改为{s.by}。" for s in online.substitutes]))
    fee = g["fees"]
    steps.append(("缴纳费用", [f"{e['name']}：{e['amount']}" + _when_note(e["when"]) for e in fee["entries"]]
                  or [f"{fee['text']}。"]))
    steps.append(("等待审核", [f"法定办结时限：{g['legal_limit']['text']}；承诺办结时限：{g['promised_limit']['text']}。",
                               "可以在平台的“我的办件”中查看进度。"]))
    steps.append(("获取结果", [f"办理结果：{'、'.join(r['name'] for r in g['results']) or UNKNOWN}；送达方式：{g['delivery']}。"]
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
        tracing=proxy.tracing or UNKNOWN, proxy_scope=scope_text(ruleset, proxy.scope or item.scope),
    )
    return g
