"""TB8xx — regional implementation lists (实施清单, 无差别受理) and the task list (任务清单)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from ..calendar.limits import Verdict, compare, describe
from ..diagnostics import Severity
from ..model import items as m
from ..regions import in_scope
from .base import Context, Finding, rule


@rule("TB801")
def regional_limit_exceeds(ctx: Context) -> Iterator[Finding]:
    """A regional list promises a longer time limit than the canonical item.

    What: an entry's ``promised_limit`` may only shorten the canonical item's
    ``promised_limit`` (or, when the item promises nothing of its own, its ``legal_limit``: a
    promise with ``set_by`` was made by another place and binds no region here).  The
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
    memo = ctx.limit_verdicts
    for impl in ctx.ruleset.implementations.values():
        for i, entry in enumerate(impl.items):
            item = ctx.current_summary(entry.item)
            if item is None or entry.promised_limit is None:
                continue
            own = item.promised_limit if item.promised_limit and not item.promised_limit.set_by else None
            canon = own or item.legal_limit
            if canon is None:
                continue
            verdict = compare(entry.promised_limit, canon, ctx.ruleset.calendar, memo)
            if verdict in (Verdict.LONGER, Verdict.SOMETIMES):
                local, other = describe(entry.promised_limit), describe(canon)
                yield Finding(target=impl, path=("items", i, "promised_limit", "value"),
                              variant="" if own else "legal",
                              params={"local": local[0], "local_en": local[1], "canon": other[0], "canon_en": other[1]})


@rule("TB802")
def office_outside_region(ctx: Context) -> Iterator[Finding]:
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
                yield Finding(target=impl, path=("offices", i, "region"),
                              params={"office_region": office.region, "region": impl.region})


@rule("TB803")
def office_phone_missing(ctx: Context) -> Iterator[Finding]:
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
            missing = [name for name, v in (("consult", office.consult_phone), ("complaint", office.complaint_phone))
                       if not v]
            if missing:
                yield Finding(target=impl, path=("offices", i, "id"), variant="" if len(missing) == 2 else missing[0],
                              params={"office": office.id})


@rule("TB804")
def same_phones(ctx: Context) -> Iterator[Finding]:
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
                yield Finding(target=impl, path=("offices", i, "complaint_phone"), params={"office": office.id})


@rule("TB805")
def list_region_outside_scope(ctx: Context) -> Iterator[Finding]:
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
            item = ctx.current_summary(entry.item)
            if item is None:
                continue
            # ``Scope`` validates that a group scope names its group
            if item.scope.kind == "group" and ctx.ruleset.regions.group(cast(str, item.scope.group)) is None:
                continue  # dangling group: TB301
            if not in_scope(ctx.ruleset, item.scope, impl.region):
                yield Finding(target=impl, path=("items", i, "item"), params={"item": item.id, "region": impl.region})


_AREA = re.compile(r"^(\d{6})000000$")


@rule("TB806")
def implementation_code_region(ctx: Context) -> Iterator[Finding]:
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
                    yield Finding(target=impl, path=("items", i, "implementation_code"),
                                  params={"area": found.group(1), "region": impl.region})
                    break


@rule("TB850")
def task_deadline_unmet(ctx: Context) -> Iterator[Finding]:
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
        if any(v.status == "reviewed" and set(task.modes) <= set(v.offered)
               for item_id in task.items for v in ctx.summaries.get(item_id, ())):
            continue
        yield Finding(target=tasks, path=("tasks", i, "id"), variant="modes" if task.modes else "", severity=severity,
                      params={"task": task.id, "name": task.name, "deadline": deadline,
                              "modes": "、".join(m.MODES[x] for x in task.modes), "modes_en": ", ".join(task.modes)})


CHECKS = (regional_limit_exceeds, office_outside_region, office_phone_missing, same_phones,
          list_region_outside_scope, implementation_code_region, task_deadline_unmet)
