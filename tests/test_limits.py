"""Bounded work per client: limits per draft and per address that hold
across workers, answered with a translated page that says when to retry;
the draft PDF made once per change of the answers."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from webform import create_app, pdf
from webform.models import Application, db

from .helpers import MINIMAL_PDF, FormClient, Page, translate
from .scenarios import STEP_INPUT, apply_for

WAIT = "Please wait a moment"


def started(app, language: str = "fr") -> FormClient:
    client = FormClient(app)
    client.start(language)
    apply_for(client, ["recognition"])
    client.post("/application/identity", STEP_INPUT["identity"])
    return client


def upload(client: FormClient):
    client.get("/application/files/")
    token = client.page.csrf_token()
    return client.client.post(
        "/application/files/", data={"csrf_token": token, "kind": "other", "file": (io.BytesIO(MINIMAL_PDF), "r.pdf")},
    )


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_too_many_pdfs_from_one_draft_get_a_translated_page(app, language, monkeypatch):
    monkeypatch.setattr(pdf, "render_pdf", lambda html: b"%PDF-1.7 made")
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "pdf": (2, 100)}
    client = started(app, language)
    for _ in range(2):
        assert client.client.get("/application/summary.pdf").status_code == 200
    response = client.client.get("/application/summary.pdf")
    page = Page(response)
    assert response.status_code == 429 and page.language == language
    assert page.h1 == translate(WAIT, language)
    assert 0 < int(response.headers["Retry-After"]) <= 3600
    # The page says when (a time of day) and leads back to the application.
    assert re.search(r"\b\d{2}:\d{2}\b", page.soup.get_text())
    assert page.soup.find("a", href="/application/")
    # Another draft (another person at the same desk) is not held back.
    assert started(app, language).client.get("/application/summary.pdf").status_code == 200


def test_uploads_are_limited_per_address_across_drafts_and_workers(app, monkeypatch):
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "upload": (100, 2)}
    assert upload(started(app)).status_code == 302
    # A second worker (another app on the same database) counts the same rows.
    other_worker = create_app({**{k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "UPLOAD_FOLDER")}})
    other_worker.config["RATE_LIMITS"] = app.config["RATE_LIMITS"]
    assert upload(started(other_worker)).status_code == 302
    refused = upload(started(app))
    assert refused.status_code == 429
    assert translate(WAIT, "fr") in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Application)).scalars().all()[-1].attachments == [], "nothing stored"


def test_resume_tries_are_limited_per_address(app):
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "resume": (0, 3)}
    client = FormClient(app)
    for attempt in range(4):
        client.get("/resume")
        response = client.client.post("/resume", data={
            "csrf_token": client.page.csrf_token(), "code": "ABCD-EFGH-JKMN-PQRS-TUVW",
            "resume_birth_date-day": "1", "resume_birth_date-month": "2", "resume_birth_date-year": "1980",
        })
        assert response.status_code == (429 if attempt == 3 else 200)


def test_sending_is_limited_per_draft_and_says_when(app):
    from webform import limits

    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "send": (1, 100)}
    started(app)
    with app.test_request_context():
        application_id = db.session.execute(select(Application.id)).scalar_one()
        limits.enforce("send", application_id)
        with pytest.raises(limits.RateLimited) as refused:
            limits.enforce("send", application_id)
        limits.enforce("send", application_id + 1)  # another draft from the same address
    assert refused.value.code == 429 and refused.value.retry_at is not None


def test_draft_pdf_is_made_once_per_change(app, monkeypatch):
    made = []

    def render(html):
        made.append(html)
        return f"%PDF-1.7 {len(made)}".encode()

    monkeypatch.setattr(pdf, "render_pdf", render)
    client = started(app)
    first = client.client.get("/application/summary.pdf").data
    again = client.client.get("/application/summary.pdf").data
    assert len(made) == 1 and first == again, "the kept copy is served"
    client.post("/application/identity", {**STEP_INPUT["identity"], "first_name": "Marianne"})
    changed = client.client.get("/application/summary.pdf").data
    assert len(made) == 2 and changed != first and "Marianne" in made[-1]
    # Only the newest copy is kept in the file storage.
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        assert application.draft_pdf_key
    from pathlib import Path

    folder = Path(app.config["UPLOAD_FOLDER"])
    assert [f.name for f in folder.iterdir() if f.is_file()] == [application.draft_pdf_key]
    # An attached file changes the PDF too (it lists the files).
    upload(client)
    client.client.get("/application/summary.pdf")
    assert len(made) == 3


@pytest.mark.parametrize("address, counted_as", [
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
    ("192.0.2.7", "192.0.2.7"),
    ("::ffff:192.0.2.7", "192.0.2.7"),
])
def test_ipv6_clients_are_counted_by_their_64_network(app, address, counted_as):
    from webform import limits

    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        assert limits.client_address() == counted_as


def test_new_drafts_are_limited_per_address(app):
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "start": (0, 2)}
    for expected in (302, 302, 429):
        client = FormClient(app)
        client.get("/")
        response = client.client.post("/application/start", data={"csrf_token": client.page.csrf_token()})
        assert response.status_code == expected


def test_a_refused_resume_try_keeps_what_was_typed_and_says_when(app):
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "resume": (0, 0)}
    client = FormClient(app)
    client.get("/resume")
    response = client.client.post("/resume", data={
        "csrf_token": client.page.csrf_token(), "code": "ABCD-EFGH-JKMN-PQRS-TUVW",
        "resume_birth_date-day": "1", "resume_birth_date-month": "2", "resume_birth_date-year": "1980",
    })
    page = Page(response)
    assert response.status_code == 429
    assert page.value("code") == "ABCD-EFGH-JKMN-PQRS-TUVW" and page.value("resume_birth_date-year") == "1980"
    assert page.summary() and re.search(r"\b\d{2}:\d{2}\b", page.errors()["code"])


def test_emails_of_the_code_are_limited_per_draft(app, monkeypatch):
    """Anyone could put someone else's address in their own draft and send
    the code to it again and again."""
    from webform import mail

    sent = []
    monkeypatch.setattr(mail, "enabled", lambda: True)
    monkeypatch.setattr(mail, "send_resume_code", lambda *args: sent.append(args) or True)
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "mail": (2, 100)}
    client = started(app)
    client.get("/application/contact")
    page = client.submit({**STEP_INPUT["contact"], "action": "later"}, form="#step-form")
    code = page.soup.select_one(".resume-code strong").get_text(strip=True)
    data = {"csrf_token": page.csrf_token(), "code": code, "code_email": page.value("code_email")}
    statuses = [client.client.post("/application/send-code", data=data).status_code for _ in range(3)]
    assert statuses == [200, 200, 429] and len(sent) == 2
