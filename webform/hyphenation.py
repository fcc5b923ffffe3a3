"""Soft hyphens in the long words of the HTML pages, in the page's language.

Chromium on many systems (Debian's included) has no hyphenation dictionary:
``hyphens: auto`` does nothing there, and on a 320 px screen a long Dutch or
German compound ("arbeidsongeschiktheid", "Eingliederungsbeihilfe") was cut
at whatever letter reached the edge, without a hyphen. Pyphen (the
LibreOffice dictionaries that WeasyPrint also uses for the PDF) knows the
syllable and compound boundaries; a soft hyphen (U+00AD) at each one lets any
browser break the word there, and shows a hyphen only where it does. Screen
readers and copy-paste ignore soft hyphens. ``overflow-wrap`` stays in the
style sheet as the last resort for a string with no break point (an e-mail
address).

Only text between tags is touched, never attribute values (ids, values,
autocomplete tokens, URLs, accessible names given in attributes); nothing
inside <title>, <script>, <style>, <textarea>, <pre>, <code>, <option>, or an
element marked ``translate="no"`` (what the person typed, shown back). Words
that stand in an e-mail address, a URL, a file name or a code (a token with
"@", "/", "_", "=", a digit or an inner dot) are left whole too. The PDF, the
e-mails and the export are made without this, so they get no soft hyphens.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"

# Shorter words fit on a line of the narrowest layout (an h1 of 30 px on
# 288 px holds about 15 letters); hyphenating them would only add noise.
MIN_LETTERS = 12

# Pyphen's dictionaries by page language.
DICTIONARIES = {"fr": "fr", "nl": "nl", "de": "de"}

_PIECES = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_PAGE_LANGUAGE = re.compile(r"<html\b[^>]*\blang=\"([a-zA-Z]{2})")
_LEFT_ALONE = frozenset({"title", "script", "style", "textarea", "pre", "code", "option"})
_VERBATIM = re.compile(r"\btranslate\s*=\s*\"no\"")
# A quick first look at a tag: only these may open an element left alone.
_MAY_KEEP = re.compile(
    rf"^<(?:{'|'.join(sorted(_LEFT_ALONE))})(?![a-zA-Z0-9-])|{_VERBATIM.pattern}", re.IGNORECASE
)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_TOKEN = re.compile(r"\S+")
_ENTITY = re.compile(r"&#?\w+;")
_NOT_PROSE = re.compile(r"[@/\\_=\d]|\.\w")
_LONG_WORD = re.compile(rf"[^\W\d_]{{{MIN_LETTERS},}}")


@cache
def _dictionary(language: str) -> pyphen.Pyphen:
    # At least three letters on either side: no "e-" or "-en" alone on a line.
    return pyphen.Pyphen(lang=DICTIONARIES[language], left=3, right=3)


def break_points(word: str, language: str) -> list[int]:
    """Where the word may be broken, as indexes of the letter after the break.

    Pyphen merges the two levels of LibreOffice's German dictionary
    (compounds, then syllables of each part) and so proposes runs of
    one-letter pieces ("Sozi-a-l-a-r-bei-ter", "Per-so-na-l-aus-weis"), half
    of them wrong. A point next to another one letter away is dropped: what
    stays is sure ("Eingliederungs-beihilfe", "National-re-gis-ter").
    Points that change the spelling (Dutch "ideeën") cannot be a soft hyphen
    and are dropped too.
    """
    points = [int(p) for p in _dictionary(language).positions(word) if not p.data]
    return [p for p in points if p - 1 not in points and p + 1 not in points]


@lru_cache(maxsize=8192)
def hyphenate_word(word: str, language: str) -> str:
    """The word with a soft hyphen at each break point, if it is long."""
    if len(word) < MIN_LETTERS or language not in DICTIONARIES:
        return word
    pieces, start = [], 0
    for point in break_points(word, language):
        pieces.append(word[start:point])
        start = point
    return SOFT_HYPHEN.join([*pieces, word[start:]])


def _hyphenate_token(token: str, language: str) -> str:
    if _NOT_PROSE.search(_ENTITY.sub("'", token)):
        return token
    return _LONG_WORD.sub(lambda word: hyphenate_word(word.group(), language), token)


def hyphenate_text(text: str, language: str) -> str:
    """Soft hyphens in the long words of a piece of prose (HTML text)."""
    return _TOKEN.sub(lambda token: _hyphenate_token(token.group(), language), text)


def page_language(html: str) -> str | None:
    found = _PAGE_LANGUAGE.search(html)
    return found.group(1).lower() if found else None


def hyphenate_html(html: str, language: str | None = None) -> str:
    """The page with soft hyphens in the text between its tags.

    The page is our own template output: text and attribute values are
    escaped, so every "<" starts a tag or a comment and a regular expression
    finds them without a full parser.
    """
    language = language or page_language(html)
    if language not in DICTIONARIES:
        return html
    # Split on tags and comments: texts at even places, tags at odd ones.
    pieces = _PIECES.split(html)
    kept: str | None = None  # the element whose content is left alone
    depth = 0
    for index in range(0, len(pieces), 2):
        text = pieces[index]
        # Most texts are blank or short words only: left as they are.
        if kept is None and text and _LONG_WORD.search(text) is not None:
            pieces[index] = hyphenate_text(text, language)
        if index + 1 == len(pieces):
            break
        piece = pieces[index + 1]
        if kept is None and _MAY_KEEP.search(piece) is None:
            continue  # a tag that cannot open an element left alone, or a comment
        tag = _TAG.match(piece)
        if tag:
            closing, name = tag.group(1) == "/", tag.group(2).lower()
            if kept is None and not closing and name not in _VOID and not piece.endswith("/>") and (
                name in _LEFT_ALONE or _VERBATIM.search(piece)
            ):
                kept, depth = name, 0
            if name == kept:
                depth += -1 if closing else 1
                kept = kept if depth else None
    return "".join(pieces)


def strip_soft_hyphens(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "")


def init_app(app) -> None:
    @app.after_request
    def soft_hyphens(response):
        if response.mimetype == "text/html" and not response.direct_passthrough and not response.is_streamed:
            response.set_data(hyphenate_html(response.get_data(as_text=True)))
        return response
