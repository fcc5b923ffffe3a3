"""WCAG 3.3.7 Redundant Entry: the date of birth asked for a resume code and
the date of birth the questionnaire asks are one datum, given once."""
from __future__ import annotations

from sqlalchemy import select

from webform.models import Application, db

from ..helpers import FormClient
from ..scenarios import STEP_INPUT, apply_for

# A BIS number: born in March 1985, the day unknown (the number has 00).
BIS_MARCH_1985 = "85.43.00-033.16"
DATE_FOR_CODE = {"resume_birth_date-day": "27", "resume_birth_date-month": "3", "resume_birth_date-year": "1985"}


def stored(app) -> Application:
    with app.app_context():
        return db.session.execute(select(Application)).scalar_one()


def on_birth_date_step(client: FormClient) -> None:
    client.start("fr")
    apply_for(client, ["recognition"])
    client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": BIS_MARCH_1985})
    assert client.url == "/application/birth_date"


def date_shown(page, key: str) -> tuple[str, str, str]:
    return tuple(page.value(f"{key}-{part}") for part in ("day", "month", "year"))


def resumes_with(app, code: str, day: str) -> bool:
    other = FormClient(app)
    other.get("/resume")
    other.submit({"code": code, **DATE_FOR_CODE, "resume_birth_date-day": day}, form="#resume-form")
    return other.url == "/application/"


def test_date_given_for_the_code_fills_the_birth_date_step(app, form_client):
    on_birth_date_step(form_client)
    # "Save and continue later" on the date of birth page itself, left blank.
    page = form_client.submit({"action": "later"}, form="#step-form")
    # The number tells the month and the year already: only the day is left to type.
    assert date_shown(page, "resume_birth_date") == ("", "3", "1985")
    page = form_client.submit(DATE_FOR_CODE, form="#step-form")
    code = page.soup.select_one(".resume-code strong").get_text(strip=True)
    # Back on the step: the date given for the code is there, to confirm.
    page = form_client.get("/application/birth_date")
    assert date_shown(page, "birth_date") == ("27", "3", "1985")
    # Continue sends the fields as shown, like a browser.
    form_client.submit({f"birth_date-{part}": page.value(f"birth_date-{part}") for part in ("day", "month", "year")}, form="#step-form")
    assert form_client.url == "/application/address"
    assert stored(app).answers["birth_date"] == "1985-03-27"
    # The code still opens with the date given, and only with it.
    assert resumes_with(app, code, "27")
    assert not resumes_with(app, code, "28")


def test_date_given_on_the_step_is_not_asked_for_the_code(app, form_client):
    on_birth_date_step(form_client)
    form_client.submit({"birth_date-day": "27", "birth_date-month": "3", "birth_date-year": "1985"}, form="#step-form")
    form_client.get("/application/address")
    page = form_client.submit({"action": "later"}, form="#step-form")
    assert not page.soup.select("[name^=resume_birth_date]"), "not asked again"
    code = page.soup.select_one(".resume-code strong").get_text(strip=True)
    assert stored(app).resume_birth_date == "1985-03-27"
    assert resumes_with(app, code, "27")


def test_a_date_without_its_day_leaves_only_the_day_to_give(app, form_client):
    """The applicant gave the month and the year (the day is unknown to the
    register): the code needs a whole date, and what is known is shown."""
    on_birth_date_step(form_client)
    form_client.submit({"birth_date-day": "", "birth_date-month": "3", "birth_date-year": "1985"}, form="#step-form")
    form_client.get("/application/address")
    page = form_client.submit({"action": "later"}, form="#step-form")
    assert date_shown(page, "resume_birth_date") == ("", "3", "1985")
