"""The easy-read catalogues (easy.po): every message an applicant reads has
its easy-read text in French, Dutch and German, not fuzzy, with the
msgid's placeholders, and the catalogue holds exactly those messages."""
from __future__ import annotations

import re

import pytest

from webform import easy_read_catalogue
from webform.easy_read_catalogue import applicant_facing, forms

LANGUAGES = ("fr", "nl", "de")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def applicant_messages(tmp_path_factory):
    """The applicant-facing msgids of the code and templates right now."""
    extracted = easy_read_catalogue.extract(tmp_path_factory.mktemp("pot") / "messages.pot")
    return {forms(m.id)[0] for m in extracted if m.id and applicant_facing(m)}


def entries(language: str):
    return [m for m in easy_read_catalogue.read(language) if m.id]


def test_applicant_facing_leaves_out_the_staff_pages_only(applicant_messages):
    assert "Your identity" in applicant_messages and "Easy-read" in applicant_messages
    assert "Back to the caseload" in applicant_messages, "also in base.html, which applicants see"
    assert "Caseload" not in applicant_messages, "only on the staff's pages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_holds_the_applicant_messages(language, applicant_messages):
    known = {forms(m.id)[0] for m in entries(language)}
    assert applicant_messages - known == set(), "run: bash scripts/easy_read update, then write the easy texts"
    assert known - applicant_messages == set(), "messages no longer used: run bash scripts/easy_read update"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_its_easy_text_and_is_not_fuzzy(language):
    missing = [forms(m.id)[0] for m in entries(language) if m.fuzzy or not all(t.strip() for t in forms(m.string))]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language):
    wrong = [
        forms(m.id)[0] for m in entries(language)
        for text in forms(m.string)
        if sorted(set(PLACEHOLDER.findall(forms(m.id)[-1]))) != sorted(set(PLACEHOLDER.findall(text)))
    ]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_rule_is_the_standard_catalogues(language):
    """Both catalogues are merged at run time (easy_read.catalogue)."""
    from babel.messages.pofile import read_po

    from webform import ROOT

    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        standard = read_po(handle, locale=language)
    assert easy_read_catalogue.read(language).plural_forms == standard.plural_forms


def test_the_loader_writes_the_writers_texts(tmp_path, monkeypatch):
    """scripts/easy_read apply: chunks per language (a plural keyed by its
    singular, with both forms), the screening's file for all three; a text
    for a message the catalogue does not hold is counted, not added."""
    import json
    import shutil

    from webform import ROOT

    for language in LANGUAGES:
        target = tmp_path / "translations" / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(ROOT / "translations" / language / "LC_MESSAGES" / "easy.po", target)
        shutil.copy(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", target)
    monkeypatch.setattr(easy_read_catalogue, "TRANSLATIONS", tmp_path / "translations")
    writers = tmp_path / "writers"
    (writers / "out-fr").mkdir(parents=True)
    (writers / "out-fr" / "chunk-01.json").write_text(json.dumps({
        "Your identity": "Qui êtes-vous ?",
        "%(num)d item missing": ["Il manque %(num)d chose", "Il manque %(num)d choses"],
        "A message nobody uses": "Rien",
    }), encoding="utf-8")
    (writers / "out-screening.json").write_text(json.dumps({
        "Moving around": {"fr": "Bouger", "nl": "Bewegen", "de": "Sich bewegen"},
    }), encoding="utf-8")
    report = easy_read_catalogue.apply(writers)
    texts = {forms(m.id)[0]: m.string for m in easy_read_catalogue.read("fr") if m.id}
    assert texts["Your identity"] == "Qui êtes-vous ?"
    assert texts["%(num)d item missing"] == ("Il manque %(num)d chose", "Il manque %(num)d choses")
    assert texts["Moving around"] == "Bouger" and "A message nobody uses" not in texts
    assert {forms(m.id)[0]: m.string for m in easy_read_catalogue.read("de") if m.id}["Moving around"] == "Sich bewegen"
    assert (report["fr"]["set"], report["fr"]["unknown"], report["nl"]["set"]) == (3, 1, 1)


# -- no abbreviations --------------------------------------------------------
# Easy-read writes a word in full or explains it: an abbreviation is a
# word the reader must already know. A word in capitals (2 to 6 letters,
# with Ö or É) in an easy text is one, unless it is listed here with why.
ABBREVIATION = re.compile(r"(?<![\w.@-])[A-ZÀ-ÖØ-Þ]{2,6}(?![\w@])")
ALLOWED = {
    # The names people know the centre by, in each language: written as
    # they see them on the building and the letters, explained once on
    # the start page (EXPLAINED).
    "CPAS": "the centre's everyday name (fr), explained on the start page",
    "OCMW": "the centre's everyday name (nl), explained on the start page",
    "ÖSHZ": "the centre's everyday name (de), explained on the start page",
    # What the file picker, the phone and the computer show.
    "PDF": "the file type the computer shows",
    "JPEG": "the file type the computer shows",
    "PNG": "the file type the computer shows",
    "HEIC": "the file type an iPhone's photos have",
    "MB": "the size the computer shows (nl, de; fr writes Mo)",
    "IBAN": "the name printed on bank cards and statements",
    "SMS": "the everyday word for a text message (fr, de)",
    "BIS": "the official name of the number (numéro BIS, BIS-nummer, BIS-Nummer): it has no longer form",
    # Legal and technical references of the accessibility statement.
    "WCAG": "the name of the guidelines, given after their full name",
    "AA": "the guidelines' level, as the law names it",
    "AAA": "the guidelines' level, as the law names it",
    "EN": "part of the European standard's number (EN 301 549)",
    "UA": "part of the PDF standard's name (PDF/UA-1)",
    "UE": "part of the directive's legal reference ((UE) 2016/2102)",
    "EU": "part of the directive's legal reference ((EU) 2016/2102)",
    # Examples of what to write, as the person writes it.
    "CHU": "a hospital's name in an example (CHU Liège)",
    "UZ": "a hospital's name in an example (UZ Leuven)",
    "BE": "a country code an account number starts with",
    "NL": "a country code an account number starts with",
    "FR": "a country code an account number starts with",
    "DE": "a country code an account number starts with",
    "LU": "a country code an account number starts with",
}
# The allowed names that are not words everyone knows: the start page's
# easy text says once what they stand for.
EXPLAINED = {
    "fr": ("CPAS", "centre public d'action sociale"),
    "nl": ("OCMW", "openbaar centrum voor maatschappelijk welzijn"),
    "de": ("ÖSHZ", "Öffentliche Sozialhilfezentrum"),
}


def test_the_allow_list_says_why():
    assert all(reason.strip() for reason in ALLOWED.values())
    assert ABBREVIATION.findall("Le CPAS, INAMI-nummer, ÖSHZ, RIZIV/INAMI, Mo, www.MB.be, 301 EN") == ["CPAS", "INAMI", "ÖSHZ", "RIZIV", "INAMI", "EN"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_easy_texts_use_no_abbreviation(language):
    found = [
        (forms(m.id)[0], word)
        for m in entries(language)
        for text in forms(m.string)
        for word in ABBREVIATION.findall(text)
        if word.upper() not in ALLOWED
    ]
    assert found == [], "write the name in full, or explain it and list it in ALLOWED with why"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_start_page_explains_the_centre_s_name(language):
    name, in_full = EXPLAINED[language]
    start = [text for m in entries(language) if any(path == "templates/start.html" for path, _line in m.locations)
             for text in forms(m.string)]
    assert any(name in text and in_full.lower() in text.lower() for text in start)
