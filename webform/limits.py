"""Bounded work per client: how many costly requests one draft and one
address may make in an hour.

An upload is checked and decoded, a PDF is laid out, a sending makes and
stores a PDF, a resume try reads the database: each costs a worker for a
moment, and a client that repeats them without end would make everybody
else wait. Each such request is recorded in the database as a row with a
keyed hash of who made it (never the address itself), so the limits hold
across gunicorn workers and across servers that share the database. The
limits per address are generous: a CPAS or commune office sends many
people's applications from one address.

A request over a limit is answered with a page that says, in the user's
language, when to try again (``RateLimited``, HTTP 429). Nothing is lost:
the request is refused before it changes anything.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from werkzeug.exceptions import TooManyRequests

from .i18n import format_hour
from .models import RateEvent, db, utcnow

WINDOW = timedelta(hours=1)
# The costly actions, each with its configuration key (see config.py).
ACTIONS = ("upload", "pdf", "send", "resume", "mail", "start")


class RateLimited(TooManyRequests):
    """Too many requests of one kind; ``retry_at`` says when one is free again."""

    def __init__(self, retry_at: datetime):
        super().__init__()
        self.retry_at = retry_at

    def get_headers(self, environ=None, scope=None):
        seconds = max(int((self.retry_at - utcnow()).total_seconds()) + 1, 1)
        return [*super().get_headers(environ, scope), ("Retry-After", str(seconds))]


def message(refused: RateLimited) -> str:
    """What to say, in the user's language: when to try again."""
    return _(
        "This was asked many times in a short while. To keep the service available for everyone, try again after %(time)s. Your saved answers are safe.",
        time=format_hour(refused.retry_at),
    )


@dataclass(frozen=True)
class Limit:
    per_draft: int
    per_address: int


def _limit(action: str) -> Limit:
    per_draft, per_address = current_app.config["RATE_LIMITS"][action]
    return Limit(per_draft, per_address)


def client_address() -> str:
    """Who a request comes from, for counting: an IPv4 address, or the /64
    network of an IPv6 one (a single connection is given a whole /64 and
    could otherwise take a new address for every request)."""
    raw = request.remote_addr or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def _bucket(action: str, who: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{action}:{who}".encode(), hashlib.sha256).hexdigest()


def _count(bucket: str, since: datetime) -> tuple[int, datetime | None]:
    count, oldest = db.session.execute(
        select(func.count(RateEvent.id), func.min(RateEvent.at)).where(RateEvent.bucket == bucket, RateEvent.at > since)
    ).one()
    return count, oldest


def enforce(action: str, application_id: int | None = None) -> None:
    """Count this request, or raise RateLimited if one of its limits is reached.

    Counting and inserting are two statements: two requests at the same
    moment may both pass at the very edge of a limit, which is harmless;
    what matters is that a client cannot go on without end.
    """
    limit, now = _limit(action), utcnow()
    since = now - WINDOW
    buckets = [(_bucket(action, f"address:{client_address()}"), limit.per_address)]
    if application_id is not None:
        buckets.append((_bucket(action, f"draft:{application_id}"), limit.per_draft))
    for bucket, allowed in buckets:
        count, oldest = _count(bucket, since)
        if count >= allowed:
            raise RateLimited((oldest or now) + WINDOW)
    db.session.add_all(RateEvent(bucket=bucket, at=now) for bucket, _allowed in buckets)
    db.session.commit()


def purge_old(now: datetime | None = None) -> int:
    """Delete the records older than the window (the daily purge)."""
    now = now or utcnow()
    count = db.session.execute(delete(RateEvent).where(RateEvent.at < now - WINDOW)).rowcount
    db.session.commit()
    return count
