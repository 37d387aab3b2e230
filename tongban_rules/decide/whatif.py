"""What-if (假如): for an ineligible or undetermined decision, the smallest changes of facts — or
the earliest date, or another accepting region — that would make the case eligible.

``what_if(ruleset, item_id, facts, region=, on=)`` works from the conditions that did not pass:
for each, the facts it names are released one and two at a time (the unknown ones always are),
and the condition is solved for them (``whatif_solve``: thresholds, values, dates, region
classes — derived from the expressions, never written per item).  The ways to fix every such
condition are combined, each combination is **verified by deciding again** with the changes
applied, and the verified ones changing the fewest facts are returned, each value of a change
checked with the others at their example value.  An eligible decision has nothing to propose.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..errors import DecisionError
from ..lang.expr import ACCEPTING
from ..lang.residual import facts_of
from .decide import _facts, _version, decide
from .whatif_solve import ON, Cand, Context, merge, solve

__all__ = ["Change", "Proposal", "what_if"]

MAX_RELEASED = 2  # facts of one condition changed at once
MAX_COMBOS = 256  # combinations verified at most


@dataclass(frozen=True)
class Change:
    """One change: ``kind`` fact / date / region; ``fact`` the fact (the accepting region for a
    region, None for the date); ``values`` what satisfies it, the first being the example."""

    kind: str
    fact: str | None
    values: tuple
    words: tuple[dict[str, str], ...]
    #: the example region's name (a region change)
    example: str = ""

    def text(self, lang: str) -> str:
        said = ("且" if lang == "zh" else " and ").join(w[lang] for w in self.words)
        first = f"{self.example}（{self.values[0]}）" if self.example else _json(self.values[0])
        if self.kind == "date":
            return f"{first} 起（{said}）即可办理" if lang == "zh" else f"from {first} ({said})"
        if self.kind == "region":
            return f"换一个受理地申请：{said}（如 {first}）" if lang == "zh" else \
                f"apply at another region: {said} (e.g. {first})"
        return said or (f"{self.fact} 为 {first}" if lang == "zh" else f"{self.fact} = {first}")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "fact": self.fact, "values": [_json(v) for v in self.values],
                "text": {"zh": self.text("zh"), "en": self.text("en")}}


@dataclass(frozen=True)
class Proposal:
    changes: tuple[Change, ...]

    def text(self, lang: str = "zh") -> str:
        return ("；" if lang == "zh" else "; ").join(c.text(lang) for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {"changes": [c.to_dict() for c in self.changes], "text": {"zh": self.text("zh"), "en": self.text("en")}}

    def applied(self, facts: Mapping[str, object], region: str, on: date, ruleset=None,
                item_id: str = "") -> tuple[dict, str, date]:
        """(facts, region, date) with every change at its example value; given the rule set and
        the item, without the facts the version in force on the new date no longer declares."""
        facts, region, on = dict(facts), region, on
        for c in self.changes:
            if c.kind == "date":
                on = c.values[0]
            elif c.kind == "region":
                region = c.values[0]
            else:
                facts[c.fact] = c.values[0]  # type: ignore[index]
        return (_asked(ruleset, item_id, facts, on) if ruleset else facts), region, on


def what_if(ruleset, item_id: str, facts: Mapping[str, object], *, region: str, on: date) -> tuple[Proposal, ...]:
    """The smallest verified sets of changes that make the case eligible (empty when it is, or
    when none is found).  Bad requests raise ``DecisionError`` as ``decide`` does.

    A date that lies in the span of another version of the item is solved again under that
    version (once): its conditions may differ from those of the version in force on ``on``."""
    found, later = _search(ruleset, item_id, facts, region, on)
    if found or later is None:
        return found
    moved = Change("date", None, later.values, later.words)
    if _eligible(ruleset, item_id, facts, region, on, Proposal((moved,))):
        return (Proposal((moved,)),)
    try:
        there = _search(ruleset, item_id, _asked(ruleset, item_id, facts, later.values[0]), region, later.values[0])[0]
    except DecisionError:
        return ()
    dated = (Proposal((moved, *(c for c in p.changes if c.kind != "date"))) for p in there)
    kept = [p for p in dated if _eligible(ruleset, item_id, facts, region, on, p)]
    return tuple(p for p in kept if len(p.changes) == min(len(q.changes) for q in kept))


def _search(ruleset, item_id: str, facts: Mapping[str, object], region: str,
            on: date) -> tuple[tuple[Proposal, ...], Cand | None]:
    """The proposals under the version in force on ``on``, and (when there are none) the earliest
    proposed date on which another version is in force."""
    first = decide(ruleset, item_id, facts, region=region, on=on)
    if first.outcome == "eligible":
        return (), None
    compiled = _version(ruleset, item_id, on)
    known = _facts(compiled.plan, facts, on)
    known[ACCEPTING], known[ON] = region, on
    ctx = Context(fixed=known, known=known, on=on, regions=ruleset.regions, accepting_ok=compiled.plan.in_scope,
                  provinces=ruleset.regions.provinces(),
                  types={f.id: (f.type, tuple(f.values or ())) for f in compiled.item.facts}
                  | {ACCEPTING: ("region", ()), ON: ("date", ())},
                  words=replace(compiled.words, labels={**compiled.words.labels, ACCEPTING: "受理地"},
                                regional=compiled.words.regional | {ACCEPTING}))
    options = [_options(_dated(c.ir), result, ctx) for c, result in zip(compiled.conditions, first.results)
               if result is not True]
    combos = _combine(options, known)
    found = _verified(ruleset, item_id, facts, region, on, combos)
    if found:
        return found, None
    current = ruleset.in_force(item_id, on)
    dates = sorted((m[ON] for m in combos if ON in m), key=lambda c: c.values[0])
    return (), next((c for c in dates if ruleset.in_force(item_id, c.values[0]) not in (None, current)), None)


def _dated(ir: tuple) -> tuple:
    """``ir`` with the date of application as the fact ``ON`` (released and solved like the others)."""
    tag = ir[0]
    if tag in ("on", "fact", "const"):
        return ("fact", ON) if tag == "on" else ir
    if tag in ("not", "and", "or"):
        return ("not", _dated(ir[1])) if tag == "not" else (tag, tuple(_dated(x) for x in ir[1]))
    if tag == "cmp":
        return ("cmp", ir[1], _dated(ir[2]), _dated(ir[3]))
    return (*ir[:3], tuple(_dated(x) for x in ir[3]))


def _options(ir: tuple, result, ctx: Context) -> list[dict]:
    """The ways to make one condition pass, releasing its known facts one and two at a time."""
    named = [f for f in facts_of(ir) if f in ctx.known]
    out: list[dict] = []
    sizes = range(0 if result is None else 1, MAX_RELEASED + 1)
    for released in itertools.chain.from_iterable(itertools.combinations(named, n) for n in sizes):
        fixed = {k: v for k, v in ctx.known.items() if k not in released}
        out += [m for m in solve(ir, True, replace(ctx, fixed=fixed)) if m not in out]
    return out


def _combine(options: list[list[dict]], known: Mapping) -> list[dict]:
    combos: list[dict] = [{}]
    for found in options:
        combos = [c for a in combos for b in found if (c := merge(a, b)) is not None]
        real = ({k: c for k, c in m.items() if c.values != (known.get(k),)} for m in combos)  # no change: dropped
        unique: list[dict] = []
        for m in real:
            unique += [] if m in unique else [m]
        combos = sorted(unique, key=len)[:MAX_COMBOS]
    return combos


def _verified(ruleset, item_id, facts, region, on, combos: list[dict]) -> tuple[Proposal, ...]:
    found: list[Proposal] = []
    for move in combos:
        if found and len(move) > min(len(p.changes) for p in found):
            break
        proposal = _check(ruleset, item_id, facts, region, on, move)
        if proposal is not None:
            proposal = _pruned(ruleset, item_id, facts, region, on, proposal)
        if proposal is not None and all(_key(proposal) != _key(p) for p in found):
            found.append(proposal)
    least = min((len(p.changes) for p in found), default=0)
    return tuple(p for p in found if len(p.changes) == least)


def _pruned(ruleset, item_id, facts, region, on, proposal: Proposal) -> Proposal | None:
    """Without the changes it does not need (a fact a later version no longer asks …), its values
    checked again when one was dropped."""
    changes = list(proposal.changes)
    for change in proposal.changes:
        fewer = Proposal(tuple(c for c in changes if c is not change))
        if len(changes) > 1 and _eligible(ruleset, item_id, facts, region, on, fewer):
            changes.remove(change)
    if len(changes) == len(proposal.changes):
        return proposal
    return _check(ruleset, item_id, facts, region, on, changes)


def _check(ruleset, item_id, facts, region, on, move: dict | list) -> Proposal | None:
    """The changes with the values that, each with the others at their example, make it eligible."""
    changes = [_change(ruleset, k, c) for k, c in move.items()] if isinstance(move, dict) else list(move)
    for i, change in enumerate(changes):
        kept = tuple(v for v in change.values if _eligible(ruleset, item_id, facts, region, on,
                                                           Proposal((*changes[:i], replace(change, values=(v,)),
                                                                     *changes[i + 1:]))))
        if not kept:
            return None
        changes[i] = replace(change, values=kept,
                             example=ruleset.regions.name(kept[0]) if change.kind == "region" else "")
    return Proposal(tuple(changes)) if changes else None


def _key(p: Proposal) -> frozenset:
    return frozenset((c.kind, c.fact, c.values) for c in p.changes)


def _change(ruleset, key: str, cand: Cand) -> Change:
    if key == ON:
        return Change("date", None, cand.values, cand.words)
    if key == ACCEPTING:
        return Change("region", key, cand.values, cand.words)
    return Change("fact", key, cand.values, cand.words)


def _asked(ruleset, item_id: str, facts: Mapping[str, object], on: date) -> dict:
    """The facts the version in force on ``on`` declares (a later version may ask fewer)."""
    version = ruleset.version(item_id, on)
    return {k: v for k, v in facts.items() if version is None or version.fact(k) is not None}


def _eligible(ruleset, item_id, facts, region, on, proposal: Proposal) -> bool:
    facts, region, on = proposal.applied(facts, region, on, ruleset, item_id)
    try:
        return decide(ruleset, item_id, facts, region=region, on=on).outcome == "eligible"
    except DecisionError:  # a date no version covers, a region not in use then …
        return False


def _json(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, (int, bool, str)) or value is None:
        return value
    return str(value)
