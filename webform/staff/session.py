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

from flask import abort, current_app, g, redirect, request, session, url_for

from ..models import StaffMember, db

SESSION_KEY = "staff"


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


def staff_required(view):
    """Staff pages: without a complete staff session, to the login page
    (which keeps the typed input of an expired session, see auth_views)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_staff() is None:
            return redirect(url_for("staff_auth.login", next=request.full_path.rstrip("?")))
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
