"""The rendered site in a real browser: headless Chromium via Selenium and the Debian chromedriver.

Serves the bundled rules' site from 127.0.0.1 (a random port, ``http.server`` in a thread), opens
the index and one guide at a phone and a desktop width, checks that the key sections are visible
and saves screenshots under ``tests/artifacts/``.  Skips when Chromium or Selenium is missing.
"""

from __future__ import annotations

import shutil

import pytest

from .conftest import CHROMEDRIVER, ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
GUIDE = "items/id-card-renewal-replacement/index.html"
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
if not CHROMEDRIVER.exists() or not (shutil.which("chromium") or shutil.which("chromium-browser")):
    pytest.skip("no Chromium: apt-get install chromium chromium-driver", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402


def _open(browser, url: str, viewport: str) -> None:
    width, height = VIEWPORTS[viewport]
    browser.set_window_size(width, height)
    browser.get(url)


def _shot(browser, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    width = browser.get_window_size()["width"]
    browser.set_window_size(width, min(height + 120, 6000))
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_index(server: str, browser, viewport: str) -> None:
    _open(browser, server + "index.html", viewport)
    assert browser.find_element(By.TAG_NAME, "h1").text == "政务服务“跨省通办”办事指南"
    assert browser.find_element(By.ID, "h-items").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#main table tbody tr")) >= 20
    assert browser.execute_script("return document.documentElement.scrollWidth") <= VIEWPORTS[viewport][0] + 1
    _shot(browser, f"index-{viewport}")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_guide(server: str, browser, viewport: str) -> None:
    _open(browser, server + GUIDE, viewport)
    assert "居民身份证异地换领、补领" in browser.find_element(By.TAG_NAME, "h1").text
    for section in ("basic", "conditions", "materials", "process", "limits", "fees", "modes", "presence", "results",
                    "contacts", "sources"):
        heading = browser.find_element(By.ID, section)
        browser.execute_script("arguments[0].scrollIntoView()", heading)
        assert heading.is_displayed(), section
    flow = browser.find_element(By.CSS_SELECTOR, ".flow svg")
    assert flow.is_displayed() and 0 < flow.size["width"] <= VIEWPORTS[viewport][0]
    css_loaded = browser.execute_script(
        "return getComputedStyle(document.querySelector('header.site')).backgroundColor")
    assert css_loaded == "rgb(15, 61, 122)"  # the local stylesheet applied
    # the page itself never scrolls sideways; wide tables scroll inside their own box
    assert browser.execute_script("return document.documentElement.scrollWidth") <= VIEWPORTS[viewport][0] + 1
    browser.execute_script("window.scrollTo(0, 0)")
    _shot(browser, f"guide-{viewport}")


def test_skip_link_moves_focus(server: str, browser) -> None:
    from selenium.webdriver.common.keys import Keys

    _open(browser, server + GUIDE, "desktop")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip" and active.is_displayed()
    active.send_keys(Keys.ENTER)
    assert browser.execute_script("return location.hash") == "#main"
