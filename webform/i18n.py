"""Language of the interface: the user's choice, else the browser's, else French.

The choice is kept in the session (a preference, not personal data) and with
the application, so that letters and the summary follow it.
"""
from __future__ import annotations

from flask import current_app, request, session
from flask_babel import Babel

# Each language is named in its own language, whatever the page's language.
LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "de": "Deutsch"}

babel = Babel()


def supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    chosen = session.get("language")
    if chosen in supported_languages():
        return chosen
    return request.accept_languages.best_match(supported_languages()) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def choose_language(code: str) -> bool:
    """Record the user's choice; False for a language the form does not offer."""
    if code not in supported_languages():
        return False
    session["language"] = code
    return True


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
