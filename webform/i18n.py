"""Language of the interface: the user's choice, else the browser's, else French.

The choice is kept in the session (a preference, not personal data) and with
the application, so that letters and the summary follow it.
"""
from __future__ import annotations

import contextlib
from datetime import date, datetime

from functools import cached_property

from babel import Locale
from babel import dates as babel_dates
from flask import current_app, g, request, session
from flask_babel import Babel, Domain, force_locale, get_locale, refresh, to_user_timezone

from . import easy_read

# Each language is named in its own language, whatever the page's language.
LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "de": "Deutsch"}


class RequestDomain(Domain):
    """Flask-Babel's message domain, with the catalogue found once per
    request and language.

    Flask-Babel looks the catalogue up again for every string (the request
    context, the locale, its name, a dictionary): some 20 µs, and a step
    page translates about eighty strings (its template's and the
    questionnaire's lazy strings), a third of its time. The catalogue is
    kept on ``g`` with the very Locale object it was found for: a
    ``force_locale`` (a letter in the applicant's language) or a
    ``refresh`` (the language changed) makes a new Locale object, so the
    catalogue is looked up again for it.

    With easy-read on (easy_read.py), the catalogue is the easy one laid
    over the standard one; the flag is part of what the kept catalogue
    was found for, so switching it, or a document forcing it, finds the
    other one.
    """

    def get_translations(self):
        try:
            request_globals = vars(g._get_current_object())
        except RuntimeError:  # no application context: Flask-Babel's own answer
            return super().get_translations()
        # Flask-Babel's per-request namespace holds the locale in use.
        locale = getattr(request_globals.get("_flask_babel"), "babel_locale", None)
        # Found once per request, and again after a change (easy_read.changed).
        easy = request_globals.get(easy_read.NOW)
        if easy is None:
            easy = request_globals[easy_read.NOW] = easy_read.active()
        kept = request_globals.get("_webform_translations")
        if locale is not None and kept is not None and kept[0] is locale and kept[1] is self and kept[2] is easy:
            return kept[3]
        translations = super().get_translations()
        if easy:
            translations = easy_read.catalogue(self, get_locale(), translations)
        request_globals["_webform_translations"] = (get_locale(), self, easy, translations)
        return translations


class RequestBabel(Babel):
    """Flask-Babel with the domain above, for ``gettext``, the lazy
    strings and the templates alike."""

    @cached_property
    def domain_instance(self):
        return RequestDomain(domain=self.domain)


babel = RequestBabel()


def translations():
    """The current catalogue (for the templates' ``_()``: see init_app)."""
    return babel.domain_instance.get_translations()


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


# -- the header's switches: the language and easy-read -----------------------
# Each is a link (/language/<code>, /easy-read/<on|off>) or, on a page with
# a form, a submit button of that form (name = value), so that what was
# typed is posted with the choice and comes back in the new words.
SWITCHES = {"switch_language": choose_language, "switch_easy_read": easy_read.choose}
# What the session keeps of the visitor's reading (a preference, not
# personal data): kept when an application is closed on the device.
PREFERENCES = ("language", easy_read.SESSION_KEY)


def switch_pressed(form) -> bool:
    """A header's switch submitted this form."""
    return any(form.get(field) for field in SWITCHES)


def apply_switch(form) -> bool:
    """Record the choice of the header's switch that submitted this form
    and word the rest of the request in it; False for an unknown value."""
    for field, choose in SWITCHES.items():
        value = form.get(field)
        if value:
            chosen = choose(value)
            refresh()
            return chosen
    return False


def current_reading() -> tuple[str, bool]:
    """The language and easy-read choice this request is worded in."""
    return str(get_locale()), easy_read.active()


@contextlib.contextmanager
def reading_of(application):
    """The application's language and easy-read choice, for what is made
    for it whoever asks (the PDF summary, the draft PDF)."""
    with force_locale(application.language), easy_read.forced(application.easy_read):
        yield


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # The templates' _() as Flask-Babel installs it, through the catalogue
    # kept for the request (this application sets no other domain).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )


# -- dates, in the way of the language's Belgian locale ------------------------
# The locale's own patterns, never a fixed one: "4 décembre 2026",
# "4 december 2026", "4. Dezember 2026" (the German point), and the month
# alone as "décembre 2026". Belgian variants, so that a short form would
# be 4/12/2026 in Dutch, not the Netherlands' 04-12-2026.
def belgian_locale() -> Locale:
    return Locale.parse(f"{get_locale().language}_BE")


def format_day(day: date) -> str:
    """A date as written in a letter: "4. Dezember 2026" (a moment stored
    in UTC: its day in Belgium)."""
    if isinstance(day, datetime):
        day = to_user_timezone(day)
    return babel_dates.format_date(day, "long", locale=belgian_locale())


def format_hour(moment: datetime) -> str:
    """The hour of a moment stored in UTC, in Belgian time: "14:05"."""
    return babel_dates.format_time(to_user_timezone(moment), "short", locale=belgian_locale())


def format_month(day: date) -> str:
    """A month and year: "décembre 2026"."""
    return babel_dates.format_skeleton("yMMMM", day, locale=belgian_locale())


def format_moment(moment: datetime) -> str:
    """A date and an hour, in Belgian time (stored in UTC): "4. Dezember 2026, 14:05"."""
    pattern = belgian_locale().datetime_formats["long"]
    return pattern.format(format_hour(moment), format_day(moment)).replace("'", "")
