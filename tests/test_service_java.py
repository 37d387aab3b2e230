"""A non-Python client proves the contract: ``java examples/java/Decide.java BASE_URL …`` (Java 17
single-file source, standard library only, its HttpClient left at its defaults — it offers an
h2c upgrade on every request) against a live server prints the outcome the Python API gives."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date

import pytest

from tongban_rules import load_rules

from .conftest import MINIMAL, ROOT
from .service_server import start

JAVA = shutil.which("java")
FACTS = {"age": 30, "reason": "lost", "hukou_region": "500112"}


@pytest.mark.skipif(JAVA is None, reason="no java on this machine")
def test_java_client_gets_the_python_decision(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(MINIMAL, rules)
    ruleset = load_rules(rules)
    expected = ruleset.decide("demo-item", FACTS, region="510104", on=date(2025, 6, 2))
    server = start(rules, "--decision-log", str(tmp_path / "log.jsonl"), log=tmp_path / "server.log")
    try:
        run = subprocess.run([JAVA, str(ROOT / "examples" / "java" / "Decide.java"), server.base, "demo-item",
                              json.dumps(FACTS), "510104", "2025-06-02"], capture_output=True, text=True, timeout=120)
    finally:
        server.stop()
    assert run.returncode == 0, run.stdout + run.stderr
    printed = dict(re.findall(r"^(\w+): (.*)$", run.stdout, re.M))
    assert printed["outcome"] == expected.outcome
    assert printed["rules_digest"] == ruleset.digest
    logged = json.loads((tmp_path / "log.jsonl").read_text(encoding="utf-8"))
    assert logged["decision_id"] == printed["decision_id"] and logged["outcome"] == expected.outcome
