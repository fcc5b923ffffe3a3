"""Database models.

Answers are kept server-side from the first step on; the browser only holds a
random identifier in its (signed) session cookie, because Flask's cookie is
readable by anyone who has it and health data must not travel in it.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, Index, String, Text, TypeDecorator, event, false, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from . import crypto


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class SealedText(TypeDecorator):
    """Text encrypted at rest (crypto.py), bound to its column.

    The column's name goes into the associated data, so a value copied into
    another column does not open. Rows written before encryption (plain
    text) are still read; ``flask rotate-keys`` seals them. Such a column
    can only be compared in Python, after loading: every encryption of the
    same value differs, so ``WHERE column = value`` never matches.
    """

    impl = Text
    cache_ok = True

    def __init__(self, column: str):
        super().__init__()
        self.column = column

    def serialise(self, value) -> str:
        return value

    def parse(self, text: str):
        return text

    def process_bind_param(self, value, dialect):
        return None if value is None else crypto.keyring().encrypt_value(self.serialise(value), self.column)

    def process_result_value(self, value, dialect):
        return None if value is None else self.parse(crypto.keyring().decrypt_value(value, self.column))


class JSONDocument(SealedText):
    """JSON, encrypted at rest: the one place that turns answers into bytes
    for the database."""

    cache_ok = True

    def serialise(self, value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def parse(self, text: str):
        return json.loads(text)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Application(db.Model):
    """One application, draft or submitted."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, unguessable; the only identifier that reaches a browser.
    public_id: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    language: Mapped[str] = mapped_column(String(2))
    # The easy-read version chosen (easy_read.py): a reading preference,
    # like the language, that resuming brings back and the PDF follows.
    easy_read: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    # Answers keyed by question key, values JSON-friendly (see question kinds).
    answers: Mapped[dict] = mapped_column(JSONDocument("applications.answers"), default=dict)
    # Keys of the steps that were last saved valid.
    completed_steps: Mapped[list] = mapped_column(JSONDocument("applications.completed_steps"), default=list)
    # Raw input of a step kept while the applicant switched language mid-step.
    pending_input: Mapped[dict] = mapped_column(JSONDocument("applications.pending_input"), default=dict)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Optimistic locking: a stale write raises instead of overwriting.
    version: Mapped[int] = mapped_column(default=1)
    # Save and resume: only a hash of the code is kept; the date of birth is
    # the second factor asked with it.
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    resume_birth_date: Mapped[str | None] = mapped_column(SealedText("applications.resume_birth_date"), nullable=True)
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
    summary_pdf_key: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    summary_pdf_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # A draft's PDF, made once per change of what it shows (pdf.draft_summary):
    # the file storage key and the fingerprint of what it was made from.
    draft_pdf_key: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    draft_pdf_fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Keyed hash (HMAC, crypto.py) of answers["national_number"], kept in
    # step by _follow_national_number: the staff's caseload finds an
    # applicant's applications by it; the number itself is only encrypted.
    national_number_hmac: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    # A draft not saved again before this moment is purged (flask purge-expired).
    expires_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)
    # Assisted mode (webform/staff/): the organisation whose caseload holds
    # the application (None: the citizen's own), who assisted, how the
    # helper acts for the citizen (ASSISTANCE_CAPACITIES) and since when,
    # and who changed it last.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    assisted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"), nullable=True)
    assistance_capacity: Mapped[str | None] = mapped_column(String(16), nullable=True)
    assistance_date: Mapped[date | None] = mapped_column(nullable=True)
    last_changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"), nullable=True)

    __mapper_args__ = {"version_id_col": version}
    # The daily purge finds what it deletes through indexes, however many
    # drafts there are (retention.py): expired drafts, sent applications past
    # their retention, new codes never shown (few rows have one: a partial
    # index). The file keys are indexed for its check of pending files.
    __table_args__ = (
        Index("ix_applications_status_expires_at", "status", "expires_at"),
        Index("ix_applications_status_submitted_at", "status", "submitted_at"),
        Index(
            "ix_applications_masked_code_issued_at", "resume_code_issued_at",
            postgresql_where=text("resume_code_masked IS NOT NULL"), sqlite_where=text("resume_code_masked IS NOT NULL"),
        ),
    )

    attachments: Mapped[list["Attachment"]] = relationship(
        order_by="Attachment.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_submitted(self) -> bool:
        return self.status == "submitted"


def national_number_hmac(value) -> str | None:
    """The keyed hash of a national register (or BIS) number, as typed or
    stored: only its digits count, so "85.07.30-033.61" and "85073003361"
    give the same hash. None without digits."""
    digits = "".join(c for c in str(value or "") if c in "0123456789")
    return crypto.keyring().search_hash("national_number", digits) if digits else None


@event.listens_for(Application, "before_insert")
@event.listens_for(Application, "before_update")
def _follow_national_number(_mapper, _connection, application: Application) -> None:
    """Every ORM write of an application keeps the hash in step with its
    answers, whoever changed them (storage.py need not know)."""
    answers = application.answers if isinstance(application.answers, dict) else {}
    application.national_number_hmac = national_number_hmac(answers.get("national_number"))


class Attachment(db.Model):
    """A file attached to an application. The file itself lives in the file
    storage under a random key; the original name is only shown back."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    # Names such as "Rapport psychiatrique - Jean Dupont.pdf" are health data.
    original_name: Mapped[str] = mapped_column(SealedText("attachments.original_name"))
    kind: Mapped[str] = mapped_column(String(32))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PendingFile(db.Model):
    """A file's key, recorded before the file is stored (uploads.record_pending).

    The daily purge looks only at the records older than a day: a file a
    row points to by then is kept, any other was left by a worker that died
    between storing it and committing its row, and is deleted. Either way
    the record goes, so the table holds about a day of uploads and the
    purge never lists the whole store nor reads every row.
    """

    __tablename__ = "pending_files"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class DraftSession(db.Model):
    """A browser's right to open one application (see drafts.py).

    The cookie carries a random token; only its SHA-256 is kept here, so a
    copy of the database opens nothing. Deleting the row revokes it: a copy
    of the cookie taken before then (a shared computer, a synced profile, a
    proxy's log) opens nothing afterwards.
    """

    __tablename__ = "draft_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set once the application is sent: the confirmation and the PDF stay
    # reachable until then only (SENT_ACCESS_HOURS). A draft's session
    # lasts as long as the draft.
    expires_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)
    # Replaced by a new token of the same browser (a new code, sending): kept
    # a moment for the twin request of a double click (drafts.GRACE).
    superseded_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)


class PdfJob(db.Model):
    """A PDF to make outside the web request (pdf_jobs.py): laying out a long
    application takes seconds of CPU, which a sending must not wait for.

    Claimable while ``state`` is "pending" and ``available_at`` has passed.
    A worker that claims a job moves ``available_at`` to the end of its lease:
    if it dies, the job becomes claimable again then. A failure moves it
    further (back-off); after the last attempt the job is "failed". Only the
    class of the last error is kept, never its message (it may quote answers).
    A job done is deleted: the application's own columns say where the PDF is.
    """

    __tablename__ = "pdf_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    # What to make: "sent" (the summary stored at sending, pdf_jobs.KINDS).
    kind: Mapped[str] = mapped_column(String(16))
    # "pending" or "failed".
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The end of the current worker's lease (None when no worker holds it).
    leased_until: Mapped[datetime | None] = mapped_column(nullable=True)
    # The class of the last error ("OSError"), without its message.
    last_error: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # The workers' query: the oldest pending job that is available.
    __table_args__ = (Index("ix_pdf_jobs_state_available_at", "state", "available_at"),)


class RateEvent(db.Model):
    """One costly request (an upload, a PDF, a sending, a resume try), by a
    keyed hash of who made it: the limits count these rows, so they hold
    across workers and servers that share the database (see limits.py)."""

    __tablename__ = "rate_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    __table_args__ = (Index("ix_rate_events_bucket_at", "bucket", "at"),)


class ResumeAttempt(db.Model):
    """A failed attempt to resume, by a hash of the caller's address.

    Kept in the database, not in process memory, so that the limit holds
    across several gunicorn workers.
    """

    __tablename__ = "resume_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_hash: Mapped[str] = mapped_column(String(64), index=True)
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


# How a member of staff acts for the citizen (issue 9): the citizen is
# present and agrees; the citizen gave a written proxy; the helper is the
# citizen's legal representative.
ASSISTANCE_CAPACITIES = ("present", "proxy", "representative")
ORGANISATION_KINDS = ("commune_cpas", "mutuality", "other")


class Organisation(db.Model):
    """A commune/CPAS, a mutuality or another service whose staff apply with
    and for citizens. Its staff see its applications only."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list["StaffMember"]] = relationship(back_populates="organisation", order_by="StaffMember.id")


class StaffMember(db.Model):
    """A staff account: argon2id password hash, TOTP second factor (its
    secret sealed at rest), one-time recovery codes (hashes only)."""

    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    # Lower-cased e-mail address, the login name.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2))
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # None until the second factor is enrolled (the first login enrols it).
    totp_secret: Mapped[str | None] = mapped_column(SealedText("staff_members.totp_secret"), nullable=True)
    # The last TOTP time step accepted: a code works once.
    totp_last_step: Mapped[int | None] = mapped_column(nullable=True)
    # JSON list of SHA-256 hashes of the unused recovery codes.
    recovery_code_hashes: Mapped[list] = mapped_column(JSONDocument("staff_members.recovery_code_hashes"), default=list)
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(nullable=True)

    organisation: Mapped[Organisation] = relationship(back_populates="members")


class StaffLoginFailure(db.Model):
    """A failed staff login, by a keyed hash of the caller's address: the
    per-address limit counts these rows (across workers and servers)."""

    __tablename__ = "staff_login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_hash: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AuditEvent(db.Model):
    """One staff access to an application (view, change, download,
    hand-over, sending...), or to the staff pages. Never any answer: the
    application by its public id and reference only. Written once, never
    changed by the application (no route updates or deletes a row)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"), nullable=True, index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True, index=True)
    # A word from audit.ACTIONS ("view", "change", "download", ...).
    action: Mapped[str] = mapped_column(String(32), index=True)
    # The application's public id (not a foreign key: the line outlives a purged draft).
    application_public_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    # What was touched, without content: a step key, a file kind, "summary.pdf".
    target: Mapped[str | None] = mapped_column(String(100), nullable=True)


import os  # noqa: E402

from sqlalchemy.engine import Engine  # noqa: E402


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """WAL lets readers and one writer work at once (several gunicorn workers)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        _private_database_files(cursor)
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        # Deleted rows (a purged draft, a value before rotation) are overwritten,
        # not left readable in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        # Deleting a draft deletes its attachments' rows (ON DELETE CASCADE).
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _private_database_files(cursor) -> None:
    """The database file only its owner may read (0600), before the WAL is
    opened: SQLite creates the -wal and -shm files with the database's mode.
    Files left 0644 by an older release are tightened too."""
    for _seq, name, path in cursor.execute("PRAGMA database_list").fetchall():
        if name != "main" or not path:
            continue  # an in-memory database
        for suffix in ("", "-wal", "-shm"):
            try:
                if os.stat(path + suffix).st_mode & 0o077:
                    os.chmod(path + suffix, 0o600)
            except FileNotFoundError:
                pass
            except PermissionError:  # another user's file: left as it is
                pass
