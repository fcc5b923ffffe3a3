"""/healthz: may a load balancer send requests to this server?

It checks what a request needs besides this process: the database (one
``SELECT 1``) and the file store (a HEAD on the bucket, or the folder being
writable). It answers 200 or 503 with a tiny JSON document and nothing
else: no health data, no session cookie, never cached, and no rate limit
(it costs one trivial query, and a balancer calls it every few seconds).
"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import uploads
from ..models import db

bp = Blueprint("health", __name__)


def _database_ok() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        current_app.logger.warning("health check: the database does not answer")
        return False
    finally:
        db.session.rollback()


def _store_ok() -> bool:
    try:
        healthy = uploads.storage().healthy()
    except Exception:  # a store that cannot even be reached or set up
        healthy = False
    if not healthy:
        current_app.logger.warning("health check: the file store does not answer")
    return healthy


@bp.get("/healthz")
def healthz():
    checks = {"database": _database_ok(), "store": _store_ok()}
    healthy = all(checks.values())
    response = jsonify(status="ok" if healthy else "unavailable", **{name: "ok" if ok else "failing" for name, ok in checks.items()})
    response.status_code = 200 if healthy else 503
    return response
