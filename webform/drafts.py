"""The caller's draft session: which application this browser may open.

The signed cookie carries a random token, never the application's id; the
database keeps only the token's SHA-256, bound to one application. A token
is revoked by deleting its row, so a copy of the cookie (taken on a shared
computer before "Close", synced with a browser profile, written in a
proxy's log) opens nothing once:

- the application is closed on this device (``end_here``);
- it is resumed with its code, here or elsewhere (``open_after_resume``:
  every earlier token of the application ends, the resuming browser gets a
  new one);
- "I lost my code" makes a new code (``rotate``: the other browsers'
  tokens end, this one gets a new one);
- it is sent (``open_after_sending``: the sending browser gets a new token
  that lasts SENT_ACCESS_HOURS, in a cookie that ends with the browser);
- the draft expires, or the sent application's time on this browser ends.

A request that brings a token that no longer opens anything is told so
kindly, once, on the start page (``ENDED``), rather than thrown out in
silence.

A double click sends the same cookie twice: when the first request
replaces this browser's token (a new code, sending), the second would
find it revoked and the browser, which shows the second answer only,
would lose the application it just sent. So the caller's own replaced
token is not deleted at once but marked superseded, and may be exchanged
once, within ``GRACE``, for a new token; every other browser's token ends
at once. Every blueprint finds the caller's application here and nowhere
else; views never read the cookie themselves.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from datetime import timedelta

from flask import current_app, flash, redirect, request, session, url_for
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from . import crypto, i18n, storage
from .models import Application, DraftSession, db, utcnow

COOKIE_KEY = "draft"
# Before draft sessions, the cookie carried the application's own id: such
# a cookie opens nothing any more (it may be a copy), and is told so.
LEGACY_KEY = "application"
# The flash category of the notice "this application is no longer open here".
ENDED = "session_ended"
# How long the caller's replaced token still serves the twin of a double click.
GRACE = timedelta(seconds=60)

log = logging.getLogger(__name__)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue(application: Application, expires_at=None, permanent: bool = True) -> None:
    """A new token for this browser, in the caller's commit."""
    token = secrets.token_urlsafe(32)
    db.session.add(DraftSession(token_hash=_hash(token), application_id=application.id, expires_at=expires_at))
    session[COOKIE_KEY] = token
    session.permanent = permanent
    # A notice that an older token ended, not yet shown, is no longer true.
    if "_flashes" in session:
        session["_flashes"] = [(category, message) for category, message in session["_flashes"] if category != ENDED]


def _revoke_all(application: Application, grace: bool = True) -> None:
    """End every token of the application; with ``grace``, the caller's own
    is only marked superseded (see GRACE)."""
    token = session.get(COOKIE_KEY)
    own = _hash(token) if isinstance(token, str) and grace else None
    db.session.execute(
        delete(DraftSession).where(DraftSession.application_id == application.id, DraftSession.token_hash != own)
    )
    if own is not None:
        db.session.execute(
            update(DraftSession).where(DraftSession.token_hash == own, DraftSession.superseded_at.is_(None))
            .values(superseded_at=utcnow())
        )


def _sent_access_until(application: Application):
    hours = current_app.config["SENT_ACCESS_HOURS"]
    return (application.submitted_at or utcnow()) + timedelta(hours=hours)


def open_new(application: Application) -> None:
    """The browser that started an application may open it."""
    _issue(application)
    db.session.commit()


def open_for_staff(application: Application) -> None:
    """A member of staff opens one of their organisation's applications
    (the organisation is checked by the caller, webform/staff/): this
    browser gets a token of its own, the others keep theirs. A sent
    application, as after sending, for SENT_ACCESS_HOURS only."""
    if application.is_submitted:
        _issue(application, expires_at=utcnow() + timedelta(hours=current_app.config["SENT_ACCESS_HOURS"]), permanent=False)
    else:
        _issue(application, permanent=False)
    db.session.commit()


def open_after_resume(application: Application) -> None:
    """Resumed with the code: this browser alone opens the draft from now on.
    (No grace: the twin of a double click resumes with the code as well.)"""
    _revoke_all(application, grace=False)
    _issue(application)
    db.session.commit()


def rotate(application: Application) -> None:
    """A new code was made because the old one was lost (maybe taken): any
    other browser that had the draft open loses it; this one keeps it under
    a new token."""
    _revoke_all(application)
    _issue(application)
    db.session.commit()


def open_after_sending(application: Application) -> None:
    """Sent: the tokens from before end (a cookie copied while the draft was
    being filled in gets nothing); this browser keeps the confirmation and
    the PDF for SENT_ACCESS_HOURS, in a cookie that ends with the browser."""
    _revoke_all(application)
    _issue(application, expires_at=_sent_access_until(application), permanent=False)
    db.session.commit()


def end_here() -> None:
    """Close the application on this device: its token ends, and the cookie
    keeps only the reading preferences (language, easy-read)."""
    token = session.get(COOKIE_KEY)
    if isinstance(token, str):
        db.session.execute(delete(DraftSession).where(DraftSession.token_hash == _hash(token)))
        db.session.commit()
    kept = {key: session[key] for key in i18n.PREFERENCES if key in session}
    session.clear()
    session.update(kept)
    session.permanent = False


def has_token() -> bool:
    return isinstance(session.get(COOKIE_KEY), str)


def current_application() -> Application | None:
    """The application this browser's token opens, or None.

    A token that opens nothing any more (revoked, superseded and past its
    grace, expired, or its draft expired) is taken out of the cookie and
    the start page says why, once.
    """
    token = session.get(COOKIE_KEY)
    if session.pop(LEGACY_KEY, None) is not None and not isinstance(token, str):
        flash("ended", ENDED)
    if not isinstance(token, str) or not token:
        return None
    row, _loaded = _find(_hash(token))
    application = _open(row) if row is not None else None
    if application is None:
        session.pop(COOKIE_KEY, None)
        flash("ended", ENDED)
        return None
    if row.superseded_at is not None:
        _exchange(row, application)
    if application.is_submitted and session.permanent:
        session.permanent = False
    return application


def apply_switch(form, application: Application | None = None) -> bool:
    """The header's switch that submitted ``form`` (i18n.apply_switch),
    and the draft open in this browser follows it: resuming brings the
    choice back, the PDF, the e-mail and the hand-over letter are worded in
    it. Every switch, link or button, goes through here, so that no page
    changes the reading without the draft. ``application``: the draft the
    view already holds (else the browser's). False for an unknown value."""
    if not i18n.apply_switch(form):
        return False
    draft = application if application is not None else current_application()
    if draft is not None and not draft.is_submitted:
        storage.set_reading(draft, *i18n.current_reading())
    return True


def switch_posted(application: Application | None = None) -> bool:
    """A header's switch (a language, easy-read) submitted this request's
    form instead of the page's own button: the choice applied (an unknown
    value changes nothing), and True, so that the page is shown again with
    what was typed, in the new words. Nothing is checked or counted: it is
    not a try, and never taken for the page's button (which may start an
    application or make a code)."""
    if not i18n.switch_pressed(request.form):
        return False
    apply_switch(request.form, application)
    return True


def _find(token_hash: str) -> tuple[DraftSession | None, Application | None]:
    """The token's row, with its application and the application's
    attachments, in one SELECT: every page of the form needs all three, and
    each statement is a round trip to PostgreSQL. The application is
    returned to be held while ``_open`` finds it in the session (whose
    identity map keeps only weak references), without a second query.

    A value that cannot be decrypted (a key missing from ENCRYPTION_KEYS)
    fails the joined query: the row alone is read again, and ``_open``
    says so in the log, as it did before the join."""
    query = (
        select(DraftSession, Application)
        .outerjoin(Application, Application.id == DraftSession.application_id)
        .options(joinedload(Application.attachments))
        .where(DraftSession.token_hash == token_hash)
    )
    try:
        found = db.session.execute(query).unique().one_or_none()
    except crypto.CryptoError:
        db.session.rollback()
        found = (db.session.execute(
            select(DraftSession).where(DraftSession.token_hash == token_hash)
        ).scalar_one_or_none(), None)
    return found if found is not None else (None, None)


def _open(row: DraftSession) -> Application | None:
    """The application a token row opens, or None once it should not."""
    now = utcnow()
    ended = (row.expires_at is not None and row.expires_at < now) or (
        row.superseded_at is not None and row.superseded_at < now - GRACE
    )
    try:
        application = None if ended else storage.find_application_by_id(row.application_id)
    except crypto.CryptoError as error:
        # A key missing from ENCRYPTION_KEYS: say so in the log (the message
        # names a key id, never content) and open nothing rather than fail.
        log.error("an application could not be decrypted: %s", error)
        db.session.rollback()
        return None
    if ended:
        db.session.delete(row)
        db.session.commit()
    return application


def _exchange(row: DraftSession, application: Application) -> None:
    """The twin of a double click brings the token its first request just
    replaced: once, it gets a token of its own."""
    db.session.delete(row)
    if application.is_submitted:
        _issue(application, expires_at=_sent_access_until(application), permanent=False)
    else:
        _issue(application)
    db.session.commit()


def with_draft(view):
    """Give the view the caller's own draft; without one, go where it makes sense."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        application = current_application()
        if application is None:
            return redirect(url_for("public.start"))
        if application.is_submitted:
            return redirect(url_for("application.confirmation"))
        return view(application, *args, **kwargs)

    return wrapper


def purge_ended(now=None) -> int:
    """Delete the tokens whose time is over (sent applications, replaced
    tokens past their grace); a draft's tokens go with the draft (ON DELETE
    CASCADE)."""
    now = now or utcnow()
    count = db.session.execute(
        delete(DraftSession).where(
            (DraftSession.expires_at.is_not(None) & (DraftSession.expires_at < now))
            | (DraftSession.superseded_at.is_not(None) & (DraftSession.superseded_at < now - GRACE))
        )
    ).rowcount
    db.session.commit()
    return count
