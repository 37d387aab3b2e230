"""The self-check (自助预审) in headless Chromium: three bundled cases answered through the form
reach the outcome ``tongban decide`` gives, asking only what still matters.

Serves a fresh render of the bundled rules from 127.0.0.1 (``http.server`` in a thread), opens an
item page at phone (390 px) and desktop width, answers each question the form shows with the case's
facts (clicking radios and check boxes, choosing in selects; dates are set through the DOM, whose
typing format depends on the browser's locale), and saves screenshots under ``tests/artifacts/``.
Skips when Chromium or Selenium is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tongban_rules.load.loader import load_rules

from .conftest import CHROMEDRIVER, ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
RULES = load_rules(ROOT / "rules")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
if not CHROMEDRIVER.exists() or not (shutil.which("chromium") or shutil.which("chromium-browser")):
    pytest.skip("no Chromium: apt-get install chromium chromium-driver", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

#: (item, case name, viewport width): an eligible, an ineligible and an undetermined case, and an
#: eligible one whose promise was read in other places' guides
CASES = [("id-card-renewal-replacement", "跨省：湖南户籍，在成都锦江区有效期满换领", 390),
         ("marriage-registration", "女方差一天满20周岁", 1280),
         ("disability-card-services", "未说明是否持有居住证", 390),
         ("vehicle-licence-replacement", "四川登记的车辆在重庆丢失行驶证，网上申请补领", 1280)]



def case_of(item: str, name: str):
    return next(c for c in RULES.cases[item].cases if c.name == name)


def tongban_decide(item: str, case, tmp_path: Path) -> dict:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(case.facts, default=str, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "tongban_rules", "decide", item, "--facts", str(facts), "--region",
                           case.region, "--on", case.on.isoformat(), "--rules", str(ROOT / "rules")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def set_date(browser, element, value: str) -> None:
    browser.execute_script("arguments[0].value = arguments[1];"
                           "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", element, value)


def choose_region(root, prefix: str, code: str) -> None:
    """Province, then the level below, then the county, as a person would."""
    chain = list(dict.fromkeys(c for c in (code[:2] + "0000", code[:4] + "00", code)))
    for level in ("p", "c", "x"):
        element = root.find_element(By.ID, f"{prefix}-{level}")
        offered = set(element.parent.execute_script("return [...arguments[0].options].map(o => o.value);", element))
        found = [c for c in chain if c in offered]  # the options' values in one call, not one call each
        if found:
            Select(element).select_by_value(found[0])


def answer(browser, box, fact: str, value) -> None:
    kind = box.tag_name
    if box.find_elements(By.CSS_SELECTOR, "select[data-level]"):
        choose_region(box, f"sc-{fact}", value)
    elif box.find_elements(By.CSS_SELECTOR, "input[type=radio]"):
        radio = box.find_element(By.ID, f"sc-{fact}-{'yes' if value else 'no'}")
        radio.send_keys(Keys.SPACE)  # from the keyboard: focus and space
    elif box.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
        for v in value or [""]:
            box.find_element(By.CSS_SELECTOR, f"label[for='sc-{fact}-{v or '-none'}']").click()
    elif box.find_elements(By.TAG_NAME, "select"):
        Select(box.find_element(By.TAG_NAME, "select")).select_by_value(value)
    elif box.find_elements(By.CSS_SELECTOR, "input[type=date]"):
        set_date(browser, box.find_element(By.TAG_NAME, "input"), str(value))
    else:
        box.find_element(By.TAG_NAME, "input").send_keys(str(value))
    assert kind in ("div", "fieldset")


def fill(browser, case) -> list[str]:
    """Answer every question the form shows that the case has a fact for; the facts asked."""
    asked: list[str] = []
    while True:
        shown = [b for b in browser.find_elements(By.CSS_SELECTOR, ".selfcheck-questions [data-fact]") if b.is_displayed()]
        todo = [b for b in shown if b.get_attribute("data-fact") not in asked
                and case.facts.get(b.get_attribute("data-fact")) is not None]
        if not todo:
            return asked
        fact = todo[0].get_attribute("data-fact")
        answer(browser, todo[0], fact, case.facts[fact])
        asked.append(fact)


@pytest.mark.parametrize(("item", "name", "width"), CASES)
def test_self_check_reaches_the_decision(server, browser, tmp_path, item, name, width):
    case = case_of(item, name)
    expected = tongban_decide(item, case, tmp_path)
    browser.set_window_size(width, 900)
    browser.get(f"{server}items/{item}/index.html")
    wait = WebDriverWait(browser, 20)
    wait.until(lambda b: b.find_element(By.CSS_SELECTOR, ".selfcheck-result").get_attribute("data-outcome"))
    set_date(browser, browser.find_element(By.ID, "sc-date"), case.on.isoformat())
    if browser.find_element(By.CSS_SELECTOR, "[data-fact=accepting_region]").is_displayed():
        choose_region(browser, "sc-accepting", case.region)
    asked = fill(browser, case)
    result = browser.find_element(By.CSS_SELECTOR, ".selfcheck-result")
    assert result.get_attribute("data-outcome") == expected["outcome"]
    assert result.get_attribute("aria-live") == "polite"
    text = result.text
    for c in expected["conditions"]:
        if c["status"] == "failed":
            assert c["text"] in text
    if expected["outcome"] != "ineligible" and expected["fee"].get("total") not in (None, "0"):
        assert f"合计 {expected['fee']['total']} 元" in text
    promised = expected["time_limits"]["promised"]
    if expected["outcome"] != "ineligible" and promised and promised.get("set_by"):
        assert "、".join(place["name"] for place in promised["set_by"]) + "公布的承诺" in text
    assert asked, "no question was asked"
    _shots(browser, f"selfcheck-{item}")


def test_an_ineligible_answer_skips_the_rest(server, browser):
    """Answering that the applicant's 户籍地 is in the accepting province settles the id-card case:
    no further question is shown, and the failing condition is named with its legal basis."""
    browser.set_window_size(1280, 900)
    browser.get(f"{server}items/id-card-renewal-replacement/index.html")
    WebDriverWait(browser, 20).until(lambda b: b.find_element(By.CSS_SELECTOR, ".selfcheck-result").get_attribute(
        "data-outcome"))
    set_date(browser, browser.find_element(By.ID, "sc-date"), "2025-06-03")
    choose_region(browser, "sc-accepting", "510104")
    shown_before = _shown(browser)
    choose_region(browser, "sc-hukou_region", "511602")
    result = browser.find_element(By.CSS_SELECTOR, ".selfcheck-result")
    assert result.get_attribute("data-outcome") == "ineligible"
    assert "离开常住户口所在地" in result.text and "依据" in result.text
    assert len(shown_before) > 2 and _shown(browser) == ["hukou_region"]


def test_every_control_is_labelled(server, browser):
    browser.get(f"{server}items/disability-card-services/index.html")
    WebDriverWait(browser, 20).until(lambda b: b.find_element(By.CSS_SELECTOR, ".selfcheck-result").get_attribute(
        "data-outcome"))
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('.selfcheck input, .selfcheck select')]"
        ".filter(c => !document.querySelector(`label[for=\"${c.id}\"]`)).map(c => c.outerHTML);")
    assert browser.find_elements(By.CSS_SELECTOR, ".selfcheck select") and unlabelled == []


def _shown(browser) -> list[str]:
    return [b.get_attribute("data-fact") for b in browser.find_elements(By.CSS_SELECTOR, ".selfcheck-questions [data-fact]")
            if b.is_displayed()]


def _shots(browser, name: str) -> None:
    """The self-check section at phone and desktop width (the window as tall as the section)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, width in (("phone", 390), ("desktop", 1280)):
        browser.set_window_size(width, 900)
        section = browser.find_element(By.ID, "selfcheck")
        height = browser.execute_script("return arguments[0].getBoundingClientRect().height", section)
        browser.set_window_size(width, min(int(height) + 260, 6000))
        browser.execute_script("arguments[0].scrollIntoView()", section)
        browser.save_screenshot(str(ARTIFACTS / f"{name}-{label}.png"))
