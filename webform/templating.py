"""What every template gets: languages, the current language, easy-read, the CSRF token."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import request, url_for
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf

from . import easy_read
from .i18n import LANGUAGE_NAMES, format_day, format_moment, supported_languages


def _current_path() -> str:
    path = request.full_path
    return path[:-1] if path.endswith("?") else path


def init_app(app) -> None:
    # For the few forms built without a form class (the button that closes
    # the application on the confirmation page).
    app.jinja_env.globals["csrf_token"] = generate_csrf
    # The allowances' age range, worded once for the form and the start page.
    from .questions import allowance_age_rule

    app.jinja_env.globals["allowance_age_rule"] = allowance_age_rule
    # For the macros too, which are imported without the page's context.
    app.jinja_env.globals["easy_read_on"] = easy_read.active
    # Dates in the locale's own format, never a fixed pattern (i18n.py).
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["moment"] = format_moment

    @app.context_processor
    def language_context():
        current, path = str(get_locale()), _current_path()
        return {
            "current_language": current,
            # The language switch's (value, label, lang, current, link, pictogram).
            "language_choices": [
                (code, LANGUAGE_NAMES[code], code, code == current, url_for("public.language", code=code, next=path), None)
                for code in supported_languages()
            ],
            "current_path": path,
            "now": datetime.now(timezone.utc).replace(tzinfo=None),
            "easy_read": easy_read.active(),
            # The switch is offered on the applicant's pages, whose texts
            # have an easy-read version; the staff's own pages have none.
            "easy_read_offered": not (request.blueprint or "").startswith("staff"),
        }
