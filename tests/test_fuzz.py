"""Every input surface answers arbitrary bytes with a value or coded diagnostics (bounded budget).

The targets and a long-run driver are in ``tests/fuzzing.py``; the examples below are the
inputs that escaped before (issue 12) and must stay fixed.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from . import fuzzing

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


def _mutated(surface: str):
    pool = fuzzing.seeds(surface)
    return st.integers(0, 2**32).map(lambda n: fuzzing.mutate(random.Random(n), random.Random(n).choice(pool), pool))


@FUZZ
@given(st.one_of(st.binary(max_size=300), _mutated("rules")))
@example(b"id: " + b"9" * 5000 + b"\n")
@example(b"[" * 100_000)
@example("id: demo\u2028name: x\n".encode())
def test_rule_files(data: bytes) -> None:
    fuzzing.fuzz_rules(data)


@FUZZ
@given(st.one_of(st.binary(max_size=200), _mutated("expr")))
@example(b"1e1000000 > 0")
@example(b"(" * 5000 + b"1" + b")" * 5000)
def test_conditions(data: bytes) -> None:
    fuzzing.fuzz_expr(data)


@FUZZ
@given(st.one_of(st.binary(max_size=300), _mutated("facts")))
@example(b"[" * 100_000)
@example(b'{"reason": ' + b"9" * 5000 + b"}")
@example(b'{"reason": "lost", "reason": "expiry"}')
def test_facts_for_decide(data: bytes) -> None:
    fuzzing.fuzz_facts(data)


@FUZZ
@given(st.one_of(st.binary(max_size=300), _mutated("audit")))
@example(b"[" * 100_000)
@example('[{"事项名称": '.encode() + b"1" * 5000 + b"}]")
def test_audit_exports(data: bytes) -> None:
    fuzzing.fuzz_audit(data)


def test_the_driver_counts_inputs_and_escapes(capsys) -> None:
    assert fuzzing.main(["--surface", "expr", "--runs", "50", "--seed", "7"]) == 0
    assert "expr: 50 inputs, 0 escapes" in capsys.readouterr().out


def test_an_escape_is_caught_and_kept(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(fuzzing, "ARTIFACTS", tmp_path)
    monkeypatch.setitem(fuzzing.TARGETS, "expr", lambda data: (_ for _ in ()).throw(KeyError("boom")))
    assert fuzzing.run("expr", 3, 1) == (3, 3)
    assert len(list(tmp_path.iterdir())) == 3


@pytest.mark.parametrize("surface", sorted(fuzzing.TARGETS))
def test_every_surface_has_seeds(surface: str) -> None:
    assert fuzzing.seeds(surface)
