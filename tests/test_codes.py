"""The code table (``codes``): complete, well formed, documented; one place formats findings;
``tongban codes``; docs/codes.md up to date."""

from __future__ import annotations

import json
import pickle
import re
from collections import defaultdict

import pytest

from tongban_rules import codes
from tongban_rules.checks import CHECKS
from tongban_rules.checks.docs import DOCS, catalog, markdown
from tongban_rules.cli.main import main
from tongban_rules.diagnostics import Diagnostic, Finding, Severity, place
from tongban_rules.errors import DecisionError
from tongban_rules.render import RenderError
from tongban_rules.source.read import read_source

from .conftest import ROOT

PACKAGE = ROOT / "tongban_rules"
TB = re.compile(r"TB[0-9]{3}")


def _package_texts() -> dict[str, str]:
    """Every text file of the package (source, templates, static files) but the table itself."""
    out = {}
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc", ".png", ".ico", ".woff2") and path != codes.TABLE:
            out[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return out


# ------------------------------------------------------------------ complete


def test_every_code_written_in_the_package_is_in_the_table() -> None:
    texts = _package_texts()
    assert len(texts) > 40 and any("TB601" in t for t in texts.values())
    unknown = {(name, code) for name, text in texts.items() for code in TB.findall(text)
               if code not in codes.table()}
    assert unknown == set()


def test_every_code_of_the_table_is_reported_somewhere() -> None:
    source = "\n".join(t for name, t in _package_texts().items() if name.endswith(".py") and "codes.py" not in name)
    assert [code for code in codes.table() if f'"{code}"' not in source] == []


def test_the_checks_are_the_table_codes_of_their_families() -> None:
    checked = {c.code for c in CHECKS}
    undocumented = {code for code, e in codes.table().items() if not e.what}
    assert checked == undocumented  # a check's documentation is its docstring, nobody else's
    assert all(c.name == codes.lookup(c.code).name for c in CHECKS)
    assert {c.code[:3] for c in CHECKS} == {"TB3", "TB5", "TB6", "TB7", "TB8", "TB9"}


# ------------------------------------------------------------------ well formed


def test_entries_are_well_formed() -> None:
    entries = catalog()
    assert len(entries) == len(codes.table()) > 90
    assert [e.code for e in entries] == sorted(e.code for e in entries)
    for e in entries:
        assert codes.CODE.match(e.code) and codes.NAME.match(e.name), e.code
        assert isinstance(e.severity, Severity) and e.family.prefix == e.code[:3], e.code
        assert e.summary.endswith(".") and all(e.section(s) for s in codes.SECTIONS), e.code
        for variant, text in e.messages.items():
            assert text.zh and text.en, (e.code, variant)
            assert bool(text.hint) == bool(text.hint_en), (e.code, variant)
            assert variant == "" or codes.NAME.match(variant), (e.code, variant)
        assert all(zh and en and codes.NAME.match(key) for key, (zh, en) in e.hints.items()), e.code


def test_names_are_unique() -> None:
    names = [e.name for e in codes.table().values()]
    assert len(names) == len(set(names))


class _Any(dict):
    def __missing__(self, key: str) -> int:
        return 7


def test_every_template_formats() -> None:
    """Every template is valid ``str.format`` syntax; given all its parameters, no field is left."""
    for e in codes.table().values():
        for variant, template in e.messages.items():
            text = e.text(variant, "", _Any())
            for done, raw in zip(text.templates(), template.templates()):
                assert done.count("{") == raw.count("{{"), (e.code, variant)
        for key, (zh, en) in e.hints.items():
            text = e.text("", key, _Any())
            assert (text.hint.count("{"), text.hint_en.count("{")) == (zh.count("{{"), en.count("{{")), (e.code, key)


def test_families_are_one_table() -> None:
    assert [f.prefix for f in codes.FAMILIES] == [f"TB{i}" for i in range(10)]
    assert len({f.name for f in codes.FAMILIES}) == 10
    assert codes.family("TB604").name == "presence-and-modes"


# ------------------------------------------------------------------ formatting findings


def test_a_finding_is_formatted_from_the_table() -> None:
    d = place(Finding(code="TB101", path=("a", "b"), params={"key": "b"}, line=3, column=5), "x.yaml")
    assert d == Diagnostic(code="TB101", severity=Severity.ERROR, file="x.yaml", line=3, column=5,
                           message="重复的键: b", hint="同一层级每个键只能出现一次；删除或合并重复的键。",
                           key_path=("a", "b"), message_en="duplicate key: b",
                           hint_en="each key may appear once per mapping; remove or merge the duplicate.")


def test_variants_hints_and_severity() -> None:
    found = place(Finding(code="TB404", variant="not-a-value", hint_key="suggest", params={
        "value": "singel", "fact": "status", "values": "single、married", "values_en": "single, married",
        "close": "single", "close_en": "single"}), "x.yaml")
    assert found.message == "“singel”不是 status 的取值（single、married）"
    assert found.message_en == '"singel" is not a value of status (single, married)'
    assert (found.hint, found.hint_en) == ("是不是：single？", "did you mean: single?")
    assert (found.line, found.column, found.severity) == (1, 1, Severity.ERROR)
    raised = place(Finding(code="TB850", variant="modes", severity=Severity.ERROR, params={
        "task": "t1", "name": "户籍证明", "deadline": "2025-06-30", "modes": "全程网办", "modes_en": "online"}),
        "t.yaml")
    assert raised.severity is Severity.ERROR and codes.lookup("TB850").severity is Severity.WARNING
    assert raised.message.endswith("且提供全程网办的规则文件")
    with pytest.raises(KeyError):
        place(Finding(code="TB101", variant="nope", params={"key": "k"}), "x.yaml")


def test_a_key_path_becomes_line_and_column() -> None:
    text = "id: x\nmaterials:\n  - material: id-card\n    originals: 1\n"
    source = read_source(text.encode(), "x.yaml").source
    d = place(Finding(code="TB202", path=("materials", 0, "originals"), params={"key": "originals"}), source)
    assert (d.file, d.line, d.column, d.message) == ("x.yaml", 4, 16, "缺少必填的键: originals")
    params = {"key": "materials", "allowed": "id"}
    at_key = place(Finding(code="TB201", path=("materials",), at_key=True, params=params), source)
    assert (at_key.line, at_key.column) == (2, 1)


def test_finding_text_and_decision_errors_use_the_same_table() -> None:
    finding = Finding(code="TB411", params={"item": "x"})
    error = DecisionError("TB411", item="x")
    assert (error.message, error.message_en) == (finding.message, finding.message_en)
    assert (error.message, error.message_en) == ("未知事项: x", "unknown item: x")
    assert str(error) == "TB411 未知事项: x"
    repr_value = DecisionError("TB410", variant="enum", fact="s", kind="enum", kind_zh="枚举", values="a、b",
                               values_en="a, b", value="c")
    assert repr_value.message == "事实 s 应为枚举（允许：a、b），收到 'c'"


def test_coded_errors_travel_between_processes_as_text() -> None:
    error = RenderError("TB034", path="/x", reason="No space left on device")
    assert str(error) == ("TB034 无法写入输出 /x: No space left on device；原有输出未改动"
                          " (cannot write the output; the previous output is untouched)")
    back = pickle.loads(pickle.dumps(error))  # as a render worker's process pool sends it back
    assert (type(back), back.code, back.message, back.message_en, str(back)) == (
        RenderError, "TB034", error.message, error.message_en, str(error))


def test_records_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        Diagnostic("TB101", Severity.ERROR, "x.yaml", 1, 1, "m")  # type: ignore[misc]
    with pytest.raises(TypeError):
        Finding("TB101", ("a",))  # type: ignore[misc]


# ------------------------------------------------------------------ tongban codes, docs/codes.md


def test_codes_command_text(capsys) -> None:
    assert main(["codes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(codes.table())
    assert lines[0].split()[:3] == ["TB001", "not-utf8", "error"]


def test_codes_command_json(capsys) -> None:
    assert main(["codes", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in rows] == list(codes.table())
    by_code = {r["code"]: r for r in rows}
    assert by_code["TB101"]["messages"][""]["zh"] == "重复的键: {key}"
    assert by_code["TB601"]["what"].startswith("``presence.required: true`` needs")  # from the docstring
    assert by_code["TB201"]["hints"]["suggest"]["en"] == "did you mean '{close}'?"
    families = defaultdict(int)
    for r in rows:
        families[r["family"]] += 1
    assert set(families) == {f.name for f in codes.FAMILIES}


def test_codes_command_refuses_other_formats(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["codes", "--format", "markdown"])
    assert exc.value.code == 2


def test_docs_codes_md_is_up_to_date() -> None:
    """Regenerate with: python -m tongban_rules.checks.docs --write"""
    assert DOCS.read_text(encoding="utf-8") == markdown()
    text = DOCS.read_text(encoding="utf-8")
    assert all(f"### {code} `{e.name}` — {e.severity.value}" in text for code, e in codes.table().items())
