"""The site search index (render/search.py) and the rule that unknown facts are not placeholders.

The browser test (tests/test_browser.py) runs the real search page; here the index itself is
checked: grams, the delta coding, which texts an item is found by, and that a query's grams
lead to the items that contain it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tongban_rules.load.loader import load_rules
from tongban_rules.render import render, search
from tongban_rules.render.pages import Site

from .conftest import ROOT


@pytest.fixture(scope="module")
def bundled() -> Site:
    return Site.build(load_rules(ROOT / "rules"))


def _decode(coded: str) -> list[int]:
    out, n = [], 0
    for digit in coded.split(","):
        n += int(digit, 36)
        out.append(n)
    return out


def _find(index: dict, query: str) -> list[str]:
    """What search.js does: every gram of the query, then the text really contains it."""
    run = search.normalize(query)
    grams = [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
    if any(g not in index["grams"] for g in grams):
        return []
    candidates = set.intersection(*(set(_decode(index["grams"][g])) for g in grams))
    docs = index["docs"]
    texts = {n: [docs[n][0]] + [index["terms"][t][1] for t in docs[n][3]] for n in candidates}
    return sorted(docs[n][1] for n in candidates if any(run in search.normalize(t) for t in texts[n]))


def test_grams_are_characters_and_neighbouring_pairs() -> None:
    assert search.grams("身份证") == {"身", "份", "证", "身份", "份证"}
    # punctuation splits runs; full-width letters and capitals fold
    assert search.grams("户口·迁移") == {"户", "口", "户口", "迁", "移", "迁移"}
    assert search.grams("ＩＤ卡") == {"i", "d", "卡", "id", "d卡"}


def test_base36_delta_coding_round_trips() -> None:
    nums = [0, 3, 4, 40, 1300, 1301]
    coded = search._code(nums)
    assert coded == "0,3,1,10,z0,1" and _decode(coded) == nums
    assert _decode(search._code([5000, 5000 + 36 ** 3])) == [5000, 5000 + 36 ** 3]
    assert search.base36(0) == "0" and search.base36(36) == "10"


def test_two_characters_and_a_material_find_items(bundled: Site) -> None:
    index = search.index(bundled)
    assert len(index["docs"]) == len(bundled.items)
    assert "items/id-card-renewal-replacement/index.html" in _find(index, "身份")
    # 结婚证 is a material of the divorce registration, not a word of its name
    found = _find(index, "结婚证")
    assert "items/divorce-registration/index.html" in found
    assert "结婚证" not in bundled.items["divorce-registration"].name
    assert _find(index, "不存在的事项名称") == []


def test_index_names_where_each_text_comes_from(bundled: Site) -> None:
    index = search.index(bundled)
    kinds = {index["kinds"][k] for k, _ in index["terms"]}
    assert {"主题", "部门", "材料"} <= kinds
    doc = next(d for d in index["docs"] if d[1] == "items/divorce-registration/index.html")
    assert index["terms"][doc[2]][0] == index["kinds"].index("部门")
    assert [index["terms"][t][1] for t in doc[3] if index["terms"][t][0] == 3]  # its materials


def test_search_page_and_index_are_written(tmp_path: Path) -> None:
    render(load_rules(ROOT / "rules"), tmp_path / "out", workers=1)
    script = (tmp_path / "out/assets/search-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.TONGBAN_SEARCH={") and script.endswith("};\n")
    data = json.loads(script[len("window.TONGBAN_SEARCH="):-2])
    assert data["v"] == 1 and data["docs"]
    page = (tmp_path / "out/search.html").read_text(encoding="utf-8")
    assert 'data-index="assets/search-index.js"' in page and '<script src="assets/search.js" defer>' in page
    guide = (tmp_path / "out/items/divorce-registration/index.html").read_text(encoding="utf-8")
    assert 'action="../../search.html"' in guide and '<label for="site-q"' in guide


def test_no_page_shows_a_placeholder_for_unknown_facts(tmp_path: Path) -> None:
    render(load_rules(ROOT / "rules"), tmp_path / "out", workers=1)
    pages = [p for p in (tmp_path / "out").rglob("*") if p.suffix in (".html", ".md")]
    assert len(pages) > 100
    bad = [p.relative_to(tmp_path / "out").as_posix() for p in pages
           if any(w in p.read_text(encoding="utf-8") for w in ("未公布", "来源未核实"))]
    assert not bad, bad
    # the draft status: once per page at most, never per row of an index
    for page in pages:
        assert page.read_text(encoding="utf-8").count("草稿") <= 1, page
