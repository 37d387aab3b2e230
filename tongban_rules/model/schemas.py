"""JSON Schema of every rule-file kind, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from .items import KINDS

#: file kind -> schema file name
SCHEMA_FILES = {kind: f"{kind}.schema.json" for kind in KINDS}


def schema_text(kind: str) -> str:
    schema = KINDS[kind].model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"https://tongban-rules.invalid/schema/{SCHEMA_FILES[kind]}", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path, extra: Mapping[str, str] | None = None) -> list[Path]:
    """Write every schema (and the ``extra`` ones: file name -> text) into ``folder``; files
    whose content is unchanged are left alone."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    texts = {**{name: schema_text(kind) for kind, name in SCHEMA_FILES.items()}, **(extra or {})}
    for name, text in texts.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        written.append(path)
    return written
