"""WCAG 3.2.6 Consistent Help (and 3.2.3 Consistent Navigation): the help
every page offers (the phone number of the DG's contact centre and the
accessibility statement, which gives the e-mail address) and the repeated
navigation (the service name, the language choice) come in the same order,
around the main content, on every page the form can show, in fr, nl and de.
Help that a page adds inside its main content (the resume page's phone
number) is that page's own content and does not count."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag

from a11y_tests.conftest import error_page
from a11y_tests.test_html_validity import collect_pages
from .test_application import LANGUAGES

HELP = ("contact phone", "accessibility statement")


def repeated_parts(html: str, phone: str, statement: str) -> tuple[str, ...]:
    """The page's repeated parts in document order, its main content as "main"."""
    soup = BeautifulSoup(html, "html5lib")
    parts: list[str] = []
    for node in soup.body.descendants:
        if node.find_parent("main"):
            continue
        if isinstance(node, Tag):
            classes = node.get("class") or []
            if node.name == "main":
                parts.append("main")
            elif node.name == "a" and "service-name" in classes:
                parts.append("home link")
            elif node.name == "nav" and "language-nav" in classes:
                parts.append("language choice")
            elif node.name == "a" and node.get("href") == statement:
                parts.append("accessibility statement")
        elif phone in node:
            parts.append("contact phone")
    return tuple(parts)


def consistent_help_problems(pages: dict[str, str], phone: str, statement: str) -> list[str]:
    """Pages whose help or navigation is missing or in another order than on the first page."""
    sequences = {name: repeated_parts(html, phone, statement) for name, html in pages.items()}
    first_name, first = next(iter(sequences.items()))
    problems = [f"{first_name}: no {h}" for h in HELP if first.count(h) != 1]
    problems += [
        f"{name}: {' > '.join(sequence)} instead of {' > '.join(first)}"
        for name, sequence in sequences.items() if sequence != first
    ]
    return problems


@pytest.fixture
def every_page(app):
    app.add_url_rule("/__error/<int:code>", "test_error_page", error_page)

    def pages(language: str) -> dict[str, str]:
        return collect_pages(app, language)

    return pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_and_navigation_in_the_same_order_on_every_page(app, every_page, language):
    pages = every_page(language)
    phone = app.config["SERVICE_CONTACT_PHONE"]
    assert len(pages) > 40
    assert consistent_help_problems(pages, phone, "/accessibility") == []
    assert repeated_parts(pages["start"], phone, "/accessibility") == (
        "home link", "language choice", "main", "contact phone", "accessibility statement",
    )


def test_the_help_check_finds_a_page_where_the_order_differs(app, client):
    phone = app.config["SERVICE_CONTACT_PHONE"]
    start = client.get("/").get_data(as_text=True)
    statement = client.get("/accessibility").get_data(as_text=True)
    assert consistent_help_problems({"start": start, "statement": statement}, phone, "/accessibility") == []

    soup = BeautifulSoup(statement, "html5lib")
    footer = soup.select_one(".site-footer .width-container")
    footer.append(footer.find("p").extract())  # the phone after the statement's link
    problems = consistent_help_problems({"start": start, "statement": str(soup)}, phone, "/accessibility")
    assert problems == [
        "statement: home link > language choice > main > accessibility statement > contact phone "
        "instead of home link > language choice > main > contact phone > accessibility statement"
    ]

    soup.select_one(".site-footer").decompose()  # no help at all
    problems = consistent_help_problems({"statement": str(soup), "start": start}, phone, "/accessibility")
    assert problems[:2] == ["statement: no contact phone", "statement: no accessibility statement"]
