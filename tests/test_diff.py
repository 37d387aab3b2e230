"""``impact.diff``: every kind of change to a temporary copy of a bundled item, found as a change of
the model (not of the text), laid out in Chinese, in markdown and as JSON valid against its schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from tongban_rules import load_rules
from tongban_rules.cli.main import main
from tongban_rules.impact.diff import diff
from tongban_rules.impact.diff_render import diff_dict, render_diff
from tongban_rules.impact.diff_schema import DIFF_SCHEMA, diff_schema_text

from .conftest import ROOT

RULES = load_rules(ROOT / "rules")
ITEM = "id-card-renewal-replacement"
FILE = Path("items/id-card/id-card-renewal-replacement.yaml")
VALIDATOR = jsonschema.Draft202012Validator(DIFF_SCHEMA)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


def edit(root: Path, old: str, new: str, path: Path = FILE) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, old
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def changes_after(root: Path) -> list:
    found = diff(RULES, load_rules(root, cache=False))
    assert [i.item for i in found.items] == [ITEM]
    VALIDATOR.validate(diff_dict(found))
    (version,) = found.items[0].versions
    return list(version.changes)


# (what is edited: old text, new text) -> (field, action, key, the part of old and new that changed)
CASES = {
    "condition": ("when: stable_residence\n", "when: stable_residence and identity_confirmable\n",
                  ("conditions", "changed", "stable-residence"), ("when", "stable_residence",
                                                                  "stable_residence and identity_confirmable")),
    "material": ("  - material: stable-residence-proof\n    originals: 1", "  - material: stable-residence-proof\n"
                 "    originals: 2", ("materials", "changed", "stable-residence-proof"), ("originals", 1, 2)),
    "limit": ("  value: 60\n  unit: calendar_days\n  basis: {law: mps-id-card-remote-opinion}",
              "  value: 30\n  unit: calendar_days\n  basis: {law: mps-id-card-remote-opinion}",
              ("promised_limit", "changed", None), ("value", 60, 30)),
    "fee": ('amount: "40"', 'amount: "50"', ("fees", "changed", "lost-or-damaged"), ("amount", "40", "50")),
    "mode": ("    tracing: 申请人凭领证回执到受理点领取证件\n", "", ("modes", "changed", "proxy"),
             ("tracing", "申请人凭领证回执到受理点领取证件", None)),
    "presence": ("  visits: 2\n", "  visits: 1\n", ("presence", "changed", None), ("visits", 2, 1)),
    "scope": ("scope:\n  kind: nationwide\n", 'scope:\n  kind: provinces\n  provinces: ["510000", "500000"]\n',
              ("scope", "changed", None), ("kind", "nationwide", "provinces")),
    "sources": ("  - title: 2017年7月居民身份證全國異地受理", "  - title: 居民身份证全国异地受理",
                ("sources", "changed", None), ("title", None, None)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_kind_of_change_is_found(copy: Path, case: str) -> None:
    old, new, (field, action, key), (part, before, after) = CASES[case]
    edit(copy, old, new)
    (change,) = changes_after(copy)
    assert (change.field, change.action) == (field, action)
    if key is not None:
        assert change.key == key
    if before is not None or after is not None:
        assert (change.old.get(part), change.new.get(part)) == (before, after)
    else:
        assert change.old[part] != change.new[part]


def test_a_moved_effective_date_pairs_the_versions(copy: Path) -> None:
    edit(copy, "effective_from: 2017-07-01", "effective_from: 2017-08-01")
    found = diff(RULES, load_rules(copy, cache=False))
    (version,) = found.items[0].versions
    assert (version.status, str(version.base)) == ("changed", "2017-07-01")
    assert [(c.field, c.old, c.new) for c in version.changes] == [("effective_from", "2017-07-01", "2017-08-01")]
    assert "施行日期：2017-07-01 → 2017-08-01" in render_diff(found, "text")


def test_a_version_split_is_a_new_version_compared_with_the_one_it_splits(copy: Path) -> None:
    text = (copy / FILE).read_text(encoding="utf-8")
    older = text.replace("effective_from: 2017-07-01\n", "effective_from: 2017-07-01\neffective_until: 2026-03-01\n")
    (copy / FILE.with_name(f"{ITEM}@2017-07-01.yaml")).write_text(older, encoding="utf-8")
    edit(copy, "effective_from: 2017-07-01", "effective_from: 2026-03-01")
    edit(copy, 'amount: "40"', 'amount: "50"')
    found = diff(RULES, load_rules(copy, cache=False))
    first, split = found.items[0].versions
    assert [(c.field, c.old, c.new) for c in first.changes] == [("effective_until", None, "2026-03-01")]
    assert (split.status, str(split.effective_from), str(split.base)) == ("split", "2026-03-01", "2017-07-01")
    assert {(c.field, c.key) for c in split.changes} == {("fees", "lost-or-damaged"), ("effective_from", None)}
    markdown = render_diff(found, "markdown")
    assert "新增版本：2026-03-01 起施行（由 2017-07-01 起施行的版本拆分" in markdown
    assert "金额（元）：40 → 50" in markdown


def test_reordering_is_cosmetic(copy: Path) -> None:
    text = (copy / FILE).read_text(encoding="utf-8")
    start, middle, end = text.index("  - id: stable-residence\n"), text.index("  - id: identity-confirmable\n"), \
        text.index("  - id: no-document-fraud\n")
    (copy / FILE).write_text(text[:start] + text[middle:end] + text[start:middle] + text[end:], encoding="utf-8")
    found = diff(RULES, load_rules(copy, cache=False))
    assert [(i.status, i.versions[0].cosmetic) for i in found.items] == [("cosmetic", ("ordering",))]
    assert not found.changed and "不影响办理" in render_diff(found, "text")


def test_comments_and_quoting_are_cosmetic(copy: Path) -> None:
    edit(copy, "id: id-card-renewal-replacement\n", "# 注释\nid: 'id-card-renewal-replacement'\n")
    found = diff(RULES, load_rules(copy, cache=False))
    assert [(i.status, i.versions[0].cosmetic) for i in found.items] == [("cosmetic", ("formatting",))]


def test_an_unchanged_rule_set_has_no_items() -> None:
    found = diff(RULES, RULES)
    assert (found.items, found.changed) == ((), False)
    assert "没有变化" in render_diff(found, "markdown")


def test_items_added_and_removed(copy: Path) -> None:
    text = (copy / FILE).read_text(encoding="utf-8").replace(f"id: {ITEM}\n", "id: id-card-copy\n")
    (copy / FILE.with_name("id-card-copy.yaml")).write_text(text, encoding="utf-8")
    new = load_rules(copy, cache=False)
    there, back = diff(new, RULES), diff(RULES, new)
    assert [(i.item, i.status, i.versions[0].status) for i in there.items] == [("id-card-copy", "removed", "removed")]
    assert [(i.item, i.status, i.versions[0].status) for i in back.items] == [("id-card-copy", "added", "added")]
    assert "新增事项" in render_diff(back, "markdown")


def test_markdown_shows_old_and_new_text_and_expression(copy: Path) -> None:
    edit(copy, "when: stable_residence\n", "when: stable_residence and identity_confirmable\n")
    edit(copy, "text: 在居住地合法稳定就业、就学或者居住", "text: 在居住地合法稳定就业或者居住")
    markdown = render_diff(diff(RULES, load_rules(copy, cache=False)), "markdown")
    assert "- 修改受理条件 `stable-residence`" in markdown
    assert "  - 文字：在居住地合法稳定就业、就学或者居住 → 在居住地合法稳定就业或者居住" in markdown
    assert "  - 表达式：`stable_residence` → `stable_residence and identity_confirmable`" in markdown


def test_a_registry_change_is_listed(copy: Path) -> None:
    edit(copy, "name: 居民身份证,", "name: 中华人民共和国居民身份证,", Path("registries/materials/common.yaml"))
    found = diff(RULES, load_rules(copy, cache=False))
    assert found.registries["materials"] == ((), (), ("resident-id-card",))
    assert found.changed


def test_the_cli_prints_json_valid_against_the_schema(copy: Path, capsys) -> None:
    edit(copy, 'amount: "40"', 'amount: "50"')
    assert main(["diff", str(ROOT / "rules"), str(copy), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    VALIDATOR.validate(data)
    assert data["counts"]["changed"] == 1
    assert data["items"][0]["versions"][0]["changes"][0]["details"] == ["金额（元）：40 → 50"]


def test_the_schema_file_is_committed() -> None:
    jsonschema.Draft202012Validator.check_schema(DIFF_SCHEMA)
    assert (ROOT / "schema" / "diff.schema.json").read_text(encoding="utf-8") == diff_schema_text()


def test_legal_basis_and_a_calendar_in_words(copy: Path) -> None:
    edit(copy, "  - law: resident-id-card-law\n    article: 第十一条\n", "  - law: resident-id-card-law\n    article: 第十条\n")
    edit(copy, "  - name: 元旦\n", "  - name: 元旦节\n", Path("calendar/2025.yaml"))
    found = diff(RULES, load_rules(copy, cache=False))
    text = render_diff(found, "text")
    assert "设定依据：resident-id-card-law 第十一条；resident-id-card-law 第十二条；" in text
    assert "→ resident-id-card-law 第十条；resident-id-card-law 第十二条；" in text
    assert found.registries["calendar_years"] == ((), (), ("2025",))
    assert "年度放假安排登记修改：2025" in text
