"""Decisions: ``(item, facts, accepting region, date) → Decision`` — pure, explained, region-invariant.

Nothing here reads files, the clock or global state: the date of application ``on`` is an
argument.  A decision carries

* ``outcome`` — ``eligible`` when every condition passed, ``ineligible`` as soon as one failed
  (even if others are unknown), ``undetermined`` otherwise;
* each condition's status (passed / failed / unknown), sentence and legal basis;
* ``missing_facts`` — the facts whose value can still change the outcome (those the unknown
  conditions' residuals still name), in declaration order; each unknown condition, material
  and fee entry carries its residual in words (``residuals``);
* the materials this case needs, with what may replace each (电子证照, shared data);
* time limits with due dates (工作日 / 自然日 / 即办, see ``calendar``) and the fee; a due date
  counted over a year that has no State Council holiday notice yet is ``provisional`` (the
  calendar of 《全国年节及纪念日放假办法》), with the reason;
* modes and routing, the only parts that depend on the accepting region.

Bad requests raise ``DecisionError`` with a code: TB401 a date the calendar cannot count (before
its first year, or past the notices when the rule set has no holiday measures), TB410 a fact
of the wrong type, TB411 unknown item, TB412 bad date argument, TB413 no version in force,
TB414 unknown region, TB415 an undeclared fact, TB416 an item whose rule file has errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from ..errors import DecisionError
from ..lang.expr import ACCEPTING
from ..model import items as m
from .decision import Decision, Setting
from .plan import CompiledItem, Plan, _fee_rows, _needed_flags
from .residuals import open_parts

# ------------------------------------------------------------------ input checks


def _version(ruleset, item_id: str, on: object) -> CompiledItem:
    if item_id not in ruleset.versions:
        raise DecisionError("TB411", item=item_id)
    if type(on) is not date:
        raise DecisionError("TB412", on=on)
    found = ruleset.in_force(item_id, on)
    if found is None:
        spans = "、".join(f"{v.effective_from}–{v.effective_until or ''}" for v in ruleset.items[item_id])
        raise DecisionError("TB413", item=item_id, on=on, spans=spans)
    if found.compiled is None:  # only in a RuleSet from load_tree() that carried errors
        raise DecisionError("TB416", item=item_id)
    return found.compiled


def _region(ruleset, region: object, on: date) -> str:
    why = ruleset.regions.refusal(region, on)
    if why is not None:
        raise DecisionError("TB414", variant=why[0], **why[1])
    return region  # type: ignore[return-value]


def _facts(plan: Plan, facts: Mapping[str, object], on: date, in_use: set | None = None) -> dict[str, object]:
    """The facts checked (TB410, TB415, TB414); ``in_use``: region codes already found in use on
    ``on`` (a batch shares them)."""
    if facts.__class__ is not dict and not isinstance(facts, Mapping):  # a dict: no ABC check
        raise DecisionError("TB410", variant="facts")
    out = {}
    validators = plan.validators
    for key, value in facts.items():
        check = validators.get(key)
        if check is None:
            raise DecisionError("TB415", item=plan.item.id, key=key, known="、".join(validators) or "（无）",
                                known_en=", ".join(validators))
        if value is not None:
            out[key] = check(value)
    for key, check_in_use in plan.region_facts:  # listed codes: are they in use on the day decided?
        code = out.get(key)
        if code is not None and (in_use is None or code not in in_use):
            check_in_use(code, on)
            if in_use is not None:
                in_use.add(code)
    return out


# ------------------------------------------------------------------ the decision


def decide(ruleset, item_id: str, facts: Mapping[str, object], *, region: str, on: date) -> Decision:
    return decide_batch(ruleset, item_id, (facts,), region=region, on=on)[0]


def eligible(ruleset, item_id: str, facts: Mapping[str, object], *, on: date,
             region: str | None = None) -> bool | None:
    """Only the outcome, as True (eligible), False (ineligible) or None (undetermined): the
    conjunction of the item's conditions, compiled once, after the same checks of the facts.
    Without ``region`` (the accepting region) a condition that relates to it stays unknown."""
    compiled = _version(ruleset, item_id, on)
    values = _facts(compiled.plan, facts, on)
    if region is not None and compiled.uses_accepting:
        values[ACCEPTING] = _region(ruleset, region, on)
    return compiled.eligible(values, on)


def decide_batch(ruleset, item_id: str, many: Iterable[Mapping[str, object]], *, region: str,
                 on: date) -> list[Decision]:
    """Decide many cases of one item at one accepting region on one date.

    What depends only on (item, region, date) — the version, modes, due dates, which region codes
    are in use — is worked out once; each case then costs its facts and one generated function
    for its conditions, materials and fee.  Each decision equals ``decide`` for the same case.
    """
    compiled = _version(ruleset, item_id, on)
    setting = compiled.settings.get((region, on))
    if setting is None:
        setting = _setting(ruleset, compiled, region, on)
    plan: Plan = compiled.plan
    fact, accepting = plan.item.routing.handling_region_fact, compiled.uses_accepting
    evaluate, conditions, materials, fees = compiled.evaluate_case
    out: list[Decision] = []
    in_use: set[object] = set()
    for facts in many:
        values = _facts(plan, facts, on, in_use)
        if accepting:
            values[ACCEPTING] = region
        every = evaluate(values, on)
        results = every[conditions]
        fee_rows, fee_total = _fee(plan, compiled, every[fees])
        needed = _needed(plan, compiled, every[materials])
        pending = fee_rows is not None and bool(fee_rows[1])
        missing, opened = _NOTHING_OPEN
        if None in results or None in needed or pending:
            missing, opened = open_parts(compiled, results, needed, pending, values, on)
        outcome = "ineligible" if False in results else "undetermined" if None in results else "eligible"
        handling = values.get(fact) if fact else region  # a region fact holds a code
        out.append(_decision(Decision, (setting, outcome, results, missing, needed, handling, fee_rows, fee_total,
                                        opened)))  # the fields in order: ``Decision`` without its keywords
    return out


_NOTHING_OPEN: tuple[tuple[str, ...], None] = ((), None)
_decision = tuple.__new__


#: settings kept per compiled item version; past it the memo starts afresh
SETTINGS_LIMIT = 1024


def _setting(ruleset, compiled: CompiledItem, region: str, on: date) -> Setting:
    """What a decision on ``compiled`` at ``region`` on ``on`` shares with every other such
    decision (modes, due dates, process steps), worked out once and kept (``compiled.settings``):
    the requests of a service mostly repeat a few regions on today's date."""
    if not ruleset.regions.is_known(region, on):
        _region(ruleset, region, on)  # raises TB414
    plan: Plan = compiled.plan
    modes = tuple(name for name, test in plan.mode_scopes if test(region)) if plan.in_scope(region) else ()
    due = tuple(None if limit is None else _due(ruleset.calendar, limit, on) for _, limit, _ in plan.limits)
    steps = _steps(ruleset.calendar, plan.steps, on) if plan.steps else ()
    memo = compiled.settings
    if len(memo) >= SETTINGS_LIMIT:
        memo.clear()
    found = memo[(region, on)] = Setting(plan=plan, region=region, on=on, modes=modes, due=due, steps=steps,
                                         regions=ruleset.regions, digest=ruleset.digest)
    return found


def _due(calendar, limit: m.TimeLimit, on: date) -> tuple[date, date | None, dict, dict]:
    """The due date (and the one if extended), each with its mark: ``provisional`` and, when it
    is counted over a year without a State Council notice, the reason in Chinese and English."""
    due = calendar.due(on, limit.value, limit.unit)
    ext = limit.extension
    if ext is None:
        return due.date, None, _mark(calendar, due.provisional), {}
    extended = calendar.due(due.date, ext.value, ext.unit)
    years = extended.provisional if not due.provisional else tuple(sorted({*due.provisional, *extended.provisional}))
    return due.date, extended.date, _mark(calendar, due.provisional), _mark(calendar, years)


def _steps(calendar, steps: tuple, on: date) -> tuple[tuple[date, date, dict], ...]:
    """Process steps with limits, one after the other from ``on``: each (start, due, mark)."""
    out, start = [], on
    for _, limit, _ in steps:
        due = calendar.due(start, limit.value, limit.unit)
        out.append((start, due.date, _mark(calendar, due.provisional)))
        start = due.date
    return tuple(out)


_NOT_PROVISIONAL = {"provisional": False}


def _mark(calendar, years: tuple[int, ...]) -> dict:
    if not years:
        return _NOT_PROVISIONAL
    zh, en = calendar.provisional_reason(years)
    return {"provisional": True, "provisional_reason": {"zh": zh, "en": en}}


def _needed(plan: Plan, compiled: CompiledItem, flags: tuple) -> tuple:
    """Per material, from the results of the materials' ``required_when`` (in order)."""
    if not flags:
        return plan.all_needed
    return plan.needed_table.get(flags) or _needed_flags(plan, flags)


def _fee(plan: Plan, compiled: CompiledItem, results: tuple) -> tuple[tuple | None, str | None]:
    """Fee rows and total, from the results of the fee entries' ``when`` (in order)."""
    if plan.fees is None:
        return None, None
    if plan.fees[0]:
        return ((), ()), "0"
    return plan.fee_table.get(results) or _fee_rows(plan, compiled, results)


