"""Rule text on the guides is data: shown literally in HTML, inert in Markdown (``env.md_escape``)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tongban_rules.load.loader import load_rules
from tongban_rules.render import env as env_module
from tongban_rules.render import render

from .patching import with_item

HOSTILE = '<script>alert(1)</script>{{ 7*7 }}{% if 1 %}x{% endif %}[链接](javascript:alert(1))|a|'


def test_rule_text_is_shown_literally(rules: Path, tmp_path: Path) -> None:
    with_item(rules, "name: 示例事项", f"name: '示例{HOSTILE}'")
    with_item(rules, "text: 年满16周岁", f"text: '年满16周岁{HOSTILE}'")
    with_item(rules, "status: reviewed", f"status: reviewed\nnote: '# 标题 {HOSTILE}'")
    paths = render(load_rules(rules), tmp_path / "out", workers=1)
    htmls = [p for p in paths if p.suffix == ".html"]
    own = re.compile(r'<script (type="module" )?src="(\.\./)*assets/[a-z-]+\.js"( defer| type="module")*></script>')
    for page in htmls:
        assert "<script" not in own.sub("", page.read_text(encoding="utf-8")), page
    guide = (tmp_path / "out/items/demo-item/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}{% if 1 %}x{% endif %}" in guide
    assert "<title>示例&lt;script&gt;" in guide
    md = (tmp_path / "out/items/demo-item/guide.md").read_text(encoding="utf-8")
    assert "<script" not in md
    assert r"&lt;script&gt;alert\(1\)&lt;/script&gt;{{ 7\*7 }}{% if 1 %}x{% endif %}\[链接\]\(javascript:alert\(1\)\)\|a\|" in md
    assert "\n# 标题" not in md and "说明：\\# 标题" in md


def test_md_escape_keeps_one_line_and_no_markup() -> None:
    assert env_module.md_escape("a\n\n# b *c* <i>") == r"a # b \*c\* &lt;i&gt;"
    assert env_module.md_escape("1. x") == r"1\. x"
    assert env_module.md_escape("- x") == r"\- x"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab中文 \n\t\u3000\\`*_[]()|~&<>#+=-.1234567890!{}"), max_size=30))
def test_md_escape_output_is_inert(text: str) -> None:
    out = env_module.md_escape(text)
    assert "\n" not in out and "<" not in out and ">" not in out
    bare = re.sub(r"\\.", "", out)  # drop every backslash escape
    assert not set(bare) & set("\\`*_[]()|~"), out
    assert not re.match(r"\s*(?:[#>+=-]|\d+[.)])", out), out  # cannot start a heading, quote or list
    assert env_module.md_escape(" ".join(text.split())) == out  # the fast path agrees with the slow one
