"""``tongban schema [-o schema]``: write the JSON Schema of every rule-file kind and of a decision
(``decision.schema.json``, ``Decision.to_dict()``) (exit status 0).

``tongban schema --facts ITEM [--rules DIR] [--on DATE]`` prints instead the JSON Schema of the facts
of one item, in the version in force on the day (``decide.facts_schema``); exit 1 with a coded
message for an unknown item (TB411), a day no version covers (TB413) or rules that do not load.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .options import Command, iso_date


def setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", default="schema", help="folder for the JSON Schema files (default: schema)")
    p.add_argument("--facts", metavar="ITEM_ID", help="print the JSON Schema of this item's facts instead")
    p.add_argument("--rules", default="rules", help="with --facts: the rules directory or a bundle (default: rules)")
    p.add_argument("--on", type=iso_date, default=None,
                   help="with --facts: the day whose version is described (default: today in China)")


def run(args: argparse.Namespace) -> int:
    if args.facts:
        return _facts(args)
    from ..decide.schema import decision_schema_text
    from ..impact.diff_schema import diff_schema_text
    from ..model.schemas import write_schemas

    for path in write_schemas(Path(args.output), {"decision.schema.json": decision_schema_text(),
                                                          "diff.schema.json": diff_schema_text()}):
        print(path)
    return 0


def _facts(args: argparse.Namespace) -> int:
    from ..calendar.today import china_today
    from ..decide.facts_schema import facts_schema
    from ..errors import DecisionError, RulesError
    from ..formats.text import format_text
    from ..load.loader import load_rules

    try:
        ruleset = load_rules(args.rules)
    except RulesError as exc:
        sys.stderr.write(format_text(exc.diagnostics))
        return 1
    on = args.on or china_today()
    item = ruleset.version(args.facts, on) if args.facts in ruleset.versions else None
    if item is None:
        refusal = DecisionError("TB411", item=args.facts) if args.facts not in ruleset.versions else DecisionError(
            "TB413", item=args.facts, on=on,
            spans="、".join(f"{v.effective_from}–{v.effective_until or ''}" for v in ruleset.items[args.facts]))
        print(f"{refusal.code} {refusal.message}", file=sys.stderr)
        return 1
    sys.stdout.write(json.dumps(facts_schema(item), ensure_ascii=False, indent=2) + "\n")
    return 0


COMMAND = Command(name="schema", help="write the JSON Schema of every rule-file kind and of a decision", setup=setup,
                  run=run, reads_rules=False)
