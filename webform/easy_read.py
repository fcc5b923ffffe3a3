"""Easy-read (FALC, Makkelijk lezen, Leichte Sprache): the same pages with
simpler words, chosen by the applicant like a language.

Why a gettext domain and not second templates: a question, its hint and
its error messages still live in one place (questions.py, the templates),
and the easy-read text of a message is its translation in the ``easy``
domain (translations/<lang>/LC_MESSAGES/easy.po, same msgids as
messages.po). While easy-read is on, the request's catalogue is the easy
one laid over the standard one (``catalogue``), so every ``_()``, every
lazy ``_l`` string and every template text goes through it untouched, and
a message without an easy text yet shows the standard text.

The choice is a preference, like the language: kept in the session, stored
with the draft (``Application.easy_read``) so that resuming with the code
brings it back, and followed by the PDF and the e-mail with the resume code
(``forced``). ``webform/easy_read_catalogue.py`` keeps easy.po in step
with the code.
"""
from __future__ import annotations

import contextlib

from babel import support
from flask import g, has_app_context, has_request_context, session

# The session's key, and the values of the header's switch (its links'
# /easy-read/<value> and its buttons' switch_easy_read=<value>).
SESSION_KEY = "easy_read"
SWITCH_VALUES = {"on": True, "off": False}
DOMAIN = "easy"
# Where the request keeps ``active()`` once found (i18n.RequestDomain):
# a page translates some eighty strings, each would ask the session again.
NOW = "_easy_read_now"


def active() -> bool:
    """Easy-read is on: forced for a document (``forced``), else the
    session's choice; off outside a request (a worker without ``forced``)."""
    if has_app_context():
        chosen = g.get("_easy_read_forced")
        if chosen is not None:
            return chosen
    return has_request_context() and session.get(SESSION_KEY) is True


def choose(value: str) -> bool:
    """Record the switch's choice ("on" or "off"); False for anything else."""
    if value not in SWITCH_VALUES:
        return False
    remember(SWITCH_VALUES[value])
    return True


def remember(on: bool) -> None:
    """Keep the choice in the session (the switch, or a draft resumed)."""
    session[SESSION_KEY] = bool(on)
    changed()


def changed() -> None:
    """The rest of the request is worded in the new choice."""
    g.pop(NOW, None)


@contextlib.contextmanager
def forced(on: bool):
    """Easy-read on or off for what is made inside, whatever the visitor's
    choice: the PDF and the e-mail follow the application's (as
    flask_babel.force_locale does for its language)."""
    saved = g.get("_easy_read_forced")
    g._easy_read_forced = bool(on)
    changed()
    try:
        yield
    finally:
        g._easy_read_forced = saved
        changed()


def catalogue(domain, locale, standard: support.Translations) -> support.Translations:
    """The easy texts of a language over its standard ones: one merged
    copy per process and language, kept in the domain's own cache beside
    the standard catalogue (no lookup chain per message)."""
    key = (str(locale), DOMAIN)
    try:
        return domain.cache[key]
    except KeyError:
        pass
    merged = support.Translations()
    merged.merge(standard)
    if hasattr(standard, "plural"):
        merged.plural = standard.plural
    for directory in domain.translation_directories:
        easy = support.Translations.load(directory, [locale], DOMAIN)
        if isinstance(easy, support.Translations):
            # An empty text is no easy text: the standard one stays.
            merged._catalog.update({k: v for k, v in easy._catalog.items() if k and v})
    domain.cache[key] = merged
    return merged
