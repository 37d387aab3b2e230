"""Diagnostics as SARIF 2.1.0 (Static Analysis Results Interchange Format), for code scanning.

One run, tool ``tongban``; one reporting descriptor per code that appears (with the check's
name, summary and documentation from the registry, or the family's name for validation
codes); columns are counted in Unicode code points (``columnKind``), as our columns are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence
from urllib.parse import quote

from .. import __version__
from ..checks import BY_CODE
from ..checks.audit import CODES as AUDIT
from ..diagnostics import Diagnostic, Severity

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_FAMILIES = {
    "TB0": ("file", "文件本身：编码、大小、YAML 语法", "the file itself: encoding, size, YAML syntax"),
    "TB1": ("yaml-value", "PyYAML 会悄悄转换的 YAML 值、标签、别名", "YAML values PyYAML would convert, tags, aliases"),
    "TB2": ("schema", "模式：未知/缺少的键、类型、取值", "schema: unknown or missing keys, types, values"),
    "TB3": ("reference", "文件之间的引用", "references between files"),
    "TB4": ("expression-or-case", "条件表达式与判定用例", "condition language and decision cases"),
    "TB8": ("audit", "实施清单导出核对", "implementation-list export audit"),
}


def _uri(path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/")


def _descriptor(code: str, lang: str) -> dict:
    chk = BY_CODE.get(code)
    if chk is not None:
        text = chk.doc
        return {"id": code, "name": chk.name, "shortDescription": {"text": chk.summary},
                "fullDescription": {"text": text}, "help": {"text": chk.section("Fix") or chk.summary},
                "defaultConfiguration": {"level": _LEVEL[chk.severity]}}
    if code in AUDIT:
        name, severity, summary = AUDIT[code]
        return {"id": code, "name": name, "shortDescription": {"text": summary},
                "defaultConfiguration": {"level": _LEVEL[severity]}}
    name, zh, en = _FAMILIES.get(code[:3], ("other", "其他", "other"))
    return {"id": code, "name": name, "shortDescription": {"text": en if lang == "en" else zh}}


def to_sarif(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> dict:
    codes = sorted({d.code for d in diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d in diagnostics:
        message, hint = d.text(lang)
        results.append({
            "ruleId": d.code, "ruleIndex": index[d.code], "level": _LEVEL[d.severity],
            "message": {"text": message + (f"\n{hint}" if hint else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(d.file)},
                "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
            }}],
        })
    driver = {"name": "tongban", "version": __version__, "semanticVersion": __version__,
              "rules": [_descriptor(code, lang) for code in codes]}
    return {"$schema": SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}


def format_sarif(diagnostics: Sequence[Diagnostic], lang: str = "zh") -> str:
    return json.dumps(to_sarif(diagnostics, lang), ensure_ascii=False, indent=2) + "\n"
