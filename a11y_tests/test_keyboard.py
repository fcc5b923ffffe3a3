"""Whole applications with the keyboard alone: Tab, arrow keys, Space, Enter
and typing. At every stop of the focus, the focus must be visible."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.helpers import translate
from tests.scenarios import STEP_INPUT

from .conftest import FIGURES
from .test_browser_walkthrough import set_viewport, wait_for_new_page

pytestmark = pytest.mark.browser

FOCUS_YELLOW = "255, 221, 0"

FOCUS_IS_VISIBLE = """
const style = getComputedStyle(arguments[0]);
const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
  && !style.outlineColor.includes('0, 0, 0, 0') && !style.outlineColor.startsWith('transparent');
return outline || style.boxShadow.includes(arguments[1]) || style.backgroundColor.includes(arguments[1]);
"""


def press(browser, *keys) -> None:
    ActionChains(browser).send_keys(*keys).perform()


def tab_to(browser, wanted, limit: int = 400):
    """Press Tab until the focused element is the wanted one; check every stop."""
    for _ in range(limit):
        press(browser, Keys.TAB)
        element = browser.switch_to.active_element
        if element.tag_name == "body":
            continue
        assert browser.execute_script(FOCUS_IS_VISIBLE, element, FOCUS_YELLOW), (
            f"focus not visible on <{element.tag_name} {element.get_attribute('outerHTML')[:120]}>"
        )
        if wanted(element):
            return element
    raise AssertionError("the keyboard never reached the element")


def activate(browser, wanted) -> None:
    """Tab to a link or button and press Enter: a new page loads."""
    tab_to(browser, wanted)
    wait_for_new_page(browser, lambda: press(browser, Keys.ENTER))


def named(name: str, value: str | None = None):
    return lambda e: e.get_attribute("name") == name and (value is None or e.get_attribute("value") == value)


def fill_with_keyboard(browser, data: dict) -> None:
    for name, value in data.items():
        first = browser.find_element(By.NAME, name)
        kind = first.get_attribute("type")
        if kind == "radio":
            element = tab_to(browser, named(name))
            for _ in range(12):
                if element.get_attribute("value") == value:
                    if not element.is_selected():
                        press(browser, Keys.SPACE)
                    break
                press(browser, Keys.ARROW_DOWN)  # moves to, and selects, the next option
                element = browser.switch_to.active_element
            assert browser.switch_to.active_element.is_selected()
        elif kind == "checkbox":
            for wanted in value:
                box = tab_to(browser, named(name, wanted))
                if not box.is_selected():
                    press(browser, Keys.SPACE)
                assert box.is_selected()
        else:
            field = tab_to(browser, named(name))
            press(browser, Keys.END)
            ActionChains(browser).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
            press(browser, Keys.DELETE)
            if value:
                press(browser, value)
            assert field.get_attribute("value").replace("\r\n", "\n") == value


def start_with_keyboard(browser, live_server: str, language: str) -> None:
    """A new visitor, in this language, presses the start page's button."""
    set_viewport(browser, 1280, 1024)
    browser.delete_all_cookies()
    browser.get(f"{live_server}/language/{language}?next=/")
    activate(browser, lambda e: e.tag_name == "button" and e.get_attribute("type") == "submit")


def is_continue(element) -> bool:
    return element.tag_name == "button" and "button" in (element.get_attribute("class") or "").split()


@pytest.mark.parametrize("language, requests", [
    ("fr", ["recognition"]),
    ("nl", ["allowances"]),
    ("de", ["parking_card"]),
])
def test_whole_application_with_the_keyboard_alone(browser, live_server, language, requests):
    start_with_keyboard(browser, live_server, language)

    for _ in range(80):
        path = browser.current_url.removeprefix(live_server)
        if path == "/application/sent":
            break
        if path == "/application/":
            target = next(
                task.find_element(By.CSS_SELECTOR, "a.task-link").get_attribute("href")
                for task in browser.find_elements(By.CSS_SELECTOR, ".task")
                if task.find_elements(By.CSS_SELECTOR, "a.task-link") and not task.find_elements(By.CSS_SELECTOR, ".tag-completed")
            )
            activate(browser, lambda e: e.get_attribute("href") == target)
            continue
        if path == "/application/check":
            activate(browser, lambda e: e.tag_name == "a" and "button" in (e.get_attribute("class") or ""))
            continue
        step = path.rsplit("/", 1)[1]
        fill_with_keyboard(browser, {"requests": requests} if step == "requests" else STEP_INPUT[step])
        activate(browser, is_continue)
        assert not browser.find_elements(By.CSS_SELECTOR, ".error-summary"), f"errors on {step}"

    assert browser.current_url.endswith("/application/sent")
    assert browser.find_element(By.TAG_NAME, "h1").text == translate("Application sent", language)
    FIGURES.append(f"keyboard only – {language}, {'+'.join(requests)}: application sent, focus visible at every stop")


def test_focus_goes_to_the_error_summary_with_the_keyboard(browser, live_server):
    start_with_keyboard(browser, live_server, "fr")
    browser.get(f"{live_server}/application/identity")
    activate(browser, is_continue)
    summary = browser.switch_to.active_element
    assert "error-summary" in summary.get_attribute("class")
    assert browser.execute_script(FOCUS_IS_VISIBLE, summary, FOCUS_YELLOW)
    # From the summary, Tab reaches its first link, Enter moves to the field.
    link = tab_to(browser, lambda e: e.get_attribute("href", ) and "#national_number" in e.get_attribute("href"), limit=3)
    press(browser, Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "national_number"
    assert link is not None


def test_attach_a_file_with_the_keyboard(browser, live_server):
    """The file input is reached with Tab; the kind with the arrows; Enter attaches."""
    from .pages import sample_pdf

    start_with_keyboard(browser, live_server, "nl")
    browser.get(f"{live_server}/application/files/")
    file_input = tab_to(browser, named("file"))
    # Typing the file's path is what a keyboard user does in the file chooser.
    file_input.send_keys(str(sample_pdf()))
    fill_with_keyboard(browser, {"kind": "certificate"})
    activate(browser, lambda e: e.tag_name == "button" and e.get_attribute("name") == "upload")
    items = browser.find_elements(By.CSS_SELECTOR, ".file-item")
    assert len(items) == 1 and sample_pdf().name in items[0].text
    # Removing it works with the keyboard too.
    activate(browser, lambda e: e.tag_name == "button" and sample_pdf().name in (e.get_attribute("textContent") or ""))
    assert not browser.find_elements(By.CSS_SELECTOR, ".file-item")
    FIGURES.append("keyboard only – nl: file attached and removed")
