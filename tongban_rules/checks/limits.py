"""TB7xx — time limits (办结时限) and fees (收费标准).

Time limits are compared with ``timelimits.compare`` (see there for the exact definition
across 工作日 / 自然日 / 即办).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..calendar.limits import Verdict, compare, describe
from ..model import items as m
from .base import Context, Finding, rule
from .horizon import calendar_horizon


def _compare(ctx: Context, a: m.TimeLimit, b: m.TimeLimit) -> Verdict:
    return compare(a, b, ctx.ruleset.calendar, ctx.limit_verdicts)


@rule("TB701")
def promised_exceeds_legal(ctx: Context) -> Iterator[Finding]:
    """The promised time limit (承诺时限) is longer than the legal one (法定时限).

    What: ``promised_limit`` must not be longer than ``legal_limit``.  Across units the
    comparison is made on due dates (see *Time limits compared* below): reported when the
    promise is longer on every application date; TB702 when only on some.
    Why: 川办发〔2020〕76号 二（一）: 办理时限 are part of the unified business rules; a promise is a
    commitment to be faster than the law, never slower.
    Example:
        legal_limit: {value: 20, unit: working_days}
        promised_limit: {value: 30, unit: calendar_days}
    Fix: shorten the promise, or correct the legal limit (and its ``basis``).
    """
    for item in ctx.items():
        if item.legal_limit is None or item.promised_limit is None:
            continue
        if _compare(ctx, item.promised_limit, item.legal_limit) is Verdict.LONGER:
            promised, legal = describe(item.promised_limit), describe(item.legal_limit)
            yield Finding(target=item, path=("promised_limit", "value"),
                          params={"promised": promised[0], "promised_en": promised[1], "legal": legal[0], "legal_en": legal[1]})


@rule("TB702")
def limits_not_comparable(ctx: Context) -> Iterator[Finding]:
    """A promised limit is longer than the legal limit on some application dates only, or cannot be compared.

    What: when ``promised_limit`` and ``legal_limit`` use different units (工作日 against 自然日),
    the promise may end after the legal limit for some application dates (around weekends and
    holidays) and before it for others; or the working-day calendar may not cover enough
    years to tell.
    Why: 川办发〔2020〕76号 二（一）: the time limit must be unambiguous and the same everywhere;
    a promise that beats the law only on some days is not a clear commitment.
    Example:
        legal_limit: {value: 20, unit: calendar_days}
        promised_limit: {value: 15, unit: working_days}
    Fix: state both limits in the same unit (as the law states it), or shorten the promise
    until it is never longer.
    """
    for item in ctx.items():
        if item.legal_limit is None or item.promised_limit is None:
            continue
        verdict = _compare(ctx, item.promised_limit, item.legal_limit)
        if verdict in (Verdict.SOMETIMES, Verdict.UNKNOWN):
            promised, legal = describe(item.promised_limit), describe(item.legal_limit)
            yield Finding(target=item, path=("promised_limit", "unit"),
                          variant="" if verdict is Verdict.SOMETIMES else "unknown",
                          params={"promised": promised[0], "promised_en": promised[1], "legal": legal[0], "legal_en": legal[1]})


@rule("TB703")
def step_limits_exceed_legal(ctx: Context) -> Iterator[Finding]:
    """The time limits of the process steps add up to more than the legal limit.

    What: the ``limit`` s of ``process`` steps in the legal limit's unit (即办 steps count 0)
    must not add up to more than ``legal_limit.value``.  Steps in another unit are left out,
    so the sum is a lower bound and the warning is never wrong about the steps counted.
    Why: 川办发〔2020〕76号 二（一）: 审核程序 and 办理时限 are one set of rules; steps that cannot fit
    in the legal limit mean one of them is wrong (or a step is excluded from the limit and
    should say so, e.g. 听证、检验 under 行政许可法 第四十五条).
    Example:
        legal_limit: {value: 20, unit: working_days}
        process:
          - {name: 审核, limit: {value: 15, unit: working_days}}
          - {name: 决定, limit: {value: 10, unit: working_days}}
    Fix: correct the step limits, or move a step that the law excludes from the limit out of
    the sum by giving its limit in another unit and explaining it in the step ``description``.
    """
    for item in ctx.items():
        legal = item.legal_limit
        if legal is None or legal.unit == "immediate":
            continue
        total = sum(s.limit.value for s in item.process if s.limit is not None and s.limit.unit == legal.unit)
        if total > legal.value:
            yield Finding(target=item, path=("legal_limit", "value"),
                          params={"total": total, "legal": legal.value, "unit": m.UNITS[legal.unit],
                                  "unit_en": legal.unit})


def _is_licensing_law_42(ctx: Context, cite: m.Citation | None) -> bool:
    if cite is None:
        return False
    law = ctx.ruleset.laws.get(cite.law)
    title = law.title if law else ""
    is_law = cite.law == "administrative-licensing-law" or title.removeprefix("中华人民共和国") == "行政许可法"
    return is_law and cite.article == "第四十二条"


_TWENTY_WORKING_DAYS = m.TimeLimit(value=20, unit="working_days")


@rule("TB704")
def licensing_limit_without_special_provision(ctx: Context) -> Iterator[Finding]:
    """A 行政许可 item's legal limit exceeds 20 working days without a special provision.

    What: for ``item_type: "01"`` (行政许可), a ``legal_limit`` longer than 20 working days (on
    some or all application dates) must cite, in ``legal_limit.basis``, the special law or
    regulation that allows it — not 行政许可法 第四十二条, and not nothing.
    Why: 行政许可法 第四十二条 sets 20 working days unless 法律、法规另有规定; 川办发〔2020〕76号
    二（一） requires 办理时限 with their legal basis in the unified rules.
    Example:
        item_type: "01"
        legal_limit: {value: 30, unit: working_days, basis: {law: administrative-licensing-law, article: 第四十二条}}
    Fix: cite the provision that sets the longer limit, or correct the limit to 20 working days
    (the +10 days of 第四十二条 go under ``legal_limit.extension``).
    """
    for item in ctx.items():
        legal = item.legal_limit
        if item.item_type != "01" or legal is None:
            continue
        if legal.basis is not None and not _is_licensing_law_42(ctx, legal.basis):
            continue
        if _compare(ctx, legal, _TWENTY_WORKING_DAYS) in (Verdict.LONGER, Verdict.SOMETIMES):
            path = ("legal_limit", "basis") if legal.basis else ("legal_limit", "value")
            shown = describe(legal)
            yield Finding(target=item, path=path, params={"legal": shown[0], "legal_en": shown[1]})


_PRICING_KINDS = frozenset({"law", "administrative-regulation", "local-regulation", "rule", "normative-document"})


@rule("TB710")
def fee_basis_not_pricing_document(ctx: Context) -> Iterator[Finding]:
    """A fee cites as its basis a document that cannot set a fee (e.g. a technical standard).

    What: each fee entry's ``basis`` must be a law, regulation, rule or normative document
    (the 收费标准 of a 价格主管部门 or 财政部门 is a normative document) — not a ``standard``.
    Why: 川办发〔2020〕76号 二（一）: 收费标准 is part of the unified rules; only a pricing document
    can make a government service chargeable.
    Example:
        fees:
          free: false
          entries:
            - {id: fee, name: 工本费, amount: 20, basis: {law: gb-t-39046}}   # kind: standard
    Fix: cite the 收费标准 document (e.g. 发改价格〔…〕号) as the basis.
    """
    laws = ctx.ruleset.laws
    for item in ctx.items():
        if item.fees is None:
            continue
        for i, entry in enumerate(item.fees.entries):
            law = laws.get(entry.basis.law)
            if law is not None and law.kind not in _PRICING_KINDS:
                yield Finding(target=item, path=("fees", "entries", i, "basis", "law"),
                              params={"title": law.title, "kind": law.kind})


@rule("TB711")
def free_without_basis(ctx: Context) -> Iterator[Finding]:
    """The item is declared free of charge without citing why.

    What: ``fees: {free: true}`` should carry ``basis``: the document that makes the service
    free (or abolished its fee).
    Why: 川办发〔2020〕76号 二（一）: 收费标准 is part of the unified rules, with its basis; a free
    item in one region and a charged one in another is exactly what 同标准办理 forbids.
    Example:
        fees: {free: true}
    Fix: add ``basis: {law: …}`` (e.g. the notice that abolished the fee).
    """
    for item in ctx.items():
        if item.fees is not None and item.fees.free and item.fees.basis is None:
            yield Finding(target=item, path=("fees", "free"))


CHECKS = (promised_exceeds_legal, limits_not_comparable, step_limits_exceed_legal,
          licensing_limit_without_special_provision, calendar_horizon, fee_basis_not_pricing_document,
          free_without_basis)
