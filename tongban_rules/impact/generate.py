"""Synthetic applications — **made up, not real data** — for trying and measuring ``impact``.

``generate(ruleset, n, seed)`` draws ``n`` applications: an item, a date of application (nine
in ten in the years the working-day calendar covers, the rest from the item's first version
on, so that dates fall on every version), an accepting region in use on that day (four in
five within the item's scope), and for every fact the version in force declares either
nothing (unknown, one in eight) or a value drawn from its declared type: ``true``/``false``
(seven in eight the value its condition asks for: most applicants meet most conditions),
an enum's declared values, an integer from 0 to 20, a birth date from 0 to 80 years before
the application, a region code in use on the day (half of them in the accepting region's
province).  The same seed gives the same rows.  ``write`` saves them as CSV, JSON Lines or
Parquet (by the file's extension).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from ..regions import scope_test
from .cells import literal
from .table import REQUIRED

UNKNOWN = 1 / 8
CALENDAR_FROM, UNTIL = date(2025, 1, 1), date(2026, 12, 31)


class _Draw:
    def __init__(self, ruleset, seed: int):
        self.rules, self.rnd = ruleset, random.Random(seed)
        codes = sorted(r.code for r in ruleset.regions)
        self.spans = {c: ruleset.regions.span(c) for c in codes}
        self.counties = [c for c in codes if not c.endswith("00")] or codes
        self.by_province: dict[str, list[str]] = {}
        for code in self.counties:
            self.by_province.setdefault(code[:2], []).append(code)
        self.items = sorted(ruleset.versions)
        #: bool facts that conditions ask to be false (``not x``)
        self.negated = {c.ir[1][1] for vs in ruleset.versions.values() for v in vs if v.compiled
                        for c in v.compiled.conditions if c.ir[0] == "not" and c.ir[1][0] == "fact"}

    def in_use(self, code: str, on: date) -> bool:
        start, end = self.spans[code]
        return (start is None or start <= on) and (end is None or on <= end)

    def region(self, on: date, within=lambda code: True, pool: list[str] | None = None, tries: int = 50) -> str:
        """A county-level code in use on ``on`` that ``within`` accepts: a few random picks first (fast),
        then the whole pool, then any code in use — never a code retired or not yet created on the day."""
        pool = pool or self.counties
        for _ in range(tries):
            pick = self.rnd.choice(pool)
            if self.in_use(pick, on) and within(pick):
                return pick
        fits = [c for c in pool if self.in_use(c, on) and within(c)]
        fits = fits or [c for c in self.counties if self.in_use(c, on)] or self.counties
        return self.rnd.choice(fits)

    def day(self, first: date) -> date:
        start = CALENDAR_FROM if self.rnd.random() < 0.9 else min(first, CALENDAR_FROM)
        return start + timedelta(days=self.rnd.randrange((UNTIL - start).days + 1))

    def value(self, fact, on: date, accepting: str) -> str | None:
        rnd = self.rnd
        if rnd.random() < UNKNOWN:
            return None
        if fact.type == "bool":  # most applicants meet most conditions: the value that passes, 7 in 8
            passing = fact.id not in self.negated
            return ("true" if passing else "false") if rnd.random() < 7 / 8 else ("false" if passing else "true")
        if fact.type == "enum":
            return rnd.choice(tuple(fact.values))
        if fact.type == "int":
            return str(rnd.randrange(21))
        if fact.type == "date":
            return (on - timedelta(days=rnd.randrange(80 * 366))).isoformat()
        if fact.type == "region":
            same = rnd.random() < 0.5
            return self.region(on, pool=self.by_province.get(accepting[:2])) if same else self.region(on)
        return None  # decimal, string, set: left unknown

    def row(self) -> dict[str, str | None]:
        item_id = self.rnd.choice(self.items)
        on = self.day(self.rules.versions[item_id][0].item.effective_from)
        found = self.rules.in_force(item_id, on)
        item = (found or self.rules.versions[item_id][-1]).item
        test = scope_test(item.scope, self.rules.regions)
        accepting = self.region(on, test if self.rnd.random() < 0.8 else (lambda code: True))
        row: dict[str, str | None] = {"item_id": item_id, "region": accepting, "on": on.isoformat()}
        if found is not None:
            row.update((f.id, self.value(f, on, accepting)) for f in item.facts)
        return row


def generate(ruleset, n: int, seed: int = 0) -> list[dict[str, str | None]]:
    draw = _Draw(ruleset, seed)
    return [draw.row() for _ in range(n)]


def columns_of(ruleset) -> list[str]:
    facts = {f.id for vs in ruleset.versions.values() for v in vs for f in v.item.facts}
    return [*REQUIRED, *sorted(facts)]


def write(rows: list[dict], columns: list[str], path: Path) -> None:
    """``rows`` as CSV, JSON Lines or Parquet (by ``path`` 's extension), through DuckDB."""
    import duckdb
    import pyarrow as pa

    table = pa.table({c: pa.array([r.get(c) for r in rows], type=pa.string()) for c in columns})
    suffix = path.suffix.lower()
    options = {".csv": "FORMAT CSV, HEADER", ".parquet": "FORMAT PARQUET", ".jsonl": "FORMAT JSON",
               ".ndjson": "FORMAT JSON"}[suffix]
    con = duckdb.connect()
    con.register("generated", table)
    con.execute(f"COPY generated TO {literal(str(path))} ({options})")
    con.close()
