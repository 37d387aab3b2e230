"""TB61x–TB65x — the three handling modes (全程网办, 异地代收代办, 多地联办) and their scopes."""

from __future__ import annotations

from typing import Iterator

from ..model import items as m
from ..regions import in_scope
from ..diagnostics import Severity
from .base import Context, Hit, rule


@rule("TB610", "online-with-visits", Severity.ERROR)
def online_with_visits(ctx: Context) -> Iterator[Hit]:
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
            yield Hit(item, ("modes", "online"), f"提供全程网办，但仍需到现场 {item.presence.visits} 次",
                      f"online handling is offered but {item.presence.visits} visit(s) are still needed",
                      "全程网办的到现场次数应为 0；或改为提供异地代收代办。",
                      "online handling needs zero visits; or offer proxy handling instead.", at_key=True)


@rule("TB611", "online-step-without-substitute", Severity.ERROR)
def online_step_without_substitute(ctx: Context) -> Iterator[Hit]:
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
                yield Hit(item, ("process", i, "presence"), f"环节“{step.name}”需要到场，但全程网办没有给出替代方式",
                          f"step '{step.name}' needs presence but online handling names no substitute for it",
                          f"在 modes.online.substitutes 中添加 {{step: {step.name}, by: …}}（视频核验、电子签名、快递送达等）。",
                          f"add {{step: {step.name}, by: …}} to modes.online.substitutes.")


_PROXY_CHECKS = (("形式审查", "formal review"), ("身份核验", "identity verification"))


@rule("TB620", "proxy-checks-incomplete", Severity.ERROR)
def proxy_checks_incomplete(ctx: Context) -> Iterator[Hit]:
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
        missing = [(zh, en) for zh, en in _PROXY_CHECKS if not any(zh in c for c in proxy.checks)]
        if missing:
            yield Hit(item, ("modes", "proxy", "checks"),
                      "代收代办的受理地审查缺少: " + "、".join(zh for zh, _ in missing),
                      "the proxy checks lack: " + ", ".join(en for _, en in missing),
                      "按川办发〔2020〕76号，受理地做形式审查和身份核验。",
                      "the receiving window does a formal review and an identity verification.")


@rule("TB621", "proxy-without-tracing", Severity.WARNING)
def proxy_without_tracing(ctx: Context) -> Iterator[Hit]:
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
            yield Hit(item, ("modes", "proxy"), "代收代办没有说明责任追溯方式（tracing）",
                      "proxy handling does not say how responsibility is traced (tracing)",
                      "写明 tracing，如“寄递单号全程留痕，收件和办理责任可追溯”。",
                      "add tracing, e.g. how parcels and hand-overs are recorded.", at_key=True)


@rule("TB630", "joint-single-authority", Severity.ERROR)
def joint_single_authority(ctx: Context) -> Iterator[Hit]:
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
            yield Hit(item, ("modes", "joint", "authorities"), "多地联办至少需要两个协同办理的机关",
                      "joint handling needs at least two cooperating authorities",
                      "列出受理地和业务属地等所有参与的机关。", "list every authority taking part.")


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


@rule("TB640", "mode-scope-outside-item-scope", Severity.ERROR)
def mode_scope_outside(ctx: Context) -> Iterator[Hit]:
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
                yield Hit(item, ("modes", mode, "scope"),
                          f"{m.MODES[mode]}的通办范围（{_SCOPE_ZH[scope.kind]}）超出了事项的通办范围（{_SCOPE_ZH[item.scope.kind]}）",
                          f"the scope of {mode} ({scope.kind}) reaches beyond the item's scope ({item.scope.kind})",
                          "缩小该方式的 scope，使其在事项的 scope 之内。", "narrow the mode's scope to lie inside the item's.")


@rule("TB650", "no-mode-offered", Severity.WARNING)
def no_mode_offered(ctx: Context) -> Iterator[Hit]:
    """The item offers none of the three handling modes.

    What: ``modes`` should offer at least one of ``online`` (全程网办), ``proxy`` (异地代收代办)
    and ``joint`` (多地联办).
    Why: 川办发〔2020〕76号 二（一）: 梳理“全程网办”“异地代收代办”“多地联办”等“跨省通办”实现方式 — an item
    of the programme is handled across provinces in at least one of these ways.
    Example:
        modes: {}
    Fix: describe how the item is handled across regions, or, when that is not known yet,
    leave the item ``status: draft``.
    """
    for item in ctx.items():
        if not item.modes.offered():
            yield Hit(item, ("modes",), "没有提供任何跨省通办方式（全程网办、异地代收代办、多地联办）",
                      "no handling mode is offered (online, proxy, joint)",
                      "在 modes 中写明至少一种实现方式。", "describe at least one mode under modes.", at_key=True)


@rule("TB651", "online-not-offered", Severity.WARNING)
def online_not_offered(ctx: Context) -> Iterator[Hit]:
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
            yield Hit(item, ("modes",), "不要求到场，但没有提供全程网办", "no presence is required, yet online handling is not offered",
                      "按“应上尽上”提供全程网办，或在该方式的 note 中说明暂不能网办的原因。",
                      "offer online handling, or explain in the mode's note why it cannot go online yet.", at_key=True)


CHECKS = (online_with_visits, online_step_without_substitute, proxy_checks_incomplete,
          proxy_without_tracing, joint_single_authority, mode_scope_outside, no_mode_offered, online_not_offered)
