"""The render output under faults: kills between steps, concurrent renders, links, OS errors.

Each test reproduces one defect found by a red-team pass (issue 12) and asserts what must hold
instead: ``-o`` is never left missing, the rules are never touched, a second render never
crashes, OS errors are coded and leave the old output as it was.
"""

from __future__ import annotations

import errno
import multiprocessing as mp
import os
import shutil
from pathlib import Path

import pytest

from tongban_rules.cli.main import main
from tongban_rules.load.loader import load_rules
from tongban_rules.render import RenderError, output, render

from .conftest import MINIMAL


@pytest.fixture(scope="module")
def ruleset():
    return load_rules(MINIMAL)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def hidden(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def _die_between_the_renames(rules_dir: str, out: str) -> None:
    """In a child process: render without the atomic exchange and die right after ``-o`` moved away."""
    real = os.rename
    calls = []

    def rename(src, dst, *args, **kwargs):
        real(src, dst, *args, **kwargs)
        calls.append(dst)
        if Path(str(src)) == Path(out):  # the old output has just been moved aside: kill -9 here
            os._exit(9)

    os.rename = rename
    staging = output.staging

    def no_exchange(target, **kwargs):
        return staging(target, **{**kwargs, "exchange": False})

    import tongban_rules.render as render_module

    render_module.staging = no_exchange
    render(load_rules(rules_dir), out, workers=1)
    os._exit(0)


def _kill_between_renames(out: Path) -> None:
    child = mp.get_context("fork").Process(target=_die_between_the_renames, args=(str(MINIMAL), str(out)))
    child.start()
    child.join(60)
    assert child.exitcode == 9


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_run(ruleset, tmp_path: Path) -> None:
    out = tmp_path / "site"
    render(ruleset, out, workers=1)
    before = snapshot(out)
    _kill_between_renames(out)
    assert not out.exists()  # the state a kill leaves on a platform without the exchange
    assert any(name.startswith(".site.old-") for name in hidden(tmp_path))
    output.recover(out)
    assert snapshot(out) == before  # a complete site is back (old and new are the same render)
    assert (out / output.MARKER).is_file()
    assert hidden(tmp_path) == []


def test_a_failing_render_after_a_kill_still_gives_back_the_output(ruleset, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "site"
    render(ruleset, out, workers=1)
    _kill_between_renames(out)

    def broken(*args):
        raise RuntimeError("template bug")

    monkeypatch.setattr("tongban_rules.render._run", broken)
    with pytest.raises(RuntimeError):
        render(ruleset, out, workers=1)
    assert (out / output.MARKER).is_file() and (out / "index.html").is_file()
    assert hidden(tmp_path) == []


def test_the_swap_is_one_exchange_where_the_system_has_it(ruleset, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "site"
    render(ruleset, out, workers=1)
    moved: list[str] = []
    real = os.rename
    monkeypatch.setattr(os, "rename", lambda a, b: (moved.append(str(b)), real(a, b))[1])
    render(ruleset, out, workers=1)
    if output._libc() is None:
        pytest.skip("no renameat2 on this system")
    assert str(out) not in moved  # -o was never renamed away: it was exchanged in one step
    assert hidden(tmp_path) == []


def test_leftovers_of_killed_renders_are_removed(ruleset, tmp_path: Path) -> None:
    out = tmp_path / "site"
    render(ruleset, out, workers=1)
    for name in (".site.new-abc123", ".site.old-def456"):
        (tmp_path / name / "items").mkdir(parents=True)
    (tmp_path / ".other.new-1").mkdir()  # another output's: not ours to remove
    render(ruleset, out, workers=1)
    assert hidden(tmp_path) == [".other.new-1"]


@pytest.mark.parametrize("layout", ["rules-inside-output", "output-is-rules", "output-inside-rules"])
def test_an_output_overlapping_the_rules_is_refused(tmp_path: Path, layout: str) -> None:
    site = tmp_path / "site"
    rules_dir = {"rules-inside-output": site / "rules", "output-is-rules": site,
                 "output-inside-rules": site}[layout]
    shutil.copytree(MINIMAL, rules_dir)
    (site / output.MARKER).write_text(output.MARKER_TEXT, encoding="utf-8")  # looks like an old render
    out = {"rules-inside-output": site, "output-is-rules": site, "output-inside-rules": site / "guides"}[layout]
    before = snapshot(rules_dir)
    with pytest.raises(RenderError) as caught:
        render(load_rules(rules_dir), out, workers=1)
    assert caught.value.code == "TB031"
    assert snapshot(rules_dir) == before


def test_an_output_link_is_followed_and_kept(ruleset, tmp_path: Path) -> None:
    real_dir = tmp_path / "versions" / "current"
    real_dir.mkdir(parents=True)
    (real_dir / "stale.html").write_text("old", encoding="utf-8")
    (real_dir / output.MARKER).write_text(output.MARKER_TEXT, encoding="utf-8")
    link = tmp_path / "site"
    link.symlink_to(real_dir, target_is_directory=True)
    render(ruleset, link, workers=1)
    assert link.is_symlink() and os.readlink(link) == str(real_dir)
    assert (real_dir / "index.html").is_file() and not (real_dir / "stale.html").exists()


def test_a_dangling_output_link_is_refused(ruleset, tmp_path: Path) -> None:
    link = tmp_path / "site"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(RenderError) as caught:
        render(ruleset, link, workers=1)
    assert caught.value.code == "TB033"
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


def test_a_second_render_waits_and_gives_up_with_a_code(ruleset, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "site"
    render(ruleset, out, workers=1)
    before = snapshot(out)
    monkeypatch.setattr(output, "LOCK_WAIT", 0.3)
    with output.locked(tmp_path):  # another render holds the output
        with pytest.raises(RenderError) as caught:
            render(ruleset, out, workers=1)
    assert caught.value.code == "TB032"
    assert snapshot(out) == before and hidden(tmp_path) == []


def _render_into(out: str, queue) -> None:
    try:
        render(load_rules(MINIMAL), out, workers=1)
        queue.put("ok")
    except BaseException as exc:  # report anything to the parent
        queue.put(f"{type(exc).__name__}: {exc}")


def test_two_renders_at_once_both_finish(tmp_path: Path) -> None:
    out = tmp_path / "site"
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    children = [ctx.Process(target=_render_into, args=(str(out), queue)) for _ in range(2)]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    assert sorted(queue.get(timeout=5) for _ in children) == ["ok", "ok"]
    assert (out / "index.html").is_file() and hidden(tmp_path) == []


def test_an_os_error_is_coded_and_keeps_the_old_output(ruleset, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "site"
    render(ruleset, out, workers=1)
    before = snapshot(out)

    def full_disk(root, rel, text, made=None):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(root / rel))

    monkeypatch.setattr("tongban_rules.render.write", full_disk)
    with pytest.raises(RenderError) as caught:
        render(ruleset, out, workers=1)
    assert caught.value.code == "TB034" and "No space left" in caught.value.message
    assert snapshot(out) == before and hidden(tmp_path) == []


def test_an_output_under_a_file_is_a_coded_error_from_the_command(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code = main(["render", str(MINIMAL), "-o", str(blocker / "site")])
    err = capsys.readouterr().err
    assert code == 1
    assert "TB034" in err and "Traceback" not in err
    assert blocker.read_text(encoding="utf-8") == "x"
