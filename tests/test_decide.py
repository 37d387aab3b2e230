"""Decisions on the minimal rule set: outcomes, three-valued logic, materials, fees, routing, errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tongban_rules import DecisionError, load_rules

from .conftest import MINIMAL, demo_item_text
from .patching import with_item

ON = date(2025, 6, 2)  # a Monday inside 端午 2025 (5/31–6/2)


@pytest.fixture(scope="module")
def ruleset():
    return load_rules(MINIMAL)


def decide(ruleset, facts, region="510104", on=ON):
    return ruleset.decide("demo-item", facts, region=region, on=on)


def test_eligible_with_everything_supplied(ruleset) -> None:
    d = decide(ruleset, {"age": 30, "reason": "expired", "hukou_region": "500112"})
    assert d.outcome == "eligible" and d.missing_facts == ()
    assert d.conditions[0] == {"id": "adult", "status": "passed", "text": "年满16周岁",
                               "basis": [{"law": "demo-law", "title": "示例条例", "article": "第一条"}]}


def test_failed_condition_makes_ineligible(ruleset) -> None:
    d = decide(ruleset, {"age": 15})
    assert d.outcome == "ineligible" and d.conditions[0]["status"] == "failed"
    assert d.missing_facts == ()


def test_missing_fact_is_unknown_not_false(ruleset) -> None:
    d = decide(ruleset, {"reason": "lost"})
    assert d.outcome == "undetermined"
    assert d.conditions[0]["status"] == "unknown"
    assert d.missing_facts == ("age",)


def test_none_counts_as_not_supplied(ruleset) -> None:
    assert decide(ruleset, {"age": None}).missing_facts == ("age",)


def test_materials_follow_required_when(ruleset) -> None:
    expired = decide(ruleset, {"age": 30, "reason": "expired"})
    lost = decide(ruleset, {"age": 30, "reason": "lost"})
    unknown = decide(ruleset, {"age": 30})
    assert [m["id"] for m in expired.materials] == ["id-card"]
    assert [m["id"] for m in lost.materials] == ["id-card", "application-form"]
    assert lost.materials[1]["shared_data"]["department_name"] == "示例民政厅"
    assert [m["required"] for m in lost.materials] == [True, True]
    assert unknown.materials[1]["required"] is None
    assert unknown.materials[1]["residual"]["en"] == 'reason is "lost"'
    assert "residual" not in lost.materials[1]
    assert expired.materials[0]["licences"] == [{"id": "e-id-card", "name": "居民身份证电子证照"}]


@pytest.mark.parametrize(("reason", "total", "entries"), [("expired", "20", ["renew"]), ("lost", "40", ["lost"])])
def test_fee_entries_apply_by_condition(ruleset, reason, total, entries) -> None:
    fee = decide(ruleset, {"age": 30, "reason": reason}).fee
    assert fee["total"] == total and [e["id"] for e in fee["entries"]] == entries
    assert fee["entries"][0]["basis"]["law"] == "demo-pricing"


def test_fee_pending_while_reason_unknown(ruleset) -> None:
    fee = decide(ruleset, {"age": 30}).fee
    assert fee["total"] is None and [e["id"] for e in fee["pending"]] == ["renew", "lost"]


def test_due_dates_count_working_days_from_the_calendar(ruleset) -> None:
    limits = decide(ruleset, {}).time_limits
    assert limits["legal"]["due"] == "2025-06-30"  # 20 working days after 6/2
    assert limits["promised"]["due"] == "2025-06-16"


def test_routing_cross_province(ruleset) -> None:
    cross = decide(ruleset, {"hukou_region": "500112"}).routing
    same = decide(ruleset, {"hukou_region": "510104"}).routing
    unknown = decide(ruleset, {}).routing
    assert (cross["cross_province"], same["cross_province"], unknown["cross_province"]) == (True, False, None)
    assert cross["transfer"] == "邮政寄递" and "transfer" not in same
    assert cross["offices"] == [{"id": "hall", "name": "锦江区政务服务中心", "region": "510104"}]
    assert decide(ruleset, {}, region="500112").routing["offices"] == []


def test_modes_depend_on_scope(ruleset) -> None:
    assert decide(ruleset, {}, region="510104").modes == ("proxy",)
    beijing = decide(ruleset, {}, region="110000")
    assert beijing.modes == () and beijing.routing["in_scope"] is False


def test_fact_order_does_not_matter(ruleset) -> None:
    facts = {"age": 30, "reason": "lost", "hukou_region": "500112"}
    backwards = dict(reversed(list(facts.items())))
    assert decide(ruleset, facts).to_dict() == decide(ruleset, backwards).to_dict()


def test_to_dict_is_json_ready(ruleset) -> None:
    data = decide(ruleset, {"age": 30, "reason": "lost", "hukou_region": "500112"}).to_dict()
    again = json.loads(json.dumps(data, ensure_ascii=False))
    assert again == data
    assert set(data) >= {"outcome", "conditions", "missing_facts", "materials", "modes", "routing",
                         "time_limits", "fee", "provenance"}
    assert data["provenance"]["on"] == "2025-06-02" and len(data["provenance"]["rules_digest"]) == 64


@pytest.mark.parametrize(("call", "code"), [
    (lambda r: r.decide("no-such-item", {}, region="510104", on=ON), "TB411"),
    (lambda r: r.decide("demo-item", {}, region="510104", on="2025-06-02"), "TB412"),
    (lambda r: r.decide("demo-item", {}, region="510104", on=date(2024, 6, 3)), "TB413"),
    (lambda r: r.decide("demo-item", {}, region="999999", on=ON), "TB414"),
    (lambda r: r.decide("demo-item", {}, region=510104, on=ON), "TB414"),
    (lambda r: r.decide("demo-item", {"height": 3}, region="510104", on=ON), "TB415"),
    (lambda r: r.decide("demo-item", {"age": "30"}, region="510104", on=ON), "TB410"),
    (lambda r: r.decide("demo-item", {"age": True}, region="510104", on=ON), "TB410"),
    (lambda r: r.decide("demo-item", {"reason": "stolen"}, region="510104", on=ON), "TB410"),
    (lambda r: r.decide("demo-item", {"hukou_region": "5100"}, region="510104", on=ON), "TB414"),
    (lambda r: r.decide("demo-item", {"hukou_region": 510104}, region="510104", on=ON), "TB410"),
    (lambda r: r.decide("demo-item", [], region="510104", on=ON), "TB410"),
    (lambda r: r.decide("demo-item", {}, region="510104", on=date(2026, 12, 15)), "TB401"),
])
def test_bad_requests_raise_one_documented_error(ruleset, call, code) -> None:
    with pytest.raises(DecisionError) as caught:
        call(ruleset)
    assert caught.value.code == code and caught.value.message and caught.value.message_en


def test_versions_are_selected_by_date(rules: Path) -> None:
    text = demo_item_text()
    old = text.replace("effective_from: 2025-01-01", "effective_from: 2024-01-01\neffective_until: 2025-01-01")
    old = old.replace("when: age >= 16", "when: age >= 18").replace("年满16周岁", "年满18周岁")
    (rules / "items/demo/demo-item@2024-01-01.yaml").write_text(old, encoding="utf-8")
    ruleset = load_rules(rules)
    assert [v.effective_from.year for v in ruleset.items["demo-item"]] == [2024, 2025]
    # 2024 is outside the calendar, so ask about the rule only through the version lookup …
    assert ruleset.version("demo-item", date(2024, 12, 31)).conditions[0].when == "age >= 18"
    # … and decide on the new version from 2025-01-01
    assert ruleset.decide("demo-item", {"age": 17}, region="510104", on=date(2025, 1, 2)).outcome == "eligible"


def test_expression_errors_are_positioned_diagnostics(rules: Path) -> None:
    from tongban_rules import validate

    path = rules / "items/demo/demo-item.yaml"
    text = demo_item_text().replace("when: age >= 16", "when: agee >= 16 and reason == 3")
    path.write_text(text, encoding="utf-8")
    found = [(d.code, d.line, d.column) for d in validate(rules)]
    line = text[: text.index("agee")].count("\n") + 1
    col = text.index("agee") - text.rfind("\n", 0, text.index("agee"))
    reason_col = text.index("reason == 3") - text.rfind("\n", 0, text.index("reason == 3"))
    assert found == [("TB403", line, col), ("TB404", line, reason_col)]


def test_batch_equals_one_by_one(ruleset) -> None:
    many = [{"age": a, "reason": r, "hukou_region": h} for a in (10, 30, None) for r in ("expired", "lost")
            for h in ("500112", "510104")] + [{}]
    batch = ruleset.decide_batch("demo-item", many, region="510104", on=ON)
    assert [d.to_dict() for d in batch] == [decide(ruleset, f).to_dict() for f in many]


def test_item_with_expression_errors_cannot_decide(rules: Path) -> None:
    from tongban_rules.load.loader import load_tree

    path = rules / "items/demo/demo-item.yaml"
    path.write_text(demo_item_text().replace("when: age >= 16", "when: agee >= 16"), encoding="utf-8")
    ruleset, diags = load_tree(rules)
    assert [d.code for d in diags] == ["TB403"]
    with pytest.raises(DecisionError) as caught:
        ruleset.decide("demo-item", {}, region="510104", on=ON)
    assert caught.value.code == "TB416"


def test_a_promise_made_elsewhere_says_where(rules: Path) -> None:
    with_item(rules, "promised_limit: {value: 10, unit: working_days}",
              'promised_limit: {value: 10, unit: working_days, set_by: ["500112"]}')
    limits = decide(load_rules(rules), {"age": 30}).to_dict()["time_limits"]
    assert limits["promised"]["set_by"] == [{"code": "500112", "name": "重庆市渝北区"}]
    assert limits["promised"]["due"] == "2025-06-16" and "set_by" not in limits["legal"]


def test_an_items_own_promise_names_no_place(ruleset) -> None:
    assert "set_by" not in decide(ruleset, {"age": 30}).to_dict()["time_limits"]["promised"]
