"""The impact report as text for a reader (Chinese, with the codes and ids as they are)."""

from __future__ import annotations

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
