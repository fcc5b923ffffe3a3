"""Error pages in the user's language; never a bare server error.

A browser can send anything: unknown pages, wrong methods, oversize bodies,
broken forms. Each gets a page that says what happened and what to do, and
nothing already saved is touched.
"""
from __future__ import annotations

import logging
import traceback

from flask import render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from .uploads import upload_request_limit

log = logging.getLogger(__name__)


def _messages(code: int) -> tuple[str, str]:
    known = {
        400: (_("The page could not be processed"), _("Something in what your browser sent was not as expected. Your saved answers are safe. Go back and try again.")),
        404: (_("Page not found"), _("Check the address, or go back to the start page. Your saved answers are safe.")),
        405: (_("Page not found"), _("Check the address, or go back to the start page. Your saved answers are safe.")),
        413: (_("What you sent is too large"), _("Your saved answers are safe. Go back and send less at once.")),
    }
    return known.get(code, (_("Sorry, there is a problem with the service"), _("Your saved answers are safe. Try again later.")))


# A refused body is read and thrown away up to this many times the largest
# request (an upload): beyond, the client is not a browser worth answering.
DRAIN_FACTOR = 5


def drain(stream, length: int, at_most: int) -> None:
    """Read and discard `length` bytes of a request body (none if too many)."""
    if length > at_most:
        return
    while length > 0:
        chunk = stream.read(min(length, 64 * 1024))
        if not chunk:
            return
        length -= len(chunk)


def drain_refused_body() -> None:
    """Read the body of a request refused for its Content-Length.

    A server that answers before the browser has finished sending (gunicorn
    does, and closes) makes the browser show "connection reset" instead of
    the page that says what to do. Only a body refused before anything of
    it was read is drained: reading a partly read one could wait forever.
    """
    length, limit = request.content_length or 0, request.max_content_length
    if limit is None or length <= limit:
        return
    drain(request.environ["wsgi.input"], length, DRAIN_FACTOR * upload_request_limit())


def describe(error: BaseException) -> str:
    """An exception for the log: its type and where it was raised, never its
    message or a traceback's text, which may quote the request or the SQL
    parameters, that is, health data."""
    frames = traceback.extract_tb(error.__traceback__)[-6:]
    where = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames))
    return f"{type(error).__name__} at {where}"


def render_error(code: int):
    title, message = _messages(code)
    return render_template("errors/error.html", code=code, title=title, message=message), code


def init_app(app) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 413:
            drain_refused_body()
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.error("unhandled %s", describe(error))
        return render_error(500)
