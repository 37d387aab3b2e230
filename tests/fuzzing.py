"""Fuzz targets for every input surface, and a long-run driver.

A target takes bytes and feeds them to one surface the way a user would; it returns normally
when the package answered with a value or coded, positioned diagnostics, and raises
``Escape`` (or lets an unexpected exception through) otherwise.  The surfaces:

* ``rules``  — a rule file: read, strict YAML, schema (``load_file``), every tenth input also
  through a whole tree (references, the condition language, decision cases);
* ``expr``   — the condition language: the bytes as a ``when:`` expression over the demo facts;
* ``facts``  — facts for ``tongban decide`` (JSON or YAML), then a decision;
* ``audit``  — a 实施清单 export (CSV or JSON) for ``tongban audit``.

The tests (``tests/test_fuzz.py``) run a bounded budget.  A long run is::

    python -m tests.fuzzing --surface all --runs 250000 --seed 1      # mutation of real inputs
    python -m tests.fuzzing --surface rules --atheris                # coverage-guided (pip install atheris)

It prints the inputs tried and the escapes per surface; escapes are saved under
``tests/artifacts/fuzz/`` to replay with ``--replay FILE``.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

from tongban_rules.checks.audit import audit_loaded
from tongban_rules.diagnostics import Diagnostic, has_errors
from tongban_rules.errors import DecisionError
from tongban_rules.lang import expr
from tongban_rules.load.loader import load_file, load_rules, load_tree
from tongban_rules.load.partial import Pruned

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
ARTIFACTS = ROOT / "tests" / "artifacts" / "fuzz"
CODE = re.compile(r"^TB[0-9]{3}$")


class Escape(AssertionError):
    """The package answered with something other than a value or coded diagnostics."""


def coded(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        if not (CODE.match(d.code) and d.line >= 1 and d.column >= 1 and d.message):
            raise Escape(f"malformed diagnostic: {d}")


@cache
def _workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="tongban-fuzz-"))


@cache
def _tree() -> Path:
    target = _workdir() / "rules"
    shutil.copytree(MINIMAL, target)
    return target


@cache
def _ruleset():
    return load_rules(MINIMAL)


# ------------------------------------------------------------------ targets


def fuzz_rules(data: bytes, *, whole_tree: bool = False) -> None:
    path = _tree() / "items" / "demo" / "demo-item.yaml"
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        loaded = load_file(path, "items/demo/demo-item.yaml", str(path))
        coded(loaded.diagnostics)
        salvaged = isinstance(loaded.source, Pruned)  # what a file with schema errors still lets us check
        if loaded.model is not None and loaded.diagnostics and not salvaged:
            raise Escape("a model together with diagnostics")
        if salvaged and not has_errors(loaded.diagnostics):
            raise Escape("a salvaged model without the errors that made it one")
        if whole_tree:
            _, diagnostics = load_tree(_tree())
            coded(diagnostics)
    finally:
        path.write_bytes(original)


def fuzz_expr(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    ruleset = _ruleset()
    item = ruleset.items["demo-item"][-1]
    specs = {f.id: f for f in item.facts}
    condition, errors = expr.check(text, specs, ruleset.regions)
    for error in errors:
        if not (CODE.match(error.code) and error.message):
            raise Escape(f"malformed expression error: {error}")
    if condition is not None:
        expr.compile_all([condition])({}, date(2025, 6, 2))


def fuzz_facts(data: bytes) -> None:
    from tongban_rules.cli.decide import read_facts

    path = _workdir() / "facts.json"
    path.write_bytes(data)
    try:
        facts = read_facts(str(path))
    except ValueError as exc:  # the command's positioned, coded refusal
        if not re.search(r"TB[0-9]{3}|facts must be a mapping", str(exc)):
            raise Escape(f"uncoded refusal: {exc}") from None
        return
    try:
        _ruleset().decide("demo-item", facts, region="510104", on=date(2025, 6, 2)).to_dict()
    except DecisionError as exc:
        if not CODE.match(exc.code):
            raise Escape(f"uncoded decision error: {exc}") from None


def fuzz_audit(data: bytes) -> None:
    suffix = ".json" if data.lstrip()[:1] in (b"[", b"{") else ".csv"
    path = _workdir() / f"export{suffix}"
    path.write_bytes(data)
    coded(audit_loaded(_ruleset(), path))


TARGETS: dict[str, Callable[[bytes], None]] = {
    "rules": fuzz_rules, "expr": fuzz_expr, "facts": fuzz_facts, "audit": fuzz_audit,
}


# ------------------------------------------------------------------ seeds and mutation


def seeds(surface: str) -> list[bytes]:
    if surface == "rules":
        files = sorted((ROOT / "rules" / "items").rglob("*.yaml"))[:12] + sorted(MINIMAL.rglob("*.yaml"))
        return [p.read_bytes() for p in files]
    if surface == "expr":
        return [b'reason == "lost"', b'age(birth_date) >= 16 and province_of(hukou_region) != "510000"',
                b'not married or reason in {"lost", "expiry"}', b"years_since(date(2020, 1, 1)) > 2"]
    if surface == "facts":
        return [b'{"reason": "lost", "hukou_region": "500103"}', b"reason: lost\nage: 30\n",
                b'{"a": [1, 2.5, null, true], "b": {"c": "d"}}']
    return [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures" / "audit").iterdir()) if p.is_file()]


TOKENS = [b"\n", b": ", b"- ", b"[", b"]", b"{", b"}", b'"', b"'", b",", b"#", b"\t", b"\x00", b"\r",
          "\u2028".encode(), "\x85".encode(), b"\xff\xfe", b"*a", b"&a ", b"!!python/object:os.system ", b"---\n",
          b"...\n", b"yes", b"0x1F", b"1e1000000", b"9" * 5000, b"[" * 300, b"NaN", b"\\u0000", b"__import__",
          b"lambda", b"()", b"**", b"2025-02-30", "通办".encode()]


def mutate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randint(0, len(out))
        op = rng.randrange(6)
        if op == 0 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif op == 1:
            out[at:at] = rng.choice(TOKENS)
        elif op == 2:
            del out[at:at + rng.randint(1, 40)]
        elif op == 3:
            out[at:at] = out[at:at + rng.randint(1, 80)]
        elif op == 4:
            other = rng.choice(pool)
            start = rng.randint(0, len(other))
            out[at:at] = other[start:start + rng.randint(1, 120)]
        else:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 6)))
    return bytes(out[: 1 << 16])


# ------------------------------------------------------------------ driver


def run(surface: str, runs: int, seed: int) -> tuple[int, int]:
    """Mutation fuzzing of one surface: (inputs tried, escapes)."""
    rng, pool, target = random.Random(seed), seeds(surface), TARGETS[surface]
    escapes = 0
    for n in range(runs):
        data = mutate(rng, rng.choice(pool), pool)
        try:
            fuzz_rules(data, whole_tree=n % 10 == 0) if surface == "rules" else target(data)
        except Exception:  # an escape: keep the input to replay
            escapes += 1
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / f"{surface}-{seed}-{n}.bin").write_bytes(data)
            print(f"{surface} #{n}: {traceback.format_exc(limit=3)}", file=sys.stderr)
    return runs, escapes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzzing", description=__doc__.split("\n")[0])
    parser.add_argument("--surface", choices=[*TARGETS, "all"], default="all")
    parser.add_argument("--runs", type=int, default=10_000, help="inputs per surface (mutation mode)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--atheris", action="store_true", help="coverage-guided with atheris (one surface)")
    parser.add_argument("--replay", metavar="FILE", help="run one saved input and show what escapes")
    args, rest = parser.parse_known_args(argv)
    if args.replay:
        TARGETS["rules" if args.surface == "all" else args.surface](Path(args.replay).read_bytes())
        return 0
    if args.atheris:
        import atheris  # optional: pip install atheris

        atheris.instrument_all()  # coverage of the package's code, which is imported already
        atheris.Setup([sys.argv[0], *rest], TARGETS[args.surface])
        atheris.Fuzz()
        return 0
    total = escaped = 0
    for surface in TARGETS if args.surface == "all" else [args.surface]:
        started = time.perf_counter()
        tried, escapes = run(surface, args.runs, args.seed)
        total, escaped = total + tried, escaped + escapes
        print(f"{surface}: {tried} inputs, {escapes} escapes, {time.perf_counter() - started:.0f} s")
    print(f"total: {total} inputs, {escaped} escapes")
    return 1 if escaped else 0


if __name__ == "__main__":
    sys.exit(main())
