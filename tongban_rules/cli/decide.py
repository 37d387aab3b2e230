"""``tongban decide`` and ``tongban test``: decisions from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from ..calendar.today import china_today
from ..decide.cases import run_cases
from .main import command, iso_date
from ..decide.decide import Decision
from ..diagnostics import format_text
from ..errors import DecisionError, RulesError
from ..load.loader import load_rules
from ..model.items import MODES
from ..source.read import read_source

DEFAULT_REGION = "510000"  # 四川省: the programme this package started from


def _load(args: argparse.Namespace):
    try:
        return load_rules(args.rules)
    except RulesError as exc:
        sys.stderr.write(format_text(exc.diagnostics, args.lang))
        return None


# ------------------------------------------------------------------ decide


def _setup_decide(p: argparse.ArgumentParser) -> None:
    p.add_argument("item", metavar="ITEM_ID")
    p.add_argument("--facts", required=True, metavar="FILE", help="JSON or YAML mapping of facts; - for stdin")
    p.add_argument("--region", default=DEFAULT_REGION, help=f"accepting region code (default {DEFAULT_REGION})")
    p.add_argument("--on", type=iso_date, default=None,
                   help="date of application, YYYY-MM-DD (default: today in China, Asia/Shanghai)")
    p.add_argument("--rules", default="rules", help="rules directory (default: rules)")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")


def read_facts(name: str) -> dict:
    """Facts from a JSON or YAML file (or stdin); raises ValueError with a positioned message."""
    data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as json_error:
        parsed = read_source(data, name)
        if parsed.diagnostics:
            d = parsed.diagnostics[0]
            raise ValueError(f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}") from json_error
        value = parsed.value
    if not isinstance(value, dict):
        raise ValueError(f"{name}: facts must be a mapping (JSON object) of fact id to value")
    return {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}


@command("decide", "decide eligibility for one case (JSON on stdout)")(_setup_decide)
def run_decide(args: argparse.Namespace) -> int:
    try:
        facts = read_facts(args.facts)
    except OSError as exc:
        print(f"tongban decide: cannot read facts: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"tongban decide: {exc}", file=sys.stderr)
        return 1
    on = args.on or china_today()
    if args.on is None and args.format == "json":
        print(f"tongban decide: --on not given, using today in China (Asia/Shanghai): {on.isoformat()}",
              file=sys.stderr)
    ruleset = _load(args)
    if ruleset is None:
        return 1
    try:
        decision = ruleset.decide(args.item, facts, region=args.region, on=on)
    except DecisionError as exc:
        print(f"{exc.code} {exc.message if args.lang == 'zh' else exc.message_en}", file=sys.stderr)
        return 1
    if args.format == "json":
        json.dump(decision.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(explain(ruleset, decision, today=args.on is None))
    return 0


_OUTCOME = {"eligible": "符合受理条件", "ineligible": "不符合受理条件", "undetermined": "尚不能判断（信息不全）"}
_STATUS = {"passed": "✓ 满足", "failed": "✗ 不满足", "unknown": "? 待确认"}


def explain(ruleset, d: Decision, *, today: bool = False) -> str:
    """A readable Chinese explanation for window staff (``today``: the date was not given and is
    today in China)."""
    item = ruleset.items[d.item_id][-1]
    on = d.on.isoformat() + ("（未指定 --on，取北京时间今日）" if today else "")
    lines = [f"事项: {item.name}（{d.item_id}）", f"受理日期: {on}", f"结论: {_OUTCOME[d.outcome]}", "",
             "受理条件:"]
    for c in d.conditions:
        basis = "；".join(f"《{b['title']}》{b['article'] or ''}" for b in c["basis"])
        lines.append(f"  {_STATUS[c['status']]}  {c['text']}" + (f"  —— 依据: {basis}" if basis else ""))
    if d.missing_facts:
        labels = {f.id: f.label for f in ruleset.version(d.item_id, date.fromisoformat(d.provenance["on"])).facts}
        lines += ["", "还需了解: " + "、".join(labels.get(f, f) for f in d.missing_facts)]
    lines += ["", "申请材料:"]
    for mat in d.materials:
        extra = [f"可用{lic['name']}代替" for lic in mat["licences"]]
        if "shared_data" in mat:
            extra.append(f"可由{mat['shared_data']['department_name']}共享数据代替")
        need = "" if mat["required"] == "yes" else f"（{mat['required']}）"
        lines.append(f"  - {mat['name']}{need} 原件{mat['originals']}份 复印件{mat['copies']}份"
                     + (f"（{'；'.join(extra)}）" if extra else ""))
    lines += _routing_lines(d) + _limit_lines(d) + _fee_lines(d)
    return "\n".join(lines) + "\n"


def _routing_lines(d: Decision) -> list[str]:
    r = d.routing
    modes = "、".join(MODES[m] for m in d.modes) or "本地区不提供跨省通办方式"
    lines = ["", f"受理地: {r['accepting_region_name']}（{r['accepting_region']}）", f"办理方式: {modes}"]
    if r["handling_region"]:
        kind = "跨省" if r["cross_province"] else "省内"
        lines.append(f"业务属地: {r['handling_region_name']}（{r['handling_region']}，{kind}）")
    if r.get("transfer"):
        lines.append(f"材料流转: {r['transfer']}")
    return lines


def _limit_lines(d: Decision) -> list[str]:
    out = []
    for key, label in (("legal", "法定办结时限"), ("promised", "承诺办结时限")):
        limit = d.time_limits[key]
        if limit:
            value = "即办" if limit["unit"] == "immediate" else f"{limit['value']}个{limit['unit_name']}"
            note = f"（暂定：{limit['provisional_reason']['zh']}）" if limit["provisional"] else ""
            out.append(f"{label}: {value}，最迟 {limit['due']}{note}")
    return out


def _fee_lines(d: Decision) -> list[str]:
    fee = d.fee
    if not fee["known"]:
        return ["收费: 未公布"]
    if fee.get("free"):
        return ["收费: 不收费"]
    rows = [f"  - {e['name']} {e['amount']} 元" for e in fee["entries"]]
    total = f"{fee['total']} 元" if fee["total"] is not None else "待确认"
    return [f"收费: 合计 {total}", *rows]


# ------------------------------------------------------------------ test


def _setup_test(p: argparse.ArgumentParser) -> None:
    p.add_argument("rules", nargs="?", default="rules", help="rules directory (default: rules)")
    p.add_argument("--item", default=None, help="only the cases of this item")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")


@command("test", "run the decision cases beside the rules")(_setup_test)
def run_test(args: argparse.Namespace) -> int:
    ruleset = _load(args)
    if ruleset is None:
        return 1
    results = run_cases(ruleset, args.item)
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"FAIL {r.item} #{r.index + 1} {r.name}")
        if r.error is not None:
            print(f"  {r.error.code} {r.error.message if args.lang == 'zh' else r.error.message_en}")
        for key, expected, actual in r.mismatches:
            print(f"  {key}: expected {json.dumps(expected, ensure_ascii=False)}, "
                  f"got {json.dumps(actual, ensure_ascii=False)}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


__all__ = ["run_decide", "run_test", "explain", "read_facts"]
