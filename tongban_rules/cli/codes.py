"""``tongban codes``: every diagnostic code.

    tongban codes [--format text|json]

Text: one line per code — code, name, severity, what it means.  JSON: every code with its
family, documentation (what / why / example / fix) and message templates (Chinese and English,
by variant, with their hints).  The full reference is docs/codes.md.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..codes import Code
from .options import Command


def setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def run_codes(args: argparse.Namespace) -> int:
    from ..checks.docs import catalog  # the checks' documentation: loaded only for this command

    entries = catalog()
    if args.format == "json":
        sys.stdout.write(json.dumps([as_dict(e) for e in entries], ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write("".join(f"{e.code}  {e.name:<44} {e.severity.value:<8} {e.summary}\n" for e in entries))
    return 0


def as_dict(entry: Code) -> dict:
    messages = {variant: {"zh": t.zh, "en": t.en, "hint": t.hint, "hint_en": t.hint_en}
                for variant, t in entry.messages.items()}
    return {"code": entry.code, "name": entry.name, "severity": entry.severity.value,
            "family": entry.family.name, "summary": entry.summary, "what": entry.what, "why": entry.why,
            "example": entry.example, "fix": entry.fix, "messages": messages,
            "hints": {key: {"zh": zh, "en": en} for key, (zh, en) in entry.hints.items()}}


COMMAND = Command(name="codes", help="list every diagnostic code: its name, severity and meaning", setup=setup,
                  run=run_codes, reads_rules=False)
