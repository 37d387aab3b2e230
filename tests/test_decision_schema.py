"""``schema/decision.schema.json`` describes ``Decision.to_dict()``: every bundled case's decision
validates; the committed file is what ``tongban schema`` writes; process-step limits have due dates."""

from __future__ import annotations

import json
from datetime import date, timedelta

import jsonschema
import pytest

from tongban_rules import load_rules
from tongban_rules.decide.cases import run_cases
from tongban_rules.decide.schema import DECISION_SCHEMA, decision_schema_text

from .conftest import ROOT

RULES = load_rules(ROOT / "rules")
VALIDATOR = jsonschema.Draft202012Validator(DECISION_SCHEMA)
DECIDED = [r for r in run_cases(RULES) if r.decision is not None]


def test_the_schema_is_valid_and_committed() -> None:
    jsonschema.Draft202012Validator.check_schema(DECISION_SCHEMA)
    assert (ROOT / "schema" / "decision.schema.json").read_text(encoding="utf-8") == decision_schema_text(), \
        "run: tongban schema"


@pytest.mark.parametrize("result", DECIDED, ids=[f"{r.item}#{r.index + 1}" for r in DECIDED])
def test_every_bundled_case_decision_is_valid(result) -> None:
    data = json.loads(json.dumps(result.decision.to_dict(), ensure_ascii=False))
    errors = sorted(VALIDATOR.iter_errors(data), key=str)
    assert errors == [], errors[0].message if errors else ""


def test_the_schema_catches_a_wrong_decision() -> None:
    data = json.loads(json.dumps(DECIDED[0].decision.to_dict()))
    data["materials"].append({"id": "x", "name": "x", "originals": 1, "copies": 0, "required": "if a", "licences": []})
    data["time_limits"]["legal"] = {**(data["time_limits"]["legal"] or {}), "provisional": True}
    messages = [e.message for e in VALIDATOR.iter_errors(data)]
    assert any("'if a'" in m for m in messages) and len(messages) >= 2


def test_provisional_due_dates_carry_a_reason() -> None:
    d = RULES.decide("id-card-renewal-replacement", {}, region="510104", on=date(2026, 12, 20))
    legal = d.to_dict()["time_limits"]["legal"]
    assert legal["provisional"] is True and set(legal["provisional_reason"]) == {"zh", "en"}
    assert not VALIDATOR.is_valid({**d.to_dict(), "time_limits": {"legal": {**legal, "provisional": False},
                                                                   "promised": None}})


def test_the_divorce_cooling_off_period_has_its_own_due_date() -> None:
    on = date(2025, 6, 3)
    d = RULES.decide("divorce-registration", {}, region="510104", on=on)
    cooling, collect = d.step_limits
    assert (cooling["step"], cooling["from"], cooling["due"]) == ("离婚冷静期", "2025-06-03", str(on + timedelta(30)))
    assert cooling["basis"]["article"] == "第一千零七十七条" and cooling["provisional"] is False
    assert collect["from"] == cooling["due"] and collect["due"] >= str(on + timedelta(60))


def test_window_text_names_the_version_decided() -> None:
    from tongban_rules.formats.decision import explain

    old = explain(RULES, RULES.decide("divorce-registration", {}, region="510104", on=date(2025, 3, 3)))
    new = explain(RULES, RULES.decide("divorce-registration", {}, region="510104", on=date(2025, 6, 3)))
    assert "适用版本: 2021-06-01 起至 2025-05-10" in old and "适用版本: 2025-05-10 起至 现行" in new
    assert "流程时限: 离婚冷静期 30个自然日，2025-06-03 起，至 2025-07-03" in new
