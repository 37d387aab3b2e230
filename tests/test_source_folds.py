"""A line broken between two Chinese characters in a folded or plain scalar joins without a space.

YAML folds such a break into a space, which shows in every guide as a gap inside a Chinese
sentence ("平台 受理").  The reader joins those folds; every other space is the author's.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tongban_rules.source.read import read_source


def value_of(text: str) -> object:
    parsed = read_source(text.encode(), "t.yaml")
    assert parsed.diagnostics == []
    return parsed.value["a"]


def test_folded_break_between_chinese_characters_joins() -> None:
    assert value_of("a: >-\n  可以通过平台\n  受理网上申请\n") == "可以通过平台受理网上申请"


def test_plain_multiline_scalar_joins_too() -> None:
    assert value_of("a: 承诺时限不能长于\n  法定的1个工作日\n") == "承诺时限不能长于法定的1个工作日"


def test_full_width_punctuation_and_quotes_count_as_chinese() -> None:
    assert value_of("a: >-\n  即办件；\n  材料：“身份证明”\n  等\n") == "即办件；材料：“身份证明”等"


def test_break_next_to_latin_text_keeps_its_space() -> None:
    assert value_of("a: >-\n  通过 122.gov.cn\n  申请，或者\n  by post\n") == "通过 122.gov.cn 申请，或者 by post"


def test_spaces_typed_within_a_line_are_kept() -> None:
    # the same pair of characters typed with a space earlier on the line must not be taken for the fold
    assert value_of("a: >-\n  甲 乙甲\n  乙丙\n") == "甲 乙甲乙丙"


def test_breaks_yaml_keeps_stay() -> None:
    assert value_of("a: >\n  第一段\n\n  第二段\n    缩进的行\n  末行\n") == "第一段\n第二段\n  缩进的行\n末行\n"


def test_header_comment_and_quoted_and_literal_scalars_are_untouched() -> None:
    assert value_of("a: >-  # 注释 一\n  甲\n  乙\n") == "甲乙"
    assert value_of('a: "双引号\n  中文"\n') == "双引号 中文"
    assert value_of("a: |-\n  字面\n  中文\n") == "字面\n中文"


def test_folds_are_joined_in_lists_and_keys_stay_text() -> None:
    parsed = read_source("a:\n  - 第一项\n    续\n  - x\n".encode(), "t.yaml")
    assert parsed.value == {"a": ("第一项续", "x")}


WIDE = "中文办理时限；“”…．"
WORD = st.text(alphabet=st.sampled_from(WIDE + "abc1 "), min_size=1, max_size=6)


def _line(words: list[str]) -> str:
    return " ".join(words).strip() or "中"


@given(st.lists(st.lists(WORD, min_size=1, max_size=3).map(_line), min_size=1, max_size=6))
def test_a_fold_joins_exactly_when_both_sides_are_wide(lines: list[str]) -> None:
    expected = lines[0]
    for line in lines[1:]:
        expected += ("" if expected[-1] in WIDE and line[0] in WIDE else " ") + line
    assert value_of("a: >-\n" + "".join(f"  {line}\n" for line in lines)) == expected
