"""View models of a region's pages: its 实施清单 overview and the 跨省通办窗口公示 (window notice).

The notice lists, per window, what 川办发〔2020〕76号 (七) says a hall must publish: item names,
service hours, phones, 办事须知 (the local notes), booking, and services for the elderly and the
disabled.  A fact the list does not state is left out, never guessed.
"""

from __future__ import annotations

from ..model import items as m
from ..regions import modes_at
from . import views as v


def local_href(code: str, item_id: str) -> str:
    return f"regions/{code}/items/{item_id}/index.html"


def _entries(site, code: str) -> list[tuple[m.ImplementedItem, m.Item]]:
    impl = site.ruleset.implementations[code]
    return [(e, site.items[e.item]) for e in sorted(impl.items, key=lambda e: e.item) if e.item in site.items]


def _item_row(site, code: str, entry: m.ImplementedItem, item: m.Item) -> dict:
    rs = site.ruleset
    here = modes_at(rs, item, code)
    return {"id": item.id, "name": item.name, "href": local_href(code, item.id),
            "modes": "、".join(m.MODES[x] for x in here) or "本地不在通办范围内或未提供跨省通办方式",
            "promised": _promised(rs, entry, item),
            "code": entry.implementation_code or "", "notes": entry.notes or "",
            "presence": "需到现场" if item.presence.required else "无需到现场"}


def _promised(rs, entry: m.ImplementedItem, item: m.Item) -> str:
    """The promise a window keeps: the local one, else the item's (with where it was promised)."""
    shown = v.limit(rs, entry.promised_limit or item.promised_limit)
    whose = "本地承诺" if entry.promised_limit else shown["set_by"]
    return shown["text"] + (f"（{whose}）" if whose else "")


def region_page(site, code: str) -> dict:
    rs = site.ruleset
    impl = rs.implementations[code]
    rows = [_item_row(site, code, e, it) for e, it in _entries(site, code)]
    return {"code": code, "name": rs.regions.name(code), "list_name": impl.name,
            "title": f"{impl.name}跨省通办事项", "rows": rows,
            "offices": [v.office(rs, o) for o in sorted(impl.offices, key=lambda o: o.id)],
            "sources": v.sources(impl.sources)}


def notice(site, code: str) -> dict:
    """跨省通办窗口公示: one block per window with its items; items without a window last."""
    rs = site.ruleset
    impl = rs.implementations[code]
    entries = _entries(site, code)
    windows = []
    for o in sorted(impl.offices, key=lambda o: o.id):
        rows = [_item_row(site, code, e, it) for e, it in entries if o.id in e.offices]
        windows.append(v.office(rs, o) | {"rows": rows})
    unassigned = [_item_row(site, code, e, it) for e, it in entries if not e.offices]
    return {"code": code, "name": rs.regions.name(code), "list_name": impl.name,
            "title": f"{impl.name}“跨省通办”窗口公示", "windows": windows, "unassigned": unassigned,
            "count": len(entries)}
