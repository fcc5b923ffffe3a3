"""Check your answers, the completeness gate, the submission and the PDF."""
from __future__ import annotations

import io
import json
import logging

import pikepdf
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pypdf import PdfReader
from sqlalchemy import select

from webform.export import SCHEMA_PATH, export_schema
from webform.models import Application, db

from ..helpers import FormClient, translate
from ..scenarios import SCENARIOS, STEP_INPUT
from .test_application import walk

LANGUAGES = ("fr", "nl", "de")

# Steps left out, per request, and the messages the check page must list for them.
LEFT_OUT = {
    "recognition": (["doctor"], ["Enter your doctor's name", "Enter the address of your doctor's practice"]),
    "allowances": (["doctor", "bank_account"], [
        "Enter your doctor's name", "Enter the address of your doctor's practice",
        "Enter your account number", "Select whose account it is",
    ]),
    "parking_card": (["walking"], ["Select how far you can walk"]),
    "all": (["doctor", "walking", "bank_account"], [
        "Enter your doctor's name", "Enter the address of your doctor's practice",
        "Select how far you can walk", "Enter your account number", "Select whose account it is",
    ]),
}


def fill_all_but(client: FormClient, language: str, requests: list[str], left_out: list[str]) -> None:
    """Answer every step of the scenario except some, through the pages."""
    client.start(language)
    _, steps = SCENARIOS[next(k for k, v in SCENARIOS.items() if v[0] == requests)]
    for step in steps:
        if step in left_out or step in ("check", "declaration"):
            continue
        data = {"requests": requests} if step == "requests" else STEP_INPUT[step]
        client.post(f"/application/{step}", data)
        assert not client.page.errors(), (step, client.page.errors())


def missing_on_check_page(client: FormClient) -> list[str]:
    page = client.get("/application/check")
    return [a.get_text(strip=True) for a in page.soup.select("#missing li a")]


def status(app) -> str:
    with app.app_context():
        return db.session.execute(select(Application)).scalar_one().status


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("scenario", list(LEFT_OUT))
def test_incomplete_application_cannot_be_sent(app, form_client, language, scenario):
    requests, _ = SCENARIOS[scenario]
    left_out, messages = LEFT_OUT[scenario]
    fill_all_but(form_client, language, requests, left_out)

    # The check page lists exactly what is missing, in the user's language.
    assert missing_on_check_page(form_client) == [translate(m, language) for m in messages]
    assert not form_client.page.soup.select("main a.button"), "no way on to sending"
    assert form_client.page.title.startswith(translate("Check your answers", language))
    # The declaration cannot be reached, nor posted to.
    form_client.get("/application/declaration")
    assert form_client.url == "/application/"
    form_client.client.post("/application/declaration", data=STEP_INPUT["declaration"])
    assert status(app) == "draft"

    # Each missing item links to where it is fixed; fixing them all opens the way.
    for step in left_out:
        form_client.post(f"/application/{step}?return=check", STEP_INPUT[step])
        assert form_client.url == "/application/check"
    assert missing_on_check_page(form_client) == []
    form_client.get(form_client.page.soup.select_one("main a.button")["href"])
    form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert form_client.url == "/application/sent"
    assert status(app) == "submitted"


@pytest.mark.parametrize("language", LANGUAGES)
def test_document_rule_blocks_sending(app, form_client, language):
    requests = ["recognition"]
    fill_all_but(form_client, language, requests, [])
    form_client.post("/application/doctor_consent", {"doctor_consent": "no"})
    form_client.post("/application/documents", {"documents_available": ["no_documents"]})
    rule = "Medical reports: you chose to send them yourself, so tick “Medical reports” among your documents, or allow us to contact your doctors."
    assert missing_on_check_page(form_client) == [translate(rule, language)]
    # Every part is complete, so the declaration opens; sending still refuses.
    form_client.get("/application/declaration")
    page = form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert form_client.url == "/application/check"
    assert translate("Nothing was sent. Your answers are saved.", language) in page.html
    assert status(app) == "draft"
    form_client.post("/application/documents?return=check", {"documents_available": ["medical_reports"]})
    assert missing_on_check_page(form_client) == []


def test_legal_representative_needs_the_court_decision(form_client):
    fill_all_but(form_client, "fr", ["recognition"], [])
    form_client.post("/application/helper_kind", {"helper_kind": "legal"})
    message = "Court decision: your legal representative applies for you, so we need the decision of the justice of the peace that names them."
    assert missing_on_check_page(form_client) == [translate(message, "fr")]


def test_check_page_shows_answers_with_change_links(form_client):
    fill_all_but(form_client, "nl", ["recognition"], [])
    page = form_client.get("/application/check")
    rows = {row.select_one("dt").get_text(strip=True): row for row in page.soup.select(".summary-row")}
    first_name = rows[translate("First name", "nl")]
    assert first_name.select_one(".summary-value").get_text(strip=True) == "Marie"
    link = first_name.select_one(".summary-action a")
    # The link names what it changes, for screen readers.
    assert link.get_text(" ", strip=True) == f"{translate('Change', 'nl')} {translate('First name', 'nl')}"
    assert link["href"] == "/application/identity?return=check#first_name"
    # Changing an answer returns to the check page, with the new answer.
    form_client.get(link["href"].split("#")[0])
    assert form_client.page.soup.select_one("a.back-link")["href"] == "/application/check"
    form_client.submit({**STEP_INPUT["identity"], "first_name": "Anne"}, form="#step-form")
    assert form_client.url == "/application/check"
    rows = {r.select_one("dt").get_text(strip=True): r for r in form_client.page.soup.select(".summary-row")}
    assert rows[translate("First name", "nl")].select_one(".summary-value").get_text(strip=True) == "Anne"
    # A part that does not apply is not shown.
    assert not page.soup.select("#section-household")


def test_change_that_opens_a_question_asks_it_before_returning(form_client):
    fill_all_but(form_client, "fr", ["recognition"], ["helper_kind", "helper_details"])
    form_client.post("/application/helper_kind", {"helper_kind": "none"})
    assert missing_on_check_page(form_client) == []
    form_client.post("/application/helper_kind?return=check", {"helper_kind": "family"})
    assert form_client.url == "/application/helper_details"
    form_client.submit(STEP_INPUT["helper_details"], form="#step-form")
    assert form_client.url == "/application/check"


# -- PDF ---------------------------------------------------------------------
@pytest.fixture
def weasyprint_errors(caplog):
    """WeasyPrint logs (never raises) a missing alt or lang: such a log is a failure."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield lambda: [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.ERROR]


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_of_a_sent_application(app, form_client, language, weasyprint_errors):
    walk(form_client, language, ["recognition", "allowances"])
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    link = form_client.page.soup.select_one('a[href="/application/summary.pdf"]')
    assert link is not None, "the confirmation page offers the PDF"
    response = form_client.client.get("/application/summary.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert weasyprint_errors() == []

    text = pdf_text(response.data)
    for expected in (reference, "Marie", "Dupont", "Rue de la Loi", "BE71 0961 2345 6769",
                     translate("About you", language), translate("Your health and your doctors", language),
                     translate("Declaration", language)):
        assert expected in text, expected
    assert translate("Draft – not sent", language) not in text

    with pikepdf.open(io.BytesIO(response.data)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked)
        assert str(root.Lang) == f"{language}-BE"
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo.Title) == translate("Application %(reference)s", language, reference=reference)
        fonts = [font for page in pdf.pages for font in page.Resources.Font.values()]
        assert fonts
        for font in fonts:
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), "font embedded"


def test_draft_pdf_is_marked_as_not_sent(form_client, weasyprint_errors):
    fill_all_but(form_client, "de", ["parking_card"], ["walking"])
    page = form_client.get("/application/check")
    assert page.soup.select_one('a[href="/application/summary.pdf"]')
    response = form_client.client.get("/application/summary.pdf")
    text = pdf_text(response.data)
    assert translate("Draft – not sent", "de") in text
    assert translate("Not given", "de") in text  # the walking distance, not answered yet
    assert weasyprint_errors() == []


def test_pdf_only_for_the_owner(app, form_client):
    fill_all_but(form_client, "fr", ["recognition"], [])
    stranger = FormClient(app).client
    response = stranger.get("/application/summary.pdf")
    assert response.status_code == 302 and response.mimetype != "application/pdf"


# -- export ------------------------------------------------------------------
def test_schema_file_matches_the_questionnaire(app):
    with app.app_context():
        assert json.loads(SCHEMA_PATH.read_text()) == export_schema(), "run: flask --app wsgi export-schema"


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_export_validates_against_the_schema(app, form_client, scenario):
    requests, _ = SCENARIOS[scenario]
    walk(form_client, "nl", requests)
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    result = app.test_cli_runner().invoke(args=["export", reference])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    Draft202012Validator(json.loads(SCHEMA_PATH.read_text()), format_checker=FormatChecker()).validate(document)
    assert document["reference"] == reference and document["language"] == "nl"
    assert document["answers"]["first_name"] == "Marie"
    # And a broken document would not validate: the schema is not a blank cheque.
    document["answers"]["national_number"] = "85.07.30-033.28"
    assert list(Draft202012Validator(json.loads(SCHEMA_PATH.read_text())).iter_errors(document))


def test_export_of_unknown_or_draft_reference(app, form_client):
    form_client.start("fr")
    result = app.test_cli_runner().invoke(args=["export", "0000-0000-0000"])
    assert result.exit_code != 0 and "no submitted application" in result.output
