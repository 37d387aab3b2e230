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
from tongban_rules.source import packs
from tongban_rules.source.cache import Cache, cache_dir, engine_fingerprint, open_cache
from tongban_rules.source.packs import MAX_PACKS, STALE

from .conftest import ROOT
from .test_cache import entries, read_pack, same_load

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


def test_this_test_session_keeps_out_of_the_users_cache() -> None:
    session = cache_dir(True)
    assert session is not None and session.is_dir()
    assert Path.home() not in session.parents and os.environ.get("XDG_CACHE_HOME", "//") not in str(session)


def test_no_cache_bypasses_it(rules: Path, tmp_path: Path, monkeypatch) -> None:
    load_rules(rules, cache=False)
    monkeypatch.setenv("TONGBAN_CACHE_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("TONGBAN_NO_CACHE", "1")
    assert validate(rules) == [] and validate(rules, cache=tmp_path / "given") == []
    assert not (tmp_path / "env").exists() and not (tmp_path / "given").exists()
    monkeypatch.setenv("TONGBAN_NO_CACHE", "0")
    assert validate(rules) == []
    assert entries(tmp_path / "env")


def test_check_takes_the_same_setting(rules: Path, tmp_path: Path) -> None:
    from tongban_rules.checks import check

    assert check(rules, cache=False) == check(rules, cache=tmp_path / "c") == check(rules, cache=tmp_path / "c")
    assert entries(tmp_path / "c")
    assert len(list((tmp_path / "c").glob("*.pack"))) == 1  # the second run met nothing new


def test_a_cache_inside_the_rules_or_their_repository_is_refused(rules: Path, tmp_path: Path) -> None:
    assert open_cache(rules / ".cache", rules) is None
    assert open_cache(rules, rules) is None
    (tmp_path / ".git").mkdir()  # tmp_path is now the repository holding rules/
    assert open_cache(tmp_path / ".cache", rules) is None
    assert load_rules(rules, cache=rules / ".cache").item_ids() == ("demo-item",)
    assert not (rules / ".cache").exists() and not (tmp_path / ".cache").exists()
    assert open_cache(tmp_path.parent / "elsewhere", rules) is not None


def test_a_directory_others_may_write_in_is_refused(rules: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert open_cache(shared, rules) is None
    shared.chmod(0o755)
    assert open_cache(shared, rules) is not None
    assert open_cache(tmp_path / "not-yet", rules) is not None


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


def test_a_failed_write_is_silent(tmp_path: Path) -> None:
    (tmp_path / "c").write_text("in the way")
    store = Cache(tmp_path / "c", "engine")
    store.keep("item", "0" * 64, b"{}", new=True)
    store.close()
    assert (tmp_path / "c").read_text() == "in the way"


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
    script = ("import sys; from tongban_rules.load.scope import validate; "
              "sys.exit(len(validate(sys.argv[1], cache=sys.argv[2])))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen([sys.executable, "-c", script, str(root), str(store)], env=env) for _ in range(3)]
    assert [run.wait(timeout=300) for run in runs] == [0, 0, 0]
    assert not list(store.glob(".tmp-*"))
    assert len(entries(store)) == len(list(root.rglob("*.yaml")))
    same_load(root, read_tree(root, cache=False), read_tree(root, cache=store))


# ------------------------------------------------------------------ bounded


def _run(directory: Path, used: list[str], new: dict[str, bytes]) -> None:
    """One run's worth of cache traffic: hits on ``used``, then ``new`` entries."""
    store = Cache(directory, "engine")
    for key in used:
        kind, digest = key.split(":")
        assert store.get(kind, digest) is not None
        store.keep(kind, digest, b"", new=False)
    for key, payload in new.items():
        store.keep(*key.split(":"), payload, new=True)
    store.close()


def test_packs_are_merged_when_there_are_many(tmp_path: Path) -> None:
    for n in range(MAX_PACKS):
        _run(tmp_path, [], {f"item:{n}": b"%d" % n})
    assert len(list(tmp_path.glob("*.pack"))) == MAX_PACKS
    _run(tmp_path, ["item:3"], {"item:new": b"new"})
    (merged,) = tmp_path.glob("*.pack")
    assert list(read_pack(merged)[1].items())[:2] == [("item:new", b"new"), ("item:3", b"3")]
    assert entries(tmp_path) == {"item:new": b"new", **{f"item:{n}": b"%d" % n for n in range(MAX_PACKS)}}


def test_a_merge_keeps_what_was_used_when_there_is_too_much(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(packs, "MAX_PACKS", 2)
    monkeypatch.setattr(packs, "MAX_BYTES", 10)
    _run(tmp_path, [], {"item:a": b"aaaa"})
    _run(tmp_path, [], {"item:b": b"bbbb"})
    _run(tmp_path, ["item:a"], {"item:c": b"cccc"})
    assert entries(tmp_path) == {"item:c": b"cccc", "item:a": b"aaaa"}


def test_stale_foreign_packs_and_left_overs_are_deleted(tmp_path: Path) -> None:
    _run(tmp_path, [], {"item:x": b"x"})
    hour_ago = time.time() - STALE - 60

    def made(name: str, old: bool) -> Path:
        path = tmp_path / name
        path.write_bytes(b"whatever")
        if old:
            os.utime(path, (hour_ago, hour_ago))
        return path

    doomed = [made("v1-otherengine-1.pack", True), made("v0-engine-1.pack", True), made(".tmp-1", True)]
    spared = [made("v1-otherengine-2.pack", False), made(".tmp-2", False), made("notes.txt", True)]
    _run(tmp_path, ["item:x"], {})
    assert [p.exists() for p in doomed + spared] == [False] * 3 + [True] * 3
    assert Cache(tmp_path, "engine").get("item", "x") == b"x"
