"""The PDF summary of an application, made with WeasyPrint from an HTML template.

The PDF is tagged (PDF/UA-1 variant), carries the document language and a
title shown in the window bar, and is written in the application's language,
whatever language the person who downloads it is using now.
"""
from __future__ import annotations

import io
import logging
from typing import Callable

from flask import current_app, render_template
from flask_babel import force_locale

from . import ROOT
from .answers import Answers
from .errors import describe
from .models import Application
from .questions import ENGINE
from .uploads import KINDS, size_label

log = logging.getLogger(__name__)


def summary_html(application: Application) -> str:
    """The HTML the PDF is made from, in the application's language."""
    answers = Answers.of(application)
    sending = ENGINE.submit_step()
    declaration = sending.questions[0].for_answers(answers)
    with force_locale(application.language):
        return render_template(
            "pdf/summary.html",
            application=application,
            answers=answers,
            sections=[(part, ENGINE.answer_lines(part, answers)) for part in ENGINE.summary_parts(answers)],
            declaration=declaration,
            declared=answers.get(declaration.key) or [],
            kinds=KINDS,
            size_label=size_label,
            pictograms=(ROOT / "static" / "pictograms").as_uri(),
            css=(ROOT / "static" / "css" / "pdf.css").as_uri(),
        )


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which takes a moment

    return HTML(string=html, base_url=str(ROOT)).write_pdf(
        pdf_variant=current_app.config["PDF_VARIANT"], pdf_tags=True
    )


def application_pdf(application: Application) -> bytes:
    return render_pdf(summary_html(application))


def keep_sent_summary(application: Application) -> Callable[[], None] | None:
    """Store the PDF of an application being sent; return how to delete it.

    Stored once, at sending: later downloads give the very document that was
    sent, whatever becomes of the templates, and its SHA-256 goes into the
    export.
    """
    from . import uploads

    files = uploads.storage()
    try:
        document = application_pdf(application)
        key, _size, sha256 = files.save(io.BytesIO(document), len(document))
    except Exception as error:  # never lose a sending for its PDF: it is made on download then
        log.error("summary PDF could not be made or stored at sending: %s", describe(error))
        return None
    application.summary_pdf_key, application.summary_pdf_sha256 = key, sha256
    return lambda: files.delete(key)


def sent_summary(application: Application) -> bytes | None:
    """The PDF stored at sending, if there is one."""
    from . import uploads

    if not application.summary_pdf_key:
        return None
    try:
        with uploads.storage().open(application.summary_pdf_key) as stored:
            return stored.read()
    except FileNotFoundError:
        log.warning("stored summary missing for a sent application; made again")
        return None
