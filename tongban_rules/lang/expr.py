"""条件表达式 — the condition language of rule files (see docs/conditions.md).

``check(text, facts, regions)`` parses an expression with ``ast.parse`` and walks a WHITELIST of
node types, type-checking against the declared facts.  The result is a small IR of tuples:

    ("fact", id) ("const", v) ("on",) ("not", x) ("and", xs) ("or", xs)
    ("cmp", op, left, right)   op in == != < <= > >= in
    ("call", name, fn, args)   fn is a trusted Python callable chosen by the checker

The IR is turned into Python source (only the constructs above; fact ids and plain literals via
``repr``, every other value passed in the namespace) and compiled once.  User text is never
evaluated.  Missing facts make results UNKNOWN (``None``) with Kleene logic.
"""

from __future__ import annotations

import ast
import difflib
import io
import operator
import re
import tokenize
import warnings
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, Protocol

from ..diagnostics import Finding
from ..errors import DecisionError

__all__ = [
    "ACCEPTING", "FactSpec", "RegionIndex", "ExprError", "Condition", "FUNCTIONS", "check", "compile_all", "conjunction",
    "evaluate_slow", "validate_fact_value", "city_of", "years_since", "months_since", "days_since",
]

#: the built-in region fact: where the application is made (受理地); never compared with a literal
ACCEPTING = "accepting_region"
MAX_LENGTH = 2000  # characters
MAX_DEPTH = 32  # nesting of syntax nodes
FACT_TYPES = ("bool", "int", "decimal", "string", "enum", "date", "region", "set")


class FactSpec(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def values(self) -> Collection[str] | None: ...  # enum/set values; a mapping's keys count


class RegionIndex(Protocol):
    def is_known(self, code: str, on: date | None = None) -> bool: ...  # listed (and in use on ``on``)
    def refusal(self, code: object, on: date | None = None,
                where: tuple[str, str] = ("", "")) -> tuple[str, dict] | None: ...  # why not: TB414
    def within(self, code: str, ancestor: str) -> bool: ...  # code == ancestor or inside it
    def province_of(self, code: str) -> str: ...
    def group(self, name: str) -> frozenset[str] | None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class ExprError(Finding):
    """A finding inside an expression: ``line`` (1-based) counts lines of the expression text and
    ``col_offset`` (0-based) characters within that line; ``message``, ``hint`` … are formatted
    from the code table."""

    col_offset: int = 0


# ---------------------------------------------------------------- date functions


def months_since(d: date, on: date) -> int:
    """Full months from ``d`` to ``on``.  A month is complete on the same day of the month; when
    that day does not exist (31 Jan → Feb) it is complete on the 1st of the following month."""
    return (on.year - d.year) * 12 + on.month - d.month - (on.day < d.day)


def years_since(d: date, on: date) -> int:
    """Full years (周岁): 29 Feb birthdays complete a year on 1 Mar in common years."""
    return months_since(d, on) // 12


def days_since(d: date, on: date) -> int:
    return (on - d).days


def city_of(code: str) -> str:
    """The prefecture-level code (GB/T 2260 structure) of a region; a province-level code is
    its own (a 直辖市 is one city)."""
    return code if code.endswith("0000") else code[:4] + "00"


# name -> (parameter types, result type); "str" means a string literal
FUNCTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "age": (("date",), "int"), "years_since": (("date",), "int"),
    "months_since": (("date",), "int"), "days_since": (("date",), "int"),
    "decision_date": ((), "date"), "date": (("str",), "date"),
    "province": (("str",), "regions"), "region": (("str",), "regions"),
    "group": (("str",), "regions"), "province_of": (("region",), "region"), "city_of": (("region",), "region"),
    "len": (("set",), "int"),
}
_DATE_FNS = {"age": years_since, "years_since": years_since, "months_since": months_since,
             "days_since": days_since}
_ALIASES = {"today": "decision_date", "on": "decision_date", "now": "decision_date"}
_NUM = ("int", "decimal")
_TEXT = ("string", "enum", "str")
_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
        ast.In: "in", ast.NotIn: "not in"}
_ZH = {"bool": "布尔值", "int": "整数", "decimal": "小数", "string": "文本", "enum": "枚举",
       "date": "日期", "region": "行政区划", "set": "集合", "regions": "区域范围",
       "str": "文本字面量", "strset": "文本集合", "numset": "数字集合"}
_NODE_ZH = {"Attribute": "属性访问 (.)", "Subscript": "下标 ([])", "Lambda": "lambda",
            "BinOp": "算术运算", "JoinedStr": "f-string", "NamedExpr": "海象运算 (:=)",
            "ListComp": "推导式", "SetComp": "推导式", "DictComp": "推导式", "GeneratorExp": "推导式",
            "IfExp": "条件表达式 (if/else)", "List": "列表 ([])", "Tuple": "元组", "Dict": "字典"}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if _ISO_DATE.fullmatch(text) else None
    except ValueError:
        return None


def _suggest(word: str, choices) -> dict[str, str]:
    """The "did you mean" parameters (``hint_key="suggest"``), empty when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=3)
    return {"hint_key": "suggest", "close": "、".join(close), "close_en": ", ".join(close)} if close else {}


def _may_hide(text: str) -> bool:
    """Cheap pre-test for ``_scan`` (which tokenizes, slowly): only a ``#`` or a closing bracket
    without its opener outside string literals can hide anything."""
    if "#" in text:
        return True
    depth, quote, escaped = 0, "", False
    for ch in text:
        if quote:
            escaped, quote = (not escaped and ch == "\\"), ("" if ch == quote and not escaped else quote)
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return True
    return False


def _scan(src: str) -> tuple[str, tuple[int, int]] | None:
    """Find what the parser accepts but we must not, in the wrapped ``src``: a closing bracket that
    closes the wrapper, and ``#`` comments (a folded YAML scalar would hide the rest of the line)."""
    depth, last = 0, src.count("\n") + 1
    try:
        for tok in tokenize.generate_tokens(io.StringIO(src).readline):
            if tok.type == tokenize.COMMENT:
                return "comment", tok.start
            if tok.type == tokenize.OP and tok.string in ("(", "[", "{"):
                depth += 1
            elif tok.type == tokenize.OP and tok.string in (")", "]", "}"):
                depth -= 1
                if depth <= 0 and tok.start[0] != last:
                    return "bracket", tok.start
    except Exception:  # tokenizer errors are reported by ast.parse
        pass
    return None


# ---------------------------------------------------------------- checker


class _Checker:
    def __init__(self, text: str, facts: Mapping[str, FactSpec], regions: RegionIndex | None):
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.lines = self.text.split("\n")
        self.src = "(\n" + self.text + "\n)"  # lets authors break lines anywhere
        self.facts, self.regions = facts, regions
        self.errors: list[ExprError] = []
        self.seen: dict[str, None] = {}

    @cached_property
    def _encoded(self) -> list[bytes]:
        """The wrapped source's lines in UTF-8, ends kept (the parser's column offsets count bytes)."""
        lines = self.src.split("\n")  # \r was made \n above: the parser's line breaks are these
        return [(line + "\n").encode() for line in lines[:-1]] + [lines[-1].encode()]

    def segment(self, node) -> str | None:
        """What ``ast.get_source_segment`` gives for ``node`` in the wrapped source, without
        splitting the source again for every node (that split was most of a long check's time)."""
        if getattr(node, "end_lineno", None) is None or getattr(node, "end_col_offset", None) is None:
            return None
        first, last, lines = node.lineno - 1, node.end_lineno - 1, self._encoded
        if first == last:
            return lines[first][node.col_offset:node.end_col_offset].decode()
        middle = "".join(line.decode() for line in lines[first + 1:last])
        return lines[first][node.col_offset:].decode() + middle + lines[last][:node.end_col_offset].decode()

    def err(self, at, code, variant="", hint_key="", **params):
        if isinstance(at, ast.AST):
            line = at.lineno - 1
            raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
            at = (line, len(raw.encode()[: at.col_offset].decode("utf-8", "ignore")))
        line, col = at
        if line < 1:
            line, col = 1, 0
        elif line > len(self.lines):
            line, col = len(self.lines), len(self.lines[-1])
        col = min(max(col, 0), len(self.lines[line - 1]))
        self.errors.append(ExprError(code=code, variant=variant, hint_key=hint_key, params=params, line=line,
                                     col_offset=col))

    def syntax(self, at, variant, **params):
        self.err(at, "TB402", variant, **params)

    def run(self):
        if not self.text.strip():
            return self.syntax((1, 0), "empty")
        if len(self.text) > MAX_LENGTH:
            return self.syntax((1, 0), "too-long", limit=MAX_LENGTH)
        found = _scan(self.src) if _may_hide(self.text) else None
        if found:
            kind, (row, col) = found
            return self.syntax((row - 1, col), kind)  # "comment" or "bracket"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(self.src, mode="eval")
        except SyntaxError as e:
            return self.syntax(((e.lineno or 2) - 1, (e.offset or 1) - 1), "", msg=e.msg)
        except (ValueError, RecursionError, MemoryError) as e:
            return self.syntax((1, 0), "unparsable", error=e)
        typed = self.visit(tree.body, 0)
        if typed and typed[1] != "bool":
            self.err(tree.body, "TB407", type=typed[1], type_zh=_ZH[typed[1]])
        return typed and typed[0]

    def visit(self, node, depth):
        if depth > MAX_DEPTH:
            return self.syntax(node, "too-deep")
        handler = self.HANDLERS.get(type(node))
        if handler is None:
            kind = type(node).__name__
            return self.syntax(node, "not-allowed", node=kind, node_zh=_NODE_ZH.get(kind, kind))
        return handler(self, node, depth + 1)

    def constant(self, node, depth=0, sign=1):
        v = node.value
        if isinstance(v, bool):
            return ("const", v), "bool"
        if isinstance(v, str):
            return ("const", v), "str"
        if isinstance(v, int) and abs(v) < 10**18:
            return ("const", sign * v), "int"
        if isinstance(v, float):
            written = (self.segment(node) or "").replace("_", "")
            d = Decimal(written) if written else Decimal("NaN")
            if not d.is_finite() or abs(d.adjusted()) > 30 or len(d.as_tuple().digits) > 28:
                return self.syntax(node, "literal", value=written[:20])  # not exact in 28 digits
            return ("const", sign * d), "decimal"
        return self.syntax(node, "literal", value=str(v)[:20])

    def written(self, node) -> bool:
        """The name as written is the name parsed: Python folds identifiers (NFKC, so ``ａｇｅ``
        reads as ``age``); the language does not — one rule for every lookup and cache."""
        if self.segment(node) == node.id:
            return True
        self.syntax(node, "identifier", name=self.segment(node), id=node.id)
        return False

    def fact(self, node, depth):
        if not self.written(node):
            return None
        spec = self.facts.get(node.id)
        if spec is None and node.id == ACCEPTING:  # built in: where the application is made
            self.seen.setdefault(ACCEPTING)
            return ("fact", ACCEPTING), "region"
        if spec is None:
            hint = {"hint_key": "function"} if node.id in FUNCTIONS else _suggest(node.id, self.facts)
            return self.err(node, "TB403", name=node.id, **hint)
        kind = getattr(spec.type, "value", spec.type)
        if kind not in FACT_TYPES:
            return self.err(node, "TB404", "unknown-type", name=node.id, kind=kind)
        self.seen.setdefault(node.id)
        return ("fact", node.id), kind

    def boolop(self, node, depth):
        parts = [self.visit(v, depth) for v in node.values]
        for v, typed in zip(node.values, parts):
            if typed and typed[1] != "bool":
                self.err(v, "TB404", "and-or", type=typed[1], type_zh=_ZH[typed[1]])
        if all(p and p[1] == "bool" for p in parts):
            return ("and" if isinstance(node.op, ast.And) else "or", tuple(p[0] for p in parts)), "bool"

    def unaryop(self, node, depth):
        if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
                and type(node.operand.value) in (int, float):
            return self.constant(node.operand, sign=-1)
        if not isinstance(node.op, ast.Not):
            return self.syntax(node, "arithmetic")
        typed = self.visit(node.operand, depth)
        if typed and typed[1] != "bool":
            return self.err(node.operand, "TB404", "not", type=typed[1], type_zh=_ZH[typed[1]])
        return typed and (("not", typed[0]), "bool")

    def setlit(self, node, depth):
        values = [self.visit(e, depth) for e in node.elts]
        for e, typed in zip(node.elts, values):
            if typed and typed[0][0] != "const":
                return self.syntax(e, "set-element")
        if not all(values):
            return None
        kinds = {"strset" if t == "str" else "numset" if t in _NUM else t for _, t in values}
        if len(kinds) != 1 or kinds <= {"bool"}:
            return self.err(node, "TB404", "mixed-set")
        return ("const", frozenset(ir[1] for ir, _ in values)), kinds.pop()

    def compare(self, node, depth):
        nodes = [node.left, *node.comparators]
        typed = [self.visit(n, depth) for n in nodes]
        parts = []
        for i, op in enumerate(node.ops):
            sym = _CMP.get(type(op))
            if sym is None:
                return self.syntax(node, "is")
            if typed[i] and typed[i + 1]:
                parts.append(self.pair(sym, nodes[i], typed[i], nodes[i + 1], typed[i + 1]))
        if len(parts) == len(node.ops) and all(parts):  # a < b < c means a < b and b < c
            return (parts[0] if len(parts) == 1 else ("and", tuple(parts))), "bool"

    def pair(self, sym, ln, left, rn, right):
        (lir, lt), (rir, rt) = left, right
        if sym in ("in", "not in"):
            ir = self.member(ln, left, rn, right)
            return ir if ir is None or sym == "in" else ("not", ir)
        if sym in ("<", "<=", ">", ">="):
            ok = (lt in _NUM and rt in _NUM) or lt == rt == "date"
        elif lt in _NUM and rt in _NUM or lt == rt and lt in ("bool", "date", "region"):
            ok = True
        elif lt in _TEXT and rt in _TEXT:
            ok = all(self.declared(a, bn, b) for a, (b, bn) in ((left, (right, rn)), (right, (left, ln))))
            if not ok:
                return None
        elif {lt, rt} == {"region", "str"}:
            lit, at = (rir, rn) if rt == "str" else (lir, ln)
            if _accepting(lir) or _accepting(rir):
                return self.err(at, "TB408", value=lit[1])
            if not self.known_region(at, lit[1]):
                return None
            ok = True
        else:
            ok = False
        if ok:
            return ("cmp", sym, lir, rir)
        hint = "order" if sym in ("<", "<=", ">", ">=") else ""
        if "str" in (lt, rt) and "date" in (lt, rt):
            hint = "date"
        self.err(ln, "TB404", "", hint, op=sym, left=lt, right=rt, left_zh=_ZH[lt], right_zh=_ZH[rt])

    def declared(self, typed, other_node, other) -> bool:
        """An enum compared with a literal: the literal(s) must be declared values."""
        (ir, kind), (_, okind) = typed, other
        if kind not in ("enum", "set") or okind not in ("str", "strset"):
            return True
        values = tuple(self.facts[ir[1]].values or ())
        lits = other_node.elts if okind == "strset" else [other_node]
        for lit in lits:
            if lit.value not in values:
                self.err(lit, "TB404", "not-a-value", value=lit.value, fact=ir[1], values="、".join(values),
                         values_en=", ".join(values), **_suggest(lit.value, values))
                return False
        return True

    def member(self, ln, left, rn, right):
        (lir, lt), (rir, rt) = left, right
        if rt == "regions" and lt == "region":
            if _accepting(lir):
                return self.err(rn, "TB408", "scope", value=", ".join(rir[1]))
            prefix = getattr(self.regions, "prefix", None)
            if prefix is not None:  # codes nest by prefix (GB/T 2260): compile to str.startswith
                calls = tuple(("call", "startswith", str.startswith, (lir, ("const", prefix(m)))) for m in rir[1])
            else:
                within = self.regions.within
                calls = tuple(("call", "within", within, (lir, ("const", m))) for m in rir[1])
            return calls[0] if len(calls) == 1 else ("or", calls)
        if (rt == "numset" and lt in _NUM) or (rt == "strset" and lt in _TEXT) or \
                (rt == "set" and lt in _TEXT):
            ok = self.declared(left, rn, right) if rt == "strset" else self.declared(right, ln, left)
            return ("cmp", "in", lir, rir) if ok else None
        self.err(ln, "TB404", "member", "region" if lt == "region" else "", left=lt, right=rt, left_zh=_ZH[lt],
                 right_zh=_ZH[rt])

    def call(self, node, depth):
        if not isinstance(node.func, ast.Name):
            return self.syntax(node, "call")
        name = node.func.id
        if not self.written(node.func):
            return None
        if name not in FUNCTIONS:
            hint = {"hint_key": "alias", "alias": _ALIASES[name]} if name in _ALIASES else _suggest(name, FUNCTIONS)
            return self.err(node, "TB405", name=name, **hint)
        params, result = FUNCTIONS[name]
        if self.regions is None and result in ("regions", "region"):
            return self.err(node, "TB406", "no-registry")
        if node.keywords or len(node.args) != len(params):
            return self.err(node, "TB405", "arity", name=name, count=len(params))
        if params == ("str",):
            arg = node.args[0]
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                return self.err(arg, "TB405", "quoted", name=name)
            return self.literal_call(name, arg, result)
        args = [self.visit(a, depth) for a in node.args]
        for a, typed, want in zip(node.args, args, params):
            if typed and typed[1] != want:
                return self.err(a, "TB405", "argument", name=name, want=want, got=typed[1], want_zh=_ZH[want],
                                got_zh=_ZH[typed[1]])
        if not all(args):
            return None
        irs = tuple(a[0] for a in args)
        if name in _DATE_FNS:
            return ("call", name, _DATE_FNS[name], irs + (("on",),)), result
        if name == "province_of":
            return ("call", name, self.regions.province_of, irs), result
        if name == "city_of":
            return ("call", name, city_of, irs), result
        return (("on",) if name == "decision_date" else ("call", name, len, irs)), result

    def literal_call(self, name, arg, result):
        value = arg.value
        if name == "date":
            d = _iso_date(value)
            return (("const", d), result) if d else self.err(arg, "TB405", "date", value=value)
        if name == "group":
            members = self.regions.group(value)
        elif self.known_region(arg, value):
            is_province = self.regions.province_of(value) == value
            members = frozenset([value]) if name == "region" or is_province else None
        else:
            return None
        if members:
            return ("regions", tuple(sorted(members))), result
        self.err(arg, "TB406", f"not-{name}", value=value)  # not-province, not-group

    def known_region(self, node, code) -> bool:
        if self.regions is not None and self.regions.is_known(code):
            return True
        self.err(node, "TB406", region=code)
        return False

    HANDLERS = {ast.Constant: constant, ast.Name: fact, ast.BoolOp: boolop, ast.UnaryOp: unaryop,
                ast.Set: setlit, ast.Compare: compare, ast.Call: call}


def _accepting(ir) -> bool:
    """Whether a region-valued IR is (a function of) the accepting region."""
    return ir == ("fact", ACCEPTING) or ir[0] == "call" and any(_accepting(a) for a in ir[3])


# ---------------------------------------------------------------- compiling


class _Gen:
    """Writes Python source for IR nodes: ``fast`` assumes every fact is present, ``kleene`` not."""

    def __init__(self) -> None:
        self.ns: dict[str, Any] = {"__builtins__": {}, "KeyError": KeyError}
        self.vars: dict[str, str] = {}
        self.names: dict[int, str] = {}
        self.n = 0

    def var(self, fact: str) -> str:
        return self.vars.setdefault(fact, f"v{len(self.vars)}")

    def tmp(self) -> str:
        self.n += 1
        return f"_t{self.n}"

    def const(self, value) -> str:
        if type(value) in (str, int, bool):
            return repr(value)
        if type(value) is frozenset and all(type(v) in (str, int) for v in value):
            return "{" + ", ".join(sorted(map(repr, value))) + "}"  # folded into a constant
        name = self.names.get(id(value))  # IR objects outlive the generator: ids are stable
        if name is None:
            name = self.names[id(value)] = f"_k{len(self.names)}"
            self.ns[name] = value
        return name

    def fast(self, n) -> str:
        tag = n[0]
        if tag == "raw":  # already Python source (a local name or a sub-expression)
            return n[1]
        if tag == "fact":
            return self.var(n[1])
        if tag == "const":
            return self.const(n[1])
        if tag == "on":
            return "on"
        if tag == "not":
            return f"(not {self.fast(n[1])})"
        if tag in ("and", "or"):
            return "(" + f" {tag} ".join(map(self.fast, n[1])) + ")"
        if tag == "cmp":
            return f"({self.fast(n[2])} {n[1]} {self.fast(n[3])})"
        if n[1] == "startswith":
            return f"{self.fast(n[3][0])}.startswith({self.fast(n[3][1])})"
        return f"{self.const(n[2])}({', '.join(map(self.fast, n[3]))})"

    def kleene(self, n) -> str:
        tag = n[0]
        if not _nullable(n) or tag == "fact":
            return self.fast(n)
        if tag in ("and", "or"):
            hit, miss = ("False", "True") if tag == "and" else ("True", "False")
            ts = [self.tmp() for _ in n[1]]
            first = " or ".join(f"({t} := {self.kleene(x)}) is {hit}" for t, x in zip(ts, n[1]))
            unknown = " or ".join(f"{t} is None" for t in ts)
            return f"({hit} if ({first}) else (None if ({unknown}) else {miss}))"
        names, tests = [], []
        for a in _kids(n):
            if not _nullable(a):
                names.append(self.fast(a))
            elif a[0] == "fact":
                names.append(self.var(a[1]))
                tests.append(f"{names[-1]} is None")
            else:
                names.append(self.tmp())
                tests.append(f"({names[-1]} := {self.kleene(a)}) is None")
        raw = tuple(("raw", x) for x in names)
        body = self.fast(("not", *raw) if tag == "not" else ("cmp", n[1], *raw) if tag == "cmp"
                         else ("call", n[1], n[2], raw))
        return f"(None if {' or '.join(tests)} else {body})"


def _nullable(n) -> bool:
    tag = n[0]
    if tag in ("const", "on"):
        return False
    if tag == "fact":
        return True
    return any(map(_nullable, _kids(n)))


def _kids(n) -> tuple:
    tag = n[0]
    return (n[1],) if tag == "not" else n[1] if tag in ("and", "or") else n[2:] if tag == "cmp" else n[3]


def _build(conditions: Sequence[Condition], single: bool):
    g = _Gen()
    fast = [g.fast(c.ir) for c in conditions]
    slow = [g.kleene(c.ir) for c in conditions]
    ids = list(dict.fromkeys(i for c in conditions for i in c.facts))
    vs = [g.var(i) for i in ids]
    out = (lambda xs: xs[0]) if single else (lambda xs: "(" + "".join(x + ", " for x in xs) + ")")
    lines = ["def _evaluate(facts, on):"]
    if ids:
        lines += ["    try:", "        " + "; ".join(f"{v} = facts[{i!r}]" for v, i in zip(vs, ids)),
                  "    except KeyError:", "        pass", "    else:",
                  f"        if {' and '.join(v + ' is not None' for v in vs)}:",
                  f"            return {out(fast)}",
                  "    " + "; ".join(f"{v} = facts.get({i!r})" for v, i in zip(vs, ids))]
    lines.append(f"    return {out(slow)}")
    source = "\n".join(lines) + "\n"
    exec(compile(source, "<tongban condition>", "exec"), g.ns)  # generated from checked IR only
    return g.ns["_evaluate"], source


def compile_guarded(conditions: Sequence[Condition], guards: Sequence[tuple[str, str]], head: Sequence[str],
                    ns: Mapping[str, Any]) -> Callable[[Mapping[str, object], date, object], Any]:
    """``(facts, on, region) ->`` the conjunction of ``conditions``, after ``head`` (lines of Python
    at function level, which may return early) and ``guards``: one ``(fact id, test)`` pair per
    fact the caller may give, ``test`` being Python on ``{v}`` that holds for the values the
    conjunction may take as they are (never for None).  A given value that fails its test, or a key
    without a guard, makes the function return ``BAIL`` (a name of ``ns``).  ``head`` must make
    sure that ``facts`` is a ``dict``.

    When every guarded fact is given (the common call) the values are read by subscript and the
    conjunction evaluated in two-valued logic; otherwise each is read with ``get`` and the
    conjunction evaluated in Kleene logic (None: unknown)."""
    g = _Gen()
    g.ns.update(ns, KEYS=frozenset(f for f, _ in guards), len=len)
    whole = conjunction(conditions) if conditions else None
    facts = whole.facts if whole else ()
    lines = ["def _evaluate(facts, on, region):", *head]
    if guards and all(f in dict(guards) for f in facts):
        reads = "; ".join(f"{g.var(f)} = facts[{f!r}]" for f, _ in guards)
        tests = " and ".join(f"({t.format(v=g.var(f))})" for f, t in guards)
        lines += [f"    if len(facts) == {len(guards)}:", "        try:", f"            {reads}",
                  "        except KeyError:", "            pass",
                  "        else:", f"            if {tests}:",
                  f"                return {g.fast(whole.ir) if whole else 'True'}"]
    lines += ["    if not facts.keys() <= KEYS:", "        return BAIL"]
    for fact, test in guards:
        v = g.var(fact)
        lines += [f"    {v} = facts.get({fact!r})", f"    if {v} is not None and not ({test.format(v=v)}):",
                  "        return BAIL"]
    lines += [f"    {g.var(f)} = None" for f in facts if f not in dict(guards)]  # e.g. the accepting region
    lines.append(f"    return {g.kleene(whole.ir) if whole else 'True'}")
    exec(compile("\n".join(lines) + "\n", "<tongban eligible>", "exec"), g.ns)  # from checked IR only
    return g.ns["_evaluate"]


class Condition:
    """A checked condition.  ``evaluate(facts, on)`` returns True, False or None (unknown).

    The Python code is generated and compiled on first use (``cached_property``): checking a
    large rule set at load time should not pay ``compile()`` for conditions no decision asks about.
    """

    def __init__(self, text: str, ir: tuple, facts: tuple[str, ...]):
        self.text, self.ir, self.facts = text, ir, facts

    @cached_property
    def _built(self) -> tuple[Callable[[Mapping[str, object], date], bool | None], str]:
        return _build([self], single=True)

    @cached_property
    def evaluate(self) -> Callable[[Mapping[str, object], date], bool | None]:
        return self._built[0]

    @cached_property
    def source(self) -> str:
        return self._built[1]

    def __repr__(self) -> str:
        return f"Condition({self.text!r})"


def check(text: str, facts: Mapping[str, FactSpec],
          regions: RegionIndex | None = None) -> tuple[Condition | None, list[ExprError]]:
    """Parse, type-check and compile ``text``; never raises for any input string."""
    if not isinstance(text, str):
        return None, [ExprError(code="TB402", variant="not-text", line=1, col_offset=0)]
    checker = _Checker(text, facts, regions)
    ir = checker.run()
    if checker.errors or not ir:
        return None, checker.errors
    return Condition(text, ir, tuple(checker.seen)), []


def conjunction(conditions: Sequence[Condition]) -> Condition:
    """One condition that holds when all of ``conditions`` hold (Kleene ``and``): a quick
    eligibility test without the per-condition explanation."""
    facts = tuple(dict.fromkeys(f for c in conditions for f in c.facts))
    ir = ("and", tuple(c.ir for c in conditions)) if len(conditions) != 1 else conditions[0].ir
    return Condition(" and ".join(f"({c.text})" for c in conditions), ir, facts)


def compile_all(conditions: Sequence[Condition]) -> Callable[[Mapping[str, object], date], tuple]:
    """One generated function evaluating all ``conditions``; returns a tuple of True/False/None.
    (Callers that may never need it hold it in a ``cached_property``.)"""
    return _build(list(conditions), single=False)[0]


# ---------------------------------------------------------------- reference evaluator

_SLOW_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
             ">": operator.gt, ">=": operator.ge, "in": lambda a, b: a in b}


def evaluate_slow(condition: Condition, facts: Mapping[str, object], on: date) -> bool | None:
    """Tree-walking Kleene evaluation of ``condition.ir`` — the reference for the compiled code."""
    return _walk(condition.ir, facts, on)


def _walk(n, f, on):
    tag = n[0]
    if tag == "fact":
        return f.get(n[1])
    if tag == "const":
        return n[1]
    if tag == "on":
        return on
    if tag in ("and", "or"):
        stop, unknown = tag == "or", False
        for x in n[1]:
            v = _walk(x, f, on)
            if v is stop:
                return stop
            unknown = unknown or v is None
        return None if unknown else not stop
    args = [_walk(x, f, on) for x in _kids(n)]
    if any(a is None for a in args):
        return None
    if tag == "not":
        return not args[0]
    return _SLOW_OPS[n[1]](*args) if tag == "cmp" else n[2](*args)


# ---------------------------------------------------------------- fact values


def validate_fact_value(spec: FactSpec, value: object, regions: RegionIndex | None = None,
                        on: date | None = None) -> object:
    """Check (and normalise) a value given for ``spec``; raises ``DecisionError("TB410")``, for
    a region given as text that is not a code of ``regions`` in use on ``on`` ``TB414``."""
    kind = getattr(spec.type, "value", spec.type)
    values = tuple(spec.values or ())
    if kind == "bool" and type(value) is bool or kind == "int" and type(value) is int:
        return value
    if kind in ("string", "enum") and isinstance(value, str) and (kind == "string" or value in values):
        return value
    if kind == "decimal":
        if type(value) is int or isinstance(value, str) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value):
            return Decimal(value)
        if isinstance(value, Decimal) and value.is_finite():
            return value
    if kind == "date":
        if type(value) is date:
            return value
        if isinstance(value, str) and _iso_date(value):
            return _iso_date(value)
    if kind == "region" and isinstance(value, str):
        return _region_value(spec, value, regions, on)
    if kind == "set" and isinstance(value, (list, tuple, set, frozenset)) and all(
            isinstance(v, str) and v in values for v in value):
        return frozenset(value)
    raise DecisionError("TB410", variant="enum" if values else "", fact=spec.id, kind=kind,
                        kind_zh=_ZH.get(kind, kind), values="、".join(values), values_en=", ".join(values), value=value)


def _region_value(spec: FactSpec, value: str, regions: RegionIndex | None, on: date | None) -> str:
    where = (f"事实 {spec.id}: ", f"fact {spec.id}: ")
    if regions is None:  # no registry: six ASCII digits
        why = None if re.fullmatch(r"[0-9]{6}", value) else ("", {"region": value, "where": where[0],
                                                                   "where_en": where[1]})
    else:
        why = regions.refusal(value, on, where)
    if why is not None:
        raise DecisionError("TB414", variant=why[0], **why[1])
    return value
