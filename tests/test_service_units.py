"""The service's parts without HTTP: the encoder's bytes, ids, the facts hash, loading with
checks, and a reload that keeps the old rule set when the new one fails."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import date

import orjson
import pytest

from tongban_rules import DecisionError, RulesError, load_rules
from tongban_rules.decide.decision import Decision, Setting
from tongban_rules.service.decisionlog import facts_sha256
from tongban_rules.service.encode import (
    KNOWN_FIELDS,
    KNOWN_SETTING,
    Encoder,
    _fast_key,
    _generic_key,
    key_function,
    new_ids,
)
from tongban_rules.service.state import Rules, build
from tongban_rules.service.watch import signature

from .conftest import ROOT


@pytest.fixture(scope="module")
def bundled():
    return load_rules(ROOT / "rules")


def case_decisions(ruleset):
    """Every bundled decision case at its own region and date, then each case's facts on dates
    whose due dates fall past the published holiday notices (provisional, with their marks)."""
    for on in (None, date(2026, 11, 30), date(2027, 6, 1)):
        for item_id, cases in sorted(ruleset.cases.items()):
            for case in cases.cases:
                if "error" in case.expect and on is None:  # refused on its own date, as it expects
                    continue
                facts = {k: list(v) if isinstance(v, tuple) else v for k, v in case.facts.items()}
                try:
                    yield ruleset.decide(item_id, facts, region=case.region, on=on or case.date)
                except DecisionError:  # another version in force on that date, with other facts
                    assert on is not None


@pytest.mark.parametrize("key", [None, _generic_key], ids=["fast-key", "generic-key"])
def test_encoded_bytes_equal_to_dict_plus_id(bundled, key):
    decisions = list(case_decisions(bundled))
    assert len(decisions) > 150
    assert any(b"provisional_reason" in orjson.dumps(d.to_dict()) for d in decisions)
    encoder = Encoder(key=key)
    for _ in range(2):  # the second round comes from the memo
        layouts = encoder.layouts(bundled, decisions)
        ids = new_ids(len(decisions))
        for decision, layout, decision_id in zip(decisions, layouts, ids):
            assert layout.encode(decision_id) == orjson.dumps({**decision.to_dict(), "decision_id": decision_id})
            assert layout.meta["outcome"] == decision.outcome and layout.meta["rules_digest"] == bundled.digest


def test_the_fast_key_knows_the_decision_fields():
    """A new field of ``Decision`` switches the encoder to the generic key (correct, slower):
    this test says so, so that the fast key is taught the field."""
    assert (Decision._fields, Setting._fields) == (KNOWN_FIELDS, KNOWN_SETTING)
    assert key_function(Decision._fields, Setting._fields) is _fast_key
    assert key_function(("other",), Setting._fields) is _generic_key


def test_the_memo_is_bounded_and_per_rule_set(bundled):
    decisions = list(case_decisions(bundled))
    encoder = Encoder(limit=5)
    encoder.layouts(bundled, decisions)
    assert len(encoder._memo) <= len(set(map(id, decisions)))
    encoder.layouts(bundled, decisions[:1])
    assert len(encoder._memo) <= 5 + 1
    encoder.layouts(object(), decisions[:1])  # another snapshot: a fresh memo
    assert len(encoder._memo) == 1


def test_ids_are_distinct_version_4_uuids():
    ids = new_ids(1000)
    assert len(set(ids)) == 1000
    for text in ids[:50]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_facts_hash_is_sha256_of_canonical_json():
    facts = {"b": [1, "二"], "a": {"y": True, "x": None}}
    canonical = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert facts_sha256(facts) == hashlib.sha256(canonical).hexdigest()
    assert facts_sha256({"a": 1, "b": 2}) == facts_sha256({"b": 2, "a": 1})
    big = {"n": 2 ** 70}  # past 64 bits: the standard library's encoder, same canonical form
    assert facts_sha256(big) == hashlib.sha256(b'{"n":1180591620717411303424}').hexdigest()


def test_build_refuses_check_errors_that_loading_accepts(rules):
    cases = rules / "cases" / "demo-item.yaml"
    cases.write_text(re.sub(r"outcome: eligible", "outcome: ineligible", cases.read_text(encoding="utf-8"), count=1),
                     encoding="utf-8")
    load_rules(rules)  # loads: only the checks see the wrong expectation
    with pytest.raises(RulesError) as caught:
        build(rules)
    assert any(d.code.startswith("TB42") for d in caught.value.diagnostics)


def test_reload_keeps_the_old_rules_when_the_new_fail(rules):
    held = Rules(rules, build(rules))
    old = held.current
    item = rules / "items" / "demo" / "demo-item.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("age >= 16", "age >="), encoding="utf-8")
    assert held.reload() is False and held.current is old
    item.write_text(item.read_text(encoding="utf-8").replace("age >=", "age >= 17"), encoding="utf-8")
    assert held.reload() is True and held.current is not old and held.current.digest != old.digest
    unchanged = held.current
    assert held.reload() is True and held.current is unchanged  # same digest: nothing swapped


def test_a_missing_rules_path_is_a_coded_error(tmp_path):
    with pytest.raises(RulesError) as caught:
        build(tmp_path / "nowhere")
    assert caught.value.diagnostics[0].code == "TB008"


def test_signature_changes_with_content_and_names(rules):
    first = signature(rules)
    assert signature(rules) == first
    (rules / "items" / "demo" / "extra.txt").write_text("x", encoding="utf-8")
    assert signature(rules) != first
    assert signature(rules / "missing") == ""
