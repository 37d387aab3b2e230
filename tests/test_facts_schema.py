"""The facts schema of an item (``decide.facts_schema``) says what ``decide`` accepts.

* every bundled decision case's facts are valid against the schema of the version it decides;
* on generated facts for every bundled item — well-typed and ill-typed values, unknown keys —
  a JSON document is valid against the schema exactly when ``decide`` takes its values (no TB410,
  no TB415); a six-digit region code the registry does not know (TB414) is the registry's answer;
* ``tongban schema --facts ITEM`` prints it, and says TB411 / TB413 for an unknown item or day.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date, timedelta

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongban_rules import DecisionError, load_rules
from tongban_rules.cli.main import main
from tongban_rules.decide.facts_schema import _type, facts_schema
from tongban_rules.lang.expr import validate_fact_value
from tongban_rules.model import items as m

from .conftest import ROOT, per_item

RULES = load_rules(ROOT / "rules")
#: each item's versions as a strategy made once (sampled_from labels itself by hashing every element)
VERSIONS = {item_id: st.sampled_from(RULES.items[item_id]) for item_id in RULES.item_ids()}
ITEMS = RULES.item_ids()
PROPS = per_item  # 25 examples per item; TONGBAN_HYPOTHESIS=thorough: 100 (conftest)
ODD = st.sampled_from([None, True, 7, -1, 2.5, "", "x", "12", "12.50", "2025-02-30", "2025-02-03", "510104", "51０104",
                       ["a"], {"k": 1}])


def as_json(facts: dict) -> dict:
    return json.loads(json.dumps(facts, default=lambda v: v.isoformat() if isinstance(v, date) else sorted(v)
                                 if isinstance(v, (set, frozenset)) else str(v)))


def validator(item) -> jsonschema.Draft202012Validator:
    """The checked validator of ``item``'s facts schema (made once per version)."""
    return _validator(item.id, item.effective_from)


@functools.cache
def _validator(item_id: str, effective_from: date) -> jsonschema.Draft202012Validator:
    schema = facts_schema(next(v for v in RULES.items[item_id] if v.effective_from == effective_from))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("item_id", sorted(RULES.cases))
def test_every_bundled_case_fits_its_version_schema(item_id: str) -> None:
    for case in RULES.cases[item_id].cases:
        if "error" in case.expect:  # refused on its date (no version in force): no schema to fit
            continue
        item = RULES.version(item_id, case.on)
        errors = [e.message for e in validator(item).iter_errors(as_json(dict(case.facts)))]
        assert not errors, (case.name, errors)


def value(fact) -> st.SearchStrategy:
    return _value(fact.type, tuple(fact.values or ()) or ("none",))


@functools.cache
def _value(kind: str, values: tuple) -> st.SearchStrategy:
    """Made once for each kind and values (every strategy of the table is built on each call)."""
    good = {
        "bool": st.booleans(), "int": st.integers(-5, 130), "string": st.text(max_size=5),
        "decimal": st.one_of(st.integers(-10, 10**6), st.decimals(0, 10**5, places=2).map(str)),
        "enum": st.sampled_from(values), "date": st.dates(date(1940, 1, 1), date(2026, 12, 31)).map(date.isoformat),
        "region": st.sampled_from(["510104", "440106", "110105", "999999"]),
        "set": st.lists(st.sampled_from(values), unique=True, max_size=3),
    }[kind]
    return st.one_of(good, ODD)


BOOLEANS, EIGHT = st.booleans(), st.integers(0, 7)


@st.composite
def documents(draw, item_id: str):
    item = draw(VERSIONS[item_id])
    facts = {f.id: draw(value(f)) for f in item.facts if draw(BOOLEANS)}
    if draw(EIGHT) == 0:
        facts["undeclared_fact"] = 1
    return item, {k: v for k, v in facts.items() if v is not None}


def accepted(item, facts: dict) -> bool:
    on = max(item.effective_from, date(2025, 6, 2))
    if item.effective_until and on >= item.effective_until:
        on = item.effective_until - timedelta(days=1)
    try:
        RULES.decide(item.id, facts, region="510104", on=on)
    except DecisionError as exc:
        if exc.code in ("TB410", "TB415"):
            return False
        assert exc.code == "TB414", exc  # a region code refused: malformed (the schema's pattern) or
        codes = {f.id for f in item.facts if f.type == "region" and isinstance(facts.get(f.id), str)}
        if any(not re.fullmatch(r"[0-9]{6}", facts[k], re.ASCII) for k in codes):
            return False
        # well-formed but not listed on that day: the registry's answer, not the schema's
        return accepted(item, {k: "510104" if k in codes else v for k, v in facts.items()})
    return True


@pytest.mark.parametrize("item_id", ITEMS)
def test_schema_valid_exactly_when_decide_takes_the_values(item_id: str) -> None:
    @PROPS
    @given(documents(item_id))
    def check(drawn) -> None:
        item, facts = drawn
        valid = validator(item).is_valid(facts)
        assert valid == accepted(item, facts), facts
    check()


@pytest.mark.parametrize("given_value", [1200, "1200.50", "-3", 1200.5, "1e3", "1,200", "", True, " 12", "１２"])
def test_decimal_facts_schema_and_decide_agree(given_value) -> None:
    """No bundled item declares a decimal fact yet: the schema of one is held against the check."""
    fact = m.Fact(id="income", label="月收入", type="decimal")
    check = jsonschema.Draft202012Validator({"type": "object", "properties": {"income": _type(fact)}})
    try:
        validate_fact_value(fact, given_value)
        taken = True
    except DecisionError:
        taken = False
    assert check.is_valid({"income": given_value}) == taken


def test_cli_prints_the_schema_and_codes_its_refusals(capsys) -> None:
    rules = str(ROOT / "rules")
    assert main(["schema", "--facts", "id-card-renewal-replacement", "--rules", rules, "--on", "2026-03-02"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["additionalProperties"] is False and schema["properties"]["reason"]["oneOf"]
    assert main(["schema", "--facts", "no-such-item", "--rules", rules]) == 1
    assert "TB411" in capsys.readouterr().err
    assert main(["schema", "--facts", "marriage-registration", "--rules", rules, "--on", "2001-01-01"]) == 1
    assert "TB413" in capsys.readouterr().err


def test_cli_schema_of_facts_for_rules_that_do_not_load(capsys, tmp_path) -> None:
    """A missing rules folder is the loader's positioned TB008, not a traceback."""
    assert main(["schema", "--facts", "x", "--rules", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert "TB008" in err and "nowhere:1:1" in err
