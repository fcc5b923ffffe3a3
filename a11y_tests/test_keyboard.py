"""Whole applications with the keyboard alone: Tab, Shift+Tab, arrow keys,
Space, Enter and typing, a file attached on the way. At every stop of the
focus, the focus must be visible (the element looks different focused than
not, WCAG 2.4.7) and not hidden, not even in part off screen (2.4.11); the
pages that are not steps are tabbed through from top to bottom too. On a
set of pages, every focusable element's focus indicator is measured against
WCAG 2.4.13 (AAA): area and contrast, pixel by pixel (focus_appearance.py)."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.helpers import translate, translate_easy
from tests.scenarios import STEP_INPUT

from .conftest import FIGURES
from .focus_appearance import focus_appearance_problem, focus_appearance_problems
from .pages import SCREENING_INPUT, show_page, visit_staff_assisted_pages
from .test_browser_walkthrough import set_viewport, wait_for_new_page

pytestmark = pytest.mark.browser

# The focused element's look, compared with its look once blurred: a visible
# outline appears, or the box shadow or background changes. Then focus comes
# back, and the element must be on screen and not covered by other content
# (a sticky bar, a cookie banner) at the middle of its visible part.
FOCUS_PROBLEM = """
const e = arguments[0];
const keys = ['outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow', 'backgroundColor'];
const look = () => { const s = getComputedStyle(e); return Object.fromEntries(keys.map(k => [k, s[k]])); };
const outline = s => s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
  && !/rgba\\(.*, 0\\)$/.test(s.outlineColor) && s.outlineColor !== 'transparent';
const focused = look();
e.blur();
const unfocused = look();
e.focus({preventScroll: true});
if (document.activeElement !== e) return 'focus did not come back';
const differs = (outline(focused) && (!outline(unfocused) || focused.outlineColor !== unfocused.outlineColor))
  || focused.boxShadow !== unfocused.boxShadow || focused.backgroundColor !== unfocused.backgroundColor;
if (!differs) return 'looks the same focused and not focused';
const r = e.getBoundingClientRect();
const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
if (right - left < 1 || bottom - top < 1) return 'outside the viewport';
const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
if (hit && hit !== e && !e.contains(hit) && !hit.contains(e) && !(e.labels && [...e.labels].some(l => l.contains(hit)))) {
  return 'covered by <' + hit.tagName.toLowerCase() + ' class="' + hit.className + '">';
}
return null;
"""

STOPS = {"focus": 0, "shift_tab": 0}


def press(browser, *keys) -> None:
    ActionChains(browser).send_keys(*keys).perform()


def press_shift_tab(browser) -> None:
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()


def assert_focus_visible(browser, element) -> None:
    problem = browser.execute_script(FOCUS_PROBLEM, element)
    assert problem is None, f"focus on <{element.tag_name} {element.get_attribute('outerHTML')[:120]}>: {problem}"
    STOPS["focus"] += 1


def tab_to(browser, wanted, limit: int = 400):
    """Press Tab until the focused element is the wanted one; check every stop.

    Remembers where the focus was before the last Tab (tab_to.previous), for
    the Shift+Tab check.
    """
    for _ in range(limit):
        before = browser.switch_to.active_element
        press(browser, Keys.TAB)
        element = browser.switch_to.active_element
        if element.tag_name == "body":
            continue
        assert_focus_visible(browser, element)
        if wanted(element):
            tab_to.previous = before
            return element
    raise AssertionError("the keyboard never reached the element")


def back_and_forth(browser, field) -> None:
    """Shift+Tab goes back to the previous stop, Tab returns to the field."""
    previous = getattr(tab_to, "previous", None)
    press_shift_tab(browser)
    back = browser.switch_to.active_element
    assert back != field, "Shift+Tab did not move the focus"
    if previous is not None and previous.tag_name != "body":
        assert back == previous, "Shift+Tab did not go back to the previous stop"
    if back.tag_name != "body":
        assert_focus_visible(browser, back)
    press(browser, Keys.TAB)
    assert browser.switch_to.active_element == field, "Tab did not come back to the field"
    STOPS["shift_tab"] += 1


def tab_through(browser, limit: int = 80) -> int:
    """Tab from the top of the page to its end; every stop's focus visible."""
    seen = []
    for _ in range(limit):
        press(browser, Keys.TAB)
        element = browser.switch_to.active_element
        if element.tag_name == "body" or element in seen:
            break
        assert_focus_visible(browser, element)
        seen.append(element)
    assert seen, "no element takes the focus"
    return len(seen)


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
            back_and_forth(browser, field)


def start_with_keyboard(browser, live_server: str, language: str, easy: bool = False) -> None:
    """A new visitor, in this language, presses the start page's button
    (after choosing easy-read with the keyboard, if asked)."""
    set_viewport(browser, 1280, 1024)
    browser.delete_all_cookies()
    browser.get(f"{live_server}/language/{language}?next=/")
    if easy:
        activate(browser, lambda e: "/easy-read/on" in (e.get_attribute("href") or ""))
        assert browser.find_elements(By.CSS_SELECTOR, '.easy-read-nav a[href*="/easy-read/off"]'), "easy-read is on"
    activate(browser, lambda e: e.tag_name == "button" and e.get_attribute("type") == "submit")


def attach_from_the_documents_step(browser) -> None:
    """From the documents step to the files page, attach a PDF, come back."""
    from .pages import sample_pdf

    activate(browser, lambda e: e.get_attribute("value") == "files.index"
             or "/application/files" in (e.get_attribute("href") or ""))
    assert "/application/files/" in browser.current_url
    file_input = tab_to(browser, named("file"))
    # Typing the file's path is what a keyboard user does in the file chooser.
    file_input.send_keys(str(sample_pdf()))
    fill_with_keyboard(browser, {"kind": "medical_report"})
    activate(browser, lambda e: e.tag_name == "button" and e.get_attribute("name") == "upload")
    assert sample_pdf().name in browser.find_element(By.CSS_SELECTOR, ".file-list").text
    activate(browser, lambda e: "/application/documents" in (e.get_attribute("href") or ""))
    assert browser.current_url.split("?")[0].endswith("/application/documents")


def is_continue(element) -> bool:
    return element.tag_name == "button" and element.get_attribute("value") == "continue" and element.is_displayed()


# The language in which the walk attaches a file from the documents step.
ATTACH_IN = "fr"


@pytest.mark.parametrize("language, requests, easy", [
    ("fr", ["recognition"], False),
    ("nl", ["allowances"], False),
    ("de", ["parking_card"], False),
    # Once in easy-read (one language): its pictograms and longer texts.
    ("nl", ["recognition", "parking_card"], True),
])
def test_whole_application_with_the_keyboard_alone(browser, live_server, language, requests, easy):
    start_with_keyboard(browser, live_server, language, easy)
    attached = False

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
            activate(browser, lambda e, target=target: e.get_attribute("href") == target)
            continue
        if path == "/application/check":
            activate(browser, lambda e: e.tag_name == "a" and "button" in (e.get_attribute("class") or ""))
            continue
        step = path.split("?")[0].rsplit("/", 1)[1]
        if step == "documents" and language == ATTACH_IN and not attached:
            attach_from_the_documents_step(browser)
            attached = True
        fill_with_keyboard(browser, {"requests": requests} if step == "requests" else STEP_INPUT[step])
        activate(browser, is_continue)
        assert not browser.find_elements(By.CSS_SELECTOR, ".error-summary"), f"errors on {step}"

    assert browser.current_url.endswith("/application/sent")
    sent = translate_easy("Application sent", language) if easy else translate("Application sent", language)
    assert browser.find_element(By.TAG_NAME, "h1").text == sent
    assert attached == (language == ATTACH_IN)
    stops = tab_through(browser)
    FIGURES.append(
        f"keyboard only – {language}{' easy-read' if easy else ''}, {'+'.join(requests)}: application sent{', a file attached' if attached else ''}, "
        f"focus visible and on screen at every stop ({STOPS['focus']} so far), "
        f"{STOPS['shift_tab']} Shift+Tab returns so far, {stops} stops on the confirmation page"
    )


def test_focus_goes_to_the_error_summary_with_the_keyboard(browser, live_server):
    start_with_keyboard(browser, live_server, "fr")
    browser.get(f"{live_server}/application/identity")
    activate(browser, is_continue)
    summary = browser.switch_to.active_element
    assert "error-summary" in summary.get_attribute("class")
    assert_focus_visible(browser, summary)
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


def test_screening_to_an_application_with_the_keyboard_alone(browser, live):
    """From the start page's link, through the screening's questions (errors
    first) and its result, to "Start an application with these requests"."""
    from sqlalchemy import select

    from webform.models import Application, db

    set_viewport(browser, 1280, 1024)
    browser.delete_all_cookies()
    browser.get(f"{live.url}/language/de?next=/")
    activate(browser, lambda e: (e.get_attribute("href") or "").endswith("/screening/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == translate("What could I be entitled to?", "de")
    activate(browser, is_continue)
    summary = browser.switch_to.active_element
    assert "error-summary" in summary.get_attribute("class")
    fill_with_keyboard(browser, SCREENING_INPUT)
    activate(browser, is_continue)
    assert browser.find_element(By.TAG_NAME, "h1").text == translate("What you could be entitled to", "de")
    activate(browser, lambda e: e.tag_name == "button" and e.get_attribute("value") == "start")
    assert browser.current_url.endswith("/application/")
    with live.app.app_context():
        application = db.session.execute(select(Application)).scalars().all()[-1]
        assert application.answers["requests"] == ["recognition", "allowances", "parking_card"]
        assert application.answers["household_situation"] == "married"
    FIGURES.append(f"keyboard only – de: screening to a started application, focus visible at every stop ({STOPS['focus']} so far)")


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_tab_through_the_pages_that_are_not_steps(browser, live_server, language):
    """The statement, the resume page, the error pages and the start page:
    every stop of the focus, from top to bottom, visible and on screen."""
    set_viewport(browser, 1280, 1024)
    browser.delete_all_cookies()
    browser.get(f"{live_server}/language/{language}?next=/")
    counts = {"start": tab_through(browser)}
    for name, path in (("statement", "/accessibility"), ("data protection", "/privacy"), ("resume", "/resume"),
                       ("error 404", "/__error/404"), ("error 500", "/__error/500"),
                       ("staff login", "/staff/login")):
        browser.get(f"{live_server}{path}")
        counts[name] = tab_through(browser)
    browser.get(f"{live_server}/resume")
    activate(browser, lambda e: e.tag_name == "button" and e.get_attribute("type") == "submit")
    counts["resume with errors"] = tab_through(browser)
    set_viewport(browser, 320, 640)  # on a small screen too, where the page scrolls
    browser.get(f"{live_server}/accessibility")
    counts["statement at 320 px"] = tab_through(browser)
    set_viewport(browser, 1280, 1024)
    FIGURES.append(f"keyboard only – {language}: pages tabbed through, focus visible at every stop: {counts}")


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_tab_through_the_staff_pages(browser, live, language):
    """The assisted mode's pages (start, caseload and search, an assisted
    application with its banner): every stop visible, at 1280 and 320 px."""
    counts = {}
    for width in (1280, 320):
        set_viewport(browser, width, 1024 if width == 1280 else 640)
        for name in visit_staff_assisted_pages(browser, live, language):
            counts[f"{name} at {width} px"] = tab_through(browser)
    set_viewport(browser, 1280, 1024)
    FIGURES.append(f"keyboard only – {language}: staff pages tabbed through, focus visible at every stop: {counts}")


def test_the_staff_pages_with_the_keyboard_alone(browser, live):
    """Hand-over, take-over and the audit log (issue 9): every stop of the
    focus visible and on screen (the log's table region too, at 320 px);
    a citizen's draft taken over with the keyboard alone."""
    from . import staff_pages

    set_viewport(browser, 1280, 1024)
    seeded = staff_pages.seed_staff(live.app, "nl")
    browser.get(f"{live.url}/accessibility")
    browser.delete_all_cookies()
    browser.add_cookie({"name": live.app.config["SESSION_COOKIE_NAME"], "path": "/",
                        "value": staff_pages.session_cookie(live.app, seeded["member_id"], "nl")})
    browser.get(f"{live.url}/staff/applications/{seeded['assisted']}/hand-over")
    counts = {"hand-over": tab_through(browser)}
    browser.get(f"{live.url}/staff/take-over")
    counts["take over"] = tab_through(browser)
    fill_with_keyboard(browser, staff_pages._take_over_fields(seeded["own_code"]))
    activate(browser, is_continue)
    assert "/taken-over" in browser.current_url
    counts["taken over"] = tab_through(browser)
    browser.get(f"{live.url}/staff/log")
    counts["audit log"] = tab_through(browser)
    set_viewport(browser, 320, 640)
    browser.get(f"{live.url}/staff/log")
    counts["audit log at 320 px"] = tab_through(browser)
    set_viewport(browser, 1280, 1024)
    FIGURES.append(f"keyboard only – nl: staff pages tabbed through, a draft taken over: {counts}")


def test_the_focus_check_finds_an_invisible_or_covered_focus(browser, live_server):
    """The check itself is tested: a link whose focus style is removed, then
    one covered by a sticky bar, are both reported."""
    set_viewport(browser, 1280, 1024)
    browser.get(f"{live_server}/accessibility")
    link = tab_to(browser, lambda e: (e.get_attribute("href") or "").endswith("/accessibility"))
    assert browser.execute_script(FOCUS_PROBLEM, link) is None
    for name in ("outline", "box-shadow", "background"):
        browser.execute_script(f"arguments[0].style.setProperty('{name}', 'none', 'important');", link)
    assert browser.execute_script(FOCUS_PROBLEM, link) == "looks the same focused and not focused"
    browser.get(f"{live_server}/accessibility")
    link = tab_to(browser, lambda e: (e.get_attribute("href") or "").endswith("/accessibility"))
    browser.execute_script("""
      const bar = document.createElement('div');
      bar.style.cssText = 'position:fixed;left:0;right:0;bottom:0;height:100vh;background:#fff;z-index:100';
      document.body.append(bar);""")
    assert browser.execute_script(FOCUS_PROBLEM, link).startswith("covered by <div")


# Pages of pages.visit_every_page where the focus appearance is measured:
# every kind of focusable element (links in text, in the header and the
# footer, the skip and back links, primary and secondary buttons, language
# buttons, text boxes, radios, checkboxes, a file input, the error summary
# that takes focus) on a light and a dark background, at both widths.
FOCUS_PAGES = ("start", "identity with errors", "requests with errors", "check, everything missing",
               "attachments with errors", "resume", "start, cookies refused (400)")


@pytest.mark.parametrize("language, page, width", [
    *(("fr", page, width) for page in FOCUS_PAGES for width in (1280, 320)),
    ("nl", "identity with errors", 320),
])
def test_focus_appearance(browser, live, language, page, width):
    """WCAG 2.4.13: each focusable element, focused as with the keyboard,
    changes at least a 2 px perimeter of pixels by 3:1 or more."""
    set_viewport(browser, width, 1024 if width > 500 else 640)
    show_page(browser, live, language, page)
    checked, problems = focus_appearance_problems(browser)
    set_viewport(browser, 1280, 1024)
    FIGURES.append(f"focus appearance (2.4.13) – {language} {page} at {width} px: "
                   f"{checked} focusable elements, {len(problems)} problems")
    assert checked and problems == [], "\n".join(problems)


# Weak focus styles: a link whose focus only turns its background yellow
# (1.35:1 on white), a grey button turning yellow (1.05:1), both as in
# issue 11; a 1 px outline (too small an area); and a good one.
WEAK_FOCUS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Focus</title><style>
body { margin: 2rem; font: 19px sans-serif; background: #fff; }
#yellow:focus-visible { outline: none; background: #ffdd00; }
#grey { background: #e4e3e2; border: 2px solid transparent; padding: .6rem 1.2rem; font: inherit; }
#grey:focus-visible { outline: none; background: #ffdd00; }
#thin:focus-visible { outline: 1px solid #0b0c0c; outline-offset: 2px; }
#good:focus-visible { outline: 3px solid #0b0c0c; outline-offset: 2px; }
</style></head><body>
<p><a id="yellow" href="#a">A link that only turns yellow</a></p>
<p><button id="grey" type="button">A grey button</button></p>
<p><a id="thin" href="#b">A link with a thin outline</a></p>
<p><a id="good" href="#c">A link with a thick dark outline</a></p>
</body></html>"""


def test_the_focus_appearance_check_finds_a_weak_focus(browser):
    """The check itself is tested: the yellow link and the grey button of
    the issue, and a 1 px outline, are reported; a 3 px dark outline is not."""
    from urllib.parse import quote

    set_viewport(browser, 1280, 1024)
    browser.get("data:text/html;charset=utf-8," + quote(WEAK_FOCUS_PAGE))
    found = {name: focus_appearance_problem(browser, browser.find_element(By.ID, name))
             for name in ("yellow", "grey", "thin", "good")}
    assert all("needed (2 px × the perimeter)" in found[name] for name in ("yellow", "grey", "thin")), found
    assert found["good"] is None
    checked, problems = focus_appearance_problems(browser)
    assert checked == 4 and len(problems) == 3


def test_staff_login_and_team_with_the_keyboard_alone(browser, live):
    """The assisted mode's way in: password, setting up the second factor,
    the recovery codes, the team page and logging out, with Tab and Enter;
    every stop visible and on screen."""
    from .pages import STAFF_PASSWORD, new_staff_admin, staff_code

    set_viewport(browser, 1280, 1024)
    browser.delete_all_cookies()
    browser.get(f"{live.url}/language/fr?next=/")
    email, link = new_staff_admin(live.app)
    browser.get(f"{live.url}{link}")
    fill_with_keyboard(browser, {"new_password": STAFF_PASSWORD, "new_password_again": STAFF_PASSWORD})
    activate(browser, lambda e: e.tag_name == "button" and e.get_attribute("value") == "continue")
    counts = {"login": tab_through(browser)}
    fill_with_keyboard(browser, {"email": email, "password": STAFF_PASSWORD})
    activate(browser, lambda e: e.tag_name == "button" and e.get_attribute("value") == "continue")
    counts["second factor"] = tab_through(browser)
    fill_with_keyboard(browser, {"code": staff_code(browser)})
    activate(browser, lambda e: e.tag_name == "button" and e.get_attribute("value") == "continue")
    assert browser.find_elements(By.CSS_SELECTOR, ".recovery-codes code")
    counts["recovery codes"] = tab_through(browser)
    browser.get(f"{live.url}/staff/team")
    counts["team"] = tab_through(browser)
    activate(browser, lambda e: e.tag_name == "button" and e.text == translate("Log out", "fr"))
    assert browser.current_url.endswith("/staff/login?out=1")
    FIGURES.append(f"keyboard only – fr: staff login, second factor set up, team page, logged out; stops: {counts}")
