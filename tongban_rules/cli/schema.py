"""``tongban schema [-o schema]``: write the JSON Schema of every rule-file kind and of a decision
(``decision.schema.json``, ``Decision.to_dict()``) (exit status 0)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .options import Command


def setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", default="schema", help="folder for the JSON Schema files (default: schema)")


def run(args: argparse.Namespace) -> int:
    from ..decide.schema import decision_schema_text
    from ..model.schemas import write_schemas

    for path in write_schemas(Path(args.output), {"decision.schema.json": decision_schema_text()}):
        print(path)
    return 0


COMMAND = Command(name="schema", help="write the JSON Schema of every rule-file kind and of a decision", setup=setup,
                  run=run, reads_rules=False)
