"""The catalogues: complete, not fuzzy, up to date with the code, placeholders
intact, in French, Dutch and German."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from webform import ROOT

LANGUAGES = ("fr", "nl", "de")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def forms(text) -> tuple[str, ...]:
    """A message's text(s): plural messages hold one per form."""
    return text if isinstance(text, tuple) else (text,)


def catalogue(language: str):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages the code and templates use right now."""
    target = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-o", str(target), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(target, "rb") as handle:
        return {forms(m.id)[0] for m in read_po(handle) if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_not_fuzzy(language):
    missing = [m.id for m in catalogue(language) if m.id and (not all(forms(m.string)) or m.fuzzy)]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_matches_the_code(language, extracted):
    known = {forms(m.id)[0] for m in catalogue(language) if m.id}
    assert extracted - known == set(), "run: pybabel extract + update, then translate"
    assert known - extracted == set(), "messages no longer used: run pybabel update"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language):
    wrong = [
        m.id for m in catalogue(language) if m.id
        for text in forms(m.string)
        if sorted(set(PLACEHOLDER.findall(forms(m.id)[-1]))) != sorted(set(PLACEHOLDER.findall(text)))
    ]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_stigmatising_words(language):
    avoid = {
        # "personnes handicapées" stays where it is an official name.
        "fr": r"\bsouffr|(?<![Pp]ersonnes )\bhandicapée?s?\b|\binvalides?\b",
        "nl": r"\blijd(t|en) aan\b|\bgehandicapte(n)?\b|\binvaliden?\b",
        "de": r"\bleide[nt] an\b|\bBehinderte[nr]?\b|\bInvaliden?\b",
    }[language]
    found = [text for m in catalogue(language) if m.id for text in forms(m.string) if re.search(avoid, text)]
    assert found == []


# Terms of another country or register that the Belgian administration does
# not use, with the official term (domain review F13): "Parkkarte" is the DG's
# own German word, "Krankengeld" is Germany's, "freiwillig" means voluntary,
# not optional; the Belgian eID says "Naam"/"Familienaam", not "Achternaam".
WRONG_TERMS = {
    "fr": {r"\bBox\b": "boîte"},
    "nl": {r"\b[Aa]chternaam": "familienaam", r"\bBox\b": "bus", r"beslissing van de rechter": "beschikking van de vrederechter"},
    "de": {
        r"Parkausweis": "Parkkarte",
        r"Krankengeld": "Arbeitsunfähigkeitsentschädigung",
        r"freiwillig": "(kann leer bleiben)",
        r"\bBox\b": "Briefkasten",
        r"Gerichtsbeschluss": "Beschluss des Friedensrichters",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_official_belgian_terms(language, app):
    """Every translated message and the service's postal address use the Belgian term."""
    texts = [text for m in catalogue(language) if m.id for text in forms(m.string)]
    texts.append(app.config["SERVICE_POSTAL_ADDRESS"][language])
    wrong = {
        right: [text for text in texts if re.search(pattern, text)]
        for pattern, right in WRONG_TERMS[language].items()
    }
    assert {right: found for right, found in wrong.items() if found} == {}
