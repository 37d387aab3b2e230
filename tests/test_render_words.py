"""A material's or fee's condition in a guide is words, not expression syntax.

A citizen reading “按情形提交” must see when, in Chinese; ``age(birth_date) >= 50`` means nothing at
a window.  The common shapes are worded; only a shape without wording keeps its expression.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tongban_rules.load.loader import load_rules
from tongban_rules.render import render

from .patching import with_item
from .test_render import golden_rules

BIRTH = """  - id: hukou_region
    label: 户籍地
    type: region
  - id: birth_date
    label: 出生日期
    type: date
"""


def _site(base: Path, required_when: str) -> str:
    rules = golden_rules(base / "rules")
    with_item(rules, "  - id: hukou_region\n    label: 户籍地\n    type: region\n", BIRTH)
    with_item(rules, 'required_when: reason == "lost"', f"required_when: {required_when}")
    render(load_rules(rules), base / "out", workers=1)
    page = (base / "out" / "items" / "demo-item" / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", page)


@pytest.mark.parametrize(("expression", "words"), [
    ("age(birth_date) >= 50", "按情形提交：“出生日期”的周岁不小于50"),
    ("years_since(birth_date) < 18", "按情形提交：“出生日期”至今整年数小于18"),
    ('reason == "lost" and months_since(birth_date) > 6',
     "按情形提交：“申请原因”为“丢失”，且“出生日期”至今整月数大于6"),
], ids=["age", "years-since", "and-months-since"])
def test_time_since_a_date_fact_is_worded(tmp_path: Path, expression: str, words: str) -> None:
    page = _site(tmp_path, expression)
    assert words in page
    assert "<code>" not in page.split("按情形提交", 1)[1].split("</tr>", 1)[0]


def test_a_shape_without_wording_keeps_its_expression(tmp_path: Path) -> None:
    page = _site(tmp_path, "age(birth_date) >= age")
    assert "按情形提交：<code>age(birth_date) &gt;= age</code>" in page
