"""axe-core (4.14, from the npm registry) on every step of the questionnaire,
plus reflow at 320 px, WCAG 1.4.12 text spacing and distinct titles,
empty and with its errors shown, plus the other pages, in fr, nl and de.

The list of steps comes from the questionnaire itself, so a new step is
checked without anyone adding it here. Tags: WCAG 2.0/2.1/2.2 A and AA,
best practices, and AAA.
"""
from __future__ import annotations

import json

import pytest
from axe_selenium_python import Axe

from webform import ROOT

from .conftest import FIGURES
from .pages import visit_every_page
from .test_browser_walkthrough import set_viewport

pytestmark = pytest.mark.browser

AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "wcag2aaa"]
OPTIONS = json.dumps({"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})

# WCAG 1.4.12: with these spacings, no text may be cut off. Set through the
# CSSOM, which the page's Content-Security-Policy allows.
TEXT_SPACING_CLIPS = """
const all = [...document.querySelectorAll('body *')];
all.forEach(e => {
  e.style.setProperty('line-height', '1.5', 'important');
  e.style.setProperty('letter-spacing', '0.12em', 'important');
  e.style.setProperty('word-spacing', '0.16em', 'important');
});
document.querySelectorAll('p').forEach(e => e.style.setProperty('margin-bottom', '2em', 'important'));
return all.filter(e => {
  if (e.closest('.visually-hidden')) return false;
  const s = getComputedStyle(e);
  const hides = [s.overflow, s.overflowX, s.overflowY].some(v => v === 'hidden' || v === 'clip');
  return hides && (e.innerText || '').trim() && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
}).map(e => e.tagName + '.' + e.className);
"""


def layout_problems(browser) -> list[str]:
    """At 320 x 640 CSS px nothing scrolls sideways; text spacing clips nothing."""
    problems = []
    set_viewport(browser, 320, 640)
    if browser.execute_script("return document.documentElement.scrollWidth") > 320:
        problems.append("scrolls horizontally at 320 px")
    set_viewport(browser, 1280, 1024)
    clipped = browser.execute_script(TEXT_SPACING_CLIPS)
    if clipped:
        problems.append(f"text clipped with WCAG 1.4.12 spacing: {clipped[:3]}")
    return problems


def violations(browser) -> list[dict]:
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run scripts/test, which installs it from package.json")
    axe = Axe(browser, script_url=str(AXE_SCRIPT))
    axe.inject()
    return axe.run(options=OPTIONS)["violations"]


def describe(found: list[dict], browser=None) -> list[str]:
    """axe's violations, then (given the browser) the layout checks."""
    problems = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in found]
    if browser is not None:
        titles.append((browser.title, browser.current_url.split("?")[0]))
        problems += layout_problems(browser)
    return problems


titles: list[tuple[str, str]] = []


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_every_page_has_no_axe_violation(browser, live, language):
    set_viewport(browser, 1280, 1024)
    browser.delete_all_cookies()
    results: dict[str, list[str]] = {}

    for name in visit_every_page(browser, live, language):
        results[name] = describe(violations(browser), browser)

    # Two different pages never share a title.
    pages_by_title: dict[str, set[str]] = {}
    for title, url in titles:
        pages_by_title.setdefault(title, set()).add(url)
    duplicated = sorted(t for t, urls in pages_by_title.items() if len(urls) > 1)
    titles.clear()
    assert duplicated == []
    failing = {page: found for page, found in results.items() if found}
    FIGURES.append(
        f"axe (A, AA, AAA, best practice), 320 px reflow, text spacing, titles – {language}: "
        f"{len(results)} pages checked, {sum(map(len, failing.values()))} problems"
    )
    assert failing == {}
