"""The PDF summary of an application, made with WeasyPrint from an HTML template.

The PDF is tagged (PDF/UA-1 variant), carries the document language and a
title shown in the window bar, and is written in the application's language,
whatever language the person who downloads it is using now.
"""
from __future__ import annotations

import logging

from flask import current_app, render_template
from flask_babel import force_locale

from . import ROOT
from .answers import Answers
from .models import Application
from .questions import ENGINE
from .uploads import KINDS

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
