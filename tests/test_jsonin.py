"""JSON from outside (facts, audit exports): bounded and positioned, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongban_rules.checks.audit import audit
from tongban_rules.source import jsonin

from .conftest import MINIMAL


def refused(text: str) -> tuple[str, int, int]:
    with pytest.raises(jsonin.JsonInputError) as caught:
        jsonin.loads(text, "facts.json")
    d = caught.value.diagnostic
    assert d.file == "facts.json" and d.message and d.message_en
    return d.code, d.line, d.column


def test_plain_json_reads_as_json() -> None:
    text = '{"reason": "lost", "age": 30, "amount": 1.5, "list": [1, {"a": null}]}'
    assert jsonin.loads(text, "f") == json.loads(text)


def test_deep_nesting_is_refused_at_the_bracket_that_goes_too_deep() -> None:
    assert refused("[" * 100_000) == ("TB009", 1, jsonin.MAX_DEPTH + 1)
    text = '{"a":\n' + "[" * (jsonin.MAX_DEPTH + 5) + "]" * (jsonin.MAX_DEPTH + 5) + "}"
    assert refused(text) == ("TB009", 2, jsonin.MAX_DEPTH)
    ok = "[" * (jsonin.MAX_DEPTH - 1) + "]" * (jsonin.MAX_DEPTH - 1)
    assert jsonin.loads(ok, "f") is not None


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"note": "[" * 1000 + '\\"{' * 300})
    assert jsonin.loads(text, "f")["note"].startswith("[[[")


def test_long_numbers_are_refused_where_they_stand() -> None:
    assert refused('{"a": 1,\n "b": ' + "9" * 5000 + "}") == ("TB108", 2, 7)
    assert refused("[1." + "5" * 200 + "]") == ("TB108", 1, 2)
    assert jsonin.loads("[" + "9" * jsonin.MAX_DIGITS + "]", "f")[0] == int("9" * jsonin.MAX_DIGITS)


def test_duplicate_keys_are_refused_at_the_second() -> None:
    assert refused('{"reason": "lost",\n  "reason": "expiry"}') == ("TB101", 2, 3)


def test_syntax_errors_keep_json_positions() -> None:
    assert refused('{"a": 1,\n "b": }') == ("TB005", 2, 7)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='[]{}",:0123456789.eE-+ \n\\atrufnl', max_size=400))
def test_arbitrary_text_gives_a_value_or_a_coded_error(text: str) -> None:
    try:
        jsonin.loads(text, "f")
    except jsonin.JsonInputError as exc:
        assert exc.diagnostic.code in {"TB005", "TB009", "TB101", "TB108"}
        assert exc.diagnostic.line >= 1 and exc.diagnostic.column >= 1


@pytest.mark.parametrize("body, line", [("[" * 100_000, 1), ('[{"事项名称": ' + "1" * 5000 + "}]", 1)])
def test_audit_of_a_hostile_json_export_is_coded(tmp_path: Path, body: str, line: int) -> None:
    export = tmp_path / "export.json"
    export.write_text(body, encoding="utf-8")
    diags = audit(export, MINIMAL)
    assert [(d.code, d.line) for d in diags] == [("TB870", line)]
