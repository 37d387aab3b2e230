"""A ``Diff`` laid out: ``text`` (terminal), ``markdown`` (a pull-request comment) and ``json``
(``diff_dict``, described by ``schema/diff.schema.json``).  All in Chinese; nothing is recomputed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from .diff import Diff, VersionDiff
from .diff_words import details, headline

__all__ = ["diff_dict", "render_diff", "DIFF_FORMATS"]

_ITEM = {"added": "新增事项", "removed": "删除事项", "changed": "修改", "cosmetic": "仅格式变化"}
_COSMETIC = {"ordering": "顺序", "formatting": "格式或注释"}
_REGISTRY = {"laws": "法律法规", "materials": "材料", "licences": "电子证照", "departments": "部门",
             "implementations": "实施清单", "calendar_years": "年度放假安排"}


def diff_dict(d: Diff) -> dict[str, Any]:
    """The diff as JSON-ready data (each change with its Chinese sentence, ``text``)."""
    plain = _plain
    return {
        "old": d.old, "new": d.new, "changed": d.changed, "counts": d.counts(),
        "items": [{"item": i.item, "name": i.name, "status": i.status, "versions": [{
            "effective_from": v.effective_from.isoformat(), "status": v.status,
            "base": v.base.isoformat() if v.base else None, "cosmetic": list(v.cosmetic),
            "changes": [{**c.to_dict(), "text": headline(c, d.names, plain), "details": details(c, plain)}
                        for c in v.changes]} for v in i.versions]} for i in d.items],
        "registries": {k: {"added": list(a), "removed": list(r), "changed": list(c)}
                       for k, (a, r, c) in d.registries.items()},
    }


def _plain(text: str) -> str:
    return text


def _tick(text: str) -> str:
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if text else text


def _summary(d: Diff) -> str:
    if not d.items and not d.changed:
        return "没有变化。"
    n = d.counts()
    text = f"{len(d.items)} 个事项有变化：新增 {n['added']}、删除 {n['removed']}、修改 {n['changed']}、仅格式 {n['cosmetic']}。"
    return text if d.changed else text + "所有变化均为顺序或格式调整，不影响办理。"


def _version_title(v: VersionDiff) -> str:
    day = v.effective_from.isoformat()
    if v.status == "added":
        return f"新增版本：{day} 起施行"
    if v.status == "removed":
        return f"删除版本：{day} 起施行的版本"
    if v.status == "split":
        return f"新增版本：{day} 起施行（由 {v.base} 起施行的版本拆分，以下为相对该版本的变化）"
    moved = f"（原 {v.base} 起施行）" if v.base else ""
    return f"{day} 起施行的版本{moved}" + ("：仅顺序或格式变化，不影响办理" if v.status == "cosmetic" else "")


def _lines(d: Diff, code: Callable[[str], str]) -> Iterator[tuple[int, str]]:
    """(depth, text): 0 an item, 1 a version, 2 a change, 3 a part of a change."""
    for item in d.items:
        yield 0, f"{item.name}（{code(item.item)}）· {_ITEM[item.status]}"
        for v in item.versions:
            yield 1, _version_title(v)
            for c in v.changes:
                yield 2, headline(c, d.names, code)
                for part in details(c, code):
                    yield 3, part
            if v.cosmetic and v.status != "cosmetic":
                yield 2, "另有" + "、".join(_COSMETIC[x] for x in v.cosmetic) + "调整（不影响办理）"
    for kind, (added, removed, changed) in d.registries.items():
        for word, ids in (("新增", added), ("删除", removed), ("修改", changed)):
            if ids:
                yield 0, f"{_REGISTRY[kind]}登记{word}：" + "、".join(code(i) for i in ids)


def render_markdown(d: Diff) -> str:
    out = [f"## 规则变更：{_tick(d.old)} → {_tick(d.new)}", "", _summary(d)]
    for depth, text in _lines(d, _tick):
        if depth == 0:
            out += ["", f"### {text}"]
        elif depth == 1:
            out += ["", f"**{text}**", ""]
        else:
            out.append("  " * (depth - 2) + f"- {text}")
    return "\n".join(out) + "\n"


def render_text(d: Diff) -> str:
    out = [f"规则变更：{d.old} → {d.new}", _summary(d)]
    for depth, text in _lines(d, _plain):
        out.append(("" if depth else "\n") + "  " * depth + ("- " if depth >= 2 else "") + text)
    return "\n".join(out) + "\n"


def render_json(d: Diff) -> str:
    return json.dumps(diff_dict(d), ensure_ascii=False, indent=2) + "\n"


DIFF_FORMATS: dict[str, Callable[[Diff], str]] = {"text": render_text, "markdown": render_markdown,
                                                    "json": render_json}


def render_diff(d: Diff, fmt: str) -> str:
    return DIFF_FORMATS[fmt](d)
