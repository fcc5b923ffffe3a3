"""Web security that every route gets without asking: CSRF protection on
every POST, and the response headers.

CSRF is checked before any view runs (Flask-WTF's CSRFProtect), so a new
POST route is protected by default. A few views check the token
themselves, because a refused token there must not lose what was typed:
a step comes back with its input, the upload page must first set its own
body limit. They say so with ``@checks_csrf_itself``, and a test walks
every POST route of the URL map to prove each one refuses a request
without a token.
"""
from __future__ import annotations

from flask import request
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

# "module.view" of the views that check the token themselves (for the test).
CHECKED_IN_VIEW: set[str] = set()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
)
# Two years, the HSTS preload list's minimum: browsers then never try plain HTTP.
HSTS = "max-age=63072000; includeSubDomains"


def checks_csrf_itself(view):
    """Exempt a view from the global check: it validates the token itself
    (with a form whose errors it shows) and must keep what was typed."""
    CHECKED_IN_VIEW.add(f"{view.__module__}.{view.__name__}")
    return csrf.exempt(view)


def init_app(app) -> None:
    csrf.init_app(app)

    @app.after_request
    def security_headers(response):
        # No external asset, no inline script, no plug-in: everything the page needs is ours.
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config["SESSION_COOKIE_SECURE"]:
            # Served over HTTPS (the cookie says so): never over HTTP again.
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if request.endpoint != "static":
            # Answers, resume codes and file names must not stay in shared
            # computers' caches: every page is dynamic, only assets are cached.
            response.headers["Cache-Control"] = "no-store"
        return response
