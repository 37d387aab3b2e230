"""What flips when the rules change: the summary of the old and new decision rows.

One GROUP BY over the pair of decisions of every application (in the run's DuckDB connection)
gives the counts; the rest is arithmetic on those groups, never on rows:

* ``outcomes`` — per item, each transition ``from → to`` between outcomes or refusal codes
  (``eligible → ineligible``, ``undetermined → TB413`` …) with its count;
* ``fees`` — applications whose fee total changes (count, total change in yuan, per item and
  from → to), a total that becomes or stops being known counted apart (``unknown_changes``);
* ``due_dates`` — applications whose legal or promised due date moves, by how many days;
* ``missing_facts`` — facts the new rules ask of applications the old ones did not;

each with up to ``EXAMPLES`` example rows (the first rows of their groups) laid out by
``rows.layout``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .rows import Meta, layout, pairs

EXAMPLES = 3
_GROUP = ('o."item_id", o."version", n."version", o."error", n."error", o."outcome", n."outcome", o."fees", n."fees",'
          ' o."missing", n."missing",'
          ' DATE_DIFF(\'day\', CAST(o."legal" AS DATE), CAST(n."legal" AS DATE)),'
          ' DATE_DIFF(\'day\', CAST(o."promised" AS DATE), CAST(n."promised" AS DATE))')


def _groups(con) -> list[tuple]:
    return con.execute(f'SELECT {_GROUP}, COUNT(*), MIN(o."row") FROM dec_old o JOIN dec_new n ON o."row" = n."row"'
                       f" GROUP BY {_GROUP} ORDER BY 1, 15").fetchall()


class _Tally:
    def __init__(self) -> None:
        self.counts: dict[tuple, int] = defaultdict(int)
        self.examples: dict[tuple, list[int]] = defaultdict(list)
        self.sums: dict[tuple, Decimal] = defaultdict(Decimal)

    def add(self, key: tuple, count: int, row: int, amount: Decimal = Decimal(0)) -> None:
        self.counts[key] += count
        self.sums[key] += amount * count
        if len(self.examples[key]) < EXAMPLES:
            self.examples[key].append(row)

    def entries(self, names: tuple[str, ...]) -> list[dict]:
        return [{**dict(zip(names, key)), "count": n, "example_rows": sorted(self.examples[key])}
                for key, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], str(kv[0])))]


def summarise(con, meta: Meta, engine: str, digests: dict) -> dict:
    outcomes, fees, dues, missing = _Tally(), _Tally(), _Tally(), _Tally()
    total = unchanged = 0
    unknown_fee = 0
    for g in _groups(con):
        item, vo, vn, eo, en, oo, on_, fo, fn, mo, mn, legal, promised, count, row = g
        total += count
        before, after = eo or oo, en or on_
        if before != after:
            outcomes.add((item, before, after), count, row)
        else:
            unchanged += count
        to = meta.fee_total("old", item, vo, fo) if vo and not eo else None
        tn = meta.fee_total("new", item, vn, fn) if vn and not en else None
        if to is not None and tn is not None and to != tn:
            fees.add((item, str(to), str(tn)), count, row, tn - to)
        elif (to is None) != (tn is None) and not (eo or en):
            unknown_fee += count
        for name, days in (("legal", legal), ("promised", promised)):
            if days:
                dues.add((item, name, days), count, row)
        for fact in sorted(set((mn or "").split()) - set((mo or "").split())):
            missing.add((item, fact), count, row)
    fee_entries = fees.entries(("item", "from", "to"))
    for entry in fee_entries:
        entry["total_change"] = str(fees.sums[(entry["item"], entry["from"], entry["to"])])
    report = {
        "engine": engine, "rules": digests, "applications": total, "unchanged_outcomes": unchanged,
        "outcomes": outcomes.entries(("item", "from", "to")),
        "fees": {"changed": sum(fees.counts.values()), "total_change": str(sum(fees.sums.values(), Decimal(0))),
                 "unknown_changes": unknown_fee, "by_item": fee_entries},
        "due_dates": {"shifted": _rows_with_shift(con), "by_item": dues.entries(("item", "limit", "days"))},
        "missing_facts": {"newly_missing": missing.entries(("item", "fact"))},
    }
    report["examples"] = _examples(con, meta, report)
    return report


def _rows_with_shift(con) -> int:
    return con.execute('SELECT COUNT(*) FROM dec_old o JOIN dec_new n ON o."row" = n."row" WHERE'
                       ' o."legal" <> n."legal" OR o."promised" <> n."promised"').fetchone()[0]


def _examples(con, meta: Meta, report: dict) -> list[dict]:
    wanted = sorted({r for part in (report["outcomes"], report["fees"]["by_item"], report["due_dates"]["by_item"],
                                    report["missing_facts"]["newly_missing"]) for e in part for r in e["example_rows"]})
    if not wanted:
        return []
    where = f'a."row" IN ({", ".join(map(str, wanted))})'
    return [{"row": old[0], "old": layout(meta, "old", app, old), "new": layout(meta, "new", app, new)}
            for app, old, new in pairs(con, where)]
