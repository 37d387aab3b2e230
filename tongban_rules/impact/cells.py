"""Cells of an application table: text in, a typed fact value out — in Python and in SQL.

A cell is text (CSV) or a scalar turned into text (JSON Lines, Parquet); an empty cell is
unknown.  Its value is read by the type the deciding item version declares for the fact:

==========  =====================================  =====================================
type        a valid cell                           value
==========  =====================================  =====================================
bool        ``true`` or ``false``                  ``True`` / ``False``
int         ``-?[0-9]{1,18}``                      ``int``
decimal     ``-?[0-9]{1,20}(.[0-9]{1,10})?``       ``Decimal``
date        ``YYYY-MM-DD``, a real day             ``date``
enum        one of the declared values             the text
region      six digits (GB/T 2260)                 the text (listed and in use: TB414)
string      anything                               the text
==========  =====================================  =====================================

``parse`` is the Python reading (the reference engine's); ``valid_sql`` and ``typed_sql`` the
same reading in SQL, for the DuckDB and Spark engines.  ``set`` facts are not read from cells.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from decimal import Decimal

__all__ = ["BAD", "CELL_TYPES", "parse", "quote", "literal", "typed_sql", "valid_sql"]

#: what ``parse`` returns for a cell its type does not accept
BAD = object()
CELL_TYPES = ("bool", "int", "decimal", "date", "enum", "region", "string")
_PATTERNS = {"int": r"-?[0-9]{1,18}", "decimal": r"-?[0-9]{1,20}(\.[0-9]{1,10})?", "region": r"[0-9]{6}",
             "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}"}
_COMPILED = {kind: re.compile(p) for kind, p in _PATTERNS.items()}
DECIMAL = "DECIMAL(38, 10)"


def parse(kind: str, text: str, values: Collection[str] = ()) -> object:
    """The value of a non-empty cell for a fact of type ``kind``, or ``BAD``."""
    if kind == "bool":
        return True if text == "true" else False if text == "false" else BAD
    if kind in ("enum",):
        return text if text in values else BAD
    if kind == "string":
        return text
    if kind not in _COMPILED or not _COMPILED[kind].fullmatch(text):
        return BAD
    if kind == "int":
        return int(text)
    if kind == "decimal":
        return Decimal(text)
    if kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            return BAD
    return text  # region


def quote(name: str) -> str:
    """An SQL identifier (DuckDB's double quotes; sqlglot turns them into Spark's backticks)."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: object) -> str:
    """An SQL literal for a constant of a condition."""
    if value is True or value is False:
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"CAST('{value}' AS {DECIMAL})"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def _matches(column: str, kind: str) -> str:
    return f"REGEXP_MATCHES({column}, '^{_PATTERNS[kind]}$')"


def valid_sql(kind: str, column: str, values: Collection[str] = ()) -> str:
    """SQL: the non-NULL cell ``column`` is a valid value of ``kind``."""
    if kind == "bool":
        return f"{column} IN ('true', 'false')"
    if kind == "enum":
        return f"{column} IN ({', '.join(literal(v) for v in values)})" if values else "FALSE"
    if kind == "string":
        return "TRUE"
    if kind == "date":
        return (f"({_matches(column, kind)} AND SUBSTR({column}, 1, 4) <> '0000'"
                f" AND TRY_CAST({column} AS DATE) IS NOT NULL)")
    return _matches(column, kind) if kind in _PATTERNS else "FALSE"


def typed_sql(kind: str, column: str) -> str:
    """SQL: the value of the cell ``column`` (meaningful where ``valid_sql`` holds)."""
    if kind == "bool":
        return f"({column} = 'true')"
    if kind == "int":
        return f"TRY_CAST({column} AS BIGINT)"
    if kind == "decimal":
        return f"TRY_CAST({column} AS {DECIMAL})"
    if kind == "date":
        return f"TRY_CAST({column} AS DATE)"
    return column
