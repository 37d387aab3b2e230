"""Writing a rule bundle (``bundle.py`` describes the layout and reads it).

The items' payloads are pydantic's JSON of each validated model — only the fields the file set,
as the cache of validated files keeps them — so that reviving one gives back the model loaded
from the directory.  The cases are left out: their facts are free-form values that JSON would
not give back as written, and decisions never read them.  The file is written beside its place
and renamed into it: a reader sees the old bundle or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from datetime import UTC, datetime

from ..errors import BundleError
from .bundle import FORMAT, MAGIC, engine_version, header_digest
from .ruleset import RuleSet


def _model_json(model) -> bytes:
    return model.__pydantic_serializer__.to_json(model, exclude_unset=True)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _relative(path: str, root: str) -> str:
    return os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")


def bundle_bytes(ruleset: RuleSet, *, built: datetime | None = None) -> bytes:
    """The bundle of a rule set loaded from a directory without errors."""
    ids, ends, entries, payloads = [], [], [], []
    offset = size = 0
    for item_id in sorted(ruleset.versions):
        entry = []
        for v in ruleset.versions[item_id]:
            payload = _model_json(v.item)
            until = v.item.effective_until.isoformat() if v.item.effective_until else None
            entry.append([v.item.effective_from.isoformat(), until, offset, len(payload),
                            hashlib.sha256(payload).hexdigest(), _relative(v.origin.source.path, ruleset.root)])
            payloads.append(payload)
            offset += len(payload)
        entries.append(_json(entry))
        size += len(entries[-1])
        ids.append(item_id)
        ends.append(size)
    shared = [[o.kind, _relative(o.source.path, ruleset.root), _model_json(o.model).decode("utf-8")]
              for (kind, _), o in ruleset.files.items() if kind != "cases"]
    sections = [_json({"ids": ids, "ends": ends}), b"".join(entries), _json(shared)]
    header = {"format": FORMAT, "engine": engine_version(),
              "built": (built or datetime.now(UTC)).isoformat(timespec="seconds"),
              "rules_digest": ruleset.digest, "items": len(ids), "versions": len(payloads),
              "sections": [*(len(s) for s in sections), offset]}
    header["digest"] = header_digest(header, sections)
    head = MAGIC + f"{FORMAT}\n".encode() + json.dumps(header, separators=(",", ":")).encode() + b"\n"
    return b"".join([head, *sections, *payloads])


def write_bundle(ruleset: RuleSet, path: str | os.PathLike, *, built: datetime | None = None) -> str:
    """Write the bundle of ``ruleset`` to ``path`` (replacing it whole); its digest.  An
    operating-system refusal is ``BundleError`` TB042."""
    data = bundle_bytes(ruleset, built=built)
    target = os.path.abspath(path)
    temp = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.{secrets.token_hex(6)}.tmp")
    try:
        with open(temp, "xb") as out:
            out.write(data)
        os.replace(temp, target)
    except OSError as exc:
        raise BundleError("TB042", variant="os", path=path, reason=exc.strerror or exc) from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return json.loads(data.split(b"\n", 2)[1])["digest"]
