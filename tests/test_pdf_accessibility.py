"""The PDF summary as assistive technology reads it (issue 11): tags, /Lang,
title, headings, tables, figures, reading order and untagged content,
checked by script on a full application in fr, nl and de; each check is
shown to fail on a deliberately broken copy."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

import pikepdf
import pytest

from webform import create_app
from webform.models import db

from . import pdf_structure as structure
from .helpers import FormClient, WorkerClient
from .views.test_application import walk

LANGUAGES = ("fr", "nl", "de")
EVERY_REQUEST = ["recognition", "allowances", "parking_card"]


def full_application_pdf(language: str) -> bytes:
    """The PDF of a sent application asking for everything, made through
    the pages like a person would (also used by bench/pdf_tags.py)."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("WEBFORM_INSTANCE_PATH", os.path.join(folder, "instance"))
        app = create_app({"TESTING": True, "SECRET_KEY": "pdf-tags",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/pdf.sqlite"})
        with app.app_context():
            db.create_all()
        app.test_client_class = WorkerClient  # the PDF worker runs after each request
        client = FormClient(app)
        walk(client, language, EVERY_REQUEST)
        response = client.client.get("/application/summary.pdf")
        assert response.status_code == 200
        with app.app_context():
            db.engine.dispose()
        return response.data


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, bytes]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path_factory.mktemp("instance")))
        return {language: full_application_pdf(language) for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_summary_pdf_passes_every_check(pdfs, language):
    assert structure.all_problems(pdfs[language], f"{language}-BE") == []
    with structure.open_pdf(pdfs[language]) as pdf:
        figures = structure.content_figures(pdf)
        read = structure.elements(pdf)
        headings = [str(e.S) for e in read if structure.HEADING.match(str(e.S))]
        # What is read after each H3 and its own content (its text's spans).
        answers = [str(read[n + 1 + len(structure._descendants(e))].S) for n, e in enumerate(read) if str(e.S) == "/H3"]
        pages = len(pdf.pages)
    print(figures.line(language))
    assert figures.text > 100 and figures.text_untagged == 0 and figures.paint_untagged == 0
    # The page number on every page, the running name and reference on every
    # page but the first (see reading_order_problems).
    assert figures.text_outside_tree == 2 * pages - 1
    assert headings[0] == "/H1" and headings.count("/H2") >= 10
    # Each question a heading, its answer the paragraph read next.
    assert headings.count("/H3") >= 50
    assert set(answers) == {"/P"}, answers


# -- each check fails on a broken copy -------------------------------------------
def _first(pdf, tag: str):
    return next(e for e in structure.elements(pdf) if str(e.S) == tag)


def _untagged_text(pdf) -> None:
    page = pdf.pages[0]
    font = next(iter(page.Resources.Font.keys()))
    page.contents_add(pikepdf.Stream(pdf, f"BT {font} 10 Tf 1 0 0 1 200 400 Tm <0001> Tj ET".encode()))


def _sections_reversed(pdf) -> None:
    document = structure._kids(pdf.Root.StructTreeRoot)[0]
    document.K = pikepdf.Array(list(reversed(list(document.K))))


def _section_dropped(pdf) -> None:
    document = structure._kids(pdf.Root.StructTreeRoot)[0]
    kids = list(document.K)
    kids.remove(next(kid for kid in kids if str(kid.S) == "/Sect"))
    document.K = pikepdf.Array(kids)


def _table_of(pdf, header: str | None) -> None:
    listing = _first(pdf, "/L")
    listing.S = pikepdf.Name("/Table")
    for cell in (e for e in structure._descendants(listing) if str(e.S) == "/LI"):
        cell.S = pikepdf.Name("/TD")
    if header:
        next(e for e in structure._descendants(listing) if str(e.S) == "/TD").S = pikepdf.Name(header)


def _div_in_list(pdf) -> None:
    item = next(e for e in structure._descendants(_first(pdf, "/L")) if str(e.S) == "/LI")
    item.S = pikepdf.Name("/Div")


BREAKAGES: dict[str, tuple[Callable, Callable, str]] = {
    "no /Lang": (lambda pdf: pdf.Root.__delattr__("Lang"), structure.catalogue_problems, "/Lang"),
    "not marked": (lambda pdf: setattr(pdf.Root.MarkInfo, "Marked", False), structure.catalogue_problems, "/Marked"),
    "title not shown": (lambda pdf: setattr(pdf.Root.ViewerPreferences, "DisplayDocTitle", False),
                        structure.catalogue_problems, "DisplayDocTitle"),
    "no title": (lambda pdf: pdf.docinfo.__delitem__("/Title"), structure.catalogue_problems, "title"),
    "no structure tree": (lambda pdf: pdf.Root.__delattr__("StructTreeRoot"), structure.catalogue_problems,
                          "/StructTreeRoot"),
    "a level skipped": (lambda pdf: setattr(_first(pdf, "/H2"), "S", pikepdf.Name("/H3")),
                        structure.heading_problems, "H1 followed by H3"),
    "two h1": (lambda pdf: setattr(_first(pdf, "/H2"), "S", pikepdf.Name("/H1")),
               structure.heading_problems, "exactly one H1"),
    "a table without headers": (lambda pdf: _table_of(pdf, None), structure.table_problems, "without header"),
    "a header without scope": (lambda pdf: _table_of(pdf, "/TH"), structure.table_problems, "without /Scope"),
    "a div in a list": (_div_in_list, structure.list_problems, "a /Div inside /L"),
    "a figure without alt": (lambda pdf: setattr(_first(pdf, "/Span"), "S", pikepdf.Name("/Figure")),
                             structure.figure_problems, "without /Alt"),
    "sections reversed": (_sections_reversed, structure.reading_order_problems, "read after"),
    "a section left out": (_section_dropped, structure.reading_order_problems, "outside the tree"),
}


def _run(check: Callable, pdf) -> list[str]:
    return check(pdf, "nl-BE") if check is structure.catalogue_problems else check(pdf)


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_each_check_fails_on_a_broken_copy(pdfs, breakage):
    break_it, check, expected = BREAKAGES[breakage]
    with structure.open_pdf(pdfs["nl"]) as pdf:
        assert _run(check, pdf) == []
        break_it(pdf)
        found = _run(check, pdf)
    assert any(expected in problem for problem in found), found


def test_the_untagged_figure_counts_text_outside_marked_content(pdfs):
    with structure.open_pdf(pdfs["de"]) as pdf:
        _untagged_text(pdf)
        figures = structure.content_figures(pdf)
    assert (figures.text_untagged, figures.paint_untagged) == (1, 1)
    assert structure.untagged_problems(figures) == [figures.line("the PDF")]
    assert "untagged content: 1 of" in figures.line("de")
