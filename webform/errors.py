"""Error pages in the user's language; never a bare server error.

A browser can send anything: unknown pages, wrong methods, oversize bodies,
broken forms. Each gets a page that says what happened and what to do, and
nothing already saved is touched.
"""
from __future__ import annotations

import logging
import traceback

from flask import render_template
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


def _messages(code: int) -> tuple[str, str]:
    known = {
        400: (_("The page could not be processed"), _("Something in what your browser sent was not as expected. Your saved answers are safe. Go back and try again.")),
        404: (_("Page not found"), _("Check the address, or go back to the start page. Your saved answers are safe.")),
        405: (_("Page not found"), _("Check the address, or go back to the start page. Your saved answers are safe.")),
        413: (_("What you sent is too large"), _("Your saved answers are safe. Go back and send less at once.")),
    }
    return known.get(code, (_("Sorry, there is a problem with the service"), _("Your saved answers are safe. Try again later.")))


def render_error(code: int):
    title, message = _messages(code)
    return render_template("errors/error.html", code=code, title=title, message=message), code


def init_app(app) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # Log the type and the place only: an exception's message may quote
        # the request or the SQL parameters, that is, health data.
        frames = traceback.extract_tb(error.__traceback__)[-6:]
        where = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames))
        log.error("unhandled %s at %s", type(error).__name__, where)
        return render_error(500)
