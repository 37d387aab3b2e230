"""The decision log (``--decision-log FILE``): one JSON line per decision.

Each line records which decision was given under which rules — ``decision_id``, ``time`` (UTC),
``item``, ``version`` (the item version's ``effective_from``), ``rules_digest``,
``engine_version``, ``region`` (accepting), ``on``, ``outcome`` — and ``facts_sha256``, the
SHA-256 of the request's facts as canonical JSON (keys sorted, no spaces, UTF-8).  The facts
themselves are never written: they are personal data (户籍地, age, family situation …), and the
hash is enough to show that a given case was decided, and how, without keeping it.

The file is opened with ``O_APPEND`` and each request's lines go out in one ``write``: several
worker processes can share one file without interleaving lines.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson


def facts_sha256(facts: Mapping[str, Any]) -> str:
    try:
        canonical = orjson.dumps(facts, option=orjson.OPT_SORT_KEYS)
    except (orjson.JSONEncodeError, TypeError):  # integers past 64 bits: the standard library's encoder
        canonical = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(canonical).hexdigest()


def record(decision_id: str, at: str, meta: Mapping[str, str], region: str, facts: Mapping[str, Any]) -> bytes:
    """One log line (with its newline); ``meta`` holds item, version, rules_digest,
    engine_version, on and outcome (``encode.Layout.meta``)."""
    return orjson.dumps({"decision_id": decision_id, "time": at, "item": meta["item"], "version": meta["version"],
                         "rules_digest": meta["rules_digest"], "engine_version": meta["engine_version"],
                         "region": region, "on": meta["on"], "outcome": meta["outcome"],
                         "facts_sha256": facts_sha256(facts)}) + b"\n"


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class DecisionLog:
    """An append-only file shared by every worker."""

    def __init__(self, path: str | os.PathLike):
        self.path = os.fspath(path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o640)

    def write(self, lines: list[bytes]) -> None:
        data = memoryview(b"".join(lines))
        while data:  # a regular file takes it in one write; the loop only guards a short write
            data = data[os.write(self._fd, data):]

    def close(self) -> None:
        os.close(self._fd)
