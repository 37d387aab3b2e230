"""Words for an expression IR — how a residual (``lang.residual``) is shown to people.

``describe(ir, words)`` gives ``{"zh": …, "en": …}``: facts by their label (Chinese) or id
(English), enum values by their label, region tests by the region's name, ``and`` / ``or`` as
且 / 或 with brackets where they nest.  Never the raw expression syntax.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

__all__ = ["FUNCTIONS_ZH", "Words", "describe"]

_CMP_ZH = {"==": "为", "!=": "不为", "<": "小于", "<=": "不超过", ">": "大于", ">=": "不小于", "in": "属于"}
_CMP_EN = {"==": "is", "!=": "is not", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "in": "is one of"}
#: a function of a fact in words (``age(birth_date)`` → 出生日期的周岁); also used by the guides
FUNCTIONS_ZH = {"age": "{}的周岁", "years_since": "{}至今整年数", "months_since": "{}至今整月数",
          "days_since": "{}至今天数", "len": "{}所选项数", "province_of": "{}所在省份"}
_FN_EN = {"age": "age by {}", "years_since": "full years since {}", "months_since": "full months since {}",
          "days_since": "days since {}", "len": "number of {}", "province_of": "province of {}"}


@dataclass(frozen=True)
class Words:
    """What describing needs: fact labels, value labels per fact and region names."""

    labels: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    region_name: Callable[[str], str] = str
    regional: frozenset[str] = frozenset()  # the facts of type region


def describe(ir: tuple, words: Words) -> dict[str, str]:
    return {"zh": _zh(ir, words, None), "en": _en(ir, words, None)}


def _region_code(ir: tuple) -> str | None:
    """The region a ``startswith`` / ``within`` test names (GB/T 2260 prefixes pad with zeros)."""
    if ir[0] == "call" and ir[1] in ("startswith", "within") and ir[3][1][0] == "const":
        return str(ir[3][1][1]).ljust(6, "0")
    return None


def _value(v: object, fact: str | None, words: Words, zh: bool) -> str:
    if isinstance(v, bool):
        return ("是" if v else "否") if zh else ("yes" if v else "no")
    if isinstance(v, frozenset):
        parts = sorted(_value(x, fact, words, zh) for x in v)
        return ("{" + "、".join(parts) + "}") if zh else ("{" + ", ".join(parts) + "}")
    if isinstance(v, str):
        label = words.values.get(fact or "", {}).get(v) if zh else None
        return f"“{label or v}”" if zh else f'"{v}"'
    if isinstance(v, (date, Decimal, int)):
        return str(v)
    return str(v)


def _is_region(ir: tuple, w: Words) -> bool:
    return ir[0] == "call" and ir[1] == "province_of" or ir[0] == "fact" and ir[1] in w.regional


def _fact_of(ir: tuple) -> str | None:
    return ir[1] if ir[0] == "fact" else None


def _zh(ir: tuple, w: Words, outer: str | None) -> str:
    tag = ir[0]
    if tag == "fact":
        return w.labels.get(ir[1], ir[1])
    if tag == "const":
        return _value(ir[1], None, w, True)
    if tag == "on":
        return "受理日"
    if tag in ("and", "or"):
        text = ("且" if tag == "and" else "或").join(_zh(x, w, tag) for x in ir[1])
        return f"（{text}）" if outer and outer != tag else text
    if tag == "not":
        return f"并非（{_zh(ir[1], w, None)}）"
    code = _region_code(ir)
    if code is not None:
        return f"{_zh(ir[3][0], w, 'x')}在{w.region_name(code)}（{code}）内"
    if tag == "cmp" and ir[1] in ("==", "!=") and ir[2][0] == "const" and ir[3][0] != "const":
        return _zh(("cmp", ir[1], ir[3], ir[2]), w, outer)  # the open side first
    if tag == "cmp":
        fact = _fact_of(ir[2]) or _fact_of(ir[3])
        place = any(_is_region(x, w) for x in ir[2:])
        sides = [(f"{w.region_name(x[1])}（{x[1]}）" if place and isinstance(x[1], str) else _value(x[1], fact, w, True))
                 if x[0] == "const" else _zh(x, w, "x") for x in ir[2:]]
        if ir[1] == "in" and ir[3][0] == "fact":
            return f"{sides[1]}包含{sides[0]}"
        return f"{sides[0]}{_CMP_ZH[ir[1]]}{sides[1]}"
    return FUNCTIONS_ZH.get(ir[1], ir[1] + "（{}）").format(_zh(ir[3][0], w, "x"))  # the decision date is implied


def _en(ir: tuple, w: Words, outer: str | None) -> str:
    tag = ir[0]
    if tag == "fact":
        return ir[1]
    if tag == "const":
        return _value(ir[1], None, w, False)
    if tag == "on":
        return "the decision date"
    if tag in ("and", "or"):
        text = f" {tag} ".join(_en(x, w, tag) for x in ir[1])
        return f"({text})" if outer and outer != tag else text
    if tag == "not":
        return f"not ({_en(ir[1], w, None)})"
    code = _region_code(ir)
    if code is not None:
        return f"{_en(ir[3][0], w, 'x')} is within {code}"
    if tag == "cmp" and ir[1] in ("==", "!=") and ir[2][0] == "const" and ir[3][0] != "const":
        return _en(("cmp", ir[1], ir[3], ir[2]), w, outer)
    if tag == "cmp":
        sides = [_en(x, w, "x") for x in ir[2:]]
        if ir[1] == "in" and ir[3][0] == "fact":
            return f"{sides[1]} includes {sides[0]}"
        return f"{sides[0]} {_CMP_EN[ir[1]]} {sides[1]}"
    return _FN_EN.get(ir[1], ir[1] + "({})").format(_en(ir[3][0], w, "x"))
