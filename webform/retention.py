"""How long things are kept, and the daily purge that ends them.

A draft lives DRAFT_RETENTION_DAYS after its last save; a sent
application SENT_RETENTION_DAYS after sending (the administration has
exported it by then: the export says when it will be purged). Purging
deletes the rows and every file they point to: attachments, the sent PDF
and a draft's kept PDF. Old tokens, attempt records and rate records go
too, and files no row points to (left by a worker that died mid-upload,
found through their pending record: see models.PendingFile). Files are
deleted after the commit: a failed purge never leaves rows without their
files.

Every statement goes through an index (tests/test_purge_plans.py checks the
plans on PostgreSQL), so the purge takes as long with 100,000 drafts as
with 1,000 when few have expired (bench/purge_scale.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, select, update

from .models import Application, Attachment, PendingFile, ResumeAttempt, db, utcnow


@dataclass(frozen=True)
class Purged:
    drafts: int
    sent: int


def sent_retention() -> timedelta:
    return timedelta(days=current_app.config["SENT_RETENTION_DAYS"])


def purge_date(application: Application) -> datetime | None:
    """When a sent application will be purged (None for a draft)."""
    if application.submitted_at is None:
        return None
    return application.submitted_at + sent_retention()


def _expired_drafts(now: datetime):
    """Every draft has an expiry (resume.extend; migration 0009 gave one to
    the older drafts that had none): one range on (status, expires_at)."""
    return (Application.status == "draft") & (Application.expires_at < now)


def _old_sent(now: datetime):
    return (Application.status == "submitted") & (Application.submitted_at < now - sent_retention())


def _file_keys(condition) -> list[str]:
    attachments = db.session.execute(select(Attachment.storage_key).join(Application).where(condition)).scalars().all()
    pdfs = db.session.execute(select(Application.summary_pdf_key, Application.draft_pdf_key).where(condition)).all()
    return [*attachments, *(key for row in pdfs for key in row if key)]


def purge(now: datetime | None = None) -> Purged:
    """Delete expired drafts and sent applications past their retention."""
    from . import drafts, limits
    from .resume import APPLICATIONS, SHOW_WITHIN
    from .uploads import storage

    now = now or utcnow()
    keys = _file_keys(_expired_drafts(now)) + _file_keys(_old_sent(now))
    draft_count = db.session.execute(delete(Application).where(_expired_drafts(now))).rowcount
    sent_count = db.session.execute(delete(Application).where(_old_sent(now))).rowcount
    db.session.execute(delete(ResumeAttempt).where(ResumeAttempt.attempted_at < now - timedelta(days=1)))
    db.session.execute(  # new codes never shown (the page was never reached)
        update(APPLICATIONS).where(APPLICATIONS.c.resume_code_masked.is_not(None), APPLICATIONS.c.resume_code_issued_at < now - SHOW_WITHIN)
        .values(resume_code_masked=None)
    )
    db.session.commit()
    drafts.purge_ended(now)
    limits.purge_old(now)
    files = storage()
    for key in keys:
        files.delete(key)
    sweep_pending(files, now - timedelta(days=1))
    return Purged(draft_count, sent_count)


def _referenced(key_column):
    """Whether a row points to the pending file (through the keys' indexes)."""
    return (
        select(Attachment.id).where(Attachment.storage_key == key_column).exists()
        | select(Application.id).where(Application.summary_pdf_key == key_column).exists()
        | select(Application.id).where(Application.draft_pdf_key == key_column).exists()
    )


def sweep_pending(files, before: datetime) -> int:
    """Delete the files recorded as pending before ``before`` that no row
    points to, and every such record.

    A record younger than that may belong to an upload in progress; an
    older one whose row committed is simply done with. Only these records
    are read: neither the whole store nor every row.
    """
    old = PendingFile.created_at < before
    orphans = db.session.execute(select(PendingFile.key).where(old, ~_referenced(PendingFile.key))).scalars().all()
    for key in orphans:
        files.delete(key)
    db.session.execute(delete(PendingFile).where(old))
    db.session.commit()
    return len(orphans)


def sweep_all(files, now: datetime | None = None) -> int:
    """Delete every stored file no row points to, older than a day, by
    listing the whole store (``flask sweep-files``): after restoring a
    backup, or for files left before pending records existed."""
    now = now or utcnow()
    keep = set(db.session.execute(select(Attachment.storage_key)).scalars())
    for row in db.session.execute(select(Application.summary_pdf_key, Application.draft_pdf_key)):
        keep.update(key for key in row if key)
    keep.update(db.session.execute(select(PendingFile.key)).scalars())
    return files.sweep(keep, older_than=(now - timedelta(days=1)).replace(tzinfo=timezone.utc).timestamp())
