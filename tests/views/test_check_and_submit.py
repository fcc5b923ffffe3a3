"""Check your answers, the completeness gate, the submission and the PDF."""
from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pikepdf
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pypdf import PdfReader
from flask_babel import force_locale
from sqlalchemy import select, update

from webform.export import SCHEMA_PATH, export_schema
from webform import pdf, storage
from webform.i18n import format_day, format_moment
from webform.models import Application, db, utcnow

from ..helpers import FormClient, translate
from ..scenarios import ALLOWANCE_STEPS, SCENARIOS, STEP_INPUT, apply_for, step_input, steps_for
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


def fill_all_but(client: FormClient, language: str, requests: list[str], left_out: list[str]) -> None:
    """Answer every step of the scenario except some, through the pages."""
    client.start(language)
    for step in steps_for(requests):
        if step in left_out or step in ("check", "declaration"):
            continue
        client.post(f"/application/{step}", step_input(step, requests))
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


# -- documents never hold an application back (review F1) ---------------------
MEDICAL_FORM = "The DG's medical form, filled in by a doctor"
COURT_DECISION = "The decision of the justice of the peace that names the legal representative"
OTHER_DECISION = "The decision of the other body that recognised your disability (for the parking card)"
POLICE_REPORT = "The report of the police about the theft of your parking card"
NO_DOCTORS = {"declaration": ["true_complete", "report_changes"]}
LATER_SENTENCE = "Send them by %(date)s, by post to %(address)s, or through the DG's contact form. Write your reference number on every page."
# Each document: its name, the requests, the answers that ask for it, the
# declaration to send with, the kind of file that provides it, a language.
DOCUMENT_CASES = {
    "medical_evidence": (
        MEDICAL_FORM, ["recognition"], {"doctor_consent": {"doctor_consent": "no"}}, NO_DOCTORS, "medical_report", "fr",
    ),
    "representative_decision": (
        COURT_DECISION, ["recognition"], {"helper_kind": {"helper_kind": "legal"}}, STEP_INPUT["declaration"], "certificate", "nl",
    ),
    "other_recognition_decision": (
        OTHER_DECISION, ["parking_card"],
        {"other_recognition": {"other_recognition": "yes"}, "other_recognition_details": {"other_recognition_body": "Fedris, 60 %"}},
        STEP_INPUT["declaration"], "certificate", "de",
    ),
    "police_report": (
        POLICE_REPORT, ["parking_card_duplicate"], {"card_replacement": {"card_replacement": "stolen"}},
        step_input("declaration", ["parking_card_duplicate"]), "police_report", "fr",
    ),
}


def squeezed(text: str) -> str:
    """Text without spaces and WeasyPrint's line-end hyphens, to find a
    sentence however the PDF broke its lines."""
    return "".join(text.split()).replace("\u2010", "")


def later_on(page) -> list[str]:
    return [li.get_text(" ", strip=True) for li in page.soup.select(".later-documents li")]


def ask_for(client: FormClient, document: str) -> tuple:
    """An application, complete but for the document these answers ask for."""
    name, requests, answers, declaration, kind, language = DOCUMENT_CASES[document]
    fill_all_but(client, language, requests, [])
    for step, data in answers.items():
        client.post(f"/application/{step}", data)
    return name, declaration, kind, language


@pytest.mark.parametrize("document", list(DOCUMENT_CASES))
def test_a_missing_document_never_stops_sending(app, form_client, document, weasyprint_errors):
    name, declaration, _kind, language = ask_for(form_client, document)
    name = translate(name, language)
    # The documents part says which document is expected, and that it may follow.
    page = form_client.get("/application/documents_later")
    assert translate("%(document)s: not attached yet.", language, document=name) in page.soup.get_text()
    assert page.soup.select_one('button[value="files.index"]'), "a way to attach it now"
    form_client.submit({"documents_later": "later"}, form="#step-form")
    assert not form_client.page.errors()
    page = form_client.get("/application/files/")
    assert translate("%(document)s: not attached yet.", language, document=name) in page.soup.get_text()
    # The check page: nothing missing, the document to send later, not an error.
    page = form_client.get("/application/check")
    assert not page.soup.select("#missing, .error-summary")
    assert later_on(page) == [name]
    assert page.soup.select_one("#later-documents h2").get_text(strip=True) == translate("Documents to send later", language)
    statuses = task_statuses(form_client)
    assert statuses["documents"] == translate("Completed", language)
    assert statuses["declaration"] == translate("Ready to send", language)
    # Sent.
    form_client.get("/application/check")
    form_client.get(form_client.page.soup.select_one("main a.button")["href"])
    page = form_client.submit(declaration, form="#step-form")
    assert form_client.url == "/application/sent" and status(app) == "submitted"
    # The confirmation names it, with the address of the letters' language and the deadline.
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        reference, sent = application.reference, application.submitted_at
    local = sent.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo("Europe/Brussels")).date()
    deadline = local + timedelta(days=app.config["DOCUMENTS_DEADLINE_DAYS"])
    with app.test_request_context(), force_locale(language):
        when = format_day(deadline)
    address = ADDRESSES[STEP_INPUT["contact"]["letter_language"]]
    sentence = translate(LATER_SENTENCE, language, date=when, address=address)
    assert later_on(page) == [name]
    assert sentence in page.soup.get_text(" ", strip=True)
    # So does the PDF summary.
    text = pdf_text(form_client.client.get("/application/summary.pdf").data)
    assert squeezed(name) in squeezed(text) and squeezed(sentence) in squeezed(text)
    assert weasyprint_errors() == []
    # And the export, for the officer who waits for it.
    exported = export(app, reference)
    assert exported["documents_to_send_later"] == {"documents": [document], "deadline": deadline.isoformat()}
    assert schema_errors(exported) == []


@pytest.mark.parametrize("document", list(DOCUMENT_CASES))
def test_an_attached_document_is_not_to_send_later(app, form_client, document):
    name, declaration, kind, language = ask_for(form_client, document)
    form_client.post("/application/documents_later", {"documents_later": "attach"})
    attach(form_client, "document.pdf", PDF, kind=kind)
    page = form_client.get("/application/documents_later")
    assert translate("%(document)s: attached.", language, document=translate(name, language)) in page.soup.get_text()
    page = form_client.get("/application/check")
    assert later_on(page) == [] and not page.soup.select("#later-documents")
    form_client.get(page.soup.select_one("main a.button")["href"])
    page = form_client.submit(declaration, form="#step-form")
    assert later_on(page) == []
    reference = page.soup.select_one(".reference").get_text(strip=True)
    assert export(app, reference)["documents_to_send_later"] == {"documents": [], "deadline": None}


def test_a_ticked_box_or_another_kind_of_file_is_not_the_document(form_client):
    ask_for(form_client, "medical_evidence")
    form_client.post("/application/documents", {"documents_available": ["medical_reports"]})
    attach(form_client, "letter.pdf", PDF, kind="other")
    assert later_on(form_client.get("/application/check")) == [translate(MEDICAL_FORM, "fr")]
    # Letting the DG ask the doctor: nothing left to send.
    form_client.post("/application/doctor_consent?return=check", {"doctor_consent": "yes"})
    assert form_client.url == "/application/check"
    assert later_on(form_client.page) == []


def test_no_document_asked_without_the_answers_that_need_it(form_client):
    fill_all_but(form_client, "fr", ["parking_card"], [])
    form_client.post("/application/other_recognition", {"other_recognition": "unknown"})
    page = form_client.get("/application/check")
    assert later_on(page) == [] and missing_on_check_page(form_client) == []
    form_client.get("/application/documents_later")
    assert form_client.url == "/application/", "not a page of this application"


def test_the_documents_hints_no_longer_promise_a_check_before_sending(form_client):
    """The hint that pushed people to answer "I do not know" to be let through is gone."""
    fill_all_but(form_client, "fr", ["recognition"], [])
    for url in ("/application/documents", "/application/files/"):
        assert "we tell you if one is missing" not in form_client.get(url).html


PARENT_OF_AN_ADULT = (
    "Who is filling in: you chose a parent for their child under 18, but the date of birth shows that the person is 18 "
    "or over. Choose another answer."
)


def contradict(client: FormClient, language: str) -> None:
    """A complete application whose answers contradict each other: a parent
    helps, then the national register number is corrected to an adult's."""
    from ..helpers import make_national_number, years_ago

    child = make_national_number(years_ago(9), serial=38)
    helper_steps = ["helper_kind", "helper_details", "helper_same_address", "helper_address"]
    # A parent receives the letters: no question about copies.
    fill_all_but(client, language, ["recognition"], ["identity", "helper_copy_letters", *helper_steps])
    client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": child})
    client.post("/application/helper_kind", {"helper_kind": "parent"})
    for step in helper_steps[1:]:
        client.post(f"/application/{step}", STEP_INPUT[step])
    client.post("/application/identity", STEP_INPUT["identity"])


def test_a_contradiction_between_answers_still_stops_sending(app, form_client):
    """Only answers that are really wrong hold the application back."""
    contradict(form_client, "fr")
    assert missing_on_check_page(form_client) == [translate(PARENT_OF_AN_ADULT, "fr")]
    form_client.get("/application/declaration")
    page = form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert form_client.url == "/application/check" and status(app) == "draft"
    assert translate("Nothing was sent. Your answers are saved.", "fr") in page.html


def task_statuses(client: FormClient) -> dict[str, str]:
    page = client.get("/application/")
    return {tag["id"].removeprefix("status-"): tag.get_text(strip=True) for tag in page.soup.select(".tag")}


# -- the declaration ---------------------------------------------------------
def test_task_list_counts_the_parts_to_fill_in_and_says_when_all_are(form_client):
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
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
        "true_complete", "contact_doctors", "report_changes",
    ]
    # Without the consent sentence, nothing is sent.
    page = form_client.submit(NO_DOCTORS, form="#step-form")
    assert page.errors() == {"declaration": translate("Tick every sentence to confirm it", "nl")}
    assert status(app) == "draft"
    form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert form_client.url == "/application/sent"


def test_no_processing_tick_but_a_link_to_the_data_protection_notice(app, form_client):
    """The processing rests on the law, not on a consent (review F6)."""
    fill_all_but(form_client, "de", ["recognition"], [])
    page = form_client.get("/application/declaration")
    assert "processing" not in [box["value"] for box in page.soup.select("input[name=declaration]")]
    link = page.soup.select_one('#step-form button[value="public.privacy"]')
    assert link.get_text(strip=True) == translate("Read how we protect your personal data", "de")
    # The link keeps what was ticked, and opens the notice.
    page = form_client.submit({"declaration": ["true_complete"], "action": "public.privacy"}, form="#step-form")
    assert form_client.url == "/privacy" and page.h1 == translate("Data protection", "de")
    assert form_client.get("/application/declaration").value("declaration") == ["true_complete"]
    assert status(app) == "draft"


def test_a_draft_that_ticked_processing_still_sends(app, form_client):
    fill_all_but(form_client, "fr", ["recognition"], [])
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.answers = {**application.answers, "declaration": ["true_complete", "processing", "contact_doctors", "report_changes"]}
        db.session.commit()
    form_client.get("/application/declaration")
    # Even from a page shown before the change, which still had the tick.
    form_client.submit({"declaration": ["true_complete", "processing", "contact_doctors", "report_changes"]}, form="#step-form")
    assert form_client.url == "/application/sent"
    with app.app_context():
        assert db.session.execute(select(Application)).scalar_one().answers["declaration"] == [
            "true_complete", "contact_doctors", "report_changes",
        ]


def test_no_consent_sentence_when_the_doctors_may_not_be_contacted(app, form_client):
    fill_all_but(form_client, "fr", ["recognition"], [])
    form_client.post("/application/doctor_consent", {"doctor_consent": "no"})
    form_client.post("/application/documents_later", {"documents_later": "attach"})
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
    contradict(form_client, "nl")
    form_client.get("/application/declaration")
    page = form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert form_client.url == "/application/check" and status(app) == "draft"
    summary = page.soup.select_one("#missing")
    assert "error-summary" in summary["class"]
    assert summary["role"] == "alert" and summary["tabindex"] == "-1" and summary.has_attr("autofocus")
    assert page.soup.select("[autofocus]") == [summary]
    assert page.title.startswith(translate("Error:", "nl"))
    assert [a.get_text(strip=True) for a in summary.select("li a")] == [translate(PARENT_OF_AN_ADULT, "nl")]
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
    # Nationality and residence, household, work and income, payment: every
    # new step, in the form's order, each keeping the way back to the check page.
    seen = []
    while form_client.url != "/application/check":
        step = form_client.url.rsplit("/", 1)[1]
        seen.append(step)
        assert form_client.full_url.endswith("?return=check")
        assert form_client.page.soup.select_one("a.back-link")["href"] == "/application/check"
        form_client.submit(STEP_INPUT[step], form="#step-form")
        assert len(seen) < 40
    assert seen == ["nationality", "residence", *ALLOWANCE_STEPS]
    assert missing_on_check_page(form_client) == []


# -- sending and the confirmation ---------------------------------------------
ADDRESSES = {
    "fr": "DG Personnes handicapées, Boulevard du Jardin Botanique 50 boîte 150, 1000 Bruxelles",
    "nl": "DG Personen met een handicap, Kruidtuinlaan 50 bus 150, 1000 Brussel",
    "de": "GD Personen mit Behinderung, Kruidtuinlaan / Boulevard du Jardin Botanique 50, Briefkasten 150, 1000 Brüssel",
}
TIMES = {
    "recognition": ("Recognition of your disability: on average %(days)s days for an adult. This is the medical evaluation alone: the handling of the application comes on top.", 108),
    "allowances": ("Income replacement allowance and integration allowance: half of the applications receive a decision within %(days)s days after they are sent.", 89),
    "parking_card": ("Parking card: on average %(days)s days to handle an application.", 76),
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
        when = format_moment(sent)
    assert f"{local:%H:%M}" in when
    # The locale's own format: the German day has its point ("4. Dezember 2026").
    assert when.startswith(f"{local.day}. " if language == "de" else f"{local.day} ")
    assert translate("Sent on %(date)s", language, date=when) in page.soup.select_one(".sent-at").get_text(" ", strip=True)
    # A processing time for each request, and only for those.
    times = [li.get_text(" ", strip=True) for li in page.soup.select(".processing-times li")]
    assert times == [translate(TIMES[r][0], language, days=TIMES[r][1]) for r in ("recognition", "allowances", "parking_card") if r in requests]
    # The doctors were allowed: we ask them.
    assert translate("We check your application and ask your doctors for the medical information we need.", language) in page.html
    # Evaluators are multidisciplinary since 2023: a meeting, not a doctor's examination.
    assert translate(MEETING, language) in page.html
    # The address in the language of the letters (French here, whatever the page's).
    letters = STEP_INPUT["contact"]["letter_language"]
    assert translate("Send it by post to %(address)s. Write your reference number on every page.", language, address=ADDRESSES[letters]) in page.html
    others = [address for code, address in ADDRESSES.items() if code != letters]
    assert not [address for address in others if address in page.html]


MEETING = "A doctor or another evaluator of the DG may invite you to a meeting at one of our centres, or call you. You cannot travel? Tell us."
HOME_VISIT = "A doctor or another evaluator of the DG may contact you. You told us that you cannot travel: we will look with you for another way, for example a visit at your home."


def test_confirmation_for_someone_who_cannot_travel(form_client, monkeypatch):
    monkeypatch.setitem(STEP_INPUT, "meeting_needs", {"interpreter": "lsfb", "meeting_help": ["home_visit", "wheelchair"]})
    walk(form_client, "fr", ["recognition"])
    assert translate(HOME_VISIT, "fr") in form_client.page.html
    assert translate(MEETING, "fr") not in form_client.page.html


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
    form_client.client.worker = False  # the request itself makes no PDF
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
    # The name and the reference on every page after the first, for pages
    # printed or read alone; the first says them once, in its own text.
    title = translate("Application %(reference)s", language, reference=reference)
    pages = page_texts(response.data)
    assert all(f"Marie Dupont – {title}" in page for page in pages[1:])
    assert title not in pages[0]
    check_accessible_pdf(response.data, language, title)
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename={translate("application-%(reference)s.pdf", language, reference=reference)}'
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_s_first_page_says_who_and_which_once(form_client, language, weasyprint_errors):
    walk(form_client, language, ["recognition"])
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    response = form_client.client.get("/application/summary.pdf")
    first = page_texts(response.data)[0]
    digits = " – ".join(" ".join(group) for group in reference.split("-"))
    # The reference once: no running header above the page's own.
    assert first.count(digits) == 1 and reference not in first
    # The full name on one line, and the date of birth (from the national number).
    assert "Marie Dupont" in first
    from ..scenarios import NATIONAL_NUMBER
    from webform.answers import Answers
    with form_client.app.test_request_context(), force_locale(language):
        born = format_day(Answers({"national_number": NATIONAL_NUMBER}).birth_date)
    assert " ".join(translate("Date of birth: %(date)s", language, date=born).split()) in first
    # The file name in the person's language, never an English word.
    name = response.headers["Content-Disposition"].split("filename=")[1]
    assert name == translate("application-%(reference)s.pdf", language, reference=reference)


def test_the_pdf_uses_one_font_family(form_client, weasyprint_errors):
    """The running header and page numbers in the body's font (they inherit
    from the page, not from body): no serif font in the PDF."""
    walk(form_client, "de", ["recognition"])
    with pikepdf.open(io.BytesIO(form_client.client.get("/application/summary.pdf").data)) as pdf:
        fonts = {str(font.BaseFont).split("+")[-1] for page in pdf.pages for font in page.Resources.Font.values()}
    assert fonts and all(font.startswith("DejaVu-Sans") for font in fonts), fonts


def test_the_draft_pdf_s_file_name_is_in_the_person_s_language(form_client):
    form_client.start("nl")
    response = form_client.client.get("/application/summary.pdf")
    assert response.headers["Content-Disposition"] == f'attachment; filename={translate("draft-application.pdf", "nl")}'


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
    from webform.pdf import layout, summary_html

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
        document = layout(summary_html(application))
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
    """The PDF worker tries again later; meanwhile the download says it is being prepared."""
    from webform import pdf_jobs, uploads
    from webform.models import PdfJob

    class Full(uploads.LocalFileStorage):
        def save(self, *args, **kwargs):
            raise OSError("No space left on device")

    real_storage = uploads.storage
    monkeypatch.setattr(uploads, "storage", lambda: Full(Path(app.config["UPLOAD_FOLDER"])))
    walk(form_client, "fr", ["recognition"])
    assert status(app) == "submitted"
    with app.app_context():
        assert db.session.execute(select(Application)).scalar_one().summary_pdf_key is None
    response = form_client.client.get("/application/summary.pdf")
    assert response.status_code == 202 and not response.data.startswith(b"%PDF")
    # Space again, and the retry's time has come.
    monkeypatch.setattr(uploads, "storage", real_storage)
    with app.app_context():
        db.session.execute(update(PdfJob).values(available_at=utcnow()))
        db.session.commit()
        assert pdf_jobs.drain() == 1
    response = form_client.client.get("/application/summary.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_pdf_shows_file_sizes_as_the_files_page_does(app, form_client):
    from webform import uploads
    from webform.pdf import summary_html

    form_client.start("fr")
    apply_for(form_client, ["recognition"])
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
    if "doctor_consent" in document["answers"]:  # none for a new copy of a parking card
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


# -- the doctor (review F6) and the retired duration question (F14) ----------
def test_the_doctors_number_and_email_reach_the_check_page_pdf_and_export(app, form_client):
    fill_all_but(form_client, "nl", ["recognition"], [])
    page = form_client.get("/application/doctor")
    # The DG's own medical form, and that an old report may not be enough.
    intro = " ".join(p.get_text(" ", strip=True) for p in page.soup.select("main p.intro"))
    assert translate("A medical report you already have, an old hospital letter for example, may not be enough on its own.", "nl") in intro
    page = form_client.submit({**STEP_INPUT["doctor"], "doctor_riziv": "1-23456-78-90"}, form="#step-form")
    assert page.errors() == {"doctor_riziv": translate("A RIZIV/INAMI number has 11 digits; you entered %(n)s", "nl", n=10)}
    form_client.submit(STEP_INPUT["doctor"], form="#step-form")
    page = form_client.get("/application/check")
    rows = {row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True) for row in page.soup.select(".summary-row")}
    assert rows[translate("Doctor's RIZIV/INAMI number (optional)", "nl")] == "1-23456-78-901"
    assert rows[translate("Doctor's e-mail address (optional)", "nl")] == "Dr.Martin@example.be"
    text = pdf_text(form_client.client.get("/application/summary.pdf").data)
    assert "1-23456-78-901" in text and "Dr.Martin@example.be" in text
    form_client.get("/application/declaration")
    page = form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    document = export(app, page.soup.select_one(".reference").get_text(strip=True))
    assert document["answers"]["doctor_riziv"] == "12345678901"
    assert document["answers"]["doctor_email"] == "Dr.Martin@example.be"
    assert schema_errors(document) == []


def test_a_draft_with_the_retired_duration_answer_still_sends(app, form_client):
    """health_lasting is no longer asked (no one-year condition in the law):
    an old draft that holds it sends, without it; an application sent with
    it still exports."""
    fill_all_but(form_client, "fr", ["recognition"], [])
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.answers = {**application.answers, "health_lasting": "unknown"}
        application.completed_steps = [*application.completed_steps, "health_duration"]
        db.session.commit()
    assert missing_on_check_page(form_client) == []
    assert form_client.client.get("/application/health_duration").status_code == 404
    form_client.get("/application/declaration")
    page = form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert form_client.url == "/application/sent"
    reference = page.soup.select_one(".reference").get_text(strip=True)
    document = export(app, reference)
    assert "health_lasting" not in document["answers"]
    # Sent before the question was removed: the schema still takes it.
    document["answers"]["health_lasting"] = "yes"
    assert schema_errors(document) == []


SITUATION = {
    "nationality": {"nationality": "other"},
    "residence": {"residence": "institution"},
    "address": {**STEP_INPUT["address"], "reference_address": ["cpas"]},
    "household": {"household_situation": "shared"},
}
SITUATION_STEPS = ["nationality_category", "institution"]


def test_the_facts_that_change_payment_reach_the_check_page_the_pdf_and_the_export(app, form_client, monkeypatch, weasyprint_errors):
    """Legal category, institution, reference address, household sharer, other
    allowances and the CPAS advance: on the check page, in the PDF, exported."""
    for step, data in SITUATION.items():
        monkeypatch.setitem(STEP_INPUT, step, data)
    language = "fr"
    shown = [
        translate("Yes, it is their reference address at a CPAS", language),
        translate("I am registered in the population register of my commune", language),
        translate("A public authority or the CPAS pays part or all of it", language),
        translate("I receive an allowance for the help of a third person", language),
        "CPAS de Namur",
    ]
    visited = walk(form_client, language, ["allowances"])
    assert set(SITUATION_STEPS) <= set(visited)
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    text = pdf_text(form_client.client.get("/application/summary.pdf").data)
    for item in shown:
        assert item in text, item
    assert weasyprint_errors() == []
    answers = export(app, reference)["answers"]
    assert answers["reference_address"] == ["cpas"]
    assert answers["household_situation"] == "shared" and answers["partner_income"] == "23456.78"
    assert answers["institution_since"] == "2023-09" and answers["institution_paid_by"] == "public"
    assert answers["nationality_category"] == ["population_register"]
    assert answers["care_allowances"] == ["third_party_help"]
    assert answers["cpas_advance"] == "yes" and answers["cpas_advance_name"] == "CPAS de Namur"
    assert schema_errors(export(app, reference)) == []


def test_the_facts_that_change_payment_are_on_the_check_page(form_client, monkeypatch):
    for step, data in SITUATION.items():
        monkeypatch.setitem(STEP_INPUT, step, data)
    language = "nl"
    client = form_client
    client.start(language)
    for step in steps_for(["allowances"]):
        if step in ("check", "declaration"):
            continue
        data = {"requests": ["allowances"]} if step == "requests" else STEP_INPUT[step]
        client.post(f"/application/{step}", data)
        if step in ("nationality", "residence"):
            extra = {"nationality": "nationality_category", "residence": "institution"}[step]
            client.post(f"/application/{extra}", STEP_INPUT[extra])
    assert missing_on_check_page(client) == []
    page = client.get("/application/check")
    rows = {row.select_one("dt").get_text(" ", strip=True): row.select_one(".summary-value").get_text(" ", strip=True)
            for row in page.soup.select(".summary-row")}
    assert rows[translate("Is it a reference address? (optional)", language)] == translate("Yes, it is their reference address at a CPAS", language)
    assert rows[translate("Who pays for your stay in the institution?", language)] == translate("A public authority or the CPAS pays part or all of it", language)
    assert rows[translate("Which CPAS pays you the advance?", language)] == "CPAS de Namur"
    assert rows[translate("Do you already receive one of these allowances?", language)] == translate("I receive an allowance for the help of a third person", language)
    assert translate("First name of the person you share your household with", language) in rows
