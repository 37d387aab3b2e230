"""TB8xx — regional implementation lists (实施清单, 无差别受理) and the task list (任务清单)."""

from __future__ import annotations

import re
from typing import Iterator

from ..model import items as m
from ..regions import in_scope
from ..diagnostics import Severity
from .base import Context, Hit, rule
from ..calendar.limits import Verdict, compare, describe


@rule("TB801", "regional-limit-exceeds-canonical", Severity.ERROR)
def regional_limit_exceeds(ctx: Context) -> Iterator[Hit]:
    """A regional list promises a longer time limit than the canonical item.

    What: an entry's ``promised_limit`` may only shorten the canonical item's
    ``promised_limit`` (or, when the item promises nothing, its ``legal_limit``).  The
    comparison across units is the one of TB701; a local promise that is longer on some
    application dates only is reported too.
    Why: 川办发〔2020〕76号 二（一）: 同一事项在不同地域无差别受理、同标准办理 — a region may be faster,
    never slower.
    Example:
        # item: promised_limit: {value: 10, unit: working_days}
        items:
          - item: demo-item
            promised_limit: {value: 15, unit: working_days}
    Fix: shorten the local promise or delete it (the canonical one applies).
    """
    memo = ctx.memo("limit-verdicts", dict)
    for impl in ctx.ruleset.implementations.values():
        for i, entry in enumerate(impl.items):
            item = ctx.current(entry.item)
            if item is None or entry.promised_limit is None:
                continue
            canon = item.promised_limit or item.legal_limit
            if canon is None:
                continue
            verdict = compare(entry.promised_limit, canon, ctx.ruleset.calendar, memo)  # type: ignore[arg-type]
            if verdict in (Verdict.LONGER, Verdict.SOMETIMES):
                local, other = describe(entry.promised_limit), describe(canon)
                which = ("承诺", "promised") if item.promised_limit else ("法定", "legal")
                yield Hit(impl, ("items", i, "promised_limit", "value"),
                          f"本地承诺时限（{local[0]}）长于统一的{which[0]}时限（{other[0]}）",
                          f"the local promised limit ({local[1]}) is longer than the canonical {which[1]} limit ({other[1]})",
                          "地方只能缩短承诺时限：改短或删除。", "a region may only shorten the limit: shorten or delete it.")


@rule("TB802", "office-outside-region", Severity.ERROR)
def office_outside_region(ctx: Context) -> Iterator[Hit]:
    """An office of a regional list lies outside the list's region.

    What: each ``offices[].region`` must be the list's ``region`` or lie inside it.
    Why: 川办发〔2020〕76号 二（七）: each level's 政务服务大厅 sets up its own 跨省通办 window; a
    county's list cannot publish another county's window.
    Example:
        region: "510104"
        offices:
          - {id: hall, name: 渝北区政务服务中心, region: "500112"}
    Fix: move the office to the list of its own region, or correct its region code.
    """
    regions = ctx.ruleset.regions
    for impl in ctx.ruleset.implementations.values():
        for i, office in enumerate(impl.offices):
            if not regions.within(office.region, impl.region):
                yield Hit(impl, ("offices", i, "region"), f"窗口所在区划 {office.region} 不在本清单的区划 {impl.region} 之内",
                          f"office region {office.region} is not inside the list's region {impl.region}",
                          "把该窗口移到其所在地区的实施清单，或改正区划代码。",
                          "move the office to its region's list, or fix the code.")


@rule("TB803", "office-phone-missing", Severity.WARNING)
def office_phone_missing(ctx: Context) -> Iterator[Hit]:
    """An office publishes no 咨询电话 or no 监督电话.

    What: each office should give ``consult_phone`` (咨询) and ``complaint_phone`` (监督投诉).
    Real lists do not always publish them, so this is a warning.
    Why: 川办发〔2020〕76号 二（七）: windows “公布…服务时间、咨询电话、办事须知”; GB/T 39046 lists 咨询电话
    and 监督电话 among the elements of an item's guide.
    Example:
        offices:
          - {id: hall, name: 锦江区政务服务中心, region: "510104"}
    Fix: add ``consult_phone`` and ``complaint_phone`` (12345 is the usual 监督 line).
    """
    for impl in ctx.ruleset.implementations.values():
        for i, office in enumerate(impl.offices):
            missing = [zh for zh, v in (("咨询电话", office.consult_phone), ("监督电话", office.complaint_phone)) if not v]
            if missing:
                en = [en for en, v in (("consult_phone", office.consult_phone),
                                       ("complaint_phone", office.complaint_phone)) if not v]
                yield Hit(impl, ("offices", i, "id"), f"窗口 {office.id} 没有公布" + "、".join(missing),
                          f"office {office.id} publishes no " + " / ".join(en),
                          "补充 consult_phone 和 complaint_phone（来源中没有的请在 sources 中说明）。",
                          "add consult_phone and complaint_phone.")


@rule("TB804", "same-consult-and-complaint-phone", Severity.ERROR)
def same_phones(ctx: Context) -> Iterator[Hit]:
    """An office's 咨询电话 and 监督电话 are the same number.

    What: ``consult_phone`` and ``complaint_phone`` must differ.
    Why: 川办发〔2020〕76号 三（十）、（十一）: complaints (好差评, 12345) go to a line other than the
    one that gives advice — supervision of the window by the window is none.
    Example:
        offices:
          - {id: hall, name: 某政务服务中心, region: "510104", consult_phone: "028-12345678",
             complaint_phone: "028-12345678"}
    Fix: give the 监督 line (often 12345) as ``complaint_phone``.
    """
    for impl in ctx.ruleset.implementations.values():
        for i, office in enumerate(impl.offices):
            if office.consult_phone and office.consult_phone == office.complaint_phone:
                yield Hit(impl, ("offices", i, "complaint_phone"), f"窗口 {office.id} 的监督电话与咨询电话相同",
                          f"office {office.id} has the same consult and complaint phone",
                          "监督投诉电话应与咨询电话不同（常用 12345）。", "the complaint line must differ (often 12345).")


@rule("TB805", "list-region-outside-item-scope", Severity.ERROR)
def list_region_outside_scope(ctx: Context) -> Iterator[Hit]:
    """A regional list implements an item whose scope does not include the list's region.

    What: for each entry, the list's ``region`` must be in the item's ``scope`` (the same test
    decisions use: ``decide.in_scope``).
    Why: 川办发〔2020〕76号 二（四）: 通办范围 — a 川渝通办 item is not implemented in Beijing; a list
    that offers it there promises what no rule supports.
    Example:
        # item: scope: {kind: group, group: chuanyu}
        region: "110105"
        items:
          - item: demo-item
    Fix: remove the entry, or widen the item's scope if the item really is handled there.
    """
    for impl in ctx.ruleset.implementations.values():
        for i, entry in enumerate(impl.items):
            item = ctx.current(entry.item)
            if item is None:
                continue
            if item.scope.kind == "group" and ctx.ruleset.regions.group(item.scope.group) is None:
                continue  # dangling group: TB301
            if not in_scope(ctx.ruleset, item.scope, impl.region):
                yield Hit(impl, ("items", i, "item"), f"事项 {item.id} 的通办范围不包括本清单的区划 {impl.region}",
                          f"the scope of item {item.id} does not include this list's region {impl.region}",
                          "删除该条目，或扩大事项的通办范围。", "remove the entry, or widen the item's scope.")


_AREA = re.compile(r"^(\d{6})000000$")


@rule("TB806", "implementation-code-region", Severity.WARNING)
def implementation_code_region(ctx: Context) -> Iterator[Hit]:
    """An 实施编码 carries the area code of another region.

    What: Sichuan 实施编码 embed the 12-digit area code of the implementing region
    (``<基本编码>-511602000000-000-<实施主体代码>-1-00``); when an entry's
    ``implementation_code`` has such a part, its 6-digit region must lie inside the list's
    region.
    Why: 川办发〔2020〕76号 二（一）: 编码 is one of the 四级四同 elements; a code copied from another
    county's list points the platform at the wrong 实施清单.
    Example:
        region: "511602"
        items:
          - item: ordinary-passport
            implementation_code: 511A0116400001-511621000000-000-11511300008778693M-1-00
    Fix: copy the 实施编码 from this region's own list on the platform.
    """
    regions = ctx.ruleset.regions
    for impl in ctx.ruleset.implementations.values():
        for i, entry in enumerate(impl.items):
            for part in (entry.implementation_code or "").split("-"):
                found = _AREA.match(part)
                if found and not regions.within(found.group(1), impl.region):
                    yield Hit(impl, ("items", i, "implementation_code"),
                              f"实施编码中的区划代码 {found.group(1)} 不在本清单的区划 {impl.region} 之内",
                              f"the area code {found.group(1)} in the implementation code is not inside {impl.region}",
                              "从本地区的实施清单中复制实施编码。", "copy the code from this region's own list.")
                    break


@rule("TB850", "task-deadline-unmet", Severity.WARNING)
def task_deadline_unmet(ctx: Context) -> Iterator[Hit]:
    """A task of the 任务清单 is past its deadline without a reviewed rule file offering its modes.

    What: as of ``--as-of`` (default: today), every task whose deadline (its own, else its
    batch's) has passed needs at least one item in ``items`` with a version of
    ``status: reviewed`` that offers every mode the task lists under ``modes``.  A warning
    by default; an error with ``--deadlines error``.
    Why: 川办发〔2020〕76号 一、三（八）、（十）: the task list sets batches and deadlines (第一批
    2020年底前…) and progress is supervised; the rule set is the evidence of that progress.
    Example:
        tasks:
          - id: t1
            batch: b1             # deadline 2020-12-31
            items: [demo-item]    # demo-item is status: draft
    Fix: review the item (``status: reviewed``) and make it offer the task's modes, or list
    the item that does implement the task.
    """
    tasks = ctx.ruleset.tasklist
    if tasks is None:
        return
    batches = {b.id: b for b in tasks.batches}
    severity = Severity.ERROR if ctx.deadlines == "error" else None
    for i, task in enumerate(tasks.tasks):
        batch = batches.get(task.batch)
        deadline = task.deadline or (batch.deadline if batch else None)
        if deadline is None or deadline >= ctx.as_of:
            continue
        if any(v.status == "reviewed" and set(task.modes) <= set(v.modes.offered())
               for item_id in task.items for v in ctx.ruleset.items.get(item_id, ())):
            continue
        need_zh = f"且提供{'、'.join(m.MODES[x] for x in task.modes)}" if task.modes else ""
        need_en = f" offering {', '.join(task.modes)}" if task.modes else ""
        yield Hit(tasks, ("tasks", i, "id"),
                  f"任务 {task.id}（{task.name}）已过期限 {deadline}，但没有已审核（status: reviewed）{need_zh}的规则文件",
                  f"task {task.id} is past its deadline {deadline} without a reviewed rule file{need_en}",
                  "审核对应事项的规则文件（status: reviewed）并提供任务要求的办理方式。",
                  "review the item's rule file (status: reviewed) and offer the task's modes.", severity=severity)


CHECKS = (regional_limit_exceeds, office_outside_region, office_phone_missing, same_phones,
          list_region_outside_scope, implementation_code_region, task_deadline_unmet)
