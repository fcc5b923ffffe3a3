"""Check your answers, the completeness gate, the submission and the PDF."""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pikepdf
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pypdf import PdfReader
from flask_babel import force_locale, format_datetime
from sqlalchemy import select, update

from webform.export import SCHEMA_PATH, export_schema
from webform import pdf, storage
from webform.models import Application, db, utcnow

from ..helpers import FormClient, translate
from ..scenarios import ALLOWANCE_STEPS, COMMON_STEPS, END_STEPS, MOBILITY_STEPS, SCENARIOS, STEP_INPUT
from .test_application import walk
from .test_files import PDF, attach, stored_content

LANGUAGES = ("fr", "nl", "de")

# Steps left out, per combination of requests, and the messages the check
# page must list for them (every one of the 7 combinations).
DOCTOR = ["Enter your doctor's name", "Enter the address of your doctor's practice"]
WALKING = ["Select how far you can walk"]
BANK = ["Enter your account number", "Select whose account it is"]
LEFT_OUT = {
    ("recognition",): (["doctor"], DOCTOR),
    ("allowances",): (["doctor", "bank_account"], DOCTOR + BANK),
    ("parking_card",): (["walking"], WALKING),
    ("recognition", "allowances"): (["doctor", "bank_account"], DOCTOR + BANK),
    ("recognition", "parking_card"): (["doctor", "walking"], DOCTOR + WALKING),
    ("allowances", "parking_card"): (["doctor", "walking", "bank_account"], DOCTOR + WALKING + BANK),
    ("recognition", "allowances", "parking_card"): (["doctor", "walking", "bank_account"], DOCTOR + WALKING + BANK),
}


def steps_for(requests) -> list[str]:
    """The steps of an application for these requests, in the form's order."""
    return (
        COMMON_STEPS
        + (MOBILITY_STEPS if "parking_card" in requests else [])
        + (ALLOWANCE_STEPS if "allowances" in requests else [])
        + END_STEPS
    )


def fill_all_but(client: FormClient, language: str, requests: list[str], left_out: list[str]) -> None:
    """Answer every step of the scenario except some, through the pages."""
    client.start(language)
    for step in steps_for(requests):
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
@pytest.mark.parametrize("requests", list(LEFT_OUT), ids="+".join)
def test_incomplete_application_cannot_be_sent(app, form_client, language, requests):
    left_out, messages = LEFT_OUT[requests]
    fill_all_but(form_client, language, list(requests), left_out)

    # The check page lists exactly what is missing, in the user's language.
    assert missing_on_check_page(form_client) == [translate(m, language) for m in messages]
    assert not form_client.page.soup.select("main a.button"), "no way on to sending"
    assert form_client.page.title.startswith(translate("Check your answers", language))
    # The declaration cannot be reached, nor posted to.
    form_client.get("/application/declaration")
    assert form_client.url == "/application/"
    form_client.client.post("/application/declaration", data=STEP_INPUT["declaration"])
    assert status(app) == "draft"

    # The first missing item links to where it is fixed; from there every
    # unfinished step is asked in the form's order, then the check page again.
    form_client.get("/application/check")
    form_client.get(form_client.page.soup.select_one("#missing li a")["href"])
    for step in left_out:
        assert form_client.url == f"/application/{step}"
        form_client.submit(STEP_INPUT[step], form="#step-form")
    assert form_client.url == "/application/check"
    assert missing_on_check_page(form_client) == []
    form_client.get(form_client.page.soup.select_one("main a.button")["href"])
    form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert form_client.url == "/application/sent"
    assert status(app) == "submitted"


MEDICAL_RULE = "Medical report: you chose to send the medical reports yourself. Attach a medical report, or allow us to contact your doctor."
COURT_RULE = "Court decision: your legal representative applies for you. Attach the decision of the justice of the peace that names them (as “Certificate or decision”)."
OTHER_BODY_RULE = "Decision of another body: you said another body recognised your disability. For the parking card, attach that decision on the “Attach documents” page, as “Certificate or decision”."
NO_DOCTORS = {"declaration": ["true_complete", "processing", "report_changes"]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_medical_report_must_be_attached_without_doctor_consent(app, form_client, language):
    fill_all_but(form_client, language, ["recognition"], [])
    form_client.post("/application/doctor_consent", {"doctor_consent": "no"})
    # A ticked "Medical reports" box is not a file: still missing.
    form_client.post("/application/documents", {"documents_available": ["medical_reports"]})
    assert missing_on_check_page(form_client) == [translate(MEDICAL_RULE, language)]
    link = form_client.page.soup.select_one("#missing li a")["href"]
    assert link == "/application/files/", "the item links to where the file is attached"
    # Statuses: the documents part is not completed; the sending part not ready.
    statuses = task_statuses(form_client)
    assert statuses["documents"] == translate("In progress", language)
    assert statuses["declaration"] == translate("Not started", language)
    # The declaration opens; sending refuses, and the task list does not say
    # that everything is completed.
    form_client.get("/application/declaration")
    page = form_client.submit(NO_DOCTORS, form="#step-form")
    assert form_client.url == "/application/check"
    assert translate("Nothing was sent. Your answers are saved.", language) in page.html
    assert status(app) == "draft"
    statuses = task_statuses(form_client)
    assert statuses["documents"] == translate("In progress", language)
    assert statuses["declaration"] == translate("In progress", language)
    # A file attached as a medical report, whatever the ticked boxes say.
    form_client.post("/application/documents", {"documents_available": ["no_documents"]})
    attach(form_client, "report.pdf", PDF, kind="medical_report")
    assert missing_on_check_page(form_client) == []
    statuses = task_statuses(form_client)
    assert statuses["documents"] == translate("Completed", language)
    assert statuses["declaration"] == translate("Ready to send", language)


def test_a_file_of_another_kind_is_not_a_medical_report(form_client):
    fill_all_but(form_client, "fr", ["recognition"], [])
    form_client.post("/application/doctor_consent", {"doctor_consent": "no"})
    attach(form_client, "letter.pdf", PDF, kind="other")
    assert missing_on_check_page(form_client) == [translate(MEDICAL_RULE, "fr")]
    # Allowing us to contact the doctor is the other way out.
    form_client.post("/application/doctor_consent?return=check", {"doctor_consent": "yes"})
    assert form_client.url == "/application/check"
    assert missing_on_check_page(form_client) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_legal_representative_needs_the_court_decision(form_client, language):
    fill_all_but(form_client, language, ["recognition"], [])
    form_client.post("/application/helper_kind", {"helper_kind": "legal"})
    form_client.post("/application/documents", {"documents_available": ["court_decision"]})
    assert missing_on_check_page(form_client) == [translate(COURT_RULE, language)]
    attach(form_client, "decision.pdf", PDF, kind="certificate")
    assert missing_on_check_page(form_client) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_parking_card_with_another_recognition_needs_that_decision_attached(form_client, language):
    fill_all_but(form_client, language, ["parking_card"], [])
    form_client.post("/application/other_recognition", {"other_recognition": "yes"})
    form_client.post("/application/other_recognition_details", {"other_recognition_body": "Fedris, 60 %"})
    # A ticked box on the documents step is not a file: still missing.
    form_client.post("/application/documents", {"documents_available": ["other_recognition"]})
    assert missing_on_check_page(form_client) == [translate(OTHER_BODY_RULE, language)]
    link = form_client.page.soup.select_one("#missing li a")["href"]
    assert link == "/application/files/", "the item links to where the file is attached"
    attach(form_client, "other-body.pdf", PDF, kind="other")
    assert missing_on_check_page(form_client) == [translate(OTHER_BODY_RULE, language)]
    attach(form_client, "decision.pdf", PDF, kind="certificate")
    assert missing_on_check_page(form_client) == []


def test_no_decision_needed_without_another_recognition(form_client):
    fill_all_but(form_client, "fr", ["parking_card"], [])
    form_client.post("/application/other_recognition", {"other_recognition": "unknown"})
    assert missing_on_check_page(form_client) == []


def test_a_family_helper_needs_no_court_decision(form_client):
    fill_all_but(form_client, "fr", ["recognition"], [])
    form_client.post("/application/documents", {"documents_available": ["no_documents"]})
    assert missing_on_check_page(form_client) == []


def task_statuses(client: FormClient) -> dict[str, str]:
    page = client.get("/application/")
    return {tag["id"].removeprefix("status-"): tag.get_text(strip=True) for tag in page.soup.select(".tag")}


# -- the declaration ---------------------------------------------------------
def test_task_list_counts_the_parts_to_fill_in_and_says_when_all_are(form_client):
    form_client.start("fr")
    form_client.post("/application/requests", {"requests": ["recognition"]})
    page = form_client.get("/application/")
    total = len(page.soup.select(".task")) - 1  # sending is not filled in
    assert translate("You have completed %(done)s of the %(total)s parts to fill in.", "fr", done=1, total=total) in page.html
    fill_all_but(form_client, "fr", ["recognition"], [])
    page = form_client.get("/application/")
    assert list(task_statuses(form_client).values())[-1] == translate("Ready to send", "fr")
    assert translate("All parts are filled in: check your answers, then send your application.", "fr") in page.html
    assert not page.soup.find(string=lambda text: "parts to fill in" in text)


def test_declaration_states_the_consent_to_contact_the_doctors(app, form_client):
    fill_all_but(form_client, "nl", ["recognition"], [])
    page = form_client.get("/application/declaration")
    assert page.value("declaration") == []
    assert [box["value"] for box in page.soup.select("input[name=declaration]")] == [
        "true_complete", "processing", "contact_doctors", "report_changes",
    ]
    # Without the consent sentence, nothing is sent.
    page = form_client.submit(NO_DOCTORS, form="#step-form")
    assert page.errors() == {"declaration": translate("Tick every sentence to confirm it", "nl")}
    assert status(app) == "draft"
    form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert form_client.url == "/application/sent"


def test_no_consent_sentence_when_the_doctors_may_not_be_contacted(app, form_client):
    fill_all_but(form_client, "fr", ["recognition"], [])
    form_client.post("/application/doctor_consent", {"doctor_consent": "no"})
    attach(form_client, "report.pdf", PDF, kind="medical_report")
    page = form_client.get("/application/declaration")
    assert "contact_doctors" not in [box["value"] for box in page.soup.select("input[name=declaration]")]
    # A forged tick of the sentence not offered is refused.
    page = form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert page.errors() and status(app) == "draft"
    form_client.submit(NO_DOCTORS, form="#step-form")
    assert form_client.url == "/application/sent"
    # The confirmation does not say we ask the doctors.
    html = form_client.page.html
    assert translate("We check your application and ask your doctors for the medical information we need.", "fr") not in html
    assert translate("We check your application and the medical reports you attached. If something is missing, we write to you.", "fr") in html


def test_check_page_shows_answers_with_change_links(form_client):
    fill_all_but(form_client, "nl", ["recognition"], [])
    page = form_client.get("/application/check")
    rows = {row.select_one("dt").get_text(strip=True): row for row in page.soup.select(".summary-row")}
    # Someone fills in for Marie (the scenario's helper): her details are "theirs".
    first_name = rows[translate("Their first name", "nl")]
    assert first_name.select_one(".summary-value").get_text(strip=True) == "Marie"
    link = first_name.select_one(".summary-action a")
    # The link names what it changes, for screen readers.
    assert link.get_text(" ", strip=True) == f"{translate('Change', 'nl')} {translate('Their first name', 'nl')}"
    assert link["href"] == "/application/identity?return=check#first_name"
    # Changing an answer returns to the check page, with the new answer.
    form_client.get(link["href"].split("#")[0])
    assert form_client.page.soup.select_one("a.back-link")["href"] == "/application/check"
    form_client.submit({**STEP_INPUT["identity"], "first_name": "Anne"}, form="#step-form")
    assert form_client.url == "/application/check"
    rows = {r.select_one("dt").get_text(strip=True): r for r in form_client.page.soup.select(".summary-row")}
    assert rows[translate("Their first name", "nl")].select_one(".summary-value").get_text(strip=True) == "Anne"
    # A part that does not apply is not shown.
    assert not page.soup.select("#section-household")


@pytest.mark.parametrize("language", LANGUAGES)
def test_before_any_try_to_send_what_is_missing_is_progress_not_an_error(form_client, language):
    left_out, messages = LEFT_OUT[("allowances",)]
    fill_all_but(form_client, language, ["allowances"], left_out)
    page = form_client.get("/application/check")
    listed = page.soup.select_one("#missing")
    assert "progress-summary" in listed["class"]
    assert not page.soup.select(".error-summary, [role=alert], [autofocus]"), "not an error, nothing takes the focus"
    # "Still to complete: 4 items", and no word of error in the page's title.
    assert f" {len(messages)} " in f' {listed.select_one("h2").get_text(" ", strip=True)} '
    assert not page.title.startswith(translate("Error:", language))
    assert missing_on_check_page(form_client) == [translate(m, language) for m in messages]


def test_after_a_refused_send_what_is_missing_is_an_error_with_the_focus(app, form_client):
    fill_all_but(form_client, "nl", ["recognition"], [])
    form_client.post("/application/doctor_consent", {"doctor_consent": "no"})
    form_client.get("/application/declaration")
    page = form_client.submit(NO_DOCTORS, form="#step-form")
    assert form_client.url == "/application/check" and status(app) == "draft"
    summary = page.soup.select_one("#missing")
    assert "error-summary" in summary["class"]
    assert summary["role"] == "alert" and summary["tabindex"] == "-1" and summary.has_attr("autofocus")
    assert page.soup.select("[autofocus]") == [summary]
    assert page.title.startswith(translate("Error:", "nl"))
    assert [a.get_text(strip=True) for a in summary.select("li a")] == [translate(MEDICAL_RULE, "nl")]
    # Seen again, before another try: progress again.
    page = form_client.get("/application/check")
    assert "progress-summary" in page.soup.select_one("#missing")["class"]


def test_after_a_change_the_check_page_opens_at_the_row_changed(form_client):
    fill_all_but(form_client, "fr", ["recognition"], [])
    page = form_client.get("/application/check")
    link = page.soup.select_one('#row-phone .summary-action a')["href"]
    assert link == "/application/contact?return=check#phone"
    form_client.get(link.split("#")[0])
    data = {"csrf_token": form_client.page.csrf_token(), "answers_seen": form_client.page.value("answers_seen"),
            **STEP_INPUT["contact"], "phone": "0470 99 99 99"}
    response = form_client.client.post("/application/contact?return=check", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/application/check#row-phone")
    row = form_client.get("/application/check").soup.select_one("#row-phone")
    assert row["tabindex"] == "-1", "the row can take the focus the fragment gives it"
    assert "0470" in row.select_one(".summary-value").get_text()


def test_change_that_opens_a_question_asks_it_before_returning(form_client):
    helper_steps = ["helper_copy_letters", "helper_details", "helper_same_address", "helper_address"]
    fill_all_but(form_client, "fr", ["recognition"], ["helper_kind", *helper_steps])
    form_client.post("/application/helper_kind", {"helper_kind": "none"})
    assert missing_on_check_page(form_client) == []
    form_client.post("/application/helper_kind?return=check", {"helper_kind": "present"})
    assert form_client.url == "/application/helper_copy_letters"
    form_client.submit(STEP_INPUT["helper_copy_letters"], form="#step-form")
    assert form_client.url == "/application/helper_details"
    form_client.submit(STEP_INPUT["helper_details"], form="#step-form")
    assert form_client.url == "/application/helper_same_address"
    form_client.submit(STEP_INPUT["helper_same_address"], form="#step-form")
    assert form_client.url == "/application/helper_address"
    form_client.submit(STEP_INPUT["helper_address"], form="#step-form")
    assert form_client.url == "/application/check"


def test_adding_a_request_from_the_check_page_asks_its_new_parts(form_client):
    fill_all_but(form_client, "de", ["recognition"], [])
    assert missing_on_check_page(form_client) == []
    form_client.post("/application/requests?return=check", {"requests": ["recognition", "allowances"]})
    # Household, work and income, payment: every new step, in the form's order,
    # each keeping the way back to the check page.
    seen = []
    while form_client.url != "/application/check":
        step = form_client.url.rsplit("/", 1)[1]
        seen.append(step)
        assert form_client.full_url.endswith("?return=check")
        assert form_client.page.soup.select_one("a.back-link")["href"] == "/application/check"
        form_client.submit(STEP_INPUT[step], form="#step-form")
        assert len(seen) < 20
    assert seen == ALLOWANCE_STEPS
    assert missing_on_check_page(form_client) == []


# -- sending and the confirmation ---------------------------------------------
ADDRESSES = {
    "fr": "DG Personnes handicapées, Boulevard du Jardin Botanique 50 boîte 150, 1000 Bruxelles",
    "nl": "DG Personen met een handicap, Kruidtuinlaan 50 bus 150, 1000 Brussel",
    "de": "GD Personen mit Behinderung, Kruidtuinlaan / Boulevard du Jardin Botanique 50, Box 150, 1000 Brüssel",
}
TIMES = {
    "recognition": ("recognition of your disability: about %(days)s days", 108),
    "allowances": ("income replacement allowance and integration allowance: about %(days)s days", 89),
    "parking_card": ("parking card: about %(days)s days", 76),
}


@pytest.mark.parametrize("language, requests", [
    ("fr", ("recognition",)),
    ("nl", ("allowances", "parking_card")),
    ("de", ("recognition", "allowances", "parking_card")),
])
def test_confirmation_is_tailored(app, form_client, language, requests):
    walk(form_client, language, list(requests))
    page = form_client.page
    assert form_client.url == "/application/sent"
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        reference, sent = application.reference, application.submitted_at
    assert page.soup.select_one(".reference").get_text(strip=True) == reference
    # Sent at, in Belgian time (stored in UTC).
    local = sent.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo("Europe/Brussels"))
    with app.test_request_context(), force_locale(language):
        when = format_datetime(sent, "d MMMM yyyy, HH:mm")
    assert f"{local:%H:%M}" in when
    assert translate("Sent on %(date)s", language, date=when) in page.soup.select_one(".sent-at").get_text(" ", strip=True)
    # A processing time for each request, and only for those.
    times = [li.get_text(" ", strip=True) for li in page.soup.select(".processing-times li")]
    assert times == [translate(TIMES[r][0], language, days=TIMES[r][1]) for r in ("recognition", "allowances", "parking_card") if r in requests]
    # The doctors were allowed: we ask them.
    assert translate("We check your application and ask your doctors for the medical information we need.", language) in page.html
    # The address in the page's language.
    assert translate("Send it by post to %(address)s. Write your reference number on every page.", language, address=ADDRESSES[language]) in page.html
    others = [address for code, address in ADDRESSES.items() if code != language]
    assert not [address for address in others if address in page.html]


def test_the_reference_is_read_digit_by_digit(app, form_client, weasyprint_errors):
    """Grouped by four on screen and in the PDF; a screen reader reads
    "1 2 3 4, 5 6 7 8, 9 0 1 2", never "one thousand two hundred…"."""
    walk(form_client, "fr", ["recognition"])
    shown = form_client.page.soup.select_one(".reference")
    reference = shown.get_text(strip=True)
    groups = reference.split("-")
    assert [len(group) for group in groups] == [4, 4, 4]
    spoken = ", ".join(" ".join(group) for group in groups)
    # Seen grouped, heard digit by digit (the seen form hidden from screen readers).
    assert shown["aria-hidden"] == "true"
    hidden = shown.find_next_sibling(class_="visually-hidden")
    assert hidden is not None and hidden.get_text() == spoken
    pdf_data = form_client.client.get("/application/summary.pdf").data
    assert " – ".join(" ".join(group) for group in groups) in pdf_text(pdf_data)
    assert weasyprint_errors() == []


def test_double_send_shows_the_confirmation(app, form_client, monkeypatch):
    """A second send racing the first (double click, two tabs) never gives a 500."""
    fill_all_but(form_client, "fr", ["recognition"], [])
    real_submit = storage.submit

    def racing(application, answers, **kwargs):
        table = Application.__table__
        with db.engine.begin() as connection:  # the other request commits first
            connection.execute(
                update(table).where(table.c.id == application.id).values(
                    status="submitted", reference="1234-5678-9073", submitted_at=utcnow(), version=application.version + 1,
                )
            )
        return real_submit(application, answers, **kwargs)

    monkeypatch.setattr(storage, "submit", racing)
    form_client.get("/application/declaration")
    page = form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert page.status == 200 and form_client.url == "/application/sent"
    assert page.soup.select_one(".reference").get_text(strip=True) == "1234-5678-9073"
    # The losing request left no PDF behind.
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert not folder.exists() or list(folder.iterdir()) == []


def test_odd_requests_never_break_the_check_submit_and_pdf_pages(app, form_client):
    client = form_client.client
    # Before any application.
    for url in ("/application/check", "/application/summary.pdf", "/application/sent", "/application/declaration"):
        assert client.get(url).status_code in (200, 302, 404), url
    empty = FormClient(app)
    empty.start("fr")
    assert empty.client.get("/application/summary.pdf").status_code == 200  # an empty draft
    fill_all_but(form_client, "fr", ["recognition"], [])
    page = form_client.get("/application/declaration")
    hidden = {tag["name"]: tag.get("value", "") for tag in page.soup.select("#step-form input[type=hidden][name]")}
    for data in (
        {"declaration": ["x" * 5000]},
        {"declaration": ["true_complete"] * 50},
        {"declaration": "\x00"},
        {"declaration": ["true_complete", "processing", "report_changes", "contact_doctors", "unknown"]},
        {"answers_seen": ["a", "b"], "declaration": ["true_complete"]},
        {"csrf_token": "forged", "declaration": ["true_complete"]},
        {"action": "later", "declaration": "processing"},
        {"switch_language": "xx"},
        {},
    ):
        response = client.post("/application/declaration?return=check&return=x", data={**hidden, **data})
        assert response.status_code < 500, data
    for url in ("/application/check?return=check", "/application/summary.pdf?x=%00", "/application/check/",
                "/application/sent?reference=1"):
        assert client.get(url).status_code < 500, url
    assert client.post("/application/check").status_code == 404  # no step of that name
    with app.app_context():
        assert {a.status for a in db.session.execute(select(Application)).scalars()} == {"draft"}


# -- PDF ---------------------------------------------------------------------
def pdf_text(data: bytes) -> str:
    return " ".join(page_texts(data))


def page_texts(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages]


def check_accessible_pdf(data: bytes, language: str, title: str) -> None:
    """Tagged, with language, title shown, fonts embedded (PDF/UA basics)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked)
        assert str(root.Lang) == f"{language}-BE"
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo.Title) == title
        fonts = [font for page in pdf.pages for font in page.Resources.Font.values()]
        assert fonts
        for font in fonts:
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), "font embedded"


PART_TITLES = {
    "recognition": [],
    "allowances": ["Your household", "Work and income", "Payment of the allowances"],
    "parking_card": ["Moving around outside"],
}


@pytest.mark.parametrize("requests", list(LEFT_OUT), ids="+".join)
def test_pdf_of_a_sent_application(app, form_client, requests, weasyprint_errors):
    language = LANGUAGES[list(LEFT_OUT).index(requests) % 3]
    walk(form_client, language, list(requests))
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    link = form_client.page.soup.select_one('a[href="/application/summary.pdf"]')
    assert link is not None, "the confirmation page offers the PDF"
    response = form_client.client.get("/application/summary.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert weasyprint_errors() == []

    text = pdf_text(response.data)
    # Filled in by a helper (the scenario's): the part about Marie is "the person's".
    expected = [reference, "Marie", "Dupont", "Rue de la Loi", translate("About the person you apply for", language),
                translate("Your health and your doctors", language), translate("Declaration", language)]
    expected += [translate(title, language) for r in requests for title in PART_TITLES[r]]
    if "allowances" in requests:
        expected.append("BE71 0961 2345 6769")
    for item in expected:
        assert item in text, item
    assert translate("Draft – not sent", language) not in text
    if "allowances" not in requests:
        assert translate("Payment of the allowances", language) not in text
    # The reference on every page, for pages printed or read alone.
    title = translate("Application %(reference)s", language, reference=reference)
    assert all(title in page for page in page_texts(response.data))
    check_accessible_pdf(response.data, language, title)


@pytest.mark.parametrize("language", LANGUAGES)
def test_draft_pdf_is_marked_as_not_sent_on_every_page(form_client, language, weasyprint_errors):
    fill_all_but(form_client, language, ["recognition", "allowances", "parking_card"], ["walking"])
    page = form_client.get("/application/check")
    assert page.soup.select_one('a[href="/application/summary.pdf"]')
    response = form_client.client.get("/application/summary.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert translate("Not given", language) in text  # the walking distance, not answered yet
    pages = page_texts(response.data)
    assert len(pages) > 1
    draft = translate("Draft – not sent", language)
    assert all(draft in page for page in pages), [i for i, p in enumerate(pages, 1) if draft not in p]
    check_accessible_pdf(response.data, language, translate("Draft application – not sent", language))
    assert weasyprint_errors() == []


def test_long_words_stay_on_the_page(app, form_client):
    """A long unbroken answer (a pasted link, a reference) wraps inside the page."""
    from weasyprint import HTML

    from webform import ROOT
    from webform.pdf import summary_html

    word = "Arthrose" + "x" * 292
    fill_all_but(form_client, "fr", ["recognition"], [])
    form_client.post("/application/health_situation", {**STEP_INPUT["health_situation"], "health_conditions": word})
    response = form_client.client.get("/application/summary.pdf")
    # WeasyPrint hyphenates (hyphens: auto): a word broken at a line end
    # carries a hyphen (U+2010) there, which is not part of the word.
    text = "".join(pdf_text(response.data).split()).replace("\u2010", "")
    assert word in text, "the whole word is in the PDF"
    with app.test_request_context():
        application = db.session.execute(select(Application)).scalar_one()
        document = HTML(string=summary_html(application), base_url=str(ROOT)).render()
    for page in document.pages:
        box = page._page_box
        right = box.margin_width() - box.margin_right
        for child in box.descendants():
            if type(child).__name__ == "TextBox":
                assert child.position_x + child.width <= right + 0.5, child.text[:40]


def test_the_sent_pdf_is_kept_as_sent(app, form_client, monkeypatch):
    walk(form_client, "nl", ["recognition"])
    first = form_client.client.get("/application/summary.pdf").data
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        key, sha256, reference = application.summary_pdf_key, application.summary_pdf_sha256, application.reference
    assert hashlib.sha256(first).hexdigest() == sha256
    assert stored_content(app, key) == first
    assert b"%PDF" not in (Path(app.config["UPLOAD_FOLDER"]) / key).read_bytes()  # encrypted at rest
    # Templates changed since: the download is still the document sent.
    monkeypatch.setattr(pdf, "application_pdf", lambda application: b"%PDF-1.7 made again")
    assert form_client.client.get("/application/summary.pdf").data == first
    # And the export carries its fingerprint.
    assert export(app, reference)["summary_pdf_sha256"] == sha256


def test_a_pdf_that_cannot_be_made_at_sending_is_logged_without_its_message(app, form_client, monkeypatch, caplog):
    """An exception's message may quote answers: only its type and place are logged."""
    import logging

    def broken(application):
        raise RuntimeError("Arthritis-marker in both knees")

    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(pdf, "application_pdf", broken)
    walk(form_client, "fr", ["recognition"])
    assert status(app) == "submitted"
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.exc_info or ''}" for r in caplog.records)
    assert "RuntimeError" in logged and "Arthritis-marker" not in logged


def test_a_storage_failure_at_sending_does_not_stop_the_sending(app, form_client, monkeypatch, caplog):
    """The PDF is then made on download."""
    from webform import uploads

    class Full(uploads.LocalFileStorage):
        def save(self, *args, **kwargs):
            raise OSError("No space left on device")

    monkeypatch.setattr(uploads, "storage", lambda: Full(Path(app.config["UPLOAD_FOLDER"])))
    walk(form_client, "fr", ["recognition"])
    assert status(app) == "submitted"
    with app.app_context():
        assert db.session.execute(select(Application)).scalar_one().summary_pdf_key is None
    response = form_client.client.get("/application/summary.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_pdf_shows_file_sizes_as_the_files_page_does(app, form_client):
    from webform import uploads
    from webform.pdf import summary_html

    form_client.start("fr")
    form_client.post("/application/requests", {"requests": ["recognition"]})
    attach(form_client, "report.pdf", PDF)
    with app.test_request_context():
        application = db.session.execute(select(Application)).scalar_one()
        with force_locale("fr"):
            label = uploads.size_label(application.attachments[0].size)
        html = summary_html(application)
    assert label == "0,01" and translate("%(size)s MB", "fr", size=label) in html  # "0,01 Mo"


def test_pdf_only_for_the_owner(app, form_client):
    fill_all_but(form_client, "fr", ["recognition"], [])
    stranger = FormClient(app).client
    response = stranger.get("/application/summary.pdf")
    assert response.status_code == 302 and response.mimetype != "application/pdf"


# -- export ------------------------------------------------------------------
def test_schema_file_matches_the_questionnaire(app):
    with app.app_context():
        assert json.loads(SCHEMA_PATH.read_text()) == export_schema(), "run: flask --app wsgi export-schema"


def schema_errors(document: dict) -> list[str]:
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text()), format_checker=FormatChecker())
    return [error.message for error in validator.iter_errors(document)]


def export(app, reference: str) -> dict:
    result = app.test_cli_runner().invoke(args=["export", reference])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_export_validates_against_the_schema(app, form_client, scenario):
    requests, _ = SCENARIOS[scenario]
    walk(form_client, "nl", requests)
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    document = export(app, reference)
    assert schema_errors(document) == []
    assert document["reference"] == reference and document["language"] == "nl"
    assert document["answers"]["first_name"] == "Marie"
    # And a broken document would not validate: the schema is not a blank cheque.
    broken = json.loads(json.dumps(document))
    broken["answers"]["national_number"] = "85.07.30-033.28"
    assert schema_errors(broken)
    # Every sentence of the declaration, not just one.
    broken = json.loads(json.dumps(document))
    broken["answers"]["declaration"] = ["true_complete"]
    assert schema_errors(broken)
    broken["answers"]["declaration"] = ["true_complete", "processing", "report_changes"]
    assert schema_errors(broken), "the doctors may be contacted: the declaration says so"
    # The allowances need the account they are paid into.
    if "allowances" in requests:
        broken = json.loads(json.dumps(document))
        del broken["answers"]["iban"]
        assert schema_errors(broken)


def test_export_lists_the_attached_files(app, form_client):
    fill_all_but(form_client, "fr", ["recognition"], [])
    attach(form_client, "rapport médical.pdf", PDF, kind="medical_report")
    form_client.get("/application/check")
    form_client.get(form_client.page.soup.select_one("main a.button")["href"])
    form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    document = export(app, reference)
    assert schema_errors(document) == []
    (attachment,) = document["attachments"]
    assert attachment == {
        "name": "rapport médical.pdf", "kind": "medical_report", "media_type": "application/pdf",
        "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest(),
    }
    for field, wrong in (("sha256", "abc"), ("size", 0), ("media_type", "text/html"), ("kind", "photo")):
        broken = json.loads(json.dumps(document))
        broken["attachments"][0][field] = wrong
        assert schema_errors(broken), field


def test_export_accepts_the_reference_as_typed(app, form_client):
    walk(form_client, "fr", ["parking_card"])
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    digits = reference.replace("-", "")
    for typed in (digits, f" {digits[:4]} {digits[4:8]} {digits[8:]} ", f"{digits[:4]}.{digits[4:8]}.{digits[8:]}", reference):
        assert export(app, typed)["reference"] == reference, typed


def test_export_of_wrong_unknown_or_draft_reference(app, form_client):
    form_client.start("fr")
    runner = app.test_cli_runner()
    # A typo in a digit: the check digits say so, before any search.
    result = runner.invoke(args=["export", "0000-0000-0000"])
    assert result.exit_code != 0 and "wrong check digits" in result.output
    result = runner.invoke(args=["export", "1234-5678"])
    assert result.exit_code != 0 and "12 digits" in result.output
    # A well-formed reference that nobody has (or only a draft would have).
    body = "1234567890"
    valid = f"{body}{storage.reference_check(body) % 100:02d}"
    assert storage.is_valid_reference(valid)
    result = runner.invoke(args=["export", valid])
    assert result.exit_code != 0 and "no submitted application" in result.output
