"""``RuleSet``: what the loader learnt about each file travels with it (no tables keyed by
``id(model)``); decisions and other records are built with keywords; costly parts are built on
first use."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tongban_rules import load_rules
from tongban_rules.decide.decision import Decision
from tongban_rules.load.loader import load_tree

from .conftest import DEMO_ITEM

ON = date(2025, 6, 2)
FACTS = {"age": 30, "reason": "lost"}


def test_every_version_carries_its_file_and_compiled_plan(rules: Path) -> None:
    ruleset = load_rules(rules)
    [found] = ruleset.versions["demo-item"]
    assert ruleset.in_force("demo-item", ON) is found and ruleset.record(found.item) is found
    assert found.origin.source.path == str(rules / "items/demo/demo-item.yaml") and found.origin.kind == "item"
    assert found.compiled is not None and found.compiled.item is found.item
    assert ruleset.items == {"demo-item": (found.item,)} and ruleset.origin(found.item) is found.origin


def test_two_versions_with_the_same_date_keep_their_own_files(rules: Path) -> None:
    """TB501: both files stay distinct versions, each positioned in its own file."""
    shutil.copy(DEMO_ITEM, rules / "items/demo/demo-item@2025-01-01.yaml")
    ruleset, _ = load_tree(rules)
    first, second = ruleset.versions["demo-item"]
    assert first.item == second.item and first.item is not second.item
    paths = {Path(ruleset.origin(v.item).source.path).name for v in (first, second)}
    assert paths == {"demo-item.yaml", "demo-item@2025-01-01.yaml"}


def test_other_files_are_filed_by_kind_and_name(rules: Path) -> None:
    ruleset = load_rules(rules)
    assert ruleset.origin(ruleset.implementations["510104"]).source.path.endswith("regions/510104.yaml")
    assert ruleset.origin(ruleset.cases["demo-item"]).source.path.endswith("cases/demo-item.yaml")
    assert ruleset.origin(ruleset.tasklist).source.path.endswith("tasklist.yaml")
    assert [Path(o.source.path).name for o in ruleset.sources("laws")] == ["laws.yaml"]
    assert ruleset.files[("calendar", "2026")].model is ruleset.calendar_years[2026]
    assert ruleset.origin(object()) is None


def test_a_model_not_in_the_rule_set_has_no_origin(rules: Path) -> None:
    ruleset = load_rules(rules)
    item = ruleset.latest("demo-item")
    copy = item.model_copy()
    assert ruleset.origin(copy) is None and ruleset.record(copy) is None


def test_decision_is_built_with_keywords_only(rules: Path) -> None:
    decision = load_rules(rules).decide("demo-item", FACTS, region="510104", on=ON)
    with pytest.raises(TypeError):
        Decision(*decision)
    again = Decision(**decision._asdict())
    assert again.to_dict() == decision.to_dict() and again.on == ON and again.modes == decision.setting.modes


def test_plan_and_evaluators_are_built_on_first_use(rules: Path) -> None:
    ruleset = load_rules(rules)
    compiled = ruleset.in_force("demo-item", ON).compiled
    lazy = ("plan", "evaluate_case")
    assert not any(name in vars(compiled) for name in lazy) and "demo-item" not in ruleset._fast_eligible
    assert ruleset.eligible("demo-item", FACTS, on=ON) is True  # its own generated test: no plan
    assert "demo-item" in ruleset._fast_eligible and not any(name in vars(compiled) for name in lazy)
    ruleset.decide("demo-item", FACTS, region="510104", on=ON)
    assert all(name in vars(compiled) for name in lazy)
    plan = compiled.plan
    ruleset.decide("demo-item", FACTS, region="510104", on=ON)
    assert compiled.plan is plan
