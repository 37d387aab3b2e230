"""Every loader diagnostic code, triggered by a bad-input fixture, at an exact (line, column).

Expected positions are found by searching the fixture text for the offending token, so each
test states *where* the problem is independently of the loader.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tongban_rules import RulesError, load_rules, validate
from tongban_rules.load.scope import validate as validate_paths

from .conftest import demo_item_text
from .patching import ITEM, locate, put, with_item


def codes_at(rules: Path) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in validate(rules)]


def test_minimal_rule_set_is_clean(rules: Path) -> None:
    assert validate(rules) == []
    ruleset = load_rules(rules)
    assert ruleset.item_ids() == ("demo-item",)
    assert ruleset.latest("demo-item").fees.entries[1].amount == 40


# ------------------------------------------------------------------ TB0: the file


def test_tb001_gbk_file_says_save_as_utf8(rules: Path) -> None:
    put(rules, ITEM, "id: demo-item\nname: 示例事项\n".encode("gbk"))
    [d] = validate(rules / ITEM)
    assert (d.code, d.line, d.column) == ("TB001", 2, 7)
    assert "GBK" in d.message and "UTF-8" in d.hint


def test_tb001_invalid_utf8_not_gbk(rules: Path) -> None:
    put(rules, ITEM, b"id: demo-item\nname: \xff\xfe\xff\n")
    [d] = validate(rules / ITEM)
    assert (d.code, d.line, d.column) == ("TB001", 2, 7)
    assert "UTF-8" in d.message and "GBK" not in d.message


def test_bom_is_accepted(rules: Path) -> None:
    put(rules, ITEM, b"\xef\xbb\xbf" + demo_item_text().encode("utf-8"))
    assert validate(rules) == []


@pytest.mark.parametrize("content", ["", "\n\n", "# 只有注释\n", "---\n"])
def test_tb002_empty_file(rules: Path, content: str) -> None:
    put(rules, ITEM, content)
    assert ("TB002", 1, 1) in codes_at(rules)


def test_tb003_file_too_large(rules: Path) -> None:
    put(rules, ITEM, "# " + "x" * (1 << 20) + "\n" + demo_item_text())
    assert ("TB003", 1, 1) in codes_at(rules)


def test_tb004_tab_in_indentation(rules: Path) -> None:
    text = with_item(rules, "  - id: age", "\t- id: age")
    assert [("TB004", locate(text, "\t- id")[0], 1)] == codes_at(rules)


def test_tb005_yaml_syntax_error(rules: Path) -> None:
    text = with_item(rules, "name: 示例事项", "name: [示例事项")
    [d] = validate(rules)
    assert d.code == "TB005" and d.line >= locate(text, "[示例")[0]


def test_tb005_unclosed_quote_points_at_problem(rules: Path) -> None:
    put(rules, ITEM, 'id: demo-item\nname: "示例\n')
    [d] = validate(rules / ITEM)
    assert (d.code, d.line) == ("TB005", 3)


def test_tb006_two_documents(rules: Path) -> None:
    text = demo_item_text() + "---\nid: other\n"
    put(rules, ITEM, text)
    [d] = validate(rules / ITEM)
    assert (d.code, d.line, d.column) == ("TB006", *locate(text, "---"))


def test_tb007_unreadable_file(rules: Path) -> None:
    os.symlink(rules / "nowhere.yaml", rules / "items" / "demo" / "broken.yaml")
    assert ("TB007", 1, 1) in codes_at(rules)


@pytest.mark.parametrize("depth", [201, 400_000])
def test_tb009_nesting_too_deep_in_flow_style(rules: Path, depth: int) -> None:
    # 400,000 brackets once crashed the process inside libyaml's composer; now they are counted first
    text = demo_item_text().replace("name: ", "name: " + "[" * depth + "]" * depth + " #", 1)
    put(rules, ITEM, text)
    line, column = locate(text, "[" * depth)
    found = [d for d in validate(rules) if d.file.endswith("demo-item.yaml")]
    assert [d.code for d in found][:1] in (["TB009"], ["TB005"])
    if found[0].code == "TB009":  # the item mapping is level 1, so the 200th bracket is level 201
        assert (found[0].line, found[0].column) == (line, column + 199)
    else:  # libyaml from PyYAML 6.0.4 refuses more than 1,000 flow levels itself, as a syntax error
        assert depth > 1000 and "nesting depth" in found[0].message_en and found[0].line == line


def test_tb009_nesting_too_deep_in_block_style(rules: Path) -> None:
    text = demo_item_text() + "extra:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(300))
    put(rules, ITEM, text)
    assert ("TB009", *locate(text, "k199:")) in codes_at(rules)


def test_moderate_nesting_is_read_normally() -> None:
    from tongban_rules.source.read import MAX_DEPTH, read_source

    text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    parsed = read_source(text.encode(), "x.yaml")
    assert parsed.diagnostics == []
    value, levels = parsed.value["a"], 1
    while value:
        value, levels = value[0], levels + 1
    assert levels == MAX_DEPTH - 1


def test_tb008_missing_rules_directory(tmp_path: Path) -> None:
    [d] = validate(tmp_path / "nope")
    assert d.code == "TB008"
    with pytest.raises(RulesError) as caught:
        load_rules(tmp_path / "nope")
    assert caught.value.diagnostics[0].code == "TB008"


# ------------------------------------------------------------------ TB1: YAML hazards


def test_tb101_duplicate_key(rules: Path) -> None:
    text = with_item(rules, "name: 示例事项\n", "name: 示例事项\nname: 另一个名字\n")
    assert codes_at(rules) == [("TB101", *locate(text, "name:", 1))]


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Y", "N"])
def test_tb102_ambiguous_boolean(rules: Path, word: str) -> None:
    text = with_item(rules, "    licences: [e-id-card]\n", f"    licences: [e-id-card]\n    required: {word}\n")
    assert ("TB102", *locate(text, f"required: {word}")[:1], 15) in codes_at(rules)


def test_tb102_yes_as_key_stays_text(rules: Path) -> None:
    text = (rules / "cases/demo-item.yaml").read_text(encoding="utf-8").replace("date:", "on:")
    put(rules, "cases/demo-item.yaml", text)
    # ``on:`` (the old key of a case's date) must not turn into True: only its deprecation is reported
    assert [d.code for d in validate(rules)] == ["TB060", "TB060"]


def test_tb103_leading_zero_code(rules: Path) -> None:
    text = with_item(rules, 'item_type: "01"', "item_type: 01")
    assert ("TB103", *locate(text, "01\nlevels")) in codes_at(rules)


@pytest.mark.parametrize("number", ["1e3", "0x1F", "1_000", "1:30", ".inf", "1.5e3"])
def test_tb104_ambiguous_number(rules: Path, number: str) -> None:
    text = with_item(rules, "amount: 20,", f"amount: {number},")
    assert ("TB104", *locate(text, f"{number},")) in codes_at(rules)


def test_tb105_tag(rules: Path) -> None:
    text = with_item(rules, "name: 示例事项", "name: !!str 示例事项")
    assert codes_at(rules) == [("TB105", *locate(text, "!!str"))]


def test_tb105_python_tag_never_constructed(rules: Path) -> None:
    text = with_item(rules, "name: 示例事项", "name: !!python/object/apply:os.system ['true']")
    assert ("TB105", *locate(text, "!!python")) in codes_at(rules)


def test_tb106_alias_and_anchor(rules: Path) -> None:
    text = with_item(rules, "themes: [hukou]", "themes: &t [hukou]\nextra_themes: *t")
    found = codes_at(rules)
    assert ("TB106", *locate(text, "&t")) in found
    assert ("TB106", *locate(text, "*t")) in found


def test_tb106_billion_laughs_is_bounded(rules: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    put(rules, ITEM, "\n".join(lines) + "\n")
    found = validate(rules / ITEM)
    assert found and all(d.code in {"TB106", "TB201", "TB202"} for d in found)
    assert len(found) < 200


def test_tb107_merge_key(rules: Path) -> None:
    text = with_item(rules, "scope: {kind: group, group: chuanyu}", "scope:\n  <<: {kind: group}\n  group: chuanyu")
    assert ("TB107", *locate(text, "<<")) in codes_at(rules)


# ------------------------------------------------------------------ TB2: schema


def test_tb201_unknown_key_with_did_you_mean(rules: Path) -> None:
    text = with_item(rules, "department: police", "departmnt: police")
    found = validate(rules)
    unknown = [d for d in found if d.code == "TB201"]
    assert [(d.line, d.column) for d in unknown] == [locate(text, "departmnt")]
    assert "department" in unknown[0].hint
    assert ("TB202", 1, 1) in [(d.code, d.line, d.column) for d in found]  # the real key is missing


def test_tb201_unknown_nested_key(rules: Path) -> None:
    text = with_item(rules, "  - material: id-card\n", "  - material: id-card\n    orignals: 2\n")
    [d] = validate(rules)
    assert (d.code, d.line, d.column) == ("TB201", *locate(text, "orignals"))
    assert "originals" in d.hint


def test_tb202_missing_required_key(rules: Path) -> None:
    text = with_item(rules, "status: reviewed\n", "")
    assert codes_at(rules) == [("TB202", 1, 1)]
    del text


def test_tb202_missing_nested_key_points_at_parent(rules: Path) -> None:
    text = with_item(rules, "promised_limit: {value: 10, unit: working_days}", "promised_limit: {value: 10}")
    assert codes_at(rules) == [("TB202", *locate(text, "{value: 10}"))]


def test_tb203_wrong_type_number_for_text(rules: Path) -> None:
    text = with_item(rules, 'catalog_code: "0000000001"', "catalog_code: 1000000001")
    [d] = validate(rules)
    assert (d.code, d.line, d.column) == ("TB203", *locate(text, "1000000001"))
    assert "引号" in d.hint


def test_tb203_list_expected(rules: Path) -> None:
    text = with_item(rules, "themes: [hukou]", "themes: hukou")
    assert codes_at(rules) == [("TB203", *locate(text, "hukou\n"))]


def test_tb204_value_not_in_code_set(rules: Path) -> None:
    text = with_item(rules, 'item_type: "01"', 'item_type: "30"')
    [d] = validate(rules)
    assert (d.code, d.line, d.column) == ("TB204", *locate(text, '"30"'))
    assert "'01'" in d.hint


def test_tb204_amount_with_three_decimals(rules: Path) -> None:
    text = with_item(rules, "amount: 20,", "amount: 20.125,")
    assert codes_at(rules) == [("TB204", *locate(text, "20.125"))]


def test_tb204_free_with_entries_is_rejected(rules: Path) -> None:
    text = with_item(rules, "  free: false", "  free: true")
    assert codes_at(rules) == [("TB204", *locate(text, "free: true"))]


def test_tb205_file_name_differs_from_id(rules: Path) -> None:
    text = demo_item_text()
    (rules / ITEM).rename(rules / "items/demo/other-name.yaml")
    assert codes_at(rules) == [("TB205", *locate(text, "demo-item"))]


def test_tb205_version_file_name_is_allowed(rules: Path) -> None:
    (rules / ITEM).rename(rules / "items/demo/demo-item@2025-01-01.yaml")
    assert validate(rules) == []


def test_tb206_file_in_unknown_place(rules: Path) -> None:
    put(rules, "stray/notes.yaml", "a: 1\n")
    put(rules, "items/demo/old.yml", "a: 1\n")
    found = codes_at(rules)
    assert found.count(("TB206", 1, 1)) == 2


def test_tb207_missing_registry(rules: Path) -> None:
    (rules / "registries/materials.yaml").unlink()
    found = validate(rules)
    assert ("TB207", "materials") in [(d.code, Path(d.file).stem) for d in found]


def test_tb208_contradicting_calendar(rules: Path) -> None:
    path = rules / "calendar/2025.yaml"
    text = path.read_text(encoding="utf-8").replace("- date: 2025-01-26", "- date: 2025-01-27", 1)
    path.write_text(text, encoding="utf-8")
    assert ("TB208", *locate(text, "- name: 元旦")[:1], 3) in codes_at(rules)


def test_tb209_registry_id_defined_twice(rules: Path) -> None:
    put(rules, "registries/materials/more.yaml", "materials:\n  - {id: id-card, name: 身份证}\n")
    (rules / "registries/materials.yaml").rename(rules / "registries/materials/main.yaml")
    found = [(d.code, Path(d.file).name, d.line, d.column) for d in validate(rules)]
    assert found == [("TB209", "more.yaml", 2, 5)]  # files are read in name order: the later one is the repeat


# ------------------------------------------------------------------ TB3: references


def test_tb301_dangling_material_with_suggestion(rules: Path) -> None:
    text = with_item(rules, "  - material: id-card", "  - material: id-cards")
    [d] = validate(rules)
    assert (d.code, d.line, d.column) == ("TB301", *locate(text, "id-cards"))
    assert "id-card" in d.hint


def test_tb301_dangling_law_department_licence(rules: Path) -> None:
    text = with_item(rules, "department: police", "department: polce")
    text = text.replace("licences: [e-id-card]", "licences: [e-passport]")
    put(rules, ITEM, text)
    assert codes_at(rules) == [("TB301", *locate(text, "polce")), ("TB301", *locate(text, "e-passport"))]


def test_tb301_dangling_item_in_regional_list_and_cases(rules: Path) -> None:
    (rules / ITEM).unlink()
    found = [(d.code, Path(d.file).name) for d in validate(rules)]
    assert ("TB301", "510104.yaml") in found and ("TB301", "demo-item.yaml") in found
    assert ("TB301", "tasklist.yaml") in found


def test_tb302_unknown_article(rules: Path) -> None:
    text = with_item(rules, "    article: 第一条\n", "    article: 第九条\n")
    assert codes_at(rules) == [("TB302", *locate(text, "第九条"))]


def test_tb303_unknown_region(rules: Path) -> None:
    text = with_item(rules, "scope: {kind: group, group: chuanyu}", 'scope: {kind: provinces, provinces: ["990000"]}')
    assert codes_at(rules) == [("TB303", *locate(text, '"990000"'))]


PROMISE = "promised_limit: {value: 10, unit: working_days}"


def test_tb303_unknown_region_that_set_a_promise(rules: Path) -> None:
    text = with_item(rules, PROMISE, 'promised_limit: {value: 10, unit: working_days, set_by: ["110000", "990000"]}')
    assert codes_at(rules) == [("TB303", *locate(text, '"990000"'))]


@pytest.mark.parametrize("codes, at", [('["110000", "110000"]', "["), ('["1100"]', '"1100"')])
def test_set_by_codes_are_distinct_six_digit_codes(rules: Path, codes: str, at: str) -> None:
    text = with_item(rules, PROMISE, f"promised_limit: {{value: 10, unit: working_days, set_by: {codes}}}")
    line, _ = locate(text, "set_by")
    column = text.split("\n")[line - 1].index(at, text.split("\n")[line - 1].index("set_by")) + 1
    assert codes_at(rules) == [("TB204", line, column)]


def test_a_legal_limit_has_no_set_by(rules: Path) -> None:
    text = with_item(rules, "legal_limit: {value: 20,", 'legal_limit: {set_by: ["110000"], value: 20,')
    assert codes_at(rules) == [("TB201", *locate(text, "set_by"))]


def test_dangling_group(rules: Path) -> None:
    text = with_item(rules, "group: chuanyu}", "group: chuanyv}")
    [d] = validate(rules)
    assert (d.code, d.line, d.column) == ("TB301", *locate(text, "chuanyv"))
    assert "chuanyu" in d.hint


# ------------------------------------------------------------------ run-level behaviour


def test_all_problems_of_a_run_are_reported_sorted(rules: Path) -> None:
    with_item(rules, "department: police", "department: polce")
    put(rules, "items/demo/second.yaml", "id: second\nname: yes\n")
    found = validate(rules)
    assert [d.sort_key() for d in found] == sorted(d.sort_key() for d in found)
    assert {d.code for d in found} >= {"TB301", "TB102", "TB202"}


def test_load_rules_raises_with_diagnostics(rules: Path) -> None:
    with_item(rules, "department: police", "department: polce")
    with pytest.raises(RulesError) as caught:
        load_rules(rules)
    assert [d.code for d in caught.value.diagnostics] == ["TB301"]
    assert "TB301" in str(caught.value)


def test_validate_single_file_is_checked_in_its_tree(rules: Path) -> None:
    with_item(rules, "department: police", "department: polce")
    [d] = validate_paths(rules / ITEM)  # the references resolve against the tree's registries
    assert (d.code, d.key_path) == ("TB301", ("department",))


def test_english_messages(rules: Path) -> None:
    with_item(rules, "department: police", "departmnt: police")
    d = next(d for d in validate(rules) if d.code == "TB201")
    message, hint = d.text("en")
    assert message == "unknown key: departmnt" and "did you mean 'department'" in hint


def test_parallel_read_gives_the_same_result(tmp_path: Path) -> None:
    """Above PARALLEL_MIN files the loader reads in two processes; the outcome must not change."""
    import sys

    from tongban_rules.load.loader import PARALLEL_MIN, build, read_tree

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from synthetic import make_rules

    root = make_rules(tmp_path / "rules", PARALLEL_MIN + 20)
    broken = root / "items/group-000/synthetic-7.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status: draft", "status: yes"), encoding="utf-8")
    results = []
    for workers in (1, 2):
        loaded, digest = read_tree(root, workers=workers)
        ruleset, diags = build(root, loaded, digest)
        results.append((digest, sorted(ruleset.items), [(d.code, d.file, d.line, d.column) for d in diags]))
    assert results[0] == results[1]
    assert [c for c, *_ in results[0][2]] == ["TB102", "TB204"]  # ambiguous, and not draft|reviewed


def test_calendar_amendment_is_checked_at_its_key(rules: Path) -> None:
    path = rules / "calendar/2025.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "holidays:", "amended_by:\n  - title: 关于调整放假安排的通知\n    issued: 2025-13-01\n    colour: red\nholidays:", 1)
    path.write_text(text, encoding="utf-8")
    found = codes_at(rules)
    assert ("TB204", *locate(text, "2025-13-01")) in found  # not a date
    assert ("TB201", *locate(text, "colour")) in found  # a key a notice does not have
