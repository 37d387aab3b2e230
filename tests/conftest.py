from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
DEMO_ITEM = MINIMAL / "items" / "demo" / "demo-item.yaml"


@pytest.fixture(autouse=True, scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory):
    """Tests never touch the user's cache: every load in this session (subprocesses included,
    through the environment) caches into one directory of its own."""
    patch = pytest.MonkeyPatch()
    patch.setenv("TONGBAN_CACHE_DIR", str(tmp_path_factory.mktemp("tongban-cache")))
    patch.delenv("TONGBAN_NO_CACHE", raising=False)
    yield
    patch.undo()


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A fresh copy of the minimal, valid rule set to break in one place."""
    target = tmp_path / "rules"
    shutil.copytree(MINIMAL, target)
    return target


def demo_item_text() -> str:
    return DEMO_ITEM.read_text(encoding="utf-8")
