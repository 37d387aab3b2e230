"""Rule bundles (``tongban bundle``, ``load.bundle``): round trip, lazy revival, the same
decisions as the directory, damaged and foreign files coded, refusal on check errors, the CLI."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tongban_rules.cli.main import main
from tongban_rules.errors import BundleError, DecisionError, RulesError
from tongban_rules.load import bundle as bundle_module
from tongban_rules.load.bundle_write import bundle_bytes, write_bundle
from tongban_rules.load.loader import load_rules, load_tree
from tongban_rules.load.scope import validate

from .conftest import MINIMAL, ROOT

RULES = ROOT / "rules"


@pytest.fixture(scope="module")
def source():
    return load_rules(RULES)


@pytest.fixture(scope="module")
def bundled(source, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "rules.bundle"
    write_bundle(source, path)
    return path


def _code(exc: RulesError) -> tuple[str, str]:
    (d,) = exc.diagnostics
    return d.code, d.message_en


def _outcome(ruleset, item, facts, region, on):
    try:
        return ruleset.decide(item, facts, region=region, on=on).to_dict()
    except DecisionError as exc:
        return exc.code, exc.message


# ------------------------------------------------------------------ round trip


def test_round_trip_keeps_every_model(source, bundled: Path) -> None:
    loaded = load_rules(bundled)
    assert loaded.digest == source.digest and loaded.bundle["items"] == len(source.versions)
    assert list(loaded.versions) == sorted(source.versions)
    for item_id, versions in source.versions.items():
        revived = loaded.versions[item_id]
        assert [v.item for v in revived] == [v.item for v in versions]
        assert [v.item.model_fields_set for v in revived] == [v.item.model_fields_set for v in versions]
    assert (loaded.laws, loaded.materials, loaded.licences, loaded.departments) == \
        (source.laws, source.materials, source.licences, source.departments)
    assert loaded.calendar_years == source.calendar_years and loaded.tasklist == source.tasklist
    assert loaded.implementations == source.implementations and loaded.holiday_measures == source.holiday_measures
    assert loaded.regions.is_known("510104") and not loaded.cases


def test_items_are_revived_on_first_use_only(bundled: Path) -> None:
    loaded = load_rules(bundled)
    assert loaded.versions.revived == {}
    assert "hukou-certificate" in loaded.versions and "no-such-item" not in loaded.versions
    assert loaded.versions.revived == {}
    loaded.items["hukou-certificate"]
    assert list(loaded.versions.revived) == ["hukou-certificate"]


def test_the_bundle_header_says_what_it_holds(bundled: Path) -> None:
    lines = bundled.read_bytes().split(b"\n", 2)
    header = json.loads(lines[1])
    assert lines[0] == b"tongban-bundle/1"
    assert header["engine"] == bundle_module.engine_version() and header["built"].endswith("+00:00")
    assert load_rules(bundled).bundle["digest"] == header["digest"]


def test_decisions_equal_the_directorys_on_every_case(source, bundled: Path) -> None:
    loaded = load_rules(bundled)
    cases = [(f.item, c) for f in source.cases.values() for c in f.cases]
    assert len(cases) > 100 and {item for item, _ in cases} == set(source.versions)
    for item, case in cases:
        expected = _outcome(source, item, case.facts, case.region, case.date)
        assert _outcome(loaded, item, case.facts, case.region, case.date) == expected, (item, case.name)


# ------------------------------------------------------------------ damaged and foreign files


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "x.bundle"
    path.write_bytes(data)
    return path


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def _refused(path: Path) -> tuple[str, str]:
    with pytest.raises(RulesError) as exc:
        load_rules(path)
    return _code(exc.value)


def test_a_changed_byte_before_the_payloads_is_corrupt(bundled: Path, tmp_path: Path) -> None:
    data = bundled.read_bytes()
    head = data.index(b"\n", data.index(b"\n") + 1) + 1
    for at in (head + 5, head + 3000, data.index(b'"rules_digest":"') + 20):
        code, message = _refused(_write(tmp_path, _flip(data, at)))
        assert (code, message) == ("TB040", "the bundle does not match its digest (damaged or altered)")


def test_a_changed_payload_is_found_when_its_item_is_revived(bundled: Path, tmp_path: Path, capsys) -> None:
    data = bundled.read_bytes()
    path = _write(tmp_path, _flip(data, len(data) - 10))
    loaded = load_rules(path)  # the header, index and shared files are intact
    last = list(loaded.versions)[-1]
    with pytest.raises(BundleError) as exc:
        loaded.versions[last]
    assert exc.value.code == "TB040" and last in exc.value.message
    facts = tmp_path / "facts.json"
    facts.write_text("{}", encoding="utf-8")
    capsys.readouterr()
    code = main(["decide", last, "--facts", str(facts), "--rules", str(path), "--on", "2026-03-02", "--format", "text"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("TB040 ") and "Traceback" not in err
    code = main(["decide", last, "--facts", str(facts), "--rules", str(path), "--on", "2026-03-02"])
    assert code == 1 and json.loads(capsys.readouterr().out)["errors"][0]["code"] == "TB040"


def _every_item(path: Path) -> None:
    """Load the bundle and revive every item: a coded error, or nothing."""
    loaded = load_rules(path)
    for item_id in loaded.versions:
        loaded.versions[item_id]


def test_any_changed_byte_is_coded(bundled: Path, tmp_path: Path) -> None:
    data = bundled.read_bytes()
    seen = set()
    for at in range(0, len(data), max(1, len(data) // 300)):
        try:
            _every_item(_write(tmp_path, _flip(data, at)))
        except RulesError as exc:
            seen.add(_code(exc)[0])
        except BundleError as exc:
            seen.add(exc.code)
        else:
            pytest.fail(f"a changed byte at {at} went unnoticed")
    assert seen == {"TB040"}


def _forged(data: bytes, change) -> bytes:
    """The bundle with its sections changed by ``change`` and a digest that matches again."""
    magic, header_line, rest = data.split(b"\n", 2)
    header = json.loads(header_line)
    sizes = header["sections"]
    parts, at = [], 0
    for size in sizes[:3]:
        parts.append(rest[at:at + size])
        at += size
    parts, payloads = change(parts, rest[at:])
    header["sections"] = [*(len(p) for p in parts), len(payloads)]
    header["digest"] = bundle_module.header_digest(header, parts)
    return b"\n".join([magic, json.dumps(header).encode(), b"".join([*parts, payloads])])


@pytest.mark.parametrize("change", [
    lambda parts, pay: ([b"[]", parts[1], parts[2]], pay),
    lambda parts, pay: ([b'{"ids": ["a"], "ends": []}', parts[1], parts[2]], pay),
    lambda parts, pay: ([parts[0], parts[1], b'[["laws", "x", "{}"]]'], pay),
    lambda parts, pay: ([parts[0], parts[1], b'[["nothing", "x", "{}"]]'], pay),
    lambda parts, pay: ([parts[0], parts[1], b"{"], pay),
])
def test_forged_sections_with_a_matching_digest_are_corrupt(bundled: Path, tmp_path: Path, change) -> None:
    code, message = _refused(_write(tmp_path, _forged(bundled.read_bytes(), change)))
    assert code == "TB040" and "does not match its digest" in message


@pytest.mark.parametrize("entries", [b"[[1, 2]]", b"{}", b'[["2020-01-01", null, 0, -5, "x", "p"]]',
                                     b'[["2020-01-01", null, 0, 99999999999, "x", "p"]]', b"[[", b'"x"'])
def test_forged_entries_are_coded_when_their_item_is_used(bundled: Path, tmp_path: Path, entries: bytes) -> None:
    def change(parts, payloads):
        ids = json.loads(parts[0])["ids"][:1]
        return [json.dumps({"ids": ids, "ends": [len(entries)]}).encode(), entries, parts[2]], payloads

    loaded = load_rules(_write(tmp_path, _forged(bundled.read_bytes(), change)))
    with pytest.raises(BundleError) as exc:
        loaded.decide(next(iter(loaded.versions)), {}, region="510104", on=date(2026, 3, 2))
    assert exc.value.code == "TB040"


def test_a_payload_of_another_item_is_refused(bundled: Path, tmp_path: Path) -> None:
    def change(parts, payloads):
        index = json.loads(parts[0])
        first, second = (index["ids"][i] for i in (0, 1))
        entries = [json.loads(parts[1][a:b]) for a, b in zip([0, *index["ends"]], index["ends"])]
        entries[0] = entries[1]  # the first id now points at the second item's payload
        blobs = [json.dumps(e).encode() for e in entries]
        ends = [sum(len(b) for b in blobs[:i + 1]) for i in range(len(blobs))]
        assert first != second
        return [json.dumps({"ids": index["ids"], "ends": ends}).encode(), b"".join(blobs), parts[2]], payloads

    loaded = load_rules(_write(tmp_path, _forged(bundled.read_bytes(), change)))
    with pytest.raises(BundleError):
        loaded.versions[next(iter(loaded.versions))]


@pytest.mark.parametrize("cut", [1, 1000, -1])
def test_truncated_or_extended_files(bundled: Path, tmp_path: Path, cut: int) -> None:
    data = bundled.read_bytes()
    changed = data + b"\n" if cut < 0 else data[:-cut]
    assert _refused(_write(tmp_path, changed))[0] == "TB040"
    assert _refused(_write(tmp_path, changed))[1].startswith("the bundle's length does not match")


@pytest.mark.parametrize("sections", [[10 ** 18, 0, 0, 0], [-5, 10, 10, 10], [1, 2], "abc", [None, 1, 2, 3]])
def test_impossible_section_sizes(bundled: Path, tmp_path: Path, sections) -> None:
    magic, header_line, rest = bundled.read_bytes().split(b"\n", 2)
    header = {**json.loads(header_line), "sections": sections}
    data = b"\n".join([magic, json.dumps(header).encode(), rest])
    assert _refused(_write(tmp_path, data))[0] == "TB040"


def test_a_bundle_cut_inside_its_header_is_refused(bundled: Path, tmp_path: Path) -> None:
    data = bundled.read_bytes()
    for size in (20, 100, data.index(b"\n", 20) + 50):
        code, message = _refused(_write(tmp_path, data[:size]))
        assert code == "TB040" and message.startswith(("the bundle does not match", "the bundle's length")), size


@pytest.mark.parametrize("data", [b"", b"id: demo-item\n", b"\x00" * 64, b"tongban-bundl", b"PK\x03\x04zip"])
def test_foreign_files(tmp_path: Path, data: bytes) -> None:
    assert _refused(_write(tmp_path, data)) == ("TB040", "not a rule bundle")


def test_another_format_version(bundled: Path, tmp_path: Path) -> None:
    data = bundled.read_bytes().replace(b"tongban-bundle/1\n", b"tongban-bundle/2\n", 1)
    code, message = _refused(_write(tmp_path, data))
    assert code == "TB040" and "another format version (2" in message


def test_another_engine(source, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(bundle_module, "engine_version", lambda: "0.0.9+0123456789abcdef")
    import tongban_rules.load.bundle_write as writer

    monkeypatch.setattr(writer, "engine_version", bundle_module.engine_version)
    data = bundle_bytes(source)
    monkeypatch.undo()
    code, message = _refused(_write(tmp_path, data))
    assert code == "TB040" and "another engine (0.0.9+0123456789abcdef" in message


def test_a_missing_bundle_is_a_missing_rules_directory(tmp_path: Path) -> None:
    assert _refused(tmp_path / "none.bundle")[0] == "TB008"


def test_a_directory_named_like_a_bundle_is_read_as_rules(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL, tmp_path / "rules.bundle")
    loaded = load_rules(tmp_path / "rules.bundle")
    assert loaded.bundle is None and loaded.digest == load_rules(MINIMAL).digest


# ------------------------------------------------------------------ the commands


def _minimal_bundle(tmp_path: Path, capsys) -> Path:
    out = tmp_path / "minimal.bundle"
    assert main(["bundle", str(MINIMAL), "-o", str(out), "--as-of", "2025-06-02"]) == 0
    assert "1 items" in capsys.readouterr().err
    return out


def test_decide_prints_the_same_from_a_bundle(tmp_path: Path, capsys) -> None:
    out = _minimal_bundle(tmp_path, capsys)
    facts = tmp_path / "facts.json"
    facts.write_text('{"age": 30, "reason": "lost"}', encoding="utf-8")
    for fmt in ("json", "text"):
        argv = ["decide", "demo-item", "--facts", str(facts), "--on", "2025-06-02", "--region", "510104",
                "--format", fmt]
        assert main([*argv, "--rules", str(MINIMAL)]) == 0
        expected = capsys.readouterr().out
        assert main([*argv, "--rules", str(out)]) == 0
        assert capsys.readouterr().out == expected and expected


def test_bundle_refuses_a_rule_set_with_errors(rules: Path, tmp_path: Path, capsys) -> None:
    item = rules / "items" / "demo" / "demo-item.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("law: demo-law", "law: no-such-law", 1),
                    encoding="utf-8")
    out = tmp_path / "broken.bundle"
    code = main(["bundle", str(rules), "-o", str(out), "--as-of", "2025-06-02"])
    captured = capsys.readouterr()
    assert code == 1 and not out.exists()
    assert "TB301" in captured.err and "TB042 规则集有 1 个错误，未生成规则包" in captured.err


def test_bundle_refuses_a_missing_rules_directory(tmp_path: Path, capsys) -> None:
    code = main(["bundle", str(tmp_path / "none"), "-o", str(tmp_path / "x.bundle")])
    err = capsys.readouterr().err
    assert code == 1 and "TB008" in err and "TB042" in err and not (tmp_path / "x.bundle").exists()


def test_bundle_reports_an_output_it_cannot_write(tmp_path: Path, capsys) -> None:
    code = main(["bundle", str(MINIMAL), "-o", str(tmp_path / "no" / "such" / "x.bundle"), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1 and "TB042 cannot write the bundle" in err and "Traceback" not in err


def test_a_bundle_is_replaced_whole(tmp_path: Path, capsys) -> None:
    out = _minimal_bundle(tmp_path, capsys)
    first = out.read_bytes()
    out = _minimal_bundle(tmp_path, capsys)
    assert out.read_bytes()[:16] == first[:16] and [p.name for p in tmp_path.iterdir()] == ["minimal.bundle"]


@pytest.mark.parametrize("argv", [["check", "B"], ["validate", "B"], ["test", "B"], ["audit", "E", "--rules", "B"],
                                  ["render", "B", "-o", "O"], ["build", "B", "-o", "O"]])
def test_commands_that_read_rule_files_refuse_a_bundle(tmp_path: Path, capsys, argv) -> None:
    bundled = _minimal_bundle(tmp_path, capsys)
    export = tmp_path / "export.json"
    export.write_text('[{"事项名称": "户籍证明", "基本编码": "0000000001"}]', encoding="utf-8")
    places = {"B": str(bundled), "E": str(export), "O": str(tmp_path / "guides")}
    code = main([places.get(a, a) for a in argv])
    captured = capsys.readouterr()
    assert code == 1 and "TB041" in captured.out + captured.err and "Traceback" not in captured.err, argv
    assert not (tmp_path / "guides").exists()


def test_the_library_says_a_bundle_is_no_rules_directory(tmp_path: Path, capsys) -> None:
    bundled = _minimal_bundle(tmp_path, capsys)
    assert [d.code for d in load_tree(bundled)[1]] == ["TB041"]
    assert [d.code for d in validate(bundled)] == ["TB041"]


def test_the_service_serves_a_bundle_as_it_is(source, bundled: Path, tmp_path: Path) -> None:
    from tongban_rules.service.state import build

    snapshot = build(bundled)
    assert snapshot.ruleset.bundle is not None and snapshot.digest == source.digest
    assert snapshot.ruleset.versions.revived == {}  # no second check: nothing revived at start
    with pytest.raises(RulesError) as exc:
        build(_write(tmp_path, bundled.read_bytes()[:-1]))
    assert _code(exc.value)[0] == "TB040"
