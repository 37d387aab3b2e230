"""A promise found in another place's guide says so wherever a guide shows it.

Many items take their 承诺时限 from another province's or city's guide (芜湖, 东台, 太康 …), because
Sichuan's was not found.  ``promised_limit.set_by`` names those places; a citizen must not read
another place's promise as the one the window in front of them keeps.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tongban_rules.load.loader import load_rules
from tongban_rules.render import render

from .patching import patch, with_item
from .test_render import golden_rules

PROMISE = "promised_limit: {value: 10, unit: working_days}"
FOREIGN = 'promised_limit: {value: 10, unit: working_days, set_by: ["110000", "500112"]}'
WHOSE = "北京市、重庆市渝北区公布的承诺"


def _text(path: Path) -> str:
    """A page's words without tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("promise")
    rules = golden_rules(base / "rules")
    with_item(rules, PROMISE, FOREIGN)
    render(load_rules(rules), base / "out", workers=1)
    return base / "out"


def test_the_card_and_the_time_table_name_the_places(out: Path) -> None:
    page = _text(out / "items" / "demo-item" / "index.html")
    assert f"承诺10个工作日（{WHOSE}），法定20个工作日" in page  # the 办事要点 card
    assert "承诺办结时限 10个工作日 " in page and f" {WHOSE} " in page  # the 办理时限 table
    html = (out / "items" / "demo-item" / "index.html").read_text(encoding="utf-8")
    cell = re.search(r'<th scope="row">承诺办结时限</th>\s*<td data-label="期限">(.*?)</td>', html, re.S)
    assert cell and cell.group(1).startswith("<strong>10个工作日</strong>") and f"<br>{WHOSE}" in cell.group(1)


def test_the_markdown_guide_names_the_places(out: Path) -> None:
    guide = (out / "items" / "demo-item" / "guide.md").read_text(encoding="utf-8")
    assert f"| 承诺办结时限 | 10个工作日（{WHOSE}）[^s1] |" in guide


def test_the_window_notice_shows_whose_promise_applies(out: Path) -> None:
    notice = _text(out / "regions" / "510104" / "index.html")
    assert f"10个工作日（{WHOSE}）" in notice


def test_a_local_promise_is_the_windows_own(tmp_path: Path) -> None:
    rules = golden_rules(tmp_path / "rules")
    with_item(rules, PROMISE, FOREIGN)
    patch(rules, "regions/510104.yaml", "    offices: [hall]\n",
          "    offices: [hall]\n    promised_limit: {value: 5, unit: working_days}\n")
    render(load_rules(rules), tmp_path / "out", workers=1)
    notice = _text(tmp_path / "out" / "regions" / "510104" / "index.html")
    assert "5个工作日（本地承诺）" in notice and WHOSE not in notice


def test_an_items_own_promise_names_no_place(tmp_path: Path) -> None:
    rules = golden_rules(tmp_path / "rules")
    render(load_rules(rules), tmp_path / "out", workers=1)
    page = _text(tmp_path / "out" / "items" / "demo-item" / "index.html")
    assert "承诺10个工作日，法定20个工作日" in page and "公布的承诺" not in page
