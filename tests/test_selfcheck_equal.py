"""The in-page self-check (``static/selfcheck.js``) decides as the Python engine does.

Node runs the evaluator over a batch of cases at once (``tests/js/batch.mjs``); every answer is
compared with ``RuleSet.decide(...).to_dict()``: outcome, each condition (status, text, basis),
missing facts, materials (with ``required`` true / false / null), fee, time limits and steps
with their due dates and provisional marks, modes and whether the region is in scope — or, for a
bad request, the same TB code.  Cases: every bundled decision case, and Hypothesis-generated facts,
dates and accepting regions on every bundled item.  Skips without ``node``.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tongban_rules import DecisionError, load_rules
from tongban_rules.decide.decide import _facts
from tongban_rules.lang import expr, residual
from tongban_rules.lang.expr import ACCEPTING
from tongban_rules.render.selfcheck import Exporter

from .conftest import ROOT

NODE = shutil.which("node") or shutil.which("nodejs")
pytestmark = pytest.mark.skipif(NODE is None, reason="no node (apt-get install nodejs)")

RULES = load_rules(ROOT / "rules")
#: each item's versions as a strategy made once (sampled_from labels itself by hashing every element)
VERSIONS = {item_id: st.sampled_from(RULES.items[item_id]) for item_id in RULES.item_ids()}
EXPORT = Exporter(RULES)
ITEMS = {item_id: EXPORT.item(item_id) for item_id in RULES.item_ids()}
#: codes in use on every day (no first or last day of use): a fact may hold them on any date
STEADY = tuple(sorted(c for c in (r.code for r in RULES.regions) if RULES.regions.span(c) == (None, None)))
STATIC = ROOT / "tongban_rules" / "static"


def run_node(tmp: Path, cases: list[dict], items: dict | None = None) -> list[dict]:
    """The evaluator's answers (``{"ok": ...}`` or ``{"error": code}``) for ``cases``, in one run
    (``items``: the data of each item, by default the bundled items')."""
    lib = tmp / "lib"
    lib.mkdir(exist_ok=True)
    for src in STATIC.glob("selfcheck*.js"):
        shutil.copyfile(src, lib / src.name)
    (lib / "package.json").write_text('{"type": "module"}\n')
    data = items if items is not None else {i: ITEMS[i] for i in {c["item"] for c in cases}}
    (tmp / "in.json").write_text(json.dumps({"items": data, "cases": cases},
                                            ensure_ascii=False), encoding="utf-8")
    subprocess.run([NODE, str(ROOT / "tests" / "js" / "batch.mjs"), str(lib / "selfcheck.js"), str(tmp / "in.json"),
                    str(tmp / "out.json")], check=True, timeout=120)
    return json.loads((tmp / "out.json").read_text(encoding="utf-8"))


def _plain(value):
    """``value`` without the residuals in words (the evaluator does not describe them)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "residual"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def python_answer(case: dict) -> dict:
    try:
        d = RULES.decide(case["item"], case["facts"], region=case["region"], on=date.fromisoformat(case["date"]))
    except DecisionError as exc:
        return {"error": exc.code}
    data = _plain(d.to_dict())
    return {"ok": {k: data[k] for k in PARTS} | {"in_scope": data["routing"]["in_scope"], "questions": questions(case, d)}}


def questions(case: dict, d) -> list[str]:
    """The facts still worth asking (none once ineligible): those the open residuals of the
    conditions, materials and fee entries name, in form order (``lang.residual``)."""
    if d.outcome == "ineligible":
        return []
    compiled = RULES.in_force(case["item"], d.on).compiled
    values = _facts(compiled.plan, case["facts"], d.on)
    if compiled.uses_accepting:
        values[ACCEPTING] = case["region"]
    named: dict[str, None] = {}
    for c in (*compiled.conditions, *compiled.materials, *compiled.fees):
        if c is not None:
            named.update(residual.facts_of(residual.residual(c.ir, values, d.on)))
    return [f for f in compiled.fact_order if f in named]


PARTS = ("outcome", "conditions", "missing_facts", "materials", "fee", "time_limits", "step_limits", "modes")


def js_part(answer: dict) -> dict:
    if "error" in answer:
        return answer
    ok = answer["ok"]
    assert not any(v and v.get("beyond_calendar") for v in ok["time_limits"].values()), "a date past the data"
    return {"ok": {k: ok[k] for k in (*PARTS, "in_scope", "questions")}}


def compare(tmp: Path, cases: list[dict]) -> None:
    for case, answer in zip(cases, run_node(tmp, cases), strict=True):
        assert js_part(answer) == python_answer(case), case


# ---------------------------------------------------------------- the bundled cases


def test_every_bundled_case(tmp_path):
    cases = json.loads(json.dumps([{"item": f.item, "facts": c.facts, "date": c.on.isoformat(), "region": c.region,
                                    "name": c.name} for _, f in sorted(RULES.cases.items()) for c in f.cases], default=str))
    assert len(cases) >= 60 and {c["item"] for c in cases} >= set(RULES.cases)
    answers = run_node(tmp_path, cases)
    for case, answer in zip(cases, answers, strict=True):
        assert js_part(answer) == python_answer(case), case
    # not vacuous: the evaluator's own outcomes cover all three answers
    assert {a["ok"]["outcome"] for a in answers if "ok" in a} == {"eligible", "ineligible", "undetermined"}


# ---------------------------------------------------------------- generated facts


@functools.cache
def _literals(item_id: str) -> tuple[set[str], set[int]]:
    """The region prefixes and the whole numbers the item's expressions name."""
    prefixes: set[str] = set()
    numbers: set[int] = set()

    def walk(ir):
        if ir[0] == "call" and ir[1] in ("startswith", "within"):
            prefixes.add(ir[3][1][1][:4] if ir[1] == "within" else ir[3][1][1])
        if ir[0] == "const" and type(ir[1]) is int:
            numbers.add(ir[1])
        if ir[0] not in ("fact", "const", "on"):
            for kid in expr._kids(ir):
                walk(kid)

    for version in RULES.versions[item_id]:
        compiled = version.compiled
        for c in (*compiled.conditions, *compiled.materials, *compiled.fees):
            if c is not None:
                walk(c.ir)
    return prefixes, numbers


def _named_codes(item_id: str) -> list[str]:
    """Codes that stand in a relation the item's expressions test (prefixes they name)."""
    prefixes = tuple(_literals(item_id)[0])
    return [c for c in STEADY if c.startswith(prefixes)][:400] if prefixes else []


@functools.cache
def region_codes(item_id: str) -> st.SearchStrategy:
    provinces = [c for c in STEADY if c.endswith("0000")]
    near = [c for c in STEADY if c[:2] in ("51", "50", "43")]
    named = _named_codes(item_id)
    return st.sampled_from(provinces) | st.sampled_from(near) | (st.sampled_from(named) if named else st.nothing())


def fact_value(fact, item_id: str) -> st.SearchStrategy:
    values = tuple(fact.values or ())
    return {
        "bool": st.booleans,
        "int": lambda: st.integers(min_value=-2, max_value=130) | st.integers(min_value=-(2**53), max_value=2**53),
        "decimal": lambda: st.decimals(min_value=-10, max_value=100000, places=2, allow_nan=False).map(str),
        "string": lambda: st.text(max_size=6),
        "enum": lambda: st.sampled_from(values) if values else st.nothing(),
        "date": lambda: st.dates(min_value=date(1930, 1, 1), max_value=date(2029, 12, 31)).map(date.isoformat),
        "region": lambda: region_codes(item_id),
        "set": lambda: st.lists(st.sampled_from(values), unique=True) if values else st.nothing(),
    }[fact.type]()


def _shift(on: date, years: int, days: int) -> str:
    try:
        then = on.replace(year=on.year - years)
    except ValueError:  # 29 February
        then = on.replace(year=on.year - years, day=28)
    return (then + timedelta(days=days)).isoformat()


class Anniversary(NamedTuple):
    """A date ``years`` before the case's date, moved by ``days`` (``_shift`` places it)."""

    years: int
    days: int


def anniversaries(item_id: str) -> st.SearchStrategy:
    """Anniversaries a few days around the same day some years before the case's date — ages at
    the boundaries the item's conditions name."""
    near = sorted({n + d for n in _literals(item_id)[1] for d in (-1, 0, 1) if 0 <= n + d <= 120})
    years = st.sampled_from(near) if near else st.integers(min_value=0, max_value=80)
    return st.builds(Anniversary, years, st.integers(min_value=-3, max_value=3))


@functools.cache
def value_of(item_id: str, effective_from: date, fact_id: str) -> st.SearchStrategy:
    """The values a fact of a version may take, as one strategy made once: a date fact's
    anniversaries come as ``Anniversary``, placed on the case's date by ``cases``."""
    fact = next(f for v in RULES.items[item_id] if v.effective_from == effective_from for f in v.facts
                if f.id == fact_id)
    if fact.type == "date":  # half of them near a boundary of age
        return st.none() | st.one_of(fact_value(fact, item_id), anniversaries(item_id))
    return st.none() | fact_value(fact, item_id)


@st.composite
def cases(draw, item_id: str) -> dict:
    item = draw(VERSIONS[item_id])
    # 2018: before the first notice (TB401 on both sides); to 2029: provisional years
    first = max(item.effective_from, date(2018, 12, 1))
    last = min(item.effective_until - timedelta(days=1) if item.effective_until else date(2029, 10, 31),
               date(2029, 10, 31))
    on = draw(st.dates(min_value=first, max_value=max(first, last))
              | st.dates(min_value=first, max_value=max(first, min(last, date(2019, 1, 15)))))
    facts = {}
    for f in item.facts:
        if draw(st.booleans()):
            value = draw(value_of(item_id, item.effective_from, f.id))
            facts[f.id] = _shift(on, *value) if isinstance(value, Anniversary) else value
    return {"item": item_id, "facts": facts, "date": on.isoformat(), "region": draw(region_codes(item_id))}


BATCH = st.tuples(*(cases(item_id) for item_id in sorted(ITEMS) for _ in range(2)))


def test_generated_facts_on_every_item(tmp_path):
    """The cases of 25 drawn batches, in one run of node (no shrinking: each step would run node
    again, and the failing case is named in the assertion)."""
    drawn: list[dict] = []

    @settings(max_examples=25, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(batch=BATCH)
    def collect(batch):
        drawn.extend(batch)

    collect()
    assert len(drawn) >= 25 * len(ITEMS)
    compare(tmp_path, drawn)


def test_generated_batches_reach_every_outcome():
    """The strategy is not vacuous: a fixed (derandomized) run of it reaches every outcome and
    dates the calendar cannot count (TB401)."""
    seen: set[str] = set()

    @settings(max_examples=25, deadline=None, database=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(batch=BATCH)
    def collect(batch):
        for case in batch:
            answer = python_answer(case)
            seen.add(answer["ok"]["outcome"] if "ok" in answer else answer["error"])

    collect()
    assert {"eligible", "ineligible", "undetermined", "TB401"} <= seen


def test_bad_requests_get_the_python_codes(tmp_path):
    item = "id-card-renewal-replacement"
    bad = [{"item": item, "facts": {"reason": "stolen"}, "date": "2025-06-03", "region": "510104"},  # TB410
           {"item": item, "facts": {"stable_residence": "yes"}, "date": "2025-06-03", "region": "510104"},  # TB410
           {"item": item, "facts": {"colour": "red"}, "date": "2025-06-03", "region": "510104"},  # TB415
           {"item": item, "facts": {}, "date": "2016-01-04", "region": "510104"},  # TB413
           {"item": item, "facts": {}, "date": "2018-06-04", "region": "510104"},  # TB401
           {"item": item, "facts": {}, "date": None, "region": "510104"}]  # TB412: no date object in JSON
    answers = run_node(tmp_path, bad)
    assert [a.get("error") for a in answers] == ["TB410", "TB410", "TB415", "TB413", "TB401", "TB412"]
    assert answers[:-1] == [python_answer(c) for c in bad[:-1]]
