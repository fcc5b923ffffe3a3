"""axe-core (4.14, from the npm registry) on every step of the questionnaire,
empty and with its errors shown, plus the other pages, in fr, nl and de.

The list of steps comes from the questionnaire itself, so a new step is
checked without anyone adding it here. Tags: WCAG 2.0/2.1/2.2 A and AA,
best practices, and AAA.
"""
from __future__ import annotations

import json

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from webform import ROOT
from webform.questions import ENGINE

from .pages import EVERY_STEP, complete_answers, has_required_question, seed
from .test_browser_walkthrough import click_and_wait, press_continue, set_viewport

pytestmark = pytest.mark.browser

AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "wcag2aaa"]
OPTIONS = json.dumps({"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})

CLEAR_FORM = """
document.querySelectorAll('#step-form input[type=text], #step-form input[type=tel],'
  + ' #step-form input[type=email], #step-form textarea').forEach(e => { e.value = ''; });
document.querySelectorAll('#step-form input[type=radio], #step-form input[type=checkbox]')
  .forEach(e => { e.checked = false; });
"""


def violations(browser) -> list[dict]:
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run scripts/test, which installs it from package.json")
    axe = Axe(browser, script_url=str(AXE_SCRIPT))
    axe.inject()
    return axe.run(options=OPTIONS)["violations"]


def describe(found: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in found]


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_every_page_has_no_axe_violation(browser, live, language):
    set_viewport(browser, 1280, 1024)
    browser.delete_all_cookies()
    results: dict[str, list[str]] = {}

    browser.get(f"{live.url}/language/{language}?next=/")
    results["start"] = describe(violations(browser))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.start-form button"))
    results["task list, nothing done"] = describe(violations(browser))
    browser.get(f"{live.url}/application/check")
    results["check, everything missing"] = describe(violations(browser))

    answers = complete_answers(live.app, language)
    seed(live.app, answers, EVERY_STEP)
    browser.get(f"{live.url}/application/")
    results["task list, all done"] = describe(violations(browser))
    browser.get(f"{live.url}/application/check")
    assert browser.find_elements(By.CSS_SELECTOR, "main a.button"), "complete: the way to the declaration"
    results["check, complete"] = describe(violations(browser))

    for part in ENGINE.parts:
        for step in part.steps:
            browser.get(f"{live.url}/application/{step.key}")
            assert f"/application/{step.key}" in browser.current_url, f"{step.key} is not reachable"
            results[step.key] = describe(violations(browser))
            if has_required_question(step):
                browser.execute_script(CLEAR_FORM)
                press_continue(browser)
                assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), f"{step.key}: no errors shown"
                results[f"{step.key} with errors"] = describe(violations(browser))

    browser.get(f"{live.url}/does-not-exist")
    results["404"] = describe(violations(browser))
    seed(live.app, answers, EVERY_STEP, status="submitted")
    browser.get(f"{live.url}/application/sent")
    results["confirmation"] = describe(violations(browser))

    failing = {page: found for page, found in results.items() if found}
    print(f"axe {language}: {len(results)} pages checked, {sum(map(len, failing.values()))} violations")
    assert failing == {}
