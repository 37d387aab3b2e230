"""Sources with authority: ``kind`` and ``supports`` of an item's sources are validated at their
place, TB907 says which fact a reviewed item lacks an official source for, and the guides show
per fact where it comes from (numbered markers into the source list) and the home page how many
items are reviewed."""

from __future__ import annotations

import typing
from pathlib import Path

from tongban_rules import check, load_rules, validate
from tongban_rules.model import items as m
from tongban_rules.render import render, views

from .patching import locate, with_item

SOURCE = "  - {title: 测试用事项, kind: official, supports: [legal_basis,"


def test_item_fields_a_source_may_support_are_the_item_fields() -> None:
    allowed = set(typing.get_args(m.ItemField))
    assert allowed == set(m.Item.model_fields) - {"id", "sources", "status", "note"}
    assert set(m.FACT_FIELDS) <= allowed


def test_unknown_field_in_supports_is_positioned(rules: Path) -> None:
    text = with_item(rules, "supports: [legal_basis,", "supports: [legal_bases,")
    [d] = [d for d in validate(rules) if "legal_bases" in d.message]
    assert (d.code, d.line, d.column) == ("TB204", *locate(text, "legal_bases"))
    assert "effective_from" in d.hint


def test_item_source_needs_its_kind(rules: Path) -> None:
    text = with_item(rules, " kind: official,", "")
    found = validate(rules)
    assert found and all(d.line == locate(text, "{title: 测试用事项")[0] for d in found)
    assert any("kind" in d.message_en for d in found)


def test_unknown_kind_is_refused(rules: Path) -> None:
    text = with_item(rules, "kind: official,", "kind: blog,")
    [d] = [d for d in validate(rules) if "blog" in d.message]
    assert (d.code, d.line, d.column) == ("TB204", *locate(text, "blog"))
    assert "official-media" in d.hint


def test_tb907_variants_say_whether_any_source_names_the_fact(rules: Path) -> None:
    with_item(rules, " fees,", "")
    [unsourced] = check(rules)
    assert unsourced.code == "TB907" and "没有任何来源" in unsourced.message
    with_item(rules, "status:", "  - {title: 转载, kind: secondary, supports: [fees]}\nstatus:")
    [secondary] = check(rules)
    assert secondary.code == "TB907" and "1个非官方来源" in secondary.message
    assert "fees" in secondary.message_en and secondary.line == unsourced.line


def test_provenance_lists_official_sources_first_and_marks_unsupported_facts(rules: Path) -> None:
    with_item(rules, "status: reviewed", "  - {title: 转载, kind: secondary, supports: [fees, presence]}\n"
                     "  - {title: 新华社, kind: official-media, supports: [fees]}\nstatus: draft")
    with_item(rules, " presence,", "")
    item = load_rules(rules).latest("demo-item")
    p = views.provenance(item)
    assert [r["n"] for r in p["fees"]["refs"]] == [1, 3, 2] and p["fees"]["official"]
    assert [r["kind"] for r in p["presence"]["refs"]] == ["其他来源"] and not p["presence"]["official"]
    assert p["fees"]["md"] == "[^s1][^s3][^s2]"
    assert not p["results"]["stated"] and p["results"]["md"] == ""
    assert views.provenance_share(item) == (10, 9)


def test_guides_show_markers_and_the_home_page_counts_reviewed_items(rules: Path, tmp_path: Path) -> None:
    with_item(rules, " fees,", "")
    with_item(rules, "status: reviewed", "status: draft")
    out = tmp_path / "out"
    render(load_rules(rules), out, workers=1)
    page = (out / "items/demo-item/index.html").read_text(encoding="utf-8")
    assert '<a class="prov-official" href="#src-1" title="测试用事项（官方发布）">[1]</a>' in page
    assert '<li id="src-1"><span class="tag kind-official">官方发布</span> 测试用事项' in page
    assert page.count("未列来源</span></p>") == 1  # the fees section only
    guide = (out / "items/demo-item/guide.md").read_text(encoding="utf-8")
    assert "## 收费标准（未列来源）" in guide and "## 受理条件[^s1]" in guide
    assert "[^s1]: 测试用事项（官方发布）" in guide
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "已审核 <strong>0</strong> 项" in home and "草稿 <strong>1</strong> 项" in home
