"""The remembered digests of a tree (``source.stats``): trusted only while a file's status is
unchanged and it was older than the margin when hashed; anything else reads the file again."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from tongban_rules.source import stats as st


def _reader(calls: list[str]):
    def read(path: str) -> str:
        calls.append(path)
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()

    return read


def _digest(directory: Path, root: Path, path: Path, calls: list[str]) -> str:
    index = st.Stats(str(directory), root)
    found = index.digest(str(path), path.name, _reader(calls))
    index.save()
    return found


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash as if ten seconds from now, so that the files written just before are old enough."""
    real = time.time_ns
    monkeypatch.setattr(st.time, "time_ns", lambda: real() + 10_000_000_000)


def test_an_old_unchanged_file_is_not_read_again(tmp_path: Path, later) -> None:
    path, calls = tmp_path / "a.yaml", []
    path.write_text("id: a\n", encoding="utf-8")
    first = _digest(tmp_path / "store", tmp_path, path, calls)
    assert _digest(tmp_path / "store", tmp_path, path, calls) == first
    assert len(calls) == 1


def test_a_young_file_is_read_every_time(tmp_path: Path) -> None:
    path, calls = tmp_path / "a.yaml", []
    path.write_text("id: a\n", encoding="utf-8")
    _digest(tmp_path / "store", tmp_path, path, calls)
    _digest(tmp_path / "store", tmp_path, path, calls)
    assert len(calls) == 2  # changed within the margin of its hashing: the times could not tell


def test_new_bytes_of_the_same_size_and_modification_time_are_seen(tmp_path: Path, later) -> None:
    path, calls = tmp_path / "a.yaml", []
    path.write_text("id: a\n", encoding="utf-8")
    first = _digest(tmp_path / "store", tmp_path, path, calls)
    before = os.stat(path)
    time.sleep(0.05)
    path.write_text("id: b\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # what `touch -d` could do
    assert _digest(tmp_path / "store", tmp_path, path, calls) != first
    assert len(calls) == 2


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b'{"format": 1, "files": []}',
                                     b'{"format": 1, "files": {"a.yaml": [1, 2, 3, 4, 5, 6]}}',
                                     b'{"format": 1, "files": {"a.yaml": "x"}}'])
def test_a_damaged_index_is_ignored(tmp_path: Path, later, content: bytes) -> None:
    path, calls = tmp_path / "a.yaml", []
    path.write_text("id: a\n", encoding="utf-8")
    index = st.Stats(str(tmp_path / "store"), tmp_path)
    (tmp_path / "store").mkdir()
    Path(index.path).write_bytes(content)
    digest = _digest(tmp_path / "store", tmp_path, path, calls)
    assert digest == hashlib.sha256(b"id: a\n").hexdigest() and calls == [str(path)]


def test_a_link_is_always_read(tmp_path: Path, later) -> None:
    target, link, calls = tmp_path / "t.yaml", tmp_path / "l.yaml", []
    target.write_text("id: a\n", encoding="utf-8")
    link.symlink_to(target)
    _digest(tmp_path / "store", tmp_path, link, calls)
    _digest(tmp_path / "store", tmp_path, link, calls)
    assert len(calls) == 2
