"""The auditors' one-command report: HTML and JSON, with axe results by rule
and WCAG criterion, the HTML verdict and screenshots, per page and language."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from .audit import run_audit
from .wcag_criteria import ROOT

pytestmark = pytest.mark.browser


def test_audit_writes_the_report(tmp_path, monkeypatch):
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "instance"))
    out = tmp_path / "report"
    report = run_audit(out, ["de"], limit=4)

    on_disk = json.loads((out / "report.json").read_text())
    assert on_disk["summary"] == report["summary"]
    assert report["summary"]["pages"] == 4
    assert report["summary"]["axe_violations"] == 0 and report["summary"]["html_errors"] == 0
    first = report["pages"][0]
    assert first["page"] == "start" and first["language"] == "de"
    assert first["axe"]["passes"] > 10
    # Results are given by WCAG success criterion too (e.g. 1.4.3 contrast).
    assert "1.4.3" in first["axe"]["by_criterion"]
    heights = []
    for page in report["pages"]:
        for width, shot in page["screenshots"].items():
            assert (out / shot).stat().st_size > 2000
            shot_width, shot_height = png_size(out / shot)
            assert shot_width == int(width)
            heights.append((shot_height, width))
    # Whole pages, not the viewport: a page at 320 px is longer than 640 px.
    assert max(h for h, width in heights if width == "320") > 640

    document = BeautifulSoup((out / "report.html").read_text(), "html5lib")
    assert document.find("html")["lang"] == "en" and len(document.find_all("h1")) == 1
    results = document.find("table")
    assert len(results.select("tbody tr")) == 4
    # One table by WCAG criterion per page, linked from the page's row.
    by_criterion = document.select("section table[id^='criteria-']")
    assert len(by_criterion) == 4
    assert results.select_one("tbody tr a[href^='#criteria-']")["href"] == f"#{by_criterion[0]['id']}"
    assert "1.4.3" in by_criterion[0].get_text()
    assert_the_criteria_are_shown(report, document, out)


def assert_the_criteria_are_shown(report, document, out):
    """Every WCAG 2.2 criterion, with axe's result of this run for those axe checks."""
    criteria = {c["number"]: c for c in report["criteria"]}
    assert len(criteria) == 87
    assert criteria["1.4.3"]["axe"] == {**criteria["1.4.3"]["axe"], "result": "pass", "pages_with_violations": 0}
    assert criteria["3.2.6"]["axe"]["result"] is None and criteria["3.2.6"]["result"] == "pass"
    assert criteria["1.2.1"]["applies"] is False
    table = document.find("table", id="wcag-criteria")
    assert len(table.select("tbody tr")) == 87
    assert table.find_parent("section").find("h2").get_text() == "WCAG 2.2 success criteria"
    link = document.find("a", href="wcag-criteria.md")
    assert link and (out / "wcag-criteria.md").read_text() == (ROOT / "a11y_tests" / "wcag_criteria.md").read_text()
    row = next(tr for tr in table.select("tbody tr") if tr.th.get_text().startswith("1.4.3 "))
    assert "axe: color-contrast" in row.get_text() and "pass (0 pages with violations" in row.get_text()


def png_size(path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    header = path.read_bytes()[:24]
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def test_the_report_lists_items_to_review_with_their_criterion(tmp_path):
    from .audit import write_html_report

    page = {
        "language": "fr", "page": "check", "title": "Vérifiez", "html": {"errors": []},
        "screenshots": {"320": "a.png", "1280": "b.png"},
        "axe": {
            "violations": [], "passes": 40,
            "incomplete": [{"rule": "color-contrast", "impact": "serious", "help": "Contrast", "wcag": ["1.4.3"]}],
            "by_criterion": {"1.4.3": {"violations": 0, "passes": 0, "incomplete": 1}},
        },
    }
    report = {
        "generated_at": "2026-11-30T00:00:00+00:00", "tools": {"axe-core": "4.14", "vnu": "1", "chromium": "1"},
        "summary": {"pages": 1, "languages": ["fr"], "axe_violations": 0, "axe_incomplete": 1, "html_errors": 0},
        "pages": [page],
    }
    write_html_report(report, tmp_path)
    document = BeautifulSoup((tmp_path / "report.html").read_text(), "html5lib")
    review = document.find("table").select("tbody tr td")[4]
    assert "color-contrast" in review.get_text() and "WCAG 1.4.3" in review.get_text()


def test_a_violation_in_the_run_fails_its_criterion():
    from .wcag_criteria import with_axe_results

    page = lambda violations: {"axe": {"by_criterion": {"1.4.3": {"violations": violations, "passes": 1, "incomplete": 0}}}}  # noqa: E731
    rows = {c["number"]: c for c in with_axe_results([page(0), page(1)])}
    assert rows["1.4.3"]["axe"]["result"] == "fail" and rows["1.4.3"]["axe"]["pages_with_violations"] == 1
    # A criterion axe checks but no page gave a result for still passes; one axe never checks has none.
    assert rows["1.1.1"]["axe"]["result"] == "pass" and rows["3.3.7"]["axe"]["result"] is None
