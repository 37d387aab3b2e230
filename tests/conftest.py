from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
DEMO_ITEM = MINIMAL / "items" / "demo" / "demo-item.yaml"
_SAVED = pytest.StashKey[dict]()

# Hypothesis: a property run once for every bundled item (``per_item``) takes 25 examples per item
# by default — the corpus multiplies them — and 100 with TONGBAN_HYPOTHESIS=thorough.
settings.register_profile("per-item", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("per-item-thorough", settings.get_profile("per-item"), max_examples=100)
THOROUGH = os.environ.get("TONGBAN_HYPOTHESIS", "") == "thorough"
per_item = settings.get_profile("per-item-thorough" if THOROUGH else "per-item")


def pytest_configure(config: pytest.Config) -> None:
    """Tests never touch the user's cache: every load of the session (at collection too, and in
    subprocesses, through the environment) caches into a directory of its own."""
    config.stash[_SAVED] = {name: os.environ.get(name) for name in ("TONGBAN_CACHE_DIR", "TONGBAN_NO_CACHE")}
    os.environ["TONGBAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="tongban-cache-")
    os.environ.pop("TONGBAN_NO_CACHE", None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The Spark tests first: the longest run of the suite starts at once on one worker while
    the other takes the rest (``--dist worksteal`` then evens them out)."""
    items.sort(key=lambda item: item.get_closest_marker("spark") is None)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ["TONGBAN_CACHE_DIR"], ignore_errors=True)
    for name, value in config.stash[_SAVED].items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A fresh copy of the minimal, valid rule set to break in one place."""
    target = tmp_path / "rules"
    shutil.copytree(MINIMAL, target)
    return target


def demo_item_text() -> str:
    return DEMO_ITEM.read_text(encoding="utf-8")


# ------------------------------------------------ the browser tests' site and Chromium (one each a worker)

CHROMEDRIVER = Path("/usr/bin/chromedriver")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The bundled rules rendered once and served from 127.0.0.1 (``http.server`` in a thread)."""
    from tongban_rules.load.loader import load_rules
    from tongban_rules.render import render

    site = tmp_path_factory.mktemp("browser") / "site"
    render(load_rules(ROOT / "rules"), site)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test of the worker (each test sets its window)."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    except Exception as exc:  # a broken or mismatched Chromium install
        pytest.skip(f"Chromium did not start: {exc}")
    yield driver
    driver.quit()
