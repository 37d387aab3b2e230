"""What-if (``decide.whatif``, ``RuleSet.what_if``, ``tongban decide --what-if``).

Properties over bundled items and generated facts: every proposal, applied, makes the case
eligible (each value of each change, with the others at their example); when nothing is
proposed, or only changes of two facts or more, no single change of a boolean or an enum fact
among its declared values makes the case eligible.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tongban_rules import DecisionError
from tongban_rules.cli.main import main
from tongban_rules.decide.schema import DECISION_SCHEMA
from tongban_rules.decide.whatif import Proposal

from .conftest import ROOT
from .test_decide_properties import ITEMS, PROPS, RULES, cases, pick, scoped

ON = date(2025, 6, 3)
MARRIAGE = {"male_birth_date": "2004-03-01", "female_birth_date": "2000-01-01", "both_present": True,
            "both_willing": True, "either_married": False, "related_by_blood": False}
ID_CARD = {"hukou_region": "510104", "stable_residence": True, "identity_confirmable": True,
           "document_fraud_record": False, "bad_credit_record": False}


def eligible(item_id: str, facts: dict, region: str, on: date) -> bool:
    try:
        return RULES.decide(item_id, facts, region=region, on=on).outcome == "eligible"
    except DecisionError:
        return False


def each_variant(p: Proposal):
    """The proposal with each value of each change, the others at their example value."""
    for i, change in enumerate(p.changes):
        for value in change.values:
            yield Proposal((*p.changes[:i], type(change)(change.kind, change.fact, (value,), change.words),
                            *p.changes[i + 1:]))


def single_changes(item, facts: dict):
    for fact in item.facts:
        values = (True, False) if fact.type == "bool" else tuple(fact.values or ()) if fact.type == "enum" else ()
        for value in values:
            if facts.get(fact.id) != value:
                yield {**facts, fact.id: value}


@pytest.mark.parametrize("item_id", ITEMS)
@PROPS
@given(data=st.data())
def test_every_proposal_makes_the_case_eligible(item_id, data) -> None:
    item, on, facts = data.draw(cases(item_id))
    region = pick(data, scoped(item, on))
    kinds = {f.id: f.type for f in item.facts}
    assume(all(RULES.regions.is_known(v, on) for k, v in facts.items() if kinds[k] == "region"))
    proposals = RULES.what_if(item_id, facts, region=region, on=on)
    if eligible(item_id, facts, region, on):
        assert proposals == ()
        return
    assert len({len(p.changes) for p in proposals}) <= 1, "only the smallest sets are returned"
    for proposal in proposals:
        for variant in each_variant(proposal):
            assert eligible(item_id, *variant.applied(facts, region, on, RULES, item_id)), variant.text()
    if not proposals or len(proposals[0].changes) > 1:
        for changed in single_changes(item, facts):
            assert not eligible(item_id, changed, region, on), changed


def test_the_earliest_date_an_age_is_reached() -> None:
    (proposal,) = RULES.what_if("marriage-registration", MARRIAGE, region="510104", on=ON)
    (change,) = proposal.changes
    assert (change.kind, change.values) == ("date", (date(2026, 3, 1),))
    assert proposal.text("zh") == "2026-03-01 起（按男方出生日期计年满 22 周岁）即可办理"
    assert proposal.text("en") == "from 2026-03-01 (22 full years of age by male_birth_date)"


def test_a_region_class_for_the_accepting_region() -> None:
    proposals = RULES.what_if("id-card-renewal-replacement", ID_CARD, region="510104", on=ON)
    kinds = {(c.kind, c.fact) for p in proposals for c in p.changes}
    assert kinds == {("region", "accepting_region"), ("fact", "hukou_region")}
    region = next(p for p in proposals if p.changes[0].kind == "region").changes[0]
    assert all(not code.startswith("51") for code in region.values)
    assert region.text("zh").startswith("换一个受理地申请：受理地所在省份不为常住户口所在地（户籍地）所在省份（如 ")


def test_thresholds_and_values() -> None:
    facts = {"holds_valid_card": True, "via_family_service": True, "family_accounts_added": 9}
    proposals = RULES.what_if("e-social-security-card", facts, region="510104", on=ON)
    found = {(c.fact, c.values) for p in proposals for c in p.changes}
    assert ("family_accounts_added", (7,)) in found and ("via_family_service", (False,)) in found


def test_nothing_to_propose_for_an_eligible_case() -> None:
    facts = {**MARRIAGE, "male_birth_date": "2000-01-01"}
    assert RULES.decide("marriage-registration", facts, region="510104", on=ON).outcome == "eligible"
    assert RULES.what_if("marriage-registration", facts, region="510104", on=ON) == ()


def test_bad_requests_raise_as_decide_does() -> None:
    with pytest.raises(DecisionError) as caught:
        RULES.what_if("no-such-item", {}, region="510104", on=ON)
    assert caught.value.code == "TB411"
    with pytest.raises(DecisionError) as caught:
        RULES.what_if("marriage-registration", {"nope": 1}, region="510104", on=ON)
    assert caught.value.code == "TB415"


def _decide(capsys, tmp_path: Path, *extra: str) -> tuple[int, str]:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(MARRIAGE), encoding="utf-8")
    code = main(["decide", "marriage-registration", "--facts", str(facts), "--rules", str(ROOT / "rules"),
                 "--on", "2025-06-03", "--region", "510104", *extra])
    return code, capsys.readouterr().out


def test_the_cli_adds_what_if_to_the_decision(capsys, tmp_path: Path) -> None:
    _, plain = _decide(capsys, tmp_path)
    code, out = _decide(capsys, tmp_path, "--what-if")
    data = json.loads(out)
    jsonschema.Draft202012Validator(DECISION_SCHEMA).validate(data)
    assert code == 0 and data["what_if"][0]["changes"][0]["values"] == ["2026-03-01"]
    assert {k: v for k, v in data.items() if k != "what_if"} == json.loads(plain)
    assert "what_if" not in json.loads(plain)


def test_the_cli_explains_what_if_in_text(capsys, tmp_path: Path) -> None:
    code, out = _decide(capsys, tmp_path, "--what-if", "--format", "text")
    assert code == 0 and out.endswith("假如（最少的改变即可办理）:\n  - 2026-03-01 起（按男方出生日期计年满 22 周岁）即可办理\n")
    code, out = _decide(capsys, tmp_path, "--what-if", "--format", "text", "--lang", "en")
    assert out.endswith("What if (the fewest changes that make it eligible):\n"
                        "  - from 2026-03-01 (22 full years of age by male_birth_date)\n")


def test_a_date_the_rule_names_and_a_date_in_another_version() -> None:
    permit = {**MARRIAGE, "male_birth_date": "1990-03-01", "at_hukou_place": False, "has_residence_permit": True,
              "permit_region": "110101"}
    found = RULES.what_if("marriage-registration", permit, region="110101", on=date(2022, 6, 3))
    assert "2023-06-01 起（受理日不小于2023-06-01）即可办理" in [p.text() for p in found]
    young = {"both_present": True, "both_willing": True, "male_birth_date": date(2007, 7, 22)}
    (later,) = RULES.what_if("marriage-registration", young, region="510104", on=date(2025, 4, 12))
    assert later.changes[0].values == (date(2029, 7, 22),)  # under the version in force from 2025-05-10
    assert eligible("marriage-registration", *later.applied(young, "510104", date(2025, 4, 12)))
    older = {**young, "at_hukou_place": True}  # the 2021 version asks it, the 2025 one does not
    (later,) = RULES.what_if("marriage-registration", older, region="510104", on=date(2025, 4, 12))
    facts, _, on = later.applied(older, "510104", date(2025, 4, 12), RULES, "marriage-registration")
    assert "at_hukou_place" not in facts and eligible("marriage-registration", facts, "510104", on)
