"""``tongban_rules.render`` and ``tongban render``: API, goldens, escaping, determinism, atomicity.

Golden files live in ``tests/golden/``; refresh them with ``TONGBAN_UPDATE_GOLDEN=1 pytest
tests/test_render.py`` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import ChoiceLoader, DictLoader

from tongban_rules.load.loader import load_rules, load_tree
from tongban_rules.render import RenderError, output, render
from tongban_rules.render import env as env_module

from .conftest import MINIMAL, ROOT
from .patching import with_item

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("TONGBAN_UPDATE_GOLDEN") == "1"


def golden_rules(target: Path) -> Path:
    """The minimal fixture, its item a draft (the reviewed page is online-demo's), plus
    ``tests/golden/extra/online-demo.yaml``."""
    shutil.copytree(MINIMAL, target)
    with_item(target, "status: reviewed", "status: draft")
    shutil.copy(GOLDEN / "extra" / "online-demo.yaml", target / "items" / "demo" / "online-demo.yaml")
    return target


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("golden")
    rules = golden_rules(base / "rules")
    render(load_rules(rules), base / "out", workers=1)
    return base / "out"


# ------------------------------------------------------------------ goldens


@pytest.mark.parametrize("rel, name", [
    ("items/demo-item/index.html", "demo-item.html"), ("items/demo-item/guide.md", "demo-item.md"),
    ("items/online-demo/index.html", "online-demo.html"), ("items/online-demo/guide.md", "online-demo.md"),
])
def test_golden(golden_site: Path, rel: str, name: str) -> None:
    actual = (golden_site / rel).read_text(encoding="utf-8")
    expected_path = GOLDEN / name
    if UPDATE:
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"no golden file {name}: run with TONGBAN_UPDATE_GOLDEN=1"
    assert actual == expected_path.read_text(encoding="utf-8"), (
        f"{rel} differs from tests/golden/{name}; if the change is intended, run TONGBAN_UPDATE_GOLDEN=1 pytest")


def test_page_set(golden_site: Path) -> None:
    files = set(tree(golden_site))
    for item in ("demo-item", "online-demo"):
        assert {f"items/{item}/index.html", f"items/{item}/guide.md", f"items/{item}/item.json"} <= files
        assert not any(f.startswith(f"items/{item}/versions/") for f in files)  # only one version
    assert "items/online-demo/online.html" in files and "items/online-demo/proxy.html" not in files
    assert "items/demo-item/proxy.html" in files and "items/demo-item/online.html" not in files
    assert {"index.html", "assets/style.css", "by/theme.html", "by/department.html", "by/mode.html", "by/scope.html",
            "lists/data-sharing.html", "lists/licences.html", "lists/presence.html", "lists/progress.html",
            "regions/index.html", "regions/510104/index.html", "regions/510104/notice.html",
            "regions/510104/items/demo-item/index.html", "regions/510104/items/demo-item/proxy.html",
            output.MARKER} <= files


def test_item_json_is_model_dump_with_sorted_keys(golden_site: Path) -> None:
    import json

    rules = load_rules(golden_rules(golden_site.parent / "again"))
    text = (golden_site / "items/online-demo/item.json").read_text(encoding="utf-8")
    assert json.loads(text) == rules.latest("online-demo").model_dump(mode="json")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def _json_reference(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def test_item_json_equals_json_dumps_for_every_bundled_item() -> None:
    from tongban_rules.render.pages import item_json

    for item in load_rules(ROOT / "rules").all_items():
        assert item_json(item) == _json_reference(item.model_dump(mode="json")), item.id


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=5), st.one_of(
    st.text(), st.integers(-10**6, 10**6), st.booleans(), st.none(), st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.text(max_size=3), st.text(max_size=5), max_size=3)), max_size=5))
def test_fast_json_matches_json_dumps(value: dict) -> None:
    from pydantic_core import to_json

    from tongban_rules.render.pages import _sorted

    assert to_json(_sorted(value), indent=2).decode("utf-8") + "\n" == _json_reference(value)


def test_guide_sections(golden_site: Path) -> None:
    page = (golden_site / "items/online-demo/index.html").read_text(encoding="utf-8")
    headings = ("办事要点", "申请材料", "办理流程", "办理时限", "收费标准", "受理条件", "办理方式",
                "是否需要到现场", "结果与送达", "咨询与监督", "事项要素", "版本与来源")
    found = [page.index(f">{heading}</h2>") for heading in headings]
    assert found == sorted(found)  # citizen-first: the summary card first, the elements near the end
    assert "<svg" in page and "办理流程图：网上申请 → 审核 → 送达" in page
    assert "<strong>以窗口公示为准</strong>" in page  # the legal time limit is not known
    assert "不收费" in page and "“是否委托代理人办理”为是" in page
    local = (golden_site / "regions/510104/items/demo-item/index.html").read_text(encoding="utf-8")
    assert "锦江区政务服务中心" in local and "本地（锦江区）可用" in local


# ------------------------------------------------------------------ determinism and parallelism


def test_deterministic_and_parallel_identical(tmp_path: Path, monkeypatch) -> None:
    import tongban_rules.render as render_module
    from benchmarks.synthetic import make_rules

    rules = load_rules(make_rules(tmp_path / "rules", 60, regional_lists=1))
    monkeypatch.setattr(render_module, "PARALLEL_MIN", 1)
    monkeypatch.setattr(render_module, "CHUNK", 7)
    render(rules, tmp_path / "one", workers=1)
    render(rules, tmp_path / "two", workers=2)
    render(rules, tmp_path / "again", workers=2)
    one = tree(tmp_path / "one")
    assert len(one) > 60 * 4
    assert one == tree(tmp_path / "two") == tree(tmp_path / "again")


def test_pool_work_outside_a_worker_is_refused() -> None:
    import tongban_rules.render as render_module

    assert render_module._worker is None  # set only in the workers, never in this process
    with pytest.raises(RuntimeError, match="pool worker"):
        render_module._work([("home",)])


def test_progress_reports_every_unit(rules: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    render(load_rules(rules), tmp_path / "out", progress=lambda d, t: seen.append((d, t)), workers=1)
    assert seen and seen[-1][0] == seen[-1][1] and all(t == seen[0][1] for _, t in seen)


# ------------------------------------------------------------------ atomicity


def _broken_environment(real):
    def factory(template_dir=None):
        environment = real(template_dir)
        # only the 21st item's checklist fails: twenty items' files are already written by then
        broken = '{% if page.id == "synthetic-20" %}{{ page.no_such_key }}{% endif %}'
        environment.loader = ChoiceLoader([DictLoader({"proxy.html": broken}), environment.loader])
        return environment

    return factory


@pytest.mark.parametrize("workers", [1, 2])
def test_failed_render_leaves_previous_output(tmp_path: Path, monkeypatch, workers: int) -> None:
    import tongban_rules.render as render_module
    from benchmarks.synthetic import make_rules

    rules = load_rules(make_rules(tmp_path / "rules", 30))
    out = tmp_path / "guides_out"
    render(rules, out, workers=1)
    before = tree(out)
    written: list[str] = []
    real_write = render_module.write
    monkeypatch.setattr(render_module, "write",
                        lambda root, rel, text, made: (written.append(rel), real_write(root, rel, text, made)))
    monkeypatch.setattr(render_module, "PARALLEL_MIN", 1)
    monkeypatch.setattr(env_module, "make_environment", _broken_environment(env_module.make_environment))
    with pytest.raises(RenderError, match=r"proxy|no_such_key"):
        render(rules, out, workers=workers)
    if workers == 1:
        assert written, "the failure should come after some files were written"
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guides_out", "rules"]  # no staging folder left


def test_refuses_to_replace_a_foreign_folder(rules: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(RenderError, match="tongban render"):
        render(load_rules(rules), precious, workers=1)
    assert (precious / "keep.txt").read_text(encoding="utf-8") == "x"


def test_rerender_replaces_stale_files(rules: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(load_rules(rules), out, workers=1)
    (out / "items" / "stale.html").write_text("old", encoding="utf-8")
    render(load_rules(rules), out, workers=1)
    assert not (out / "items" / "stale.html").exists()


# ------------------------------------------------------------------ the committed guides_out/


def test_committed_guides_out_is_current(tmp_path: Path) -> None:
    ruleset, diagnostics = load_tree(ROOT / "rules")
    assert ruleset is not None and not [d for d in diagnostics if d.severity.value == "error"], \
        "rules/ has errors: guides_out/ cannot be rendered"
    render(ruleset, tmp_path / "guides_out")
    fresh, committed = tree(tmp_path / "guides_out"), tree(ROOT / "guides_out")
    stale = sorted(k for k in fresh.keys() | committed.keys() if fresh.get(k) != committed.get(k))
    assert not stale, (f"guides_out/ is not what `tongban render` makes from rules/ ({len(stale)} files differ, "
                       f"e.g. {stale[:5]}); run `tongban render rules -o guides_out`")


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    """Compiled templates are kept for the process, but a template whose source changed is
    compiled again, for the HTML and the Markdown environment alike."""
    from tongban_rules.render.env import make_environment

    for name in ("page.html", "page.md"):
        (tmp_path / name).write_text("one {{ x }}", encoding="utf-8")
    first = make_environment(tmp_path)
    assert first.get_template("page.html").render(x="<b>") == "one &lt;b&gt;"
    assert first.markdown.get_template("page.md").render(x="a") == "one a"
    for name in ("page.html", "page.md"):
        (tmp_path / name).write_text("two {{ x }}", encoding="utf-8")
    again = make_environment(tmp_path)
    assert again.get_template("page.html").render(x="<b>") == "two &lt;b&gt;"
    assert again.markdown.get_template("page.md").render(x="a") == "two a"
