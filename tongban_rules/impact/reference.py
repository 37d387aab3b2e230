"""The Python engine: the same decision rows as ``query.decisions_sql``, made by ``decide_batch``.

It is the reference the SQL engines are held to.  Applications are grouped by item, accepting
region and date (what ``decide_batch`` shares); a group with a bad case is decided case by
case, so each row gets its own error code.  A cell goes to ``decide`` typed by the version in
force (``cells.parse``); one its type does not accept goes as it is (a region's text) or as a
value no type accepts, so that ``decide`` itself refuses it (TB414, TB410).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from ..errors import DecisionError
from . import cells

_FLAG = {True: "T", False: "F", None: "?"}


class _Refused:
    """A cell that its fact's type does not accept: ``decide`` answers TB410 for it."""


_REFUSED = _Refused()


def facts_for(item, row: Mapping[str, str | None]) -> dict[str, object]:
    """The facts of ``row`` (text cells, None unknown) that ``item`` declares, typed."""
    out: dict[str, object] = {}
    for fact in item.facts:
        text = row.get(fact.id)
        if text is None:
            continue
        value = cells.parse(fact.type, text, tuple(fact.values or ()))
        out[fact.id] = value if value is not cells.BAD else text if fact.type == "region" else _REFUSED
    return out


def python_rows(ruleset, apps: Iterable[tuple[int, str, str, date, Mapping[str, str | None]]]) -> list[tuple]:
    """Decision rows (``query.DECISION_COLUMNS``) of ``apps``: (row, item, region, on, cells)."""
    groups: dict[tuple, list] = defaultdict(list)
    for app in apps:
        groups[app[1:4]].append(app)
    out: list[tuple] = []
    for (item_id, region, on), members in groups.items():
        out.extend(_group(ruleset, item_id, region, on, members))
    out.sort(key=lambda r: r[0])
    return out


def _group(ruleset, item_id: str, region: str, on: date, members: list) -> list[tuple]:
    found = ruleset.in_force(item_id, on) if item_id in ruleset.versions else None
    if found is None:
        code = "TB413" if item_id in ruleset.versions else "TB411"
        return [_error(app[0], item_id, None, code) for app in members]
    version = found.item.effective_from.isoformat()
    many = [facts_for(found.item, app[4]) for app in members]
    try:
        decisions = ruleset.decide_batch(item_id, many, region=region, on=on)
    except DecisionError:
        decisions = [_one(ruleset, item_id, facts, region, on) for facts in many]
    return [_row(app[0], item_id, version, d) for app, d in zip(members, decisions)]


def _one(ruleset, item_id, facts, region, on):
    try:
        return ruleset.decide(item_id, facts, region=region, on=on)
    except DecisionError as exc:
        return exc.code


def _error(row: int, item_id: str, version: str | None, code: str) -> tuple:
    return (row, item_id, version, code) + (None,) * 11


def _row(row: int, item_id: str, version: str, d) -> tuple:
    if isinstance(d, str):
        return _error(row, item_id, version, d)
    plan, setting = d.setting.plan, d.setting
    return (row, item_id, version, None, d.outcome, "".join(_FLAG[r] for r in d.results),
            "".join(_FLAG[n] for n in d.needed), _fee_flags(plan, d), " ".join(d.missing_facts),
            plan.in_scope(setting.region), " ".join(setting.modes), *_dues(setting.due))


def _fee_flags(plan, d) -> str:
    if plan.fees is None:
        return ""
    applied, pending = d.fee_rows
    done, open_ = {r["id"] for r in applied}, {r["id"] for r in pending}
    return "".join("T" if e.id in done else "?" if e.id in open_ else "F" for e, _ in plan.fees[2])


def _dues(due: tuple) -> tuple:
    out: list[str | None] = []
    for entry in due:  # legal, promised: (due, due if extended, marks) or None
        out += [None, None] if entry is None else [entry[0].isoformat(), entry[1].isoformat() if entry[1] else None]
    return tuple(out)
