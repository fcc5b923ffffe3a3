"""axe-core (4.14, from the npm registry) on every page the application can
show, at 1280 px and at 320 px, plus reflow at 320 px, WCAG 1.4.12 text
spacing (at both widths), target sizes, distinct titles and, on every page
with errors, focus on the error summary and "Error:" in the title; in fr, nl
and de.

The list of steps comes from the questionnaire itself, so a new step is
checked without anyone adding it here; and every GET endpoint of the
application must be reached by the page list or be on an allow-list with a
reason. Tags: WCAG 2.0/2.1/2.2 A and AA, best practices, and AAA.

axe's "incomplete" results (what it could not decide) fail the suite like
violations, unless a person reviewed them: REVIEWED_INCOMPLETE.
"""
from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from tests.helpers import translate
from webform import ROOT

from .conftest import FIGURES
from .pages import EASY_READ_PARTS, NOT_VISITED, PARTS, endpoint_of, visit_every_page
from .test_browser_walkthrough import set_viewport

pytestmark = pytest.mark.browser

AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "wcag2aaa"]
OPTIONS = json.dumps({"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations", "incomplete"]})

# Languages in which axe runs a second time at 320 px (small-screen layout:
# the summary rows, the task list and the header are laid out differently).
# All three: it adds about 25 s per language.
AXE_AT_320 = ("fr", "nl", "de")

# axe's "incomplete" items a person has reviewed: (rule, part of the CSS
# target, or "" for any) -> why it is not a fault. Keep this short: every
# other incomplete item fails the suite.
REVIEWED_INCOMPLETE: dict[tuple[str, str], str] = {}

# WCAG 1.4.12: with these spacings, no text may be cut off or overlap other
# text. Set through the CSSOM, which the page's Content-Security-Policy allows.
APPLY_TEXT_SPACING = """
document.querySelectorAll('body *').forEach(e => {
  e.style.setProperty('line-height', '1.5', 'important');
  e.style.setProperty('letter-spacing', '0.12em', 'important');
  e.style.setProperty('word-spacing', '0.16em', 'important');
});
document.querySelectorAll('p').forEach(e => e.style.setProperty('margin-bottom', '2em', 'important'));
"""

# Any element with text whose content is larger than its box (whatever its
# overflow: hidden cuts text off, visible spills it over its neighbours), and
# any two sibling boxes with text that overlap, counting what spills out.
TEXT_LAYOUT_PROBLEMS = """
const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
  + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
const controls = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'OPTION', 'SCRIPT', 'STYLE', 'IMG', 'BR']);
const shown = e => !e.closest('.visually-hidden, [hidden]') && e.getClientRects().length > 0
  && getComputedStyle(e).visibility !== 'hidden';
const withText = e => !controls.has(e.tagName) && shown(e) && (e.innerText || '').trim() !== '';
const isBlock = e => !['inline', 'contents'].includes(getComputedStyle(e).display);
const extent = e => {
  const r = e.getBoundingClientRect();
  if (!isBlock(e)) return r;
  return {left: r.left, top: r.top, right: r.left + Math.max(r.width, e.scrollWidth),
          bottom: r.top + Math.max(r.height, e.scrollHeight)};
};
const problems = [];
const elements = [...document.querySelectorAll('body *')].filter(withText);
for (const e of elements) {
  if (isBlock(e) && (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)) {
    problems.push('text does not fit in ' + name(e));
  }
}
const parents = new Set(elements.map(e => e.parentElement));
for (const parent of parents) {
  const children = [...parent.children].filter(withText).filter(e => getComputedStyle(e).position !== 'fixed');
  const boxes = children.map(extent);
  for (let i = 0; i < children.length; i++) {
    for (let j = i + 1; j < children.length; j++) {
      const a = boxes[i], b = boxes[j];
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (across > 1 && down > 1) problems.push('text of ' + name(children[i]) + ' overlaps ' + name(children[j]));
    }
  }
}
return problems;
"""

# WCAG 2.5.8 as the issue asks it: every control (fields, buttons, and links
# that are not inside a sentence) is at least 24 by 24 CSS px, without
# relying on the spacing exception.
SMALL_TARGETS = """
const inSentence = e => {
  let block = e.parentElement;
  while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
  const own = (e.innerText || '').trim();
  const around = (block ? block.innerText : '').replace(own, '').trim();
  return around.length > 0;
};
const small = [];
document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')
  .forEach(e => {
    if (e.closest('.visually-hidden, [hidden]') || e.classList.contains('skip-link')) return;
    if (e.getClientRects().length === 0 || (e.tagName === 'A' && inSentence(e))) return;
    const r = e.getBoundingClientRect();
    if (r.width < 24 || r.height < 24) {
      small.push(e.tagName.toLowerCase() + ' "' + (e.innerText || e.name || '').trim().slice(0, 30) + '" '
        + Math.round(r.width) + 'x' + Math.round(r.height));
    }
  });
return small;
"""


def text_spacing_problems(browser) -> list[str]:
    """WCAG 1.4.12 at 320 and 1280 px; leaves the page with the spacing set."""
    problems = []
    browser.execute_script(APPLY_TEXT_SPACING)
    for width, height in ((320, 640), (1280, 1024)):
        set_viewport(browser, width, height)
        found = browser.execute_script(TEXT_LAYOUT_PROBLEMS)
        if found:
            problems.append(f"WCAG 1.4.12 spacing at {width} px: {found[:3]}")
    return problems


def target_problems(browser, width: int) -> list[str]:
    """Controls under 24 x 24 CSS px at the width the page is shown at."""
    small = browser.execute_script(SMALL_TARGETS)
    return [f"targets under 24x24 px at {width} px: {small[:3]}"] if small else []


def reflow_problems(browser) -> list[str]:
    """Reflow at 320 CSS px (the page is shown at 320 x 640)."""
    if browser.execute_script("return document.documentElement.scrollWidth") > 320:
        return ["scrolls horizontally at 320 px"]
    return []


def axe_results(browser) -> dict:
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run scripts/test, which installs it from package.json")
    axe = Axe(browser, script_url=str(AXE_SCRIPT))
    # axe-core (half a megabyte of script) stays in the page until the
    # browser leaves it: the second run, at 320 px, uses the copy the first
    # loaded instead of sending and compiling it again.
    if not browser.execute_script("return typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        axe.inject()
    return axe.run(options=OPTIONS)


def reviewed(rule: str, target: str) -> str | None:
    """The reason an incomplete item is not a fault, if a person reviewed it."""
    for (known, part), reason in REVIEWED_INCOMPLETE.items():
        if known == rule and part in target:
            return reason
    return None


def axe_problems(results: dict, width: int, seen_reviewed: set) -> list[str]:
    """Violations, and incomplete items nobody has reviewed."""
    problems = [
        f"{v['id']} ({v['impact']}) at {width} px: {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
    ]
    for item in results.get("incomplete", []):
        open_nodes = []
        for node in item["nodes"]:
            target = " ".join(map(str, node["target"]))
            reason = reviewed(item["id"], target)
            if reason:
                seen_reviewed.add((item["id"], reason))
            else:
                open_nodes.append(node["target"])
        if open_nodes:
            problems.append(f"incomplete {item['id']} at {width} px, to fix or review: {open_nodes[:3]}")
    return problems


def error_page_problems(browser, language: str) -> list[str]:
    """A page with errors: the summary has the focus, the title says "Error:"."""
    problems = []
    focused = browser.switch_to.active_element
    if "error-summary" not in (focused.get_attribute("class") or ""):
        problems.append(f"focus is on <{focused.tag_name}>, not on the error summary")
    if not browser.title.startswith(translate("Error:", language)):
        problems.append(f"the title does not start with {translate('Error:', language)!r}: {browser.title!r}")
    return problems


def check_page(browser, language: str, name: str, seen_reviewed: set) -> list[str]:
    """Every check on the page the browser shows; the page is left altered.

    Each width once, as the checks allow (a change of width lays the page
    out again): at 1280 px axe and the targets; at 320 px axe, reflow and
    the targets; then the text spacing, set at 320 px and checked there and
    again at 1280 px, where the page is left."""
    problems = error_page_problems(browser, language) if name.endswith("with errors") else []
    problems += axe_problems(axe_results(browser), 1280, seen_reviewed)
    problems += target_problems(browser, 1280)
    set_viewport(browser, 320, 640)
    if language in AXE_AT_320:
        problems += axe_problems(axe_results(browser), 320, seen_reviewed)
    problems += reflow_problems(browser) + target_problems(browser, 320)
    return problems + text_spacing_problems(browser)


# The easy-read switch of a page in easy-read: the way back to the standard text.
EASY_READ_ON = '.easy-read-nav a[href*="/easy-read/off"], .easy-read-nav button[value="off"]'

# The endpoints the page list reached, by language and part of the list (for
# the coverage test, when every part of a language ran in its worker).
VISITED: dict[tuple[str, str], set[str]] = {}
# The titles each part met, with the headings of the pages that bore them.
TITLES: dict[tuple[str, str], dict[str, set[str]]] = {}


# Each language's page list in parts (pages.PARTS), one test each, so that
# the two pytest-xdist workers share the longest suite evenly. Titles are
# compared within a part: the steps' titles are each step's own heading.
@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_every_page_has_no_axe_violation(browser, live, language, part):
    check_part(browser, live, language, part)


# Easy-read: each part of the list in one language (pages.EASY_READ_PARTS),
# so that every easy-read page is checked once.
@pytest.mark.parametrize("language, part", EASY_READ_PARTS)
def test_every_easy_read_page_has_no_axe_violation(browser, live, language, part):
    check_part(browser, live, language, part, easy=True)


def check_part(browser, live, language: str, part: str, easy: bool = False) -> None:
    """Every check on every page of one part of the list, in one language."""
    started = time.monotonic()
    set_viewport(browser, 1280, 1024)
    browser.delete_all_cookies()
    results: dict[str, list[str]] = {}
    # The coverage test counts the standard parts only (the same endpoints).
    titles = TITLES.setdefault((language, part), {}) if not easy else {}
    seen_reviewed: set[tuple[str, str]] = set()
    visited = VISITED.setdefault((language, part), set()) if not easy else set()
    part_name = f"{part}, easy-read" if easy else part

    standard_shown = []
    for name in visit_every_page(browser, live, language, (part,), easy):
        # An applicant's page (not the staff's own) offers the way back to the standard text.
        applicant = not urlsplit(browser.current_url).path.startswith("/staff")
        if easy and applicant and not browser.find_elements(By.CSS_SELECTOR, EASY_READ_ON):
            standard_shown.append(name)
        # A page is its heading: the same page reached by two URLs (the code
        # page after saving, and again after e-mailing it) may keep its title.
        titles.setdefault(browser.title, set()).add(browser.find_element(By.TAG_NAME, "h1").text)
        visited.add(endpoint_of(live.app, browser.current_url))
        results[name] = check_page(browser, language, name, seen_reviewed)

    # Two different pages (different headings) never share a title.
    duplicated = sorted(t for t, urls in titles.items() if len(urls) > 1)
    failing = {page: found for page, found in results.items() if found}
    FIGURES.append(
        f"axe (A, AA, AAA, best practice) at 1280{' and 320' if language in AXE_AT_320 else ''} px, "
        f"incomplete items, 320 px reflow, text spacing at 320 and 1280 px, 24 px targets, titles, "
        f"error focus – {language}, {part_name}: {len(results)} pages checked, {sum(map(len, failing.values()))} problems, "
        f"{time.monotonic() - started:.0f} s"
    )
    for rule, reason in sorted(seen_reviewed):
        FIGURES.append(f"  reviewed incomplete {rule}: {reason}")
    if not seen_reviewed:
        FIGURES.append(f"  {language}: no axe incomplete item on the reviewed list was met")
    for page, found in failing.items():
        for problem in found:
            FIGURES.append(f"  {language} {page}: {problem}")
    assert duplicated == []
    assert failing == {}
    # In an easy-read part, every applicant page shows the switch, in
    # easy-read (a browser that refuses cookies cannot keep the choice).
    assert [name for name in standard_shown if name != "start, cookies refused (400)"] == []


def test_every_get_endpoint_is_visited(browser, live):
    """A page the list does not reach is a page no check sees: every GET
    endpoint is visited, or allow-listed with a reason (pages.NOT_VISITED).
    And no two pages of different parts of the list share a title (each
    part checks its own pages)."""
    whole = [language for language in ("fr", "nl", "de") if all((language, part) in VISITED for part in PARTS)]
    if whole:
        visited = set().union(*(VISITED[(whole[0], part)] for part in PARTS))
        titles: dict[str, set[str]] = {}
        for part in PARTS:
            for title, headings in TITLES[(whole[0], part)].items():
                titles.setdefault(title, set()).update(headings)
    else:  # the parts ran in the other worker: walk the pages once, without the checks
        visited, titles = set(), {}
        set_viewport(browser, 1280, 1024)
        for _ in visit_every_page(browser, live, "de"):
            visited.add(endpoint_of(live.app, browser.current_url))
            titles.setdefault(browser.title, set()).add(browser.find_element(By.TAG_NAME, "h1").text)
    endpoints = {rule.endpoint for rule in live.app.url_map.iter_rules() if "GET" in rule.methods}
    assert set(NOT_VISITED) <= endpoints, "an allow-listed endpoint no longer exists"
    assert sorted(endpoints - visited - set(NOT_VISITED)) == []
    assert sorted(t for t, headings in titles.items() if len(headings) > 1) == []
    FIGURES.append(
        f"GET endpoints: {len(endpoints)}, {len(endpoints & visited)} visited by the page list, "
        f"{len(NOT_VISITED)} allow-listed (static files and downloads); {len(titles)} distinct titles"
    )


def test_the_text_spacing_check_finds_cut_off_and_overlapping_text(browser, live):
    """The check itself is tested: a heading of fixed height, then one that
    pulls the next paragraph over itself, must both be reported."""
    set_viewport(browser, 1280, 1024)
    browser.get(f"{live.url}/accessibility")
    assert text_spacing_problems(browser) == []
    browser.get(f"{live.url}/accessibility")
    browser.execute_script("document.querySelector('h1').style.height = '1em';")
    found = text_spacing_problems(browser)
    assert any("text does not fit in h1" in problem for problem in found), found
    browser.get(f"{live.url}/accessibility")
    browser.execute_script("document.querySelector('h1').style.setProperty('margin-bottom', '-2em');")
    found = text_spacing_problems(browser)
    assert any("text of h1 overlaps p" in problem for problem in found), found
    set_viewport(browser, 1280, 1024)


def test_the_target_check_finds_a_small_control(browser, live):
    browser.get(f"{live.url}/accessibility")
    set_viewport(browser, 1280, 1024)
    assert browser.execute_script(SMALL_TARGETS) == []
    link = browser.find_element(By.CSS_SELECTOR, ".site-footer a")
    browser.execute_script("arguments[0].style.cssText = 'display:inline-block;min-height:0;height:16px;padding:0;font-size:12px;line-height:16px';", link)
    assert len(browser.execute_script(SMALL_TARGETS)) == 1


def test_an_incomplete_item_fails_unless_reviewed(monkeypatch):
    """axe's "incomplete" counts as a problem; a reviewed one only as a figure."""
    results = {"violations": [], "incomplete": [
        {"id": "identical-links-same-purpose", "nodes": [{"target": [".summary-action > a"]}]},
    ]}
    seen: set = set()
    assert axe_problems(results, 1280, seen) == [
        "incomplete identical-links-same-purpose at 1280 px, to fix or review: [['.summary-action > a']]"
    ]
    monkeypatch.setitem(REVIEWED_INCOMPLETE, ("identical-links-same-purpose", ".summary-action"), "same page, same purpose")
    assert axe_problems(results, 320, seen) == []
    assert seen == {("identical-links-same-purpose", "same page, same purpose")}
