"""Who is logged in as staff: the one contract every staff view relies on.

The signed session cookie holds ``session["staff"]``: the member's id, the
moment the second factor was passed (None before), and the moment of the
last request. Nothing else about the member travels in the cookie. A member
is "current" only with the second factor passed, an active account, and a
last request less than STAFF_IDLE_MINUTES ago; otherwise the session ends
(see auth_views for what happens to the input of a request that arrives
after it ended).
"""
from __future__ import annotations

import functools
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_wtf.csrf import CSRFError

from ..models import StaffMember, db
from ..security import csrf

SESSION_KEY = "staff"
# The flash category that tells the login page why it is shown: "expired"
# (the session ended after inactivity) or "kept" (and what was typed is kept).
EXPIRED = "staff_expired"
# POST endpoints whose typed input is kept when it arrives after the
# session ended: endpoint -> keeper(member_id) -> True once kept.
INPUT_KEEPERS: dict[str, Callable[[int], bool]] = {}


def log_in(member: StaffMember, verified: bool) -> None:
    """Start (or, once the second factor is passed, complete) a staff session."""
    session[SESSION_KEY] = {"id": member.id, "verified": time.time() if verified else None, "seen": time.time()}
    session.permanent = False
    g.pop("staff_member", None)


def log_out() -> None:
    session.pop(SESSION_KEY, None)
    g.pop("staff_member", None)


def pending_member() -> StaffMember | None:
    """The member who passed the password but not yet the second factor."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("verified"):
        return None
    member = db.session.get(StaffMember, data.get("id"))
    return member if member is not None and member.is_active else None


def idle_expired() -> bool:
    """A verified staff session whose last request is too old."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or not data.get("verified"):
        return False
    idle = current_app.config.get("STAFF_IDLE_MINUTES", 30) * 60
    return time.time() - float(data.get("seen") or 0) > idle


def current_staff() -> StaffMember | None:
    """The logged-in member (second factor passed, active, not idle), or None.

    Each call in a request that finds one refreshes the idle clock."""
    if "staff_member" in g:
        return g.staff_member
    member = None
    data = session.get(SESSION_KEY)
    if isinstance(data, dict) and data.get("verified") and not idle_expired():
        candidate = db.session.get(StaffMember, data.get("id"))
        if candidate is not None and candidate.is_active:
            member = candidate
            session[SESSION_KEY] = {**data, "seen": time.time()}
    g.staff_member = member
    return member


def keeps_input_on_expiry(endpoint: str):
    """Register how a POST endpoint keeps what was typed server-side when the
    request arrives after the staff session ended (WCAG 2.2.5: after logging
    in again, the same page shows it). The keeper gets the id of the member
    whose session ended, runs after the CSRF token is checked, and returns
    True once the input is kept (an application step: its pending input)."""

    def register(keeper: Callable[[int], bool]) -> Callable[[int], bool]:
        INPUT_KEEPERS[endpoint] = keeper
        return keeper

    return register


def _expired_member_id() -> int | None:
    data = session.get(SESSION_KEY)
    return data.get("id") if idle_expired() else None


def _keep_expired_input() -> bool:
    """Keep a POST's input for the member whose session just ended, if the
    endpoint knows how and the request is the member's own (its token)."""
    keeper = INPUT_KEEPERS.get(request.endpoint or "")
    member_id = _expired_member_id()
    if request.method != "POST" or keeper is None or member_id is None:
        return False
    try:
        csrf.protect()
    except CSRFError:
        return False
    return bool(keeper(member_id))


def local_path(url: str | None) -> str | None:
    """A path of this site (never another host: no open redirect)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path.startswith("/") and not path.startswith("//") else None


def _page_to_return_to(kept: bool) -> str | None:
    """After logging in again: this page (a GET, or a POST whose input is
    kept and shown there again), else the page the form was on."""
    if request.method == "GET" or kept:
        return local_path(request.full_path.rstrip("?"))
    return local_path(request.referrer)


def login_redirect():
    """To the login page, saying why when the session ended after
    inactivity, and keeping what a POST brought (see keeps_input_on_expiry)."""
    expired = idle_expired()
    kept = expired and _keep_expired_input()
    if expired:
        flash("kept" if kept else "expired", EXPIRED)
        log_out()
    return redirect(url_for("staff_auth.login", next=_page_to_return_to(kept)))


def expired_post_response():
    """For a before_request hook: a POST to an endpoint with a keeper that
    arrives after the session ended goes to the login page with its input
    kept, whether or not its view is itself a staff view (an application
    step opened by a member of staff)."""
    if request.method == "POST" and request.endpoint in INPUT_KEEPERS and idle_expired():
        return login_redirect()
    return None


def staff_required(view):
    """Staff pages: without a complete staff session, to the login page
    (which keeps the typed input of an expired session, see login_redirect)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_staff() is None:
            return login_redirect()
        return view(*args, **kwargs)

    return wrapped


def admin_required(view):
    """Pages of the organisation administrator: others get 404 (not 403),
    as for anything that is not theirs."""

    @functools.wraps(view)
    @staff_required
    def wrapped(*args, **kwargs):
        if not current_staff().is_admin:
            abort(404)
        return view(*args, **kwargs)

    return wrapped
