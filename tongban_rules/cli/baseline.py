"""``--baseline FILE`` and ``--write-baseline FILE``: findings already known do not fail CI.

A baseline is a JSON file listing the fingerprints of known findings (``formats.ordering.
fingerprint``: code, file, key path and message, not the line), with the code, file, key path
and message beside each so that a reviewer can read what was accepted::

    {"format": "tongban-baseline/1",
     "findings": [{"fingerprint": "…", "code": "TB850", "file": "rules/tasklist.yaml",
                   "key_path": "tasks[0]", "message": "…"}, …]}

A finding is new when the baseline holds fewer findings of its fingerprint than the run found:
a second copy of a known mistake still shows.  Problems with the file are TB052 (read) and
TB053 (write), reported like any other diagnostic.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from ..diagnostics import Diagnostic, Finding, format_path, place
from ..formats.ordering import fingerprint

FORMAT = "tongban-baseline/1"


def write_baseline(path: str, diagnostics: Sequence[Diagnostic]) -> Diagnostic | None:
    """Write ``diagnostics`` as the baseline at ``path``; TB053 when it cannot be written."""
    entries = sorted(({"fingerprint": fingerprint(d), "code": d.code, "file": d.file,
                       "key_path": format_path(d.key_path), "message": d.message} for d in diagnostics),
                     key=lambda e: (e["file"], e["code"], e["key_path"], e["fingerprint"]))
    text = json.dumps({"format": FORMAT, "findings": entries}, ensure_ascii=False, indent=1) + "\n"
    try:
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        return place(Finding(code="TB053", params={"path": path, "reason": exc.strerror or exc}), path)
    return None


def read_baseline(path: str) -> Counter[str] | Diagnostic:
    """How many findings of each fingerprint the baseline at ``path`` knows; TB052 otherwise."""
    try:
        with open(path, "rb") as file:
            data = json.loads(file.read())
    except OSError as exc:
        return _unreadable(path, exc.strerror or str(exc))
    except (ValueError, RecursionError) as exc:
        return _unreadable(path, f"not JSON ({type(exc).__name__})", "format")
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
        return _unreadable(path, f"expected {{\"format\": \"{FORMAT}\", \"findings\": [...]}}", "format")
    prints = [e.get("fingerprint") if isinstance(e, dict) else None for e in data["findings"]]
    texts = [p for p in prints if isinstance(p, str)]
    if len(texts) != len(prints):
        return _unreadable(path, "every finding needs a text \"fingerprint\"", "format")
    return Counter(texts)


def _unreadable(path: str, reason: str, variant: str = "") -> Diagnostic:
    return place(Finding(code="TB052", variant=variant, params={"path": path, "reason": reason}), path)


def new_findings(diagnostics: Sequence[Diagnostic], known: Counter[str]) -> list[Diagnostic]:
    """The findings the baseline does not account for."""
    left = Counter(known)
    out = []
    for d in diagnostics:
        key = fingerprint(d)
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(d)
    return out
