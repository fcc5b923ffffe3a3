"""The state in which every page of the questionnaire can be shown at once,
shared by the axe suite and the HTML-validity check."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from tests.helpers import FormClient
from tests.views.test_application import walk
from webform.models import Application, db
from webform.questions import ENGINE

# Answers under which every conditional step is shown at once: a BIS number
# without date (date of birth asked), an age outside the allowances' range,
# a helper, a partner, a recognition by another body.
EVERY_STEP_VISIBLE = {
    "requests": ["recognition", "allowances", "parking_card"],
    "national_number": "85400000127",
    "birth_date": "1950-03-07",
    "helper_kind": "family",
    "household_situation": "married",
    "other_recognition": "yes",
}

EVERY_STEP = [step.key for part in ENGINE.parts for step in part.steps]


def complete_answers(app, language: str) -> dict:
    """The answers of a whole application, filled in through the pages."""
    walk(FormClient(app), language, EVERY_STEP_VISIBLE["requests"])
    with app.app_context():
        sent = db.session.execute(select(Application).where(Application.status == "submitted")).scalar_one()
        return {
            **sent.answers, **EVERY_STEP_VISIBLE, "other_recognition_body": "Fedris",
            "documents_available": ["medical_reports", "other_recognition"],
        }


def seed(app, answers: dict, completed: list[str], status: str = "draft") -> None:
    """Put answers into the one draft application (the browser's or client's)."""
    with app.app_context():
        application = db.session.execute(
            select(Application).where(Application.status == "draft")
        ).scalar_one()
        application.answers = answers
        application.completed_steps = completed
        if status == "submitted":
            application.status, application.reference = status, "1234-5678-9012"
            application.submitted_at = datetime(2026, 11, 25, 10, 0)
        db.session.commit()


def has_required_question(step) -> bool:
    return any(q.required is not False for q in step.questions)
