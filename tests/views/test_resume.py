"""Save and continue later; resume with the code and the date of birth."""
from __future__ import annotations

import io
import re
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from webform import resume
from webform.models import Application, DraftSession, db, utcnow

from ..helpers import MINIMAL_PDF, FormClient, Page, translate
from ..scenarios import NATIONAL_NUMBER, STEP_INPUT, apply_for

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


def try_code(client: FormClient, app, code: str):
    """Submit the resume form (already open) with this code and the right date of birth."""
    return client.submit({"code": code, **birth_fields(real_birth_year(app))}, form="#resume-form")


def save_with_code(client: FormClient, language: str = "fr", contact: dict | None = None) -> str:
    """Fill the first steps, then "Save and continue later" on the contact step
    (by default with an invalid e-mail address typed, to see it kept)."""
    client.start(language)
    apply_for(client, ["recognition"])
    client.post("/application/identity", STEP_INPUT["identity"])
    client.get("/application/contact")
    contact = contact or {"phone": "0470 12 34 56", "email": "not an address"}
    page = client.submit({**contact, "action": "later"}, form="#step-form")
    code = page.soup.select_one(".resume-code strong").get_text(strip=True)
    return code


def send_by_email(client: FormClient, action: str = "/application/send-code", **data) -> Page:
    """Press the e-mail button as a browser does: the address filled in goes along."""
    return client.submit({"code_email": client.page.value("code_email"), **data}, form=f'form[action="{action}"]')


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
    assert page.h1 == translate("What is the date of birth of the person the application is for?", "nl")
    # The applicant's date, not the browser owner's birthday.
    assert not page.soup.select("[autocomplete^=bday]")
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
    page = try_code(stranger, app, code)
    assert stranger.url == "/resume"
    # ...and works afterwards: a locked code can still be resumed later.
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.resume_locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    try_code(stranger, app, code)
    assert stranger.url == "/application/"


def test_wrong_tries_are_limited_per_address_but_the_right_code_still_works(app):
    app.config["RESUME_ATTEMPTS_PER_ADDRESS"] = 3
    client = FormClient(app)
    code = save_with_code(client)
    guesser = FormClient(app)
    guesser.get("/resume")
    for _ in range(3):
        guesser.submit({"code": resume.new_code(), **birth_fields("1950")}, form="#resume-form")
    page = guesser.submit({"code": resume.new_code(), **birth_fields("1950")}, form="#resume-form")
    assert page.errors()["code"] == translate(
        "Many wrong tries came from this connection. Check the code and the date of birth carefully: the right ones still open your application.", "fr"
    )
    # Somebody else behind the same address (a CPAS desk) still gets in.
    try_code(guesser, app, code)
    assert guesser.url == "/application/"


def test_addresses_behind_a_trusted_proxy_are_counted_apart(tmp_path, monkeypatch, database):
    from webform import create_app

    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "proxied"))
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    proxied = create_app({"TESTING": True, "SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": database, "RESUME_ATTEMPTS_PER_ADDRESS": 2})
    with proxied.app_context():
        db.drop_all()
        db.create_all()
    wrong = "Many wrong tries came from this connection. Check the code and the date of birth carefully: the right ones still open your application."
    try:
        guesser = FormClient(proxied)
        guesser.get("/resume")
        for _ in range(3):
            page = guesser.submit({"code": resume.new_code(), **birth_fields("1950")}, form="#resume-form",
                                  headers={"X-Forwarded-For": "203.0.113.7"})
        assert page.errors()["code"] == translate(wrong, "fr")
        other = FormClient(proxied)
        other.get("/resume")
        page = other.submit({"code": resume.new_code(), **birth_fields("1950")}, form="#resume-form",
                            headers={"X-Forwarded-For": "198.51.100.9"})
        assert page.errors()["code"] != translate(wrong, "fr"), "another client behind the same proxy"
    finally:
        with proxied.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def test_without_trusted_proxies_forwarded_addresses_are_ignored(app):
    app.config["RESUME_ATTEMPTS_PER_ADDRESS"] = 2
    guesser = FormClient(app)
    guesser.get("/resume")
    for number in range(3):
        page = guesser.submit({"code": resume.new_code(), **birth_fields("1950")}, form="#resume-form",
                              headers={"X-Forwarded-For": f"203.0.113.{number}"})
    assert page.errors()["code"] == translate(
        "Many wrong tries came from this connection. Check the code and the date of birth carefully: the right ones still open your application.", "fr"
    )


def _saved_again(client: FormClient) -> Page:
    page = client.get("/application/contact")
    # Like a browser, the e-mail address shown goes back (an emptied field is saved empty).
    return client.submit({"phone": "0470 12 34 56", "email": page.value("email"), "action": "later"}, form="#step-form")


def test_saving_again_keeps_the_code(app):
    client = FormClient(app)
    code = save_with_code(client)
    issued = stored(app).resume_code_issued_at
    page = _saved_again(client)
    assert page.h1 == translate("Your application is saved", "fr")
    assert not page.soup.select_one(".resume-code"), "no new code"
    assert page.soup.select_one('form[action="/application/new-code"] button')
    assert stored(app).resume_code_hash == resume.code_hash(code)
    assert stored(app).resume_code_issued_at == issued
    # The code written down still opens the application.
    stranger = FormClient(app)
    stranger.get("/resume")
    try_code(stranger, app, code)
    assert stranger.url == "/application/"


def test_the_new_code_is_shown_once(app):
    client = FormClient(app)
    code = save_with_code(client)
    assert client.url == "/application/saved", "post/redirect/get"
    # Reloading the page (or coming back to it) shows no code and makes none.
    page = client.get(client.full_url)
    assert not page.soup.select_one(".resume-code") and code not in page.html
    assert stored(app).resume_code_hash == resume.code_hash(code)
    assert stored(app).resume_code_masked is None, "nothing of the code is kept once shown"
    # Sending the save again (a reload of the POST, a double click) makes no new code either.
    page = client.submit({}, form='form[action="/application/new-code"]')
    new = page.soup.select_one(".resume-code strong").get_text(strip=True)
    assert new != code
    client.client.post("/application/saved", data={"csrf_token": page.csrf_token(), **birth_fields("1980")})
    assert stored(app).resume_code_hash == resume.code_hash(new)


def test_lost_code_gives_a_new_one_and_the_old_one_stops_working(app):
    client = FormClient(app)
    first = save_with_code(client)
    page = _saved_again(client)
    page = client.submit({}, form='form[action="/application/new-code"]')
    second = page.soup.select_one(".resume-code strong").get_text(strip=True)
    assert first != second
    assert translate("This code replaces the code you received before for this application: the old one no longer works.", "fr") in page.html
    assert code_not_in_cookie(client, second)
    stranger = FormClient(app)
    stranger.get("/resume")
    try_code(stranger, app, first)
    assert stranger.url == "/resume"
    try_code(stranger, app, second)
    assert stranger.url == "/application/"


def test_new_code_needs_the_csrf_token(app):
    client = FormClient(app)
    code = save_with_code(client)
    _saved_again(client)
    client.submit({"csrf_token": ""}, form='form[action="/application/new-code"]')
    assert stored(app).resume_code_hash == resume.code_hash(code)


def code_not_in_cookie(client: FormClient, code: str) -> bool:
    cookie = str(client.client.get_cookie("session").value)
    return code not in cookie and code.replace("-", "") not in cookie


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
    try_code(stranger, app, code)
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
    page = send_by_email(client)
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
    send_by_email(client, code=resume.new_code())
    assert smtp_server.messages == []


def test_stale_page_from_another_tab_is_refused(app, form_client):
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
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


def test_double_click_on_continue_goes_on_without_a_warning(app, form_client):
    """The twin request of a double click finds its own answers saved: same
    input is not a change from another tab."""
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    shown = form_client.get("/application/identity")
    form_client.submit(STEP_INPUT["identity"], form="#step-form")
    # The second click posts the same page again.
    form_client.page = shown
    form_client.url = form_client.full_url = "/application/identity"
    page = form_client.submit(STEP_INPUT["identity"], form="#step-form")
    assert translate(
        "Your application was changed in another window or tab. Here are the answers saved there; check them and continue.", "fr"
    ) not in page.html
    assert "/application/identity" not in form_client.url


def test_mail_server_down_shows_the_code_again(app, caplog):
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    client = FormClient(app)
    code = save_with_code(client, "nl", STEP_INPUT["contact"])
    page = send_by_email(client)
    assert page.status == 200
    assert translate("We could not send the e-mail. Write the code down or take a photo of it now: it is shown only on this page.", "nl") in page.html
    assert page.soup.select_one(".resume-code strong").get_text(strip=True) == code
    assert "ConnectionRefusedError" in caplog.text
    assert code not in caplog.text and "Dupont" not in caplog.text and "example.be" not in caplog.text.lower()


def _lock_once(app, stranger: FormClient, code: str) -> Page:
    for _ in range(app.config["RESUME_ATTEMPTS_PER_CODE"]):
        page = stranger.submit({"code": code, **birth_fields("1901")}, form="#resume-form")
    return page


def _unlock(app) -> None:
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.resume_locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()


def test_each_lock_lasts_longer_and_the_right_code_works_after(app):
    app.config["RESUME_LOCK_MINUTES"] = (15, 60, 1440)
    client = FormClient(app)
    code = save_with_code(client)
    stranger = FormClient(app)
    stranger.get("/resume")
    lengths = []
    for _ in range(4):
        before = utcnow()
        _lock_once(app, stranger, code)
        lengths.append(round((stored(app).resume_locked_until - before).total_seconds() / 60))
        _unlock(app)
    assert lengths == [15, 60, 1440, 1440]
    try_code(stranger, app, code)
    assert stranger.url == "/application/"
    assert stored(app).resume_locks == 0 and stored(app).resume_failures == 0


def test_a_long_lock_says_the_day(app):
    app.config["RESUME_LOCK_MINUTES"] = (1440,)
    client = FormClient(app)
    code = save_with_code(client)
    stranger = FormClient(app)
    stranger.get("/resume")
    page = _lock_once(app, stranger, code)
    assert re.search(r"\d\d:\d\d", page.errors()["code"]) and re.search(r"20\d\d", page.errors()["code"])


def test_wrong_tries_do_not_make_the_owners_save_stale(app):
    """Counting a wrong try is one UPDATE that leaves the draft's version alone:
    the owner saving at that moment, or two tries at once, never fail."""
    client = FormClient(app)
    code = save_with_code(client)
    version = stored(app).version
    owner_page = client.get("/application/contact")
    stranger = FormClient(app)
    stranger.get("/resume")
    stranger.submit({"code": code, **birth_fields("1901")}, form="#resume-form")
    assert stored(app).resume_failures == 1 and stored(app).version == version
    client.page = owner_page
    client.submit(STEP_INPUT["contact"], form="#step-form")
    assert stored(app).answers["email"].lower() == "marie.dupont@example.be"


def test_failures_count_even_from_a_stale_copy(app):
    """Two tries that read the draft at the same time both count."""
    client = FormClient(app)
    save_with_code(client)
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application_id = application.id
        from webform.resume import _count_failure

        _count_failure(application_id, utcnow())
        _count_failure(application_id, utcnow())
        db.session.commit()
    assert stored(app).resume_failures == 2


def test_close_on_this_device_then_resume(app):
    client = FormClient(app)
    code = save_with_code(client)
    page = client.submit({}, form='form[action="/application/close"]')
    assert client.url == "/"
    assert translate("The application is closed on this device. It stays saved: open it again with its code and the date of birth of the person it is for.", "fr") in page.html
    assert not page.soup.select_one('form[action="/application/close"]')
    assert client.get("/application/").h1 == page.h1, "nothing open any more"
    client.get("/resume")
    try_code(client, app, code)
    assert client.url == "/application/"


def test_start_page_offers_to_close_an_open_draft(app):
    client = FormClient(app)
    client.start("fr")
    page = client.get("/")
    assert translate("Continue my application", "fr") in page.html
    assert page.soup.select_one('form[action="/application/close"] button')
    page = client.submit({}, form='form[action="/application/close"]')
    assert page.soup.select_one("form.start-form button").get_text(strip=True) == translate("Start now", "fr")
    assert stored(app).status == "draft", "nothing is deleted"


def test_close_without_token_changes_nothing(app):
    client = FormClient(app)
    client.start("fr")
    response = client.client.post("/application/close", data={})
    assert response.status_code == 400
    assert client.get("/application/").soup.select_one(".task")


def _sent(app, hours_ago: float = 0) -> None:
    """The application marked sent ``hours_ago``, its browser's token with
    the time left after sending (as drafts.open_after_sending gives it)."""
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.status, application.reference = "submitted", "1234-5678-9012"
        application.submitted_at = utcnow() - timedelta(hours=hours_ago)
        db.session.execute(update(DraftSession).values(
            expires_at=application.submitted_at + timedelta(hours=app.config["SENT_ACCESS_HOURS"])
        ))
        db.session.commit()


def test_after_sending_the_cookie_ends_with_the_browser(app):
    client = FormClient(app)
    client.start("fr")
    _sent(app)
    response = client.client.get("/application/sent")
    assert response.status_code == 200
    cookie = response.headers.get("Set-Cookie", "")
    assert "session=" in cookie and "Expires" not in cookie


def test_confirmation_is_kept_only_for_a_while(app):
    app.config["SENT_ACCESS_HOURS"] = 24
    client = FormClient(app)
    client.start("fr")
    _sent(app, hours_ago=25)
    client.get("/application/sent")
    assert client.url == "/"
    assert client.client.get("/application/summary.pdf").status_code == 302


def test_close_and_clear_after_sending(app):
    client = FormClient(app)
    client.start("fr")
    _sent(app)
    page = client.get("/application/sent")
    page = client.submit({}, form='form[action="/application/close"]')
    assert client.url == "/"
    assert translate("The application is closed on this device.", "fr") in page.html
    cookie = client.client.get_cookie("session")
    assert cookie is None or "application" not in app.session_interface.get_signing_serializer(app).loads(cookie.value)
    client.get("/application/sent")
    assert client.url == "/"


def test_an_expired_draft_is_gone_for_its_cookie_too(app):
    client = FormClient(app)
    client.start("fr")
    apply_for(client, ["recognition"])
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    client.get("/application/identity")
    assert client.url == "/"
    assert client.page.soup.select_one("form.start-form button").get_text(strip=True) == translate("Start now", "fr")


def test_double_click_on_save_later_never_fails(app, form_client, monkeypatch):
    """The twin request of a double click changes the draft first: no 500, the
    saved page comes, and one code is made."""
    from sqlalchemy import update

    from webform import storage

    real_keep = storage.keep_pending_input

    def racing(application, step_key, raw, **kwargs):
        table = Application.__table__
        with db.engine.begin() as connection:  # the other request commits first
            connection.execute(update(table).where(table.c.id == application.id).values(version=application.version + 1))
        return real_keep(application, step_key, raw, **kwargs)

    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    form_client.post("/application/identity", STEP_INPUT["identity"])
    form_client.get("/application/contact")
    monkeypatch.setattr(storage, "keep_pending_input", racing)
    page = form_client.submit({"phone": "0470", "email": "x", "action": "later"}, form="#step-form")
    assert page.status == 200 and form_client.url == "/application/saved"
    assert page.soup.select_one(".resume-code")


def test_language_switch_on_the_resume_page_keeps_what_was_typed(app):
    client = FormClient(app)
    code = save_with_code(client)
    other = FormClient(app)
    page = other.get("/resume")
    button = page.soup.select_one('button[name="switch_language"][value="de"]')
    assert button["form"] == "resume-form"
    page = other.submit({"code": code, **birth_fields("1901"), "switch_language": "de"}, form="#resume-form")
    assert page.language == "de" and not page.errors(), "not a try"
    assert page.value("code") == code and page.value("resume_birth_date-year") == "1901"
    assert stored(app).resume_failures == 0
    page = other.submit({"code": page.value("code"), **birth_fields(real_birth_year(app))}, form="#resume-form")
    assert other.url == "/application/"


def test_language_switch_on_the_birth_date_page_keeps_what_was_typed(app, form_client):
    form_client.start("fr")
    form_client.get("/application/requests")
    form_client.submit({"requests": ["recognition"], "action": "later"}, form="#step-form")
    page = form_client.submit({**birth_fields("1980"), "switch_language": "nl"}, form="#step-form")
    assert page.language == "nl" and not page.errors()
    assert page.value("resume_birth_date-year") == "1980"
    assert stored(app).resume_code_hash is None
    page = form_client.submit(birth_fields("1980"), form="#step-form")
    assert page.soup.select_one(".resume-code")


def test_language_switch_on_the_code_page_keeps_the_code(app):
    client = FormClient(app)
    code = save_with_code(client)
    button = client.page.soup.select_one('button[name="switch_language"][value="nl"]')
    assert button["form"] == "code-form"
    page = client.submit({"switch_language": "nl"}, form="#code-form")
    assert page.language == "nl"
    assert page.soup.select_one(".resume-code strong").get_text(strip=True) == code
    assert stored(app).resume_code_hash == resume.code_hash(code), "no new code"
    # Only this draft's own code is shown back.
    page = client.submit({"switch_language": "de", "code": resume.new_code()}, form="#code-form")
    assert not page.soup.select_one(".resume-code")


def test_double_click_on_lost_code_shows_only_the_code_that_works(app):
    client = FormClient(app)
    save_with_code(client)
    page = _saved_again(client)
    token = page.csrf_token()
    first = client.client.post("/application/new-code", data={"csrf_token": token}).headers["Location"]
    second = client.client.post("/application/new-code", data={"csrf_token": token}).headers["Location"]
    assert not Page(client.client.get(first)).soup.select_one(".resume-code"), "the first code no longer works: not shown"
    shown = Page(client.client.get(second)).soup.select_one(".resume-code strong").get_text(strip=True)
    assert stored(app).resume_code_hash == resume.code_hash(shown)


def test_a_new_code_never_shown_is_forgotten_after_ten_minutes(app):
    client = FormClient(app)
    client.start("fr")
    apply_for(client, ["recognition"])
    client.post("/application/identity", STEP_INPUT["identity"])
    client.get("/application/contact")
    token = client.page.csrf_token()
    seen = client.page.soup.select_one("input[name=answers_seen]")["value"]
    location = client.client.post("/application/contact", data={
        "csrf_token": token, "answers_seen": seen, "phone": "0470 12 34 56", "action": "later",
    }).headers["Location"]
    assert "once=" in location and stored(app).resume_code_masked
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.resume_code_issued_at = utcnow() - timedelta(minutes=11)
        db.session.commit()
    app.test_cli_runner().invoke(args=["purge-expired"])
    assert stored(app).resume_code_masked is None
    assert not Page(client.client.get(location)).soup.select_one(".resume-code")


def _contact_step_data(client: FormClient) -> dict:
    """What the contact page posts with "Save and continue later" (an invalid
    e-mail address: kept as typed, nothing saved, so no twin is stale)."""
    client.start("fr")
    apply_for(client, ["recognition"])
    client.post("/application/identity", STEP_INPUT["identity"])
    page = client.get("/application/contact")
    return {
        "csrf_token": page.csrf_token(), "answers_seen": page.soup.select_one("input[name=answers_seen]")["value"],
        "phone": "0470 12 34 56", "email": "not an address", "action": "later",
    }


def test_double_click_on_the_first_save_later_shows_a_code_that_works(app):
    """The browser shows the answer to the second click: it must carry a code."""
    client = FormClient(app)
    data = _contact_step_data(client)
    first = client.client.post("/application/contact", data=data)
    assert "once=" in first.headers["Location"], "never opened: the browser dropped it"
    page = Page(client.client.post("/application/contact", data=data, follow_redirects=True))
    shown = page.soup.select_one(".resume-code strong")
    assert shown, "the code is shown, not 'the code you received … still works'"
    assert stored(app).resume_code_hash == resume.code_hash(shown.get_text(strip=True))
    assert translate("This code replaces the code you received before for this application: the old one no longer works.", "fr") not in page.html
    # Once shown, saving again keeps it.
    page = Page(client.client.post("/application/contact", data=data, follow_redirects=True))
    assert not page.soup.select_one(".resume-code")
    assert stored(app).resume_code_hash == resume.code_hash(shown.get_text(strip=True))


def test_double_click_on_the_birth_date_page_shows_a_code_that_works(app, form_client):
    form_client.start("fr")
    form_client.get("/application/requests")
    page = form_client.submit({"requests": ["recognition"], "action": "later"}, form="#step-form")
    data = {"csrf_token": page.csrf_token(), **birth_fields("1980")}
    form_client.client.post("/application/saved", data=data)
    page = Page(form_client.client.post("/application/saved", data=data, follow_redirects=True))
    shown = page.soup.select_one(".resume-code strong")
    assert shown and stored(app).resume_code_hash == resume.code_hash(shown.get_text(strip=True))


def test_the_date_of_birth_follows_a_corrected_national_number(app):
    from ..helpers import make_national_number, years_ago

    client = FormClient(app)
    code = save_with_code(client)
    old_year = real_birth_year(app)
    corrected = make_national_number(years_ago(50), serial=35)
    client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": corrected})
    assert stored(app).resume_birth_date == years_ago(50).isoformat()
    stranger = FormClient(app)
    stranger.get("/resume")
    old = {"code": code, "resume_birth_date-day": BIRTH["day"], "resume_birth_date-month": BIRTH["month"], "resume_birth_date-year": old_year}
    stranger.submit(old, form="#resume-form")
    assert stranger.url == "/resume", "the old date no longer opens it"
    born = years_ago(50)
    stranger.submit({"code": code, "resume_birth_date-day": str(born.day), "resume_birth_date-month": str(born.month),
                     "resume_birth_date-year": str(born.year)}, form="#resume-form")
    assert stranger.url == "/application/"


def test_closing_after_the_access_window_never_says_it_stays_saved(app):
    """The confirmation left open past SENT_ACCESS_HOURS, or a draft expired
    since its page was shown: closed, without "open it again with its code"."""
    stays = translate("The application is closed on this device. It stays saved: open it again with its code and the date of birth of the person it is for.", "fr")
    closed = translate("The application is closed on this device.", "fr")
    app.config["SENT_ACCESS_HOURS"] = 24
    client = FormClient(app)
    client.start("fr")
    _sent(app)
    client.get("/application/sent")
    _sent(app, hours_ago=25)
    page = client.submit({}, form='form[action="/application/close"]')
    assert closed in page.html and stays not in page.html

    other = FormClient(app)
    save_with_code(other)
    with app.app_context():
        draft = db.session.execute(select(Application).where(Application.status == "draft")).scalar_one()
        draft.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    page = other.submit({}, form='form[action="/application/close"]')
    assert closed in page.html and stays not in page.html


def test_a_replacement_code_sent_by_email_still_says_the_old_one_no_longer_works(app, smtp_server):
    replaces = translate("This code replaces the code you received before for this application: the old one no longer works.", "fr")
    client = FormClient(app)
    save_with_code(client, "fr", STEP_INPUT["contact"])
    _saved_again(client)
    page = client.submit({}, form='form[action="/application/new-code"]')
    assert replaces in page.html
    page = send_by_email(client)
    assert len(smtp_server.messages) == 1
    assert replaces in page.html


def test_a_refused_token_on_the_resume_and_birth_date_pages_says_what_to_do(app, form_client):
    message = translate("For your security, this page had to be reloaded. Check your answers and press the button again.", "fr")
    form_client.start("fr")
    form_client.get("/application/requests")
    form_client.submit({"requests": ["recognition"], "action": "later"}, form="#step-form")
    page = form_client.submit({**birth_fields("1980"), "csrf_token": "stale"}, form="#step-form")
    assert page.summary()[0][1] == message
    assert stored(app).resume_code_hash is None
    page = form_client.get("/resume")
    page = form_client.submit({"code": resume.new_code(), **birth_fields("1980"), "csrf_token": "stale"}, form="#resume-form")
    assert page.summary()[0] == ("#code", message)
