"""Save and resume: resume codes, their second factor, attempt limits, expiry.

A code is 20 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
about 99 bits of randomness, shown in groups of four to read aloud. Only its
SHA-256 is stored. Resuming needs the code and the date of birth: something
one has and something one knows, with nothing to memorise (WCAG 3.3.8).
Failed attempts are counted in the database, per code and per address, so the
limits hold across processes.

Saving again keeps the code: the one written down or received by e-mail
must go on working (unless it was never shown: a double click's first
answer is dropped by the browser). Only "I lost my code" makes a new one.
The date of birth kept with the code follows the answers. A new code is
shown once, on the page the save redirects to; to get it there without
putting it in the cookie or keeping it in clear, the database holds it
masked with a one-time pad that only that redirect's address carries, and
forgets it as soon as the page has shown it (or after ten minutes).
"""
from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from .answers import Answers, current_values
from .models import Application, ResumeAttempt, db, utcnow

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


# Heard, B, D, P, T and V, or M and N, or F and S sound alike, in every
# language: each letter is followed by its word of the international
# spelling alphabet (ICAO), the same in French, Dutch and German.
SPELLING = dict(zip("ABCDEFGHJKMNPQRSTUVWXYZ", (
    "Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "Juliett", "Kilo", "Mike",
    "November", "Papa", "Quebec", "Romeo", "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "X-ray",
    "Yankee", "Zulu",
)))


def spell_out(code: str) -> str:
    """The code for screen readers, one character at a time: read as it is,
    "K7QP" may be read as a word. Characters are separated by commas,
    groups by full stops (a pause), letters followed by their word."""
    code = normalise(code)
    said = [f"{c} ({SPELLING[c]})" if c in SPELLING else c for c in code]
    return ". ".join(", ".join(said[i:i + GROUP]) for i in range(0, len(said), GROUP)) + "."


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


SHOW_WITHIN = timedelta(minutes=10)
# Counters and the masked code change with plain UPDATE statements on the
# table: they must not bump the draft's version (see resume, take_for_display).
APPLICATIONS = Application.__table__


def has_code(application: Application) -> bool:
    return application.resume_code_hash is not None


def issue_code(application: Application, birth_date: str, pad: str | None = None) -> str:
    """A new code for this draft; any earlier code stops working.

    With a one-time pad, the code is also kept masked by it until the page
    that shows it is opened (take_for_display), in the same commit.
    """
    code = new_code()
    application.resume_code_hash = code_hash(code)
    application.resume_code_issued_at = utcnow()
    application.resume_code_masked = _shift(code, pad, 1) if pad else None
    application.resume_birth_date = birth_date
    application.resume_failures = 0
    application.resume_locks = 0
    application.resume_locked_until = None
    extend(application)
    db.session.commit()
    return code


def unseen(application: Application) -> bool:
    """A new code whose page was never opened, within the time it may still be.

    The first request of a double click makes it, but the browser shows the
    second one's answer: replacing a code nobody saw harms nobody, keeping it
    would leave the person without a code.
    """
    issued = application.resume_code_issued_at
    return bool(application.resume_code_masked) and issued is not None and issued >= utcnow() - SHOW_WITHIN


def answered_birth_date(answers: dict | None) -> str | None:
    """The date of birth the answers give (the national register number's,
    else the one asked), as stored with a code: ISO 8601."""
    born = Answers(answers or {}).birth_date
    return born.isoformat() if born else None


def known_answers(application: Application) -> dict:
    """The answers, with the date of birth given for the code where the
    questionnaire has none yet: the step that asks it shows that date,
    to confirm, not to type again (WCAG 3.3.7). The step's own checks
    still apply when it is confirmed. Values of earlier versions of the
    questionnaire are read as today's (answers.LEGACY_VALUES)."""
    answers = current_values(application.answers or {})
    if application.resume_birth_date and not answers.get("birth_date"):
        answers["birth_date"] = application.resume_birth_date
    return answers


def known_birth_month(application: Application) -> str | None:
    """The year and month of birth the answers tell ("1985-03"), from the
    number or from a date given without its day: what the page asking the
    date for a code can show already."""
    known = Answers(application.answers or {}).birth_month
    return f"{known[0]:04d}-{known[1]:02d}" if known else None


def follow_answers(application: Application) -> None:
    """The date of birth asked with the code follows the answers when they
    give one: a corrected national register number (or a typo on the page
    that asked for the date) must not leave the code opening with the old
    date. Part of the caller's commit."""
    born = answered_birth_date(application.answers)
    if born and has_code(application) and application.resume_birth_date != born:
        application.resume_birth_date = born


def keep_code(application: Application) -> None:
    """Saved again with a code already given: the same code goes on working."""
    follow_answers(application)
    extend(application)
    db.session.commit()


def _shift(code: str, pad: str, sign: int) -> str:
    size = len(ALPHABET)
    return "".join(ALPHABET[(ALPHABET.index(c) + sign * ALPHABET.index(p)) % size] for c, p in zip(code, pad))


def take_for_display(application: Application, pad: str | None) -> str | None:
    """The new code, once: the masked copy is erased in the same step.

    A plain UPDATE (no version bump): showing the code must not make a save
    in another tab look stale.
    """
    masked, issued = application.resume_code_masked, application.resume_code_issued_at
    if not masked or not pad or len(pad) != CODE_LENGTH or set(pad) - set(ALPHABET):
        return None
    code = _shift(masked, pad, -1)
    if not code_matches(application, code):  # an older page's pad: leave the code for its own page
        return None
    taken = db.session.execute(
        update(APPLICATIONS).where(APPLICATIONS.c.id == application.id, APPLICATIONS.c.resume_code_masked == masked).values(resume_code_masked=None)
    ).rowcount
    db.session.commit()
    if taken != 1 or not issued or issued < utcnow() - SHOW_WITHIN:
        return None
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
    """Check a code and date of birth; count and limit the failures.

    The per-code lock protects the guessable factor, the date of birth of
    someone who has the code; each lock lasts longer (RESUME_LOCK_MINUTES)
    and the right code and date of birth work again once it ends. Guessing
    a code itself is hopeless (about 99 bits). The per-address counter is
    therefore a brake on scripted wrong tries, never a lock-out: it counts
    only failures and refuses only wrong tries, so that everybody behind one
    address (a CPAS desk, a reverse proxy without TRUSTED_PROXIES) can still
    open their own application with the right code and date of birth.
    Counters change with single UPDATE statements that do not bump the
    draft's version: two tries at once neither lose a count nor fail.
    """
    now = utcnow()
    config = current_app.config
    address_hash = _address_hash(address)
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
        db.session.execute(
            update(APPLICATIONS).where(APPLICATIONS.c.id == application.id).values(
                resume_failures=0, resume_locks=0, expires_at=now + retention()
            )
        )
        db.session.commit()
        return Attempt(Outcome.RESUMED, application)
    crowded = _failures_from(address_hash, now) >= config["RESUME_ATTEMPTS_PER_ADDRESS"]
    db.session.add(ResumeAttempt(address_hash=address_hash, attempted_at=now))
    locked_until = _count_failure(application.id, now) if application is not None else None
    db.session.commit()
    if locked_until is not None:
        return Attempt(Outcome.LOCKED, locked_until=locked_until)
    return Attempt(Outcome.TOO_MANY_FROM_ADDRESS if crowded else Outcome.WRONG)


def _count_failure(application_id: int, now: datetime) -> datetime | None:
    """One more wrong try on this code; the end of the lock if it now locks."""
    config = current_app.config
    failures, locks = db.session.execute(
        update(APPLICATIONS).where(APPLICATIONS.c.id == application_id)
        .values(resume_failures=APPLICATIONS.c.resume_failures + 1)
        .returning(APPLICATIONS.c.resume_failures, APPLICATIONS.c.resume_locks)
    ).one()
    if failures < config["RESUME_ATTEMPTS_PER_CODE"]:
        return None
    steps = config["RESUME_LOCK_MINUTES"]
    until = now + timedelta(minutes=steps[min(locks, len(steps) - 1)])
    db.session.execute(
        update(APPLICATIONS).where(APPLICATIONS.c.id == application_id, APPLICATIONS.c.resume_failures >= config["RESUME_ATTEMPTS_PER_CODE"])
        .values(resume_failures=0, resume_locks=APPLICATIONS.c.resume_locks + 1, resume_locked_until=until)
    )
    # A try at the same moment may have set the lock first: report that one.
    return db.session.execute(select(APPLICATIONS.c.resume_locked_until).where(APPLICATIONS.c.id == application_id)).scalar_one()
