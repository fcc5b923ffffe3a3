"""Database models.

Answers are kept server-side from the first step on; the browser only holds a
random identifier in its (signed) session cookie, because Flask's cookie is
readable by anyone who has it and health data must not travel in it.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class JSONDocument(TypeDecorator):
    """JSON stored as text.

    One place that turns answers into bytes for the database, so that
    encryption at rest can be added here without touching the form.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(value)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Application(db.Model):
    """One application, draft or submitted."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, unguessable; the only identifier that reaches a browser.
    public_id: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    # Answers keyed by question key, values JSON-friendly (see question kinds).
    answers: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    # Keys of the steps that were last saved valid.
    completed_steps: Mapped[list] = mapped_column(JSONDocument, default=list)
    # Raw input of a step kept while the applicant switched language mid-step.
    pending_input: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Optimistic locking: a stale write raises instead of overwriting.
    version: Mapped[int] = mapped_column(default=1)
    # Save and resume: only a hash of the code is kept; the date of birth is
    # the second factor asked with it.
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    resume_birth_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    resume_failures: Mapped[int] = mapped_column(default=0)
    resume_locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
    # How many times the code was locked since it last worked: each lock lasts longer.
    resume_locks: Mapped[int] = mapped_column(default=0, server_default="0")
    # When the current code was made ("the code you received on ...").
    resume_code_issued_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # A new code masked with a one-time pad that only the redirect to the
    # page showing it carries: erased as soon as it is shown (see resume.py).
    resume_code_masked: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # The PDF summary as it was at sending, in the file storage (uploads.py),
    # and its SHA-256 (in the export): downloads give these very bytes.
    summary_pdf_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    summary_pdf_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # A draft not saved again before this moment is purged (flask purge-expired).
    expires_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)

    __mapper_args__ = {"version_id_col": version}

    attachments: Mapped[list["Attachment"]] = relationship(
        order_by="Attachment.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_submitted(self) -> bool:
        return self.status == "submitted"


class Attachment(db.Model):
    """A file attached to an application. The file itself lives in the file
    storage under a random key; the original name is only shown back."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ResumeAttempt(db.Model):
    """A failed attempt to resume, by a hash of the caller's address.

    Kept in the database, not in process memory, so that the limit holds
    across several gunicorn workers.
    """

    __tablename__ = "resume_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_hash: Mapped[str] = mapped_column(String(64), index=True)
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """WAL lets readers and one writer work at once (several gunicorn workers)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        # Deleting a draft deletes its attachments' rows (ON DELETE CASCADE).
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
