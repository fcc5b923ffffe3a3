"""An assisted application: started by staff, filled in on the citizen's
own pages, sent, with the assistance recorded on the check page, in the
PDF and in the export, who changed it last, and an audit line per access."""
from __future__ import annotations

import json
from datetime import date

import pytest
from flask_babel import force_locale
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import select

from webform.export import SCHEMA_PATH, export_application
from webform.i18n import format_day
from webform.models import Application, AuditEvent, db

from .. import pdf_structure as structure
from ..helpers import FormClient, translate
from ..scenarios import apply_for
from ..views.test_application import walk
from ..views.test_check_and_submit import pdf_text
from ..views.test_files import PDF, attach
from .cases import organisation_of
from .conftest import logged_in

CAPACITY_LABELS = {
    "present": "The person is present and agrees",
    "proxy": "The person gave a written proxy",
    "representative": "The helper is the person's legal representative",
}


def start_assisted(client: FormClient, language: str = "fr", capacity: str = "proxy", on: date = date(2026, 3, 2)):
    """Start an application for a citizen through the staff's start page."""
    client.get(f"/language/{language}?next=/staff/start")
    return client.submit(
        {"capacity": capacity, "assistance_date-day": str(on.day), "assistance_date-month": str(on.month), "assistance_date-year": str(on.year)},
        form="#start-form",
    )


def the_application(app) -> Application:
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        db.session.expunge(application)
        return application


def audit_lines(app) -> list[tuple[str, str | None, str | None]]:
    with app.app_context():
        events = db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()
        return [(e.action, e.application_public_id, e.target) for e in events]


def test_the_start_page_asks_how_the_helper_acts_and_since_when(app, staff_client):
    page = staff_client.get("/staff/start")
    assert [i["value"] for i in page.soup.select("input[name=capacity]")] == ["present", "proxy", "representative"]
    # Today's date is proposed: the usual case is a person present today.
    assert page.value("assistance_date-year") == str(date.today().year)
    page = staff_client.submit({"capacity": "", "assistance_date-day": "", "assistance_date-month": "", "assistance_date-year": ""}, form="#start-form")
    assert page.errors() == {"capacity": translate("Select how you act for the person", "fr"), "assistance_date": translate("Enter a date", "fr")}
    assert page.title.startswith(translate("Error:", "fr")) and page.summary()
    with app.app_context():
        assert db.session.execute(select(Application)).first() is None


@pytest.mark.parametrize("language, capacity, requests", [
    ("fr", "present", ["recognition"]),
    ("nl", "proxy", ["allowances", "parking_card"]),
    ("de", "representative", ["recognition", "allowances", "parking_card"]),
])
def test_an_assisted_application_from_start_to_sending(app, staff_client, language, capacity, requests):
    member = staff_client.member
    page = start_assisted(staff_client, language, capacity)
    assert staff_client.url == "/application/"
    # Every page says it is an assisted application; no name yet.
    assert translate("Assisted application: the person's name is not given yet", language) in page.html
    walk(staff_client, language, requests)
    assert staff_client.url == "/application/sent"
    application = the_application(app)
    assert application.is_submitted
    assert (application.organisation_id, application.assisted_by_id, application.last_changed_by_id) == (member.organisation_id, member.id, member.id)
    assert (application.assistance_capacity, application.assistance_date) == (capacity, date(2026, 3, 2))
    # Once the name is known, the banner names the person.
    banner = staff_client.page.soup.select_one(".assisted-banner").get_text(" ", strip=True)
    assert translate("Assisted application for %(name)s", language, name="Marie Dupont") in banner
    # The PDF says who assisted, how and when, in the application's language.
    data = staff_client.client.get("/application/summary.pdf").data
    text = pdf_text(data)
    # The assistance's section keeps the PDF/UA checks of the summary.
    assert structure.all_problems(data, f"{language}-BE") == []
    with app.test_request_context(), force_locale(language):
        when = format_day(date(2026, 3, 2))
    organisation = organisation_of(app, member).name
    for expected in (translate("Assisted application", language), f"{member.name}, {organisation}", translate(CAPACITY_LABELS[capacity], language), when):
        assert expected in text, expected
    # The export too, valid against the schema.
    with app.app_context():
        exported = export_application(db.session.get(Application, application.id))
    assert exported["assistance"] == {
        "staff_member": member.name, "organisation": organisation, "organisation_kind": "commune_cpas",
        "capacity": capacity, "date": "2026-03-02",
    }
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(exported)


def test_the_check_page_says_who_assisted_how_and_when(app, staff_client):
    start_assisted(staff_client, "nl", "representative")
    apply_for(staff_client, ["recognition"])
    page = staff_client.get("/application/check")
    section = page.soup.select_one("#assistance").get_text(" ", strip=True)
    assert translate("Assisted application", "nl") in section
    assert f"{staff_client.member.name}, {organisation_of(app, staff_client.member).name}" in section
    assert translate(CAPACITY_LABELS["representative"], "nl") in section
    assert "2 maart 2026" in section


def test_a_citizens_own_application_says_nothing_of_assistance(app, form_client):
    """The citizen's flow is unchanged: no banner, no assistance, none exported."""
    walk(form_client, "fr", ["recognition"])
    assert not form_client.page.soup.select(".assisted-banner")
    assert "Assisted application" not in pdf_text(form_client.client.get("/application/summary.pdf").data)
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        assert export_application(application)["assistance"] is None
    assert audit_lines(app) == []


def test_every_change_says_which_member_made_it(app, make_member, staff_client):
    start_assisted(staff_client)
    colleague = make_member(organisation=organisation_of(app, staff_client.member))
    other = logged_in(FormClient(app), colleague)
    application = the_application(app)
    other.get(f"/staff/applications/{application.public_id}")
    other.post("/application/requests", {"requests": ["recognition"]})
    assert the_application(app).last_changed_by_id == colleague.id
    assert the_application(app).assisted_by_id == staff_client.member.id


def test_an_audit_line_for_every_access(app, staff_client):
    start_assisted(staff_client)
    public_id = the_application(app).public_id
    staff_client.get("/application/requests")
    staff_client.submit({"requests": ["recognition"]}, form="#step-form")
    attach(staff_client, "report.pdf", PDF)
    staff_client.client.get(f"/application/files/{the_attachment(app)}")
    staff_client.client.get("/application/summary.pdf")
    staff_client.get(f"/staff/applications/{public_id}")
    # One line per access, in order; the target is a step, a page or a
    # file's kind, never an answer or a file's name.
    assert [(action, target) for action, public, target in audit_lines(app) if public == public_id] == [
        ("start", None),
        ("view", "application.task_list"),
        ("view", "requests"),
        ("change", "requests"),
        ("view", "certificate_purpose"),
        ("view", "files.index"),
        ("upload", "medical_report"),
        ("view", "files.index"),
        ("download", "file"),
        ("download", "summary.pdf"),
        ("view", "open"),
        ("view", "application.task_list"),
    ]


def the_attachment(app) -> str:
    with app.app_context():
        return db.session.execute(select(Application)).scalar_one().attachments[0].public_id


def test_sending_is_a_line_of_its_own(app, staff_client):
    start_assisted(staff_client)
    walk(staff_client, "fr", ["recognition"])
    public_id = the_application(app).public_id
    assert ("send", public_id, "declaration") in audit_lines(app)
    # The form's steps that led there were each a change.
    assert ("change", public_id, "identity") in audit_lines(app)


@pytest.mark.parametrize("capacity, ticked", [("present", "present"), ("proxy", "proxy"), ("representative", None)])
def test_who_fills_in_is_proposed_from_how_the_member_acts(app, staff_client, capacity, ticked):
    """"Who is filling in this form?" comes ticked, to confirm; a legal
    representative may be a parent or an administrator: left to choose."""
    start_assisted(staff_client, "fr", capacity)
    page = staff_client.get("/application/helper_kind")
    checked = [i["value"] for i in page.soup.select("input[name=helper_kind][checked]")]
    assert checked == ([ticked] if ticked else [])
    assert "helper_kind" not in the_application(app).completed_steps, "still to confirm"
