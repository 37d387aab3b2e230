"""The application table: a CSV, JSON Lines or Parquet file read into DuckDB and checked.

``read_applications(con, path, sides)`` makes the table ``apps``: ``row`` (from 0, in file
order), ``item_id``, ``region``, ``on`` (DATE) and one text column per fact (an empty cell is
NULL: unknown).  Every cell is checked before anything is decided, in SQL, against the fact
types the rows' items declare in any version of either rule set; what is wrong is reported as
``InputError`` with positioned diagnostics (at most ``LIMIT``):

* TB440 the file cannot be read (format by its extension: ``.csv``, ``.jsonl``/``.ndjson``,
  ``.parquet``);
* TB441 a required column (``item_id``, ``region``, ``on``) is missing;
* TB442 a cell that is not a value of its column's type in any declaration;
* TB443 a column that no item declares as a fact, or a non-empty cell for a fact the row's item
  does not declare.

A diagnostic's line is the row's line in a CSV or JSON Lines file (a CSV cell spanning lines
shifts it; the message names the row from 1 and the column), its column the column's place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from ..codes import lookup
from ..diagnostics import Diagnostic, Severity
from .cells import BAD, literal, parse, quote

__all__ = ["InputError", "LIMIT", "REQUIRED", "read_applications", "declarations"]

REQUIRED = ("item_id", "region", "on")
LIMIT = 50
_READERS = {".csv": "read_csv({p}, all_varchar = true, header = true)",
            ".parquet": "read_parquet({p})"}


class InputError(Exception):
    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__(f"{len(self.diagnostics)} problem(s) in the applications")


def diagnostic(code: str, file: str, line: int, place: int, variant: str = "", **params) -> Diagnostic:
    text = lookup(code).text(variant, "", params)
    return Diagnostic(code=code, severity=Severity.ERROR, file=file, line=line, column=place, message=text.zh,
                      message_en=text.en, hint=text.hint, hint_en=text.hint_en)


def _load(con, path: Path) -> list[str]:
    """Read the file into ``raw`` (every column text); its column names."""
    suffix, p = path.suffix.lower(), literal(str(path))
    if suffix in (".jsonl", ".ndjson"):
        keys = [r[0] for r in con.sql(f"SELECT DISTINCT UNNEST(json_keys(json)) FROM read_ndjson_objects({p})").fetchall()]
        if not keys:
            con.execute(f"CREATE TABLE raw AS SELECT 1 AS _ FROM read_ndjson_objects({p})")
            return []
        paths = ", ".join(literal("$." + _json_key(k)) for k in keys)  # all in one call: each line parsed once
        cells = ", ".join(f"v[{i + 1}] AS {quote(k)}" for i, k in enumerate(keys))
        con.execute(f"CREATE TABLE raw AS SELECT {cells} FROM "
                    f"(SELECT json_extract_string(json, [{paths}]) AS v FROM read_ndjson_objects({p}))")
        return sorted(keys)
    if suffix not in _READERS:
        raise ValueError(f"unknown extension {suffix or '(none)'}")
    con.execute(f"CREATE TABLE raw AS SELECT * FROM {_READERS[suffix].format(p=p)}")
    return [r[0] for r in con.sql("DESCRIBE raw").fetchall()]


def _json_key(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def declarations(rulesets) -> dict[str, dict[str, list]]:
    """fact id -> item id -> the facts (type, values) declared for it in any version."""
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for rules in rulesets:
        for item_id in rules.versions:
            for found in rules.versions[item_id]:
                for fact in found.item.facts:
                    out[fact.id][item_id].append(fact)
    return out


def read_applications(con, path: Path, rulesets: Sequence) -> list[str]:
    """Make ``apps`` from ``path``; the fact columns it has.  Raises ``InputError``."""
    name = str(path)
    try:
        columns = _load(con, path)
    except Exception as exc:  # duckdb reports unreadable and malformed files alike
        raise InputError([diagnostic("TB440", name, 1, 1, error=str(exc).splitlines()[0][:200])]) from None
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError([diagnostic("TB441", name, 1, 1, column=c) for c in missing])
    decl = declarations(rulesets)
    where = {c: i + 1 for i, c in enumerate(columns)}
    facts = [c for c in columns if c not in REQUIRED]
    unknown = [diagnostic("TB443", name, 1, where[c], "column", column=c) for c in facts if c not in decl]
    if unknown:
        raise InputError(unknown)
    _number(con, columns)
    problems = _cell_problems(con, facts, decl, {i for r in rulesets for i in r.versions})
    if problems:
        line = 1 if path.suffix.lower() == ".parquet" else 2 if path.suffix.lower() == ".csv" else 1
        raise InputError([diagnostic(code, name, row + line, where[column], row=row + 1, column=column, value=value)
                          for row, column, code, value in problems])
    cells = ", ".join(f"NULLIF(CAST({quote(c)} AS VARCHAR), '') AS {quote(c)}" for c in facts)
    con.execute('CREATE TABLE apps AS SELECT "row", CAST("item_id" AS VARCHAR) AS "item_id", CAST("region" AS VARCHAR)'
                f' AS "region", CAST(CAST("on" AS VARCHAR) AS DATE) AS "on"{", " + cells if cells else ""} FROM numbered'
                ' ORDER BY "item_id", "on"')  # clustered: each version's scan skips the others' row groups
    con.execute("DROP TABLE numbered; DROP TABLE raw")
    return facts


def _number(con, columns: list[str]) -> None:
    text = ", ".join(f"NULLIF(CAST({quote(c)} AS VARCHAR), '') AS {quote(c)}" for c in columns)
    con.execute(f'CREATE TABLE numbered AS SELECT rowid AS "row", {text} FROM raw')


def _cell_problems(con, facts: list[str], decl, known: set[str]) -> list[tuple]:
    """(row, column, code, cell) of the first bad cells.  Each column's distinct (item, cell)
    pairs are judged in Python (``cells.parse``: few, however many rows), then the rows that
    hold a bad pair are looked up."""
    bad: dict[str, dict[str | None, dict[str, str]]] = {}  # column -> item -> cell -> code
    for column, kind in (("region", "region"), ("on", "date")):
        for (cell,) in con.execute(f'SELECT DISTINCT {quote(column)} FROM numbered').fetchall():
            if cell is None or parse(kind, cell) is BAD:
                bad.setdefault(column, {}).setdefault(None, {})[cell] = "TB442"
    pairs = [f'SELECT DISTINCT {i} AS "k", "item_id", {quote(f)} AS "cell" FROM numbered WHERE {quote(f)} IS NOT NULL'
             for i, f in enumerate(facts)]  # one query for every column: a query each cost more than the work
    for k, item, cell in con.execute(" UNION ALL ".join(pairs)).fetchall() if pairs else ():
        code = _judge(cell, decl[facts[k]].get(item), item in known)
        if code:
            bad.setdefault(facts[k], {}).setdefault(item, {})[cell] = code
    tests = ['SELECT "row", \'item_id\', \'TB442\', NULL FROM numbered WHERE "item_id" IS NULL']
    for column, by_item in bad.items():
        for item, found in by_item.items():
            cells = sorted(found, key=str)[:LIMIT]
            codes = " ".join(f"WHEN {literal(c)} THEN {literal(found[c])}" for c in cells if c is not None)
            where = " OR ".join([f"{quote(column)} IN ({', '.join(literal(c) for c in cells if c is not None)})"] * any(cells)
                                + [f"{quote(column)} IS NULL"] * (None in cells))
            scope = "TRUE" if item is None else f'"item_id" = {literal(item)}'
            tests.append(f'SELECT "row", {literal(column)}, CASE {quote(column)} {codes} ELSE \'TB442\' END,'
                         f" {quote(column)} FROM numbered WHERE {scope} AND ({where})")
    return con.execute(" UNION ALL ".join(tests) + f' ORDER BY 1, 2 LIMIT {LIMIT}').fetchall()


def _judge(cell: str, declared: list | None, known: bool) -> str | None:
    """TB442 for a cell no declaration of the fact (for its item) accepts, TB443 for a fact
    a known item does not declare; None when fine (or the item is unknown: TB411 later)."""
    if declared is None:
        return "TB443" if known else None
    if any(parse(f.type, cell, tuple(f.values or ())) is not BAD for f in declared):
        return None
    return "TB442"
