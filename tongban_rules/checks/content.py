"""TB90x — content: legal bases, completeness of reviewed items, prose vs machine drift."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import items as m
from .base import Context, Finding, citations, rule
from .prose import unmentioned


@rule("TB901")
def condition_without_basis(ctx: Context) -> Iterator[Finding]:
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
                yield Finding(target=item, path=("conditions", i, "id"), params={"condition": cond.id})


_ESSENTIALS = (("fees", "收费标准 fees"), ("promised_limit", "承诺时限 promised_limit"))


def _incomplete(ctx: Context, status: str) -> Iterator[Finding]:
    for item in ctx.items():
        if item.status != status:
            continue
        for field, label in _ESSENTIALS:
            if getattr(item, field) is None:
                yield Finding(target=item, path=("status",), params={"field": field, "label": label})


@rule("TB902")
def reviewed_item_incomplete(ctx: Context) -> Iterator[Finding]:
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


@rule("TB903")
def draft_item_incomplete(ctx: Context) -> Iterator[Finding]:
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


@rule("TB904")
def prose_machine_drift(ctx: Context) -> Iterator[Finding]:
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
                yield Finding(target=item, path=("conditions", i, "text"),
                              params={"condition": cond.id, "missing": "、".join(missing),
                                      "missing_en": ", ".join(missing)})


def _repealed(ctx: Context, cite: m.Citation):
    law = ctx.ruleset.laws.get(cite.law)
    return (law, law.repealed_on) if law is not None and law.repealed_on is not None else (law, None)


@rule("TB905")
def cites_repealed_law(ctx: Context) -> Iterator[Finding]:
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
                yield Finding(target=item, path=path + ("law",), params={"title": law.title, "repealed": repealed})


@rule("TB906")
def law_repealed_while_in_force(ctx: Context) -> Iterator[Finding]:
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
                yield Finding(target=item, path=path + ("law",), params={"title": law.title, "repealed": repealed})


CHECKS = (condition_without_basis, reviewed_item_incomplete, draft_item_incomplete, prose_machine_drift,
          cites_repealed_law, law_repealed_while_in_force)
