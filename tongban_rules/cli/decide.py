"""``tongban decide`` and ``tongban test``: decisions from the command line.

    tongban decide ITEM_ID --facts FILE|- [--region CODE] [--on DATE] [--rules DIR|BUNDLE] [--format json|text]
                   [--what-if]
    tongban test [RULES] [--item ID] [--format text|json|github|sarif] [--lang zh|en]

``decide`` prints one decision (``formats.decision``); exit 0, 1 bad facts or rules, 2 usage.  With
``--what-if`` an ineligible or undetermined decision also gets the smallest changes that would make
it eligible (``decide.whatif``): the ``what_if`` key in JSON, a paragraph in text.
``test`` runs the decision cases beside the rules; exit 0 all passed, 1 a failure.  With a
machine ``--format`` the failing cases are printed as diagnostics (TB420–TB422) instead of lines.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from ..calendar.today import china_today
from ..errors import BundleError, DecisionError, RulesError
from ..formats.decision import DECISION_FORMATS
from ..formats.text import format_text
from .options import Command, format_option, iso_date, lang_option, rules_argument, rules_option
from .output import aside, emit

DEFAULT_REGION = "510000"  # 四川省: the programme this package started from


def _load(args: argparse.Namespace, report: Callable[[list], object]):
    """The rule set, or None after ``report`` ing the diagnostics that keep it from loading."""
    from ..load.loader import load_rules

    try:
        return load_rules(args.rules)
    except RulesError as exc:
        report(exc.diagnostics)
        return None


# ------------------------------------------------------------------ decide


def setup_decide(p: argparse.ArgumentParser) -> None:
    p.add_argument("item", metavar="ITEM_ID", help="the item's id, e.g. id-card-renewal-replacement")
    p.add_argument("--facts", required=True, metavar="FILE", help="JSON or YAML mapping of facts; - for stdin")
    p.add_argument("--region", default=DEFAULT_REGION, help=f"accepting region code (default {DEFAULT_REGION})")
    p.add_argument("--on", type=iso_date, default=None,
                   help="date of application, YYYY-MM-DD (default: today in China, Asia/Shanghai)")
    rules_option(p, "the rules directory or a bundle file (default: rules)")
    p.add_argument("--format", choices=tuple(DECISION_FORMATS), default="json",
                   help="output format: json (default) or text (an explanation for window staff)")
    p.add_argument("--what-if", action="store_true",
                   help="also the smallest changes of facts, date or region that would make the case eligible")
    lang_option(p)


def read_facts(name: str, lang: str = "zh") -> dict:
    """Facts from a JSON or YAML file (or stdin); raises ``FactsError`` with a positioned message.

    JSON is read with the rule files' bounds (``source.jsonin``); anything JSON refuses is read
    as YAML, whose reader reports syntax, depth, duplicate keys and long numbers with positions.
    """
    from ..source import jsonin
    from ..source.read import MAX_BYTES, read_source

    stream = sys.stdin.buffer if name == "-" else open(name, "rb")
    with stream:
        data = stream.read(MAX_BYTES + 1)  # bounded even if the input is endless
    try:
        value = jsonin.loads(data.decode("utf-8-sig"), name) if len(data) <= MAX_BYTES else None
    except (UnicodeDecodeError, jsonin.JsonInputError):
        value = None
    if value is None:
        parsed = read_source(data, name)
        if parsed.diagnostics:
            d = parsed.diagnostics[0]
            raise FactsError(f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}", [_diagnostic(d, lang)])
        value = parsed.value
    if not isinstance(value, dict):
        raise FactsError(f"{name}: facts must be a mapping (JSON object) of fact id to value",
                         [_coded(DecisionError("TB410", variant="facts"), lang)])
    return {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}


def run_decide(args: argparse.Namespace) -> int:
    """Errors are text on stderr, or with ``--format json`` a JSON object on stdout:
    ``{"errors": [{"code", "message", "hint"[, "file", "line", "column"]}]}``; exit 1."""
    try:
        facts = read_facts(args.facts, args.lang)
    except OSError as exc:
        print(f"tongban decide: cannot read facts: {exc}", file=sys.stderr)
        return 2
    except FactsError as exc:
        return _failed(args, exc.errors, f"tongban decide: {exc}")
    on = args.on or china_today()
    if args.on is None and args.format == "json":
        print(f"tongban decide: --on not given, using today in China (Asia/Shanghai): {on.isoformat()}",
              file=sys.stderr)
    ruleset = _load(args, lambda diagnostics: _failed(args, [_diagnostic(d, args.lang) for d in diagnostics],
                                                      format_text(diagnostics, args.lang).rstrip("\n")))
    if ruleset is None:
        return 1
    try:
        decision = ruleset.decide(args.item, facts, region=args.region, on=on)
    except (DecisionError, BundleError) as exc:  # BundleError: a damaged item in a bundle
        text = f"{exc.code} {exc.message if args.lang == 'zh' else exc.message_en}"
        return _failed(args, [_coded(exc, args.lang)], text)
    if args.what_if:
        sys.stdout.write(_with_what_if(args, ruleset, decision, facts, on))
        return 0
    sys.stdout.write(DECISION_FORMATS[args.format](ruleset, decision, today=args.on is None, lang=args.lang))
    return 0


def _with_what_if(args: argparse.Namespace, ruleset, decision, facts: dict, on) -> str:
    """The decision with what would make it eligible: ``what_if`` in JSON, a paragraph in text."""
    proposals = ruleset.what_if(args.item, facts, region=args.region, on=on)
    if args.format == "json":
        data = {**decision.to_dict(), "what_if": [p.to_dict() for p in proposals]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    zh = args.lang == "zh"
    text = DECISION_FORMATS[args.format](ruleset, decision, today=args.on is None, lang=args.lang)
    if decision.outcome == "eligible":
        return text
    lines = ["", "假如（最少的改变即可办理）:" if zh else "What if (the fewest changes that make it eligible):"]
    lines += [f"  - {p.text(args.lang)}" for p in proposals] or \
        ["  （未找到只改动少量信息即可办理的方案）" if zh else "  (no small change found)"]
    return text + "\n".join(lines) + "\n"


class FactsError(ValueError):
    """Facts that cannot be read, with their errors as JSON-ready dicts."""

    def __init__(self, text: str, errors: list[dict]):
        super().__init__(text)
        self.errors = errors


def _failed(args: argparse.Namespace, errors: list[dict], text: str) -> int:
    if args.format == "json":
        sys.stdout.write(json.dumps({"errors": errors}, ensure_ascii=False, indent=2) + "\n")
    else:
        print(text, file=sys.stderr)
    return 1


def _coded(exc, lang: str) -> dict:
    zh = lang == "zh"
    hint = getattr(exc, "hint" if zh else "hint_en", "") or ""
    return {"code": exc.code, "message": exc.message if zh else exc.message_en, "hint": hint}


def _diagnostic(d, lang: str) -> dict:
    zh = lang == "zh"
    return {"code": d.code, "message": d.message if zh else d.message_en, "hint": (d.hint if zh else d.hint_en) or "",
            "file": d.file, "line": d.line, "column": d.column}


# ------------------------------------------------------------------ test


def setup_test(p: argparse.ArgumentParser) -> None:
    rules_argument(p)
    p.add_argument("--item", default=None, help="only the cases of this item")
    format_option(p)
    lang_option(p)


def run_test(args: argparse.Namespace) -> int:
    from ..decide.cases import diagnostics, run_cases

    ruleset = _load(args, lambda diagnostics: emit(diagnostics, args, aside(args)))
    if ruleset is not None and ruleset.bundle is not None:  # a bundle holds no cases to run
        from ..diagnostics import Finding, place

        emit([place(Finding(code="TB041", params={"path": args.rules}), str(args.rules))], args, aside(args))
        return 1
    if ruleset is None:
        return 1
    results = run_cases(ruleset, args.item)
    failed = [r for r in results if not r.ok]
    if args.format == "text":
        _print_failures(failed, args.lang)
    else:
        emit(diagnostics(ruleset, failed), args)
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed",
          file=sys.stdout if args.format == "text" else sys.stderr)
    return 1 if failed else 0


def _print_failures(failed: list, lang: str) -> None:
    for r in failed:
        print(f"FAIL {r.item} #{r.index + 1} {r.name}")
        if r.error is not None:
            print(f"  {r.error.code} {r.error.message if lang == 'zh' else r.error.message_en}")
        for key, expected, actual in r.mismatches:
            print(f"  {key}: expected {json.dumps(expected, ensure_ascii=False)}, "
                  f"got {json.dumps(actual, ensure_ascii=False)}")


DECIDE = Command(name="decide", help="decide eligibility for one case (JSON on stdout)", setup=setup_decide,
                 run=run_decide)
TEST = Command(name="test", help="run the decision cases beside the rules", setup=setup_test, run=run_test)
