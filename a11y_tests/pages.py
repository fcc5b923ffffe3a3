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


def sample_pdf():
    """A small real PDF on disk, for the file inputs of browser tests."""
    import tempfile
    from pathlib import Path

    path = Path(tempfile.gettempdir()) / "webform-sample-report.pdf"
    if not path.exists():
        path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


def has_required_question(step) -> bool:
    return any(q.required is not False for q in step.questions)


CLEAR_FORM = """
document.querySelectorAll('#step-form input[type=text], #step-form input[type=tel],'
  + ' #step-form input[type=email], #step-form textarea').forEach(e => { e.value = ''; });
document.querySelectorAll('#step-form input[type=radio], #step-form input[type=checkbox]')
  .forEach(e => { e.checked = false; });
"""

ERROR_PAGES = (400, 404, 413, 500)


def visit_every_page(browser, live, language: str):
    """Show, one after the other, every page the application can show.

    Yields each page's name once the browser displays it. The steps come
    from the questionnaire, so a new step is visited without anyone adding it.
    """
    from selenium.webdriver.common.by import By

    from .test_browser_walkthrough import click_and_wait, press_continue

    browser.delete_all_cookies()
    browser.get(f"{live.url}/language/{language}?next=/")
    yield "start"
    browser.get(f"{live.url}/accessibility")
    yield "accessibility statement"
    browser.get(f"{live.url}/")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.start-form button"))
    yield "task list, nothing done"
    browser.get(f"{live.url}/application/check")
    yield "check, everything missing"
    browser.get(f"{live.url}/application/requests")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, '#step-form button[value="later"]'))
    yield "save for later, date of birth asked"
    press_continue(browser)
    yield "save for later, date of birth with errors"

    answers = complete_answers(live.app, language)
    seed(live.app, answers, EVERY_STEP)
    browser.get(f"{live.url}/application/")
    yield "task list, all done"
    browser.get(f"{live.url}/application/files/")
    yield "attachments, none yet"
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#upload-form button"))
    yield "attachments with errors"
    browser.find_element(By.ID, "file").send_keys(str(sample_pdf()))
    browser.find_element(By.CSS_SELECTOR, 'label[for="kind-0"]').click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#upload-form button"))
    assert browser.find_elements(By.CSS_SELECTOR, ".file-item"), "the file is listed"
    yield "attachments, one attached"
    browser.get(f"{live.url}/application/contact")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, '#step-form button[value="later"]'))
    assert browser.find_elements(By.CSS_SELECTOR, ".resume-code"), "the code is shown"
    yield "saved, with the resume code"
    browser.get(f"{live.url}/resume")
    yield "resume"
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#resume-form button"))
    yield "resume with errors"
    browser.get(f"{live.url}/application/check")
    assert browser.find_elements(By.CSS_SELECTOR, "main a.button"), "complete: the way to the declaration"
    yield "check, complete"

    for part in ENGINE.parts:
        for step in part.steps:
            browser.get(f"{live.url}/application/{step.key}")
            assert f"/application/{step.key}" in browser.current_url, f"{step.key} is not reachable"
            yield step.key
            if has_required_question(step):
                browser.execute_script(CLEAR_FORM)
                press_continue(browser)
                assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), f"{step.key}: no errors shown"
                yield f"{step.key} with errors"

    for code in ERROR_PAGES:
        browser.get(f"{live.url}/__error/{code}")
        yield f"error {code}"
    seed(live.app, answers, EVERY_STEP, status="submitted")
    browser.get(f"{live.url}/application/sent")
    yield "confirmation"
