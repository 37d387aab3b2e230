"""TB61x–TB65x — the three handling modes (全程网办, 异地代收代办, 多地联办) and their scopes."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import items as m
from ..regions import in_scope
from .base import Context, Finding, rule


@rule("TB610")
def online_with_visits(ctx: Context) -> Iterator[Finding]:
    """The item offers 全程网办 but still needs the applicant on site.

    What: when ``modes.online`` is offered, ``presence.required`` must be false and
    ``presence.visits`` 0.
    Why: 川办发〔2020〕76号 二（二）: 全程网办 means 申请、受理、审核、办结、送件 all online — 到现场
    次数为 0 (a Ⅳ级 网办 item has zero visits).
    Example:
        modes:
          online: {platforms: [天府通办]}
        presence: {required: true, visits: 1, basis: {law: demo-law, article: 第二条}}
    Fix: replace every on-site step by a remote substitute (``online.substitutes``) and set
    ``visits: 0``, or offer 异地代收代办 instead of 全程网办.
    """
    for item in ctx.items():
        if item.modes.online is not None and (item.presence.required or (item.presence.visits or 0) > 0):
            yield Finding(target=item, path=("modes", "online"), at_key=True, params={"visits": item.presence.visits})


@rule("TB611")
def online_step_without_substitute(ctx: Context) -> Iterator[Finding]:
    """A process step needs presence but 全程网办 names no remote substitute for it.

    What: when ``modes.online`` is offered, every ``process`` step with ``presence: true`` must
    have an entry in ``modes.online.substitutes`` whose ``step`` is the step's ``name``.
    Why: 川办发〔2020〕76号 二（二）: “对有现场核验、认证、签名、领取等环节的事项，采取视频核验、电子认证、
    电子签名、快递送达等方式解决”.
    Example:
        modes:
          online: {substitutes: []}
        process:
          - name: 领取证件
            presence: true
    Fix: add ``{step: 领取证件, by: 快递送达}`` to ``modes.online.substitutes``.
    """
    for item in ctx.items():
        online = item.modes.online
        if online is None:
            continue
        replaced = {s.step for s in online.substitutes}
        for i, step in enumerate(item.process):
            if step.presence and step.name not in replaced:
                yield Finding(target=item, path=("process", i, "presence"), params={"step": step.name})


#: the two checks the receiving window does: the word a check must contain, the message variant when it lacks only that
_PROXY_CHECKS = (("形式审查", "review"), ("身份核验", "identity"))


@rule("TB620")
def proxy_checks_incomplete(ctx: Context) -> Iterator[Finding]:
    """异地代收代办 does not include 形式审查 and 身份核验 among the receiving window's checks.

    What: ``modes.proxy.checks`` must name both 形式审查 (formal review of the materials) and
    身份核验 (identity verification); a check containing those words counts.
    Why: 川办发〔2020〕76号 二（三）: “做好代收事项申请材料的形式审查、身份核验，通过邮件寄递至业务属地部门”.
    Example:
        modes:
          proxy:
            receivers: [跨省通办窗口]
            checks: [形式审查]
    Fix: add 身份核验 (or 形式审查) to ``checks``.
    """
    for item in ctx.items():
        proxy = item.modes.proxy
        if proxy is None:
            continue
        missing = [(word, variant) for word, variant in _PROXY_CHECKS if not any(word in c for c in proxy.checks)]
        if missing:
            variant = "" if len(missing) == len(_PROXY_CHECKS) else missing[0][1]
            yield Finding(target=item, path=("modes", "proxy", "checks"), variant=variant)


@rule("TB621")
def proxy_without_tracing(ctx: Context) -> Iterator[Finding]:
    """异地代收代办 does not say how responsibility is traced.

    What: ``modes.proxy.tracing`` should say how receipt, transfer and handling are recorded
    (e.g. 寄递单号全程留痕).
    Why: 川办发〔2020〕76号 二（三）: windows must set up “问题处理、监督管理、责任追溯等机制”, so that
    收件、经办权责清晰.
    Example:
        modes:
          proxy: {receivers: [窗口], checks: [形式审查, 身份核验], transfer: 邮政寄递, result_delivery: [post]}
    Fix: add ``tracing: …``.
    """
    for item in ctx.items():
        if item.modes.proxy is not None and not item.modes.proxy.tracing:
            yield Finding(target=item, path=("modes", "proxy"), at_key=True)


@rule("TB630")
def joint_single_authority(ctx: Context) -> Iterator[Finding]:
    """多地联办 names fewer than two authorities.

    What: ``modes.joint.authorities`` must list at least two cooperating authorities.
    Why: 川办发〔2020〕76号 二（一）、（四）: 多地联办 — one place accepts and the authorities of
    several places cooperate; with one authority it is ordinary handling.
    Example:
        modes:
          joint: {authorities: [迁入地公安机关]}
    Fix: list every authority that takes part (e.g. 迁入地公安机关, 迁出地公安机关).
    """
    for item in ctx.items():
        joint = item.modes.joint
        if joint is not None and len(set(joint.authorities)) < 2:
            yield Finding(target=item, path=("modes", "joint", "authorities"))


def scope_within(ruleset, inner: m.Scope, outer: m.Scope) -> bool | None:
    """Whether every region of ``inner`` lies in ``outer`` (None: a group is unknown)."""
    regions = ruleset.regions
    if outer.kind == "nationwide":
        return True
    if outer.kind == "group" and regions.group(outer.group) is None:
        return None
    if inner.kind == "nationwide":
        return False
    if inner.kind == "group":
        codes = regions.group(inner.group)
        if codes is None:
            return None
    else:
        codes = inner.provinces if inner.kind == "provinces" else (inner.province,)
    return all(in_scope(ruleset, outer, code) for code in codes)


_SCOPE_ZH = {"nationwide": "全国", "group": "区域组", "provinces": "指定省份", "intra_province": "省内"}


@rule("TB640")
def mode_scope_outside(ctx: Context) -> Iterator[Finding]:
    """A handling mode's own scope reaches beyond the item's scope.

    What: ``modes.<mode>.scope`` narrows where that mode is offered; it must lie inside the
    item's ``scope`` (an ``intra_province`` item cannot offer a mode across provinces, a
    川渝 item cannot offer one nationwide).
    Why: 川办发〔2020〕76号 二（四）: 通办范围 — 跨省通办, 川渝通办 and 省内通办 are separate scopes; a
    mode cannot be available where the item itself is not.
    Example:
        scope: {kind: intra_province, province: "510000"}
        modes:
          online: {scope: {kind: nationwide}}
    Fix: narrow the mode's scope, or widen the item's scope if the item really is handled there.
    """
    for item in ctx.items():
        for mode in item.modes.offered():
            scope = getattr(item.modes, mode).scope
            if scope is not None and scope_within(ctx.ruleset, scope, item.scope) is False:
                yield Finding(target=item, path=("modes", mode, "scope"),
                              params={"mode": mode, "mode_zh": m.MODES[mode], "scope": scope.kind,
                                      "scope_zh": _SCOPE_ZH[scope.kind], "item_scope": item.scope.kind,
                                      "item_scope_zh": _SCOPE_ZH[item.scope.kind]})


@rule("TB650")
def no_mode_offered(ctx: Context) -> Iterator[Finding]:
    """The item offers no handling mode.

    What: ``modes`` should offer at least one of ``online`` (全程网办), ``proxy`` (异地代收代办),
    ``joint`` (多地联办) and ``direct`` (就近办理: any window in scope accepts the application as at home).
    Why: 川办发〔2020〕76号 二（一）: 梳理“全程网办”“异地代收代办”“多地联办”等“跨省通办”实现方式 — an item
    of the programme is handled across provinces in at least one of these ways (the “等” covers
    items whose 属地 restriction is lifted altogether, such as 出入境证件“全国通办”).
    Example:
        modes: {}
    Fix: describe how the item is handled across regions, or, when that is not known yet,
    leave the item ``status: draft``.
    """
    for item in ctx.items():
        if not item.modes.offered():
            yield Finding(target=item, path=("modes",), at_key=True)


@rule("TB651")
def online_not_offered(ctx: Context) -> Iterator[Finding]:
    """No presence is required, yet 全程网办 is not offered.

    What: an item with ``presence.required: false`` that offers some mode should offer
    ``online`` too (items offering no mode at all are TB650).
    Why: 川办发〔2020〕76号 二（二）: 按照“应上尽上”的原则 — items that need no presence go online.
    Example:
        presence: {required: false}
        modes:
          joint: {authorities: [转入地, 转出地]}
    Fix: describe the 全程网办 channel under ``modes.online``, or say in ``modes.<mode>.note``
    why the item cannot go online yet.
    """
    for item in ctx.items():
        offered = item.modes.offered()
        if offered and "online" not in offered and not item.presence.required:
            notes = [getattr(item.modes, mode).note for mode in offered]
            if any(notes):
                continue
            yield Finding(target=item, path=("modes",), at_key=True)


CHECKS = (online_with_visits, online_step_without_substitute, proxy_checks_incomplete,
          proxy_without_tracing, joint_single_authority, mode_scope_outside, no_mode_offered, online_not_offered)
