"""就近办理 (``modes.direct``): an item whose 属地 restriction is lifted — 出入境证件“全国通办”,
婚姻登记“全国通办” — says so in its decision, its guide and its checks, instead of
"no cross-province mode offered"."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tongban_rules import load_rules
from tongban_rules.cli.main import main
from tongban_rules.render import guide as gd

RULES = Path(__file__).resolve().parents[1] / "rules"
PERMIT = "hk-macao-permit"


@pytest.fixture(scope="module")
def rules():
    return load_rules(RULES)


def test_a_permit_applied_for_in_another_province_is_offered_direct_handling(rules) -> None:
    decision = rules.decide(PERMIT, {"mainland_resident": True}, region="510104", on=date(2026, 3, 2))
    data = decision.to_dict()
    assert data["outcome"] == "eligible"
    assert data["modes"] == ["direct"]


def test_the_text_decision_names_the_mode(tmp_path: Path, capsys) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"mainland_resident": True}), encoding="utf-8")
    code = main(["decide", PERMIT, "--rules", str(RULES), "--facts", str(facts), "--on", "2026-03-02",
                 "--region", "510104", "--format", "text"])
    out = capsys.readouterr().out
    assert code == 0
    assert "办理方式: 就近办理" in out and "不提供跨省通办方式" not in out


def test_the_guide_answers_where_and_how(rules) -> None:
    view = gd.guide(rules, rules.versions[PERMIT][-1].item, contacts=[], root="")
    card = {row["label"]: row["text"] for row in view["summary"]}
    assert card["能否在异地办"] == "可以：就近办理（全国）"
    assert card["怎么办"].startswith("到通办范围内任一受理窗口申请，手续与在属地办理相同")
    mode = next(m for m in view["modes"] if m["key"] == "direct")
    assert ("受理窗口", "公安机关出入境管理窗口") in mode["details"]


def test_marriage_registration_nationwide_is_direct(rules) -> None:
    data = rules.decide("marriage-registration", {}, region="440106", on=date(2026, 3, 2)).to_dict()
    assert data["modes"] == ["direct"]


def test_direct_needs_a_window(tmp_path: Path, capsys) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    path = copy / "items/travel-documents" / f"{PERMIT}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    windows: [公安机关出入境管理窗口]\n") == 1
    path.write_text(text.replace("    windows: [公安机关出入境管理窗口]\n", "    windows: []\n"), encoding="utf-8")
    code = main(["validate", str(path), "--rules", str(copy)])
    err = capsys.readouterr()
    assert code == 1
    line = text.splitlines().index("    windows: [公安机关出入境管理窗口]") + 1
    assert f"{PERMIT}.yaml:{line}:" in err.out + err.err


def test_every_place_that_names_the_modes_knows_all_of_them() -> None:
    """The modes are listed in the model; the decision schema, the HTTP schema, the English text
    output, the guide's "怎么办" and the self-check page must each know every one of them."""
    import re

    from tongban_rules.decide.schema import DECISION_SCHEMA
    from tongban_rules.formats import decision as fmt
    from tongban_rules.model import items as m
    from tongban_rules.service.openapi import document

    keys = list(m.MODES)
    assert list(m.Modes.model_fields) == keys
    assert DECISION_SCHEMA["properties"]["modes"]["items"]["enum"] == keys
    served = document()["components"]["schemas"]["Decision"]["properties"]["modes"]["items"]["enum"]
    assert served == keys
    assert list(fmt._MODES_EN) == keys and list(gd.WAYS) == keys
    js = (Path(__file__).resolve().parents[1] / "tongban_rules/static/selfcheck-view.js").read_text(encoding="utf-8")
    table = re.search(r"const MODES = \{(.*?)\};", js).group(1)
    assert dict(re.findall(r'(\w+): "([^"]+)"', table)) == m.MODES
