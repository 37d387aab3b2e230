"""One rule set's decisions over an application table, as one SQL query.

``decisions_sql(ruleset, side, columns)`` returns a query over the table ``apps`` (``row``,
``item_id``, ``region``, ``on`` as DATE and one text column per fact, NULL = unknown) that
yields one row per application — ``DECISION_COLUMNS`` — exactly as the Python engine decides
it (``engines.python_rows``):

* each version in force decides the rows of its item and dates (one SELECT per version, all
  joined by UNION ALL); an unknown item is TB411, a date no version covers TB413;
* the accepting region must be listed and in use on the day (TB414), the due dates countable
  (``dues_<side>``: TB401), each fact's cell of the version's type (TB410) and each region fact
  listed and in use (TB414) — in the order ``decide`` checks them;
* then every condition, ``required_when`` and fee ``when`` is one SQL expression
  (``sqlgen``), and the row's outcome, flags, missing facts, scope and modes are laid out as
  text.  Regions are tables (``regions_<side>``: code, first and last day of use); scopes are
  code prefixes.
"""

from __future__ import annotations

from collections.abc import Collection

from ..lang.expr import ACCEPTING
from ..model import items as m
from ..regions import _prefix
from . import sqlgen
from .cells import literal, quote, typed_sql, valid_sql

DECISION_COLUMNS = ("row", "item_id", "version", "error", "outcome", "conditions", "materials", "fees", "missing",
                    "in_scope", "modes", "legal", "legal_ext", "promised", "promised_ext")
_DUES = ("legal", "legal_ext", "promised", "promised_ext")


def decisions_sql(ruleset, side: str, columns: Collection[str], items: Collection[str] | None = None) -> str:
    """The query of ``side``'s decisions (see the module's docstring); only the versions of
    ``items`` (those the applications name) are compiled when it is given."""
    versions = [(item_id, v) for item_id in sorted(ruleset.versions) if items is None or item_id in items
                for v in ruleset.versions[item_id]]
    known = ", ".join(literal(i) for i in sorted(ruleset.versions)) or "NULL"
    parts = [_version_sql(v, side, columns) for _, v in versions]
    nulls = ", ".join(f"CAST(NULL AS {'BOOLEAN' if c == 'in_scope' else 'VARCHAR'}) AS {quote(c)}"
                      for c in DECISION_COLUMNS[4:])
    none = " OR ".join(_in_force(v.item) for _, v in versions) or "FALSE"
    parts.append(f'SELECT "row", "item_id", CAST(NULL AS VARCHAR) AS "version", CASE WHEN "item_id" IN ({known})'
                 f" THEN 'TB413' ELSE 'TB411' END AS \"error\", {nulls} FROM apps WHERE NOT ({none})")
    return "\nUNION ALL\n".join(parts)


def _in_force(item: m.Item, table: str = "") -> str:
    until = f' AND {table}"on" < {literal(item.effective_until)}' if item.effective_until else ""
    return f'({table}"item_id" = {literal(item.id)} AND {table}"on" >= {literal(item.effective_from)}{until})'


def _raw(fact: m.Fact, columns: Collection[str]) -> str:
    return f"k.{quote(fact.id)}" if fact.id in columns else "CAST(NULL AS VARCHAR)"


def _checks(item: m.Item, columns: Collection[str], regs: str) -> tuple[list[str], list[str], list[str]]:
    """Region joins, the per-fact checks in ``decide``'s order, and the in-use checks after them."""
    joins, checks, in_use = [], [], []
    for i, fact in enumerate(item.facts):
        raw = _raw(fact, columns)
        if fact.type == "region":
            joins.append(f"LEFT JOIN {regs} r{i} ON r{i}.code = {raw}")
            checks.append(f"WHEN {raw} IS NOT NULL AND r{i}.code IS NULL THEN 'TB414'")
            in_use.append(f"WHEN {raw} IS NOT NULL AND (k.\"on\" < r{i}.lo OR k.\"on\" > r{i}.hi) THEN 'TB414'")
        elif fact.type != "string":
            valid = valid_sql(fact.type, raw, tuple(fact.values or ()))
            checks.append(f"WHEN {raw} IS NOT NULL AND NOT {valid} THEN 'TB410'")
    return joins, checks, in_use


def _version_sql(found, side: str, columns: Collection[str]) -> str:
    item, compiled = found.item, found.compiled
    regs = f"regions_{side}"
    joins, checks, in_use = _checks(item, columns, regs)
    error = ("CASE WHEN ra.code IS NULL OR k.\"on\" < ra.lo OR k.\"on\" > ra.hi THEN 'TB414'"
             " WHEN d.error IS NOT NULL THEN d.error " + " ".join(checks + in_use) + " END")
    typed = "".join(f", {typed_sql(f.type, _raw(f, columns))} AS t{i}" for i, f in enumerate(item.facts))
    dues = "".join(f", d.{c}" for c in _DUES)
    level1 = (f'SELECT k."row", k."item_id", k."region", k."on"{dues}, {error} AS "error"{typed} FROM apps k'
              f' LEFT JOIN {regs} ra ON ra.code = k."region"'
              f' LEFT JOIN dues_{side} d ON d.item_id = k."item_id" AND d."on" = k."on" '
              + " ".join(joins) + f" WHERE {_in_force(item, 'k.')}")
    env = {f.id: f"t{i}" for i, f in enumerate(item.facts)} | {ACCEPTING: '"region"'}
    level2 = f"SELECT s.*{_results(compiled, env)} FROM ({level1}) s"
    return f"SELECT {_layout(item, compiled, env)} FROM ({level2}) u"


def _results(compiled, env: dict) -> str:
    out = [f", {sqlgen.sql(c.ir, env)} AS c{i}" for i, c in enumerate(compiled.conditions)]
    out += [f", {sqlgen.sql(w.ir, env)} AS m{i}" for i, w in enumerate(compiled.materials) if w is not None]
    out += [f", {sqlgen.sql(w.ir, env)} AS e{i}" for i, w in enumerate(compiled.fees) if w is not None]
    return "".join(out)


def _concat(parts: list[str]) -> str:
    return "(" + " || ".join(parts) + ")" if parts else "''"


def _layout(item: m.Item, compiled, env: dict) -> str:
    conds = [f"c{i}" for i in range(len(compiled.conditions))]
    conj = "(" + " AND ".join(conds) + ")" if conds else "TRUE"
    outcome = f"CASE WHEN {conj} THEN 'eligible' WHEN NOT {conj} THEN 'ineligible' ELSE 'undetermined' END"
    mats = ["'T'" if w is None else sqlgen.flag(f"m{i}") for i, w in enumerate(compiled.materials)]
    fees = _fee_flags(item, compiled)
    scope = _prefixes(_members(item.scope, compiled.regions))
    modes = [f"CASE WHEN {scope} AND {_prefixes(_members(getattr(item.modes, n).scope or item.scope, compiled.regions))}"
             f" THEN '{n}' END" for n in item.modes.offered()]
    fields = {"outcome": outcome, "conditions": _concat([sqlgen.flag(c) for c in conds]), "materials": _concat(mats),
              "fees": _concat(fees), "missing": _missing(item, compiled, env, conj), "in_scope": scope,
              "modes": f"CONCAT_WS(' ', {', '.join(modes)})" if modes else "''"}
    laid = ", ".join(f'CASE WHEN "error" IS NULL THEN {sql} END AS {quote(name)}' for name, sql in fields.items())
    dues = ", ".join(f'CASE WHEN "error" IS NULL THEN {c} END AS {c}' for c in _DUES)
    return f'"row", "item_id", {literal(item.effective_from.isoformat())} AS "version", "error", {laid}, {dues}'


def _fee_flags(item: m.Item, compiled) -> list[str]:
    if item.fees is None:
        return []
    if item.fees.free:
        return ["'F'"] * len(item.fees.entries)
    return ["'T'" if w is None else sqlgen.flag(f"e{i}") for i, w in enumerate(compiled.fees)]


def _missing(item: m.Item, compiled, env: dict, conj: str) -> str:
    named = []
    for fact in item.facts:
        tests = [f"(c{i} IS NULL AND {sqlgen.names(fact.id, c.ir, env, known_unknown=True)})"
                 for i, c in enumerate(compiled.conditions) if sqlgen.contains(c.ir, fact.id)]
        if tests:
            named.append(f"CASE WHEN {' OR '.join(tests)} THEN {literal(fact.id)} END")
    if not named:
        return "''"
    return f"CASE WHEN NOT COALESCE({conj}, TRUE) THEN '' ELSE CONCAT_WS(' ', {', '.join(named)}) END"


def _members(scope: m.Scope, regions) -> tuple[str, ...] | None:
    if scope.kind == "nationwide":
        return None
    if scope.kind == "intra_province":
        return (str(scope.province),)
    if scope.kind == "provinces":
        return tuple(scope.provinces)
    return tuple(regions.group(scope.group) or ())


def _prefixes(members: tuple[str, ...] | None) -> str:
    if members is None:
        return "TRUE"
    tests = [f"SUBSTR(\"region\", 1, {len(p)}) = {literal(p)}" for p in sorted({_prefix(c) for c in members})]
    return "(" + " OR ".join(tests) + ")" if tests else "FALSE"
