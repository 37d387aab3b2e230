"""Decision rows as JSON: what ``--rows-out`` writes and the report's examples show.

One line per application and rule set, in row order, old before new; keys in a fixed order,
compact separators, UTF-8 — the same bytes whichever engine computed the row, because the
row is laid out here, in Python, from the engine's text columns (``query.DECISION_COLUMNS``):

    {"row": 0, "rules": "old", "item": …, "region": …, "on": …, "version": "2017-07-01",
     "error": null, "outcome": "eligible", "conditions": {"other-province": true},
     "missing_facts": [], "materials": {"resident-id-card": true}, "fee": {"total": "40",
     "entries": ["lost-or-damaged"], "pending": []}, "due": {"legal": …, "legal_if_extended": …,
     "promised": …, "promised_if_extended": …}, "in_scope": true, "modes": ["proxy"]}

``materials`` lists the materials needed (true) and those still open (null); ``error`` is the
code ``decide`` refuses the application with (then the later keys are null).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import IO

from .query import DECISION_COLUMNS

_VALUE = {"T": True, "F": False, "?": None}


class Meta:
    """Per rule set, item and version: the ids behind the flags, and the fee amounts."""

    def __init__(self, rulesets: dict):
        self.table: dict[tuple, tuple] = {}
        for side, rules in rulesets.items():
            for item_id, versions in rules.versions.items():
                for found in versions:
                    item = found.item
                    fees = None if item.fees is None else (item.fees.free, [(e.id, e.amount) for e in item.fees.entries])
                    self.table[(side, item_id, item.effective_from.isoformat())] = (
                        [c.id for c in item.conditions], [u.material for u in item.materials], fees)

    def fee_total(self, side: str, item_id: str, version: str, flags: str | None) -> Decimal | None:
        fees = self.table[(side, item_id, version)][2]
        if fees is None or flags is None or "?" in flags:
            return None
        if fees[0]:
            return Decimal(0)
        return sum((amount for (_, amount), f in zip(fees[1], flags) if f == "T"), Decimal(0))


def layout(meta: Meta, side: str, app: tuple, row: tuple) -> dict:
    """The JSON object of one decision row; ``app`` is (region, on) of the application."""
    d = dict(zip(DECISION_COLUMNS, row))
    out = {"row": d["row"], "rules": side, "item": d["item_id"], "region": app[0], "on": app[1].isoformat(),
           "version": d["version"], "error": d["error"], "outcome": d["outcome"]}
    if d["outcome"] is None:
        return out | dict.fromkeys(("conditions", "missing_facts", "materials", "fee", "due", "in_scope", "modes"))
    conds, mats, fees = meta.table[(side, d["item_id"], d["version"])]
    total = meta.fee_total(side, d["item_id"], d["version"], d["fees"])
    entries = [] if fees is None else [e for (e, _), f in zip(fees[1], d["fees"]) if f == "T"]
    pending = [] if fees is None else [e for (e, _), f in zip(fees[1], d["fees"]) if f == "?"]
    return out | {
        "conditions": {c: _VALUE[f] for c, f in zip(conds, d["conditions"])},
        "missing_facts": d["missing"].split(),
        "materials": {m: _VALUE[f] for m, f in zip(mats, d["materials"]) if f != "F"},
        "fee": None if fees is None else {"total": None if total is None else str(total), "entries": entries,
                                          "pending": pending},
        "due": {"legal": d["legal"], "legal_if_extended": d["legal_ext"], "promised": d["promised"],
                "promised_if_extended": d["promised_ext"]},
        "in_scope": d["in_scope"], "modes": d["modes"].split(),
    }


def dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def pairs(con, where: str = "TRUE", batch: int = 50_000) -> Iterator[tuple[tuple, tuple, tuple]]:
    """(application (region, on), old row, new row) in row order."""
    cols = ", ".join(f'{s}."{c}"' for s in ("o", "n") for c in DECISION_COLUMNS)
    result = con.execute(f'SELECT a."region", a."on", {cols} FROM apps a JOIN dec_old o ON o."row" = a."row"'
                         f' JOIN dec_new n ON n."row" = a."row" WHERE {where} ORDER BY a."row"')
    width = len(DECISION_COLUMNS)
    while chunk := result.fetchmany(batch):
        for r in chunk:
            yield r[:2], r[2:2 + width], r[2 + width:]


def write_rows(con, meta: Meta, out: IO[str]) -> int:
    """Every decision as a JSON line; the number of applications."""
    n = 0
    for app, old, new in pairs(con):
        out.write(dumps(layout(meta, "old", app, old)) + "\n")
        out.write(dumps(layout(meta, "new", app, new)) + "\n")
        n += 1
    return n
