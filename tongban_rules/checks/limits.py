"""TB7xx — time limits (办结时限) and fees (收费标准).

Time limits are compared with ``timelimits.compare`` (see there for the exact definition
across 工作日 / 自然日 / 即办).
"""

from __future__ import annotations

from typing import Iterator

from ..model import items as m
from ..diagnostics import Severity
from .base import Context, Hit, rule
from ..calendar.limits import Verdict, compare, describe
from .horizon import calendar_horizon


def _compare(ctx: Context, a: m.TimeLimit, b: m.TimeLimit) -> Verdict:
    memo = ctx.memo("limit-verdicts", dict)
    return compare(a, b, ctx.ruleset.calendar, memo)  # type: ignore[arg-type]


@rule("TB701", "promised-exceeds-legal", Severity.ERROR)
def promised_exceeds_legal(ctx: Context) -> Iterator[Hit]:
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
            p, l = describe(item.promised_limit), describe(item.legal_limit)
            yield Hit(item, ("promised_limit", "value"), f"承诺时限（{p[0]}）长于法定时限（{l[0]}）",
                      f"the promised limit ({p[1]}) is longer than the legal limit ({l[1]})",
                      "承诺时限应不长于法定时限。", "the promise must not be longer than the law allows.")


@rule("TB702", "limits-not-comparable", Severity.WARNING)
def limits_not_comparable(ctx: Context) -> Iterator[Hit]:
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
            p, l = describe(item.promised_limit), describe(item.legal_limit)
            zh = "在部分受理日期长于" if verdict is Verdict.SOMETIMES else "无法用工作日历判断是否长于"
            en = "is longer on some application dates than" if verdict is Verdict.SOMETIMES else \
                "cannot be compared (calendar) with"
            yield Hit(item, ("promised_limit", "unit"), f"承诺时限（{p[0]}）{zh}法定时限（{l[0]}）",
                      f"the promised limit ({p[1]}) {en} the legal limit ({l[1]})",
                      "两个时限使用同一单位，或缩短承诺时限。", "use one unit for both limits, or shorten the promise.")


@rule("TB703", "step-limits-exceed-legal", Severity.WARNING)
def step_limits_exceed_legal(ctx: Context) -> Iterator[Hit]:
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
            unit = m.UNITS[legal.unit]
            yield Hit(item, ("legal_limit", "value"), f"各办理环节时限合计 {total} 个{unit}，超过法定时限 {legal.value} 个{unit}",
                      f"the step limits add up to {total} {legal.unit}, more than the legal {legal.value}",
                      "核对各环节时限和法定时限。", "check the step limits against the legal limit.")


def _is_licensing_law_42(ctx: Context, cite: m.Citation | None) -> bool:
    if cite is None:
        return False
    law = ctx.ruleset.laws.get(cite.law)
    title = law.title if law else ""
    is_law = cite.law == "administrative-licensing-law" or title.removeprefix("中华人民共和国") == "行政许可法"
    return is_law and cite.article == "第四十二条"


_TWENTY_WORKING_DAYS = m.TimeLimit(value=20, unit="working_days")


@rule("TB704", "licensing-limit-without-special-provision", Severity.ERROR)
def licensing_limit_without_special_provision(ctx: Context) -> Iterator[Hit]:
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
            yield Hit(item, path, f"行政许可事项的法定时限（{describe(legal)[0]}）超过行政许可法第四十二条的20个工作日，须引用特别规定",
                      f"the legal limit of a licensing item ({describe(legal)[1]}) exceeds the 20 working days "
                      "of 行政许可法 第四十二条 and must cite the special provision",
                      "legal_limit.basis 应引用规定该期限的法律法规条款；延长的10日写在 extension 中。",
                      "cite the provision that sets this limit; the +10 days go under extension.")


_PRICING_KINDS = frozenset({"law", "administrative-regulation", "local-regulation", "rule", "normative-document"})


@rule("TB710", "fee-basis-not-pricing-document", Severity.ERROR)
def fee_basis_not_pricing_document(ctx: Context) -> Iterator[Hit]:
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
                yield Hit(item, ("fees", "entries", i, "basis", "law"),
                          f"收费依据《{law.title}》的类型是 {law.kind}，不能作为收费标准",
                          f"the fee basis '{law.title}' is a {law.kind}, which cannot set a fee",
                          "引用价格主管部门或财政部门的收费标准文件。", "cite the pricing document.")


@rule("TB711", "free-without-basis", Severity.WARNING)
def free_without_basis(ctx: Context) -> Iterator[Hit]:
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
            yield Hit(item, ("fees", "free"), "声明不收费，但没有引用依据", "declared free of charge without a basis",
                      "在 fees.basis 中引用免收费用或取消收费的文件。", "cite the document in fees.basis.")


CHECKS = (promised_exceeds_legal, limits_not_comparable, step_limits_exceed_legal,
          licensing_limit_without_special_provision, calendar_horizon, fee_basis_not_pricing_document,
          free_without_basis)
