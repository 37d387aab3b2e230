"""Audit a 实施清单 export (CSV or JSON with GB/T 39046 field names) against the canonical rules.

``audit(path, rules="rules", on=None)`` reads the export — UTF-8 (with or without BOM) or
GBK/GB18030, detected from the bytes — and reports, row by row, every disagreement with the
canonical item (四级四同: 事项名称, 基本编码, 事项类型代码, 设定依据) and every 承诺办结时限 longer
than the canonical one (the item's promised limit, else its legal limit).  A row is matched to an
item by 基本编码; failing that by 实施编码 (as listed in a regional list ``regions/<code>.yaml``);
failing that by the exact 事项名称 of any version.  The canonical item is the version in force on
``on`` (``--as-of``, default today), else the latest.  设定依据 agrees when it names every law of
the item's ``legal_basis`` (by title, with or without 中华人民共和国, or by document number).

Positions are ``file:row:column``: for CSV the spreadsheet row (the header is row 1) and the
1-based column index; for JSON the 1-based index of the record and of the key within it.  A
bad row (missing field, unparseable value, unknown item) gets a diagnostic, never an exception.

Units of 承诺办结时限单位: 工作日 → working days; 自然日, 日, 天 → calendar days (a plain 日 is
read as the *shorter* unit, so a limit reported as too long is too long under either reading);
即办 → immediate.  Limits are compared as in ``checks.timelimits``.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..calendar.limits import Verdict, compare, describe
from ..calendar.today import china_today
from ..diagnostics import Diagnostic, Finding, place, sort_diagnostics
from ..load.loader import load_tree
from ..load.ruleset import RuleSet
from ..model import items as m
from ..source import jsonin

NAME, CODE, IMPL, TYPE, BASIS = "事项名称", "基本编码", "实施编码", "事项类型代码", "设定依据"
LIMIT, UNIT = "承诺办结时限", "承诺办结时限单位"
#: the GB/T 39046 fields the audit reads (others are ignored)
FIELDS = (NAME, CODE, IMPL, TYPE, BASIS, "行使层级代码", "实施主体", LIMIT, UNIT)


_UNITS = {"工作日": "working_days", "个工作日": "working_days", "working_days": "working_days",
          "自然日": "calendar_days", "个自然日": "calendar_days", "日": "calendar_days", "天": "calendar_days",
          "calendar_days": "calendar_days", "即办": "immediate", "immediate": "immediate"}


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    cells: dict[str, str]
    columns: dict[str, int]  # field -> 1-based column index

    def get(self, field: str) -> str:
        return (self.cells.get(field) or "").strip()

    def col(self, field: str) -> int:
        return self.columns.get(field, 1)


# ------------------------------------------------------------------ reading


def decode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) — UTF-8 (BOM optional) or GB18030/GBK; None if neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def read_rows(path: Path, display: str) -> tuple[list[Row], list[Diagnostic]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [_diag("TB870", display, 1, 1, reason=exc.strerror)]
    decoded = decode(data)
    if decoded is None:
        return [], [_diag("TB870", display, 1, 1, "encoding")]
    text = decoded[0]
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in ("[", "{"):
        return _json_rows(text, display)
    return _csv_rows(text, display)


def _json_rows(text: str, display: str) -> tuple[list[Row], list[Diagnostic]]:
    try:
        value = jsonin.loads(text, display)
    except jsonin.JsonInputError as exc:
        d = exc.diagnostic
        return [], [_diag("TB870", display, d.line, d.column, "json", problem=d.message, problem_en=d.message_en)]
    if isinstance(value, dict):
        value = next((v for v in value.values() if isinstance(v, list)), None)
    if not isinstance(value, list):
        return [], [_diag("TB870", display, 1, 1, "no-records")]
    rows, diags = [], []
    for n, record in enumerate(value, start=1):
        if not isinstance(record, dict):
            diags.append(_diag("TB870", display, n, 1, "record", n=n))
            continue
        keys = list(record)
        cells = {str(k).strip(): "" if v is None else str(v) for k, v in record.items()}
        rows.append(Row(n, cells, {str(k).strip(): i for i, k in enumerate(keys, start=1)}))
    return rows, diags


def _csv_rows(text: str, display: str) -> tuple[list[Row], list[Diagnostic]]:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        return [], [_diag("TB870", display, 1, 1, "csv", error=exc)]
    if not records:
        return [], [_diag("TB870", display, 1, 1, "empty")]
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    columns = {h: i for i, h in enumerate(header, start=1) if h}
    rows, diags = [], []
    for n, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < len(header):
            missing = header[len(record)]
            diags.append(_diag("TB871", display, n, len(record) + 1, row=n, field=missing))
        rows.append(Row(n, {h: c for h, c in zip(header, record)}, columns))
    return rows, diags


# ------------------------------------------------------------------ matching and comparing


class _Index:
    def __init__(self, ruleset: RuleSet, on: date):
        self.ruleset, self.on = ruleset, on
        self.by_code: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        for item in ruleset.all_items():
            if item.catalog_code:
                self.by_code.setdefault(item.catalog_code, item.id)
            self.by_name.setdefault(item.name, item.id)
        self.by_impl = {e.implementation_code: e.item for impl in ruleset.implementations.values()
                        for e in impl.items if e.implementation_code}

    def match(self, row: Row) -> m.Item | None:
        item_id = self.by_code.get(row.get(CODE)) or self.by_impl.get(row.get(IMPL)) or self.by_name.get(row.get(NAME))
        if item_id is None:
            return None
        return self.ruleset.version(item_id, self.on) or self.ruleset.items[item_id][-1]


def audit(path: str | os.PathLike, rules: str | os.PathLike = "rules", on: date | None = None) -> list[Diagnostic]:
    """Every disagreement of the export at ``path`` with the rule set at ``rules``, sorted."""
    ruleset, diags = load_tree(rules)
    if ruleset is None:
        return diags
    return audit_loaded(ruleset, path, on)


def audit_loaded(ruleset: RuleSet, path: str | os.PathLike, on: date | None = None) -> list[Diagnostic]:
    """``audit`` against a rule set already loaded."""
    display = str(path)
    rows, out = read_rows(Path(path), display)
    if rows and NAME not in rows[0].columns and CODE not in rows[0].columns and IMPL not in rows[0].columns:
        out.append(_diag("TB871", display, 1, 1, "column"))
        return sort_diagnostics(out)
    index = _Index(ruleset, on or china_today())
    memo: dict = {}
    for row in rows:
        out.extend(_audit_row(index, row, display, memo))
    return sort_diagnostics(out)


def _audit_row(index: _Index, row: Row, display: str, memo: dict) -> Iterator[Diagnostic]:
    item = index.match(row)
    if item is None:
        field = NAME if row.get(NAME) else CODE if row.get(CODE) else IMPL
        what = row.get(NAME) or row.get(CODE) or row.get(IMPL)
        yield _diag("TB873", display, row.number, row.col(field), row=row.number, what=what or "空",
                    what_en=what or "empty")
        return
    yield from _elements(index, item, row, display)
    yield from _limit(index, item, row, display, memo)


def _elements(index: _Index, item: m.Item, row: Row, display: str) -> Iterator[Diagnostic]:
    n = row.number
    if row.get(NAME) and row.get(NAME) != item.name:
        yield _diag("TB874", display, n, row.col(NAME), name=row.get(NAME), canon=item.name, item=item.id)
    if row.get(CODE) and item.catalog_code and row.get(CODE) != item.catalog_code:
        yield _diag("TB875", display, n, row.col(CODE), value=row.get(CODE), canon=item.catalog_code)
    raw = row.get(TYPE)
    if raw:
        if not raw.isdigit() or len(raw) > 2:
            yield _diag("TB872", display, n, row.col(TYPE), raw=raw)
        elif raw.zfill(2) != item.item_type:
            yield _diag("TB876", display, n, row.col(TYPE), raw=raw, canon=item.item_type,
                        canon_name=m.ITEM_TYPES[item.item_type])
    if BASIS in row.cells:
        missing = [_title(index.ruleset, law) for law in _laws(item) if not _named(index.ruleset, law, row.get(BASIS))]
        if missing:
            yield _diag("TB877", display, n, row.col(BASIS), missing="、".join(missing), missing_en=", ".join(missing))


def _laws(item: m.Item) -> list[str]:
    return list(dict.fromkeys(c.law for c in item.legal_basis))


def _title(ruleset: RuleSet, law_id: str) -> str:
    law = ruleset.laws.get(law_id)
    return f"《{law.title}》" if law else law_id


def _named(ruleset: RuleSet, law_id: str, text: str) -> bool:
    law = ruleset.laws.get(law_id)
    if law is None:
        return True
    names = {law.title, law.title.removeprefix("中华人民共和国")} | ({law.document} if law.document else set())
    return any(name and name in text for name in names)


def _limit(index: _Index, item: m.Item, row: Row, display: str, memo: dict) -> Iterator[Diagnostic]:
    raw, unit_raw = row.get(LIMIT), row.get(UNIT)
    if not raw and not unit_raw:
        return
    n = row.number
    unit = _UNITS.get(unit_raw) or ("immediate" if raw == "即办" else None)
    if unit is None:
        yield _diag("TB872", display, n, row.col(UNIT), "unit", unit=unit_raw)
        return
    value = 0 if unit == "immediate" and raw in ("", "0", "即办") else _integer(raw)
    if value is None or value > 3650 or (unit == "immediate") != (value == 0):
        yield _diag("TB872", display, n, row.col(LIMIT), "limit", raw=raw)
        return
    canon = item.promised_limit or item.legal_limit
    if canon is None:
        return
    local = m.TimeLimit(value=value, unit=unit)  # type: ignore[arg-type]
    verdict = compare(local, canon, index.ruleset.calendar, memo)
    shown, other = describe(local), describe(canon)
    limits = {"local": shown[0], "local_en": shown[1], "canon": other[0], "canon_en": other[1]}
    if verdict in (Verdict.LONGER, Verdict.SOMETIMES):
        yield _diag("TB878", display, n, row.col(LIMIT), **limits)
    elif verdict is Verdict.UNKNOWN:
        yield _diag("TB879", display, n, row.col(LIMIT), **limits)


def _integer(text: str) -> int | None:
    found = re.fullmatch(r"(\d{1,4})(?:\.0+)?", text)
    return int(found.group(1)) if found else None


def _diag(code: str, file: str, line: int, col: int, variant: str = "", **params: object) -> Diagnostic:
    return place(Finding(code=code, line=line, column=col, variant=variant, params=params), file)
