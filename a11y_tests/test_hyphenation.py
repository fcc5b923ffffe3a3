"""Long words at 320 px (issue 11, finding 8): a word that does not fit on
one line is broken at a soft hyphen (webform.hyphenation), never at any
letter that reached the edge of the screen.

Chromium here has no hyphenation dictionary, so without the soft hyphens
``overflow-wrap`` cut "arbeidsongeschiktheid" wherever the line ended; the
last test removes them to show that the check then fails.
"""
from __future__ import annotations

import itertools

import pytest

from .conftest import FIGURES
from .pages import visit_every_page
from .test_browser_walkthrough import set_viewport

pytestmark = pytest.mark.browser

# The first pages of the page list: start, statement, task list, the check
# page with everything missing (its long list of errors).
PAGES = 5

# Every word of 8 letters or more in the page's text: where each of its line
# breaks falls. A break inside a word must follow a soft or a real hyphen.
WORD_BREAKS = r"""
const top = (node, i) => {
  const range = document.createRange();
  range.setStart(node, i); range.setEnd(node, i + 1);
  // Chromium gives the letter after a soft hyphen that broke the line two
  // boxes: the hyphen shown at the line's end, then the letter itself.
  const rects = range.getClientRects();
  return rects.length && node.data[i] !== '\u00ad' ? rects[rects.length - 1].top : null;
};
const found = {broken: [], hyphenated: 0};
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node; (node = walker.nextNode());) {
  if (!node.parentElement || node.parentElement.closest('.visually-hidden, script, style, [hidden]')) continue;
  for (const match of node.data.matchAll(/[\p{L}\u00ad-]+/gu)) {
    if (match[0].replace(/[\u00ad-]/g, '').length < 8) continue;
    let line = top(node, match.index);
    for (let i = match.index + 1; i < match.index + match[0].length; i++) {
      const next = top(node, i);
      if (line !== null && next !== null && next > line + 1) {
        if ('\u00ad-'.includes(node.data[i - 1])) found.hyphenated += 1;
        else found.broken.push(match[0].slice(0, i - match.index) + '|' + match[0].slice(i - match.index));
      }
      if (next !== null) line = next;
    }
  }
}
return found;
"""

DROP_SOFT_HYPHENS = r"""
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node; (node = walker.nextNode());) node.data = node.data.replace(/\u00ad/g, '');
"""


def word_breaks(browser) -> dict:
    return browser.execute_script(WORD_BREAKS)


@pytest.mark.parametrize("language", ["nl", "de"])
def test_long_words_break_only_at_a_hyphen_at_320_px(browser, live, language):
    set_viewport(browser, 320, 640)
    broken, hyphenated = {}, 0
    for name in itertools.islice(visit_every_page(browser, live, language), PAGES):
        found = word_breaks(browser)
        hyphenated += found["hyphenated"]
        if found["broken"]:
            broken[name] = found["broken"]
    set_viewport(browser, 1280, 1024)
    FIGURES.append(f"long words at 320 px – {language}: {hyphenated} broken at a hyphen, "
                   f"{sum(map(len, broken.values()))} elsewhere, on {PAGES} pages")
    assert hyphenated > 0, "no long word needed breaking: the check saw nothing"
    assert broken == {}


def test_the_check_finds_a_word_broken_between_two_letters(browser, live):
    set_viewport(browser, 320, 640)
    browser.get(f"{live.url}/language/nl?next=/accessibility")
    browser.execute_script(DROP_SOFT_HYPHENS)
    found = word_breaks(browser)
    set_viewport(browser, 1280, 1024)
    assert found["broken"], found
