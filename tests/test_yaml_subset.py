"""The fast reader of the YAML subset agrees with the full reader, or declines.

The one property, checked on every bundled file, on generated documents in many styles and on
randomly damaged copies of real rule files: whenever ``yaml_subset.parse`` gives a value, the
full reader (libyaml's node tree + ``_Walker``) reports nothing and gives the same value.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tongban_rules.source import yaml_subset
from tongban_rules.source.read import _Loader, _Walker, read_source

import yaml

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted((ROOT / "rules").rglob("*.yaml"))
ALL_FILES = RULE_FILES + sorted((ROOT / "tests").rglob("*.yaml"))
TEXTS = [p.read_bytes().decode("utf-8-sig", errors="replace") for p in RULE_FILES]


def full(text: str):
    """The full reader's (value, diagnostics), without the fast path."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None, ["syntax"]
    if node is None:
        return None, ["empty"]
    walker = _Walker(text, "x.yaml")
    return walker.value(node, ()), walker.diagnostics


def canon(value) -> str:
    """repr keeps what == would hide: 1 vs True vs Decimal('1.0'), tuple vs list, key order."""
    return repr(value)


def agree_or_decline(text: str) -> bool:
    """The property; returns whether the fast reader took the text."""
    fast = yaml_subset.parse(text)
    if fast is yaml_subset.DECLINE:
        return False
    value, diagnostics = full(text)
    assert diagnostics == [], f"fast reader accepted a text the full reader reports: {diagnostics}\n{text}"
    assert canon(fast) == canon(value), f"values differ for:\n{text}\n fast: {fast!r}\n full: {value!r}"
    return True


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bundled_file(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    took = agree_or_decline(text)
    if path in RULE_FILES:  # the fast path must actually serve the real corpus
        assert took, f"{path} fell back to the full reader"


def test_synthetic_benchmark_files(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import make_rules

    root = make_rules(tmp_path / "r", 40)
    for path in sorted(root.rglob("*.yaml")):
        assert agree_or_decline(path.read_text(encoding="utf-8")), path


def test_read_source_uses_the_fast_value_and_still_reports_hazards() -> None:
    clean = "id: a\nname: 名称\ncount: 3\nrate: 1.50\nflag: true\nempty:\nlist: [x, 'y', \"z\"]\n"
    parsed = read_source(clean.encode(), "a.yaml")
    assert parsed.diagnostics == []
    assert parsed.value == {"id": "a", "name": "名称", "count": 3, "rate": Decimal("1.50"), "flag": True,
                            "empty": None, "list": ("x", "y", "z")}
    # every hazard still reaches its diagnostic through the full reader
    for text, code in [("a: 1\na: 2\n", "TB101"), ("a: yes\n", "TB102"), ("a: 0510\n", "TB103"),
                       ("a: 1e3\n", "TB104"), ("a: !!str x\n", "TB105"), ("a: &x 1\nb: *x\n", "TB106"),
                       ("<<: {a: 1}\n", "TB107"), ("a: [1, 2\n", "TB005"), ("a: 1\n---\nb: 2\n", "TB006")]:
        assert yaml_subset.parse(text) is yaml_subset.DECLINE, text
        assert code in [d.code for d in read_source(text.encode(), "x.yaml").diagnostics], text


@pytest.mark.parametrize("text, expected", [
    ("a: >-\n  one\n  two\nb: 1\n", {"a": "one two", "b": 1}),
    ("a: |\n  one\n    two\n", {"a": "one\n  two\n"}),
    ("a: |-\n  # not a comment\n", {"a": "# not a comment"}),
    ("a: >\n  x\n\n\nb: c\n", {"a": "x\n", "b": "c"}),
    ("k:\n- 1\n- - 2\n  - 3\nz: ok\n", {"k": (1, (2, 3)), "z": "ok"}),
    ("- 1\n", yaml_subset.DECLINE),  # the root is not a mapping: the full way
    ("a: {b: [1, {c: d}],\n  e: 'f''g'}  # c\n", {"a": {"b": (1, {"c": "d"}), "e": "f'g"}}),
    ("a: 'x'\r\nb: z\r\n", {"a": "x", "b": "z"}),
    ("---\na: 1\n", {"a": 1}),
    ("a: b\n  c\n", yaml_subset.DECLINE),  # a plain scalar over two lines
    ("a: \"x\\ty\"\n", yaml_subset.DECLINE),  # escapes
])
def test_examples(text: str, expected) -> None:
    got = yaml_subset.parse(text)
    assert got is expected if expected is yaml_subset.DECLINE else canon(got) == canon(expected)
    agree_or_decline(text)


# ------------------------------------------------------------------ generated documents

_ATOMS = ["a", "b", "名称", "申请人", " ", "  ", "#", " #", ":", ": ", "-", "- ", "[", "]", "{", "}", ",",
          "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", "?", "1", "0", ".", "e", "5", "yes", "no",
          "true", "null", "~", "\\", "\t", "\u3000", "x:y", "<<"]
_SAFE = ["a", "b", "名称", "申请人", "受理", " ", "1", "x", "第一条", "2025-01-01", "、", "（", "）"]
# mostly text the fast reader takes, sometimes anything: both sides of the property get exercised
_safe_text = st.lists(st.sampled_from(_SAFE), min_size=1, max_size=4).map("".join).map(str.strip).filter(bool)
_text = st.one_of(_safe_text, _safe_text, _safe_text, st.lists(st.sampled_from(_ATOMS), max_size=5).map("".join))
_scalar = st.one_of(_text, st.integers(-1000, 10**12), st.booleans(), st.none(),
                    st.decimals(allow_nan=False, allow_infinity=False, places=2))
_values = st.recursive(_scalar, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.dictionaries(_text, kids, max_size=4)), max_leaves=12)


@st.composite
def documents(draw) -> str:
    """A YAML text written from a random value in randomly chosen (possibly invalid) styles."""
    value = draw(st.dictionaries(_text, _values, min_size=1, max_size=5))
    step = draw(st.sampled_from([1, 2, 3, 4]))
    out: list[str] = []

    def scalar(v) -> str:
        if isinstance(v, str):
            style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
            if style == "single":
                return "'" + v.replace("'", "''") + "'"
            if style == "double":
                return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
            return v
        return {True: "true", False: "false", None: draw(st.sampled_from(["", "null", "~"]))}.get(v, str(v)) \
            if v is None or isinstance(v, bool) else str(v)

    def flow(v) -> str:
        sep = draw(st.sampled_from([", ", ",", ",\n    "]))
        if isinstance(v, list):
            return "[" + sep.join(flow(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + sep.join(f"{scalar(k)}: {flow(x)}" for k, x in v.items()) + "}"
        return scalar(v)

    def comment() -> str:
        return draw(st.sampled_from(["", "", "", "  # 注释", " #x", "#y"]))

    def block(v, indent: int) -> None:
        pad = " " * indent
        if isinstance(v, dict):
            for k, x in v.items():
                head = f"{pad}{scalar(k)}:"
                emit(head, x, indent)
        else:
            for x in v:
                emit(f"{pad}-", x, indent)
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(["", "", "", "   ", f"{pad}# 说明", f"{pad}# 说明", "#", "---", "..."])))

    def emit(head: str, x, indent: int) -> None:
        if isinstance(x, (dict, list)) and x and draw(st.booleans()):
            out.append(head + comment())
            same = isinstance(x, list) and head.lstrip()[:1] != "-" and draw(st.booleans())
            block(x, indent if same else indent + step)
        elif isinstance(x, (dict, list)):
            out.append(f"{head} {flow(x)}{comment()}")
        elif isinstance(x, str) and draw(st.integers(0, 4)) == 0:
            header = draw(st.sampled_from([">-", ">", "|", "|-", "|+", ">2"]))
            out.append(f"{head} {header}")
            for part in (x.split(" ") or [""]):
                out.append(" " * (indent + step) + part)
        else:
            out.append(f"{head} {scalar(x)}{comment()}".rstrip(" ") + draw(st.sampled_from(["", "", " "])))

    block(value, 0)
    return "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example("a: [x,\n  y]\n")
@example("a:\n- b: 1\n  c: 2\nd: 3\n")
@example("a: [, ]\n")  # found by a long run: an empty entry before a trailing comma
@example("a: {, }\n")
def test_generated_documents(text: str) -> None:
    agree_or_decline(text)


# ------------------------------------------------------------------ damaged real files

_SNIPPETS = ["\n", " ", "  ", ": ", ":", "- ", "-", "#", " #", "'", '"', "[", "]", "{", "}", ",", "&a ", "*a",
             "!t ", "|", ">-", "? ", "yes", "0510", "1e3", "\t", "\r\n", "\r", "\u2028", "\x85", "---\n",
             "...", "%YAML 1.1\n", "\ufeff", "  - x\n", "k: v\n", "<<: ", "\\"]


@st.composite
def damaged(draw) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "indent", "dedent", "swap"]))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(_SNIPPETS)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 6)):]
        else:
            start = text.rfind("\n", 0, at) + 1
            if kind == "indent":
                text = text[:start] + " " * draw(st.integers(1, 3)) + text[start:]
            elif kind == "dedent":
                text = text[:start] + text[start:].removeprefix(" ")
            else:  # swap this line with the next
                end = text.find("\n", start)
                nxt = text.find("\n", end + 1) if end >= 0 else -1
                if end >= 0 and nxt >= 0:
                    text = text[:start] + text[end + 1:nxt] + "\n" + text[start:end] + text[nxt:]
    return text


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(damaged())
def test_damaged_real_files(text: str) -> None:
    agree_or_decline(text)
