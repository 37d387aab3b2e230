"""Editor help in the JSON Schemas: a Chinese description on every property (from the models'
field docstrings), labels on coded fields, and the case schema's date keys."""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

from tongban_rules.model import items as m
from tongban_rules.model.schemas import SCHEMA_FILES, field_doc, kind_schema

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u4e00-\u9fff]")


def properties(node: object, path: str = "") -> Iterator[tuple[str, dict]]:
    """(path, schema) of every property of every object schema under ``node``."""
    if isinstance(node, dict):
        for key, prop in (node.get("properties") or {}).items():
            yield f"{path}/{key}", prop
        for key, value in node.items():
            yield from properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from properties(value, f"{path}/{i}")


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_every_property_has_a_chinese_description(kind: str) -> None:
    found = list(properties(kind_schema(kind)))
    assert found
    lacking = [path for path, prop in found if not HAN.search(prop.get("description", ""))]
    assert lacking == []
    assert all("title" not in prop for _, prop in found)  # hover shows the description, not "Item Type"


def test_every_committed_schema_describes_every_property_in_chinese() -> None:
    files = sorted((ROOT / "schema").glob("*.schema.json"))
    assert len(files) == len(SCHEMA_FILES) + 2  # and decision.schema.json, diff.schema.json
    for path in files:
        found = list(properties(json.loads(path.read_text(encoding="utf-8"))))
        assert found and [p for p, prop in found if not HAN.search(prop.get("description", ""))] == [], path.name


def test_descriptions_come_from_the_field_docstrings() -> None:
    schema = kind_schema("item")
    assert schema["properties"]["legal_limit"]["description"] == field_doc(m.Item, "legal_limit")
    assert field_doc(m.ItemSource, "title") == field_doc(m.Source, "title")  # inherited
    assert field_doc(m.ItemSource, "kind") != field_doc(m.Source, "kind")  # redefined
    assert field_doc(m.Item, "no_such_field") is None
    calendar = kind_schema("calendar")["$defs"]["HolidayPeriod"]["properties"]
    assert "from" in calendar and HAN.search(calendar["from"]["description"])  # an aliased field


def _enum(prop: dict) -> dict:
    return prop.get("items", prop)


@pytest.mark.parametrize(("field", "labels", "shown"), [
    ("item_type", m.ITEM_TYPES, "20 公共服务事项"),
    ("levels", m.LEVELS, "4 县级"),
    ("service_objects", m.SERVICE_OBJECTS, "1 自然人"),
    ("authority_kind", m.AUTHORITY_KINDS, "1 法定机关"),
    ("themes", m.THEMES, "hukou 户籍"),
    ("delivery", m.DELIVERY, "post 邮政寄递"),
])
def test_coded_fields_carry_their_labels(field: str, labels: dict, shown: str) -> None:
    prop = _enum(kind_schema("item")["properties"][field])
    assert prop["enum"] == list(labels)
    assert shown in prop["enumDescriptions"]
    assert len(prop["markdownEnumDescriptions"]) == len(labels)


@pytest.mark.parametrize(("alias", "labels"), [
    (m.ItemType, m.ITEM_TYPES), (m.Level, m.LEVELS), (m.ServiceObject, m.SERVICE_OBJECTS),
    (m.AuthorityKind, m.AUTHORITY_KINDS), (m.Theme, m.THEMES), (m.Unit, m.UNITS), (m.Mode, m.MODES),
    (m.Delivery, m.DELIVERY), (m.SourceKind, m.SOURCE_KINDS),
])
def test_label_tables_list_exactly_the_accepted_codes(alias: object, labels: dict) -> None:
    literal = typing.get_args(alias)[0]
    assert typing.get_args(literal) == tuple(labels)


def test_case_schema_takes_date_or_the_deprecated_on() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schema" / "cases.schema.json").read_text(encoding="utf-8"))
    case = {"name": "x", "region": "510104", "expect": {}}
    jsonschema.validate({"item": "x", "cases": [{**case, "date": "2025-06-02"}]}, schema)
    jsonschema.validate({"item": "x", "cases": [{**case, "on": "2025-06-02"}]}, schema)
    assert schema["$defs"]["Case"]["properties"]["on"]["deprecated"] is True
    for wrong in (case, {**case, "date": "2025-06-02", "on": "2025-06-02"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"item": "x", "cases": [wrong]}, schema)
