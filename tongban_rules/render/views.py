"""The pieces of the guides' view models: citations, time limits, offices, sources, materials, fees.

Templates only format: every string a guide shows — labels, the 法定/承诺 time limits with their
units, the 设定依据 of each condition — is built here (the guides themselves in ``guide``).

A fact the rules do not state is never shown as a placeholder: an office's missing address,
hours or phone is left out (the template skips empty values), and where a person needs to know
that something is missing — a time limit, the fees — the text is ``ASK`` (以窗口公示为准).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast, overload

from markupsafe import Markup, escape

from ..decide.plan import set_by
from ..load.ruleset import RuleSet
from ..model import items as m
from .words import when

#: shown where a person needs a fact the rules do not state
ASK = "以窗口公示为准"
#: the marker of a stated fact that no listed source supports
NO_SOURCE = "未列来源"
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
    """法定/承诺时限 with its unit; ``known: False`` and ``ASK`` when not known."""
    if tl is None:
        return {"known": False, "text": ASK, "basis": None, "note": "", "extension": "", "set_by": ""}
    ext = tl.extension
    extension = ""
    if ext:
        extension = f"可延长{duration(ext.value, ext.unit)}（{ext.when}）"
        if ext.basis:
            extension += "，依据" + cite(ruleset, ext.basis)["text"]
    places = "、".join(place["name"] for place in set_by(tl, ruleset.regions))
    return {"known": True, "text": duration(tl.value, tl.unit), "basis": cite(ruleset, tl.basis),
            "note": tl.note or "", "extension": extension, "set_by": f"{places}公布的承诺" if places else ""}


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
    """A window's local facts; a missing one is empty (and left out of the page)."""
    return {"id": o.id, "anchor": f"office-{o.region}-{o.id}", "name": o.name, "region": ruleset.regions.name(o.region),
            "address": o.address or "", "hours": o.hours or "",
            "consult_phone": o.consult_phone or "", "complaint_phone": o.complaint_phone or "",
            "booking": o.booking or "",
            "accessibility": list(o.accessibility), "accessibility_text": "；".join(o.accessibility)}


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
        md = "".join(f"[^s{r['n']}]" for r in refs) or f"（{NO_SOURCE}）"
        out[field] = {"stated": field in stated, "refs": refs,
                      "official": any(r["kind_key"] in m.AUTHORITATIVE for r in refs),
                      "md": Markup(md if field in stated else ""),  # footnote references, numbers only
                      "html": _marker(refs) if field in stated else Markup(""),
                      "line": _line(refs) if field in stated else Markup("")}
    return out


_NONE_MARK = f'<span class="prov-none">[{NO_SOURCE}]</span>'
_NONE_LINE = f'<span class="prov-none">{NO_SOURCE}</span>'


def _marker(refs: list[dict]) -> Markup:
    """The superscript source numbers after a fact (built once here: a macro per fact is slow)."""
    inner = "".join(f'<a class="prov-{r["kind_key"]}" href="#src-{r["n"]}" title="{escape(r["title"])}'
                    f'（{r["kind"]}）">[{r["n"]}]</a>' for r in refs)
    return Markup(f'<sup class="prov">{inner or _NONE_MARK}</sup>')


def _line(refs: list[dict]) -> Markup:
    """The “来源：[1] 官方发布、…” line under a section heading."""
    inner = "、".join(f'<a class="prov-{r["kind_key"]}" href="#src-{r["n"]}" title="{escape(r["title"])}">'
                     f'[{r["n"]}] {r["kind"]}</a>' for r in refs)
    return Markup(f'<p class="prov-line">来源：{inner or _NONE_LINE}</p>')


def provenance_share(item: m.Item) -> tuple[int, int]:
    """(facts stated, facts with an official or official-media source) of one item."""
    p = provenance(item)
    stated = [f for f in p if p[f]["stated"]]
    return len(stated), sum(p[f]["official"] for f in stated)


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
        return {"known": False, "free": False, "text": ASK, "basis": None, "entries": []}
    if f.free:
        return {"known": True, "free": True, "text": "不收费", "basis": cite(ruleset, f.basis), "entries": []}
    entries = [{"name": e.name, "amount": f"{e.amount} 元", "when": when(ruleset, item, "fees", i, e.when),
                "basis": cite(ruleset, e.basis)} for i, e in enumerate(f.entries)]
    return {"known": True, "free": False, "text": "收费", "basis": None, "entries": entries}


