"""``tongban new ITEM_ID --theme T [--rules DIR]``: start an item from a skeleton.

Writes ``rules/items/<theme>/<id>.yaml`` and its case file ``rules/cases/<id>.yaml``, each with
the schema line for editors and comments in Chinese saying what to fill in.  Both validate at
once (``tongban validate`` and ``tongban test`` pass on them): the department and law are those
the theme's other items use most (else the registries' first), to be checked; the item is a
``draft`` stating no facts, and its one case expects ``eligible`` (no conditions yet).  Exit 0
written (the two paths printed), 1 refused: a bad id (TB061), an unknown theme (TB062), a file
or item that exists (TB063), rules that do not load or cannot be written to (TB064) — and then
nothing is written.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from .options import Command, format_option, lang_option, rules_option
from .output import emit

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("item", metavar="ITEM_ID", help="the new item's id: lower-case letters, digits and hyphens")
    p.add_argument("--theme", required=True, metavar="THEME",
                   help="its service theme, the folder it goes in: rules/items/<theme>/ (hukou, id-card, marriage …)")
    rules_option(p)
    format_option(p)
    lang_option(p)


def run(args: argparse.Namespace) -> int:
    refused = _bad_name(args.item, args.theme)
    if refused is not None:
        return _refuse([refused], args, f"{args.rules}/items/{args.theme}/{args.item}.yaml")
    return _scaffold(args)


def _bad_name(item_id: str, theme: str):
    from ..diagnostics import Finding
    from ..load.suggest import closest
    from ..model.items import THEMES

    if not (_SLUG.fullmatch(item_id) and len(item_id) <= 80):
        return Finding(code="TB061", params={"id": item_id})
    if theme not in THEMES:
        close = closest(theme, list(THEMES)) or next((k for k, v in THEMES.items() if v == theme), None)
        return Finding(code="TB062", variant="" if close else "none",
                       params={"theme": theme, "close": close or "", "themes_en": ", ".join(THEMES),
                               "themes": "、".join(f"{k} {v}" for k, v in THEMES.items())})
    return None


def _refuse(findings: list, args: argparse.Namespace, where: str) -> int:
    from ..diagnostics import place

    emit([place(f, where) for f in findings], args, sys.stderr if args.format == "text" else sys.stdout)
    return 1


def _scaffold(args: argparse.Namespace) -> int:
    from ..calendar.today import china_today
    from ..diagnostics import Finding, has_errors
    from ..load.loader import load_tree
    from .skeleton import skeleton

    root = Path(args.rules)
    paths = root / "items" / args.theme / f"{args.item}.yaml", root / "cases" / f"{args.item}.yaml"
    existing = next((p for p in paths if p.exists() or p.is_symlink()), None)
    if existing is not None:
        return _refuse([Finding(code="TB063", params={"path": str(existing)})], args, str(existing))
    ruleset, diags = load_tree(root)
    if ruleset is None or has_errors(diags):
        errors = [d for d in diags if d.severity.value == "error"]
        emit(errors, args, sys.stderr if args.format == "text" else sys.stdout)
        return _refuse([Finding(code="TB064", params={"errors": len(errors)})], args, str(root))
    if args.item in ruleset.versions:
        where = ruleset.versions[args.item][-1].origin.source.path
        return _refuse([Finding(code="TB063", variant="item", params={"id": args.item, "path": where})], args, where)
    texts = skeleton(ruleset, args.item, args.theme, _department(ruleset, args.theme), _law(ruleset, args.theme),
                     china_today())
    if texts is None:
        return _refuse([Finding(code="TB064", variant="registries")], args, str(root))
    return _write(args, tuple(zip(paths, texts)))


def _theme_items(ruleset, theme: str) -> list:
    return [versions[-1] for versions in ruleset.items.values() if versions[-1].themes[0] == theme]


def _department(ruleset, theme: str) -> str | None:
    used = Counter(item.department for item in _theme_items(ruleset, theme) if item.department in ruleset.departments)
    return used.most_common(1)[0][0] if used else min(ruleset.departments, default=None)


def _law(ruleset, theme: str) -> str | None:
    used = Counter(c.law for item in _theme_items(ruleset, theme) for c in item.legal_basis[:1] if c.law in ruleset.laws)
    return used.most_common(1)[0][0] if used else min(ruleset.laws, default=None)


def _write(args: argparse.Namespace, files: tuple[tuple[Path, str], ...]) -> int:
    """Write each file new (never over one: ``x`` mode); on a failure remove what was written."""
    written: list[Path] = []
    for path, text in files:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as out:
                written.append(path)
                out.write(text)
        except OSError as exc:
            for done in written:
                done.unlink(missing_ok=True)
            return _refuse([_write_error(path, exc)], args, str(path))
    for path, _ in files:
        print(path)
    return 0


def _write_error(path: Path, exc: OSError):
    from ..diagnostics import Finding

    if isinstance(exc, FileExistsError) and exc.filename == str(path):  # made meanwhile by someone else
        return Finding(code="TB063", params={"path": str(path)})
    return Finding(code="TB064", variant="os", params={"path": str(path), "reason": exc.strerror or str(exc)})


COMMAND = Command(name="new", help="write the skeleton of a new item and its case file", setup=setup, run=run)
