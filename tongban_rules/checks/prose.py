"""Numbers and dates in a condition's expression, and whether its sentence mentions them.

``literals(when)`` finds the numbers (``16``, ``3000.50``) and dates (``date("2023-05-12")``)
of an expression; other string literals (region codes, enum values) are left out.
``mentions(text)`` finds every number a Chinese sentence states, in Arabic digits (also
full-width, and ``1.5万`` = 15000) or Chinese numerals (``十六``, ``二十``, ``一百二十``,
``二〇二三``), and every date it writes as ``2023-05-12`` or ``2023年5月12日``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_ARABIC = re.compile(r"(\d+(?:\.\d+)?)\s*([万千])?")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
#: one pass over an expression: date("…") calls, other text literals, names, numbers
_TOKENS = re.compile(r"""\bdate\s*\(\s*(?P<q>["'])(?P<date>[^"']*)(?P=q)\s*\)"""
                     r"""|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'"""
                     r"|[^\W\d]\w*"
                     r"|(?P<num>\d+(?:\.\d+)?)")
_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def literals(when: str) -> tuple[list[Decimal], list[date]]:
    """(numbers, dates) written in the expression ``when``, in order; text literals are skipped."""
    numbers: list[Decimal] = []
    dates: list[date] = []
    for found in _TOKENS.finditer(when):
        if found.group("num"):
            numbers.append(Decimal(found.group("num")))
        elif found.group("date"):
            iso = _ISO.fullmatch(found.group("date"))
            try:
                dates.append(date(*map(int, iso.groups())))  # type: ignore[union-attr]
            except (AttributeError, ValueError):
                continue
    return numbers, dates


def _chinese_value(word: str) -> list[int]:
    """The value(s) of a run of Chinese numerals: 十六 → 16, 二〇二三 → 2023 (digit by digit)."""
    if all(ch in _CN_DIGITS for ch in word):
        return [int("".join(str(_CN_DIGITS[ch]) for ch in word))] if len(word) > 1 else [_CN_DIGITS[word]]
    total = section = number = 0
    for ch in word:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (number or 1) * _CN_UNITS[ch]
            number = 0
        else:  # 万
            total += (section + number or 1) * 10000
            section = number = 0
    return [total + section + number]


def mentions(text: str) -> tuple[set[Decimal], set[date]]:
    """(numbers, dates) a sentence states."""
    text = text.translate(_FULL_WIDTH)
    numbers: set[Decimal] = set()
    for digits, unit in _ARABIC.findall(text):
        value = Decimal(digits)
        numbers.add(value)
        if unit:
            numbers.add(value * (10000 if unit == "万" else 1000))
    for word in _CHINESE.findall(text):
        numbers.update(Decimal(v) for v in _chinese_value(word))
    dates: set[date] = set()
    for pattern in (_ISO, _CN_DATE):
        for y, mth, d in pattern.findall(text):
            try:
                dates.add(date(int(y), int(mth), int(d)))
            except ValueError:
                continue
    return numbers, dates


def unmentioned(when: str, text: str) -> list[str]:
    """The numbers and dates of ``when`` that ``text`` does not state, as written in ``when``."""
    numbers, dates = literals(when)
    said_numbers, said_dates = mentions(text)
    missing = [str(n) for n in numbers if n not in said_numbers]
    missing += [d.isoformat() for d in dates if d not in said_dates]
    return list(dict.fromkeys(missing))
