"""The auditors' one-command report: HTML and JSON, with axe results by rule
and WCAG criterion, the HTML verdict and screenshots, per page and language."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from .audit import run_audit

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
    for page in report["pages"]:
        for shot in page["screenshots"].values():
            assert (out / shot).stat().st_size > 2000

    document = BeautifulSoup((out / "report.html").read_text(), "html5lib")
    assert document.find("html")["lang"] == "en" and len(document.find_all("h1")) == 1
    assert len(document.select("tbody tr")) == 4
