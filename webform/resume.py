"""Save and resume: resume codes, their second factor, attempt limits, expiry.

A code is 20 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
about 99 bits of randomness, shown in groups of four to read aloud. Only its
SHA-256 is stored. Resuming needs the code and the date of birth: something
one has and something one knows, with nothing to memorise (WCAG 3.3.8).
Failed attempts are counted in the database, per code and per address, so the
limits hold across processes.
"""
from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from .models import Application, Attachment, ResumeAttempt, db, utcnow

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 20
GROUP = 4


class Outcome(enum.Enum):
    RESUMED = "resumed"
    WRONG = "wrong"
    LOCKED = "locked"
    TOO_MANY_FROM_ADDRESS = "address"


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    application: Application | None = None
    locked_until: datetime | None = None


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise(typed: str) -> str:
    """What was typed or pasted, without spaces, dashes and case."""
    return "".join(c for c in typed.upper() if c.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def retention() -> timedelta:
    return timedelta(days=current_app.config["DRAFT_RETENTION_DAYS"])


def extend(application: Application) -> None:
    """A draft lives for the retention period after its last save."""
    application.expires_at = utcnow() + retention()


def issue_code(application: Application, birth_date: str) -> str:
    """A new code for this draft; any earlier code stops working."""
    code = new_code()
    application.resume_code_hash = code_hash(code)
    application.resume_birth_date = birth_date
    application.resume_failures = 0
    application.resume_locked_until = None
    extend(application)
    db.session.commit()
    return code


def code_matches(application: Application, code: str) -> bool:
    return application.resume_code_hash is not None and secrets.compare_digest(
        application.resume_code_hash, code_hash(code)
    )


def _address_hash(address: str) -> str:
    return hashlib.sha256(f"{current_app.config['SECRET_KEY']}:{address}".encode()).hexdigest()


def _failures_from(address_hash: str, now: datetime) -> int:
    return db.session.execute(
        select(func.count()).select_from(ResumeAttempt).where(
            ResumeAttempt.address_hash == address_hash,
            ResumeAttempt.attempted_at > now - timedelta(hours=1),
        )
    ).scalar_one()


def resume(code: str, birth_date: str, address: str) -> Attempt:
    """Check a code and date of birth; count and limit the failures."""
    now = utcnow()
    config = current_app.config
    address_hash = _address_hash(address)
    if _failures_from(address_hash, now) >= config["RESUME_ATTEMPTS_PER_ADDRESS"]:
        return Attempt(Outcome.TOO_MANY_FROM_ADDRESS)
    application = db.session.execute(
        select(Application).where(
            Application.resume_code_hash == code_hash(code), Application.status == "draft"
        )
    ).scalar_one_or_none()
    if application is not None and application.expires_at and application.expires_at < now:
        application = None
    if application is not None and application.resume_locked_until and application.resume_locked_until > now:
        return Attempt(Outcome.LOCKED, locked_until=application.resume_locked_until)
    if application is not None and application.resume_birth_date == birth_date:
        application.resume_failures = 0
        extend(application)
        db.session.commit()
        return Attempt(Outcome.RESUMED, application)
    db.session.add(ResumeAttempt(address_hash=address_hash, attempted_at=now))
    if application is not None:
        application.resume_failures += 1
        if application.resume_failures >= config["RESUME_ATTEMPTS_PER_CODE"]:
            application.resume_failures = 0
            application.resume_locked_until = now + timedelta(minutes=config["RESUME_LOCK_MINUTES"])
            db.session.commit()
            return Attempt(Outcome.LOCKED, locked_until=application.resume_locked_until)
    db.session.commit()
    return Attempt(Outcome.WRONG)


def purge_expired(now: datetime | None = None) -> int:
    """Delete drafts past their expiry (and old attempt records); return how many drafts."""
    from .uploads import storage

    now = now or utcnow()
    stale = (Application.status == "draft") & (
        (Application.expires_at < now)
        | (Application.expires_at.is_(None) & (Application.updated_at < now - retention()))
    )
    keys = db.session.execute(
        select(Attachment.storage_key).join(Application).where(stale)
    ).scalars().all()
    count = db.session.execute(delete(Application).where(stale)).rowcount
    db.session.execute(delete(ResumeAttempt).where(ResumeAttempt.attempted_at < now - timedelta(days=1)))
    db.session.commit()
    files = storage()
    for key in keys:  # after the commit: a failed purge never leaves rows without files
        files.delete(key)
    return count
