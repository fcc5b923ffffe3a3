"""Staff login, second factor, logout, the organisation administrator's page
and the ``flask staff`` commands (to be built: issue 9)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_auth", __name__, url_prefix="/staff")


def init_app(app) -> None:
    """Configuration defaults and CLI commands of the staff accounts."""
    app.config.setdefault("STAFF_IDLE_MINUTES", 30)
