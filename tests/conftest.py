from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
DEMO_ITEM = MINIMAL / "items" / "demo" / "demo-item.yaml"


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A fresh copy of the minimal, valid rule set to break in one place."""
    target = tmp_path / "rules"
    shutil.copytree(MINIMAL, target)
    return target


def demo_item_text() -> str:
    return DEMO_ITEM.read_text(encoding="utf-8")
