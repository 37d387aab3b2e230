"""Input hardening of the condition language: names exactly as declared (no NFKC folding of
fullwidth letters), decimal literals exact or refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tongban_rules.lang import expr


class Spec:
    def __init__(self, id, type):
        self.id, self.type, self.values = id, type, None


FACTS = {"age": Spec("age", "int"), "income": Spec("income", "decimal"), "birth": Spec("birth", "date")}


@pytest.mark.parametrize(("text", "variant", "col"), [
    ("ａｇｅ >= 16", "identifier", 0),
    ("age >= 16 and ａｇｅ(birth) > 1", "identifier", 14),
    ("income >= 1e1000000", "literal", 10),
    ("income < 12345678901234567890123456789.5", "literal", 9),
])
def test_refused_with_a_position(text, variant, col) -> None:
    found, errors = expr.check(text, FACTS)
    assert found is None
    assert [(e.code, e.variant, e.line, e.col_offset) for e in errors] == [("TB402", variant, 1, col)]


@pytest.mark.parametrize(("text", "value"), [
    ("income >= 3000.50", Decimal("3000.50")),
    ("income >= 1e5", Decimal("1e5")),
    ("income > -0.000000000000000001", Decimal("-1e-18")),
    ("income < 123456789012345678.9012345678", Decimal("123456789012345678.9012345678")),
])
def test_decimal_literals_are_exact(text, value) -> None:
    found, errors = expr.check(text, FACTS)
    assert errors == [] and found.ir[3] == ("const", value)
    assert found.evaluate({"income": value}, None) is (">=" in text)
