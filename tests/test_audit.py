"""``tongban audit``: a 实施清单 export (CSV/JSON, UTF-8/GBK) against the canonical rules, row by row."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongban_rules import codes
from tongban_rules.checks.audit import audit, decode
from tongban_rules.cli.main import main

from .conftest import MINIMAL, ROOT

AUDIT = ROOT / "tests" / "fixtures" / "audit"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def found(path: Path, rules: Path = MINIMAL) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in audit(path, rules)]


def test_utf8_csv_row_by_row() -> None:
    """Rows are spreadsheet rows (the header is row 1); columns are 1-based field indexes."""
    assert found(AUDIT / "export-utf8.csv") == [
        ("TB874", 3, 1),   # 事项名称 differs
        ("TB878", 3, 8),   # 15 working days > the canonical 10
        ("TB875", 4, 2),   # 基本编码 0000000009 (matched by 事项名称 instead)
        ("TB876", 4, 4),   # 事项类型代码 20, canonical 01 ("1" in row 3 is the same as "01")
        ("TB873", 5, 1),   # unknown item
        ("TB872", 6, 8),   # 时限 "十" is not a number
        ("TB872", 7, 9),   # unit "周"
        ("TB877", 8, 5),   # 设定依据 does not name 《示例条例》
        ("TB871", 9, 3),   # a short row
        ("TB878", 10, 8),  # 14 自然日 against 10 工作日: longer on some dates
        ("TB878", 11, 8),  # after a quoted field with a line break: still record 11
    ]


def test_gbk_csv_is_detected() -> None:
    assert decode((AUDIT / "export-gbk.csv").read_bytes())[1] == "gb18030"
    diags = audit(AUDIT / "export-gbk.csv", MINIMAL)
    assert [(d.code, d.line, d.column) for d in diags] == [("TB874", 3, 1), ("TB878", 3, 5)]
    assert "示例事项（锦江区版）" in diags[0].message


def test_json_export() -> None:
    assert found(AUDIT / "export.json") == [("TB876", 2, 1), ("TB872", 2, 4), ("TB873", 3, 1)]


def test_match_by_implementation_code(tmp_path: Path, rules: Path) -> None:
    listing = rules / "regions/510104.yaml"
    listing.write_text(listing.read_text(encoding="utf-8") + "    implementation_code: 510104-demo-0001\n",
                       encoding="utf-8")
    export = tmp_path / "x.csv"
    export.write_text("事项名称,实施编码,事项类型代码\n锦江区示例事项,510104-demo-0001,01\n", encoding="utf-8")
    assert found(export, rules) == [("TB874", 2, 1)]


def test_guangan_dirty_rows_against_the_bundled_rules(monkeypatch) -> None:
    """The real 广安区 rows (FACTS §2.4): dept codes of 17 and 18 characters, codes with
    "083372204", local taskType codes; only two of the items are in the rules."""
    monkeypatch.chdir(ROOT)
    diags = audit(AUDIT / "guangan-511602.csv", "rules")
    by_row = {d.line: d for d in diags}
    assert 3 not in by_row  # 普通护照签发, matched by its 实施编码, agrees with the rules
    assert by_row[4].code == "TB874" and "居民身份证跨省异地办理" in by_row[4].message
    assert by_row[2].code == by_row[10].code == "TB873"  # 户口迁移审批, 企业投资项目备案: not in the rules
    assert all(d.line in range(2, 11) and d.column in (1, 3) for d in diags)


def test_missing_name_column(tmp_path: Path) -> None:
    export = tmp_path / "x.csv"
    export.write_text("编号,时限\n1,2\n", encoding="utf-8")
    assert found(export) == [("TB871", 1, 1)]


def test_unreadable_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"事项名称": 1,}]', encoding="utf-8")
    assert found(bad)[0][0] == "TB870"
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\xff")
    assert found(binary) == [("TB870", 1, 1)]
    assert found(tmp_path / "missing.csv") == [("TB870", 1, 1)]


def test_cli(capsys) -> None:
    code = main(["audit", str(AUDIT / "export.json"), "--rules", str(MINIMAL), "--format", "sarif"])
    out, _ = capsys.readouterr()
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    assert {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]} == {"TB872", "TB873", "TB876"}
    assert main(["audit", str(AUDIT / "export.json"), "--rules", str(MINIMAL), "--as-of", "soon"]) == 2


def test_codes_are_documented() -> None:
    text = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    audit_codes = [e for e in codes.table().values() if e.code.startswith("TB87")]
    assert [e.code for e in audit_codes] == [f"TB87{i}" for i in range(10)]
    assert all(f"| {e.code} | `{e.name}` |" in text and e.what for e in audit_codes)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300),
                 st.text(alphabet=st.sampled_from(list('事项名称基本编码,"\n\r\t{}[]:01承诺办结时限单位工作日 ')), max_size=200)
                 .map(lambda t: t.encode("utf-8"))))
def test_audit_never_raises(tmp_path: Path, data: bytes) -> None:
    for name in ("x.csv", "x.json"):
        path = tmp_path / name
        path.write_bytes(data)
        for d in audit(path, MINIMAL):
            assert d.code.startswith("TB87") and d.code in codes.table()
