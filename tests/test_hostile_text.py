"""Unusual characters in rule files: positions editors agree with, output that cannot be forged.

libyaml breaks lines at NEL, U+2028 and U+2029 too, so its line numbers ran past the end of the
file; NUL and other control characters were reported at 1:1; a 5,000-digit integer crashed the
reader; a value holding a newline could forge a diagnostic line in text output (issue 12).
"""

from __future__ import annotations

import pytest

from tongban_rules.diagnostics import Diagnostic, Severity
from tongban_rules.formats import FORMATS
from tongban_rules.formats.text import format_text, visible
from tongban_rules.source.read import Lines, read_source


def found(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in read_source(text.encode("utf-8"), "x.yaml").diagnostics]


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_unusual_line_separators_do_not_count_as_lines(separator: str) -> None:
    text = f'id: "demo{separator}x"\nname: yes\n'
    assert found(text) == [("TB102", 2, 7)]
    broken = f"id: demo{separator}x\nname: [\n"
    (code, line, column), = found(broken)
    assert code == "TB005" and line <= broken.count("\n") + 1 == 3 and column == 1


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_carriage_returns_end_lines_as_in_editors(ending: str) -> None:
    assert found(f"id: demo{ending}name: yes{ending}") == [("TB102", 2, 7)]


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1b", "\x7f"])
def test_control_characters_are_reported_where_they_stand(char: str) -> None:
    diags = read_source(f"id: demo\nname: ab{char}c\n".encode(), "x.yaml").diagnostics
    assert [(d.code, d.line, d.column) for d in diags] == [("TB005", 2, 9)]
    assert f"#x{ord(char):04x}" in diags[0].message and "position" not in diags[0].message


def test_lines_index_agrees_with_splitting() -> None:
    text = "a\r\nbb\rccc\n\ndd"
    lines = Lines(text)
    assert [lines.at(i) for i in (0, 3, 5, 6, 10, 11)] == [(1, 1), (2, 1), (2, 3), (3, 1), (4, 1), (5, 1)]


def test_huge_integers_are_coded_not_crashes() -> None:
    diags = read_source(b"id: demo\nvalue: " + b"9" * 5000 + b"\n", "x.yaml").diagnostics
    assert [(d.code, d.line, d.column) for d in diags] == [("TB108", 2, 8)]
    assert "5000" in diags[0].message
    assert read_source(b"value: " + b"9" * 100 + b"\n", "x.yaml").value == {"value": int("9" * 100)}


def forged() -> Diagnostic:
    return Diagnostic(code="TB870", severity=Severity.ERROR, file="ex\nport.csv", line=3, column=1,
                      message="无法读取: a\nrules/x.yaml:1:1: TB001 forged\x1b[2K", hint="b\u2028c")


def test_text_output_cannot_be_split_or_forged() -> None:
    out = format_text([forged()])
    assert out.count("\n") == 2  # one line for the diagnostic, one for its hint
    assert out.startswith("ex\\nport.csv:3:1: TB870 ")
    assert "\\nrules/x.yaml:1:1: TB001 forged\\x1b[2K" in out and "\\u2028" in out


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_no_format_lets_a_value_add_a_line(name: str) -> None:
    text = FORMATS[name]([forged()], "zh") if callable(FORMATS[name]) else FORMATS[name].write([forged()], "zh")
    assert "\nrules/x.yaml:1:1: TB001" not in text


def test_visible_keeps_printable_text() -> None:
    assert visible("居民身份证 (ID) 补领：40 元") == "居民身份证 (ID) 补领：40 元"
    assert visible("\t\r") == "\\t\\r"


@pytest.mark.parametrize("text, line", [("---\n---\nid: demo\n", 2), ("id: demo\n---\n", 2),
                                         ("---\nid: demo\n---\nid: other\n", 3)])
def test_a_second_document_is_always_reported(text: str, line: int) -> None:
    """The removed line reader took ``---\\n---\\n…`` as one document; the one reader does not."""
    assert found(text) == [("TB006", line, 1)]
