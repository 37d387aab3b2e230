"""The 办理流程 as a simple vertical flow diagram: boxes and arrows, laid out here, drawn by
``templates/partials/flow.svg.html`` as inline SVG (no JavaScript, scales to a phone's width).

Text is wrapped by width units (a CJK character is one unit, other characters ~0.55), so the
layout is the same on every machine and needs no font metrics.
"""

from __future__ import annotations

import unicodedata

WIDTH = 340
BOX_X, BOX_W = 10, 320
PAD, LINE, FONT, GAP = 10, 20, 14, 30
UNITS_PER_LINE = (BOX_W - 2 * PAD) / FONT


def _units(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55


def wrap(text: str, width: float = UNITS_PER_LINE) -> list[str]:
    """Split ``text`` into lines of at most ``width`` units."""
    lines, line, used = [], "", 0.0
    for ch in text:
        u = _units(ch)
        if used + u > width and line:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += u
    if line or not lines:
        lines.append(line)
    return lines


def diagram(steps: list[dict]) -> dict | None:
    """Boxes (with their text lines) and arrows for the steps of a guide's ``process``."""
    if not steps:
        return None
    boxes, arrows, y = [], [], 10
    for step in steps:
        lines = [{"text": t, "strong": True} for t in wrap(f"{step['n']}. {step['name']}")]
        detail = "，".join(x for x in (step["actor"], step["limit"] and f"时限{step['limit']}",
                                      "需到现场" if step["presence"] else "") if x)
        lines += [{"text": t, "strong": False} for t in wrap(detail)] if detail else []
        height = 2 * PAD + LINE * len(lines)
        for i, line in enumerate(lines):
            line["y"] = y + PAD + LINE * i + 15
        boxes.append({"x": BOX_X, "y": y, "w": BOX_W, "h": height, "presence": step["presence"], "lines": lines,
                      "cx": BOX_X + BOX_W // 2})
        if len(boxes) > 1:
            arrows.append({"x": BOX_X + BOX_W // 2, "y1": boxes[-2]["y"] + boxes[-2]["h"], "y2": y - 2})
        y += height + GAP
    height = y - GAP + 10
    summary = " → ".join(s["name"] for s in steps)
    return {"width": WIDTH, "height": height, "boxes": boxes, "arrows": arrows, "summary": summary}
