"""The cache directory: where it is, when it is refused or off, concurrent writers, pruning."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tongban_rules import load_rules, validate
from tongban_rules.load.loader import read_tree
from tongban_rules.source import cache as cache_module
from tongban_rules.source.cache import (
    DAY,
    Cache,
    cache_dir,
    engine_fingerprint,
    open_cache,
    prune,
)

from .conftest import ROOT
from .test_cache import entries, same_load

# ------------------------------------------------------------------ where


def test_the_cache_directory_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    for name in ("TONGBAN_CACHE_DIR", "XDG_CACHE_HOME", "TONGBAN_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir(True) == tmp_path / "home/.cache/tongban"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert cache_dir(True) == tmp_path / "home/.cache/tongban"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir(True) == tmp_path / "xdg/tongban"
    monkeypatch.setenv("TONGBAN_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir(True) == tmp_path / "mine"
    assert cache_dir(tmp_path / "given") == tmp_path / "given"
    assert cache_dir(False) is None and cache_dir(None) is None
    monkeypatch.setenv("TONGBAN_NO_CACHE", "1")
    assert cache_dir(True) is None and cache_dir(tmp_path / "given") is None


def test_no_cache_bypasses_it(rules: Path, tmp_path: Path, monkeypatch) -> None:
    load_rules(rules, cache=False)
    monkeypatch.setenv("TONGBAN_CACHE_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("TONGBAN_NO_CACHE", "1")
    assert validate(rules) == [] and validate(rules, cache=tmp_path / "given") == []
    assert not (tmp_path / "env").exists() and not (tmp_path / "given").exists()
    monkeypatch.setenv("TONGBAN_NO_CACHE", "0")
    assert validate(rules) == []
    assert entries(tmp_path / "env")


def test_a_cache_inside_the_rules_or_their_repository_is_refused(rules: Path, tmp_path: Path) -> None:
    assert open_cache(rules / ".cache", rules) is None
    assert open_cache(rules, rules) is None
    (tmp_path / ".git").mkdir()  # tmp_path is now the repository holding rules/
    assert open_cache(tmp_path / ".cache", rules) is None
    assert load_rules(rules, cache=rules / ".cache").item_ids() == ("demo-item",)
    assert not (rules / ".cache").exists() and not (tmp_path / ".cache").exists()
    assert open_cache(tmp_path.parent / "elsewhere", rules) is not None


# ------------------------------------------------------------------ when it cannot work


def test_an_unusable_directory_means_no_cache(rules: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    expected = validate(rules, cache=False)
    assert validate(rules, cache=blocker) == expected
    assert validate(rules, cache=blocker / "below") == expected
    assert blocker.read_text() == "not a directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file modes")
def test_a_read_only_directory_means_no_writes(rules: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        assert validate(rules, cache=locked) == validate(rules, cache=False)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_a_failed_write_stops_writing_for_the_run(tmp_path: Path) -> None:
    store = Cache(tmp_path / "c", "engine")
    (tmp_path / "c").write_text("in the way")
    store.put("item", "0" * 64, b"{}")
    assert store.writable is False and store.get("item", "0" * 64) is None


def test_the_engine_fingerprint_follows_the_code(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "tongban_rules"
    shutil.copytree(ROOT / "tongban_rules", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "_PACKAGE", package)
    before = engine_fingerprint()
    assert before == engine_fingerprint()
    items = package / "model/items.py"
    items.write_text(items.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    assert engine_fingerprint() not in (before, None)
    shutil.rmtree(package / "model")
    assert engine_fingerprint() is None


# ------------------------------------------------------------------ concurrent runs


def test_concurrent_runs_share_a_directory(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import make_rules

    root = make_rules(tmp_path / "rules", 150)
    store = tmp_path / "shared"
    script = ("import sys; from tongban_rules.load.loader import validate; "
              "sys.exit(len(validate(sys.argv[1], cache=sys.argv[2])))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen([sys.executable, "-c", script, str(root), str(store)], env=env) for _ in range(3)]
    assert [run.wait(timeout=300) for run in runs] == [0, 0, 0]
    assert not list(store.glob("??/.tmp-*"))
    assert len(entries(store)) == len(list(root.rglob("*.yaml")))
    same_load(root, read_tree(root, cache=False), read_tree(root, cache=store))


# ------------------------------------------------------------------ bounded


def _aged(path: Path, days: float, now: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    os.utime(path, (now - days * DAY, now - days * DAY))
    return path


def test_prune_deletes_stale_entries_and_left_overs_only(tmp_path: Path) -> None:
    now = time.time()
    old = _aged(tmp_path / "ab" / ("c" * 62), 40, now)
    fresh = _aged(tmp_path / "ab" / ("d" * 62), 1, now)
    left_over = _aged(tmp_path / "ab" / ".tmp-123", 0.1, now)
    writing = _aged(tmp_path / "ab" / ".tmp-456", 0, now)
    foreign = _aged(tmp_path / "ab" / "notes.txt", 400, now)
    elsewhere = _aged(tmp_path / "other" / ("e" * 62), 400, now)
    assert prune(tmp_path, now) == 2
    assert [p.exists() for p in (old, fresh, left_over, writing, foreign, elsewhere)] == [
        False, True, False, True, True, True]


def test_prune_keeps_the_newest_when_there_are_too_many(tmp_path: Path) -> None:
    now = time.time()
    made = [_aged(tmp_path / f"{i:02x}" / (f"{i:x}" * 62)[:62], i, now) for i in range(1, 6)]
    assert prune(tmp_path, now, max_entries=2) == 3
    assert [p.exists() for p in made] == [True, True, False, False, False]


def test_prune_runs_at_most_once_a_day(tmp_path: Path, monkeypatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(cache_module, "prune", lambda directory, now: calls.append(directory))
    tmp_path.mkdir(exist_ok=True)
    store = Cache(tmp_path, "engine")
    store.maybe_prune()
    store.maybe_prune()
    assert calls == [tmp_path]
    os.utime(tmp_path / "pruned", (time.time() - 2 * DAY,) * 2)
    store.maybe_prune()
    assert calls == [tmp_path, tmp_path]


def test_a_hit_keeps_an_old_entry_alive(rules: Path, tmp_path: Path) -> None:
    read_tree(rules, cache=tmp_path)
    stored = entries(tmp_path)
    past = time.time() - 20 * DAY
    for entry in stored:
        os.utime(entry, (past, past))
    read_tree(rules, cache=tmp_path)
    assert all(time.time() - entry.stat().st_mtime < DAY for entry in stored)
