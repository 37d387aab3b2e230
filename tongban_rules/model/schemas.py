"""JSON Schema of every rule-file kind, for editors (yaml-language-server) and other tools.

Editor help comes from the models, one source: each field's description is its attribute
docstring in ``model/items.py`` (the Chinese line under the field), copied here into the
schema's ``description``; coded fields carry their labels through ``items.labelled``.  The
docstrings are read from the module's source when a schema is written — pydantic's
``use_attribute_docstrings`` would parse the source on every import instead.  Property titles
(pydantic's ``Item Type``) and the classes' developer docstrings are left out: hover shows the
Chinese description alone.
"""

from __future__ import annotations

import ast
import inspect
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from . import items
from .items import KINDS

#: file kind -> schema file name
SCHEMA_FILES = {kind: f"{kind}.schema.json" for kind in KINDS}


@cache
def _docstrings() -> dict[str, dict[str, str]]:
    """class name -> field name -> the docstring under the field, for every class of ``items``."""
    out: dict[str, dict[str, str]] = {}
    for node in ast.parse(inspect.getsource(items)).body:
        if isinstance(node, ast.ClassDef):
            out[node.name] = dict(_field_docs(node.body))
    return out


def _field_docs(body: list[ast.stmt]):
    for field, after in zip(body, body[1:]):
        if (isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            yield field.target.id, after.value.value


def field_doc(model: type[BaseModel], field: str) -> str | None:
    """The description of ``field`` of ``model`` (or of the class it inherits it from)."""
    docs = _docstrings()
    return next((docs[c.__name__][field] for c in model.__mro__ if field in docs.get(c.__name__, {})), None)


class _Untitled(GenerateJsonSchema):
    def field_title_should_be_set(self, schema) -> bool:
        return False


def _describe(schema: dict, model: type[BaseModel]) -> None:
    schema.pop("description", None)
    names = {info.alias or name: name for name, info in model.model_fields.items()}
    for key, prop in schema.get("properties", {}).items():
        doc = field_doc(model, names.get(key, key))
        if doc is not None:
            prop["description"] = doc


def kind_schema(kind: str) -> dict:
    """The JSON Schema of one file kind, with the descriptions of its fields."""
    root = KINDS[kind]
    schema = root.model_json_schema(mode="validation", schema_generator=_Untitled)
    _describe(schema, root)
    for name, definition in schema.get("$defs", {}).items():
        model = getattr(items, name, None)
        if isinstance(model, type) and issubclass(model, BaseModel):
            _describe(definition, model)
    return schema


def schema_text(kind: str) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"https://tongban-rules.invalid/schema/{SCHEMA_FILES[kind]}", **kind_schema(kind)}
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
