"""Staff accounts: passwords, the second factor, recovery codes, the login
limits, and the account changes shared by the ``flask staff`` commands and
the organisation administrator's page.

- Passwords: argon2id (argon2-cffi's defaults), never kept in clear.
- Second factor: TOTP (RFC 6238, 30-second steps). The secret is made at
  the first login and sealed at rest; the account counts as enrolled once a
  code has been accepted (``totp_last_step`` set). A step is accepted once:
  a code seen over a shoulder cannot be used again.
- Ten recovery codes, shown once; only their SHA-256 is kept (each has
  60 bits of randomness: a plain hash cannot be reversed by trying them).
- Limits: per account (STAFF_LOCK_AFTER failures lock it for
  STAFF_LOCK_MINUTES) and per address (STAFF_FAILURES_PER_ADDRESS in
  STAFF_LOCK_MINUTES, counted in StaffLoginFailure by a keyed hash of the
  address). An e-mail address without an account is limited the same way
  (rows keyed by its hash), so the answers never tell whether an account
  exists.
- New and reset accounts get a set-password link rather than a temporary
  password: nobody but the member ever knows the password, the link is
  signed, ends after STAFF_LINK_HOURS and works once (it carries a
  fingerprint of the password hash, which setting a password changes).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from .. import crypto, resume
from ..models import Organisation, StaffLoginFailure, StaffMember, db, utcnow

HASHER = PasswordHasher()  # argon2id
# Verified when the e-mail address has no account: the answer takes as long.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))
ISSUER = "Disability application"
RECOVERY_CODES = 10
RECOVERY_LENGTH = 12
MIN_PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class Refusal:
    """Why a login was refused: ``wrong`` (try again), ``locked`` (the
    account or e-mail address, until ``until``) or ``address`` (too many
    failures from this address, until ``until``)."""

    reason: str
    until: datetime | None = None


def _config(name: str) -> int:
    return current_app.config[name]


def _window() -> timedelta:
    return timedelta(minutes=_config("STAFF_LOCK_MINUTES"))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_member(email: str) -> StaffMember | None:
    return db.session.execute(
        select(StaffMember).where(StaffMember.email == normalise_email(email))
    ).scalar_one_or_none()


# -- passwords ------------------------------------------------------------
def set_password(member: StaffMember, password: str) -> None:
    member.password_hash = HASHER.hash(password)


def password_matches(member: StaffMember | None, password: str) -> bool:
    """Constant work whether or not the account exists or has a password."""
    stored = member.password_hash if member is not None and member.password_hash else _DUMMY_HASH
    try:
        HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    return stored is not _DUMMY_HASH


def password_problem(password: str, email: str) -> str | None:
    """Why a new password cannot be used (a message key), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "short"
    if normalise_email(email) in password.lower():
        return "email"
    return None


# -- login limits -----------------------------------------------------------
def _keyed(kind: str, value: str) -> str:
    return crypto.keyring().search_hash(f"staff-login-{kind}", value)


def _recent_failures(key: str, now: datetime) -> list[datetime]:
    return list(db.session.execute(
        select(StaffLoginFailure.at).where(StaffLoginFailure.address_hash == key, StaffLoginFailure.at > now - _window())
        .order_by(StaffLoginFailure.at)
    ).scalars())


def _address_blocked_until(address: str, now: datetime) -> datetime | None:
    failures = _recent_failures(_keyed("address", address), now)
    limit = _config("STAFF_FAILURES_PER_ADDRESS")
    return failures[-limit] + _window() if len(failures) >= limit else None


def _unknown_locked_until(email: str, now: datetime) -> datetime | None:
    """An e-mail address without an account locks like an account does."""
    failures = _recent_failures(_keyed("email", normalise_email(email)), now)
    limit = _config("STAFF_LOCK_AFTER")
    return failures[-limit] + _window() if len(failures) >= limit else None


def locked_until(member: StaffMember | None, email: str, now: datetime | None = None) -> datetime | None:
    now = now or utcnow()
    if member is None:
        return _unknown_locked_until(email, now)
    return member.locked_until if member.locked_until and member.locked_until > now else None


def refusal_before_trying(member: StaffMember | None, email: str, address: str) -> Refusal | None:
    """The address or the account is locked: nothing is checked or counted."""
    now = utcnow()
    if until := _address_blocked_until(address, now):
        return Refusal("address", until)
    if until := locked_until(member, email, now):
        return Refusal("locked", until)
    return None


def count_failure(member: StaffMember | None, email: str, address: str) -> Refusal:
    """A wrong password or code: counted for the address and the account
    (or the unknown e-mail address); the caller commits."""
    now = utcnow()
    purge_failures(now)  # older failures count for nothing: the table stays small
    db.session.add(StaffLoginFailure(address_hash=_keyed("address", address), at=now))
    if member is None:
        db.session.add(StaffLoginFailure(address_hash=_keyed("email", normalise_email(email)), at=now))
        db.session.flush()
        until = _unknown_locked_until(email, now)
    else:
        member.failed_logins = (member.failed_logins or 0) + 1
        if member.failed_logins >= _config("STAFF_LOCK_AFTER"):
            member.locked_until, member.failed_logins = now + _window(), 0
        until = locked_until(member, email, now)
    return Refusal("locked", until) if until else Refusal("wrong")


def count_success(member: StaffMember) -> None:
    member.failed_logins = 0
    member.locked_until = None


def purge_failures(now: datetime | None = None) -> int:
    """Failures older than the window count for nothing any more."""
    cutoff = (now or utcnow()) - _window()
    return db.session.execute(delete(StaffLoginFailure).where(StaffLoginFailure.at <= cutoff)).rowcount


# -- second factor ------------------------------------------------------------
def is_enrolled(member: StaffMember) -> bool:
    return member.totp_secret is not None and member.totp_last_step is not None


def enrolment_secret(member: StaffMember) -> str:
    """The secret to enrol (made once, kept sealed, so reloading the page
    shows the same QR code)."""
    if member.totp_secret is None:
        member.totp_secret = pyotp.random_base32()
        db.session.commit()
    return member.totp_secret


def provisioning_uri(member: StaffMember, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=member.email, issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    """The QR code as an SVG data URI: an image, no script (CSP allows data:)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2, dark="#0b0c0c", light="#ffffff")


def grouped_secret(secret: str) -> str:
    """The secret in groups of four, to type into an app that cannot scan."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _accepted_step(secret: str, code: str, now: float) -> int | None:
    """The time step whose code this is (the one before, now or after, for
    a clock a little off), or None."""
    totp = pyotp.TOTP(secret)
    current = int(now // totp.interval)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def check_totp(member: StaffMember, typed: str, now: float | None = None) -> bool:
    """A code of the app, used at most once (the step must be newer than the last)."""
    code = "".join(c for c in typed if c.isdigit())
    if len(code) != 6 or member.totp_secret is None:
        return False
    step = _accepted_step(member.totp_secret, code, time.time() if now is None else now)
    if step is None or (member.totp_last_step is not None and step <= member.totp_last_step):
        return False
    member.totp_last_step = step
    return True


def _recovery_hash(code: str) -> str:
    return hashlib.sha256(resume.normalise(code).encode()).hexdigest()


def new_recovery_codes(member: StaffMember) -> list[str]:
    """Ten new codes (the old ones end); only their hashes are kept."""
    codes = ["".join(secrets.choice(resume.ALPHABET) for _ in range(RECOVERY_LENGTH)) for _ in range(RECOVERY_CODES)]
    member.recovery_code_hashes = [_recovery_hash(code) for code in codes]
    return [resume.format_code(code) for code in codes]


def use_recovery_code(member: StaffMember, typed: str) -> bool:
    """A recovery code works once: its hash is removed."""
    if len(resume.normalise(typed)) != RECOVERY_LENGTH:
        return False
    digest = _recovery_hash(typed)
    hashes = list(member.recovery_code_hashes or [])
    if not any(hmac.compare_digest(digest, known) for known in hashes):
        return False
    member.recovery_code_hashes = [known for known in hashes if known != digest]
    return True


def check_second_factor(member: StaffMember, typed: str) -> bool:
    return check_totp(member, typed) or use_recovery_code(member, typed)


# -- set-password links ---------------------------------------------------------
def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="staff-set-password")


def _fingerprint(member: StaffMember) -> str:
    return hashlib.sha256((member.password_hash or "").encode()).hexdigest()[:16]


def password_token(member: StaffMember) -> str:
    return _serializer().dumps({"id": member.id, "fp": _fingerprint(member)})


def member_of_token(token: str) -> StaffMember | None:
    """The active member a set-password link is for, while it is valid."""
    try:
        data = _serializer().loads(token, max_age=_config("STAFF_LINK_HOURS") * 3600)
    except BadSignature:
        return None
    member = db.session.get(StaffMember, data.get("id")) if isinstance(data, dict) else None
    if member is None or not member.is_active or not hmac.compare_digest(_fingerprint(member), str(data.get("fp"))):
        return None
    return member


# -- account changes (commands and the administrator's page) --------------------------
class AccountError(ValueError):
    """A change that cannot be made (the message says why, for the command line)."""


def create_organisation(name: str, kind: str, language: str) -> Organisation:
    if db.session.execute(select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())).first():
        raise AccountError(f"an organisation named {name!r} exists already")
    organisation = Organisation(name=name.strip(), kind=kind, language=language)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def _unusable_password() -> str:
    """A hash of a password nobody knows: a new or reset account cannot log
    in before its link is used, and earlier links no longer match."""
    return HASHER.hash(secrets.token_urlsafe(32))


def add_member(organisation: Organisation, email: str, name: str, language: str, admin: bool = False) -> StaffMember:
    if find_member(email) is not None:
        raise AccountError(f"an account with the e-mail address {email!r} exists already")
    member = StaffMember(
        organisation_id=organisation.id, email=normalise_email(email), name=name.strip(), language=language,
        is_admin=admin, password_hash=_unusable_password(), recovery_code_hashes=[],
    )
    db.session.add(member)
    db.session.flush()
    return member


def disable(member: StaffMember) -> None:
    """The account can no longer log in; a session it has ends at its next request."""
    member.is_active = False


def reset(member: StaffMember) -> None:
    """A new password (through a new link) and a new second factor: the
    old password, authenticator app and recovery codes stop working."""
    member.password_hash = _unusable_password()
    member.totp_secret = None
    member.totp_last_step = None
    member.recovery_code_hashes = []
    member.failed_logins = 0
    member.locked_until = None
    # The way back for a disabled account: its owner starts again.
    member.is_active = True
