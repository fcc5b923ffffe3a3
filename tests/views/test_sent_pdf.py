"""The pages of a sent application while its PDF is being made by the
worker (pdf_jobs.py): the confirmation says so and offers it when ready;
summary.pdf answers a clear page meanwhile, never a 500 or a broken download."""
from __future__ import annotations


import pytest
from sqlalchemy import select, update

from webform import pdf, pdf_jobs
from webform.models import Application, PdfJob, db

from ..helpers import FormClient, translate
from .test_application import walk

PREPARING = "We are preparing the summary of your application (PDF). This usually takes less than a minute."
DOWNLOAD = "Download a summary of your application (PDF)"
FAILED = "The summary of your application (PDF) could not be prepared. Your application was sent all the same: nothing else is needed from you."


def said(page, message: str, language: str) -> bool:
    """The translated message is in the page's text (spaces as a reader sees them)."""
    return " ".join(translate(message, language).split()) in " ".join(page.soup.get_text(" ").split())


def sent(app, language: str) -> FormClient:
    client = FormClient(app)
    client.client.worker = False
    walk(client, language, ["recognition"])
    return client


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_the_confirmation_says_the_pdf_is_being_prepared_then_offers_it(app, language):
    client = sent(app, language)
    page = client.page
    assert client.url == "/application/sent"
    assert said(page, PREPARING, language)
    assert not page.soup.select_one('a[href="/application/summary.pdf"]'), "no link to a PDF not made yet"
    again = next(a for a in page.soup.select("main a") if a.get_text(strip=True) == translate("Check again", language))
    assert again["href"] == "/application/sent#summary"
    assert not page.soup.select_one("meta[http-equiv=refresh]"), "no automatic refresh"
    # summary.pdf meanwhile: a page that says so, not a download.
    response = client.client.get("/application/summary.pdf")
    assert response.status_code == 202 and response.mimetype == "text/html"
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    assert response.headers["Cache-Control"] == "no-store"
    waiting_page = client.get("/application/summary.pdf")
    assert waiting_page.h1 == translate("Your summary is not ready yet", language)
    assert waiting_page.soup.select_one('main a[href="/application/summary.pdf"]').get_text(strip=True) == translate("Check again", language)
    # The worker runs: the link is there, the download is the stored PDF.
    with app.app_context():
        pdf_jobs.drain()
    page = client.get("/application/sent")
    link = page.soup.select_one('a[href="/application/summary.pdf"]')
    assert link.get_text(strip=True) == translate(DOWNLOAD, language)
    assert not said(page, PREPARING, language)
    response = client.client.get("/application/summary.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_a_pdf_that_could_not_be_made_is_said_so(app, monkeypatch):
    app.config["PDF_JOB_MAX_ATTEMPTS"] = 1
    client = sent(app, "fr")
    monkeypatch.setattr(pdf, "application_pdf", lambda application: 1 / 0)
    with app.app_context():
        pdf_jobs.drain()
    page = client.get("/application/sent")
    assert said(page, FAILED, "fr")
    assert not page.soup.select_one('a[href="/application/summary.pdf"]')
    page = client.get("/application/summary.pdf")
    assert page.status == 202 and said(page, FAILED, "fr")
    assert page.h1 == translate("Your summary could not be prepared", "fr")


def test_an_application_sent_without_a_job_gets_one(app):
    """Sent before the worker existed (or its job lost): the PDF is asked for
    on the first visit, not made in the request."""
    client = sent(app, "fr")
    with app.app_context():
        db.session.query(PdfJob).delete()
        db.session.commit()
    assert client.client.get("/application/summary.pdf").status_code == 202
    with app.app_context():
        assert db.session.execute(select(PdfJob.kind)).scalars().all() == ["sent"]
        pdf_jobs.drain()
    assert client.client.get("/application/summary.pdf").data.startswith(b"%PDF")


def test_a_lost_stored_pdf_is_made_again_by_the_worker(app):
    from pathlib import Path

    client = FormClient(app)
    walk(client, "fr", ["recognition"])  # the worker made it
    with app.app_context():
        key = db.session.execute(select(Application.summary_pdf_key)).scalar_one()
    (Path(app.config["UPLOAD_FOLDER"]) / key).unlink()
    client.client.worker = False
    assert client.client.get("/application/summary.pdf").status_code == 202
    with app.app_context():
        assert pdf_jobs.drain() == 1
        assert db.session.execute(select(Application.summary_pdf_key)).scalar_one() not in (None, key)
    assert client.client.get("/application/summary.pdf").data.startswith(b"%PDF")


def test_the_export_of_a_sent_application_whose_pdf_is_not_made_yet_is_valid(app):
    from jsonschema import Draft202012Validator, FormatChecker

    from webform.export import export_application, export_schema

    sent(app, "fr")
    with app.app_context():
        exported = export_application(db.session.execute(select(Application)).scalar_one())
    assert exported["summary_pdf_sha256"] is None
    Draft202012Validator(export_schema(), format_checker=FormatChecker()).validate(exported)


def test_draft_pdf_is_made_again_in_another_language(app, monkeypatch):
    """The draft's kept copy is per version of the answers and language (pdf.draft_fingerprint)."""
    made = []
    monkeypatch.setattr(pdf, "render_pdf", lambda html: made.append(html) or f"%PDF-1.7 {len(made)}".encode())
    client = FormClient(app)
    client.start("fr")
    client.client.get("/application/summary.pdf")
    client.client.get("/application/summary.pdf")
    assert len(made) == 1
    with app.app_context():
        db.session.execute(update(Application).values(language="nl"))
        db.session.commit()
    client.client.get("/application/summary.pdf")
    assert len(made) == 2 and 'lang="nl-BE"' in made[-1]
