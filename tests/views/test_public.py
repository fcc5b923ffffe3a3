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
    # Feedback by a mailto link; the enforcement body linked, in the reader's
    # language where its site has it (French and Dutch), else both.
    assert page.soup.select_one('main a[href="mailto:accessibility@example.invalid"]')
    sites = {a["href"] for a in page.soup.select('main a[href^="https://www."]')}
    assert sites == {
        "fr": {"https://www.mediateurfederal.be"},
        "nl": {"https://www.federaalombudsman.be"},
        "de": {"https://www.mediateurfederal.be", "https://www.federaalombudsman.be"},
    }[language]
    # Non-accessible content in the model's three categories, with criteria.
    subheadings = [h.get_text(strip=True) for h in page.soup.select("main h3")]
    assert subheadings == [translate(h, language) for h in (
        "Non-compliance with the accessibility rules", "Disproportionate burden",
        "Content outside the scope of the rules")]
    listed = page.soup.select_one("main h3 ~ ul").get_text()
    assert "3.1.2" in listed and "1.3.1" in listed


def test_start_page_explains_before_starting(client):
    page = Page(client.get("/", headers={"Accept-Language": "nl"}))
    assert page.h1 == translate("Apply for recognition of your disability, allowances or a parking card", "nl")
    assert page.soup.select_one("form.start-form button")
    # Each language is offered in its own language, from every page.
    assert {a["lang"] for a in page.soup.select(".language-nav a")} == {"fr", "de"}


def test_a_placeholder_feedback_address_is_reported_at_startup(tmp_path, monkeypatch, caplog):
    from webform import create_app

    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("SERVICE_CONTACT_EMAIL", raising=False)
    settings = {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    create_app(settings)
    assert "SERVICE_CONTACT_EMAIL is not set" in caplog.text
    caplog.clear()
    create_app({**settings, "TESTING": True})
    monkeypatch.setenv("SERVICE_CONTACT_EMAIL", "toegankelijkheid@example.be")
    create_app(settings)
    assert "SERVICE_CONTACT_EMAIL" not in caplog.text


LEGAL_BASIS = (
    "Under the GDPR, the processing is needed to comply with a legal obligation and to perform a task in the "
    "public interest (article 6(1)(c) and (e)). Your health data are processed for social security and social "
    "protection and for the medical assessment (article 9(2)(b) and (h))."
)


@pytest.mark.parametrize("language, site", [
    ("fr", {"https://www.autoriteprotectiondonnees.be"}),
    ("nl", {"https://www.gegevensbeschermingsautoriteit.be"}),
    ("de", {"https://www.autoriteprotectiondonnees.be", "https://www.gegevensbeschermingsautoriteit.be"}),
])
def test_data_protection_notice(app, client, language, site):
    """GDPR art. 13 in the reader's language, reached from every page's footer
    and from the start page (review F6: a notice, not a consent)."""
    start = Page(client.get(f"/language/{language}?next=/", follow_redirects=True))
    assert start.soup.select_one('footer a[href="/privacy"]').get_text(strip=True) == translate("Data protection", language)
    assert start.soup.select_one('main a[href="/privacy"]')
    page = Page(client.get("/privacy"))
    assert page.h1 == translate("Data protection", language)
    headings = [h.get_text(strip=True) for h in page.soup.select("main h2")]
    assert headings == [translate(h, language) for h in (
        "Who is responsible", "Why we use your data", "On what legal basis", "What we collect",
        "Who receives your data", "How long we keep your data", "Your rights", "Complaints")]
    text = page.soup.select_one("main").get_text(" ", strip=True)
    config = app.config
    for fact in ("1987", config["SERVICE_POSTAL_ADDRESS"][language], config["DATA_PROTECTION_AUTHORITY_ADDRESS"][language],
                 translate(LEGAL_BASIS, language)):
        assert fact in text, fact
    # The partner is to be told; retention from the configuration.
    assert translate("If you give your partner's data, tell your partner and show them this notice.", language) in text
    days = app.config["DRAFT_RETENTION_DAYS"]
    assert translate("An application that was not sent is deleted %(days)s days after it was last saved.", language, days=days) in text
    assert page.soup.select_one('main a[href="mailto:dpo@example.invalid"]')
    assert {a["href"] for a in page.soup.select('main a[href^="https://www."]')} == site
