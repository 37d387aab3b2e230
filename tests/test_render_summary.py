"""The summary card (办事要点) at the top of every guide, and what a guide says when a fact is missing."""

from __future__ import annotations

import pytest

from tongban_rules.load.loader import load_rules
from tongban_rules.render import guide as gd
from tongban_rules.render import sections, views
from tongban_rules.render.pages import Site

from .test_render import golden_rules


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    return Site.build(load_rules(golden_rules(tmp_path_factory.mktemp("summary") / "rules")))


def _card(site: Site, item_id: str, region: str | None = None) -> dict[str, str]:
    rs, item = site.ruleset, site.items[item_id]
    local = None
    if region:
        impl = rs.implementations[region]
        local = sections.local_facts(rs, impl, next(e for e in impl.items if e.item == item_id), item)
    contacts = list(local["offices"]) if local else list(site.contacts.get(item_id, ()))
    view = gd.guide(rs, item, contacts=contacts, local=local, root="../../")
    return {row["label"]: row["text"] for row in view["summary"]}


def test_the_card_answers_six_questions_in_order(site: Site) -> None:
    card = _card(site, "online-demo")
    assert list(card) == ["能否在异地办", "怎么办", "带什么", "多久", "多少钱", "去哪里"]
    assert card["能否在异地办"] == "可以：全程网办、多地联办（全国）"
    assert card["怎么办"].startswith("网上提交申请；在受理地窗口提交，两地协同办理")
    assert card["带什么"] == "居民身份证；另有1项按情形提交或可选"
    assert card["多久"] == "承诺3个工作日"  # the legal limit is not stated, so it is not mentioned
    assert card["多少钱"] == "不收费"
    assert card["去哪里"] == "网上：示例政务服务网、示例App"


def test_fees_by_case_and_the_window_of_a_region(site: Site) -> None:
    card = _card(site, "demo-item")
    assert card["多少钱"] == "换领工本费20 元（按情形）；补领工本费40 元（按情形）"
    assert card["多久"] == "承诺10个工作日，法定20个工作日"
    assert card["去哪里"] == "锦江区政务服务中心"
    local = _card(site, "demo-item", "510104")
    assert local["能否在异地办"] == "可以：在锦江区可异地代收代办"


def test_unknown_facts_ask_the_window_instead_of_a_placeholder(site: Site) -> None:
    rs = site.ruleset
    bare = site.items["demo-item"].model_copy(update={"fees": None, "legal_limit": None, "promised_limit": None,
                                                      "materials": (), "process": ()})
    view = gd.guide(rs, bare, contacts=[], root="")
    card = {row["label"]: row["text"] for row in view["summary"]}
    assert card["多少钱"] == card["多久"] == card["带什么"] == views.ASK == "以窗口公示为准"
    assert card["去哪里"] == "就近的政务服务中心跨省通办窗口（以窗口公示为准）"
    assert view["fees"]["text"] == views.ASK and not view["legal_limit"]["known"]


def test_an_office_without_facts_has_empty_fields(site: Site) -> None:
    office = next(o for o in site.ruleset.implementations["510104"].offices)
    facts = views.office(site.ruleset, office)
    assert facts["hours"] == "" and facts["booking"] == "" and facts["accessibility_text"] == ""
    assert facts["consult_phone"] == "028-12345678"
