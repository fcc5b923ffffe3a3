"""Storage of applications: creation, lookup, optimistic saves, submission.

Views never query the database themselves; they reach an application only
through the caller's draft session (drafts.py), so no route can reach
somebody else's application.
"""
from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .models import Application, db, utcnow
from .resume import extend, follow_answers


def create_application(language: str, easy_read: bool = False) -> Application:
    application = Application(
        public_id=secrets.token_urlsafe(32),
        language=language,
        easy_read=easy_read,
        answers={},
        completed_steps=[],
        pending_input={},
    )
    extend(application)
    db.session.add(application)
    db.session.commit()
    return application


def find_application_by_id(application_id: int) -> Application | None:
    """An application by its id (from the caller's draft session: see
    drafts.py); a draft past its expiry counts as gone (the daily purge
    deletes it later), as it does for a resume code."""
    application = db.session.get(Application, application_id)
    if application is not None and not application.is_submitted and application.expires_at and application.expires_at < utcnow():
        return None
    return application


def commit_keeping_loaded() -> None:
    """Commit, and keep what the session holds as it is instead of reading
    it again on next use (the default, ``expire_on_commit``).

    For a save of the caller's draft: its UPDATE checked the version
    (optimistic locking), so no other write came between its load and this
    commit, and what the session holds is what the database now holds.
    Reading the row and its attachments again would cost two statements
    for nothing. Only for these commits: elsewhere a plain UPDATE
    (resume.py's counters) changes rows behind the session's back, and the
    expiry is what shows the new values."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def end_read_transaction(error: BaseException | None = None) -> None:
    """End a request's transaction with COMMIT when it only read.

    Flask-SQLAlchemy closes the session after each request, which rolls
    its transaction back. On PostgreSQL, psycopg drops every statement it
    had prepared on the connection at each ROLLBACK (it cannot tell which
    were prepared inside the transaction), so the draft's three-table
    SELECT was parsed and planned again on every request: 0.5 ms of the
    database's CPU instead of 0.05. A COMMIT of a transaction that wrote
    nothing ends it the same way and keeps them. Anything unsaved in the
    session (an error, a change never committed) is still rolled back."""
    session = db.session()
    transaction = session.get_transaction()
    if error is not None or transaction is None or not transaction.is_active:
        return
    if session.new or session.dirty or session.deleted:
        return
    try:
        session.commit()
    except SQLAlchemyError:
        session.rollback()


def init_app(app) -> None:
    # Runs before Flask-SQLAlchemy's own teardown (an application context's), which closes the session.
    app.teardown_request(end_read_transaction)


def save_step(application: Application, answers: dict, completed: set[str]) -> None:
    """Store the answers; raises StaleDataError if another save came first."""
    application.answers = answers
    follow_answers(application)
    extend(application)
    application.completed_steps = sorted(completed)
    commit_keeping_loaded()


def keep_pending_input(application: Application, step_key: str, raw: dict[str, list[str]], answers: dict | None = None) -> None:
    """Remember what was typed on a step that was left without Continue,
    and store the answers that could be saved from it, in one commit."""
    if answers is not None:
        application.answers = answers
        follow_answers(application)
    application.pending_input = {**(application.pending_input or {}), step_key: raw}
    commit_keeping_loaded()


def set_reading(application: Application, language: str, easy_read: bool) -> None:
    """Keep the visitor's reading choice (language, easy-read) with the
    draft: resuming brings it back, the PDF and letters follow it."""
    if (application.language, application.easy_read) != (language, easy_read):
        application.language, application.easy_read = language, easy_read
        db.session.commit()


# -- references -----------------------------------------------------------
def reference_check(digits: str) -> int:
    """Mod-97 check, as on Belgian structured payment references: 1 to 97."""
    return 97 - (int(digits) % 97) if int(digits) % 97 else 97


def make_reference() -> str:
    """A number easy to read aloud: 12 digits in groups of four, check last."""
    body = f"{secrets.randbelow(10**10):010d}"
    return format_reference(f"{body}{reference_check(body) % 100:02d}")


def format_reference(digits: str) -> str:
    """The 12 digits as stored and shown: 1234-5678-9012."""
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"


def reference_digits(reference: str) -> str:
    """A reference as typed or read over the phone, without spaces, dots and dashes."""
    return "".join(c for c in reference if c not in " .-\t")


def is_valid_reference(reference: str) -> bool:
    digits = reference_digits(reference)
    if len(digits) != 12 or not digits.isdigit():
        return False
    return reference_check(digits[:10]) % 100 == int(digits[10:])


def submit(application: Application, answers: dict, keep_summary=None) -> str:
    """Freeze the application and give it a reference.

    ``keep_summary(application)``, when given, runs once the application
    looks sent but before the commit: it asks for the PDF summary
    (pdf_jobs.enqueue_sent adds its job to this very commit) and may return
    a function that undoes what it did outside the database, called if the
    commit fails.
    """
    while True:
        reference = make_reference()
        taken = db.session.execute(
            select(Application.id).where(Application.reference == reference)
        ).first()
        if not taken:
            break
    application.answers = answers
    application.pending_input = {}
    application.status = "submitted"
    application.reference = reference
    application.submitted_at = utcnow()
    # A send that lost the race to another (StaleDataError) fails here,
    # before its PDF is made, not inside the PDF's own queries.
    db.session.flush()
    undo = keep_summary(application) if keep_summary else None
    try:
        db.session.commit()
    except Exception:
        if undo:
            undo()
        raise
    return reference


def find_for_organisation(public_id: str, organisation_id: int) -> Application | None:
    """An application of this organisation's caseload, by its public id, or
    None (the staff views answer 404: another organisation's application
    and one that does not exist look the same)."""
    application = db.session.execute(
        select(Application).where(Application.public_id == public_id, Application.organisation_id == organisation_id)
    ).scalar_one_or_none()
    if application is None or find_application_by_id(application.id) is None:
        return None
    return application
