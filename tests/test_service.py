"""``tongban serve`` over real HTTP: every endpoint, every error status, problem+json, the body
bound, the decision log, the OpenAPI document.  One server (a subprocess on 127.0.0.1, a free
port) on a copy of the minimal rule set; expected answers come from the Python API."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import socket
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import jsonschema
import pytest

from tongban_rules import load_rules
from tongban_rules.decide.plan import ENGINE_VERSION
from tongban_rules.service.openapi import document
from tongban_rules.service.schemas import MAX_BATCH

from .conftest import MINIMAL, ROOT
from .service_server import start

ITEM = "demo-item"
FACTS = {"age": 30, "reason": "expired", "hukou_region": "500112"}
ASK = {"facts": FACTS, "region": "510104", "on": "2025-06-02"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("service")
    rules = tmp / "rules"
    shutil.copytree(MINIMAL, rules)
    server = start(rules, "--decision-log", str(tmp / "decisions.jsonl"), log=tmp / "server.log")
    yield server, load_rules(rules), tmp / "decisions.jsonl"
    server.stop()


def local(ruleset, ask: dict) -> dict:
    """What the Python API decides for ``ask``, as JSON."""
    on = date.fromisoformat(ask["on"])
    return json.loads(json.dumps(ruleset.decide(ITEM, ask["facts"], region=ask["region"], on=on).to_dict()))


def assert_problem(answer, status: int, code: str) -> dict:
    assert answer.status == status, answer.body
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json
    assert {"type", "title", "status", "detail", "code"} <= set(body)
    assert body["status"] == status and body["code"] == code and body["type"].endswith(code)
    assert body["title"] and body["detail"]
    assert answer.headers["x-rules-digest"]
    return body


# ------------------------------------------------------------------ endpoints


def test_health_and_version(served):
    server, ruleset, _ = served
    health = server.get("/v1/health")
    assert (health.status, health.json) == (200, {"status": "ok"})
    assert health.headers["x-rules-digest"] == ruleset.digest
    version = server.get("/v1/version").json
    assert version["rules_digest"] == ruleset.digest and version["engine_version"] == ENGINE_VERSION
    assert version["items"] == len(ruleset.items)
    assert datetime.fromisoformat(version["loaded_at"].replace("Z", "+00:00")) <= datetime.now(UTC)


def test_items_list_the_versions_in_force(served):
    server, ruleset, _ = served
    listed = server.get("/v1/items?on=2025-06-02").json
    assert [row["id"] for row in listed["items"]] == list(ruleset.item_ids())
    row = listed["items"][0]
    item = ruleset.version(row["id"], date(2025, 6, 2))
    assert row["name"] == item.name and row["version"]["effective_from"] == item.effective_from.isoformat()
    before = server.get("/v1/items?on=2000-01-01").json["items"][0]
    assert before["version"] is None and before["status"] is None


def test_item_detail_gives_a_json_schema_of_the_facts(served):
    server, ruleset, _ = served
    detail = server.get(f"/v1/items/{ITEM}?on=2025-06-02").json
    item = ruleset.version(ITEM, date(2025, 6, 2))
    assert detail["name"] == item.name and detail["item_type"] == item.item_type
    assert [b["law"] for b in detail["legal_basis"]] == [c.law for c in item.legal_basis]
    assert len(detail["versions"]) == len(ruleset.items[ITEM])
    schema = detail["facts_schema"]
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert set(schema["properties"]) == {f.id for f in item.facts}
    for case in ruleset.cases[ITEM].cases:  # every bundled case's facts fit the schema
        validator.validate(json.loads(json.dumps(dict(case.facts), default=str)))
    assert not validator.is_valid({"no_such_fact": 1})
    assert not validator.is_valid({"age": "thirty"})


def test_decide_is_the_python_decision_plus_an_id(served):
    server, ruleset, _ = served
    answer = server.post(f"/v1/items/{ITEM}/decide", ASK)
    assert answer.status == 200 and answer.headers["content-type"] == "application/json"
    body = answer.json
    assert uuid.UUID(body.pop("decision_id")).version == 4
    assert body == local(ruleset, ASK)
    assert answer.headers["x-rules-digest"] == body["provenance"]["rules_digest"] == ruleset.digest


def test_decide_without_a_date_uses_today_in_china(served):
    server, _, _ = served
    china = timezone(timedelta(hours=8))
    before = datetime.now(china).date()
    body = server.post(f"/v1/items/{ITEM}/decide", {"facts": FACTS, "region": "510104"}).json
    assert body["provenance"]["on"] in {before.isoformat(), datetime.now(china).date().isoformat()}


def test_decide_batch_equals_decisions_one_by_one(served):
    server, ruleset, _ = served
    cases = [{"facts": {"age": age, "reason": reason}} for age in (10, 16, 40) for reason in ("expired", "lost")]
    cases.append({"facts": {}})
    answer = server.post(f"/v1/items/{ITEM}/decide-batch", {"region": "510104", "on": "2025-06-02", "cases": cases})
    decisions = answer.json["decisions"]
    assert len({d.pop("decision_id") for d in decisions}) == len(cases)
    assert decisions == [local(ruleset, {**ASK, "facts": c["facts"]}) for c in cases]
    empty = server.post(f"/v1/items/{ITEM}/decide-batch", {"region": "510104", "on": "2025-06-02", "cases": []})
    assert empty.json == {"decisions": []}


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("change, status, code", [
    ({"facts": {"age": "thirty"}}, 400, "TB410"),
    ({"facts": {"age": 30.5}}, 400, "TB410"),
    ({"facts": {"income": 1}}, 400, "TB415"),
    ({"region": "999999"}, 400, "TB414"),
    ({"on": "2026-02-30"}, 400, "TB412"),
    ({"on": "20260302"}, 400, "TB412"),
    ({"on": "2000-01-01"}, 400, "TB413"),
])
def test_bad_requests_are_400_with_the_decision_code(served, change, status, code):
    server, _, _ = served
    assert_problem(server.post(f"/v1/items/{ITEM}/decide", {**ASK, **change}), status, code)


def test_unknown_item_is_404(served):
    server, _, _ = served
    assert_problem(server.post("/v1/items/no-such-item/decide", ASK), 404, "TB411")
    assert_problem(server.post("/v1/items/no-such-item/decide-batch", {"region": "510104", "cases": []}), 404, "TB411")
    assert_problem(server.get("/v1/items/no-such-item"), 404, "TB411")


@pytest.mark.parametrize("raw", [b"", b"not json", b"[]", b'{"facts": {}}', b'{"facts": [], "region": "510104"}',
                                 b'{"facts": {}, "region": "510104", "extra": 1}', b'{"region": 510104}',
                                 b"\xff\xfe", b'{"facts": {"a": "\\ud800"}, "region": "510104"}',
                                 b'{"facts": ' + b"[" * 5000 + b"]" * 5000 + b', "region": "510104"}'])
def test_malformed_bodies_are_422(served, raw):
    server, _, _ = served
    body = assert_problem(server.post(f"/v1/items/{ITEM}/decide", raw=raw), 422, "TB430")
    assert isinstance(body["errors"], list) and body["errors"]


def test_a_batch_over_the_bound_is_422_and_a_bad_case_is_named(served):
    server, _, _ = served
    big = {"region": "510104", "on": "2025-06-02", "cases": [{"facts": {}}] * (MAX_BATCH + 1)}
    assert_problem(server.post(f"/v1/items/{ITEM}/decide-batch", big), 422, "TB430")
    bad = {"region": "510104", "on": "2025-06-02", "cases": [{"facts": {}}, {"facts": {}}, {"facts": {"age": "x"}}]}
    body = assert_problem(server.post(f"/v1/items/{ITEM}/decide-batch", bad), 400, "TB410")
    assert body["case"] == 2 and body["detail"].startswith("cases[2]: ")


def test_unknown_endpoint_and_method(served):
    server, _, _ = served
    assert_problem(server.get("/v1/nothing"), 404, "TB432")
    answer = server.request("DELETE", "/v1/health")
    assert_problem(answer, 405, "TB433")
    assert "GET" in answer.headers["allow"]


def test_detail_in_english_when_asked(served):
    server, _, _ = served
    zh = server.post("/v1/items/nope/decide", ASK).json["detail"]
    en = server.post("/v1/items/nope/decide", ASK, headers={"accept-language": "en-US,en;q=0.9"}).json["detail"]
    assert zh == "未知事项: nope" and en == "unknown item: nope"


def test_bad_query_date_is_400(served):
    server, _, _ = served
    assert_problem(server.get("/v1/items?on=tomorrow"), 400, "TB412")
    assert_problem(server.get(f"/v1/items/{ITEM}?on=2000-01-01"), 400, "TB413")


# ------------------------------------------------------------------ the body bound


def _raw(server, head: str, chunks=(), until: bytes = b'"code"') -> str:
    """Send a request head (and body chunks) on a raw socket; the start of the answer."""
    host, port = server.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode())
        for chunk in chunks:
            sock.sendall(chunk)
        got = b""
        try:
            while b"\r\n\r\n" not in got or until not in got:  # the head and the member looked for
                part = sock.recv(65536)
                if not part:
                    break
                got += part
        except ConnectionResetError:  # the server closed on a body it did not read
            pass
        return got.decode("latin-1")


def test_a_declared_length_over_the_bound_is_413_before_any_body(served):
    server, _, _ = served
    answer = _raw(server, f"POST /v1/items/{ITEM}/decide HTTP/1.1\r\nHost: x\r\nContent-Length: {2 << 20}\r\n\r\n")
    assert answer.startswith("HTTP/1.1 413") and "application/problem+json" in answer and '"TB431"' in answer


def test_the_bound_is_checked_while_reading(served):
    """A chunked body (no declared length) that passes the bound and never ends gets its 413."""
    server, _, _ = served
    chunk = b" " * 65536
    answer = _raw(server, f"POST /v1/items/{ITEM}/decide HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                  [b"%x\r\n" % len(chunk) + chunk + b"\r\n"] * 17)  # 17 × 64 KiB > 1 MiB, no final chunk
    assert answer.startswith("HTTP/1.1 413") and '"TB431"' in answer


def test_a_body_under_the_bound_is_read_whole(served):
    server, _, _ = served
    padded = json.dumps(ASK).encode()[:-1] + b" " * (1 << 19) + b"}"  # 512 KiB of spaces: valid JSON
    assert server.post(f"/v1/items/{ITEM}/decide", raw=padded).status == 200


def test_a_request_offering_h2c_keeps_its_body(served):
    """Java's HttpClient offers an HTTP/2 upgrade on every cleartext request; the upgrade is
    declined and the request answered as HTTP/1.1, body included (uvicorn issue 2722)."""
    server, _, _ = served
    body = json.dumps(ASK)
    answer = _raw(server, f"POST /v1/items/{ITEM}/decide HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                          f"Upgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n"
                          f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}",
                  until=b'"outcome"')
    assert answer.startswith("HTTP/1.1 200"), answer[:300]


def test_never_a_500_for_odd_input(served):
    server, _, _ = served
    odd = [b'{"facts": {"age": ' + b"9" * 5000 + b"}, \"region\": \"510104\"}",
           b'{"facts": {"age": 1e999}, "region": "510104"}',
           b'{"facts": {"age": 18446744073709551617}, "region": "510104"}',
           b'{"facts": {"age": null}, "region": "510104", "on": null}', b'{"facts": {"reason": ["x"]}, "region": ""}',
           b'{"facts": {}, "region": "510104", "on": "9999-12-31"}',
           b'{"facts": {}, "region": "510104", "on": "0000-01-01"}']
    for raw in odd:
        answer = server.post(f"/v1/items/{ITEM}/decide", raw=raw)
        assert answer.status < 500, (raw[:60], answer.body)


# ------------------------------------------------------------------ decision log


def test_decision_log_has_one_line_per_decision_and_no_facts(served):
    server, ruleset, log = served
    before = len(log.read_bytes().splitlines()) if log.exists() else 0
    one = server.post(f"/v1/items/{ITEM}/decide", ASK).json
    batch = server.post(f"/v1/items/{ITEM}/decide-batch", {"region": "510104", "on": "2025-06-02",
                                                           "cases": [{"facts": FACTS}, {"facts": {}}]}).json
    server.post("/v1/items/nope/decide", ASK)  # refused: not a decision, not logged
    lines = [json.loads(x) for x in log.read_bytes().splitlines()[before:]]
    assert [x["decision_id"] for x in lines] == [one["decision_id"]] + [d["decision_id"] for d in batch["decisions"]]
    first = lines[0]
    assert set(first) == {"decision_id", "time", "item", "version", "rules_digest", "engine_version", "region", "on",
                          "outcome", "facts_sha256"}
    assert (first["item"], first["region"], first["on"], first["outcome"]) == (ITEM, "510104", "2025-06-02",
                                                                               one["outcome"])
    assert first["rules_digest"] == ruleset.digest and first["version"] == one["provenance"]["effective_from"]
    canonical = json.dumps(FACTS, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert first["facts_sha256"] == hashlib.sha256(canonical).hexdigest()
    assert lines[2]["facts_sha256"] == hashlib.sha256(b"{}").hexdigest()
    assert "expired" not in log.read_text(encoding="utf-8")  # a fact value never reaches the log


# ------------------------------------------------------------------ OpenAPI


def test_openapi_document_is_served_and_committed():
    committed = json.loads((ROOT / "schema" / "openapi.json").read_text(encoding="utf-8"))
    assert committed == document(), "schema/openapi.json is stale: python -m tongban_rules serve --write-openapi " \
                                    "schema/openapi.json"


def test_openapi_endpoint(served):
    server, _, _ = served
    body = server.get("/openapi.json").json
    assert body == document() and body["openapi"].startswith("3.1")
    assert set(body["paths"]) == {"/v1/health", "/v1/version", "/v1/items", "/v1/items/{item_id}",
                                  "/v1/items/{item_id}/decide", "/v1/items/{item_id}/decide-batch"}


def test_answers_match_their_schemas(served):
    """The decision, version and item answers validate against the OpenAPI document's schemas."""
    server, _, _ = served
    doc = document()

    def check(name: str, value: object) -> None:
        schema = {**doc["components"]["schemas"][name], "$defs": doc["components"]["schemas"]}
        text = json.dumps(schema).replace("#/components/schemas/", "#/$defs/")
        jsonschema.Draft202012Validator(json.loads(text)).validate(value)

    check("Decision", server.post(f"/v1/items/{ITEM}/decide", ASK).json)
    check("Version", server.get("/v1/version").json)
    check("ItemList", server.get("/v1/items").json)
    check("ItemDetail", server.get(f"/v1/items/{ITEM}?on=2025-06-02").json)
    check("Problem", server.get("/v1/nothing").json)
    assert re.fullmatch(r"TB\d{3}", server.get("/v1/nothing").json["code"])
