"""TB5xx — identity of items and 四级四同 (name, code, basis and type the same at every level)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from .base import Context, Finding, rule


def _file(ctx: Context, model: object) -> str:
    origin = ctx.ruleset.origin(model)
    return origin.source.path if origin else "?"


@rule("TB501")
def overlapping_versions(ctx: Context) -> Iterator[Finding]:
    """Two files of one item are in force on the same day.

    What: every item id is unique at any date: the versions of one item (files with the same
    ``id``) must not overlap.  A version without ``effective_until`` is in force for good (that
    is how decisions pick a version), so every version but the latest needs an
    ``effective_until`` no later than the next version's ``effective_from``; two files with the
    same ``id`` and ``effective_from`` always overlap.  Reported on the later version's
    ``effective_from``.
    Why: 川办发〔2020〕76号 二（一）: one item, one set of business rules (统一业务规则和标准,
    同标准办理); two versions in force on one day give two answers to the same application.
    Example:
        # items/id-card/id-card@2025-01-01.yaml
        id: id-card
        effective_from: 2025-01-01
        effective_until: 2025-07-01      # the next version starts 2025-06-01
        # items/id-card/id-card.yaml
        id: id-card
        effective_from: 2025-06-01
    Fix: end the earlier version (``effective_until``) on the day the later one starts, or
    give one of the files another ``id`` if they are different items.
    """
    for versions in ctx.ruleset.items.values():
        for earlier, later in zip(versions, versions[1:]):
            if earlier.effective_until is not None and earlier.effective_until <= later.effective_from:
                continue
            other = _file(ctx, earlier)
            yield Finding(target=later, path=("effective_from",),
                          params={"item": later.id, "other": other, "start": earlier.effective_from})


def _mentions(note: str | None, day) -> bool:
    if not note:
        return False
    return day.isoformat() in note or f"{day.year}年{day.month}月{day.day}日" in note or \
        f"{day.year}年{day.month:02d}月{day.day:02d}日" in note


@rule("TB502")
def unexplained_gap(ctx: Context) -> Iterator[Finding]:
    """Between two versions of an item there are days when no version is in force, unexplained.

    What: when a version ends (``effective_until``) before the next one starts, the days in
    between have no rule.  Such a gap is accepted only when it is explained: the ``note`` of
    the earlier or of the later version names the first day of the gap (the earlier version's
    ``effective_until``) or its last day (the day before the later version's
    ``effective_from``), written ``2021-05-01`` or ``2021年5月1日``.
    Why: 川办发〔2020〕76号 二（一）: the business rules of an item are unified and continuous;
    a silent gap means applications on those days cannot be decided (decisions report TB413).
    Example:
        # items/x/x@2021-01-01.yaml
        effective_from: 2021-01-01
        effective_until: 2021-05-01
        # items/x/x.yaml              (no note names 2021-05-01 or 2021-05-31)
        effective_from: 2021-06-01
    Fix: make the earlier ``effective_until`` equal the later ``effective_from``, or say in a
    ``note`` why the item was suspended, naming the dates (e.g. "2021-05-01至2021-05-31暂停办理").
    """
    for versions in ctx.ruleset.items.values():
        for earlier, later in zip(versions, versions[1:]):
            until = earlier.effective_until
            if until is None or until >= later.effective_from:
                continue
            last = later.effective_from - timedelta(days=1)
            if any(_mentions(v.note, d) for v in (earlier, later) for d in (until, last)):
                continue
            yield Finding(target=later, path=("effective_from",),
                          params={"item": later.id, "first": until, "last": last})


@rule("TB503")
def duplicate_catalog_code(ctx: Context) -> Iterator[Finding]:
    """Two different items share one 基本编码 (catalog_code).

    What: the 基本编码 identifies one item of the national catalogue; versions of the same
    item may repeat it, different items may not.  The second item (by id) is reported.
    Why: 川办发〔2020〕76号 二（一）: 名称、编码、依据、类型等基本要素“四级四同” — one code, one item.
    Example:
        # items/a/item-a.yaml
        id: item-a
        catalog_code: "0000000001"
        # items/b/item-b.yaml
        id: item-b
        catalog_code: "0000000001"
    Fix: correct the code of one item from the national catalogue (国家政务服务平台基本目录),
    or merge the two files into versions of one item.
    """
    owner: dict[str, str] = {}
    for item_id in sorted(ctx.summaries):
        for version in ctx.summaries[item_id]:
            code = version.catalog_code
            if code is None:
                continue
            first = owner.setdefault(code, item_id)
            if first != item_id:
                yield Finding(target=version.file(), path=("catalog_code",), params={"code": code, "first": first})


_ELEMENTS = (("name", "事项名称", "name"), ("catalog_code", "基本编码", "catalog code"),
             ("item_type", "事项类型", "item type"))


@rule("TB504")
def regional_element_differs(ctx: Context) -> Iterator[Finding]:
    """A regional list names an item with a different name, 基本编码 or 事项类型 (四级四同).

    What: an entry of a regional implementation list (``regions/<code>.yaml``) may repeat
    ``name``, ``catalog_code`` and ``item_type`` of the item it implements; each one given
    must equal the canonical item's (the version in force on ``--as-of``, else the latest).
    Why: 川办发〔2020〕76号 二（一）: 名称、编码、依据、类型等基本要素“四级四同”, 无差别受理 —
    a region cannot rename or retype an item.
    Example:
        items:
          - item: demo-item
            name: 示例事项（锦江区）
    Fix: delete the element from the regional entry (the canonical file is the truth) or
    correct it to the canonical value.
    """
    for impl in ctx.ruleset.implementations.values():
        for i, entry in enumerate(impl.items):
            item = ctx.current_summary(entry.item)
            if item is None:
                continue
            for field, zh, en in _ELEMENTS:
                local = getattr(entry, field)
                if local is not None and local != getattr(item, field):
                    canon = getattr(item, field)
                    yield Finding(target=impl, path=("items", i, field),
                                  params={"element": en, "element_zh": zh, "local": local, "canon": canon})


CHECKS = (overlapping_versions, unexplained_gap, duplicate_catalog_code, regional_element_differs)
