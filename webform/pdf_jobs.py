"""The sent PDF, made by a worker process outside the web request.

Laying out the summary of a long application takes seconds of CPU: a
sending must not wait for it, nor tie up a web worker meanwhile. Sending
adds a row to ``pdf_jobs`` in the same transaction as the sending itself
(both or neither), and ``flask pdf-worker`` (any number of them, on any
server sharing the database) takes the jobs one by one:

- a claim is one UPDATE of the oldest available job, chosen with
  ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL (two workers never take
  the same job; SQLite has one writer at a time, which serialises the claims);
- the claim moves ``available_at`` to the end of a lease: a worker killed
  mid-job (a restart, an out-of-memory) leaves a job that another takes
  again once the lease is over;
- a failure waits longer at each try (back-off); after PDF_JOB_MAX_ATTEMPTS
  the job is marked failed and logged, by its class of error only (a
  message may quote answers);
- the PDF is stored encrypted (uploads.storage()) and its key and SHA-256 set
  on the application; the job is then deleted.

The pages say "being prepared" meanwhile (confirmation, summary.pdf).
"""
from __future__ import annotations

import io
import logging
import time
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from . import pdf
from .errors import describe
from .models import Application, PdfJob, db, utcnow

log = logging.getLogger(__name__)

# What a job makes: "sent", the summary stored at sending.
SENT = "sent"
KINDS = (SENT,)

# The longest wait between two tries, however many tries before.
MAX_BACKOFF = timedelta(hours=1)

# What the pages say of a sent application's PDF.
READY, PENDING, FAILED = "ready", "pending", "failed"


def enqueue_sent(application: Application) -> None:
    """Ask for the sent PDF, in the sending's own transaction (see
    storage.submit's ``keep_summary``: nothing to undo if the commit fails,
    the job goes with it)."""
    db.session.add(PdfJob(application_id=application.id, kind=SENT, state="pending", attempts=0, available_at=utcnow()))


def _job_of(application: Application) -> PdfJob | None:
    return db.session.execute(
        select(PdfJob).where(PdfJob.application_id == application.id, PdfJob.kind == SENT).order_by(PdfJob.id.desc()).limit(1)
    ).scalar_one_or_none()


def state(application: Application) -> str:
    """READY, PENDING or FAILED, for the sent application's PDF.

    An application sent with no PDF and no job (sent before the worker
    existed, or its stored file lost) gets a job here: the PDF comes a
    moment later, as for any sending.
    """
    if application.summary_pdf_key:
        return READY
    job = _job_of(application)
    if job is None:
        enqueue_sent(application)
        db.session.commit()
        return PENDING
    return FAILED if job.state == "failed" else PENDING


def lost(application: Application) -> None:
    """The stored PDF is missing from the file storage: forget it and make it again."""
    log.warning("stored summary missing for sent application %s; made again", application.id)
    table = Application.__table__
    db.session.execute(
        table.update()
        .where(table.c.id == application.id, table.c.summary_pdf_key == application.summary_pdf_key)
        .values(summary_pdf_key=None, summary_pdf_sha256=None)
    )
    db.session.commit()
    db.session.refresh(application)


# -- the worker ---------------------------------------------------------------
def claim_statement(now: datetime, lease: timedelta):
    """One UPDATE that takes the oldest available job and returns its id.

    The job is chosen by a sub-select locked FOR UPDATE SKIP LOCKED (on
    PostgreSQL; SQLAlchemy leaves it out on SQLite), so that a job another
    worker is claiming right now is skipped, not waited for nor taken twice.
    """
    table = PdfJob.__table__
    chosen = (
        select(table.c.id)
        .where(table.c.state == "pending", table.c.available_at <= now)
        .order_by(table.c.available_at, table.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    until = now + lease
    return (
        table.update()
        .where(table.c.id == chosen)
        .values(attempts=table.c.attempts + 1, available_at=until, leased_until=until)
        .returning(table.c.id)
    )


def claim() -> int | None:
    """Take the next available job (committed at once: the lease holds
    while the PDF is made); its id, or None when none is available."""
    lease = timedelta(seconds=current_app.config["PDF_JOB_LEASE_SECONDS"])
    job_id = db.session.execute(claim_statement(utcnow(), lease)).scalar_one_or_none()
    db.session.commit()
    return job_id


def run(job_id: int) -> bool:
    """Make and store the PDF of a claimed job; True when done.

    Any failure (layout, file storage, database) leaves the job to a
    later try, or marks it failed after the last one.
    """
    job = db.session.get(PdfJob, job_id)
    if job is None:
        return False
    application = db.session.get(Application, job.application_id)
    if application is None or not application.is_submitted or application.summary_pdf_key:
        db.session.delete(job)  # purged meanwhile, or made by another try
        db.session.commit()
        return True
    files = None
    key = None
    try:
        from . import uploads

        files = uploads.storage()
        document = _render(application)
        key, _size, sha256 = files.save(io.BytesIO(document), len(document))
        table = Application.__table__
        # A plain UPDATE (no version bump, no ORM event): the sent
        # application's answers are not touched, only where its PDF is.
        won = db.session.execute(
            table.update()
            .where(table.c.id == application.id, table.c.summary_pdf_key.is_(None))
            .values(summary_pdf_key=key, summary_pdf_sha256=sha256)
        ).rowcount
        db.session.delete(job)
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        if key is not None:
            _forget(files, key)
        _failed(job_id, error)
        return False
    if not won:
        _forget(files, key)  # another worker stored one first (a lease that ran out)
    return True


def _render(application: Application) -> bytes:
    """The summary, laid out as the web request would have: its templates
    read the request (the language's context, the assisted banner), so the
    worker gives them an empty one, as Flask advises for work outside a
    request. The document's language is the application's (pdf.py)."""
    with current_app.test_request_context("/"):
        return pdf.application_pdf(application)


def _forget(files, key: str) -> None:
    try:
        files.delete(key)
    except Exception as error:  # a file left behind is found by the purge's orphan check
        log.warning("a PDF made by a failed job could not be deleted: %s", describe(error))


def _failed(job_id: int, error: Exception) -> None:
    """Try again later, longer each time; after the last try, give up.
    Only the class of the error is kept and logged."""
    job = db.session.get(PdfJob, job_id)
    if job is None:
        return
    config = current_app.config
    job.last_error = type(error).__name__[:100]
    job.leased_until = None
    if job.attempts >= config["PDF_JOB_MAX_ATTEMPTS"]:
        job.state = "failed"
        log.error(
            "PDF job %s (%s, application %s) failed for good after %s attempts: %s",
            job.id, job.kind, job.application_id, job.attempts, describe(error),
        )
    else:
        wait = min(timedelta(seconds=config["PDF_JOB_RETRY_SECONDS"] * 2 ** (job.attempts - 1)), MAX_BACKOFF)
        job.available_at = utcnow() + wait
        log.warning(
            "PDF job %s (%s, application %s) failed, attempt %s, next in %ss: %s",
            job.id, job.kind, job.application_id, job.attempts, int(wait.total_seconds()), describe(error),
        )
    db.session.commit()


def drain(limit: int | None = None) -> int:
    """Make every job available now (at most ``limit``); how many were taken.

    What ``flask pdf-worker --once`` runs, and what the tests call where a
    worker would run, after a sending.
    """
    taken = 0
    while limit is None or taken < limit:
        job_id = claim()
        if job_id is None:
            break
        taken += 1
        run(job_id)
    return taken


def work(poll_seconds: float, stop=lambda: False) -> None:
    """The worker's loop: drain, sleep a moment when idle, again. A lost
    database connection is logged and tried again, not fatal: the worker
    outlives a database restart."""
    while not stop():
        try:
            taken = drain(limit=100)
        except Exception as error:
            log.error("PDF worker could not reach its jobs: %s", describe(error))
            taken = 0
        finally:
            db.session.remove()
        if not taken:
            time.sleep(poll_seconds)
