"""Handing an assisted draft over to the citizen, and taking over a
citizen's own draft.

Hand-over: the citizen finishes alone with a resume code, exactly the one
"Save and continue later" gives (resume.py: only its hash is kept, the date
of birth is its second factor). The new code is shown once, through the
same one-time pad; the letter (PDF, in the citizen's language) and the
e-mail get the code back from the page that shows it, as the citizen's own
"send me my code" does. The letter never prints the date of birth: code
and date of birth together open the draft, so they must not travel on
one sheet of paper.

Take over: the citizen gives the code and date of birth; they are checked
by resume.resume, with its counters, locks and rate limits, and the draft
joins the organisation's caseload with how the member acts for the citizen.
Every step is written to the audit log, never a code or an answer.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _, lazy_gettext as _l

from .. import drafts, easy_read, i18n, limits, mail, pdf, resume, storage
from ..answers import Answers
from ..engine import StepForm
from ..i18n import format_day
from ..models import ASSISTANCE_CAPACITIES, Application, db
from ..question_kinds import ChoiceQuestion, DateQuestion, Option
from ..questions import ENGINE
from ..security import checks_csrf_itself
from ..structure import Step
from ..views.resume import (
    ASK_BIRTH_DATE, BIRTH_DATE, CODE_EMAIL, CSRF_MESSAGE, RESUME, _email_form, _message, _posted_email,
)
from . import audit
from .session import current_staff, staff_required

bp = Blueprint("staff_handover", __name__, url_prefix="/staff")

CAPACITY_LABELS = {
    "present": _l("The citizen is present and agrees"),
    "proxy": _l("The citizen gave a written proxy"),
    "representative": _l("I am the citizen's legal representative"),
}
assert tuple(CAPACITY_LABELS) == ASSISTANCE_CAPACITIES, "one label per capacity of models.ASSISTANCE_CAPACITIES"

CAPACITY = ChoiceQuestion(
    key="assistance_capacity",
    label=_l("How do you act for the citizen?"),
    options=tuple(Option(value, label) for value, label in CAPACITY_LABELS.items()),
    required_message=_l("Select how you act for the citizen"),
)
ASSISTANCE_DATE = DateQuestion(
    key="assistance_date",
    label=_l("Since when?"),
    hint=_l("The day the citizen agreed, or the date of the proxy or of the court decision."),
    example=_l("For example: 4 12 2026"),
    required_message=_l("Enter the date since when you act for the citizen"),
)
TAKE_OVER = Step(
    key="take_over",
    title=_l("Take over a citizen's application"),
    questions=(
        replace(
            RESUME.questions[0], label=_l("The citizen's code"),
            hint=_l("The code of 20 letters and digits the citizen received when saving. With or without dashes."),
        ),
        replace(BIRTH_DATE, hint=None),
        CAPACITY,
        ASSISTANCE_DATE,
    ),
)


def _organisation_draft(public_id: str) -> Application:
    """A draft of the member's organisation, else 404 (never 403: another
    organisation's application must look like one that does not exist)."""
    application = storage.find_for_organisation(public_id, current_staff().organisation_id)
    if application is None or application.is_submitted:
        abort(404)
    return application


def letter_language(application: Application) -> str:
    """The citizen's language: the one asked for our letters, else the form's."""
    chosen = (application.answers or {}).get("letter_language")
    return chosen if chosen in i18n.LANGUAGE_NAMES else application.language


def _language_name(application: Application) -> str:
    """The letter's language, named in the staff member's ("French")."""
    return ENGINE.questions["letter_language"].display(letter_language(application))


def _birth_date(application: Application) -> str | None:
    return resume.answered_birth_date(application.answers) or application.resume_birth_date


# -- hand-over -------------------------------------------------------------
def _handover_page(application: Application, form=None, errors=()):
    asks_birth_date = _birth_date(application) is None
    if form is None:
        form = ENGINE.build_form(ASK_BIRTH_DATE, {}, None) if asks_birth_date else StepForm()
    return render_template(
        "staff/handover.html", application=application, name=pdf.full_name(Answers.of(application)),
        step=ASK_BIRTH_DATE if asks_birth_date else None, form=form, errors=list(errors),
        had_code=resume.has_code(application), language_name=_language_name(application),
        step_form_id="handover-form",
    )


@bp.get("/applications/<public_id>/hand-over")
@staff_required
def handover(public_id: str):
    application = _organisation_draft(public_id)
    audit.record(current_staff(), "view", application, "hand-over")
    db.session.commit()
    return _handover_page(application)


@bp.post("/applications/<public_id>/hand-over")
@staff_required
def make_code(public_id: str):
    """A new code (any earlier one stops working), shown on the page this
    redirect opens, once (resume.py's one-time pad)."""
    application = _organisation_draft(public_id)
    birth_date = _birth_date(application)
    form = ENGINE.build_form(ASK_BIRTH_DATE, {}, request.form) if birth_date is None else StepForm()
    if drafts.switch_posted():
        return _handover_page(application, form)
    if birth_date is None:
        cleaned = ENGINE.validate(ASK_BIRTH_DATE, form, Answers({}))
        if cleaned is None:
            return _handover_page(application, form, _errors(ASK_BIRTH_DATE, form))
        birth_date = cleaned[BIRTH_DATE.key]
    pad = resume.new_code()
    audit.record(current_staff(), "handover_code", application)
    resume.issue_code(application, birth_date, pad=pad)  # commits the audit line with the code
    return redirect(url_for("staff_handover.code_page", public_id=public_id, once=pad))


def _errors(step: Step, form) -> list[tuple[str, str]]:
    """The error summary's items of a step's form (the security token's first)."""
    items = [(q.anchor, message) for q in step.questions for message in form[q.key].errors]
    if "csrf_token" in form.errors:
        items.insert(0, (step.questions[0].anchor, str(CSRF_MESSAGE)))
    return items


def _code_page(application: Application, code: str, sent_to=None, send_failed=False, email_form=None, errors=()):
    """The code, once, with the letter and the e-mail that carry it to the citizen."""
    return render_template(
        "staff/handover_code.html", application=application, name=pdf.full_name(Answers.of(application)),
        code=resume.format_code(code), spelled=resume.spell_out(code), until=format_day(application.expires_at),
        language_name=_language_name(application), mail_enabled=mail.enabled(), email_question=CODE_EMAIL,
        email_form=email_form or _email_form(application), errors=list(errors), sent_to=sent_to,
        send_failed=send_failed, step_form_id="code-form",
    )


@bp.get("/applications/<public_id>/hand-over/code")
@staff_required
def code_page(public_id: str):
    application = _organisation_draft(public_id)
    code = resume.take_for_display(application, request.args.get("once"))
    if code is None:  # shown already: a new one is made on the hand-over page
        return redirect(url_for("staff_handover.handover", public_id=public_id))
    return _code_page(application, code)


def _posted_code(application: Application) -> str | None:
    """The code the page sent back, if it is this draft's (only its hash is kept)."""
    code = request.form.get("code", "")
    return resume.normalise(code) if resume.code_matches(application, code) else None


@bp.post("/applications/<public_id>/hand-over/code")
@staff_required
def show_code(public_id: str):
    """The code page again, in the language chosen with the header's buttons."""
    application = _organisation_draft(public_id)
    code = _posted_code(application)
    if code is None:
        return redirect(url_for("staff_handover.handover", public_id=public_id))
    drafts.switch_posted()
    return _code_page(application, code)


def letter_html(application: Application, code: str) -> str:
    """The hand-over letter, in the citizen's language and easy-read choice, with the summary's
    fonts, style sheet and tagging (pdf.render_pdf)."""
    member = current_staff()
    # In the citizen's reading: their language and, if chosen, easy-read.
    with force_locale(letter_language(application)), easy_read.forced(application.easy_read):
        return render_template(
            "pdf/handover_letter.html", language=letter_language(application),
            name=pdf.full_name(Answers.of(application)), code=resume.format_code(code), spelled=resume.spell_out(code),
            until=format_day(application.expires_at), resume_url=url_for("resume.resume_form", _external=True),
            member=member, organisation=member.organisation, today=format_day(date.today()),
        )


def letter_file_name(application: Application) -> str:
    with force_locale(letter_language(application)):
        return _("letter-continue-your-application.pdf")


@bp.post("/applications/<public_id>/hand-over/letter.pdf")
@staff_required
def letter(public_id: str):
    application = _organisation_draft(public_id)
    code = _posted_code(application)
    if code is None:
        return redirect(url_for("staff_handover.handover", public_id=public_id))
    limits.enforce("pdf", application.id)
    audit.record(current_staff(), "handover_letter", application, "letter.pdf")
    db.session.commit()
    response = make_response(pdf.render_pdf(letter_html(application, code)))
    response.headers["Content-Type"] = "application/pdf"
    response.headers.set("Content-Disposition", "attachment", filename=letter_file_name(application))
    return response


@bp.post("/applications/<public_id>/hand-over/email")
@staff_required
def email(public_id: str):
    """E-mail the code shown, in the citizen's language, as the citizen's
    own "send me my code" does (the address is not kept)."""
    application = _organisation_draft(public_id)
    code = _posted_code(application)
    if code is None or not mail.enabled():
        return redirect(url_for("staff_handover.handover", public_id=public_id))
    form = _email_form(application, request.form)
    address, errors = _posted_email(form)
    if errors:
        return _code_page(application, code, email_form=form, errors=errors)
    limits.enforce("mail", application.id)
    sent = mail.send_resume_code(
        address, resume.format_code(code), _until_in(application), url_for("resume.resume_form", _external=True),
        letter_language(application), application.easy_read,
    )
    if sent:
        audit.record(current_staff(), "handover_email", application)
        db.session.commit()
    return _code_page(application, code, sent_to=address if sent else None, send_failed=not sent, email_form=form)


def _until_in(application: Application) -> str:
    """The date the draft is kept until, written in the citizen's language."""
    with force_locale(letter_language(application)):
        return format_day(application.expires_at)


# -- take over -------------------------------------------------------------
def _take_over_page(form, errors=(), status: int = 200):
    return render_template(
        "staff/take_over.html", step=TAKE_OVER, form=form, errors=list(errors), step_form_id="take-over-form",
    ), status


@bp.route("/take-over", methods=["GET", "POST"])
@checks_csrf_itself
@staff_required
def take_over():
    """The citizen's code and date of birth, checked as on the resume page
    (same counters, locks and limits), and how the member acts for them."""
    if request.method == "GET":
        return _take_over_page(ENGINE.build_form(TAKE_OVER, {ASSISTANCE_DATE.key: date.today().isoformat()}, None))
    form = ENGINE.build_form(TAKE_OVER, {}, request.form)
    if drafts.switch_posted():
        return _take_over_page(form)
    cleaned = ENGINE.validate(TAKE_OVER, form, Answers({}))
    if cleaned is None:
        return _take_over_page(form, _errors(TAKE_OVER, form))
    try:
        limits.enforce("resume")
    except limits.RateLimited as refused:
        form["code"].errors = [limits.message(refused)]
        return _take_over_page(form, _errors(TAKE_OVER, form), 429)
    attempt = resume.resume(cleaned["code"], cleaned[BIRTH_DATE.key], request.remote_addr or "")
    if attempt.outcome is not resume.Outcome.RESUMED:
        form["code"].errors = [_message(attempt)]
        return _take_over_page(form, _errors(TAKE_OVER, form))
    join_caseload(attempt.application, cleaned[CAPACITY.key], date.fromisoformat(cleaned[ASSISTANCE_DATE.key]))
    return redirect(url_for("staff_handover.taken_over", public_id=attempt.application.public_id))


def join_caseload(application: Application, capacity: str, since: date) -> None:
    """The draft becomes the organisation's, assisted by the member, with
    the audit line in the same commit. A draft another organisation held
    moves too: the citizen, who holds the code, decides who helps (the
    line says so, without naming the other organisation)."""
    member = current_staff()
    moved = application.organisation_id not in (None, member.organisation_id)
    application.organisation_id = member.organisation_id
    application.assisted_by_id = member.id
    application.assistance_capacity = capacity
    application.assistance_date = since
    audit.record(member, "take_over", application, f"{capacity}; from another organisation" if moved else capacity)
    db.session.commit()


@bp.get("/applications/<public_id>/taken-over")
@staff_required
def taken_over(public_id: str):
    application = _organisation_draft(public_id)
    return render_template(
        "staff/taken_over.html", application=application, name=pdf.full_name(Answers.of(application)),
        capacity=CAPACITY_LABELS.get(application.assistance_capacity, ""),
        since=format_day(application.assistance_date) if application.assistance_date else "",
    )
