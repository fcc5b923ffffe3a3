"""WCAG 1.4.8 Visual Presentation (AAA), measured in the browser at 1280 px
on a representative set of pages (start, a step with errors, the check
page, the accessibility statement) in fr, nl and de.

What is checked, on blocks of text (p, li, dd, label, legend, outside
headings, which are not paragraphs):
- width: no rendered line holds more than 80 characters (counted per line
  with Range.getClientRects on every character);
- not justified (text-align is not "justify");
- line spacing within paragraphs at least 1.5 (line-height / font-size);
- spacing after paragraphs at least 1.5 times the line spacing, read as:
  from one paragraph to the next, the text moves down at least 1.5 times
  as far as from one line to the next (the gap between two paragraphs is at
  least half a line);
- text resized to 200 % without horizontal scrolling: the 1280 px window at
  200 % zoom is a 640 CSS px viewport, and the page must not scroll sideways.
Not checked by script: colours chosen by the user (the pages set no
background image and follow forced colours; a person checks in the
browser's settings).
"""
from __future__ import annotations


import pytest
from selenium.webdriver.common.by import By

from .conftest import FIGURES
from .pages import visit_every_page
from .test_browser_walkthrough import click_and_wait, set_viewport

pytestmark = pytest.mark.browser

MAX_CHARACTERS = 80

VISUAL_PRESENTATION_PROBLEMS = r"""
const max = arguments[0];
const blocks = 'p, li, dd, label, legend';
const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
  + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
const shown = e => !e.closest('.visually-hidden, [hidden]') && e.getClientRects().length > 0;
const lineHeight = e => {
  const style = getComputedStyle(e);
  const size = parseFloat(style.fontSize);
  return style.lineHeight === 'normal' ? 1.2 * size : parseFloat(style.lineHeight);
};
const problems = [];
const lines = new Map();
const range = document.createRange();
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node; (node = walker.nextNode());) {
  const block = node.parentElement && node.parentElement.closest(blocks);
  if (!block || block.closest('h1, h2, h3, h4, h5, h6') || !shown(node.parentElement)) continue;
  const counts = lines.get(block) || new Map();
  lines.set(block, counts);
  for (let i = 0; i < node.data.length; i++) {
    if (node.data[i] === '\u00ad') continue;
    range.setStart(node, i); range.setEnd(node, i + 1);
    const rects = range.getClientRects();
    const box = rects[rects.length - 1];
    if (!box || box.width === 0) continue;  // white space collapsed away
    const top = Math.round(box.top);
    counts.set(top, (counts.get(top) || 0) + 1);
  }
}
for (const [block, counts] of lines) {
  const longest = Math.max(0, ...counts.values());
  if (longest > max) problems.push(`${name(block)}: a line of ${longest} characters`);
  const style = getComputedStyle(block);
  if (style.textAlign === 'justify') problems.push(`${name(block)}: justified`);
  if (lineHeight(block) < 1.5 * parseFloat(style.fontSize) - 0.5) {
    problems.push(`${name(block)}: line spacing ${(lineHeight(block) / parseFloat(style.fontSize)).toFixed(2)}`);
  }
}
for (const p of document.querySelectorAll('p + p')) {
  const before = p.previousElementSibling;
  if (!shown(p) || !shown(before) || p.closest('h1, h2, h3, h4, h5, h6')) continue;
  const gap = p.getBoundingClientRect().top - before.getBoundingClientRect().bottom;
  if (gap < 0.5 * lineHeight(before) - 0.5) {
    problems.push(`${name(before)} then ${name(p)}: paragraph spacing ${gap.toFixed(1)} px for lines of ${lineHeight(before).toFixed(1)} px`);
  }
}
return problems;
"""


def visual_presentation_problems(browser) -> list[str]:
    """1.4.8 at 1280 px, then the page at 200 % (640 CSS px)."""
    set_viewport(browser, 1280, 1024)
    problems = browser.execute_script(VISUAL_PRESENTATION_PROBLEMS, MAX_CHARACTERS)
    set_viewport(browser, 640, 512)
    if browser.execute_script("return document.documentElement.scrollWidth") > 640:
        problems.append("scrolls horizontally at 200 % (640 px)")
    set_viewport(browser, 1280, 1024)
    return problems


def representative_pages(browser, live, language: str):
    """Start, statement, data-protection notice and check page from the page
    list (the first pages it visits), then a step with errors."""
    wanted = {"start", "accessibility statement", "data protection notice", "check, everything missing"}
    for name in visit_every_page(browser, live, language):
        if name in wanted:
            wanted.discard(name)
            yield name
        if not wanted:
            break
    browser.get(f"{live.url}/application/requests")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, '#step-form button[name="action"][value="continue"]'))
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), "the step shows its errors"
    yield "requests with errors"


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_text_blocks_meet_visual_presentation(browser, live, language):
    set_viewport(browser, 1280, 1024)
    found = {name: visual_presentation_problems(browser) for name in representative_pages(browser, live, language)}
    failing = {name: problems for name, problems in found.items() if problems}
    FIGURES.append(f"WCAG 1.4.8 visual presentation – {language}: {len(found)} pages, "
                   f"{sum(map(len, failing.values()))} problems")
    assert len(found) == 5
    assert failing == {}


def test_the_check_finds_long_justified_tight_lines(browser, live):
    """A broken page: wide justified paragraphs, tight lines, no spacing,
    and a page wider than 640 px."""
    browser.get(f"{live.url}/language/fr?next=/accessibility")
    assert visual_presentation_problems(browser) == []
    browser.execute_script("""
      document.querySelectorAll('main p').forEach(p => p.style.cssText =
        'max-width:none;width:1100px;text-align:justify;line-height:1.2;margin:0;font-size:14px');
    """)
    found = " | ".join(visual_presentation_problems(browser))
    for expected in ("characters", "justified", "line spacing 1.20", "paragraph spacing", "scrolls horizontally"):
        assert expected in found, (expected, found)
