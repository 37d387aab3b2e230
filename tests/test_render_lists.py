"""The lists derived from the rules: indexes, 数据共享需求清单, 电子证照清单, presence, task progress."""

from __future__ import annotations

from datetime import date

import pytest

from tongban_rules.load.loader import load_rules
from tongban_rules.render import lists, views
from tongban_rules.render import regional as regions
from tongban_rules.render.flow import diagram, wrap
from tongban_rules.render.pages import Site

from .conftest import ROOT
from .test_render import golden_rules


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    return Site.build(load_rules(golden_rules(tmp_path_factory.mktemp("lists") / "rules")))


def test_indexes(site: Site) -> None:
    theme = lists.by_theme(site)
    assert [(g["title"], [r["id"] for r in g["rows"]]) for g in theme["groups"]] == [
        ("就业", ["online-demo"]), ("社保", ["online-demo"]), ("户籍", ["demo-item"])]
    mode = {g["key"]: [(r["id"], r["scope"]) for r in g["rows"]] for g in lists.by_mode(site)["groups"]}
    assert mode == {"online": [("online-demo", "全国")], "proxy": [("demo-item", "川渝（四川省、重庆市）")],
                    "joint": [("online-demo", "川渝（四川省、重庆市）")]}
    scope = [(g["key"], g["title"]) for g in lists.by_scope(site)["groups"]]
    assert scope == [("nationwide", "全国通办"), ("group:chuanyu", "区域通办：川渝")]
    dept = [g["title"] for g in lists.by_department(site)["groups"]]
    assert dept == ["示例民政厅", "示例公安厅"]  # sorted by department id: civil, police


def test_data_sharing_aggregates_needs(site: Site) -> None:
    view = lists.data_sharing(site)
    assert [(r["needs"], r["provides"], r["data"], r["count"]) for r in view["rows"]] == [
        ("示例公安厅", "示例民政厅", "申请信息", 1)]
    assert view["rows"][0]["uses"][0]["material"] == "申请表"
    assert view["providers"] == [{"name": "示例民政厅", "count": 1}]


def test_licences_issued_and_accepted(site: Site) -> None:
    (row,) = lists.licences(site)["rows"]
    assert row["name"] == "居民身份证电子证照" and row["issuer"] == "示例公安厅"
    assert [x["item"] for x in row["issued"]] == ["示例网办事项"]
    assert sorted(x["item"] for x in row["accepted"]) == ["示例事项", "示例网办事项"]


def test_presence_list_names_the_provision(site: Site) -> None:
    view = lists.presence(site)
    (row,) = view["rows"]
    assert row["item"] == "示例事项" and row["visits"] == 1
    assert row["basis"]["text"] == "《示例条例》第二条" and row["basis"]["presence"] is True
    assert row["kind"] == "行政法规" and row["clean_up"] is False and view["clean_up_count"] == 0


def test_progress_without_and_with_as_of(site: Site) -> None:
    view = lists.progress(site)
    assert view["as_of"] == "" and view["batches"] == [
        {"name": "第一批", "deadline": "2020-12-31", "document": "", "planned": "—", "tasks": 1, "encoded": 1,
         "reviewed": 0, "modes_met": 1, "overdue": 0}]
    dated = Site.build(site.ruleset, date(2025, 6, 1))
    assert lists.progress(dated)["batches"][0]["overdue"] == 0  # encoded and a mode offered: done
    task_view = lists._task_state(dated, site.ruleset.tasklist.tasks[0])
    assert task_view["done"] and task_view["modes"] == "异地代收代办"


def test_progress_counts_overdue_tasks_of_the_bundled_list() -> None:
    rules = load_rules(ROOT / "rules")
    before, after = (lists.progress(Site.build(rules, d)) for d in (date(2020, 12, 1), date(2026, 1, 5)))
    assert sum(b["overdue"] for b in before["batches"]) == 0
    overdue = [t for t in after["tasks"] if t["overdue"]]
    assert all(not t["done"] for t in overdue)
    assert sum(b["overdue"] for b in after["batches"]) == len(overdue) > 0


def test_window_notice(site: Site) -> None:
    note = regions.notice(site, "510104")
    (window,) = note["windows"]
    assert window["name"] == "锦江区政务服务中心" and window["hours"] == ""
    assert [r["id"] for r in window["rows"]] == ["demo-item"] and note["unassigned"] == []
    assert window["rows"][0]["modes"] == "异地代收代办"


def test_when_in_words(site: Site) -> None:
    item = site.items["demo-item"]
    mats = views.materials(site.ruleset, item)
    assert mats[1]["when"] == {"text": "“申请原因”为“丢失”", "code": ""}
    fee = views.fees(site.ruleset, item)["entries"][0]
    assert fee["when"]["text"] == "“申请原因”为“有效期满”"


def test_flow_layout() -> None:
    text = "居住地公安机关异地受理点 accepts the form" * 3
    lines = wrap(text, 21)
    assert "".join(lines) == text and len(lines) > 1
    assert all(sum(1 if ord(c) > 0x2E80 else 0.55 for c in line) <= 21 for line in lines)
    steps = [{"n": 1, "name": "申请", "actor": "申请人", "limit": "", "presence": True},
             {"n": 2, "name": "审核", "actor": "", "limit": "3个工作日", "presence": False}]
    flow = diagram(steps)
    assert [b["presence"] for b in flow["boxes"]] == [True, False] and len(flow["arrows"]) == 1
    assert flow["boxes"][1]["y"] > flow["boxes"][0]["y"] + flow["boxes"][0]["h"]
    assert flow["summary"] == "申请 → 审核" and diagram([]) is None
