"""The incremental re-check (``checks.incremental``) finds exactly what a full check finds.

A small rule set of several items, cases and a regional list is edited step by step — item
fields that checks across items read, broken files, deleted and added files, shared files — and
after every step ``check`` with the store of the runs before must equal ``check`` without any
cache, diagnostic for diagnostic, with the same case coverage.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongban_rules.checks import check_report
from tongban_rules.checks import incremental as inc
from tongban_rules.source.cache import open_store

from .conftest import MINIMAL

AS_OF = date(2026, 6, 1)
ITEMS = 4


def _tree(target: Path) -> Path:
    """The minimal rule set with ``ITEMS`` more items like its demo item, each with cases, and a
    regional list naming them all."""
    shutil.copytree(MINIMAL, target)
    demo = (target / "items/demo/demo-item.yaml").read_text(encoding="utf-8")
    cases = (target / "cases/demo-item.yaml").read_text(encoding="utf-8")
    listing = (target / "regions/510104.yaml").read_text(encoding="utf-8")
    for k in range(ITEMS):
        text = demo.replace("id: demo-item", f"id: item-{k}").replace('"0000000001"', f'"000000010{k}"')
        (target / f"items/demo/item-{k}.yaml").write_text(text, encoding="utf-8")
        (target / f"cases/item-{k}.yaml").write_text(cases.replace("item: demo-item", f"item: item-{k}"),
                                                      encoding="utf-8")
        listing += f"  - item: item-{k}\n    offices: [hall]\n"
    (target / "regions/510104.yaml").write_text(listing, encoding="utf-8")
    return target


def _item(root: Path, k: int) -> Path:
    return root / f"items/demo/item-{k}.yaml"


def _sub(path: Path, pattern: str, new: str) -> None:
    if path.exists():
        path.write_text(re.sub(pattern, new, path.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


LONGER = "  - item: item-{k}\n    promised_limit: {{value: 15, unit: working_days}}\n"
SPARE_LAW = "  - id: spare-law-{k}\n    title: 备用法规{k}\n    kind: normative-document\n    sources:\n      - title: 测试\n"

#: one edit of the tree, for item ``k``
EDITS = {
    "same catalog code as the demo": lambda r, k: _sub(_item(r, k), r'^catalog_code: .*$', 'catalog_code: "0000000001"'),
    "longer promise than the law": lambda r, k: _sub(_item(r, k), r'^promised_limit: \{value: 10', "promised_limit: {value: 30"),
    "no promise": lambda r, k: _sub(_item(r, k), r'^promised_limit: .*\n', ""),
    "draft": lambda r, k: _sub(_item(r, k), r'^status: reviewed', "status: draft"),
    "renamed": lambda r, k: _sub(_item(r, k), r'^name: .*$', f"name: 别的名称{k}"),
    "cites an unknown law": lambda r, k: _sub(_item(r, k), r'^  - law: demo-law', "  - law: no-such-law"),
    "broken YAML": lambda r, k: _append(_item(r, k), "conditions: [\n"),
    "unknown key": lambda r, k: _append(_item(r, k), "colour: red\n"),
    "wrong id": lambda r, k: _sub(_item(r, k), r'^id: .*$', f"id: item-x{k}"),
    "ends": lambda r, k: _append(_item(r, k), "effective_until: 2026-03-01\n"),
    "scope Sichuan only": lambda r, k: _sub(_item(r, k), r'^scope: .*$', 'scope: {kind: province, province: "510000"}'),
    "item deleted": lambda r, k: _item(r, k).unlink(missing_ok=True),
    "cases deleted": lambda r, k: (r / f"cases/item-{k}.yaml").unlink(missing_ok=True),
    "a case fails": lambda r, k: _sub(r / f"cases/item-{k}.yaml", r'fee: "20"', 'fee: "25"'),
    "a new item": lambda r, k: shutil.copyfile(r / "items/demo/demo-item.yaml", r / f"items/demo/extra-{k}.yaml"),
    "list promises longer": lambda r, k: _append(r / "regions/510104.yaml", LONGER.format(k=k)),
    "law registry grows": lambda r, k: _append(r / "registries/laws.yaml", SPARE_LAW.format(k=k)),
    "a comment": lambda r, k: _append(_item(r, k), f"# 注释 {k}\n"),
}


def _same(root: Path, store: Path) -> None:
    warm = check_report(root, AS_OF, cache=store)
    full = check_report(root, AS_OF, cache=False)
    assert warm.diagnostics == full.diagnostics
    assert warm.coverage == full.coverage


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(sorted(EDITS)), st.integers(0, ITEMS - 1)), min_size=1, max_size=4))
def test_after_every_edit_the_warm_check_is_the_full_check(tmp_path_factory, edits) -> None:
    base = tmp_path_factory.mktemp("inc")
    root, store = _tree(base / "rules"), base / "cache"
    _same(root, store)
    for name, k in edits:
        EDITS[name](root, k)
        _same(root, store)


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    root, store = _tree(tmp_path / "rules"), tmp_path / "cache"
    check_report(root, AS_OF, cache=store)
    return root, store


def _fresh(root: Path, store: Path) -> frozenset[str]:
    plan = inc.plan(root, store, AS_OF, "warning")
    assert plan is not None
    plan.store.close()
    return plan.fresh


def test_a_warm_run_loads_only_the_edited_item(tree) -> None:
    root, store = tree
    assert _fresh(root, store) == frozenset()
    EDITS["renamed"](root, 2)
    assert _fresh(root, store) == {"item-2"}
    (root / "cases/item-3.yaml").write_text((root / "cases/item-3.yaml").read_text(encoding="utf-8") + "# x\n",
                                            encoding="utf-8")
    assert _fresh(root, store) == {"item-2", "item-3"}


def test_a_shared_file_or_another_date_makes_every_item_fresh(tree) -> None:
    root, store = tree
    plan = inc.plan(root, store, date(2026, 6, 2), "warning")
    assert plan is not None and plan.fresh == frozenset(plan.part.units)
    plan.store.close()
    EDITS["law registry grows"](root, 0)
    assert _fresh(root, store) == {"demo-item", *(f"item-{k}" for k in range(ITEMS))}


def test_a_unit_with_a_load_error_is_loaded_on_every_run(tree) -> None:
    root, store = tree
    EDITS["broken YAML"](root, 1)
    EDITS["item deleted"](root, 2)  # its cases now name an item that is not there (TB301)
    _same(root, store)
    EDITS["renamed"](root, 0)
    assert _fresh(root, store) == {"item-0", "item-1", "item-2"}
    _same(root, store)


def test_a_did_you_mean_follows_the_ids_the_other_files_declare(tree) -> None:
    """The case found by the property: a case file names a deleted item, and another item's id
    changes under its file name — the suggestion must follow."""
    root, store = tree
    EDITS["item deleted"](root, 0)
    _same(root, store)
    EDITS["wrong id"](root, 1)
    _same(root, store)
    EDITS["renamed"](root, 3)
    _same(root, store)


@pytest.mark.parametrize("payload", [b"not json", b"[]", b'{"unit": "item-0"}', b'{"unit": "someone-else"}',
                                     orjson.dumps({"unit": "item-0", "broken": [], "diagnostics": [["TB999"]],
                                                   "versions": [], "coverage": []})])
def test_an_entry_not_written_by_a_run_is_ignored_and_replaced(tree, payload: bytes) -> None:
    root, store = tree
    EDITS["renamed"](root, 0)
    plan = inc.plan(root, store, AS_OF, "warning")
    assert plan is not None and plan.fresh == {"item-0"}
    plan.store.keep("unit", plan.part.units["item-0"].key, payload, new=True)
    plan.store.close()
    assert _fresh(root, store) == {"item-0"}  # the planted entry is not taken
    _same(root, store)
    assert _fresh(root, store) == frozenset()  # and the run replaced it


def test_without_a_cache_nothing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path / "rules")
    monkeypatch.setenv("TONGBAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TONGBAN_NO_CACHE", "1")
    check_report(root, AS_OF)
    assert not (tmp_path / "cache").exists()
    assert inc.plan(root, True, AS_OF, "warning") is None


def test_the_store_is_refused_inside_the_rules_repository(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo/rules")
    (tmp_path / "repo/.git").mkdir()
    assert open_store(tmp_path / "repo/.cache", root, "checks", "e") is None
    assert inc.plan(root, tmp_path / "repo/.cache", AS_OF, "warning") is None
    assert open_store(tmp_path / "elsewhere", root, "checks", "e") is not None


def test_the_checks_across_items_are_the_declared_ones() -> None:
    from tongban_rules.checks import CHECKS

    codes = {c.code for c in CHECKS}
    assert inc.ACROSS <= codes
    assert {c.code for c in inc.checks_across(CHECKS)} == inc.ACROSS
    assert {c.code for c in inc.checks_of_one_item(CHECKS)} == codes - inc.ACROSS


def test_a_selection_is_applied_to_what_was_kept(tree) -> None:
    root, store = tree
    EDITS["same catalog code as the demo"](root, 1)
    EDITS["longer promise than the law"](root, 2)
    EDITS["a case fails"](root, 3)
    for select, ignore in (("TB5", None), ("TB4,TB7", None), (None, "TB5,TB8")):
        warm = check_report(root, AS_OF, cache=store, select=select, ignore=ignore)
        full = check_report(root, AS_OF, cache=False, select=select, ignore=ignore)
        assert warm.diagnostics == full.diagnostics
        assert warm.diagnostics  # the selections keep some findings: the comparison says something


def test_the_command_prints_the_same_warm_and_without_cache(tree) -> None:
    import os
    import subprocess
    import sys

    root, store = tree
    EDITS["longer promise than the law"](root, 0)
    env = {**os.environ, "TONGBAN_CACHE_DIR": str(store)}
    command = [sys.executable, "-m", "tongban_rules", "check", str(root), "--as-of", AS_OF.isoformat()]
    warm = subprocess.run(command, capture_output=True, text=True, env=env)
    cold = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, env=env)
    assert warm.returncode == cold.returncode == 1  # TB701 is an error
    assert "TB701" in warm.stdout and warm.stdout == cold.stdout and warm.stderr == cold.stderr


def test_every_edit_is_seen_when_the_files_digests_are_remembered(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """With every file old enough for its remembered digest to be trusted (``source.stats``), each
    kind of edit in turn still gives the full check's findings."""
    import time

    from tongban_rules.source import stats

    real = time.time_ns
    monkeypatch.setattr(stats.time, "time_ns", lambda: real() + 10_000_000_000)
    root, store = _tree(tmp_path / "rules"), tmp_path / "cache"
    _same(root, store)
    for n, name in enumerate(sorted(EDITS)):
        time.sleep(0.01)  # a file system tick apart from the hashing before
        EDITS[name](root, n % ITEMS)
        _same(root, store)


@pytest.mark.parametrize("blocker", ["cache", "cache/checks"])
def test_an_unusable_store_only_means_a_full_check(tmp_path: Path, blocker: str) -> None:
    """A file where the cache (or its ``checks`` store) should be: the check runs, and says the same."""
    root = _tree(tmp_path / "rules")
    (tmp_path / blocker).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / blocker).write_text("not a directory", encoding="utf-8")
    warm = check_report(root, AS_OF, cache=tmp_path / "cache")
    assert warm.diagnostics == check_report(root, AS_OF, cache=False).diagnostics
    assert (tmp_path / blocker).read_text(encoding="utf-8") == "not a directory"
