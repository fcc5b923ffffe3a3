"""Draft sessions: the cookie holds a revocable token, never the draft's id;
a copy of the cookie opens nothing once the application is closed, resumed,
given a new code, sent or expired."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from webform.drafts import GRACE
from webform.models import Application, DraftSession, db, utcnow

from .helpers import MINIMAL_PDF, FormClient, Page, translate, years_ago
from .scenarios import STEP_INPUT, apply_for

ENDED = "The application is no longer open in this browser: it was closed on this device, opened again with its code, or sent, or its time here ended. Nothing was deleted."
# What a copied cookie tries to open: pages, the PDF, the files.
PRIVATE_URLS = ("/application/", "/application/identity", "/application/check", "/application/summary.pdf", "/application/files/")


def cookie_of(client: FormClient) -> str:
    return client.client.get_cookie("session").value


def browser_with(app, cookie: str) -> FormClient:
    """Another browser holding a copy of a cookie (a shared computer, a synced profile, a proxy's log)."""
    other = FormClient(app)
    other.client.set_cookie("session", cookie)
    return other


def opens_nothing(app, cookie: str) -> None:
    for url in PRIVATE_URLS:
        other = browser_with(app, cookie)
        page = other.get(url)
        assert other.url == "/", url
        assert translate(ENDED, "fr") in page.html, f"{url}: the start page says why"
        assert b"Dupont" not in page.response.data


def opens_the_draft(app, cookie: str) -> None:
    other = browser_with(app, cookie)
    other.get("/application/identity")
    assert other.url == "/application/identity"


def saved_with_code(client: FormClient) -> str:
    client.start("fr")
    apply_for(client, ["recognition"])
    client.post("/application/identity", STEP_INPUT["identity"])
    client.get("/application/contact")
    page = client.submit({"action": "later"}, form="#step-form")
    return page.soup.select_one(".resume-code strong").get_text(strip=True)


def resume_with(client: FormClient, code: str):
    born = years_ago(40)  # the date in scenarios.NATIONAL_NUMBER
    client.get("/resume")
    return client.submit(
        {"code": code, "resume_birth_date-day": str(born.day), "resume_birth_date-month": str(born.month),
         "resume_birth_date-year": str(born.year)},
        form="#resume-form",
    )


def after_grace(app) -> None:
    """The moment a replaced token may serve a double click's twin has passed."""
    with app.app_context():
        db.session.execute(
            update(DraftSession).where(DraftSession.superseded_at.is_not(None))
            .values(superseded_at=utcnow() - GRACE - timedelta(seconds=1))
        )
        db.session.commit()


def sessions(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(DraftSession.id))).scalar_one()


def test_the_cookie_holds_a_token_stored_only_as_its_hash(app):
    client = FormClient(app)
    client.start("fr")
    data = app.session_interface.get_signing_serializer(app).loads(cookie_of(client))
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        row = db.session.execute(select(DraftSession)).scalar_one()
    assert set(data) >= {"draft"} and "application" not in data
    assert application.public_id not in str(data) and str(application.id) != data["draft"]
    assert row.token_hash != data["draft"] and data["draft"] not in row.token_hash


def test_a_cookie_copied_before_close_gets_nothing(app):
    client = FormClient(app)
    saved_with_code(client)
    copied = cookie_of(client)
    opens_the_draft(app, copied)  # the copy worked while the draft was open here
    client.submit({}, form='form[action="/application/close"]')
    opens_nothing(app, copied)
    assert sessions(app) == 0


def test_resuming_ends_every_earlier_cookie_and_gives_a_new_one(app):
    first = FormClient(app)
    code = saved_with_code(first)
    copied = cookie_of(first)
    second = FormClient(app)
    resume_with(second, code)
    assert second.url == "/application/"
    opens_nothing(app, copied)
    assert cookie_of(second) != copied
    assert sessions(app) == 1
    # Resuming again, even in the same browser, gives yet another token.
    before = cookie_of(second)
    resume_with(second, code)
    opens_nothing(app, before)
    opens_the_draft(app, cookie_of(second))


def test_a_new_code_ends_the_other_browsers(app):
    client = FormClient(app)
    saved_with_code(client)
    elsewhere = cookie_of(client)
    client.get("/application/saved")
    client.submit({}, form='form[action="/application/new-code"]')
    assert client.page.soup.select_one(".resume-code strong")
    after_grace(app)
    opens_nothing(app, elsewhere)
    opens_the_draft(app, cookie_of(client))


def test_a_double_click_on_new_code_keeps_the_draft_and_shows_a_code(app):
    """Both requests carry the same cookie; the browser shows the second."""
    client = FormClient(app)
    saved_with_code(client)
    client.get("/application/saved")
    form = {"csrf_token": client.page.csrf_token()}
    before = cookie_of(client)
    client.client.post("/application/new-code", data=form)
    twin = browser_with(app, before)
    page = Page(twin.client.post("/application/new-code", data=form, follow_redirects=True))
    assert page.soup.select_one(".resume-code strong"), "the twin shows a new code"
    twin.get("/application/identity")
    assert twin.url == "/application/identity", "and keeps the draft open"
    # The replaced token served once: a later copy of it opens nothing.
    opens_nothing(app, before)


def sent(client: FormClient) -> str:
    """Fill in and send a whole application; the cookie from before sending."""
    from .views.test_check_and_submit import fill_all_but

    fill_all_but(client, "fr", ["recognition"], [])
    before = cookie_of(client)
    client.get("/application/declaration")
    client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert client.url == "/application/sent"
    return before


def test_sending_ends_the_cookies_from_before(app):
    client = FormClient(app)
    copied = sent(client)
    after_grace(app)
    opens_nothing(app, copied)
    cookie = client.client.get("/application/sent").headers.get("Set-Cookie", "")
    assert "Expires" not in cookie, "the new cookie ends with the browser"
    with app.app_context():
        row = db.session.execute(select(DraftSession)).scalar_one()
    assert row.expires_at is not None and row.expires_at <= utcnow() + timedelta(hours=app.config["SENT_ACCESS_HOURS"])


def test_a_double_click_on_send_keeps_the_confirmation(app):
    client = FormClient(app)
    before = sent(client)
    # The twin request carries the cookie from before the first one's answer.
    twin = browser_with(app, before)
    page = twin.get("/application/declaration")
    assert twin.url == "/application/sent" and page.soup.select_one(".reference")
    assert twin.get("/application/sent").soup.select_one(".reference"), "it stays open on this browser"


def test_an_expired_draft_opens_nothing_and_says_so(app):
    client = FormClient(app)
    client.start("fr")
    with app.app_context():
        db.session.execute(update(Application).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    page = client.get("/application/")
    assert client.url == "/" and translate(ENDED, "fr") in page.html
    # Said once: the token left the cookie.
    assert translate(ENDED, "fr") not in client.get("/").html


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_a_replayed_cookie_is_told_kindly_in_its_language(app, language):
    client = FormClient(app)
    client.start(language)
    copied = cookie_of(client)
    client.get("/")
    client.submit({}, form='form[action="/application/close"]')
    other = browser_with(app, copied)
    page = other.get("/application/check")
    assert page.language == language
    assert translate(ENDED, language) in page.html
    assert page.soup.select_one('a[href="/resume"]'), "the way back: resume with the code"


def test_a_copied_cookie_cannot_download_a_file_after_close(app):
    client = FormClient(app)
    client.start("fr")
    client.get("/application/files/")
    client.submit({"file": (io.BytesIO(MINIMAL_PDF), "rapport.pdf"), "kind": "medical_report"}, form="#upload-form")
    link = client.page.soup.select_one('a[href^="/application/files/"][download], a[href^="/application/files/"]:not([href$="/files/"])')
    assert link is not None
    copied = cookie_of(client)
    assert browser_with(app, copied).client.get(link["href"]).status_code == 200
    client.get("/")
    client.submit({}, form='form[action="/application/close"]')
    assert browser_with(app, copied).client.get(link["href"]).status_code == 404


def test_resuming_from_a_replayed_cookie_does_not_say_later_that_it_ended(app):
    first = FormClient(app)
    code = saved_with_code(first)
    copied = cookie_of(first)
    first.submit({}, form='form[action="/application/close"]')
    other = browser_with(app, copied)
    resume_with(other, code)  # the resume page found the old token ended, then resumed
    assert other.url == "/application/"
    assert translate(ENDED, "fr") not in other.get("/").html


def test_a_cookie_from_before_draft_sessions_opens_nothing_and_says_so(app):
    """Such a cookie carried the application's own id, and may be a copy."""
    client = FormClient(app)
    client.start("fr")
    with app.app_context():
        public_id = db.session.execute(select(Application.public_id)).scalar_one()
    old = app.test_client()
    with old.session_transaction() as cookie:
        cookie["application"] = public_id
    page = Page(old.get("/application/check", follow_redirects=True))
    assert page.response.request.path == "/" and translate(ENDED, "fr") in page.html


def test_an_application_that_cannot_be_decrypted_opens_nothing_instead_of_failing(app, monkeypatch, caplog):
    from webform import crypto, drafts

    client = FormClient(app)
    client.start("fr")

    def missing_key(_id):
        raise crypto.CryptoError("no configured key has the id abcd1234")

    monkeypatch.setattr(drafts.storage, "find_application_by_id", missing_key)
    page = client.get("/application/")
    assert page.status == 200 and client.url == "/"
    assert "abcd1234" in caplog.text, "the log says which key is missing"
