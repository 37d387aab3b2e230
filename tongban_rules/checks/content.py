"""TB90x — content: legal bases, completeness of reviewed items, prose vs machine drift."""

from __future__ import annotations

from typing import Iterator

from ..model import items as m
from ..diagnostics import Severity
from .base import Context, Hit, citations, rule
from .prose import unmentioned


@rule("TB901", "condition-without-basis", Severity.WARNING)
def condition_without_basis(ctx: Context) -> Iterator[Hit]:
    """A condition (受理条件) cites no legal basis.

    What: each entry of ``conditions`` should have at least one ``basis`` citation.
    Why: 川办发〔2020〕76号 二（一）: 申请条件 are unified from the legal basis; a condition without
    one cannot be checked against the law, nor defended at the window.
    Example:
        conditions:
          - id: adult
            text: 年满16周岁
            when: age >= 16
    Fix: add ``basis: [{law: …, article: 第…条}]``.
    """
    for item in ctx.items():
        for i, cond in enumerate(item.conditions):
            if not cond.basis:
                yield Hit(item, ("conditions", i, "id"), f"受理条件 {cond.id} 没有引用法律依据",
                          f"condition {cond.id} cites no legal basis", "添加 basis（法规 id 和条款）。",
                          "add a basis (law id and article).")


_ESSENTIALS = (("fees", "收费标准 fees", "fees"), ("promised_limit", "承诺时限 promised_limit", "promised_limit"))


def _incomplete(ctx: Context, status: str) -> Iterator[Hit]:
    for item in ctx.items():
        if item.status != status:
            continue
        for field, zh, en in _ESSENTIALS:
            if getattr(item, field) is None:
                if status == "reviewed":
                    yield Hit(item, ("status",), f"已审核的事项缺少{zh}", f"a reviewed item lacks {en}",
                              f"从来源中补上 {field}，或把 status 改回 draft。",
                              f"add {field} from a source, or set status back to draft.")
                else:
                    yield Hit(item, ("status",), f"草稿事项尚缺{zh}", f"a draft item does not state {en} yet",
                              f"找到来源后补上 {field}。", f"add {field} once a source states it.")


@rule("TB902", "reviewed-item-incomplete", Severity.ERROR)
def reviewed_item_incomplete(ctx: Context) -> Iterator[Hit]:
    """A reviewed item does not state its fees or its promised time limit.

    What: an item with ``status: reviewed`` must have ``fees`` (free or charged) and
    ``promised_limit``.  Reported at ``status``.
    Why: 川办发〔2020〕76号 二（一）: 办理时限 and 收费标准 are among the business rules every guide
    states; a reviewed item is published, and 'unknown' is not a rule.
    Example:
        status: reviewed
        # no fees:, no promised_limit:
    Fix: add the missing elements from a source, or set ``status: draft``.
    """
    return _incomplete(ctx, "reviewed")


@rule("TB903", "draft-item-incomplete", Severity.INFO)
def draft_item_incomplete(ctx: Context) -> Iterator[Hit]:
    """A draft item does not state its fees or its promised time limit yet.

    What: the same test as TB902 for ``status: draft`` items, as information: what is still
    to be found before the item can be reviewed.
    Why: 川办发〔2020〕76号 二（一）: 办理时限 and 收费标准 belong to every item's rules.
    Example:
        status: draft
        # no fees:
    Fix: add the elements when a source states them.
    """
    return _incomplete(ctx, "draft")


@rule("TB904", "prose-machine-drift", Severity.WARNING)
def prose_machine_drift(ctx: Context) -> Iterator[Hit]:
    """A number or date of a condition's expression does not appear in its sentence.

    What: every number in ``when`` (``age >= 16``) must be stated in ``text`` (``年满16周岁`` or
    ``年满十六周岁``), and every ``date("2023-05-12")`` as ``2023-05-12`` or ``2023年5月12日``.
    Region codes and other text literals are not compared.
    Why: 川办发〔2020〕76号 二（一）: one item, one standard — the sentence in the guide and the
    machine condition must say the same thing, or window and platform decide differently.
    Example:
        conditions:
          - id: adult
            text: 年满18周岁
            when: age >= 16
    Fix: correct whichever of the two is wrong.
    """
    for item in ctx.items():
        for i, cond in enumerate(item.conditions):
            missing = unmentioned(cond.when, cond.text)
            if missing:
                shown = "、".join(missing)
                yield Hit(item, ("conditions", i, "text"), f"条件 {cond.id} 的表达式中的 {shown} 没有出现在条件文字中",
                          f"condition {cond.id}: {', '.join(missing)} from the expression is not in its text",
                          "核对条件文字和表达式，改正其中错误的一方。",
                          "check the sentence against the expression and correct the wrong one.")


def _repealed(ctx: Context, cite: m.Citation):
    law = ctx.ruleset.laws.get(cite.law)
    return (law, law.repealed_on) if law is not None and law.repealed_on is not None else (law, None)


@rule("TB905", "cites-repealed-law", Severity.ERROR)
def cites_repealed_law(ctx: Context) -> Iterator[Hit]:
    """An item version that starts after a law was repealed cites that law.

    What: a citation's law must not have ``repealed_on`` on or before the citing version's
    ``effective_from``.
    Why: 川办发〔2020〕76号 二（一）、三（九）: 依据 is one of the 四级四同 elements and follows the
    legal clean-up; a repealed provision cannot ground a rule.
    Example:
        # laws: {id: old-regulation, repealed_on: 2025-05-10}
        effective_from: 2025-06-01
        legal_basis:
          - law: old-regulation
    Fix: cite the law in force (often the one that repealed it).
    """
    for item in ctx.items():
        for path, cite in citations(item):
            law, repealed = _repealed(ctx, cite)
            if repealed is not None and repealed <= item.effective_from:
                yield Hit(item, path + ("law",), f"引用的《{law.title}》已于 {repealed} 废止",
                          f"'{law.title}' was repealed on {repealed}", "改引现行有效的法律法规。",
                          "cite the law in force.")


@rule("TB906", "law-repealed-while-in-force", Severity.WARNING)
def law_repealed_while_in_force(ctx: Context) -> Iterator[Hit]:
    """An item version stays in force after a law it cites was repealed.

    What: when a cited law's ``repealed_on`` falls after the version's ``effective_from`` and
    before its ``effective_until`` (or the version is open-ended), the rule outlives its basis.
    Why: 川办发〔2020〕76号 二（一）、三（九）: rules follow the law; a repeal calls for a new version.
    Example:
        # laws: {id: old-regulation, repealed_on: 2025-05-10}
        effective_from: 2021-06-01        # no effective_until
        legal_basis:
          - law: old-regulation
    Fix: end this version on the repeal date (``effective_until``) and add a version that
    cites the new law.
    """
    for item in ctx.items():
        for path, cite in citations(item):
            law, repealed = _repealed(ctx, cite)
            if repealed is None or repealed <= item.effective_from:
                continue
            if item.effective_until is None or repealed < item.effective_until:
                yield Hit(item, path + ("law",), f"引用的《{law.title}》于 {repealed} 废止，本版本在此后仍然有效",
                          f"'{law.title}' was repealed on {repealed} while this version stays in force",
                          "以废止日为 effective_until 结束本版本，并新建引用新法规的版本。",
                          "end this version on the repeal date and add a version citing the new law.")


CHECKS = (condition_without_basis, reviewed_item_incomplete, draft_item_incomplete, prose_machine_drift,
          cites_repealed_law, law_repealed_while_in_force)
