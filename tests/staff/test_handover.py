"""Hand-over of an assisted draft to the citizen (code, letter PDF in the
citizen's language, e-mail) and taking over a citizen's own draft with
their code and date of birth (issue 9)."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from webform import resume, storage
from webform.models import Application, AuditEvent, db

from .. import pdf_structure as structure
from ..helpers import FormClient, make_national_number, translate, translate_easy, years_ago
from ..views.test_resume import smtp_server  # noqa: F401  (a fixture)
from .conftest import logged_in

BORN = years_ago(40)
NATIONAL_NUMBER = make_national_number(BORN)
ANSWERS = {"first_name": "Marie", "last_name": "Dupont", "national_number": NATIONAL_NUMBER}


def make_draft(app, organisation_id=None, member_id=None, language="fr", **answers) -> str:
    """A draft straight in the database (not through s2's pages): assisted
    when an organisation is given, else the citizen's own."""
    with app.app_context():
        application = storage.create_application(language)
        application.answers = {**ANSWERS, **answers}
        if organisation_id:
            application.organisation_id, application.assisted_by_id = organisation_id, member_id
            application.assistance_capacity, application.assistance_date = "present", date.today()
        db.session.commit()
        return application.public_id


def stored(app, public_id: str) -> Application:
    with app.app_context():
        application = db.session.execute(select(Application).where(Application.public_id == public_id)).scalar_one()
        db.session.expunge(application)
        return application


def audit_lines(app) -> list[tuple]:
    with app.app_context():
        return [
            (e.staff_id, e.organisation_id, e.action, e.application_public_id, e.target)
            for e in db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()
        ]


def hand_over(client: FormClient, public_id: str) -> tuple[str, object]:
    """Make the code on the hand-over page; the code page that follows."""
    client.get(f"/staff/applications/{public_id}/hand-over")
    page = client.submit({}, form="#handover-form")
    return page.soup.select_one(".resume-code strong").get_text(), page


def letter(client: FormClient):
    return client.client.post(client.page.soup.select_one("#letter-form")["action"], data={
        "csrf_token": client.page.csrf_token(), "code": client.page.value("code"),
    })


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


# -- hand-over -------------------------------------------------------------
def test_hand_over_makes_a_code_that_opens_the_draft_with_the_date_of_birth(app, staff_client):
    member = staff_client.member
    public_id = make_draft(app, member.organisation_id, member.id)
    code, page = hand_over(staff_client, public_id)
    assert page.h1 == translate("The code for the citizen", "fr")
    assert re.fullmatch(r"([A-Z2-9]{4}-){4}[A-Z2-9]{4}", code)
    with app.app_context():
        attempt = resume.resume(code, BORN.isoformat(), "192.0.2.1")
        assert attempt.outcome is resume.Outcome.RESUMED and attempt.application.public_id == public_id
    # Shown once: the same address again gives the hand-over page, not the code.
    again = staff_client.get(staff_client.full_url)
    assert again.soup.select_one(".resume-code") is None and staff_client.url.endswith("/hand-over")
    assert audit_lines(app)[:2] == [
        (member.id, member.organisation_id, "view", public_id, "hand-over"),
        (member.id, member.organisation_id, "handover_code", public_id, None),
    ]


def test_a_language_button_on_the_hand_over_page_makes_no_code(app, staff_client):
    member = staff_client.member
    public_id = make_draft(app, member.organisation_id, member.id)
    staff_client.get(f"/staff/applications/{public_id}/hand-over")
    page = staff_client.submit({"switch_language": "de"}, form="#handover-form")
    assert page.language == "de" and page.h1 == translate("Hand over the application to the citizen", "de")
    assert stored(app, public_id).resume_code_hash is None


def test_hand_over_asks_the_date_of_birth_when_the_answers_do_not_give_it(app, staff_client):
    member = staff_client.member
    public_id = make_draft(app, member.organisation_id, member.id, national_number=None)
    staff_client.get(f"/staff/applications/{public_id}/hand-over")
    page = staff_client.submit({}, form="#handover-form")
    assert page.summary() == [("#resume_birth_date-day", translate("Enter the date of birth of the person the application is for", "fr"))]
    page = staff_client.submit({"resume_birth_date-day": "7", "resume_birth_date-month": "3", "resume_birth_date-year": "1950"}, form="#handover-form")
    code = page.soup.select_one(".resume-code strong").get_text()
    with app.app_context():
        assert resume.resume(code, "1950-03-07", "192.0.2.1").outcome is resume.Outcome.RESUMED


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_the_letter_is_in_the_citizens_language_with_code_date_and_how_to_resume(app, staff_client, language):
    member = staff_client.member
    # The staff member works in French; the citizen asked for letters in `language`.
    public_id = make_draft(app, member.organisation_id, member.id, language="fr", letter_language=language)
    code, _page = hand_over(staff_client, public_id)
    response = letter(staff_client)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert translate("letter-continue-your-application.pdf", language) in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert code in text and "Marie Dupont" in text
    assert translate("Continue your application", language) in text
    assert "/resume" in text
    assert translate("Enter the date of birth of the person the application is for.", language) in text
    until = stored(app, public_id).expires_at.date()
    from babel.dates import format_date

    assert format_date(until, "long", locale=f"{language}_BE") in text
    # Never the date of birth: with the code, it opens the draft.
    assert BORN.strftime("%Y") not in text.replace(str(date.today().year), "")
    assert structure.all_problems(response.data, f"{language}-BE", translate("Continue your application", language)) == []
    with structure.open_pdf(response.data) as pdf:
        figures = structure.content_figures(pdf)
    assert figures.text > 20 and figures.text_untagged == 0 and figures.paint_untagged == 0
    assert ("handover_letter" in [line[2] for line in audit_lines(app)])


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_the_letter_follows_the_citizens_easy_read_choice(app, staff_client, language):
    member = staff_client.member
    public_id = make_draft(app, member.organisation_id, member.id, language="fr", letter_language=language)
    with app.app_context():
        db.session.execute(db.update(Application).where(Application.public_id == public_id).values(easy_read=True))
        db.session.commit()
    hand_over(staff_client, public_id)
    text = pdf_text(letter(staff_client).data)
    message = "Enter the date of birth of the person the application is for."
    assert " ".join(translate_easy(message, language).split()) in text
    assert " ".join(translate(message, language).split()) not in text


def test_the_letter_needs_the_code_of_this_draft(app, staff_client):
    member = staff_client.member
    public_id = make_draft(app, member.organisation_id, member.id)
    hand_over(staff_client, public_id)
    response = staff_client.client.post(f"/staff/applications/{public_id}/hand-over/letter.pdf", data={
        "csrf_token": staff_client.page.csrf_token(), "code": resume.new_code(),
    })
    assert response.status_code == 302 and "handover_letter" not in [line[2] for line in audit_lines(app)]


def test_the_code_is_e_mailed_in_the_citizens_language(app, staff_client, smtp_server):  # noqa: F811
    member = staff_client.member
    public_id = make_draft(app, member.organisation_id, member.id, letter_language="nl", email="marie@example.be")
    code, page = hand_over(staff_client, public_id)
    assert page.value("code_email") == "marie@example.be"
    page = staff_client.submit({"code_email": "marie@example.be"}, form="#email-form")
    assert translate("We sent the code to %(email)s.", "fr", email="marie@example.be") in page.html
    (message,) = smtp_server.messages
    body = message.content.decode()
    assert code in body and "/resume" in body and translate("Hello,", "nl") in body
    assert "Dupont" not in re.sub(r"^To:.*$", "", body, flags=re.MULTILINE)
    assert [line[2] for line in audit_lines(app)][-1] == "handover_email"


def test_another_organisations_draft_answers_404(app, staff_client, make_member):
    other = make_member()
    public_id = make_draft(app, other.organisation_id, other.id)
    own = make_draft(app)  # a citizen's own draft is no organisation's either
    for target in (public_id, own):
        for path in ("hand-over", "hand-over/code?once=" + resume.new_code(), "taken-over"):
            assert staff_client.client.get(f"/staff/applications/{target}/{path}").status_code == 404
        for path in ("hand-over", "hand-over/code", "hand-over/letter.pdf", "hand-over/email"):
            response = staff_client.client.post(f"/staff/applications/{target}/{path}", data={"code": "x"})
            assert response.status_code in (400, 404)  # 400: refused by the CSRF check first
    with app.app_context():
        assert stored(app, public_id).resume_code_hash is None


# -- take over -------------------------------------------------------------
def citizen_code(app, public_id: str, born: date = BORN) -> str:
    with app.app_context():
        application = db.session.execute(select(Application).where(Application.public_id == public_id)).scalar_one()
        return resume.issue_code(application, born.isoformat())


def take_over(client: FormClient, code: str, born: date = BORN, capacity: str = "proxy", since: date | None = None):
    since = since or date.today() - timedelta(days=3)
    client.get("/staff/take-over")
    return client.submit({
        "code": code, "resume_birth_date-day": str(born.day), "resume_birth_date-month": str(born.month),
        "resume_birth_date-year": str(born.year), "assistance_capacity": capacity,
        "assistance_date-day": str(since.day), "assistance_date-month": str(since.month), "assistance_date-year": str(since.year),
    }, form="#take-over-form")


def test_take_over_with_the_right_code_joins_the_caseload(app, staff_client):
    public_id = make_draft(app)
    code = citizen_code(app, public_id)
    page = take_over(staff_client, code)
    assert page.h1 == translate("The application is in your caseload", "fr")
    application = stored(app, public_id)
    member = staff_client.member
    assert (application.organisation_id, application.assisted_by_id, application.assistance_capacity) == (
        member.organisation_id, member.id, "proxy")
    assert application.assistance_date == date.today() - timedelta(days=3)
    assert audit_lines(app)[-1] == (member.id, member.organisation_id, "take_over", public_id, "proxy")
    # The citizen's code still works for the citizen.
    with app.app_context():
        assert resume.resume(code, BORN.isoformat(), "192.0.2.1").outcome is resume.Outcome.RESUMED


def test_take_over_with_a_wrong_date_of_birth_is_refused_and_counted(app, staff_client):
    public_id = make_draft(app)
    code = citizen_code(app, public_id)
    page = take_over(staff_client, code, born=date(1960, 1, 1))
    assert page.errors()["code"] == translate(
        "This code and date of birth do not match a saved application. Check both and try again; the code may also have expired.", "fr")
    assert page.summary()[0][0] == "#code"
    assert stored(app, public_id).organisation_id is None and stored(app, public_id).resume_failures == 1
    assert "take_over" not in [line[2] for line in audit_lines(app)]


def test_take_over_locks_the_code_after_too_many_wrong_tries(app, staff_client):
    public_id = make_draft(app)
    code = citizen_code(app, public_id)
    for _ in range(app.config["RESUME_ATTEMPTS_PER_CODE"]):
        page = take_over(staff_client, code, born=date(1960, 1, 1))
    assert stored(app, public_id).resume_locked_until is not None
    page = take_over(staff_client, code)  # the right one, during the lock
    assert stored(app, public_id).organisation_id is None
    assert page.errors()["code"].startswith(translate(
        "Too many wrong tries with this code. Your application is safe: try again after %(time)s.", "fr", time="")[:30])


def test_take_over_is_rate_limited_per_address(app, staff_client):
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "resume": (0, 1)}
    public_id = make_draft(app)
    code = citizen_code(app, public_id)
    take_over(staff_client, code, born=date(1960, 1, 1))
    page = take_over(staff_client, code)
    assert page.status == 429 and stored(app, public_id).organisation_id is None


def test_take_over_asks_how_the_member_acts(app, staff_client):
    public_id = make_draft(app)
    code = citizen_code(app, public_id)
    staff_client.get("/staff/take-over")
    page = staff_client.submit({"code": code}, form="#take-over-form")
    assert [anchor for anchor, _message in page.summary()] == [
        "#resume_birth_date-day", "#assistance_capacity-0", "#assistance_date-day"]
    assert stored(app, public_id).organisation_id is None


def test_take_over_of_another_organisations_draft_moves_it_with_the_citizens_code(app, staff_client, make_member):
    other = make_member()
    public_id = make_draft(app, other.organisation_id, other.id)
    take_over(staff_client, citizen_code(app, public_id), capacity="present")
    assert stored(app, public_id).organisation_id == staff_client.member.organisation_id
    assert audit_lines(app)[-1][-1] == "present; from another organisation"
    # The other organisation's member no longer reaches it.
    other_client = logged_in(FormClient(app), other)
    assert other_client.client.get(f"/staff/applications/{public_id}/hand-over").status_code == 404
