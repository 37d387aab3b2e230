"""Decision speed on one 6-condition item, all in one run (issue: decisions).

* ``hand``      — hand-written Python for the item's eligibility (the baseline);
* ``compiled``  — our compiled eligibility check (the conjunction of the conditions, generated
  once as Python); also each condition's result (what ``decide`` uses) and ``RuleSet.eligible``
  (which first checks the facts' types);
* ``decide``    — our full ``RuleSet.decide`` (validation of facts, conditions, materials, modes,
  routing, due dates, fee, provenance);
* ``zen``       — the zen-engine package (GoRules JDM) on its fastest documented path,
  ``ZenEngine(loader).evaluate(key, context)`` (the graph parsed once and kept by the engine),
  with a graph equivalent to what ``decide`` answers: the eligibility expression plus decision
  tables for the fee, the materials and the modes; also the bare expression graph and a compiled
  expression.  ``create_decision(...).evaluate`` re-reads the graph on every call and is shown
  only to say so.

Medians of ``--repeat`` timing rounds; each round times ``--number`` calls.  The batch figure
is full decisions per second on one core over varied facts.
Usage: ``python benchmarks/bench_decide.py [--number 20000] [--repeat 7]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import timeit
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tongban_rules import load_rules  # noqa: E402

CONDITIONS = [
    ("adult", "年满16周岁", "age >= 16"),
    ("working-age", "未满60周岁", "age < 60"),
    ("reason", "因有效期满或丢失申请", 'reason in {"expired", "lost"}'),
    ("resident", "持有居住证", "is_resident"),
    ("elsewhere", "户籍不在四川省", 'hukou_region not in province("510000")'),
    ("income", "月收入不超过5000元", "income <= 5000"),
]
FACTS = {"age": 30, "reason": "lost", "is_resident": True, "hukou_region": "500112", "income": 3000}
ZEN_EXPR = ('age >= 16 and age < 60 and (reason == "expired" or reason == "lost") and is_resident '
            'and not startsWith(hukou_region, "51") and income <= 5000')


def hand(f: dict) -> bool:
    return (f["age"] >= 16 and f["age"] < 60 and f["reason"] in ("expired", "lost") and f["is_resident"]
            and f["hukou_region"][:2] != "51" and f["income"] <= 5000)


def make_rules(tmp: Path) -> Path:
    target = tmp / "rules"
    shutil.copytree(ROOT / "tests/fixtures/minimal", target)
    path = target / "items/demo/demo-item.yaml"
    text = path.read_text(encoding="utf-8")
    facts = ("  - id: is_resident\n    label: 是否持有居住证\n    type: bool\n"
             "  - id: income\n    label: 月收入\n    type: decimal\n")
    conds = "".join(f"  - id: {i}\n    text: {t}\n    when: '{w}'\n    basis: [{{law: demo-law}}]\n"
                    for i, t, w in CONDITIONS)
    start, end = text.index("conditions:\n"), text.index("materials:\n")
    text = text[:start] + "conditions:\n" + conds + text[end:]
    text = text.replace("conditions:\n", facts + "conditions:\n", 1)
    path.write_text(text, encoding="utf-8")
    (target / "cases/demo-item.yaml").unlink()
    return target


def zen_graph() -> str:
    node = {"id": "ex", "type": "expressionNode", "name": "eligibility", "position": {"x": 1, "y": 0},
            "content": {"expressions": [{"id": "e1", "key": "eligible", "value": ZEN_EXPR}]}}
    return json.dumps({
        "nodes": [{"id": "in", "type": "inputNode", "name": "in", "position": {"x": 0, "y": 0}}, node,
                  {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 2, "y": 0}}],
        "edges": [{"id": "a", "sourceId": "in", "targetId": "ex", "type": "edge"},
                  {"id": "b", "sourceId": "ex", "targetId": "out", "type": "edge"}]})


def _table(node_id: str, inputs: list[str], outputs: list[str], rows: list, policy: str = "first") -> dict:
    content = {"hitPolicy": policy, "outputPath": node_id,
               "inputs": [{"id": f"{node_id}-i{k}", "name": f, "field": f} for k, f in enumerate(inputs)],
               "outputs": [{"id": f"{node_id}-o{k}", "name": f, "field": f} for k, f in enumerate(outputs)],
               "rules": [{"_id": f"{node_id}-r{n}", **{f"{node_id}-i{k}": c for k, c in enumerate(ins)},
                          **{f"{node_id}-o{k}": c for k, c in enumerate(outs)}} for n, (ins, outs) in enumerate(rows)]}
    return {"id": node_id, "type": "decisionTableNode", "name": node_id, "position": {"x": 1, "y": 0},
            "content": content}


def zen_full_graph() -> str:
    """What ``decide`` answers, as JDM: eligibility, fee, materials and modes from the facts."""
    ex = {"id": "ex", "type": "expressionNode", "name": "eligibility", "position": {"x": 1, "y": 0},
          "content": {"expressions": [{"id": "e1", "key": "eligible", "value": ZEN_EXPR}]}}
    tables = [
        _table("fee", ["reason"], ["amount", "name"], [(['"lost"'], ["40", '"补领工本费"']),
                                                       (['"expired"'], ["20", '"换领工本费"'])]),
        _table("materials", ["reason"], ["material", "required"],
               [([""], ['"residence-permit"', "true"]), (['"expired"'], ['"old-id-card"', "true"])], "collect"),
        _table("modes", ["region"], ["mode"], [(['startsWith(region, "51")'], ['"proxy"']), ([""], ['"online"'])],
               "collect"),
    ]
    nodes = [{"id": "in", "type": "inputNode", "name": "in", "position": {"x": 0, "y": 0}}, ex, *tables,
             {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 2, "y": 0}}]
    edges = [edge for n in ("ex", "fee", "materials", "modes")
             for edge in ({"id": f"a-{n}", "sourceId": "in", "targetId": n, "type": "edge"},
                          {"id": f"b-{n}", "sourceId": n, "targetId": "out", "type": "edge"})]
    return json.dumps({"nodes": nodes, "edges": edges})


def per_call(fn, number: int, repeat: int) -> float:
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rules = load_rules(make_rules(Path(tmp)))
    on = date(2025, 6, 2)
    compiled = rules.in_force("demo-item", on).compiled
    facts = {**FACTS, "income": __import__("decimal").Decimal(3000)}
    assert compiled.eligible(facts, on) is True and all(compiled.evaluate_all(facts, on)) and hand(FACTS)
    results = {
        "hand-written Python": per_call(lambda: hand(FACTS), args.number, args.repeat),
        "compiled eligibility": per_call(lambda: compiled.eligible(facts, on), args.number, args.repeat),
        "compiled, each condition's result": per_call(lambda: compiled.evaluate_all(facts, on), args.number,
                                                       args.repeat),
        "RuleSet.eligible (checks facts)": per_call(lambda: rules.eligible("demo-item", FACTS, on=on),
                                                    args.number, args.repeat),
        "full decide": per_call(lambda: rules.decide("demo-item", FACTS, region="510104", on=on),
                                args.number // 4, args.repeat),
        "full decide + to_dict() + JSON": per_call(
            lambda: json.dumps(rules.decide("demo-item", FACTS, region="510104", on=on).to_dict(),
                               ensure_ascii=False, default=str), args.number // 10, args.repeat),
    }
    try:
        import zen
    except ImportError:
        print("zen-engine not installed: pip install zen-engine  (zen rows skipped)")
    else:
        graphs = {"full": zen_full_graph(), "expression": zen_graph()}
        engine = zen.ZenEngine({"loader": graphs.__getitem__})
        context = {**FACTS, "region": "510104"}
        answer = engine.evaluate("full", context)["result"]
        assert answer["eligible"] is True and answer["fee"]["amount"] == 40 and answer["modes"], answer
        results["zen-engine full graph, evaluate(key)"] = per_call(lambda: engine.evaluate("full", context),
                                                                   args.number // 10, args.repeat)
        results["zen-engine JDM graph"] = per_call(lambda: engine.evaluate("expression", FACTS), args.number // 10,
                                                   args.repeat)
        slow = zen.ZenEngine().create_decision(zen_graph())
        results["(zen create_decision().evaluate)"] = per_call(lambda: slow.evaluate(FACTS), args.number // 40,
                                                               args.repeat)
        expression = zen.compile_expression(ZEN_EXPR)
        results["zen-engine compiled expression"] = per_call(lambda: expression.evaluate(FACTS), args.number // 4,
                                                             args.repeat)
    base = results["hand-written Python"]
    print(f"median per call over {args.repeat} rounds (6-condition rule)")
    for name, seconds in results.items():
        print(f"  {name:32s} {seconds * 1e6:9.2f} µs   {seconds / base:7.1f}x hand-written")
    print(f"  compiled / hand-written: {results['compiled eligibility'] / base:.2f}x (target <= 2x)")
    print(f"  RuleSet.eligible / hand-written: {results['RuleSet.eligible (checks facts)'] / base:.2f}x (target <= 3x)")
    if "zen-engine full graph, evaluate(key)" in results:
        ours, theirs = results["full decide + to_dict() + JSON"], results["zen-engine full graph, evaluate(key)"]
        print(f"  decide + to_dict + JSON / zen full graph on its fast path: {ours / theirs:.2f}x (target <= 1x)")
    batch = [{**FACTS, "age": 10 + i % 70, "reason": ("expired", "lost")[i % 2]} for i in range(20000)]
    one_by_one = statistics.median(timeit.repeat(
        lambda: [rules.decide("demo-item", f, region="510104", on=on) for f in batch], number=1, repeat=3))
    batched = statistics.median(timeit.repeat(
        lambda: rules.decide_batch("demo-item", batch, region="510104", on=on), number=1, repeat=3))
    with_dicts = statistics.median(timeit.repeat(
        lambda: [d.to_dict() for d in rules.decide_batch("demo-item", batch, region="510104", on=on)],
        number=1, repeat=3))
    print(f"  one by one: {len(batch) / one_by_one:,.0f} full decisions/s on one core")
    print(f"  decide_batch: {len(batch) / batched:,.0f} full decisions/s on one core (target >= 100,000)")
    print(f"  decide_batch + to_dict(): {len(batch) / with_dicts:,.0f} decisions/s")


if __name__ == "__main__":
    main()
