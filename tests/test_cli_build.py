"""``tongban build`` = check + render: refuses on any check error, renders otherwise."""

from __future__ import annotations

from pathlib import Path

from tongban_rules.cli.main import main


def test_build_renders_clean_rules(capsys, rules: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(rules), "-o", str(out), "--as-of", "2025-06-02"]) == 0
    err = capsys.readouterr().err
    assert "2025-06-02" in err and (out / "index.html").exists()
    assert (out / "items/demo-item/index.html").exists()


def test_build_refuses_when_a_check_fails(capsys, rules: Path, tmp_path: Path) -> None:
    item = rules / "items/demo/demo-item.yaml"
    # presence required but no visit: TB604, an error found by the checks, not by validation
    item.write_text(item.read_text(encoding="utf-8").replace("  visits: 1\n", "  visits: 0\n"), encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", str(rules), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "TB604" in err and not out.exists()


def test_build_leaves_previous_output_when_refusing(capsys, rules: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(rules), "-o", str(out)]) == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    item = rules / "items/demo/demo-item.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("department: police", "department: nobody"),
                    encoding="utf-8")
    assert main(["build", str(rules), "-o", str(out)]) == 1
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
