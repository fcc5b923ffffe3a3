"""WCAG 2.4.13 Focus Appearance (AAA), measured on the pixels the browser draws.

The criterion: the focus indicator is at least as large as the area of a
2 CSS px thick perimeter of the unfocused component, and its pixels change
with a contrast ratio of at least 3:1 between the unfocused and the focused
states. The check decides it from two screenshots of the element and a
margin around it (the outline is drawn outside the element), one unfocused,
one focused the way the keyboard focuses (so :focus-visible applies): it
counts the pixels whose two colours differ by 3:1 or more, and wants at
least 2 px × the perimeter of the element's boxes (each line of a link that
wraps is a box of its own).

Pixels rather than computed styles: "outline-width >= 2px, outline-style not
none, outline colour 3:1 against the background around it" would be simpler,
but it misses what the pixels show (an outline clipped by overflow, covered
by a neighbour, drawn in the colour of the background behind it, a
background change instead of an outline) and cannot weigh an indicator made
of several parts. The screenshots are taken at a device scale factor of 1
(set_viewport), so one image pixel is one CSS px.
"""
from __future__ import annotations

import base64
import io

from PIL import Image

# Margin around the element, in CSS px: the outline and its offset (5 px
# here) and some more.
MARGIN = 8

# Every element the keyboard can focus, in document order, with the error
# summary first when it took the focus on load (it has tabindex="-1" and is
# not in the Tab order otherwise). Hidden elements (no box) are left out;
# the skip link, off screen until focused, is kept.
FOCUSABLE = """
const first = document.activeElement && document.activeElement.matches('.error-summary') ? [document.activeElement] : [];
const all = [...document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), textarea, select, summary, [tabindex]:not([tabindex="-1"])')];
return first.concat(all.filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length));
"""

# The element's boxes in page coordinates; focus or blur it first.
STATE = """
const [e, focus] = arguments;
if (focus) {
  e.focus({preventScroll: true, focusVisible: true});
} else if (document.activeElement && document.activeElement !== document.body) {
  document.activeElement.blur();
}
const rects = [...e.getClientRects()].map(r => [r.left + scrollX, r.top + scrollY, r.width, r.height]);
return {rects, focused: document.activeElement === e, visible: e.matches(':focus-visible')};
"""


def relative_luminance(pixel: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = pixel
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def pixels(image: Image.Image):
    data = image.tobytes()
    return zip(data[0::3], data[1::3], data[2::3])


def changed_pixels(before: Image.Image, after: Image.Image, ratio: float = 3.0) -> int:
    """How many pixels change colour with at least this contrast ratio."""
    seen: dict[tuple, bool] = {}
    count = 0
    for pair in zip(pixels(before), pixels(after)):
        if pair[0] == pair[1]:
            continue
        if pair not in seen:
            seen[pair] = contrast(*pair) >= ratio
        count += seen[pair]
    return count


def capture(browser, region: tuple[int, int, int, int]) -> Image.Image:
    """A screenshot of a region of the page (page coordinates, CSS px),
    wherever it is scrolled."""
    x, y, width, height = region
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": x, "y": y, "width": width, "height": height, "scale": 1},
    })
    return Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB")


def region_around(rects: list[list[float]], margin: int = MARGIN) -> tuple[int, int, int, int]:
    left = max(0, int(min(r[0] for r in rects)) - margin)
    top = max(0, int(min(r[1] for r in rects)) - margin)
    right = int(max(r[0] + r[2] for r in rects)) + margin + 1
    bottom = int(max(r[1] + r[3] for r in rects)) + margin + 1
    return left, top, right - left, bottom - top


def perimeter(rects: list[list[float]]) -> float:
    return sum(2 * (width + height) for _, _, width, height in rects)


def on_page(rects: list[list[float]]) -> bool:
    """False for an element parked off the page until focused (the skip link)."""
    return all(r[0] + r[2] > 0 and r[1] + r[3] > 0 for r in rects)


def focus_appearance_problem(browser, element) -> str | None:
    """None when the focus indicator meets WCAG 2.4.13, else what is wrong."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    focused = browser.execute_script(STATE, element, True)
    if not (focused["focused"] and focused["visible"]):
        return "does not take the keyboard focus (:focus-visible)"
    unfocused = browser.execute_script(STATE, element, False)
    # The unfocused component's size; for one shown only when focused, its focused size.
    boxes = unfocused["rects"] if on_page(unfocused["rects"]) else focused["rects"]
    region = region_around(focused["rects"] + (boxes if boxes is not focused["rects"] else []))
    before = capture(browser, region)
    browser.execute_script(STATE, element, True)
    after = capture(browser, region)
    needed = 2 * perimeter(boxes)
    found = changed_pixels(before, after)
    if found < needed:
        return f"{found} px change at 3:1 or more when focused, {needed:.0f} needed (2 px × the perimeter)"
    return None


def describe(element) -> str:
    html = element.get_attribute("outerHTML")
    return " ".join(html.split())[:110]


def focus_appearance_problems(browser) -> tuple[int, list[str]]:
    """Every focusable element of the page shown, focused in turn: how many
    were checked, and what is wrong with which."""
    elements = browser.execute_script(FOCUSABLE)
    problems = []
    for element in elements:
        problem = focus_appearance_problem(browser, element)
        if problem:
            problems.append(f"{describe(element)}: {problem}")
    return len(elements), problems
