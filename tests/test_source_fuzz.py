"""Hypothesis: whatever the bytes, the loader answers with diagnostics and never raises."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongban_rules.diagnostics import Diagnostic
from tongban_rules.load.loader import load_file
from tongban_rules.source.read import read_source

from .conftest import demo_item_text

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DEMO = demo_item_text()

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=20),
    st.sampled_from(["yes", "no", "on", "off", "0510", "1e3", "2025-05-10", "~", "0x1F", "1:30", ".nan"]),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=20,
)


def _check(diags: list[Diagnostic]) -> None:
    for d in diags:
        assert d.code.startswith("TB") and len(d.code) == 5
        assert d.line >= 1 and d.column >= 1 and d.message


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    parsed = read_source(data, "x.yaml")
    _check(parsed.diagnostics)


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    parsed = read_source(text.encode("utf-8", "surrogatepass"), "x.yaml")
    _check(parsed.diagnostics)


@FUZZ
@given(structures)
def test_yaml_structures_through_the_whole_file_pipeline(tmp_path_factory, value) -> None:
    folder = tmp_path_factory.mktemp("fuzz") / "items" / "demo"
    folder.mkdir(parents=True)
    path = folder / "demo-item.yaml"
    path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    result = load_file(path, "items/demo/demo-item.yaml", str(path))
    _check(result.diagnostics)
    assert result.model is None or not result.diagnostics


@FUZZ
@given(st.integers(min_value=0, max_value=len(DEMO) - 1), st.text(max_size=6))
def test_mutated_real_item_never_raises(tmp_path_factory, index: int, insert: str) -> None:
    folder = tmp_path_factory.mktemp("mut") / "items" / "demo"
    folder.mkdir(parents=True)
    path = folder / "demo-item.yaml"
    path.write_text(DEMO[:index] + insert + DEMO[index + 1:], encoding="utf-8", errors="surrogatepass")
    result = load_file(path, "items/demo/demo-item.yaml", str(path))
    _check(result.diagnostics)
    for d in result.diagnostics:  # positions point inside the file
        assert d.line <= path.read_text(encoding="utf-8", errors="replace").count("\n") + 2


def test_positions_are_lazy_and_fall_back_to_ancestors(tmp_path: Path) -> None:
    parsed = read_source(DEMO.encode(), "demo.yaml")
    assert parsed.diagnostics == []
    line = DEMO[: DEMO.index("amount: 40")].count("\n") + 1
    assert parsed.source.position(("fees", "entries", 1, "amount"))[0] == line
    # a path below an existing one falls back to the nearest ancestor
    assert parsed.source.position(("fees", "entries", 1, "nope", 3))[0] == line
