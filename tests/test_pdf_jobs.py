"""The sent PDF's job queue (pdf_jobs.py): made outside the request, retried
with back-off, given up after the last try, taken again after a dead
worker's lease, never taken by two workers at once."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select, text, update

from webform import pdf, pdf_jobs
from webform.models import Application, PdfJob, db, utcnow

from .helpers import FormClient
from .views.test_application import walk

BOTH_DATABASES = True


def sent(app) -> FormClient:
    """A sent application whose PDF job waits (no worker ran)."""
    client = FormClient(app)
    client.client.worker = False
    walk(client, "fr", ["recognition"])
    return client


def job(app) -> PdfJob:
    with app.app_context():
        found = db.session.execute(select(PdfJob)).scalar_one()
        db.session.expunge(found)
        return found


def application(app) -> Application:
    with app.app_context():
        found = db.session.execute(select(Application)).scalar_one()
        db.session.expunge(found)
        return found


def due_now(app) -> None:
    """The retry's (or the lease's) time has come."""
    with app.app_context():
        db.session.execute(update(PdfJob).values(available_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()


def test_sending_asks_for_the_pdf_and_the_worker_makes_it(app, monkeypatch, database):
    made = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda html: made.append(1) or real(html))
    sent(app)
    assert made == [], "no PDF laid out in a request"
    waiting = job(app)
    assert (waiting.kind, waiting.state, waiting.attempts) == ("sent", "pending", 0)
    assert application(app).summary_pdf_key is None
    with app.app_context():
        assert pdf_jobs.drain() == 1
        assert pdf_jobs.drain() == 0
    assert made == [1]
    done = application(app)
    assert done.summary_pdf_key and len(done.summary_pdf_sha256) == 64
    with app.app_context():
        assert db.session.execute(select(PdfJob)).first() is None, "a job done is deleted"


def test_a_failure_is_tried_again_later_then_given_up(app, monkeypatch, caplog, database):
    app.config["PDF_JOB_MAX_ATTEMPTS"] = 3
    sent(app)

    def broken(application):
        raise RuntimeError("Arthritis-marker in both knees")

    monkeypatch.setattr(pdf, "application_pdf", broken)
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        assert pdf_jobs.drain() == 1
        assert pdf_jobs.drain() == 0, "not again before its back-off"
    first = job(app)
    assert (first.state, first.attempts, first.last_error, first.leased_until) == ("pending", 1, "RuntimeError", None)
    wait = first.available_at - utcnow()
    assert timedelta(seconds=20) < wait <= timedelta(seconds=30)
    due_now(app)
    with app.app_context():
        pdf_jobs.drain()
    second = job(app)
    assert second.attempts == 2 and second.available_at - utcnow() > timedelta(seconds=50), "longer each time"
    due_now(app)
    with app.app_context():
        pdf_jobs.drain()
    assert job(app).state == "failed" and job(app).attempts == 3
    due_now(app)
    with app.app_context():
        assert pdf_jobs.drain() == 0, "a failed job is not taken again"
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "failed for good after 3 attempts" in logged and "RuntimeError" in logged
    assert "Arthritis-marker" not in logged
    assert application(app).summary_pdf_key is None


def test_a_retry_that_works_stores_the_pdf(app, monkeypatch, database):
    sent(app)
    real = pdf.application_pdf
    monkeypatch.setattr(pdf, "application_pdf", lambda application: 1 / 0)
    with app.app_context():
        pdf_jobs.drain()
    monkeypatch.setattr(pdf, "application_pdf", real)
    due_now(app)
    with app.app_context():
        assert pdf_jobs.drain() == 1
    assert application(app).summary_pdf_key


def test_the_job_of_a_worker_that_died_is_taken_again_after_its_lease(app, database):
    sent(app)
    with app.app_context():
        assert pdf_jobs.claim() is not None  # ...and the worker dies before making it
        assert pdf_jobs.drain() == 0, "leased: another worker leaves it"
    leased = job(app)
    assert leased.leased_until is not None
    lease = leased.available_at - utcnow()
    assert timedelta(seconds=app.config["PDF_JOB_LEASE_SECONDS"] - 10) < lease
    due_now(app)
    with app.app_context():
        assert pdf_jobs.drain() == 1
    assert application(app).summary_pdf_key


def test_a_purged_application_s_job_is_dropped(app, database):
    sent(app)
    with app.app_context():
        claimed = pdf_jobs.claim()
        db.session.execute(update(Application).values(status="draft"))
        db.session.commit()
        assert pdf_jobs.run(claimed) is True
        assert db.session.execute(select(PdfJob)).first() is None
    assert application(app).summary_pdf_key is None


def test_two_workers_never_take_the_same_job(app, database):
    """Two claims at once, each in its own transaction (two workers on two
    servers): on PostgreSQL the second skips the job the first holds,
    without waiting for it; SQLite has one writer at a time, so there the
    second claim comes after the first's commit."""
    sent(app)
    sent(app)
    statement = pdf_jobs.claim_statement(utcnow(), timedelta(minutes=5))
    at_once = database.startswith("postgresql")
    with app.app_context():
        with db.engine.connect() as first, db.engine.connect() as second:
            first.begin()
            if at_once:
                second.begin()
                # Waiting for the first's lock (no SKIP LOCKED) fails the test, not hangs it.
                second.execute(text("SET LOCAL lock_timeout = '3s'"))
            one = first.execute(statement).scalar_one_or_none()
            if not at_once:
                first.commit()
                second.begin()
            other = second.execute(statement).scalar_one_or_none()
            third = second.execute(statement).scalar_one_or_none()
            if at_once:
                first.commit()
            second.commit()
        db.engine.dispose()
    assert one is not None and other is not None and one != other
    assert third is None, "two jobs, two claims"


def test_the_pictograms_are_read_once_per_process(app, monkeypatch):
    """WeasyPrint's image cache is kept across documents (pdf._IMAGES): the
    second summary uses the pictogram the first one parsed."""
    from webform import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "_IMAGES", {})
    url = f"{(pdf_module.ROOT / 'static' / 'pictograms').as_uri()}/about_you.svg"
    html = ('<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body>'
            f'<h2 style="background-image: url(\'{url}\')">x</h2></body></html>')
    with app.test_request_context():
        pdf_module.render_pdf(html)
        parsed = pdf_module._IMAGES.get(url)
        assert parsed is not None, "the first document parsed the pictogram into the cache"
        pdf_module.render_pdf(html)
    assert pdf_module._IMAGES[url] is parsed, "the second used it as it was"
