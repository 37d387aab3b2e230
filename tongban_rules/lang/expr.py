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
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Collection, Mapping, Protocol, Sequence

from ..errors import DecisionError

__all__ = [
    "FactSpec", "RegionIndex", "ExprError", "Condition", "FUNCTIONS", "check", "compile_all", "conjunction",
    "evaluate_slow", "validate_fact_value", "years_since", "months_since", "days_since",
]

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
    def is_known(self, code: str) -> bool: ...
    def within(self, code: str, ancestor: str) -> bool: ...  # code == ancestor or inside it
    def province_of(self, code: str) -> str: ...
    def group(self, name: str) -> frozenset[str] | None: ...


@dataclass(frozen=True, slots=True)
class ExprError:
    code: str
    message: str
    message_en: str
    hint: str
    hint_en: str
    line: int  # 1-based line within the expression
    col_offset: int  # 0-based character offset within that line


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


# name -> (parameter types, result type); "str" means a string literal
FUNCTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "age": (("date",), "int"), "years_since": (("date",), "int"),
    "months_since": (("date",), "int"), "days_since": (("date",), "int"),
    "decision_date": ((), "date"), "date": (("str",), "date"),
    "province": (("str",), "regions"), "region": (("str",), "regions"),
    "group": (("str",), "regions"), "province_of": (("region",), "region"), "len": (("set",), "int"),
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
_SYNTAX_HINT = "请检查括号、引号是否成对，并使用半角符号；相等用 ==，逻辑用 and / or / not"
_SYNTAX_HINT_EN = "check brackets and quotes pair up and are ASCII; equality is ==, logic is and / or / not"
_SCAN_MESSAGES = {
    "comment": ("条件表达式中不能写注释 #", "comments (#) are not allowed",
                "说明请写在 YAML 注释或条件的文字中", "put notes in YAML comments or the condition text"),
    "bracket": ("多余的右括号", "unmatched closing bracket", "", ""),
}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if _ISO_DATE.fullmatch(text) else None
    except ValueError:
        return None


def _suggest(word: str, choices) -> tuple[str, str]:
    close = difflib.get_close_matches(word, list(choices), n=3)
    if not close:
        return "", ""
    return f"是不是：{'、'.join(close)}？", f"did you mean: {', '.join(close)}?"


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

    def err(self, at, code, zh, en, hint="", hint_en=""):
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
        self.errors.append(ExprError(code, zh, en, hint, hint_en, line, col))

    def syntax(self, at, zh, en, hint="", hint_en=""):
        self.err(at, "TB402", zh, en, hint, hint_en)

    def run(self):
        if not self.text.strip():
            return self.syntax((1, 0), "条件表达式为空", "the condition is empty")
        if len(self.text) > MAX_LENGTH:
            return self.syntax((1, 0), f"条件表达式过长（超过 {MAX_LENGTH} 字）",
                               f"the condition is longer than {MAX_LENGTH} characters")
        found = _scan(self.src) if _may_hide(self.text) else None
        if found:
            kind, (row, col) = found
            return self.syntax((row - 1, col), *_SCAN_MESSAGES[kind])
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(self.src, mode="eval")
        except SyntaxError as e:
            return self.syntax(((e.lineno or 2) - 1, (e.offset or 1) - 1), f"语法错误：{e.msg}",
                               f"syntax error: {e.msg}", _SYNTAX_HINT, _SYNTAX_HINT_EN)
        except (ValueError, RecursionError, MemoryError) as e:
            return self.syntax((1, 0), f"无法解析：{e}", f"cannot parse: {e}")
        typed = self.visit(tree.body, 0)
        if typed and typed[1] != "bool":
            self.err(tree.body, "TB407", f"条件必须是真/假判断，这里得到的是{_ZH[typed[1]]}",
                     f"a condition must be true/false, this is a {typed[1]}",
                     "例如写成 age >= 16，而不是 age", "e.g. write age >= 16, not age")
        return typed and typed[0]

    def visit(self, node, depth):
        if depth > MAX_DEPTH:
            return self.syntax(node, "嵌套层次过深", "nested too deeply")
        handler = self.HANDLERS.get(type(node))
        if handler is None:
            kind = type(node).__name__
            return self.syntax(node, f"不支持的写法：{_NODE_ZH.get(kind, kind)}",
                               f"not allowed in a condition: {kind}",
                               "只能使用事实名、字面量、比较、and/or/not、in 和内置函数",
                               "use fact names, literals, comparisons, and/or/not, in and built-in functions")
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
            d = Decimal(ast.get_source_segment(self.src, node).replace("_", ""))
            return ("const", sign * d), "decimal"
        return self.syntax(node, f"不支持的字面量：{str(v)[:20]}", f"literal not allowed: {str(v)[:20]}")

    def fact(self, node, depth):
        spec = self.facts.get(node.id)
        if spec is None:
            hint, hint_en = _suggest(node.id, self.facts)
            if node.id in FUNCTIONS:
                hint, hint_en = f"{node.id} 是函数，要写成 {node.id}(…)", f"{node.id} is a function: {node.id}(…)"
            return self.err(node, "TB403", f"未声明的事实：{node.id}", f"undeclared fact: {node.id}",
                            hint, hint_en)
        kind = getattr(spec.type, "value", spec.type)
        if kind not in FACT_TYPES:
            return self.err(node, "TB404", f"事实 {node.id} 的类型 {kind} 未知",
                            f"fact {node.id} has unknown type {kind}")
        self.seen.setdefault(node.id)
        return ("fact", node.id), kind

    def boolop(self, node, depth):
        parts = [self.visit(v, depth) for v in node.values]
        for v, typed in zip(node.values, parts):
            if typed and typed[1] != "bool":
                self.err(v, "TB404", f"and/or 两边必须是真/假判断，这里是{_ZH[typed[1]]}",
                         f"operands of and/or must be true/false, this is a {typed[1]}")
        if all(p and p[1] == "bool" for p in parts):
            return ("and" if isinstance(node.op, ast.And) else "or", tuple(p[0] for p in parts)), "bool"

    def unaryop(self, node, depth):
        if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
                and type(node.operand.value) in (int, float):
            return self.constant(node.operand, sign=-1)
        if not isinstance(node.op, ast.Not):
            return self.syntax(node, "不支持算术运算", "arithmetic is not allowed")
        typed = self.visit(node.operand, depth)
        if typed and typed[1] != "bool":
            return self.err(node.operand, "TB404", f"not 后面必须是真/假判断，这里是{_ZH[typed[1]]}",
                            f"the operand of not must be true/false, this is a {typed[1]}")
        return typed and (("not", typed[0]), "bool")

    def setlit(self, node, depth):
        values = [self.visit(e, depth) for e in node.elts]
        for e, typed in zip(node.elts, values):
            if typed and typed[0][0] != "const":
                return self.syntax(e, "集合 {…} 中只能写字面量", "a set {…} may only hold literals")
        if not all(values):
            return None
        kinds = {"strset" if t == "str" else "numset" if t in _NUM else t for _, t in values}
        if len(kinds) != 1 or kinds <= {"bool"}:
            return self.err(node, "TB404", "集合 {…} 中的元素必须都是文本或都是数字",
                            "a set {…} must hold only strings or only numbers")
        return ("const", frozenset(ir[1] for ir, _ in values)), kinds.pop()

    def compare(self, node, depth):
        nodes = [node.left, *node.comparators]
        typed = [self.visit(n, depth) for n in nodes]
        parts = []
        for i, op in enumerate(node.ops):
            sym = _CMP.get(type(op))
            if sym is None:
                return self.syntax(node, "不支持 is / is not，请用 == / !=", "use == / != instead of is / is not")
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
            if not self.known_region(at, lit[1]):
                return None
            ok = True
        else:
            ok = False
        if ok:
            return ("cmp", sym, lir, rir)
        hint, hint_en = "", ""
        if sym in ("<", "<=", ">", ">="):
            hint, hint_en = "只有数字和日期可以比较大小", "only numbers and dates can be ordered"
        if "str" in (lt, rt) and "date" in (lt, rt):
            hint, hint_en = '日期要写成 date("2025-05-10")', 'write dates as date("2025-05-10")'
        self.err(ln, "TB404", f"不能用 {sym} 比较{_ZH[lt]}和{_ZH[rt]}",
                 f"cannot compare {lt} with {rt} using {sym}", hint, hint_en)

    def declared(self, typed, other_node, other) -> bool:
        """An enum compared with a literal: the literal(s) must be declared values."""
        (ir, kind), (_, okind) = typed, other
        if kind not in ("enum", "set") or okind not in ("str", "strset"):
            return True
        values = tuple(self.facts[ir[1]].values or ())
        lits = other_node.elts if okind == "strset" else [other_node]
        for lit in lits:
            if lit.value not in values:
                hint, hint_en = _suggest(lit.value, values)
                self.err(lit, "TB404", f"“{lit.value}”不是 {ir[1]} 的取值（{'、'.join(values)}）",
                         f'"{lit.value}" is not a value of {ir[1]} ({", ".join(values)})', hint, hint_en)
                return False
        return True

    def member(self, ln, left, rn, right):
        (lir, lt), (rir, rt) = left, right
        if rt == "regions" and lt == "region":
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
        hint, hint_en = "", ""
        if lt == "region":
            hint, hint_en = '行政区划请用 region("…")、province("…") 或 group("…")', \
                'for regions use region("…"), province("…") or group("…")'
        self.err(ln, "TB404", f"不能判断{_ZH[lt]}是否在{_ZH[rt]}中", f"cannot test {lt} in {rt}",
                 hint, hint_en)

    def call(self, node, depth):
        if not isinstance(node.func, ast.Name):
            return self.syntax(node, "只能调用内置函数", "only built-in functions can be called")
        name = node.func.id
        if name not in FUNCTIONS:
            hint, hint_en = _suggest(name, FUNCTIONS)
            if name in _ALIASES:
                hint, hint_en = f"请用 {_ALIASES[name]}()", f"use {_ALIASES[name]}()"
            return self.err(node, "TB405", f"未知函数：{name}", f"unknown function: {name}", hint, hint_en)
        params, result = FUNCTIONS[name]
        if self.regions is None and result in ("regions", "region"):
            return self.err(node, "TB406", "未提供行政区划登记，不能使用区划函数",
                            "no region registry was given; region functions are unavailable")
        if node.keywords or len(node.args) != len(params):
            return self.err(node, "TB405", f"{name} 需要 {len(params)} 个参数",
                            f"{name} takes {len(params)} argument(s)", "", "")
        if params == ("str",):
            arg = node.args[0]
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                return self.err(arg, "TB405", f'{name} 的参数必须是带引号的文本，如 {name}("…")',
                                f'the argument of {name} must be a quoted string: {name}("…")')
            return self.literal_call(name, arg, result)
        args = [self.visit(a, depth) for a in node.args]
        for a, typed, want in zip(node.args, args, params):
            if typed and typed[1] != want:
                return self.err(a, "TB405", f"{name} 的参数应为{_ZH[want]}，这里是{_ZH[typed[1]]}",
                                f"{name} expects a {want}, got a {typed[1]}")
        if not all(args):
            return None
        irs = tuple(a[0] for a in args)
        if name in _DATE_FNS:
            return ("call", name, _DATE_FNS[name], irs + (("on",),)), result
        if name == "province_of":
            return ("call", name, self.regions.province_of, irs), result
        return (("on",) if name == "decision_date" else ("call", name, len, irs)), result

    def literal_call(self, name, arg, result):
        value = arg.value
        if name == "date":
            d = _iso_date(value)
            return (("const", d), result) if d else self.err(
                arg, "TB405", f"不是有效日期：{value}（格式 YYYY-MM-DD）",
                f"not a valid date: {value} (format YYYY-MM-DD)")
        if name == "group":
            members = self.regions.group(value)
        elif self.known_region(arg, value):
            is_province = self.regions.province_of(value) == value
            members = frozenset([value]) if name == "region" or is_province else None
        else:
            return None
        if members:
            return ("regions", tuple(sorted(members))), result
        what = "省级行政区划代码" if name == "province" else "区域组"
        self.err(arg, "TB406", f"“{value}”不是已登记的{what}", f'"{value}" is not a known {name}')

    def known_region(self, node, code) -> bool:
        if self.regions is not None and self.regions.is_known(code):
            return True
        self.err(node, "TB406", f"未知的行政区划代码：{code}", f"unknown region code: {code}",
                 "请使用 GB/T 2260 六位代码，并在 regions 登记表中登记", "use a registered 6-digit GB/T 2260 code")
        return False

    HANDLERS = {ast.Constant: constant, ast.Name: fact, ast.BoolOp: boolop, ast.UnaryOp: unaryop,
                ast.Set: setlit, ast.Compare: compare, ast.Call: call}


# ---------------------------------------------------------------- compiling


class _Gen:
    """Writes Python source for IR nodes: ``fast`` assumes every fact is present, ``kleene`` not."""

    def __init__(self):
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


def _build(conditions: Sequence["Condition"], single: bool):
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


class Condition:
    """A checked condition.  ``evaluate(facts, on)`` returns True, False or None (unknown).

    The Python code is generated and compiled on first use: checking a large rule set at load
    time should not pay ``compile()`` for conditions no decision asks about.
    """

    __slots__ = ("text", "facts", "ir", "source", "evaluate")

    def __init__(self, text: str, ir: tuple, facts: tuple[str, ...]):
        self.text, self.ir, self.facts = text, ir, facts

    def __getattr__(self, name: str):
        if name not in ("evaluate", "source"):
            raise AttributeError(name)
        self.evaluate, self.source = _build([self], single=True)
        return getattr(self, name)

    def __repr__(self) -> str:
        return f"Condition({self.text!r})"


def check(text: str, facts: Mapping[str, FactSpec],
          regions: RegionIndex | None = None) -> tuple[Condition | None, list[ExprError]]:
    """Parse, type-check and compile ``text``; never raises for any input string."""
    if not isinstance(text, str):
        return None, [ExprError("TB402", "条件表达式必须是文本", "a condition must be a string", "", "", 1, 0)]
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

    The function is generated and compiled on its first call (see ``Condition``)."""
    return _LazyAll(list(conditions))


class _LazyAll:
    __slots__ = ("conditions", "function")

    def __init__(self, conditions: list[Condition]):
        self.conditions, self.function = conditions, None

    def __call__(self, facts: Mapping[str, object], on: date) -> tuple:
        function = self.function
        if function is None:
            function = self.function = _build(self.conditions, single=False)[0]
        return function(facts, on)


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


def validate_fact_value(spec: FactSpec, value: object, regions: RegionIndex | None = None) -> object:
    """Check (and normalise) a value given for ``spec``; raises ``DecisionError("TB410")``."""
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
    if kind == "region" and isinstance(value, str) and re.fullmatch(r"[0-9]{6}", value) and (
            regions is None or regions.is_known(value)):
        return value
    if kind == "set" and isinstance(value, (list, tuple, set, frozenset)) and all(
            isinstance(v, str) and v in values for v in value):
        return frozenset(value)
    allowed = f"（允许：{'、'.join(values)}）" if values else ""
    raise DecisionError(
        "TB410", f"事实 {spec.id} 应为{_ZH.get(kind, kind)}{allowed}，收到 {value!r}",
        f"fact {spec.id} must be a {kind}{' in ' + ', '.join(values) if values else ''}, got {value!r}")
