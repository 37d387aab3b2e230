"""The cache of validated files: a warm load equals a cold one, and no entry can make it lie.

Every test caches into its own ``tmp_path`` directory (``cache=``) or the session's (conftest).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel

from tongban_rules import load_rules, validate
from tongban_rules.load import loader
from tongban_rules.load.loader import build, read_tree

from .conftest import MINIMAL, ROOT
from .test_loader import ITEM, locate, put, with_item

BUNDLED = ROOT / "rules"


def same(a: object, b: object, where: str = "") -> None:
    """Equal, and of the same types all the way down (Decimal("20.50") is not Decimal("20.5"),
    a tuple is not a list), with the same fields set in every model."""
    assert type(a) is type(b), where
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set, where
        assert list(a.__dict__) == list(b.__dict__), where
        for key in a.__dict__:
            same(a.__dict__[key], b.__dict__[key], f"{where}.{key}")
    elif isinstance(a, (tuple, list)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            same(a[key], b[key], f"{where}[{key!r}]")
    else:
        assert repr(a) == repr(b), where


def same_load(root: Path, first: tuple, second: tuple) -> None:
    (loaded_a, digest_a), (loaded_b, digest_b) = first, second
    assert digest_a == digest_b
    for a, b in zip(loaded_a, loaded_b, strict=True):
        assert (a.kind, a.source.path, a.source.text, a.declared) == (b.kind, b.source.path, b.source.text, b.declared)
        assert a.diagnostics == b.diagnostics
        same(a.model, b.model, a.source.path)
    assert build(root, loaded_a, digest_a)[1] == build(root, loaded_b, digest_b)[1]


def read_pack(path: Path) -> tuple[dict, dict[str, bytes]]:
    """A pack's header and its entries (key → payload)."""
    with path.open("rb") as file:
        header, index = json.loads(file.readline()), json.loads(file.readline())
        data = file.read()
    return header, {key: data[offset: offset + length] for key, (offset, length, _) in index.items()}


def write_pack(path: Path, header: dict, entries: dict[str, bytes], digests: dict[str, str] | None = None) -> None:
    index, offset = {}, 0
    for key, payload in entries.items():
        index[key] = [offset, len(payload), (digests or {}).get(key) or hashlib.sha256(payload).hexdigest()]
        offset += len(payload)
    head = json.dumps(header).encode() + b"\n" + json.dumps(index).encode() + b"\n"
    path.write_bytes(head + b"".join(entries.values()))


def entries(directory: Path) -> dict[str, bytes]:
    """Every entry kept in ``directory`` (key → payload)."""
    return {key: payload for pack in sorted(directory.glob("*.pack")) for key, payload in read_pack(pack)[1].items()}


def no_yaml(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file the loader reads as YAML (a cache hit reads none)."""
    seen: list[str] = []
    real = loader.read_source

    def counting(data, path, **kw):
        seen.append(path)
        return real(data, path, **kw)

    monkeypatch.setattr(loader, "read_source", counting)
    return seen


# ------------------------------------------------------------------ warm equals cold


@pytest.mark.parametrize("root", [BUNDLED, MINIMAL], ids=["bundled", "minimal"])
def test_every_bundled_file_comes_back_exactly(root: Path, tmp_path: Path, monkeypatch) -> None:
    plain = read_tree(root, cache=False)
    cold = read_tree(root, cache=tmp_path)
    stored = entries(tmp_path)
    assert len(stored) == sum(f.kind != "cases" for f in plain[0])  # cases hold free-form values
    assert len(list(tmp_path.glob("*.pack"))) == 1
    seen = no_yaml(monkeypatch)
    warm = read_tree(root, cache=tmp_path)
    assert sorted(seen) == sorted(f.source.path for f in plain[0] if f.kind == "cases")
    same_load(root, plain, cold)
    same_load(root, plain, warm)
    assert entries(tmp_path) == stored


def test_a_hit_skips_yaml_and_an_edit_misses_once(rules: Path, tmp_path: Path, monkeypatch) -> None:
    load_rules(rules, cache=tmp_path)
    seen = no_yaml(monkeypatch)
    load_rules(rules, cache=tmp_path)
    assert seen == [str(rules / "cases/demo-item.yaml")]  # decision cases are always read
    seen.clear()
    with_item(rules, "title: 测试用事项", "title: 改过的测试用事项")
    assert load_rules(rules, cache=tmp_path).latest("demo-item").sources[0].title == "改过的测试用事项"
    assert seen == [str(rules / "cases/demo-item.yaml"), str(rules / ITEM)]


def test_files_with_findings_keep_their_positions_warm(rules: Path, tmp_path: Path, monkeypatch) -> None:
    """Broken files are never stored; clean files whose links fail are, and still point exactly."""
    text = with_item(rules, "department: police", "department: nowhere")  # schema-clean, a dangling link
    put(rules, "items/demo/other.yaml", "id: other\nstatus: yes\n")  # broken: never stored
    cold = validate(rules, cache=tmp_path)
    assert ("TB301", *locate(text, "nowhere")) in [(d.code, d.line, d.column) for d in cold]
    assert {"TB102", "TB301"} <= {d.code for d in cold}
    seen = no_yaml(monkeypatch)
    assert validate(rules, cache=tmp_path) == cold
    assert seen == [str(rules / "cases/demo-item.yaml"), str(rules / "items/demo/other.yaml")]


def test_a_larger_file_than_allowed_is_refused_though_cached(rules: Path, tmp_path: Path) -> None:
    read_tree(rules, cache=tmp_path)
    loaded, _ = read_tree(rules, cache=tmp_path, max_bytes=100)
    assert {d.code for f in loaded for d in f.diagnostics} == {"TB003"}


def test_decimals_and_dates_keep_their_exact_type(rules: Path, tmp_path: Path) -> None:
    with_item(rules, "amount: 40", "amount: 40.50")
    cold = load_rules(rules, cache=tmp_path).latest("demo-item")
    warm = load_rules(rules, cache=tmp_path).latest("demo-item")
    same(cold, warm)
    assert repr(warm.fees.entries[1].amount) == repr(Decimal("40.50"))


def test_parallel_reading_with_a_cache_gives_the_same_result(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import make_rules

    root = make_rules(tmp_path / "rules", loader.PARALLEL_MIN + 10)
    broken = root / "items/group-000/synthetic-3.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status: draft", "status: yes"), encoding="utf-8")
    plain = read_tree(root, workers=1, cache=False)
    same_load(root, plain, read_tree(root, workers=2, cache=tmp_path / "c"))  # workers write
    same_load(root, plain, read_tree(root, workers=2, cache=tmp_path / "c"))  # workers read
    same_load(root, plain, read_tree(root, workers=2, cache=False))
    assert len(entries(tmp_path / "c")) == len(list(root.rglob("*.yaml"))) - 1  # all but the broken one


# ------------------------------------------------------------------ entries that lie


def _damage(pack: Path, how: str) -> None:
    header, stored = read_pack(pack)
    data = pack.read_bytes()
    if how == "truncated":
        pack.write_bytes(data[: len(data) * 3 // 4])
    elif how == "flipped":
        pack.write_bytes(data[:-100] + data[-100:].replace(b'"', b"'", 1))
    elif how == "garbage":
        pack.write_bytes(os.urandom(200))
    elif how == "empty":
        pack.write_bytes(b"")
    elif how in ("engine", "format"):
        write_pack(pack, {**header, how: 0}, stored)
    elif how == "digests":
        write_pack(pack, header, stored, {key: "0" * 64 for key in stored})
    elif how == "offsets":
        write_pack(pack, header, {key: payload[1:] + b" " for key, payload in stored.items()})
    elif how == "kinds":
        write_pack(pack, header, {"laws:" + key.split(":")[1]: payload for key, payload in stored.items()})
    elif how == "invalid-model":  # whole, well-formed entries whose model does not validate
        write_pack(pack, header, {key: b'{"id": 7}' for key in stored})


@pytest.mark.parametrize("how", ["truncated", "flipped", "garbage", "empty", "engine", "format", "digests", "offsets",
                                 "kinds", "invalid-model"])
def test_damaged_or_foreign_entries_are_ignored_and_rebuilt(rules: Path, tmp_path: Path, how: str,
                                                            monkeypatch) -> None:
    expected = read_tree(rules, cache=False)
    read_tree(rules, cache=tmp_path)
    good = entries(tmp_path)
    for pack in tmp_path.glob("*.pack"):
        _damage(pack, how)
    same_load(rules, expected, read_tree(rules, cache=tmp_path))
    seen = no_yaml(monkeypatch)
    same_load(rules, expected, read_tree(rules, cache=tmp_path))
    assert seen == [str(rules / "cases/demo-item.yaml")]  # rebuilt: nothing else is read as YAML
    kept = {item for pack in tmp_path.glob("*.pack") for item in read_pack(pack)[1].items()}
    assert set(good.items()) <= kept


def test_a_hit_is_trusted_so_the_entry_is_really_used(rules: Path, tmp_path: Path) -> None:
    """The proof that entries are read: a well-formed entry changed on purpose changes the model."""
    load_rules(rules, cache=tmp_path)
    (pack,) = tmp_path.glob("*.pack")
    header, stored = read_pack(pack)
    write_pack(pack, header, {k: v.replace("示例".encode(), "改写".encode()) for k, v in stored.items()})
    assert "改写" in load_rules(rules, cache=tmp_path).latest("demo-item").name
    assert "改写" not in load_rules(rules, cache=False).latest("demo-item").name


# ------------------------------------------------------------------ the command line


def _packs(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_cache_dir_option_puts_the_cache_there(tmp_path: Path, capsys) -> None:
    from tongban_rules.cli.main import main

    chosen = tmp_path / "chosen"
    before = os.environ.get("TONGBAN_CACHE_DIR")
    assert main(["validate", str(MINIMAL), "--cache-dir", str(chosen)]) == 0
    assert _packs(chosen), "the run should have written its pack into --cache-dir"
    assert os.environ.get("TONGBAN_CACHE_DIR") == before  # the option does not leak into later runs


def test_no_cache_option_reads_and_writes_nothing(tmp_path: Path, capsys) -> None:
    from tongban_rules.cli.main import main

    chosen = tmp_path / "chosen"
    assert main(["check", str(MINIMAL), "--no-cache", "--cache-dir", str(chosen)]) == 0
    assert not _packs(chosen)
    assert "TONGBAN_NO_CACHE" not in os.environ or os.environ["TONGBAN_NO_CACHE"] in ("", "0")


@pytest.mark.parametrize("command", ["schema", "codes"])
def test_commands_that_read_no_rules_take_no_cache_options(command: str, capsys) -> None:
    from tongban_rules.cli.main import main

    with pytest.raises(SystemExit) as caught:
        main([command, "--no-cache"])
    assert caught.value.code == 2
