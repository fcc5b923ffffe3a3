"""The PDF summary of an application, made with WeasyPrint from an HTML template.

The PDF is tagged (PDF/UA-1 variant), carries the document language and a
title shown in the window bar, and is written in the application's language,
whatever language the person who downloads it is using now.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from datetime import date
from functools import cache

from flask import current_app, render_template
from flask_babel import gettext as _

from . import ROOT, crypto, later_documents
from .answers import Answers
from .i18n import format_day, format_month, reading_of
from .models import Application, db
from .questions import ENGINE
from .uploads import KINDS, size_label

log = logging.getLogger(__name__)


def summary_html(application: Application) -> str:
    """The HTML the PDF is made from, in the application's language (and
    its easy-read version when chosen: the texts and headings change, the
    answers never)."""
    # Everything worded in the application's language, the declaration's
    # sentences too (formatted with names when asked for): the PDF worker
    # has no visitor's language, and a visitor's must not leak in.
    with reading_of(application):
        answers = Answers.of(application)
        sending = ENGINE.submit_step()
        declaration = sending.questions[0].for_answers(answers)
        return render_template(
            "pdf/summary.html",
            application=application,
            answers=answers,
            sections=[(part.in_words_for(answers), ENGINE.answer_lines(part, answers)) for part in ENGINE.summary_parts(answers)],
            filled_in_as=ENGINE.questions["helper_kind"].display(answers.get("helper_kind")),
            declaration=declaration,
            declared=answers.get(declaration.key) or [],
            later=later_documents.of(application),
            full_name=full_name(answers),
            born=date_of_birth(answers),
            kinds=KINDS,
            size_label=size_label,
            pictograms=(ROOT / "static" / "pictograms").as_uri(),
        )


def full_name(answers: Answers) -> str:
    """First and last names on one line, as the person gave them."""
    return " ".join(answers.get(key) for key in ("first_name", "last_name") if answers.get(key))


def date_of_birth(answers: Answers) -> str | None:
    """The date of birth, from the national register number or as given
    (the month alone when the day is not known), in the PDF's language."""
    if answers.birth_date:
        return format_day(answers.birth_date)
    if answers.birth_month:
        year, month = answers.birth_month
        return format_month(date(year, month, 1))
    return None


def file_name(application: Application) -> str:
    """The PDF's file name, in the application's language ("demande-…",
    "aanvraag-…", "antrag-…"): what people see in their downloads."""
    with reading_of(application):
        if application.reference:
            return _("application-%(reference)s.pdf", reference=application.reference)
        return _("draft-application.pdf")


# WeasyPrint's images by URL, kept for the life of the process: the
# pictograms (the only images of our PDFs, files of static/) are parsed once,
# not once per document (a sixth of a summary's time).
_IMAGES: dict = {}


@cache
def stylesheet():
    """static/css/pdf.css, parsed once per process and given to every PDF
    (the summary, the hand-over letter) instead of a <link> that WeasyPrint
    would read and parse again for each document."""
    from weasyprint import CSS

    return CSS(filename=str(ROOT / "static" / "css" / "pdf.css"))


@cache
def _fonts():
    """WeasyPrint's font configuration (fontconfig and Pango set up for the
    document), made once per process rather than for each PDF."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# A line break and the indentation after it: the templates' layout, which
# HTML reads as one space (the PDF's style sheet keeps no white space as
# written), but which WeasyPrint's parser would read character by character.
_INDENTATION = re.compile(r"\n[ \t]+")


def _document(html: str):
    from weasyprint import HTML  # imported late: it loads Pango, which takes a moment

    return HTML(string=_INDENTATION.sub("\n", html), base_url=str(ROOT))


def _layout_options() -> dict:
    """What every PDF is laid out with: the style sheet and fonts made once,
    the images parsed once, tagged PDF/UA."""
    return {"stylesheets": [stylesheet()], "font_config": _fonts(), "cache": _IMAGES, **pdf_options()}


def render_pdf(html: str) -> bytes:
    return _document(html).write_pdf(**_layout_options())


def layout(html: str):
    """The laid-out document (weasyprint.Document) of what ``render_pdf``
    would write: its pages and boxes, for checks on the layout."""
    return _document(html).render(**_layout_options())


def pdf_options() -> dict:
    """What every PDF of the service is: tagged PDF/UA for screen readers."""
    return {"pdf_variant": current_app.config["PDF_VARIANT"], "pdf_tags": True}


def application_pdf(application: Application) -> bytes:
    return render_pdf(summary_html(application))


def sent_summary(application: Application) -> bytes | None:
    """The PDF stored for a sent application (made once by the PDF worker,
    pdf_jobs.py: later downloads give the very document whose SHA-256 is in
    the export, whatever becomes of the templates), or None while it is not
    made yet or if its file was lost (then made again)."""
    from . import pdf_jobs, uploads

    if not application.summary_pdf_key:
        return None
    try:
        with uploads.storage().open(application.summary_pdf_key) as stored:
            return stored.read()
    except FileNotFoundError:
        pdf_jobs.lost(application)
        return None


@cache
def _layout_version() -> str:
    """What the PDF's look and words depend on besides the answers: its
    templates, style sheet and the catalogues (a new release that changes
    them makes drafts again)."""
    digest = hashlib.sha256()
    paths = [
        *sorted((ROOT / "templates" / "pdf").glob("*.html")), *sorted((ROOT / "templates" / "macros").glob("*.html")),
        ROOT / "static" / "css" / "pdf.css", *sorted((ROOT / "translations").glob("*/LC_MESSAGES/*.po")),
    ]
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def draft_fingerprint(application: Application) -> str:
    """Everything a draft's PDF shows (the answers, the language, the
    files), as a keyed hash."""
    shown = {
        "answers": application.answers or {},
        "language": application.language,
        "easy_read": application.easy_read,
        "files": [(a.public_id, a.kind, a.original_name, a.media_type, a.size) for a in application.attachments],
        "layout": _layout_version(),
        # Lines that depend on the day (an age, "can apply from"): made again each day.
        "day": date.today().isoformat(),
    }
    # Keyed: a copy of the database must not allow guessing answers from it.
    return crypto.keyring().search_hash("draft-pdf", json.dumps(shown, sort_keys=True, default=str))


def draft_summary(application: Application) -> bytes:
    """A draft's PDF, made once per change of what it shows.

    Laying out the PDF takes seconds of a worker; a draft downloaded again
    without a change gets the copy kept in the file storage. The new key is
    set only if nobody set another meanwhile (a plain UPDATE on the key seen,
    no version bump: making a PDF must not make a page in another tab look
    stale); the loser of such a race deletes its own copy.
    """
    from . import uploads

    files = uploads.storage()
    fingerprint = draft_fingerprint(application)
    if application.draft_pdf_key and application.draft_pdf_fingerprint == fingerprint:
        try:
            with files.open(application.draft_pdf_key) as stored:
                return stored.read()
        except FileNotFoundError:
            log.warning("kept draft PDF missing; made again")
    document = application_pdf(application)
    key, _size, _sha256 = files.save(io.BytesIO(document), len(document))
    table = Application.__table__
    old = application.draft_pdf_key
    won = db.session.execute(
        table.update()
        .where(table.c.id == application.id, table.c.draft_pdf_key.is_(None) if old is None else table.c.draft_pdf_key == old)
        .values(draft_pdf_key=key, draft_pdf_fingerprint=fingerprint)
    ).rowcount
    db.session.commit()
    if won:
        if old:
            files.delete(old)
    else:
        files.delete(key)
    return document


def drop_draft_copy(application: Application) -> None:
    """Once sent, the draft's PDF is of no use: the sent one replaces it."""
    from . import uploads

    key = application.draft_pdf_key
    if key is None:
        return
    table = Application.__table__
    db.session.execute(table.update().where(table.c.id == application.id).values(draft_pdf_key=None, draft_pdf_fingerprint=None))
    db.session.commit()
    uploads.storage().delete(key)
