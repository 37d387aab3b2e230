"""Property-based tests of the live service against its own OpenAPI document (schemathesis):
generated requests, valid and invalid, never get a server error, and every answer matches the
document (status codes, content types, headers, schemas); invalid bodies are refused.  The
budget is small and bounded.

One check is left out: ``positive_data_acceptance`` (a request that fits the schema must get a
2xx).  The schema says what a well-formed request is; whether an item exists, a region is
registered or a date lies in the calendar is the rules' business, answered with a documented
400/404 and a TB code.  The document's examples name a bundled item, so the bundled rules serve."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402

from tongban_rules.service.openapi import document  # noqa: E402

from .conftest import ROOT  # noqa: E402
from .service_server import start  # noqa: E402

schema = schemathesis.openapi.from_dict(document())


@pytest.fixture(scope="module")
def session():
    import requests

    with requests.Session() as s:
        s.trust_env = False  # no proxy look-ups for a loopback server
        yield s


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("schemathesis")
    server = start(ROOT / "rules", log=tmp / "server.log")  # the document's examples name bundled items
    yield server.base
    server.stop()
    assert "Traceback" not in server.output(), server.output()


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_conforms_to_its_document(case, base_url, session):
    case.call_and_validate(base_url=base_url, session=session, excluded_checks=[positive_data_acceptance])
