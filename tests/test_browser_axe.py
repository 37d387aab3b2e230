"""Search and accessibility of the rendered site in headless Chromium.

* Search: the header's search box on a guide leads to ``search.html``, which finds an item by a
  two-character query and by the name of one of its materials (``static/search.js`` over the
  index ``render/search.py`` writes), by keyboard alone.
* Accessibility: axe-core (the npm package's ``axe.min.js``, fetched once with ``npm`` into a
  cache folder, ``TONGBAN_AXE_DIR`` or ``~/.cache/tongban-rules/axe-core``) is injected into every
  kind of page at a phone and a desktop width; WCAG 2.0/2.1 A and AA rules, no serious or
  critical violation allowed.  Skips when Chromium, Selenium or npm (and the cache) is missing.
* Screenshots of the search page and a guide at both widths go to ``tests/artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .test_browser import VIEWPORTS, _open, _shot

By = pytest.importorskip("selenium.webdriver.common.by").By
Keys = pytest.importorskip("selenium.webdriver.common.keys").Keys
WebDriverWait = pytest.importorskip("selenium.webdriver.support.ui").WebDriverWait


AXE_VERSION = "4.14.1"
AXE_DIR = Path(os.environ.get("TONGBAN_AXE_DIR") or Path.home() / ".cache" / "tongban-rules" / "axe-core")
#: one page of every kind the site has
PAGE_KINDS = {
    "home": "index.html", "index": "by/theme.html", "search": "search.html?q=户口",
    "guide": "items/id-card-renewal-replacement/index.html", "online": "items/e-social-security-card/online.html",
    "proxy": "items/id-card-renewal-replacement/proxy.html", "regions": "regions/index.html",
    "region": "regions/510100/index.html", "notice": "regions/510100/notice.html",
    "local-guide": "regions/510100/items/id-card-renewal-replacement/index.html",
    "list-data-sharing": "lists/data-sharing.html", "list-licences": "lists/licences.html",
    "list-presence": "lists/presence.html", "list-progress": "lists/progress.html",
}
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,
                                           nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))))
  .catch(e => done([{id: "axe-error", impact: "critical", nodes: [String(e)]}]));
"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("no npm to fetch axe-core (.ci/run installs Node and npm)")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR),
                               f"axe-core@{AXE_VERSION}"], capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not script.is_file():
            pytest.skip(f"npm could not fetch axe-core: {done.stderr[-300:]}")
    return script.read_text(encoding="utf-8")


def _ready(browser) -> None:
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return document.documentElement.dataset.searchReady === '1'"))


def _results(browser) -> list[str]:
    return [a.get_attribute("href").split("/items/")[-1]
            for a in browser.find_elements(By.CSS_SELECTOR, "#search-results a")]


def test_header_search_by_keyboard_finds_an_item_by_two_characters(server: str, browser) -> None:
    _open(browser, server + PAGE_KINDS["guide"], "phone")
    box = browser.find_element(By.ID, "site-q")
    assert box.is_displayed() and box.accessible_name == "搜索事项、材料或部门"
    box.send_keys("身份", Keys.ENTER)
    _ready(browser)
    assert browser.execute_script("return location.pathname").endswith("/search.html")
    assert "id-card-renewal-replacement/index.html" in _results(browser)
    assert browser.find_element(By.ID, "search-status").text.startswith("找到")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= VIEWPORTS["phone"][0] + 1
    _shot(browser, "search-phone")


def test_search_finds_an_item_by_a_material_name(server: str, browser) -> None:
    _open(browser, server + "search.html", "desktop")
    _ready(browser)
    box = browser.find_element(By.ID, "q")
    box.send_keys("结婚证")
    WebDriverWait(browser, 5).until(lambda b: _results(b))
    found = _results(browser)
    assert "divorce-registration/index.html" in found
    first = browser.find_element(By.CSS_SELECTOR, "#search-results li")
    assert "材料：" in first.text and "结婚证" in first.text  # says where the query was found
    box.clear()
    box.send_keys("不存在的事项xyz")
    WebDriverWait(browser, 5).until(lambda b: not _results(b))
    assert "没有找到" in browser.find_element(By.ID, "search-status").text
    _shot(browser, "search-desktop")


def _serious(browser, axe_source: str) -> list[dict]:
    browser.execute_script(axe_source)
    return [v for v in browser.execute_async_script(RUN_AXE) if v["impact"] in ("serious", "critical")]


#: every kind at a phone's width (the harder layout); the main kinds at a desktop's width too
CASES = [(k, "phone") for k in PAGE_KINDS] + [(k, "desktop") for k in ("home", "search", "guide", "notice")]


@pytest.mark.parametrize("kind, viewport", CASES)
def test_axe_finds_no_serious_violation(server: str, browser, axe_source: str, kind: str, viewport: str) -> None:
    _open(browser, server + PAGE_KINDS[kind], viewport)
    if kind == "search":
        _ready(browser)
    bad = _serious(browser, axe_source)
    assert not bad, bad
    if kind == "guide":
        browser.execute_script("window.scrollTo(0, 0)")
        _shot(browser, f"guide-top-{viewport}")


def test_axe_check_catches_a_violation(server: str, browser, axe_source: str) -> None:
    _open(browser, server + "index.html", "desktop")
    browser.execute_script("document.querySelector('main').insertAdjacentHTML('beforeend', "
                           "'<input type=text><p style=\"color:#bbb\">低对比度</p>')")
    assert {v["id"] for v in _serious(browser, axe_source)} >= {"label", "color-contrast"}
