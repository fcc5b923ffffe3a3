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
