"""The deployment files agree with the service: probes on an endpoint the service has, a
non-root image whose command is ``tongban serve``."""

from __future__ import annotations

import re

import yaml

from tongban_rules.service.openapi import document

from .conftest import ROOT


def test_kubernetes_probes_ask_the_health_endpoint():
    docs = list(yaml.safe_load_all((ROOT / "deploy" / "kubernetes.yaml").read_text(encoding="utf-8")))
    assert [d["kind"] for d in docs] == ["Deployment", "Service"]
    container = docs[0]["spec"]["template"]["spec"]["containers"][0]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] in document()["paths"]
    assert docs[0]["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    assert docs[1]["spec"]["selector"] == docs[0]["spec"]["selector"]["matchLabels"]


def test_the_image_runs_tongban_serve_as_a_user():
    text = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and not user[-1].startswith(("root", "0:", "0\n")) and user[-1] != "0"
    assert re.search(r'^ENTRYPOINT \["tongban", "serve"', text, re.M)
