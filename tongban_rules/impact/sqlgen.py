"""Conditions as SQL: a checked condition's IR (``lang.expr``) becomes one SQL expression.

SQL's NULL *is* the unknown of the condition language: ``AND``, ``OR`` and ``NOT`` are Kleene's
three-valued operators, and a comparison or function of NULL is NULL — exactly what the Python
engine computes with ``None``.  ``sql(ir, env)`` writes the expression; ``env`` maps a fact id
(and ``accepting_region``) to the SQL of its typed value.  ``names(fact, ir, env)`` is the SQL
test that the residual of an unknown condition still names ``fact`` (``lang.residual``): what
``missing_facts`` is made of.

The SQL is DuckDB's dialect, kept to what sqlglot carries over to Spark unchanged in meaning
(``||`` propagates NULL, ``FLOOR`` of a double, ``SUBSTR``, ``DATE_DIFF``).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..lang.expr import _kids
from .cells import literal

__all__ = ["Unsupported", "sql", "names", "flag", "contains"]

_OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class Unsupported(Exception):
    """A construct the SQL engines do not evaluate (``set`` facts, ``len``)."""


def sql(n: tuple, env: Mapping[str, str]) -> str:
    tag = n[0]
    if tag == "fact":
        return env[n[1]]
    if tag == "const":
        return literal(n[1])
    if tag == "on":
        return '"on"'
    if tag == "not":
        return f"(NOT {sql(n[1], env)})"
    if tag in ("and", "or"):
        return "(" + f" {tag.upper()} ".join(sql(x, env) for x in n[1]) + ")"
    if tag == "cmp":
        return _cmp(n, env)
    return _call(n[1], [sql(a, env) for a in n[3]], n[3])


def _cmp(n: tuple, env: Mapping[str, str]) -> str:
    op, left, right = n[1], n[2], n[3]
    if op != "in":
        return f"({sql(left, env)} {_OPS[op]} {sql(right, env)})"
    if right[0] != "const" or not isinstance(right[1], frozenset):
        raise Unsupported("in")
    members = ", ".join(literal(v) for v in sorted(right[1], key=repr))
    return f"({sql(left, env)} IN ({members}))"


def _months(d: str) -> str:
    return (f'((YEAR("on") - YEAR({d})) * 12 + MONTH("on") - MONTH({d})'
            f' - CASE WHEN DAY("on") < DAY({d}) THEN 1 ELSE 0 END)')


def _call(name: str, args: list[str], irs: tuple) -> str:
    if name == "startswith":
        prefix = irs[1][1]
        return f"(SUBSTR({args[0]}, 1, {len(prefix)}) = {literal(prefix)})"
    if name in ("age", "years_since"):
        return f"CAST(FLOOR({_months(args[0])} / 12) AS BIGINT)"
    if name == "months_since":
        return _months(args[0])
    if name == "days_since":
        return f"DATE_DIFF('day', {args[0]}, \"on\")"
    if name == "province_of":
        return f"(SUBSTR({args[0]}, 1, 2) || '0000')"
    if name == "city_of":
        return f"(CASE WHEN SUBSTR({args[0]}, 3, 4) = '0000' THEN {args[0]} ELSE SUBSTR({args[0]}, 1, 4) || '00' END)"
    raise Unsupported(name)


def contains(n: tuple, fact: str) -> bool:
    tag = n[0]
    if tag == "fact":
        return n[1] == fact
    if tag in ("const", "on"):
        return False
    return any(contains(k, fact) for k in _kids(n))


def names(fact: str, n: tuple, env: Mapping[str, str], *, known_unknown: bool = False) -> str:
    """SQL: the residual of ``n`` still names ``fact`` (``lang.residual``).

    A residual folds in every known fact, keeps the unknown operands of ``and``/``or`` and
    drops the decided ones; every other operator is strict (unknown exactly when an operand
    is).  So ``fact`` is named when it is unknown and every junction on its way up is unknown
    too.  ``known_unknown``: the caller already knows ``n`` is unknown."""
    if n[0] == "fact":
        return f"({env[fact]} IS NULL)"
    parts = [names(fact, k, env) for k in _kids(n) if contains(k, fact)]
    test = parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    if n[0] in ("and", "or") and not known_unknown:
        return f"({sql(n, env)} IS NULL AND {test})"
    return test


def flag(column: str) -> str:
    """SQL: 'T', 'F' or '?' for a three-valued column."""
    return f"(CASE WHEN {column} THEN 'T' WHEN NOT {column} THEN 'F' ELSE '?' END)"
