"""TB91x — decision cases (``rules/cases/``) cover the conditions; coverage per item and in total.

A condition is *covered* when the cases of its item decide it at least once ``passed`` and at
least once ``failed`` (a case is counted for the item version in force on its ``on`` date).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .base import Context, Finding, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionCoverage:
    item: str
    effective_from: str
    conditions: int
    covered: int  # conditions seen both passed and failed
    cases: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    versions: tuple[VersionCoverage, ...]

    @property
    def conditions(self) -> int:
        return sum(v.conditions for v in self.versions)

    @property
    def covered(self) -> int:
        return sum(v.covered for v in self.versions)

    def items_without_cases(self) -> int:
        with_cases = {v.item for v in self.versions if v.cases}
        return len({v.item for v in self.versions} - with_cases)

    def items_partly_covered(self) -> int:
        with_cases = {v.item for v in self.versions if v.cases}
        return len({v.item for v in self.versions if v.covered < v.conditions} & with_cases)

    def summary(self, lang: str = "zh") -> str:
        total, covered = self.conditions, self.covered
        share = f"{covered / total:.0%}" if total else "—"
        items, none, partly = len({v.item for v in self.versions}), self.items_without_cases(), self.items_partly_covered()
        if lang == "en":
            return (f"case coverage: {covered}/{total} conditions seen both passing and failing ({share}); "
                    f"of {items} items, {none} have no case and {partly} are partly covered")
        return (f"用例覆盖: {covered}/{total} 个条件既有通过又有不通过的用例（{share}）；"
                f"{items} 个事项中 {none} 个没有用例，{partly} 个未完全覆盖")


def _seen(ctx: Context) -> tuple[dict, dict]:
    """(version key → condition id → statuses seen, version key → number of cases)."""
    seen: dict[tuple[str, str], dict[str, set[str]]] = {}
    counts: dict[tuple[str, str], int] = {}
    for result in ctx.results:
        if result.decision is None:
            continue
        key = (result.decision.item_id, result.decision.provenance["effective_from"])
        counts[key] = counts.get(key, 0) + 1
        per = seen.setdefault(key, {})
        for cond in result.decision.conditions:
            per.setdefault(cond["id"], set()).add(cond["status"])
    return seen, counts


def coverage(ctx: Context) -> Coverage:
    seen, counts = _seen(ctx)
    rows = []
    for item in ctx.items():
        key = (item.id, item.effective_from.isoformat())
        per = seen.get(key, {})
        covered = sum(1 for c in item.conditions if {"passed", "failed"} <= per.get(c.id, set()))
        rows.append(VersionCoverage(item=item.id, effective_from=key[1], conditions=len(item.conditions),
                                    covered=covered, cases=counts.get(key, 0)))
    return Coverage(versions=tuple(rows))


#: the message variant for the states no case reaches
_LACKING = {("passed", "failed"): "", ("passed",): "pass", ("failed",): "fail"}


@rule("TB910")
def condition_not_covered(ctx: Context) -> Iterator[Finding]:
    """No decision case makes a condition pass, or none makes it fail.

    What: for an item that has cases (``rules/cases/<item>.yaml``), each condition of each
    version should be decided ``passed`` by at least one case and ``failed`` by another.
    Items with no case at all are TB911 instead.
    Why: 川办发〔2020〕76号 二（一）: 同标准办理 — the cases are the executable proof that the machine
    conditions say what the guide says; an untested branch is where drift hides.
    Example:
        # cases/demo-item.yaml: only a 30-year-old applicant; condition adult (age >= 16)
        # is never failed
    Fix: add a case whose facts make the condition fail (or pass).
    """
    seen, _ = _seen(ctx)
    has_cases = {r.item for r in ctx.results}
    for item in ctx.items():
        if item.id not in has_cases:
            continue
        per = seen.get((item.id, item.effective_from.isoformat()), {})
        for i, cond in enumerate(item.conditions):
            lacking = [s for s in ("passed", "failed") if s not in per.get(cond.id, set())]
            if lacking:
                yield Finding(target=item, path=("conditions", i, "id"), variant=_LACKING[tuple(lacking)],
                              params={"condition": cond.id, "item": item.id})


@rule("TB911")
def item_without_cases(ctx: Context) -> Iterator[Finding]:
    """An item has no decision case at all.

    What: every item should have ``rules/cases/<item-id>.yaml`` with at least one case.
    Reported once per item, at the ``id`` of its latest version.
    Why: 川办发〔2020〕76号 二（一）: 无差别受理、同标准办理 — cases are how a reviewer sees the rules
    decide real applications the way the guide says.
    Example:
        # items/demo/demo-item.yaml exists, cases/demo-item.yaml does not
    Fix: add ``cases/<item-id>.yaml`` with one eligible and one ineligible application.
    """
    for item_id, versions in ctx.ruleset.items.items():
        if item_id not in ctx.ruleset.cases:
            yield Finding(target=versions[-1], path=("id",), params={"item": item_id})


CHECKS = (condition_not_covered, item_without_cases)
