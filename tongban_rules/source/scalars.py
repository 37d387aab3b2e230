"""How a plain (unquoted) YAML scalar is typed.

``read._Walker`` calls ``plain_value`` for every plain scalar of libyaml's node tree; a hazard
code says what YAML 1.1 would have read differently.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_LEADING_ZERO = re.compile(r"[-+]?0[0-7_]+\Z")
_PLAIN_DECIMAL = re.compile(r"[-+]?[0-9]+\.[0-9]+\Z")
_EXPONENT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.?[0-9]*[eE][-+]?[0-9]+\Z")
BOOLS = {"true": True, "false": False, "True": True, "False": False, "TRUE": True, "FALSE": False}
NUMBER_START = frozenset("0123456789+-.")
#: characters of one number literal; an amount or a count never needs more, and converting a
#: number of thousands of digits costs time quadratic in its length
MAX_DIGITS = 100
NULLS = frozenset({"~", "null", "Null", "NULL", ""})
YAML11_BOOLS = frozenset({"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
                          "y", "Y", "n", "N"})
# what PyYAML's YAML 1.1 resolver would read as int or float besides plain decimal notation
_YAML11_NUMBER = re.compile(
    r"[-+]?0b[0-1_]+\Z|[-+]?0x[0-9a-fA-F_]+\Z|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z"
    r"|[-+]?[0-9][0-9_]*\Z|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?\Z|[-+]?\.(?:inf|Inf|INF)\Z"
    r"|\.(?:nan|NaN|NAN)\Z")
#: plain words that are not text as written, or would not be in YAML 1.1 (the other plain
#: scalars not starting with a digit, sign or dot are text as written)
SPECIAL_WORDS = frozenset(BOOLS) | NULLS | YAML11_BOOLS


def plain_value(text: str) -> tuple[Any, str | None]:
    """The value of a plain (unquoted) scalar, and the code of the hazard it carries, if any.

    ``true``/``false`` are booleans, ``~``/``null``/empty are null, plain decimal integers are
    ``int`` and plain decimal fractions ``Decimal``; everything else stays the text written.  The
    hazard is what YAML 1.1 would have read differently: ``yes``/``no``… (TB102), a leading zero
    (TB103), hexadecimal, sexagesimal, exponents, infinities… (TB104).  A number longer than
    ``MAX_DIGITS`` characters stays text and is reported (TB108).
    """
    if text[:1] in NUMBER_START:
        if len(text) > MAX_DIGITS and (_PLAIN_INT.match(text) or _PLAIN_DECIMAL.match(text)):
            return text, "TB108"
        if _PLAIN_INT.match(text):
            return int(text), None
        if _PLAIN_DECIMAL.match(text):
            return Decimal(text), None
        if _LEADING_ZERO.match(text):
            return text, "TB103"
        if _YAML11_NUMBER.match(text) or _EXPONENT.match(text):
            return text, "TB104"
        return text, None  # dates and other text stay as written
    if text in BOOLS:
        return BOOLS[text], None
    if text in NULLS:
        return None, None
    if text in YAML11_BOOLS:
        return text, "TB102"
    return text, None


#: characters Chinese text is written in: CJK ideographs, kana, bopomofo, CJK and full-width
#: punctuation, and the curly quotes, dashes and ellipsis Chinese prose uses
_WIDE = ("\u2014\u2018\u2019\u201c\u201d\u2026\u2e80-\u303f\u3040-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
         "\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6\U00020000-\U0003ffff")
#: a line break of the source with a wide character on either side (blank lines excluded)
_WIDE_BREAK = re.compile(rf"[{_WIDE}][ \t]*(?:\r\n|\r|\n)[ \t]*(?=[{_WIDE}])")
#: a run of characters that are not YAML white space or line breaks (``value`` and ``source``
#: agree on these; a full-width space counts as a character on both sides)
_SOLID_RUN = re.compile(r"[^ \t\r\n]+")


def join_wide_folds(value: str, source: str) -> str:
    """``value`` with each line fold between two wide characters joined without a space.

    YAML folds a line break inside a folded (``>``) or plain scalar into a space.  Between two
    Chinese characters that space is an error of typesetting, not a word space: the author
    broke a long line.  ``source`` is the scalar's content as written (no ``>`` header).  Both
    hold the same non-blank characters in the same order, so a break of ``source`` is placed in
    ``value`` by counting them; its space is dropped (a break YAML kept, as before a
    more-indented line, stays).  Spaces the author typed within a line are kept.
    """
    ends, count, at = set(), 0, 0
    for brk in _WIDE_BREAK.finditer(source):
        count += _solid(source[at: brk.start() + 1])
        at = brk.start() + 1
        ends.add(count)
    drop, count = [], 0
    for run in _SOLID_RUN.finditer(value):  # runs of non-blank characters: a fold follows one
        count += run.end() - run.start()
        if count in ends and value[run.end(): run.end() + 1] == " ":
            drop.append(run.end())
    if not drop:
        return value
    return "".join(value[start + (start > 0): end] for start, end in zip([0, *drop], [*drop, len(value)]))


def _solid(text: str) -> int:
    """How many characters of ``text`` are not YAML white space or line breaks."""
    return len(text) - text.count(" ") - text.count("\t") - text.count("\r") - text.count("\n")
