"""A single file finds what the tree finds for it: for every item file of the bundled rules with
one injected mistake, ``validate FILE`` and ``validate RULES`` report the same findings for it.

Each kind of mistake is injected into every item file of one copy of the rules (one mistake per
file), the tree is validated once and every file once on its own.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tongban_rules.load.scope import validate

from .conftest import ROOT


def _when(text: str, expression: str) -> str | None:
    """The first plain ``when:`` of a condition replaced with ``expression``."""
    found = re.search(r"^(\s+)when: (?![\"'|>]).+$", text, re.M)
    return text[:found.start()] + f"{found.group(1)}when: {expression}" + text[found.end():] if found else None


def undeclared_fact(text: str) -> str | None:
    return _when(text, "no_such_fact_zz == 1")


def type_error(text: str) -> str | None:
    fact = re.search(r"^facts:\n\s+- id: ([a-z_0-9]+)", text, re.M)
    return _when(text, f'{fact.group(1)} == 1 and {fact.group(1)} == "zz"') if fact else None


def unknown_law(text: str) -> str | None:
    new = re.sub(r"\blaw: [a-z0-9-]+", "law: no-such-law-zz", text, count=1)
    return new if new != text else None


def unknown_material(text: str) -> str | None:
    new = re.sub(r"\bmaterial: [a-z0-9-]+", "material: no-such-material-zz", text, count=1)
    return new if new != text else None


MISTAKES: dict[str, tuple[Callable[[str], str | None], str]] = {
    "undeclared-fact": (undeclared_fact, "TB403"),
    "type-error": (type_error, "TB404"),
    "unknown-law": (unknown_law, "TB301"),
    "unknown-material": (unknown_material, "TB301"),
}


def _key(d) -> tuple:
    return (d.code, d.line, d.column, d.message)


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_file_alone_finds_what_its_tree_finds(tmp_path: Path, mistake: str) -> None:
    inject, code = MISTAKES[mistake]
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    broken = []
    for path in sorted((rules / "items").rglob("*.yaml")):
        new = inject(path.read_text(encoding="utf-8"))
        if new is not None:
            path.write_text(new, encoding="utf-8")
            broken.append(path)
    assert len(broken) >= 20, f"{mistake}: only {len(broken)} item files could take the mistake"
    tree = validate(rules)
    for path in broken:
        alone = [_key(d) for d in validate(path)]
        assert alone == [_key(d) for d in tree if d.file == str(path)], path
        assert code in {k[0] for k in alone}, (path, alone)  # the mistake is found, not just agreed on
