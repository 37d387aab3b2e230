"""Hostile files in a rules tree: nothing is read from outside it, nothing blocks or exhausts memory.

Each test reproduces one defect of issue 12: a symbolic link out of the tree was followed (its
content echoed in diagnostics), ``/dev/zero`` or a huge file was read whole before the size check,
a FIFO made ``validate`` wait forever, a non-UTF-8 file name crashed the loader.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tongban_rules import validate
from tongban_rules.cli.main import main
from tongban_rules.source.read import MAX_BYTES

DEMO = Path("items") / "demo" / "demo-item.yaml"


def codes_at(rules: Path, rel: str) -> list[str]:
    return [d.code for d in validate(rules, cache=False) if d.file.endswith(rel)]


def test_a_link_out_of_the_tree_is_refused_unread(rules: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: AKIA-SECRET-TOKEN\n", encoding="utf-8")
    link = rules / "items" / "demo" / "leak.yaml"
    link.symlink_to(secret)
    diags = [d for d in validate(rules, cache=False) if d.file.endswith("leak.yaml")]
    assert [d.code for d in diags] == ["TB010"]
    assert all("AKIA" not in d.message for d in validate(rules, cache=False))


def test_a_link_inside_the_tree_is_read(rules: Path) -> None:
    (rules / ".shared").mkdir()  # a hidden folder: not read as rules itself
    shutil.move(rules / DEMO, rules / ".shared" / "demo-item.yaml")
    (rules / DEMO).symlink_to(Path("../../.shared/demo-item.yaml"))
    assert [d for d in validate(rules, cache=False) if d.severity.value == "error"] == []


def test_a_link_to_an_endless_device_is_refused(rules: Path) -> None:
    (rules / "items" / "demo" / "zero.yaml").symlink_to("/dev/zero")
    assert codes_at(rules, "zero.yaml") == ["TB010"]


def test_a_fifo_does_not_block(rules: Path) -> None:
    os.mkfifo(rules / "items" / "demo" / "pipe.yaml")
    assert codes_at(rules, "pipe.yaml") == ["TB011"]


def test_a_big_file_is_refused_before_it_is_read(rules: Path) -> None:
    big = rules / "items" / "demo" / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(4 * 1024**3)  # 4 GB, sparse: reading it whole would exhaust memory
    diags = [d for d in validate(rules, cache=False) if d.file.endswith("big.yaml")]
    assert [d.code for d in diags] == ["TB003"] and str(MAX_BYTES) in diags[0].message.replace(",", "")


def test_a_file_name_that_is_not_utf8_is_reported(rules: Path, capsys) -> None:
    name = os.fsencode(rules / "items" / "demo") + b"/\xbb\xa7\xbc\xae.yaml"  # 户籍 in GBK
    with open(name, "wb") as f:
        f.write(b"id: x\n")
    diags = [d for d in validate(rules, cache=False) if d.code == "TB012"]
    assert len(diags) == 1 and "\\xbb\\xa7" in diags[0].file
    assert main(["validate", str(rules), "--no-cache"]) == 1
    out = capsys.readouterr()
    assert "TB012" in out.out and "Traceback" not in out.err
