"""Error pages in the user's language; never a bare server error.

A browser can send anything: unknown pages, wrong methods, oversize bodies,
broken forms. Each gets a page that says what happened and what to do, and
nothing already saved is touched.
"""
from __future__ import annotations

import logging
import traceback

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from . import limits
from .limits import RateLimited

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


def _way_back() -> str | None:
    """The caller's application, when there is one: an error page offers the
    way back to it, not only to the start page. Never fails: the error may
    be the database's."""
    from .drafts import current_application

    try:
        application = current_application()
    except Exception:
        return None
    if application is None:
        return None
    return url_for("application.confirmation" if application.is_submitted else "application.task_list")


def render_error(code: int, title: str | None = None, message: str | None = None):
    default_title, default_message = _messages(code)
    return render_template(
        "errors/error.html", code=code, title=title or default_title, message=message or default_message,
        back_url=_way_back(),
    ), code


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):
        return render_error(
            400, _("For your security, this page had to be reloaded"),
            _("The page was open for a long time, or this site's cookie was removed. Your saved answers are safe. Go back, reload the page, check your answers and press the button again."),
        )

    @app.errorhandler(RateLimited)
    def rate_limited(error: RateLimited):
        page, code = render_error(429, _("Please wait a moment"), limits.message(error))
        return page, code, dict(error.get_headers())

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 413:
            drain_refused_body()
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.error("unhandled %s", describe(error))
        return render_error(500)
