"""The kind of request, the earning capacity and the processing times through
the pages: what the applicant sees, and that the new answers reach the check
page, the PDF and the export (issue #10 points 3, 4 and 12; review F5, F7, F15)."""
from __future__ import annotations

import pytest
from flask import render_template_string

from ..helpers import translate
from ..scenarios import DUPLICATE_STEPS, STEP_INPUT, apply_for, step_input
from .test_application import walk
from .test_check_and_submit import export, fill_all_but, later_on, missing_on_check_page, pdf_text, schema_errors
from .test_files import PDF, attach

RECOGNITION_BOTH = "Recognition of your disability: on average %(adults)s days for an adult and %(children)s days for a child. This is the medical evaluation alone: the handling of the application comes on top."
RECOGNITION_ADULT = "Recognition of your disability: on average %(days)s days for an adult. This is the medical evaluation alone: the handling of the application comes on top."
RECOGNITION_CHILD = "Recognition of your disability: on average %(days)s days for a child. This is the medical evaluation alone: the handling of the application comes on top."
ALLOWANCES = "Income replacement allowance and integration allowance: half of the applications receive a decision within %(days)s days after they are sent."
PARKING_CARD = "Parking card: on average %(days)s days to handle an application."
TIMES_LEAD = "How long a decision usually takes, by the figures of %(year)s:"


# -- processing times (F15) ------------------------------------------------------
@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_the_start_page_says_what_each_processing_time_measures(form_client, language):
    page = form_client.get(f"/language/{language}?next=/")
    times = [li.get_text(" ", strip=True) for li in page.soup.select(".processing-times li")]
    assert times == [
        translate(RECOGNITION_BOTH, language, adults=108, children=72),
        translate(ALLOWANCES, language, days=89),
        translate(PARKING_CARD, language, days=76),
    ]
    assert translate(TIMES_LEAD, language, year=2023) in page.html


@pytest.mark.parametrize("child, expected", [
    (None, (RECOGNITION_BOTH, {"adults": 108, "children": 72})),
    (False, (RECOGNITION_ADULT, {"days": 108})),
    (True, (RECOGNITION_CHILD, {"days": 72})),
])
def test_the_recognition_time_is_the_childs_or_the_adults(app, child, expected):
    """108 days is the average evaluation of adults; a child's takes 72."""
    with app.test_request_context():
        html = render_template_string(
            '{% import "macros/processing_times.html" as t %}{{ t.processing_times(["recognition"], child=child) }}',
            child=child,
        )
    message, variables = expected
    assert translate(message, "fr", **variables) in html


def test_no_processing_time_for_a_request_without_a_figure(app):
    with app.test_request_context():
        html = render_template_string(
            '{% import "macros/processing_times.html" as t %}{{ t.processing_times(["parking_card_duplicate"]) }}'
        )
    assert html.strip() == ""


def test_the_figures_come_from_the_configuration(app, form_client):
    app.config["PROCESSING_DAYS_RECOGNITION_CHILDREN"] = 60
    app.config["PROCESSING_FIGURES_YEAR"] = 2024
    page = form_client.get("/language/fr?next=/")
    assert translate(RECOGNITION_BOTH, "fr", adults=108, children=60) in page.html
    assert translate(TIMES_LEAD, "fr", year=2024) in page.html


# -- kind of request (F7) ---------------------------------------------------------
def test_the_requests_page_offers_the_new_copy_the_edc_and_says_a_wheelchair_gives_the_card(form_client):
    form_client.start("nl")
    page = form_client.get("/application/requests")
    values = [box["value"] for box in page.soup.select("input[name=requests]")]
    assert values == ["recognition", "allowances", "parking_card", "parking_card_duplicate", "european_disability_card"]
    text = page.soup.select_one("#step-form").get_text(" ", strip=True)
    assert translate(
        "To park on reserved spaces, when moving around is very difficult for you. Has your mutuality approved a wheelchair for you? Then you receive the parking card without applying (since 1 April 2014).",
        "nl",
    ) in text
    assert translate("The European Disability Card", "nl") in text


def test_a_new_parking_card_and_a_new_copy_cannot_be_asked_together(form_client):
    form_client.start("fr")
    page = form_client.post("/application/requests", {"requests": ["parking_card", "parking_card_duplicate"]})
    assert set(page.errors()) == {"requests"}


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_new_copy_of_a_parking_card_goes_without_medical_parts(app, form_client, language):
    visited = walk(form_client, language, ["parking_card_duplicate"])
    assert visited == [*DUPLICATE_STEPS, "documents", "check", "declaration"]
    page = form_client.page
    assert translate("We check your application. You do not need a new medical evaluation.", language) in page.html
    assert translate("A doctor or another evaluator of the DG may invite you to a meeting at one of our centres, or call you. You cannot travel? Tell us.", language) not in page.html
    assert not page.soup.select(".processing-times"), "no figure for a new copy"


def test_a_stolen_card_lists_the_police_report_to_send_until_it_is_attached(form_client):
    """A police report never stops sending (it may follow by post), but the
    check page names it until it is attached."""
    form_client.start("fr")
    apply_for(form_client, ["parking_card_duplicate"])
    form_client.post("/application/card_replacement", {"card_replacement": "stolen"})
    police = translate("The report of the police about the theft of your parking card", "fr")
    assert police in later_on(form_client.get("/application/check"))
    page = attach(form_client, "pv.pdf", PDF, kind="police_report")
    assert not page.errors()
    assert police not in later_on(form_client.get("/application/check"))


# -- the new answers on the check page, in the PDF and in the export --------------
def test_a_working_applicants_answers_reach_the_check_page_the_pdf_and_the_export(app, form_client):
    fill_all_but(form_client, "fr", ["allowances"], [])
    assert missing_on_check_page(form_client) == []
    # Now working: since when, and whether after two years without work.
    form_client.post("/application/work?return=check", {"work_status": "employee"})
    assert form_client.url == "/application/work_since"
    form_client.submit(STEP_INPUT["work_since"], form="#step-form")
    assert form_client.url == "/application/check"
    page = form_client.page
    rows = {row["id"].removeprefix("row-"): row.select_one(".summary-value").get_text(" ", strip=True) for row in page.soup.select(".summary-row")}
    assert rows["job"] == "Warehouse worker"
    assert rows["work_since"] == "mars 2024"  # the month in the language's own words (i18n.format_month)
    assert rows["work_restarted"] == translate("Yes, two years or more without work", "fr")
    assert rows["schooling"] == translate("Lower secondary school", "fr")
    assert rows["work_limits"] == "; ".join(translate(t, "fr") for t in ("Heavy physical work", "Working full days or many hours"))
    assert rows["work_adjusted"] == translate("Yes, I work or worked fewer hours", "fr")
    assert rows["work_incapacity"] == translate("Yes", "fr"), "implied by the sickness benefit"
    assert rows["request_kind"] == translate("A renewal: my recognition, allowance or parking card is granted until a certain date", "fr")
    assert rows["valid_until"] == "juin 2027"
    assert rows["dg_file_since"] == "septembre 2015"
    assert "worked_before" not in rows, "asked only of those who do not work"

    text = pdf_text(form_client.client.get("/application/summary.pdf").data)
    for answer in ("Warehouse worker", "I cannot lift more than 5 kg.", "mars 2024", "juin 2027", "Forklift driver certificate"):
        assert answer in text

    form_client.get("/application/declaration")
    form_client.submit(step_input("declaration", ["allowances"]), form="#step-form")
    assert form_client.url == "/application/sent"
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    document = export(app, reference)
    assert schema_errors(document) == []
    answers = document["answers"]
    assert (answers["work_since"], answers["work_restarted"], answers["work_incapacity"]) == ("2024-03", "yes", "yes")
    assert answers["work_limits"] == ["physical_effort", "full_days"]
    assert (answers["request_kind"], answers["valid_until"], answers["dg_file_since"]) == ("renewal", "2027-06", "2015-09")
    assert "worked_before" not in answers and "work_stopped" not in answers


def test_recognition_alone_asks_and_shows_what_the_certificate_is_for(app, form_client):
    walk(form_client, "nl", ["recognition"])
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    assert export(app, reference)["answers"]["certificate_purpose"] == ["tax", "public_transport"]
