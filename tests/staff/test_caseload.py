"""The caseload: exactly the organisation's cases, filtered by status, found
by national register number or name; 404 for anything of another
organisation; no staff page without a complete staff session."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from webform.answers import Answers
from webform.models import Application, AuditEvent, db
from webform.questions import ENGINE

from ..helpers import FormClient, translate
from ..scenarios import NATIONAL_NUMBER, PARTNER_NUMBER
from ..views.test_files import PDF
from .cases import make_case, organisation_of
from .conftest import logged_in

BOTH_DATABASES = True



@pytest.fixture
def cases(app, staff_client, make_member):
    """Two cases of the member's organisation, one of another, one citizen's own."""
    ours = organisation_of(app, staff_client.member)
    other = make_member()
    return {
        "draft": make_case(app, ours, "Marie", "Dupont", NATIONAL_NUMBER, member=staff_client.member),
        "sent": make_case(app, ours, "Paul", "Peeters", PARTNER_NUMBER, status="submitted", member=staff_client.member),
        # The same person, helped by another organisation.
        "other": make_case(app, organisation_of(app, other), "Marie", "Dupont", NATIONAL_NUMBER, member=other),
        "citizen": make_case(app, None, "Marie", "Dupont", NATIONAL_NUMBER),
        "other_member": other,
    }


def engine_progress(app, public_id: str) -> tuple[int, int]:
    """The parts to fill in and the items missing, as the engine counts them."""
    with app.test_request_context():
        application = db.session.execute(select(Application).where(Application.public_id == public_id)).scalar_one()
        answers, completed = Answers.of(application), set(application.completed_steps)
        parts = [p for p in ENGINE.visible_parts(answers) if ENGINE.submit_step() not in p.steps]
        return len(parts), len(ENGINE.missing_items(answers, completed))


def rows(page) -> list[dict]:
    table = page.soup.select_one("table.caseload")
    result = []
    for row in table.select("tbody tr"):
        link = row.select_one("th[scope=row] a")
        if link is None:
            continue
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        result.append({"id": link["href"].rsplit("/", 1)[1], "name": row.select_one("th [translate=no]").get_text(), "cells": cells})
    return result


def test_the_caseload_is_a_table_of_exactly_the_organisations_cases(app, staff_client, cases):
    page = staff_client.get("/staff/")
    table = page.soup.select_one("table.caseload")
    assert table.caption.get_text(strip=True)
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 4
    found = rows(page)
    assert {row["id"] for row in found} == {cases["draft"], cases["sent"]}
    draft = next(row for row in found if row["id"] == cases["draft"])
    requests, progress, changed = draft["cells"]
    assert draft["name"] == "Marie Dupont" and requests == translate("Recognition of my disability", "fr")
    # Progress from the engine: parts done of the parts to fill, items missing.
    total, missing = engine_progress(app, cases["draft"])
    assert progress.startswith(translate("%(done)s of %(total)s parts done", "fr", done=0, total=total) + f", {missing} ")
    assert translate("by %(name)s", "fr", name=staff_client.member.name) in changed
    sent = next(row for row in found if row["id"] == cases["sent"])
    assert sent["cells"][1].startswith(translate("Sent on %(date)s", "fr", date=""))


@pytest.mark.parametrize("status, expected", [("draft", ["draft"]), ("submitted", ["sent"]), ("all", ["draft", "sent"])])
def test_the_caseload_filters_by_status(app, staff_client, cases, status, expected):
    page = staff_client.get(f"/staff/?status={status}")
    assert {row["id"] for row in rows(page)} == {cases[key] for key in expected}
    assert page.soup.select_one("[aria-current=page]")["href"].endswith(f"status={status}")


@pytest.mark.parametrize("typed", [NATIONAL_NUMBER, f"{NATIONAL_NUMBER[:2]}.{NATIONAL_NUMBER[2:4]}.{NATIONAL_NUMBER[4:6]}-{NATIONAL_NUMBER[6:9]}.{NATIONAL_NUMBER[9:]}"])
def test_find_by_national_number_among_the_organisations_cases_only(app, staff_client, cases, typed):
    staff_client.get("/staff/")
    page = staff_client.submit({"number": typed, "name": ""}, form="#search-form")
    # The other organisation's and the citizen's own application of the same person are not found.
    assert [row["id"] for row in rows(page)] == [cases["draft"]]


def test_the_search_uses_the_keyed_hash_not_the_number(app, staff_client, cases, monkeypatch):
    """The number is compared through models.national_number_hmac only."""
    from webform.staff import caseload

    asked = []
    monkeypatch.setattr(caseload, "national_number_hmac", lambda digits: asked.append(digits) or "no such hash")
    staff_client.get("/staff/")
    page = staff_client.submit({"number": NATIONAL_NUMBER, "name": ""}, form="#search-form")
    assert asked == [NATIONAL_NUMBER] and rows(page) == []


def test_a_number_without_its_11_digits_is_an_error(app, staff_client, cases):
    staff_client.get("/staff/")
    page = staff_client.submit({"number": "85.07", "name": ""}, form="#search-form")
    assert page.errors() == {"number": translate("Enter the 11 digits of the number, for example 85.07.30-033.61", "fr")}
    assert page.title.startswith(translate("Error:", "fr"))


@pytest.mark.parametrize("typed, expected", [("dupont", ["draft"]), ("PAUL", ["sent"]), ("marie dup", ["draft"]), ("Janssens", [])])
def test_find_by_name(app, staff_client, cases, typed, expected):
    staff_client.get("/staff/")
    page = staff_client.submit({"number": "", "name": typed}, form="#search-form")
    assert {row["id"] for row in rows(page)} == {cases[key] for key in expected}


def test_the_caseload_and_searches_are_in_the_audit_log_without_what_was_searched(app, staff_client, cases):
    staff_client.get("/staff/")
    staff_client.submit({"number": NATIONAL_NUMBER, "name": "Dupont"}, form="#search-form")
    with app.app_context():
        lines = [(e.staff_id, e.action, e.target) for e in db.session.execute(select(AuditEvent)).scalars()]
    me = staff_client.member.id
    assert lines == [(me, "view", "caseload"), (me, "view", "search")]


def test_open_a_case_to_continue_it(app, staff_client, cases):
    page = staff_client.get(f"/staff/applications/{cases['draft']}")
    assert staff_client.url == "/application/"
    assert translate("Assisted application for %(name)s", "fr", name="Marie Dupont") in page.soup.select_one(".assisted-banner").get_text(" ", strip=True)
    page = staff_client.get(f"/staff/applications/{cases['sent']}")
    assert staff_client.url == "/application/sent"


# -- another organisation's applications: 404 everywhere -------------------
APPLICATION_URLS = [
    "/application/", "/application/requests", "/application/identity", "/application/check",
    "/application/files/", "/application/summary.pdf", "/application/sent",
]


def test_another_organisations_case_is_not_found(app, staff_client, cases):
    for key in ("other", "citizen"):
        assert staff_client.client.get(f"/staff/applications/{cases[key]}").status_code == 404
    assert staff_client.client.get("/staff/applications/no-such-id").status_code == 404


def test_every_url_of_a_case_open_in_this_browser_answers_404_to_another_organisation(app, staff_client, cases):
    """Member A opened a case (and attached a file), then member B of another
    organisation logs in on the same browser: every page of the case, its
    file and its PDF answer 404."""
    staff_client.get(f"/staff/applications/{cases['draft']}")
    staff_client.get("/application/files/")
    staff_client.submit({"file": (io.BytesIO(PDF), "report.pdf"), "kind": "medical_report"}, form="#upload-form")
    with app.app_context():
        attachment = db.session.execute(select(Application).where(Application.public_id == cases["draft"])).scalar_one().attachments[0].public_id
    for method, url in [*(("get", url) for url in APPLICATION_URLS), ("get", f"/application/files/{attachment}"), ("post", "/application/requests")]:
        logged_in(staff_client, staff_client.member)
        staff_client.get(f"/staff/applications/{cases['draft']}")
        logged_in(staff_client, cases["other_member"])
        assert getattr(staff_client.client, method)(url).status_code == 404, url
        # Refused once, the browser no longer holds the case.
        assert staff_client.client.get("/application/").status_code == 302


def test_another_organisations_file_is_not_found_from_ones_own_case(app, staff_client, cases):
    other = logged_in(FormClient(app), cases["other_member"])
    other.get(f"/staff/applications/{cases['other']}")
    other.get("/application/files/")
    other.submit({"file": (io.BytesIO(PDF), "report.pdf"), "kind": "medical_report"}, form="#upload-form")
    with app.app_context():
        theirs = db.session.execute(select(Application).where(Application.public_id == cases["other"])).scalar_one().attachments[0].public_id
    staff_client.get(f"/staff/applications/{cases['draft']}")
    assert staff_client.client.get(f"/application/files/{theirs}").status_code == 404
    assert staff_client.client.post(f"/application/files/{theirs}/remove", data={"csrf_token": staff_client.page.csrf_token()}).status_code in (400, 404)


# -- no staff page without login and second factor --------------------------
@pytest.fixture
def login_page(app):
    """The login page is s1's (auth_views); a stand-in where it is not built."""
    if "staff_auth.login" not in app.view_functions:
        app.add_url_rule("/staff/login", "staff_auth.login", lambda: "login")


@pytest.mark.parametrize("url", ["/staff/", "/staff/start", "/staff/applications/anything"])
def test_no_staff_page_without_a_complete_staff_session(app, login_page, make_member, url):
    client = FormClient(app)
    assert "/staff/login" in client.client.get(url).location
    # Password given, second factor not yet.
    member = make_member()
    with client.client.session_transaction() as session:
        session["staff"] = {"id": member.id, "verified": None, "seen": 0}
    assert "/staff/login" in client.client.get(url).location


def test_after_logout_the_browser_opens_no_assisted_application(app, login_page, staff_client, cases):
    staff_client.get(f"/staff/applications/{cases['draft']}")
    with staff_client.client.session_transaction() as session:
        session.pop("staff")
    for url in APPLICATION_URLS:
        assert "/staff/login" in staff_client.client.get(url).location, url
