"""The WCAG 2.2 criteria file: every criterion listed, each applicable one
checked, every check it names present in the tree, the document in step
with the data, and what the "does not apply" claims rest on checked."""
from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from . import wcag_criteria
from .wcag_criteria import CRITERIA, ROOT, checks, criteria_of, reference_exists

LEVELS = ("A", "AA", "AAA")

# WCAG 2.2 (W3C Recommendation): 86 success criteria in force, 31 at level
# A, 24 at AA and 31 at AAA, plus 4.1.1 Parsing, obsolete and removed.
NEW_IN_22 = {"2.4.11", "2.4.12", "2.4.13", "2.5.7", "2.5.8", "3.2.6", "3.3.7", "3.3.8", "3.3.9"}


def test_every_wcag_22_criterion_is_listed_once_in_order():
    numbers = [c.number for c in CRITERIA]
    assert len(numbers) == len(set(numbers)) == 87
    assert numbers == sorted(numbers, key=lambda n: [int(p) for p in n.split(".")])
    assert set(wcag_criteria.EVIDENCE) == set(numbers)
    assert NEW_IN_22 <= set(numbers)
    in_force = Counter(c.level for c in CRITERIA if c.number not in wcag_criteria.OBSOLETE)
    assert in_force == {"A": 31, "AA": 24, "AAA": 31}
    assert wcag_criteria.OBSOLETE == {"4.1.1"} and wcag_criteria.EVIDENCE["4.1.1"].checks


def test_levels_agree_with_axe():
    """axe tags a rule with the lowest level of its criteria (wcag2a, wcag21aa,
    wcag22aa, wcag2aaa): our levels must give the same."""
    level_of = {c.number: c.level for c in CRITERIA}
    compared = 0
    for rule in wcag_criteria.axe_metadata()["rules"]:
        tagged = {m.group(1) for m in map(re.compile(r"^wcag2\d?(a{1,3})$").match, rule["tags"]) if m}
        numbers = criteria_of(rule["tags"])
        if tagged and numbers:
            lowest = min((level_of[n] for n in numbers), key=LEVELS.index)
            assert {lowest.lower()} == tagged, rule["id"]
            compared += 1
    assert compared > 60


def test_every_applicable_criterion_has_a_check_and_a_result():
    for criterion in CRITERIA:
        evidence = criterion.evidence
        assert evidence.result in wcag_criteria.RESULTS, criterion.number
        assert (evidence.result == wcag_criteria.NOT_APPLICABLE) == (not criterion.applies), criterion.number
        if criterion.applies:
            assert checks(criterion), f"{criterion.number} applies but nothing checks it"
        if evidence.result == wcag_criteria.MANUAL_PENDING:
            assert any(kind == "manual" for kind, _ in evidence.checks), f"{criterion.number}: no steps to follow"
        for kind, value in checks(criterion):
            assert kind in ("axe", "test", "manual") and value, criterion.number


def test_criteria_axe_checks_come_from_axe():
    by_number = {c.number: c for c in CRITERIA}
    assert ("axe", ["color-contrast"]) in checks(by_number["1.4.3"])
    assert ("axe", ["target-size"]) in checks(by_number["2.5.8"])
    # Experimental or deprecated rules are named apart, not counted as checks.
    assert wcag_criteria.axe_rules("1.3.4") == ([], ["css-orientation-lock"])
    assert all(kind != "axe" for kind, _ in checks(by_number["3.3.7"]))


def test_every_referenced_test_exists():
    missing = {
        test_id for criterion in CRITERIA for test_id in wcag_criteria.test_ids(criterion)
        if not reference_exists(test_id)
    }
    tolerated = wcag_criteria.EXPECTED_FROM_OTHER_BRANCHES if wcag_criteria.OTHER_BRANCHES_PENDING else set()
    assert missing - tolerated == set()
    assert wcag_criteria.EXPECTED_FROM_OTHER_BRANCHES <= {
        test_id for criterion in CRITERIA for test_id in wcag_criteria.test_ids(criterion)
    }


def test_a_reference_to_a_missing_test_is_found():
    assert reference_exists("a11y_tests/test_wcag_criteria.py::test_a_reference_to_a_missing_test_is_found")
    assert reference_exists("a11y_tests/test_wcag_criteria.py")
    assert not reference_exists("a11y_tests/test_wcag_criteria.py::test_that_was_never_written")
    assert not reference_exists("tests/no_such_file.py")


def test_the_committed_document_is_the_generated_one():
    committed = (ROOT / "a11y_tests" / "wcag_criteria.md").read_text(encoding="utf-8")
    assert committed == wcag_criteria.markdown(), (
        "a11y_tests/wcag_criteria.md is out of date: python -m a11y_tests.wcag_criteria > a11y_tests/wcag_criteria.md"
    )


def test_the_document_has_a_table_row_per_criterion():
    document = wcag_criteria.markdown()
    rows = [line for line in document.splitlines() if line.startswith("| [")]
    assert len(rows) == 87
    assert "| [3.2.6 Consistent Help](https://www.w3.org/TR/WCAG22/#consistent-help) | A | yes |" in document
    assert "4.1.1 Parsing (obsolete and removed)" in document
    assert "[test_axe.py" not in document and "(test_axe.py)" in document  # links relative to the document


# What some criteria are about, where it would show, and how it would look:
# none of it may be in the form, or the criterion would apply after all.
ABSENT = {
    "time-based media, plug-ins or embedded frames": (("templates/**/*.html",), r"<(video|audio|track|object|embed|iframe|canvas|marquee|blink)\b"),
    "animated pictures": (("static/**/*.gif", "static/**/*.apng", "static/**/*.webp"), r""),
    "animation": (("static/css/*.css",), r"@keyframes|\banimation(-name)?\s*:"),
    "an orientation lock": (("static/css/*.css",), r"orientation\s*:"),
    "content fixed or sticky over the page": (("static/css/*.css",), r"position\s*:\s*(fixed|sticky)"),
    "text in pictures": (("static/**/*.svg",), r"<text\b"),
    "keyboard shortcuts": (("templates/**/*.html", "static/js/*.js"), r"accesskey|\bkey(down|up|press)\b"),
    "gestures, motion, dragging or down-events": (
        ("templates/**/*.html", "static/js/*.js"),
        r"(touch|pointer|mouse)(start|down|move)|gesture|device(motion|orientation)|\bdrag\w*|\bdrop\b|pointerType",
    ),
    "actions on focus or input": (
        ("templates/**/*.html", "static/js/*.js"),
        r"""addEventListener\(\s*["'](focus|focusin|blur|change|input)["']|\son(focus|blur|change|input)=""",
    ),
    "content shown on hover or focus": (("templates/**/*.html",), r"""\stitle=|popover|role=["']tooltip"""),
    "new windows, refreshes or pushed updates": (
        ("templates/**/*.html", "static/js/*.js"),
        r"""target=["']_blank|http-equiv|window\.open|location\.(reload|replace)|setInterval|EventSource|WebSocket""",
    ),
}


def found(root: Path, patterns: tuple[str, ...], expression: str) -> list[str]:
    """Where, in the files the glob patterns name, the expression matches."""
    hits = []
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8", errors="replace")
            match = re.search(expression, text, re.IGNORECASE)
            if match:
                hits.append(f"{path.relative_to(root)}: {match.group(0)!r}")
    return hits


def test_the_form_has_none_of_what_some_criteria_are_about():
    hits = {what: found(ROOT, patterns, expression) for what, (patterns, expression) in ABSENT.items()}
    assert {what: where for what, where in hits.items() if where} == {}


def test_the_absence_check_finds_what_it_looks_for(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "js").mkdir()
    (tmp_path / "templates" / "page.html").write_text('<p title="more">x</p><video src="a.mp4"></video>')
    (tmp_path / "static" / "css" / "main.css").write_text(".bar { position: sticky; }")
    (tmp_path / "static" / "js" / "enhance.js").write_text("document.addEventListener('keydown', go);")
    (tmp_path / "static" / "spinner.gif").write_bytes(b"GIF89a")
    hits = {what: found(tmp_path, patterns, expression) for what, (patterns, expression) in ABSENT.items()}
    assert {what for what, where in hits.items() if where} == {
        "time-based media, plug-ins or embedded frames", "content shown on hover or focus",
        "content fixed or sticky over the page", "keyboard shortcuts", "animated pictures",
    }


def test_no_time_limit_shorter_than_twenty_hours(app):
    """WCAG 2.2.1 and 2.2.6: no page expires (the CSRF token has no time
    limit) and what was typed is kept for more than 20 hours."""
    config = app.config
    assert config["WTF_CSRF_TIME_LIMIT"] is None
    assert config["DRAFT_RETENTION_DAYS"] * timedelta(days=1) > timedelta(hours=20)
    assert config["PERMANENT_SESSION_LIFETIME"] > timedelta(hours=20)
    assert config["SENT_ACCESS_HOURS"] > 20


@pytest.mark.browser
def test_axe_runs_the_rules_the_criteria_name(browser, live):
    """The rules read from axe's metadata with Node are the very rules the
    axe suite runs in Chromium: a rule axe runs (passed, violated, to review
    or without anything to test) is in the document, and the reverse."""
    from .test_axe import axe_results
    from .test_browser_walkthrough import set_viewport

    set_viewport(browser, 1280, 1024)
    browser.get(f"{live.url}/accessibility")
    results = axe_results(browser)
    ran = {r["id"] for kind in ("passes", "violations", "incomplete", "inapplicable") for r in results[kind]}
    named = {r["id"] for r in wcag_criteria.axe_metadata()["rules"] if r["runs"]}
    assert ran == named
    assert results["testEngine"]["version"] == wcag_criteria.axe_metadata()["version"]
