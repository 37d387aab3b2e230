"""``tongban_rules.render`` and ``tongban render``: API, goldens, escaping, determinism, atomicity.

Golden files live in ``tests/golden/``; refresh them with ``TONGBAN_UPDATE_GOLDEN=1 pytest
tests/test_render.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import ChoiceLoader, DictLoader

from tongban_rules.cli.main import main
from tongban_rules.load.loader import load_rules, load_tree
from tongban_rules.render import RenderError, build_site, output, render
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


# ------------------------------------------------------------------ escaping


HOSTILE = '<script>alert(1)</script>{{ 7*7 }}{% if 1 %}x{% endif %}[链接](javascript:alert(1))|a|'


def test_rule_text_is_shown_literally(rules: Path, tmp_path: Path) -> None:
    with_item(rules, "name: 示例事项", f"name: '示例{HOSTILE}'")
    with_item(rules, "text: 年满16周岁", f"text: '年满16周岁{HOSTILE}'")
    with_item(rules, "status: reviewed", f"status: reviewed\nnote: '# 标题 {HOSTILE}'")
    paths = render(load_rules(rules), tmp_path / "out", workers=1)
    htmls = [p for p in paths if p.suffix == ".html"]
    own = re.compile(r'<script (type="module" )?src="(\.\./)*assets/[a-z-]+\.js"( defer| type="module")*></script>')
    for page in htmls:
        assert "<script" not in own.sub("", page.read_text(encoding="utf-8")), page
    guide = (tmp_path / "out/items/demo-item/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}{% if 1 %}x{% endif %}" in guide
    assert "<title>示例&lt;script&gt;" in guide
    md = (tmp_path / "out/items/demo-item/guide.md").read_text(encoding="utf-8")
    assert "<script" not in md
    assert r"&lt;script&gt;alert\(1\)&lt;/script&gt;{{ 7\*7 }}{% if 1 %}x{% endif %}\[链接\]\(javascript:alert\(1\)\)\|a\|" in md
    assert "\n# 标题" not in md and "说明：\\# 标题" in md


def test_md_escape_keeps_one_line_and_no_markup() -> None:
    assert env_module.md_escape("a\n\n# b *c* <i>") == r"a # b \*c\* &lt;i&gt;"
    assert env_module.md_escape("1. x") == r"1\. x"
    assert env_module.md_escape("- x") == r"\- x"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab中文 \n\t\u3000\\`*_[]()|~&<>#+=-.1234567890!{}"), max_size=30))
def test_md_escape_output_is_inert(text: str) -> None:
    out = env_module.md_escape(text)
    assert "\n" not in out and "<" not in out and ">" not in out
    bare = re.sub(r"\\.", "", out)  # drop every backslash escape
    assert not set(bare) & set("\\`*_[]()|~"), out
    assert not re.match(r"\s*(?:[#>+=-]|\d+[.)])", out), out  # cannot start a heading, quote or list
    assert env_module.md_escape(" ".join(text.split())) == out  # the fast path agrees with the slow one


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


# ------------------------------------------------------------------ as_of


def test_as_of_picks_the_version_in_force(tmp_path: Path) -> None:
    rules = load_rules(ROOT / "rules")
    versions = rules.items["marriage-registration"]
    assert len(versions) >= 2
    old = versions[0]
    render(rules, tmp_path / "old", as_of=old.effective_from, workers=1)
    render(rules, tmp_path / "new", workers=1)
    old_page = (tmp_path / "old/items/marriage-registration/index.html").read_text(encoding="utf-8")
    new_page = (tmp_path / "new/items/marriage-registration/index.html").read_text(encoding="utf-8")
    assert f"{old.effective_from.isoformat()}（本页）" in old_page
    newest = versions[-1].effective_from.isoformat()
    assert (tmp_path / f"old/items/marriage-registration/versions/{newest}.json").is_file()
    assert f'href="../../items/marriage-registration/versions/{newest}.json"' in old_page
    assert f"{versions[-1].effective_from.isoformat()}（本页）" in new_page
    assert f"按 {old.effective_from.isoformat()} 施行的规则生成" in old_page
    assert "施行的规则生成" not in new_page  # no date without --as-of


def test_progress_overdue_only_with_as_of(rules: Path, tmp_path: Path) -> None:
    ruleset = load_rules(rules)
    render(ruleset, tmp_path / "plain", workers=1)
    render(ruleset, tmp_path / "dated", as_of=date(2026, 1, 5), workers=1)
    plain = (tmp_path / "plain/lists/progress.html").read_text(encoding="utf-8")
    dated = (tmp_path / "dated/lists/progress.html").read_text(encoding="utf-8")
    assert "逾期" not in plain and "2026-01-05" not in plain
    assert ">逾期</th>" in dated and "截至 2026-01-05" in dated


def test_item_not_in_force_is_listed_not_rendered(rules: Path, tmp_path: Path) -> None:
    render(load_rules(rules), tmp_path / "out", as_of=date(2024, 6, 1), workers=1)
    assert not (tmp_path / "out/items/demo-item").exists()
    assert "在该日期没有施行版本的事项" in (tmp_path / "out/index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ build_site and the CLI


def test_build_site_refuses_rules_with_errors(rules: Path, tmp_path: Path) -> None:
    item = rules / "items/demo/demo-item.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("department: police", "departmnt: police"), encoding="utf-8")
    result = build_site(rules, tmp_path / "out")
    assert not result.ok and result.paths == [] and not (tmp_path / "out").exists()


def test_build_site_extra_checks(rules: Path, tmp_path: Path) -> None:
    from tongban_rules.diagnostics import Diagnostic, Severity

    finding = Diagnostic(code="TB999", severity=Severity.ERROR, file="x.yaml", line=1, column=1, message="检查失败")
    result = build_site(rules, tmp_path / "out", checks=lambda rs: [finding])
    assert not result.ok and finding in result.diagnostics and not (tmp_path / "out").exists()


def test_cli_render(capsys, rules: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    code = main(["render", str(rules), "-o", str(out), "--as-of", "2025-06-01"])
    _, err = capsys.readouterr()
    assert code == 0 and "个文件" in err and (out / "index.html").exists()
    assert "2025-06-01" in (out / "lists/progress.html").read_text(encoding="utf-8")


def test_cli_render_refuses_invalid_rules(capsys, rules: Path, tmp_path: Path) -> None:
    item = rules / "items/demo/demo-item.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("department: police", "departmnt: police"), encoding="utf-8")
    out = tmp_path / "site"
    code = main(["render", str(rules), "-o", str(out)])
    stdout, err = capsys.readouterr()
    assert code == 1 and stdout == "" and not out.exists()
    assert ":1:1: TB202 缺少必填的键: department" in err and "未生成指南" in err


def test_progress_printer_writes_one_line() -> None:
    import io

    from tongban_rules.cli.render import progress_printer

    stream = io.StringIO()
    report = progress_printer(stream)
    report(1, 2)
    report(2, 2)
    assert stream.getvalue() == "\r渲染 1/2\r渲染 2/2\n"


def test_cli_render_bad_date_is_usage_error(rules: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["render", str(rules), "-o", str(tmp_path / "x"), "--as-of", "2025-13-01"])
    assert exc.value.code == 2


def test_cli_render_failure_exit_1(capsys, rules: Path, tmp_path: Path, monkeypatch) -> None:
    from benchmarks.synthetic import make_rules

    rules = make_rules(tmp_path / "synthetic", 25)
    monkeypatch.setattr(env_module, "make_environment", _broken_environment(env_module.make_environment))
    code = main(["render", str(rules), "-o", str(tmp_path / "x"), "-j", "1"])
    assert code == 1 and "渲染失败" in capsys.readouterr().err


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
