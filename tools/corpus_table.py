"""The state of the bundled corpus as a markdown table: per item version, its status, how many facts
it states, the share of them an official or official-media source supports, whose promise its
promised limit is (the places of ``set_by``, or the department's own), and what is missing.

Usage: ``python tools/corpus_table.py [RULES]`` (default ``rules``).  Prints the table and a total
line (items, versions, departments, reviewed items).
"""

from __future__ import annotations

import sys

from tongban_rules import load_rules
from tongban_rules.checks.provenance import unsupported


def rows(rules: str) -> tuple[list[str], dict[str, int]]:
    ruleset = load_rules(rules)
    lines, departments, reviewed, versions = [], set(), set(), 0
    for item_id in ruleset.item_ids():
        for item in ruleset.items[item_id]:
            departments.add(item.department)
            stated = list(item.stated_facts())
            weak = [field for field, _ in unsupported(item)]
            share = (len(stated) - len(weak)) / len(stated) if stated else 0.0
            absent = [f for f in ("promised_limit", "fees") if getattr(item, f) is None]
            if item.status == "reviewed":
                reviewed.add(item_id)
                versions += 1
            gaps = "; ".join(x for x in (("not stated: " + ", ".join(absent)) if absent else "",
                                         ("secondary only: " + ", ".join(weak)) if weak else "") if x)
            lines.append(f"| {item_id} | {item.effective_from} | {item.department} | {item.status} | "
                         f"{len(stated)} | {share:.0%} | {_promise(ruleset, item)} | {gaps or '—'} |")
    totals = {"items": len(ruleset.item_ids()), "versions": len(lines), "departments": len(departments),
              "items with a reviewed version": len(reviewed), "reviewed versions": versions}
    return lines, totals


def _promise(ruleset, item) -> str:
    """Whose the promised limit is: the places that published it, or the department's own."""
    if item.promised_limit is None:
        return "—"
    places = item.promised_limit.set_by
    return "、".join(ruleset.regions.full_name(code) for code in places) if places else "own"


def main() -> None:
    lines, totals = rows(sys.argv[1] if len(sys.argv) > 1 else "rules")
    print("| item | version from | department | status | facts | official/official-media | promise set by "
          "| what is missing |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(lines))
    print()
    print(", ".join(f"{k}: {v}" for k, v in totals.items()))


if __name__ == "__main__":
    main()
