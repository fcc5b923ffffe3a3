"""Save and continue later; resume with the code and the date of birth."""
from __future__ import annotations

import io
import re
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from webform import resume
from webform.models import Application, db, utcnow

from ..helpers import MINIMAL_PDF, FormClient, translate
from ..scenarios import NATIONAL_NUMBER, STEP_INPUT

# Run on SQLite and on PostgreSQL (see tests/conftest.py).
BOTH_DATABASES = True

BIRTH = {"day": str(int(NATIONAL_NUMBER[4:6])), "month": str(int(NATIONAL_NUMBER[2:4]))}


def birth_fields(year: str) -> dict:
    return {"resume_birth_date-day": BIRTH["day"], "resume_birth_date-month": BIRTH["month"], "resume_birth_date-year": year}


def stored(app) -> Application:
    with app.app_context():
        return db.session.execute(select(Application)).scalar_one()


def real_birth_year(app) -> str:
    return stored(app).resume_birth_date[:4]


def save_with_code(client: FormClient, language: str = "fr", contact: dict | None = None) -> str:
    """Fill the first steps, then "Save and continue later" on the contact step
    (by default with an invalid e-mail address typed, to see it kept)."""
    client.start(language)
    client.post("/application/requests", {"requests": ["recognition"]})
    client.post("/application/identity", STEP_INPUT["identity"])
    client.get("/application/contact")
    contact = contact or {"phone": "0470 12 34 56", "email": "not an address"}
    page = client.submit({**contact, "action": "later"}, form="#step-form")
    code = page.soup.select_one(".resume-code strong").get_text(strip=True)
    return code


def test_code_is_long_grouped_and_unambiguous():
    code = resume.new_code()
    assert len(code) == 20 and not set(code) & set("01OIL")
    # 31 symbols, 20 places: more than 80 bits.
    assert 20 * 4.95 > 80
    assert resume.format_code(code).count("-") == 4
    assert resume.normalise(" k7qp-m3rt 9xwa ") == "K7QPM3RT9XWA"


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_save_restart_and_resume(app, tmp_path, language):
    client = FormClient(app)
    code = save_with_code(client, language)
    page = client.page
    # A file attached before the restart must come back with the answers.
    client.get("/application/files/")
    client.submit({"file": (io.BytesIO(MINIMAL_PDF), "rapport.pdf"), "kind": "medical_report"}, form="#upload-form")
    client.page = page
    assert page.h1 == translate("Your application is saved", language)
    # Only the hash is kept; nothing of the code in the cookie.
    application = stored(app)
    assert application.resume_code_hash == resume.code_hash(code) and code.replace("-", "") not in str(application.__dict__)
    assert code not in str(client.client.get_cookie("session").value)
    # What was typed on the page, even invalid, is kept to be shown again.
    assert application.pending_input["contact"]["email"] == ["not an address"]

    # Another browser (or the same after a restart) resumes with code and date of birth.
    from webform import create_app

    again = create_app({"SECRET_KEY": "other-process", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    other = FormClient(again)
    other.get(f"/language/{'de' if language != 'de' else 'nl'}?next=/resume")
    page = other.submit({"code": code.lower().replace("-", " "), **birth_fields(real_birth_year(app))}, form="#resume-form")
    assert other.url == "/application/"
    assert page.language == language, "back in the language used last"
    statuses = {t["id"]: t.select_one(".tag").get_text(strip=True) for t in page.soup.select(".task")}
    assert statuses["part-requests"] == translate("Completed", language)
    assert statuses["part-about_you"] == translate("In progress", language)
    page = other.get("/application/contact")
    assert page.value("email") == "not an address" and page.value("phone") == "0470 12 34 56"
    page = other.get("/application/files/")
    link = page.soup.select_one(".file-item a")
    assert link.get_text(strip=True) == "rapport.pdf"
    assert other.client.get(link["href"]).data == MINIMAL_PDF
    with again.app_context():
        db.engine.dispose()


def test_birth_date_asked_when_not_known_yet(app, form_client):
    form_client.start("nl")
    form_client.get("/application/requests")
    page = form_client.submit({"requests": ["recognition"], "action": "later"}, form="#step-form")
    assert page.h1 == translate("What is your date of birth?", "nl")
    page = form_client.submit({"resume_birth_date-day": "31", "resume_birth_date-month": "2", "resume_birth_date-year": "1980"}, form="#step-form")
    assert page.errors()["resume_birth_date"] == translate("Enter a real date: this day or month does not exist", "nl")
    page = form_client.submit({"resume_birth_date-day": "3", "resume_birth_date-month": "2", "resume_birth_date-year": "1980"}, form="#step-form")
    assert page.soup.select_one(".resume-code")
    assert stored(app).resume_birth_date == "1980-02-03"


def test_wrong_tries_are_limited_per_code(app):
    client = FormClient(app)
    code = save_with_code(client)
    stranger = FormClient(app)
    stranger.get("/resume")
    for _ in range(app.config["RESUME_ATTEMPTS_PER_CODE"] - 1):
        page = stranger.submit({"code": code, **birth_fields("1901")}, form="#resume-form")
        assert page.errors()["code"] == translate(
            "This code and date of birth do not match a saved application. Check both and try again; the code may also have expired.", "fr"
        )
    page = stranger.submit({"code": code, **birth_fields("1901")}, form="#resume-form")
    # It says until when, and that nothing is lost.
    assert re.search(r"\d\d:\d\d", page.errors()["code"])
    # Even the right date of birth waits until the lock ends...
    page = stranger.submit({"code": code, **birth_fields(real_birth_year(app))}, form="#resume-form")
    assert stranger.url == "/resume"
    # ...and works afterwards: a locked code can still be resumed later.
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.resume_locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    stranger.submit({"code": code, **birth_fields(real_birth_year(app))}, form="#resume-form")
    assert stranger.url == "/application/"


def test_wrong_tries_are_limited_per_address(app):
    app.config["RESUME_ATTEMPTS_PER_ADDRESS"] = 3
    client = FormClient(app)
    code = save_with_code(client)
    guesser = FormClient(app)
    guesser.get("/resume")
    for _ in range(3):
        guesser.submit({"code": resume.new_code(), **birth_fields("1950")}, form="#resume-form")
    page = guesser.submit({"code": code, **birth_fields(real_birth_year(app))}, form="#resume-form")
    assert page.errors()["code"] == translate(
        "Too many wrong tries from this connection. Your application is safe: try again in an hour.", "fr"
    )


def test_a_new_code_replaces_the_old_one(app):
    client = FormClient(app)
    first = save_with_code(client)
    client.get("/application/contact")
    second = client.submit({"phone": "0470 12 34 56", "email": "", "action": "later"}, form="#step-form").soup.select_one(".resume-code strong").get_text(strip=True)
    assert first != second
    stranger = FormClient(app)
    stranger.get("/resume")
    stranger.submit({"code": first, **birth_fields(real_birth_year(app))}, form="#resume-form")
    assert stranger.url == "/resume"


def test_expired_drafts_are_purged(app):
    client = FormClient(app)
    code = save_with_code(client)
    assert stored(app).expires_at > utcnow() + timedelta(days=app.config["DRAFT_RETENTION_DAYS"] - 1)
    runner = app.test_cli_runner()
    assert "purged 0" in runner.invoke(args=["purge-expired"]).output
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    # An expired code no longer opens anything, even before the purge.
    stranger = FormClient(app)
    stranger.get("/resume")
    stranger.submit({"code": code, **birth_fields(real_birth_year(app))}, form="#resume-form")
    assert stranger.url == "/resume"
    assert "purged 1" in runner.invoke(args=["purge-expired"]).output
    with app.app_context():
        assert db.session.query(Application).count() == 0


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(app):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on the loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield inbox
    controller.stop()


def test_code_sent_by_email(app, smtp_server):
    client = FormClient(app)
    code = save_with_code(client, "de", STEP_INPUT["contact"])
    page = client.submit({}, form='form[action="/application/send-code"]')
    assert translate("We sent the code to %(email)s.", "de", email="Marie.Dupont@example.be") in page.html
    (message,) = smtp_server.messages
    assert message.rcpt_tos == ["Marie.Dupont@example.be"]
    body = message.content.decode()
    assert code in body and "/resume" in body
    # Only the code: no answer travels by e-mail.
    assert "Dupont" not in re.sub(r"^To:.*$", "", body, flags=re.M) and NATIONAL_NUMBER not in body


def test_send_code_refuses_a_code_that_is_not_this_drafts(app, smtp_server):
    client = FormClient(app)
    save_with_code(client, "fr", STEP_INPUT["contact"])
    client.submit({"code": resume.new_code()}, form='form[action="/application/send-code"]')
    assert smtp_server.messages == []


def test_stale_page_from_another_tab_is_refused(app, form_client):
    form_client.start("fr")
    form_client.post("/application/requests", {"requests": ["recognition"]})
    form_client.post("/application/identity", STEP_INPUT["identity"])
    old_tab = form_client.get("/application/identity")
    # Another tab changes the same page.
    other_tab = FormClient(app)
    other_tab.client = form_client.client
    other_tab.get("/application/identity")
    other_tab.submit({**STEP_INPUT["identity"], "first_name": "Anne"}, form="#step-form")
    # The old tab's save is refused with a message, and the current answers are shown.
    form_client.page = old_tab
    form_client.url = form_client.full_url = "/application/identity"
    page = form_client.submit({**STEP_INPUT["identity"], "first_name": "Marianne"}, form="#step-form")
    assert translate(
        "Your application was changed in another window or tab. Here are the answers saved there; check them and continue.", "fr"
    ) in page.html
    assert page.value("first_name") == "Anne"
    assert stored(app).answers["first_name"] == "Anne"
