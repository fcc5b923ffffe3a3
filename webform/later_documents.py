"""Documents still to send once the application is sent (review F1).

A missing document never holds an application back: the allowances start
on the first day of the month after sending, so every month of waiting for
a court decision or a medical form would cost the applicant an allowance.
What is still missing is listed, with where to send it and by when, on the
check page, the confirmation page, the PDF summary and in the export.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import to_user_timezone

from .answers import Answers
from .models import Application
from .questions import ENGINE
from .structure import CompletenessRule


@dataclass(frozen=True)
class LaterDocuments:
    """The documents to send, the DG's address and the deadline (None
    before sending: it counts from the day the application is sent)."""

    documents: list[CompletenessRule]
    address: str
    deadline: date | None
    days: int


def postal_address(application: Application, answers: Answers | None = None) -> str:
    """The DG's address in the language of its letters to the applicant
    (else the application's language): the service that writes in that
    language receives the post."""
    answers = answers or Answers.of(application)
    addresses = current_app.config["SERVICE_POSTAL_ADDRESS"]
    language = answers.get("letter_language") or application.language
    return addresses.get(language) or addresses["fr"]


def deadline(application: Application) -> date | None:
    """The day by which the documents are expected, counted in Belgian days."""
    if application.submitted_at is None:
        return None
    sent = to_user_timezone(application.submitted_at).date()
    return sent + timedelta(days=current_app.config["DOCUMENTS_DEADLINE_DAYS"])


def of(application: Application) -> LaterDocuments:
    answers = Answers.of(application)
    return LaterDocuments(
        documents=ENGINE.documents_to_send(answers),
        address=postal_address(application, answers),
        deadline=deadline(application),
        days=current_app.config["DOCUMENTS_DEADLINE_DAYS"],
    )
