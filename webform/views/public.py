"""Pages anyone may see: the start page and the header's switches (language, easy-read)."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale

from .. import drafts, resume
from ..drafts import current_application
from ..i18n import format_day
from ..engine import StepForm

bp = Blueprint("public", __name__)


def safe_next(target: str | None) -> str:
    r"""Only a path on this site: never an open redirect.

    Browsers drop tabs and line breaks from URLs and read a backslash as a
    slash, so "/\t/evil.example" or "/\evil.example" would leave the site:
    such characters refuse the target outright, and what is left must parse
    as a bare path (no scheme, no host) starting with exactly one slash.
    """
    if not target or any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in target):
        return url_for("public.start")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//") or not parts.path.startswith("/") or parts.path.startswith("//"):
        return url_for("public.start")
    return target


@bp.get("/")
def start():
    draft = current_application()
    return render_template(
        "start.html",
        has_draft=draft is not None and not draft.is_submitted,
        draft_has_code=draft is not None and resume.has_code(draft),
        start_form=StepForm(),
    )


@bp.get("/language/<code>")
def language(code: str):
    return _switch("switch_language", code)


@bp.get("/easy-read/<state>")
def easy_read(state: str):
    """The header's easy-read switch ("on", "off") on a page without a form."""
    return _switch("switch_easy_read", state)


def _switch(field: str, value: str):
    """A header's switch as a link: the choice, kept with the draft, then
    back to the page the visitor was on (a page with a form posts it
    instead, see i18n.SWITCHES)."""
    if not drafts.apply_switch({field: value}):
        abort(404)
    return redirect(safe_next(request.args.get("next")))


@bp.get("/privacy")
def privacy():
    """The data-protection notice (GDPR art. 13): the processing rests on
    the law, so the form informs instead of asking a consent (review F6)."""
    config = current_app.config
    language = str(get_locale())
    return render_template(
        "privacy.html",
        controller_address=config["SERVICE_POSTAL_ADDRESS"][language],
        authority_address=config["DATA_PROTECTION_AUTHORITY_ADDRESS"][language],
    )


@bp.get("/accessibility")
def accessibility():
    """The accessibility statement (model of Directive (EU) 2016/2102)."""
    evaluated = date.fromisoformat(current_app.config["ACCESSIBILITY_STATEMENT_DATE"])
    return render_template("accessibility.html", statement_date=format_day(evaluated))
