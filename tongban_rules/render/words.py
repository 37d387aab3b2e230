"""Conditions in words: a compiled ``required_when``/``when`` condition as plain Chinese.

``phrase`` turns the simple shapes (a yes/no fact, a comparison of a fact — or of a count of time
since a date fact, such as ``age(birth_date)`` — with a value, and/or of those) into a sentence such as
“申请事由”为“丢失补领”; anything else keeps its expression text.
"""

from __future__ import annotations

from ..lang.describe import FUNCTIONS_ZH
from ..load.ruleset import RuleSet
from ..model import items as m

_OPS = {"==": "为", "!=": "不为", "<": "小于", "<=": "不超过", ">": "大于", ">=": "不小于"}
_SINCE = ("age", "years_since", "months_since", "days_since")  # a count of time since a date fact


def _value(fact: m.Fact, value: object) -> str:
    if isinstance(value, frozenset):
        order = list(fact.values or ())
        return "或".join(_value(fact, x) for x in sorted(value, key=lambda x: (order.index(x) if x in order else 99, x)))
    if fact.values and value in fact.values:
        return f"“{fact.values[value]}”"
    return f"“{value}”" if isinstance(value, str) else str(value)


def phrase(item: m.Item, ir: tuple) -> str | None:
    """A compiled condition in plain Chinese (“申请事由”为“丢失补领”), or None when it has no simple wording."""
    tag = ir[0]
    if tag == "fact" or (tag == "not" and ir[1][0] == "fact"):
        fact = item.fact(ir[1] if tag == "fact" else ir[1][1])
        if fact is None or fact.type != "bool":
            return None
        return f"“{fact.label}”为{'是' if tag == 'fact' else '否'}"
    if tag == "cmp" and ir[2][0] == "fact" and ir[3][0] == "const":
        fact = item.fact(ir[2][1])
        if fact is None or (ir[1] != "in" and ir[1] not in _OPS):
            return None
        return f"“{fact.label}”{'为' if ir[1] == 'in' else _OPS[ir[1]]}{_value(fact, ir[3][1])}"
    if tag == "cmp" and ir[1] in _OPS and ir[3][0] == "const":
        since = _since(item, ir[2])
        return None if since is None else f"{since}{_OPS[ir[1]]}{ir[3][1]}"
    if tag in ("and", "or"):
        found = [phrase(item, x) for x in ir[1]]
        parts = [p for p in found if p is not None]
        if len(parts) != len(found):
            return None
        wrapped = [f"（{p}）" if x[0] in ("and", "or") else p for p, x in zip(parts, ir[1])]
        return ("，且" if tag == "and" else "，或").join(wrapped)
    return None


def _since(item: m.Item, ir: tuple) -> str | None:
    """``age(birth_date)`` and its kin on a date fact, in the words of a residual: “出生日期”的周岁."""
    if ir[0] != "call" or ir[1] not in _SINCE or ir[3][0][0] != "fact":
        return None
    fact = item.fact(ir[3][0][1])
    return None if fact is None else FUNCTIONS_ZH[ir[1]].format(f"“{fact.label}”")


def when(ruleset: RuleSet, item: m.Item, kind: str, index: int, text: str | None) -> dict:
    """A ``required_when``/``when`` expression: its wording if it has one, else the expression itself."""
    if not text:
        return {"text": "", "code": ""}
    found = ruleset.record(item)
    compiled = found.compiled if found is not None else None
    condition = getattr(compiled, kind)[index] if compiled is not None else None
    words = phrase(item, condition.ir) if condition is not None else None
    return {"text": words or "", "code": "" if words else text}

