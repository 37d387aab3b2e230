"""The batch endpoint's fast ways give the answers of the plain ones: bodies read without the
models read as the models read them, ids laid out in one block are version 4 UUIDs, a batch
answer spliced from layouts is the layouts' own bytes, and every decision of a batch is, byte
for byte, the single decision of the same case (or the batch is refused for the first bad case)."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from datetime import date

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongban_rules import load_rules
from tongban_rules.service import body as bodies
from tongban_rules.service.app import create_app
from tongban_rules.service.encode import ID, Encoder, batch_body, id_block, new_ids
from tongban_rules.service.schemas import MAX_BATCH, DecideBatchRequest, DecideRequest
from tongban_rules.service.state import Rules, build

from .conftest import ROOT

# ------------------------------------------------------------------ bodies

_scalars = st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) | st.floats() | st.text(max_size=4)
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                                          max_size=3), max_leaves=6)
_facts = st.dictionaries(st.sampled_from(["age", "reason", "a", "b"]), _json, max_size=3)
_region, _on = st.sampled_from(["510104", ""]), st.sampled_from([None, "2026-03-02", "x"])
# plain bodies (each member of the shape the models accept as it is) and bodies anything may be in
_plain_case = st.fixed_dictionaries({}, optional={"facts": _facts})
_plain_batch = st.fixed_dictionaries({"region": _region, "cases": st.lists(_plain_case, max_size=4)},
                                     optional={"on": _on})
_plain_single = st.fixed_dictionaries({"region": _region}, optional={"on": _on, "facts": _facts})
_members = {"region": _region | _json, "on": _on | _json, "extra": _json}
_case = _plain_case | st.fixed_dictionaries({}, optional={"facts": _json, "extra": _json}) | _json
_batch = _plain_batch | st.fixed_dictionaries({}, optional={**_members, "cases": st.lists(_case, max_size=4) | _json})
_single = _plain_single | st.fixed_dictionaries({}, optional={**_members, "facts": _facts | _json})

def _raw(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode() if not isinstance(data, bytes) else data


def _read_by_model(model, raw: bytes):
    try:
        return model.model_validate_json(raw)
    except ValueError:
        return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_batch, _json, st.binary(max_size=20)))
def test_a_batch_body_read_plainly_reads_as_the_model_reads_it(data):
    raw = _raw(data)
    fast, model = bodies.batch(raw), _read_by_model(DecideBatchRequest, raw)
    if fast is not None:
        assert model is not None
        assert repr(fast) == repr(([c.facts for c in model.cases], model.region, model.on))  # 1 is not 1.0 nor True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_single, _json, st.binary(max_size=20)))
def test_a_single_body_read_plainly_reads_as_the_model_reads_it(data):
    raw = _raw(data)
    fast, model = bodies.single(raw), _read_by_model(DecideRequest, raw)
    if fast is not None:
        assert model is not None
        assert repr(fast) == repr((model.facts, model.region, model.on))


@pytest.mark.parametrize("raw, plain", [
    (b'{"region": "510104", "on": "2026-03-02", "cases": [{"facts": {"a": 1}}, {}]}', True),
    (b'{"region": "510104", "cases": []}', True),
    (b'{"region": "510104", "on": null, "cases": [{"facts": {"a": [1, {"b": null}]}}]}', True),
    (b'{"region": "510104", "cases": [{"facts": {"a": 1}, "other": 2}]}', False),
    (b'{"region": "510104", "cases": [{"other": 2}]}', False),
    (b'{"region": "510104", "cases": [{"facts": {"n": 1180591620717411303424, "x": NaN}}]}', True),
    (b'{"region": 510104, "cases": []}', False),
    (b'{"region": "510104"}', False),
    (b'{"region": "510104", "cases": {}}', False),
])
def test_which_batch_bodies_take_the_plain_reading(raw, plain):
    fast, model = bodies.batch(raw), _read_by_model(DecideBatchRequest, raw)
    assert (fast is not None) is plain
    if plain:
        assert repr(fast) == repr(([c.facts for c in model.cases], model.region, model.on))


def test_a_batch_over_the_bound_is_left_to_the_model():
    raw = orjson.dumps({"region": "510104", "cases": [{}] * (MAX_BATCH + 1)})
    assert bodies.batch(raw) is None and _read_by_model(DecideBatchRequest, raw) is None
    assert bodies.batch(orjson.dumps({"region": "510104", "cases": [{}] * MAX_BATCH})) is not None


# ------------------------------------------------------------------ ids and the spliced answer


@pytest.mark.parametrize("n", [0, 1, 2, 7, 300])
def test_an_id_block_holds_distinct_version_4_uuids(n):
    block = id_block(n)
    assert len(block) == ID * n
    ids = [block[i:i + ID].decode() for i in range(0, ID * n, ID)]
    assert len(set(ids)) == n
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    assert all(len(t) == ID and uuid.UUID(t).version == 4 for t in new_ids(n))


@pytest.fixture(scope="module")
def bundled():
    return load_rules(ROOT / "rules")


@pytest.mark.parametrize("n", [0, 1, 5])
def test_the_spliced_batch_answer_is_the_layouts_joined(bundled, n):
    decide = bundled.decide("id-card-renewal-replacement", {"reason": "lost"}, region="510104", on=date(2026, 3, 2))
    layouts = Encoder().layouts(bundled, [decide] * n)
    block = id_block(n)
    ids = [block[i:i + ID].decode() for i in range(0, ID * n, ID)]
    expected = {"decisions": [{**decide.to_dict(), "decision_id": i} for i in ids]}
    assert batch_body(layouts, block) == orjson.dumps(expected)


# ------------------------------------------------------------------ batch == single, byte for byte


def _post(app, path: str, payload: bytes) -> tuple[int, bytes]:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    inbox, status, chunks = [{"type": "http.request", "body": payload, "more_body": False}], [], []

    async def receive():
        return inbox.pop() if inbox else {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            status.append(message["status"])
        else:
            chunks.append(message.get("body", b""))

    asyncio.run(app(scope, receive, send))
    return status[0], b"".join(chunks)


_ID = re.compile(rb'"decision_id":"[0-9a-f-]{36}"')


def _blank(raw: bytes) -> bytes:
    return _ID.sub(b'"decision_id":""', raw)


@pytest.fixture(scope="module")
def app():
    return create_app(Rules(ROOT / "rules", build(ROOT / "rules")))


ITEM = "id-card-renewal-replacement"
_regions = st.sampled_from(["500103", "510104", "110101", "440305", "999999", 510104])
_card = st.fixed_dictionaries({}, optional={
    "reason": st.sampled_from(["expiry", "damaged", "lost", "stolen"]), "hukou_region": _regions,
    "stable_residence": st.booleans() | st.just(1), "identity_confirmable": st.booleans(),
    "document_fraud_record": st.booleans(), "bad_credit_record": st.booleans(), "temporary_card": st.booleans()})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cases=st.lists(_card, max_size=12), region=st.sampled_from(["510104", "500103", "440305"]),
       on=st.sampled_from(["2026-03-02", "2026-12-30", "2025-07-01"]))
def test_each_decision_of_a_batch_is_the_single_decision_byte_for_byte(app, cases, region, on):
    singles = [_post(app, f"/v1/items/{ITEM}/decide", orjson.dumps({"facts": f, "region": region, "on": on}))
               for f in cases]
    status, raw = _post(app, f"/v1/items/{ITEM}/decide-batch",
                        orjson.dumps({"region": region, "on": on, "cases": [{"facts": f} for f in cases]}))
    bad = [k for k, (code, _) in enumerate(singles) if code != 200]
    if not bad:
        assert status == 200
        assert _blank(raw) == b'{"decisions":[' + b",".join(_blank(body) for _, body in singles) + b"]}"
        return
    first, problem = bad[0], orjson.loads(singles[bad[0]][1])
    answer = orjson.loads(raw)
    assert (status, answer["code"], answer["case"]) == (singles[first][0], problem["code"], first)
