"""The page plan: which files the site has, and the view and template of each.

``Site`` fixes what one run renders (the version of each item chosen by ``as_of``, the contacts
of every item from the implementation lists) before anything is written.  Work is cut into
*units* — one item, one (region, item) pair, or one site-wide page — that a ``Renderer`` turns
into ``(relative path, text)`` pairs.  A unit depends only on the ``Site``, so units can be
rendered in any order, in any process, and the files come out the same.

Layout of the output (all paths relative to the output folder)::

    index.html                          home: every item, the indexes, lists and regions
    assets/style.css                    the one stylesheet (screen, phone, print A4)
    assets/selfcheck*.js | .css         the in-page self-check (自助预审, ``render.selfcheck``)
    assets/items/<id>.json              its data: the item's versions as a JSON AST, and the calendar
    assets/selfcheck-regions.json       region names for its region pickers
    items/<id>/index.html | guide.md    办事指南 (HTML, Markdown)
    items/<id>/item.json                the chosen version, model_dump(mode="json"), sorted keys
    items/<id>/versions/<date>.json     each other version, by effective_from
    items/<id>/online.html              全程网办操作指南 (items offering online)
    items/<id>/proxy.html               代收代办窗口核对单 (items offering proxy)
    search.html                         search (static/search.js over assets/search-index.js, see search.py)
    by/theme|department|mode|scope.html indexes
    lists/<name>.html | <name>.json     data-sharing, licences, presence, progress
    regions/index.html                  regions with an implementation list
    regions/<code>/index.html           the region's items and windows
    regions/<code>/notice.html          跨省通办窗口公示 (printable, A4)
    regions/<code>/items/<id>/…         the regional guides (index.html, guide.md, online.html, proxy.html)
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic_core import to_json

from ..load.ruleset import RuleSet
from ..model import items as m
from . import flow, lists, search, selfcheck
from . import guide as gd
from . import regional as regions
from . import sections as sec
from . import views as v

Unit = tuple[str, ...]
Written = list[tuple[str, str]]


@dataclass(frozen=True, kw_only=True)
class Site:
    ruleset: RuleSet
    as_of: date | None
    items: Mapping[str, m.Item]  # id -> the version rendered, by id
    inactive: tuple[str, ...]  # ids with no version in force on as_of
    contacts: Mapping[str, tuple[dict, ...]]  # item id -> windows implementing it, all regions
    region_codes: tuple[str, ...]

    @property
    def as_of_text(self) -> str:
        return self.as_of.isoformat() if self.as_of else ""

    @classmethod
    def build(cls, ruleset: RuleSet, as_of: date | None = None) -> Site:
        chosen = {i: v.select_version(ruleset, i, as_of) for i in ruleset.item_ids()}
        items = {i: it for i, it in chosen.items() if it is not None}
        contacts: dict[str, list[dict]] = {}
        for code in sorted(ruleset.implementations):
            impl = ruleset.implementations[code]
            offices = {o.id: o for o in impl.offices}
            for entry in sorted(impl.items, key=lambda e: e.item):
                for oid in sorted(entry.offices):
                    if oid in offices:
                        contacts.setdefault(entry.item, []).append(v.office(ruleset, offices[oid]))
        return cls(ruleset=ruleset, as_of=as_of, items=items, inactive=tuple(i for i, it in chosen.items() if it is None),
                   contacts={k: tuple(c) for k, c in contacts.items()},
                   region_codes=tuple(sorted(ruleset.implementations)))

    def units(self) -> list[Unit]:
        """Every unit of work, in a fixed order: site-wide pages (the large ones, so that they run
        beside the items in a pool), regions, items, regional guides."""
        out: list[Unit] = [("index", k) for k in lists.INDEXES]
        out += [("list", k) for k in lists.LISTS]
        out += [("home",), ("search",), ("regions",), ("selfcheck",)] + [("region", code) for code in self.region_codes]
        out += [("item", i) for i in self.items]
        for code in self.region_codes:
            impl = self.ruleset.implementations[code]
            out += [("local", code, e.item) for e in sorted(impl.items, key=lambda e: e.item) if e.item in self.items]
        return out


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(x) for x in value]
    return value


def item_json(item: m.Item) -> str:
    """``model_dump(mode="json")`` with sorted keys, two-space indent — the same text as
    ``json.dumps(..., ensure_ascii=False, sort_keys=True, indent=2)``, serialised by pydantic-core
    (twice as fast; a test holds the two equal)."""
    return to_json(_sorted(item.model_dump(mode="json")), indent=2).decode("utf-8") + "\n"


def _source_path(ruleset: RuleSet, item: m.Item) -> str:
    origin = ruleset.origin(item)
    if origin is None:
        return ""
    path = Path(origin.source.path)
    try:
        # the folder is resolved once per folder (resolving every file path was 4 % of a render)
        return Path("rules", (_resolved(path.parent) / path.name).relative_to(_resolved(ruleset.root))).as_posix()
    except ValueError:
        return path.name


@functools.lru_cache(maxsize=256)
def _resolved(root) -> Path:
    return Path(root).resolve()


class Renderer:
    """Renders units with one environment (one ``Renderer`` per process)."""

    def __init__(self, site: Site, env):
        self.site, self.env = site, env
        self.selfcheck = selfcheck.Exporter(site.ruleset)

    def unit(self, unit: Unit) -> Written:
        kind, *args = unit
        return getattr(self, f"_{kind}")(*args)

    def page(self, template: str, rel: str, view: dict, crumbs: list[tuple[str, str]]) -> tuple[str, str]:
        root = "../" * rel.count("/")
        env = self.env.markdown if template.endswith(".md") else self.env
        text = env.get_template(template).render(
            page=view, root=root, as_of=self.site.as_of_text, crumbs=[{"label": a, "href": b} for a, b in crumbs])
        return rel, text

    # ---------------------------------------------------------------- item guides

    def _guides(self, item: m.Item, base: str, local: dict | None, crumbs: list[tuple[str, str]]) -> Written:
        rs, root = self.site.ruleset, "../" * base.count("/")
        contacts = list(local["offices"]) if local else list(self.site.contacts.get(item.id, ()))
        view = gd.guide(rs, item, contacts=contacts, local=local, root=root, source_path=_source_path(rs, item))
        view["flow"] = flow.diagram(view["process"])
        view["json_href"] = f"{root}items/{item.id}/item.json"
        out = [self.page("guide.html", f"{base}index.html", view, crumbs + [(item.name, "")]),
               self.page("guide.md", f"{base}guide.md", view, [])]
        here = f"{base}index.html"
        if item.modes.online:
            online = gd.online_guide(rs, item, view)
            out.append(self.page("online.html", f"{base}online.html", online,
                                 crumbs + [(item.name, here), ("全程网办操作指南", "")]))
        if item.modes.proxy:
            checklist = gd.proxy_checklist(rs, item, view)
            out.append(self.page("proxy.html", f"{base}proxy.html", checklist,
                                 crumbs + [(item.name, here), ("代收代办窗口核对单", "")]))
        return out

    def _item(self, item_id: str) -> Written:
        item = self.site.items[item_id]
        out = self._guides(item, f"items/{item_id}/", None, [("首页", "index.html")])
        out.append((f"items/{item_id}/item.json", item_json(item)))
        out.append((f"assets/items/{item_id}.json", self.selfcheck.item_json(item_id)))
        out += [(f"items/{item_id}/versions/{ver.effective_from.isoformat()}.json", item_json(ver))
                for ver in self.site.ruleset.items[item_id] if ver is not item]
        return out

    def _local(self, code: str, item_id: str) -> Written:
        rs, item = self.site.ruleset, self.site.items[item_id]
        impl = rs.implementations[code]
        entry = next(e for e in impl.items if e.item == item_id)
        local = sec.local_facts(rs, impl, entry, item)
        crumbs = [("首页", "index.html"), ("地区", "regions/index.html"), (impl.name, f"regions/{code}/index.html")]
        return self._guides(item, f"regions/{code}/items/{item_id}/", local, crumbs)

    # ---------------------------------------------------------------- site-wide pages

    def _region(self, code: str) -> Written:
        page, note = regions.region_page(self.site, code), regions.notice(self.site, code)
        crumbs = [("首页", "index.html"), ("地区", "regions/index.html")]
        return [self.page("region.html", f"regions/{code}/index.html", page, crumbs + [(page["list_name"], "")]),
                self.page("notice.html", f"regions/{code}/notice.html", note,
                          crumbs + [(page["list_name"], f"regions/{code}/index.html"), ("窗口公示", "")])]

    def _index(self, key: str) -> Written:
        view = lists.INDEXES[key](self.site) | {"key": key}
        view["drafts"] = len({r["id"] for g in view["groups"] for r in g["rows"] if r["draft"]})
        return [self.page("by.html", f"by/{key}.html", view, [("首页", "index.html"), (view["title"], "")])]

    def _list(self, key: str) -> Written:
        view = lists.LISTS[key](self.site)
        data = json.dumps(view, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
        return [self.page(f"list_{key.replace('-', '_')}.html", f"lists/{key}.html", view,
                          [("首页", "index.html"), (view["title"], "")]),
                (f"lists/{key}.json", data)]

    def _home(self) -> Written:
        site = self.site
        reviewed = sum(it.status == "reviewed" for it in site.items.values())
        view = {"title": "政务服务“跨省通办”办事指南", "rows": [lists.item_row(site, it) for it in site.items.values()],
                "reviewed": reviewed, "drafts": len(site.items) - reviewed,
                "inactive": [{"id": i, "name": site.ruleset.latest(i).name} for i in site.inactive],
                "indexes": [{"href": f"by/{k}.html", "title": t} for k, t in lists.INDEX_TITLES.items()],
                "lists": [{"href": f"lists/{k}.html", "title": t} for k, t in LIST_TITLES.items()],
                "regions": self._region_links()}
        return [self.page("home.html", "index.html", view, [])]

    def _selfcheck(self) -> Written:
        return [("assets/selfcheck-regions.json", self.selfcheck.regions_json())]

    def _search(self) -> Written:
        view = {"title": "搜索事项", "count": len(self.site.items)}
        return [self.page("search.html", "search.html", view, [("首页", "index.html"), ("搜索", "")]),
                ("assets/search-index.js", search.script(self.site))]

    def _regions(self) -> Written:
        view = {"title": "各地跨省通办实施清单", "regions": self._region_links()}
        return [self.page("regions.html", "regions/index.html", view, [("首页", "index.html"), ("地区", "")])]

    def _region_links(self) -> list[dict]:
        rs = self.site.ruleset
        return [{"code": c, "name": rs.implementations[c].name, "href": f"regions/{c}/index.html",
                 "notice": f"regions/{c}/notice.html",
                 "count": sum(1 for e in rs.implementations[c].items if e.item in self.site.items)}
                for c in self.site.region_codes]


LIST_TITLES = {"data-sharing": "数据共享需求清单", "licences": "电子证照清单",
               "presence": "要求到现场办理的规定（法规清理用）", "progress": "任务清单进度"}
