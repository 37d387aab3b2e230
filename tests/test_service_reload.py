"""Hot reload under load: a bounded client loop keeps deciding while the rules change twice and
one broken change is rejected — zero failed requests, each answer consistent with the digest it
reports.  Also: ``--watch``, two workers sharing one decision log, SIGHUP passed on to workers."""

from __future__ import annotations

import json
import shutil
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from tongban_rules import load_rules

from .conftest import MINIMAL
from .service_server import start, wait_for

ITEM = "demo-item"
ON = "2025-06-02"
AGES = (15, 17, 19, 25)


def set_condition(rules, old: str, new: str) -> None:
    path = rules / "items" / "demo" / "demo-item.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def outcomes(rules) -> tuple[str, dict[int, str]]:
    """The digest of the rules as they are now and what the Python API decides for each age."""
    ruleset = load_rules(rules)
    return ruleset.digest, {age: ruleset.decide(ITEM, {"age": age, "reason": "expired", "hukou_region": "500112"},
                                                region="510104", on=date.fromisoformat(ON)).outcome for age in AGES}


class Client:
    """Decides in a loop until stopped (at most ``limit`` requests); records every answer."""

    def __init__(self, server, limit: int = 20000):
        self.server, self.limit, self.answers, self.failures = server, limit, [], []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def count(self, digest: str) -> int:
        return sum(1 for a in self.answers if a[1] == digest)

    def run(self) -> None:
        n = 0
        while not self.stop.is_set() and n < self.limit:
            age = AGES[n % len(AGES)]
            n += 1
            try:
                answer = self.server.post(f"/v1/items/{ITEM}/decide", {
                    "facts": {"age": age, "reason": "expired", "hukou_region": "500112"}, "region": "510104", "on": ON})
            except OSError as exc:
                self.failures.append(repr(exc))
                continue
            if answer.status != 200:
                self.failures.append((answer.status, answer.body[:200]))
                continue
            body = answer.json
            self.answers.append((age, answer.headers["x-rules-digest"], body["provenance"]["rules_digest"],
                                 body["outcome"]))


def serving(server, digest: str) -> bool:
    return server.get("/v1/version").json["rules_digest"] == digest


def test_reload_under_load_drops_nothing_and_rejects_a_broken_change(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(MINIMAL, rules)
    expected = dict([outcomes(rules)])
    server = start(rules, log=tmp_path / "server.log")
    client = Client(server)
    client.thread.start()
    try:
        first = server.get("/v1/version").json["rules_digest"]
        assert first in expected and wait_for(lambda: client.count(first) > 20)
        for old, new in (("age >= 16", "age >= 18"), ("age >= 18", "age >= 20")):
            set_condition(rules, old, new)
            digest, decided = outcomes(rules)
            expected[digest] = decided
            server.proc.send_signal(signal.SIGHUP)
            assert wait_for(lambda d=digest: serving(server, d)), server.output()
            assert wait_for(lambda d=digest: client.count(d) > 20)
            if len(expected) == 2:  # between the two good changes, a broken one
                before = server.output().count("reload refused")
                set_condition(rules, "age >= 18", "age >=")
                server.proc.send_signal(signal.SIGHUP)
                assert wait_for(lambda n=before: server.output().count("reload refused") > n), server.output()
                assert serving(server, digest)
                set_condition(rules, "age >=", "age >= 18")
    finally:
        client.stop.set()
        client.thread.join(30)
        server.stop()
    assert client.failures == []
    seen = {a[1] for a in client.answers}
    assert len(expected) == 3 and seen == set(expected)  # answers under each of the three rule sets
    for age, header, reported, outcome in client.answers:
        assert header == reported and reported in expected
        assert outcome == expected[reported][age], (age, reported[:12], outcome)
    assert "TB4" in server.output().split("reload refused", 1)[1]  # the diagnostics were logged
    assert len({tuple(v.values()) for v in expected.values()}) == 3  # the three rule sets decide differently


def test_watch_reloads_on_a_change(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(MINIMAL, rules)
    server = start(rules, "--watch", "--watch-interval", "0.1", log=tmp_path / "server.log")
    try:
        set_condition(rules, "age >= 16", "age >= 21")
        digest = load_rules(rules).digest
        assert wait_for(lambda: serving(server, digest)), server.output()
    finally:
        server.stop()


def test_two_workers_share_one_log_and_both_reload(tmp_path):
    rules, log = tmp_path / "rules", tmp_path / "decisions.jsonl"
    shutil.copytree(MINIMAL, rules)
    server = start(rules, "--workers", "2", "--decision-log", str(log), log=tmp_path / "server.log")
    body = {"region": "510104", "on": ON, "cases": [{"facts": {"age": a}} for a in range(10, 40)]}
    try:
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: server.post(f"/v1/items/{ITEM}/decide-batch", body), range(40)))
        assert all(a.status == 200 for a in answers)
        ids = [d["decision_id"] for a in answers for d in a.json["decisions"]]
        lines = log.read_bytes().splitlines()
        assert sorted(json.loads(line)["decision_id"] for line in lines) == sorted(ids)  # whole lines, none lost
        set_condition(rules, "age >= 16", "age >= 30")
        digest = load_rules(rules).digest
        server.proc.send_signal(signal.SIGHUP)  # to the supervisor, which passes it on
        assert wait_for(lambda: all(serving(server, digest) for _ in range(12))), server.output()
    finally:
        server.stop()
    assert server.proc.returncode == 0
