"""The public pages: the start page and the accessibility statement."""
from __future__ import annotations

import pytest

from ..helpers import Page, translate


@pytest.mark.parametrize("language, month", [("fr", "novembre"), ("nl", "november"), ("de", "November")])
def test_accessibility_statement(client, language, month):
    page = Page(client.get(f"/language/{language}?next=/accessibility", follow_redirects=True))
    assert page.h1 == translate("Accessibility statement", language)
    headings = [h.get_text(strip=True) for h in page.soup.select("main h2")]
    # The sections of the EU model statement.
    for heading in ("Conformance status", "What is not accessible, and why", "How this was evaluated",
                    "Feedback and contact", "Enforcement procedure"):
        assert translate(heading, language) in headings
    assert f"25 {month} 2026" in page.html.replace("25. ", "25 ")
    assert "federalombudsman.be" in page.html


def test_start_page_explains_before_starting(client):
    page = Page(client.get("/", headers={"Accept-Language": "nl"}))
    assert page.h1 == translate("Apply for recognition of your disability, allowances or a parking card", "nl")
    assert page.soup.select_one("form.start-form button")
    # Each language is offered in its own language, from every page.
    assert {a["lang"] for a in page.soup.select(".language-nav a")} == {"fr", "de"}
