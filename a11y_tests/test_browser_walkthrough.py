"""A whole application in a real browser (headless chromium), with screenshots
of a step on a small phone (320 px) and on a desktop (1280 px)."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers import translate
from tests.scenarios import REQUEST_FOLLOW_UP, STEP_INPUT

pytestmark = pytest.mark.browser


def set_viewport(browser, width: int, height: int) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500},
    )


# How often a wait asks the browser again.
POLL_SECONDS = 0.02


def fill_step(browser, data: dict) -> None:
    """Type and click like a person: text into inputs, ticks on choices."""
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        elements = browser.find_elements(By.NAME, name)
        kind = elements[0].get_attribute("type")
        if kind in ("radio", "checkbox"):
            for element in elements:
                if (element.get_attribute("value") in values) != element.is_selected():
                    browser.find_element(By.CSS_SELECTOR, f'label[for="{element.get_attribute("id")}"]').click()
        else:
            elements[0].clear()
            if value:
                elements[0].send_keys(value)


def wait_for_new_page(browser, action) -> None:
    """Do something that loads a new page, and wait until that page is ready.

    Asked every 20 ms: WebDriverWait's default of half a second slept
    through most of the browser suites' time (a page here is ready in a few
    tens of milliseconds)."""
    browser.execute_script("window.__previousPage = true;")
    action()
    WebDriverWait(browser, 10, poll_frequency=POLL_SECONDS).until(
        lambda b: b.execute_script(
            "return window.__previousPage === undefined && document.readyState === 'complete';"
        )
    )


def click_and_wait(browser, element) -> None:
    wait_for_new_page(browser, element.click)


def press_continue(browser) -> None:
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, '#step-form button[name="action"][value="continue"]'))


def current_step(browser, base: str) -> str:
    return browser.current_url.removeprefix(base).split("?")[0]


def test_complete_application_in_the_browser(browser, live_server, output_dir):
    set_viewport(browser, 1280, 1024)
    browser.get(f"{live_server}/language/fr?next=/")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.start-form button"))
    assert current_step(browser, live_server) == "/application/"

    steps_seen = []
    for _ in range(60):
        path = current_step(browser, live_server)
        if path == "/application/sent":
            break
        if path == "/application/":
            pending = [
                task.find_element(By.CSS_SELECTOR, "a.task-link")
                for task in browser.find_elements(By.CSS_SELECTOR, ".task")
                if task.find_elements(By.CSS_SELECTOR, "a.task-link") and not task.find_elements(By.CSS_SELECTOR, ".tag-completed")
            ]
            click_and_wait(browser, pending[0])
            continue
        step = path.rsplit("/", 1)[1]
        steps_seen.append(step)
        if step == "check":
            assert not browser.find_elements(By.CSS_SELECTOR, "#missing"), "nothing missing"
            click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main a.button"))
            continue
        if step == "health_situation":
            # Screenshots of a step with text, a date and hints, at both widths.
            for width in (320, 1280):
                set_viewport(browser, width, 640 if width == 320 else 1024)
                scroll_width = browser.execute_script("return document.documentElement.scrollWidth")
                assert scroll_width <= width, f"horizontal scrolling at {width}px"
                browser.save_screenshot(str(output_dir / f"health_situation-{width}px.png"))
            set_viewport(browser, 1280, 1024)
        fill_step(browser, {"requests": ["recognition"]} if step == "requests" else STEP_INPUT[step])
        press_continue(browser)
        assert not browser.find_elements(By.CSS_SELECTOR, ".error-summary"), f"errors on {step}"

    assert current_step(browser, live_server) == "/application/sent"
    assert steps_seen[-2:] == ["check", "declaration"] and "walking" not in steps_seen
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading == translate("Application sent", "fr")
    assert (output_dir / "health_situation-320px.png").stat().st_size > 5000
    browser.save_screenshot(str(output_dir / "confirmation-1280px.png"))


def test_errors_take_focus_and_enter_continues(browser, live_server):
    set_viewport(browser, 1280, 1024)
    browser.get(f"{live_server}/language/nl?next=/")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.start-form button"))
    browser.get(f"{live_server}/application/identity")
    field = browser.find_element(By.ID, "first_name")
    field.send_keys("Marie")
    # Enter in a text field submits "Continue", not the first language button.
    wait_for_new_page(browser, lambda: field.send_keys(Keys.ENTER))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl-BE"
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert browser.switch_to.active_element == summary, "the error summary receives focus"
    assert browser.title.startswith(translate("Error:", "nl"))
    # Its link moves focus to the field in error.
    summary.find_element(By.CSS_SELECTOR, 'a[href="#national_number"]').click()
    assert browser.switch_to.active_element.get_attribute("id") == "national_number"
    assert browser.find_element(By.ID, "first_name").get_attribute("value") == "Marie"


def test_language_switch_in_the_browser_keeps_typing(browser, live_server):
    browser.get(f"{live_server}/language/de?next=/")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.start-form button"))
    browser.get(f"{live_server}/application/identity")
    browser.find_element(By.ID, "last_name").send_keys("Dupont")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, 'button[name="switch_language"][value="fr"]'))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr-BE"
    assert browser.find_element(By.ID, "last_name").get_attribute("value") == "Dupont"
    assert not browser.find_elements(By.CSS_SELECTOR, ".error-summary")


def accessibility_node(browser, selector: str) -> dict:
    """What chromium gives assistive technology for one element (its name,
    description, role), through the DevTools protocol."""
    document = browser.execute_cdp_cmd("DOM.getDocument", {"depth": 0})
    node = browser.execute_cdp_cmd("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
    tree = browser.execute_cdp_cmd("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})
    return tree["nodes"][0]


def test_an_error_is_described_without_the_warning_sign(browser, live_server):
    """The "⚠" before an error message is decoration: a screen reader reads
    the field's description as "Error: <message>", and the error summary is
    an alert."""
    set_viewport(browser, 1280, 1024)
    browser.get(f"{live_server}/language/fr?next=/")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.start-form button"))
    browser.get(f"{live_server}/application/identity")
    press_continue(browser)
    sign = browser.execute_script(
        "return getComputedStyle(document.getElementById('national_number-error'), '::before').content;")
    assert "⚠" in sign, "the sign is still shown"
    message = translate("Enter your national register number", "fr")
    description = accessibility_node(browser, "#national_number")["description"]["value"]
    # The hint comes first, then the error, read as "Error: <message>".
    assert "⚠" not in description and description.endswith(f'{translate("Error:", "fr")} {message}'), description
    summary = accessibility_node(browser, ".error-summary")
    assert summary["role"]["value"] == "alert"
    assert summary["name"]["value"] == translate("There is a problem", "fr")

def test_a_saved_part_is_announced_with_the_focus(browser, live_server):
    """The banner after saving a part has the focus once the page is loaded,
    so that a screen reader reads it first."""
    set_viewport(browser, 1280, 1024)
    browser.delete_all_cookies()
    browser.get(f"{live_server}/language/fr?next=/")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.start-form button"))
    browser.get(f"{live_server}/application/requests")
    fill_step(browser, {"requests": ["recognition"]})
    press_continue(browser)
    while (step := current_step(browser, live_server).rsplit("/", 1)[1]) in REQUEST_FOLLOW_UP:
        fill_step(browser, STEP_INPUT[step])
        press_continue(browser)
    banner = browser.find_element(By.CSS_SELECTOR, ".notification-banner")
    assert browser.execute_script("return document.activeElement") == banner
    assert banner.get_attribute("role") == "alert"


def test_the_resume_code_can_be_copied(browser, live_server):
    """With JavaScript, a button copies the code and says so in a live region."""
    set_viewport(browser, 1280, 1024)
    browser.delete_all_cookies()
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": live_server, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
    })
    browser.get(f"{live_server}/language/nl?next=/")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.start-form button"))
    browser.get(f"{live_server}/application/requests")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, '#step-form button[value="later"]'))
    fill_step(browser, {"resume_birth_date-day": "7", "resume_birth_date-month": "3", "resume_birth_date-year": "1985"})
    press_continue(browser)
    code = browser.find_element(By.CSS_SELECTOR, ".resume-code strong").text
    button = browser.find_element(By.CSS_SELECTOR, ".copy-code button")
    assert button.text == translate("Copy the code", "nl")
    status = browser.find_element(By.CSS_SELECTOR, ".copy-code [role=status]")
    assert status.text == ""
    button.click()
    WebDriverWait(browser, 5, poll_frequency=POLL_SECONDS).until(lambda b: status.text)
    assert status.text == translate("Code copied.", "nl")
    copied = browser.execute_async_script(
        "var done = arguments[0]; navigator.clipboard.readText().then(done, function (e) { done('unreadable: ' + e); });"
    )
    assert copied == code
