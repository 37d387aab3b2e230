"""View models of the indexes and the lists derived from the rules (never kept by hand).

* indexes of items by theme (服务主题), department, handling mode and scope (通办范围);
* 数据共享需求清单 — every material that shared data replaces: who needs what from whom;
* 电子证照清单 — licences issued (``results[].licence``) and accepted (``materials[].licences``);
* provisions forcing presence — for the legal clean-up of 川办发〔2020〕76号 (九);
* task-list progress (任务清单) per batch, with "overdue" only when a date is given.

Every function takes the ``Site`` (the versions chosen for the run) and returns plain dicts;
hrefs are relative to the site root.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Protocol, cast

from ..load.ruleset import RuleSet
from ..model import items as m
from . import views as v


class SiteView(Protocol):
    """What the lists read of ``pages.Site`` (which imports this module)."""

    @property
    def ruleset(self) -> RuleSet: ...
    @property
    def as_of(self) -> date | None: ...
    @property
    def items(self) -> Mapping[str, m.Item]: ...
    @property
    def as_of_text(self) -> str: ...


def item_href(item_id: str) -> str:
    return f"items/{item_id}/index.html"


def item_row(site: SiteView, item: m.Item) -> dict:
    rs = site.ruleset
    return {"id": item.id, "name": item.name, "href": item_href(item.id), "code": item.catalog_code or "",
            "department": v.department_name(rs, item.department),
            "modes": "、".join(m.MODES[x] for x in item.modes.offered()) or "未提供跨省通办方式",
            "scope": v.scope_text(rs, item.scope), "draft": item.status == "draft",
            "presence": "需到现场" if item.presence.required else "无需到现场"}


INDEX_TITLES = {"theme": "按服务主题", "department": "按实施部门", "mode": "按办理方式", "scope": "按通办范围"}


def _groups(site: SiteView, keyed: dict[str, list], titles: dict[str, str]) -> list[dict]:
    return [{"key": key, "title": titles[key], "rows": [item_row(site, it) | extra for it, extra in keyed[key]]}
            for key in titles if keyed.get(key)]


def by_theme(site: SiteView) -> dict:
    keyed: dict[str, list] = {}
    for item in site.items.values():
        for theme in item.themes:
            keyed.setdefault(theme, []).append((item, {}))
    return {"title": INDEX_TITLES["theme"], "groups": _groups(site, keyed, m.THEMES)}


def by_department(site: SiteView) -> dict:
    keyed: dict[str, list] = {}
    for item in site.items.values():
        keyed.setdefault(item.department, []).append((item, {}))
    titles = {d: v.department_name(site.ruleset, d) for d in sorted(keyed)}
    return {"title": INDEX_TITLES["department"], "groups": _groups(site, keyed, titles)}


def by_mode(site: SiteView) -> dict:
    keyed: dict[str, list] = {}
    for item in site.items.values():
        offered = item.modes.offered()
        for name in offered:
            scope = getattr(item.modes, name).scope or item.scope
            keyed.setdefault(name, []).append((item, {"scope": v.scope_text(site.ruleset, scope)}))
        if not offered:
            keyed.setdefault("none", []).append((item, {}))
    return {"title": INDEX_TITLES["mode"], "groups": _groups(site, keyed, {**m.MODES, "none": "未提供跨省通办方式"})}


def _scope_key(site: SiteView, scope: m.Scope) -> tuple[str, str]:
    rs = site.ruleset
    # ``Scope`` validates that a group scope names its group and 省内 its province
    if scope.kind == "group":
        group_id = cast(str, scope.group)
        group = rs.regions.groups().get(group_id)
        return f"group:{group_id}", f"区域通办：{group.name if group else group_id}"
    if scope.kind == "intra_province":
        province = cast(str, scope.province)
        return f"intra:{province}", f"省内通办：{rs.regions.name(province)}"
    return scope.kind, v.SCOPE_KINDS[scope.kind]


def by_scope(site: SiteView) -> dict:
    keyed: dict[str, list] = {}
    titles: dict[str, str] = {}
    for item in site.items.values():
        key, title = _scope_key(site, item.scope)
        titles[key] = title
        keyed.setdefault(key, []).append((item, {}))
    order = {"nationwide": 0, "group": 1, "provinces": 2, "intra": 3}
    ordered = dict(sorted(titles.items(), key=lambda kv: (order[kv[0].split(":")[0]], kv[0])))
    return {"title": INDEX_TITLES["scope"], "groups": _groups(site, keyed, ordered)}


INDEXES = {"theme": by_theme, "department": by_department, "mode": by_mode, "scope": by_scope}


# ------------------------------------------------------------------ derived lists


def data_sharing(site: SiteView) -> dict:
    """数据共享需求清单: (needing department, providing department, data) → items and materials."""
    rs = site.ruleset
    rows: dict[tuple[str, str, str], list[dict]] = {}
    for item in site.items.values():
        for use in item.materials:
            if use.shared_data:
                key = (item.department, use.shared_data.department, use.shared_data.data)
                rows.setdefault(key, []).append({"item": item.name, "href": item_href(item.id),
                                                 "material": v.material_name(rs, use.material)})
    out: list[dict] = [{"needs": v.department_name(rs, a), "provides": v.department_name(rs, b), "data": data,
            "uses": uses, "count": len(uses)} for (a, b, data), uses in sorted(rows.items())]
    providers: dict[str, int] = {}
    for row in out:
        providers[row["provides"]] = providers.get(row["provides"], 0) + row["count"]
    return {"title": "数据共享需求清单", "rows": out,
            "providers": [{"name": k, "count": n} for k, n in sorted(providers.items())]}


def licences(site: SiteView) -> dict:
    """电子证照清单: for each licence type, the items issuing it and the items accepting it."""
    rs = site.ruleset
    issued: dict[str, list[dict]] = {}
    accepted: dict[str, list[dict]] = {}
    for item in site.items.values():
        link = {"item": item.name, "href": item_href(item.id)}
        for result in item.results:
            if result.licence:
                issued.setdefault(result.licence, []).append(link | {"what": result.name})
        for use in item.materials:
            for lic in use.licences:
                accepted.setdefault(lic, []).append(link | {"what": v.material_name(rs, use.material)})
    rows = []
    for lic_id in sorted(set(rs.licences) | set(issued) | set(accepted)):
        licence = rs.licences.get(lic_id)
        rows.append({"id": lic_id, "name": v.licence_name(rs, lic_id),
                     "issuer": v.department_name(rs, licence.issuer) if licence else "",
                     "issued": issued.get(lic_id, []), "accepted": accepted.get(lic_id, [])})
    return {"title": "电子证照清单", "rows": rows}


def presence(site: SiteView) -> dict:
    """Every item that requires presence, with the provision that requires it."""
    rs = site.ruleset
    rows: list[dict] = []
    for item in site.items.values():
        p = item.presence
        if not p.required:
            continue
        basis = v.cite(rs, p.basis)
        rows.append({"item": item.name, "href": item_href(item.id), "department": v.department_name(rs, item.department),
                     "visits": "" if p.visits is None else p.visits, "reason": p.reason or "", "basis": basis,
                     "kind": basis["kind"] if basis else "",
                     "clean_up": bool(basis and basis["kind_key"] in v.CLEAN_UP_KINDS),
                     "modes": "、".join(m.MODES[x] for x in item.modes.offered()) or "无",
                     "sort": (basis["title"] if basis else "", basis["article"] if basis else "", item.id)})
    rows.sort(key=lambda r: r["sort"])
    for row in rows:
        del row["sort"]
    return {"title": "要求到现场办理的规定（法规清理用）", "rows": rows,
            "clean_up_count": sum(r["clean_up"] for r in rows)}


def _task_state(site: SiteView, task: m.Task) -> dict:
    items = [site.items[i] for i in task.items if i in site.items]
    offered = {x for it in items for x in it.modes.offered()}
    encoded = bool(items)
    modes_met = encoded and (set(task.modes) <= offered if task.modes else bool(offered))
    return {"encoded": encoded, "reviewed": encoded and all(it.status == "reviewed" for it in items),
            "modes_met": modes_met, "done": encoded and modes_met,
            "links": [{"name": it.name, "href": item_href(it.id)} for it in items],
            "modes": "、".join(m.MODES[x] for x in sorted(offered, key=list(m.MODES).index)) or "无"}


def progress(site: SiteView) -> dict:
    """任务清单 progress per batch; ``overdue`` only when ``site.as_of`` is given."""
    tl = site.ruleset.tasklist
    if tl is None:
        return {"title": "任务清单进度", "batches": [], "tasks": [], "as_of": site.as_of_text, "list_title": "",
                "document": ""}
    batches = {b.id: b for b in tl.batches}
    tasks: list[dict] = []
    per_batch: dict[str, list[dict]] = {b.id: [] for b in tl.batches}
    for task in tl.tasks:
        state = _task_state(site, task)
        deadline = task.deadline or (batches[task.batch].deadline if task.batch in batches else None)
        state["overdue"] = bool(site.as_of and deadline and deadline < site.as_of and not state["done"])
        state.update(name=task.name, batch=batches[task.batch].name if task.batch in batches else task.batch,
                     deadline=deadline.isoformat() if deadline else "未定",
                     required_modes="、".join(m.MODES[x] for x in task.modes) or "未列明", note=task.note or "")
        tasks.append(state)
        per_batch.setdefault(task.batch, []).append(state)
    rows = []
    for b in tl.batches:
        ts = per_batch.get(b.id, [])
        rows.append({"name": b.name, "deadline": b.deadline.isoformat() if b.deadline else "未定",
                     "document": b.document or "", "planned": b.planned_count if b.planned_count is not None else "—",
                     "tasks": len(ts), "encoded": sum(t["encoded"] for t in ts),
                     "reviewed": sum(t["reviewed"] for t in ts), "modes_met": sum(t["modes_met"] for t in ts),
                     "overdue": sum(t["overdue"] for t in ts)})
    return {"title": "任务清单进度", "list_title": tl.title, "document": tl.document or "", "batches": rows,
            "tasks": tasks, "as_of": site.as_of_text}


LISTS = {"data-sharing": data_sharing, "licences": licences, "presence": presence, "progress": progress}
