"""The impact report for people: text (Chinese, codes and ids as they are) and one
self-contained HTML page with charts and tables, nothing fetched.

In the page each chart is drawn here as inline SVG (horizontal bars: outcome transitions, fee
changes, due-date shifts, newly missing facts), so it reads offline; beside it, the chart's
Vega-Lite specification with its data is embedded (``<script type="application/vega-lite+json">``)
for anyone who wants to restyle it in a Vega-Lite tool.  The tables under each chart hold the
exact counts and example rows.
"""

from __future__ import annotations

import json
from html import escape

_STATE = {"eligible": "可办理", "ineligible": "不可办理", "undetermined": "待定"}
_LIMIT = {"legal": "法定办结时限", "promised": "承诺办结时限"}


def _state(value: str | None) -> str:
    return _STATE.get(value or "", value or "—")


def _rows(entry: dict) -> str:
    return "（例: 第 " + "、".join(str(r + 1) for r in entry["example_rows"]) + " 行）"


def format_report(report: dict) -> str:
    lines = [f"申请 {report['applications']} 件，引擎 {report['engine']}；结果未变 {report['unchanged_outcomes']} 件。",
             "", "结果变化:"]
    lines += [f"  {e['item']}: {_state(e['from'])} → {_state(e['to'])}  {e['count']} 件{_rows(e)}"
              for e in report["outcomes"]] or ["  （无）"]
    fees = report["fees"]
    lines += ["", f"费用变化: {fees['changed']} 件，合计 {fees['total_change']} 元；"
                  f"金额由未知变已知或相反 {fees['unknown_changes']} 件"]
    lines += [f"  {e['item']}: {e['from']} → {e['to']} 元  {e['count']} 件，合计 {e['total_change']} 元{_rows(e)}"
              for e in fees["by_item"]]
    lines += ["", f"办结期限变化: {report['due_dates']['shifted']} 件"]
    lines += [f"  {e['item']}: {_LIMIT[e['limit']]} {e['days']:+d} 天  {e['count']} 件{_rows(e)}"
              for e in report["due_dates"]["by_item"]]
    lines += ["", "新增缺少的事实:"]
    lines += [f"  {e['item']}: {e['fact']}  {e['count']} 件{_rows(e)}"
              for e in report["missing_facts"]["newly_missing"]] or ["  （无）"]
    return "\n".join(lines) + "\n"


_BAR, _WIDTH = 18, 360


def _label(entry: dict, keys: tuple[str, ...]) -> str:
    return " · ".join(_STATE.get(str(entry[k]), str(entry[k])) for k in keys)


def _svg(entries: list[dict], keys: tuple[str, ...]) -> str:
    if not entries:
        return "<p>（无）</p>"
    top = max(e["count"] for e in entries)
    rows = []
    for i, e in enumerate(entries[:30]):
        y, w = i * (_BAR + 4), max(1, round(_WIDTH * e["count"] / top))
        rows.append(f'<text x="0" y="{y + 13}" font-size="12">{escape(_label(e, keys))}</text>'
                    f'<rect x="420" y="{y}" width="{w}" height="{_BAR}" fill="#4c78a8"/>'
                    f'<text x="{424 + w}" y="{y + 13}" font-size="12">{e["count"]}</text>')
    height = len(rows) * (_BAR + 4)
    return f'<svg role="img" width="860" height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>'


def _spec(title: str, entries: list[dict], keys: tuple[str, ...]) -> str:
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "title": title,
            "data": {"values": [{"label": _label(e, keys), "count": e["count"]} for e in entries]},
            "mark": "bar", "encoding": {"y": {"field": "label", "type": "nominal", "sort": "-x"},
                                        "x": {"field": "count", "type": "quantitative"}}}
    text = json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/vega-lite+json">{text}</script>'


def _table(entries: list[dict], columns: tuple[str, ...]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in (*columns, "count", "example_rows"))
    body = "".join("<tr>" + "".join(f"<td>{escape(str(e.get(c)))}</td>" for c in (*columns, "count"))
                   + f"<td>{escape(', '.join(str(r + 1) for r in e['example_rows']))}</td></tr>" for e in entries)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _section(title: str, entries: list[dict], keys: tuple[str, ...], columns: tuple[str, ...]) -> str:
    chart = _svg(entries, keys) + _spec(title, entries, keys)
    return f"<section><h2>{escape(title)}</h2>{chart}{_table(entries, columns)}</section>"


def format_html(report: dict) -> str:
    fees, dues = report["fees"], report["due_dates"]
    parts = [
        f"<p>申请 {report['applications']} 件（引擎 {escape(report['engine'])}），结果未变 {report['unchanged_outcomes']} 件；"
        f"费用变化 {fees['changed']} 件，合计 {escape(fees['total_change'])} 元；办结期限变化 {dues['shifted']} 件。</p>",
        _section("结果变化 outcome transitions", report["outcomes"], ("item", "from", "to"), ("item", "from", "to")),
        _section("费用变化 fee changes", fees["by_item"], ("item", "from", "to"), ("item", "from", "to", "total_change")),
        _section("办结期限变化 due-date shifts (days)", dues["by_item"], ("item", "limit", "days"),
                 ("item", "limit", "days")),
        _section("新增缺少的事实 newly missing facts", report["missing_facts"]["newly_missing"], ("item", "fact"),
                 ("item", "fact")),
        "<section><h2>例子 examples</h2><pre>" + escape(json.dumps(report["examples"], ensure_ascii=False, indent=1))
        + "</pre></section>",
    ]
    style = ("body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:1em 0}"
             "td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}pre{font-size:12px;overflow:auto}")
    return ('<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>规则变更的影响 impact</title>'
            f"<style>{style}</style></head><body><h1>规则变更的影响</h1>{''.join(parts)}</body></html>\n")
