"""The staff's hand-over, take-over and audit-log pages, in the states the
accessibility suites check them in (issue 9): shown in a browser by
``visit`` (axe, reflow, text spacing, keyboard) and collected with the test
client by ``collect`` (the Nu Html Checker).

A member's session is written as the session contract of
webform/staff/session.py says (second factor passed), as the tests'
``logged_in`` does: these pages are about what staff do once logged in.
"""
from __future__ import annotations

import time
from datetime import date

from tests.helpers import FormClient
from tests.staff.conftest import logged_in
from webform import resume, storage
from webform.models import Organisation, StaffMember, db
from webform.staff import audit
from webform.staff.session import SESSION_KEY

BORN = "1950-03-07"
BORN_FIELDS = {"resume_birth_date-day": "7", "resume_birth_date-month": "3", "resume_birth_date-year": "1950"}
WRONG_CODE = "K7QP-M3RT-9XWA-2HCD-VNE4"


def seed_staff(app, language: str) -> dict:
    """An organisation with its administrator, an assisted draft whose
    answers do not give the date of birth (the hand-over asks it), a
    citizen's own draft with a code (to take over), and lines in the log."""
    with app.app_context():
        organisation = Organisation(name=f"CPAS de Namur {language} {time.time_ns()}", kind="commune_cpas", language=language)
        db.session.add(organisation)
        db.session.flush()
        admin = StaffMember(organisation_id=organisation.id, email=f"admin-{time.time_ns()}@example.be",
                            name="Anne Lambert", language=language, is_admin=True)
        db.session.add(admin)
        db.session.flush()
        assisted = storage.create_application(language)
        assisted.answers = {"first_name": "Marie", "last_name": "Dupont", "email": "marie@example.be"}
        assisted.organisation_id, assisted.assisted_by_id = organisation.id, admin.id
        assisted.assistance_capacity, assisted.assistance_date = "present", date.today()
        own = storage.create_application(language)
        for action, target in (("view", "identity"), ("change", "contact"), ("download", "summary.pdf")):
            audit.record(admin, action, assisted, target)
        db.session.commit()
        code = resume.issue_code(own, BORN)
        return {"member_id": admin.id, "assisted": assisted.public_id, "own_code": resume.format_code(code)}


def _member(app, member_id: int) -> StaffMember:
    with app.app_context():
        member = db.session.get(StaffMember, member_id)
        db.session.expunge(member)
        return member


def session_cookie(app, member_id: int, language: str) -> str:
    """The signed session cookie of a member with the second factor passed."""
    now = time.time()
    data = {SESSION_KEY: {"id": member_id, "verified": now, "seen": now}, "language": language}
    return app.session_interface.get_signing_serializer(app).dumps(data)


def _take_over_fields(code: str, capacity: str = "present") -> dict:
    today = date.today()
    return {
        "code": code, **BORN_FIELDS, "assistance_capacity": capacity, "assistance_date-day": str(today.day),
        "assistance_date-month": str(today.month), "assistance_date-year": str(today.year),
    }


def _fill_take_over(browser, code: str) -> None:
    from .test_browser_walkthrough import fill_step

    fill_step(browser, _take_over_fields(code))


def visit(browser, live, language: str):
    """Show the staff pages one after the other; yield each page's name."""
    from selenium.webdriver.common.by import By

    from .pages import mail_to_nowhere
    from .test_browser_walkthrough import click_and_wait, fill_step

    def press_continue(form: str) -> None:
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f'#{form} button[name="action"][value="continue"]'))

    seeded = seed_staff(live.app, language)
    browser.get(f"{live.url}/accessibility")
    browser.delete_all_cookies()
    browser.add_cookie({"name": live.app.config["SESSION_COOKIE_NAME"], "path": "/",
                        "value": session_cookie(live.app, seeded["member_id"], language)})
    handover = f"{live.url}/staff/applications/{seeded['assisted']}/hand-over"
    browser.get(handover)
    yield "staff: hand-over, date of birth asked"
    press_continue("handover-form")
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), "the date of birth is missing"
    yield "staff: hand-over with errors"
    with mail_to_nowhere(live.app):
        fill_step(browser, BORN_FIELDS)
        press_continue("handover-form")
        assert browser.find_elements(By.CSS_SELECTOR, ".resume-code"), "the code is shown"
        yield "staff: hand-over, the code"
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#email-form button"))
        assert browser.find_elements(By.CSS_SELECTOR, ".notification-banner-success"), "the code was sent"
        yield "staff: hand-over, code sent by e-mail"
    browser.get(f"{live.url}/staff/take-over")
    yield "staff: take over"
    fill_step(browser, {"assistance_date-day": ""})
    press_continue("take-over-form")
    yield "staff: take over with errors"
    _fill_take_over(browser, WRONG_CODE)
    press_continue("take-over-form")
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), "the wrong code is an error"
    yield "staff: take over, wrong code"
    _fill_take_over(browser, seeded["own_code"])
    press_continue("take-over-form")
    assert "/taken-over" in browser.current_url, "taken over"
    yield "staff: taken over"
    browser.get(f"{live.url}/staff/log")
    assert browser.find_elements(By.CSS_SELECTOR, "table caption"), "the lines are shown"
    yield "staff: audit log"
    browser.find_element(By.ID, "from_date-day").send_keys("40")
    press_continue("log-form")
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), "the wrong date is an error"
    yield "staff: audit log with errors"


def collect(app, language: str) -> dict[str, str]:
    """The same pages' HTML, for the Nu Html Checker."""
    from .pages import mail_to_nowhere

    seeded = seed_staff(app, language)
    client = logged_in(FormClient(app), _member(app, seeded["member_id"]))
    client.get(f"/language/{language}?next=/")
    pages = {"staff-handover": client.get(f"/staff/applications/{seeded['assisted']}/hand-over").html}
    pages["staff-handover-errors"] = client.submit({}, form="#handover-form").html
    with mail_to_nowhere(app):
        pages["staff-handover-code"] = client.submit(BORN_FIELDS, form="#handover-form").html
        pages["staff-handover-code-sent"] = client.submit({"code_email": "marie@example.be"}, form="#email-form").html
    pages["staff-take-over"] = client.get("/staff/take-over").html
    pages["staff-take-over-errors"] = client.submit({"assistance_date-day": ""}, form="#take-over-form").html
    pages["staff-taken-over"] = client.submit(_take_over_fields(seeded["own_code"], "proxy"), form="#take-over-form").html
    pages["staff-log"] = client.get("/staff/log").html
    pages["staff-log-errors"] = client.submit({"from_date-day": "40"}, form="#log-form").html
    assert all("error-summary" in pages[name] for name in pages if name.endswith("-errors"))
    return pages
