"""Save and continue later, and resume with a code and the date of birth."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date, format_datetime, gettext as _
from flask_babel import lazy_gettext as _l

from .. import mail, resume
from ..answers import Answers
from ..models import Application
from ..question_kinds import DateQuestion, TextQuestion
from ..questions import ENGINE
from ..structure import Step
from .application import current_application, with_draft

bp = Blueprint("resume", __name__)

BIRTH_DATE = DateQuestion(
    key="resume_birth_date",
    label=_l("What is your date of birth?"),
    hint=_l("You will give it with your code to open your application again."),
    example=_l("For example: 27 3 1985"),
    autocomplete="bday",
    required_message=_l("Enter your date of birth"),
)
ASK_BIRTH_DATE = Step(key="save_birth_date", questions=(BIRTH_DATE,))
RESUME = Step(
    key="resume",
    title=_l("Continue your application"),
    questions=(
        TextQuestion(
            key="code",
            label=_l("Your code"),
            hint=_l("The code of 20 letters and digits you received when you saved. You may type it with or without dashes."),
            example=_l("For example: K7QP-M3RT-9XWA-2HCD-VNE4"),
            autocomplete="off",
            spellcheck=False,
            max_length=40,
            required_message=_l("Enter your code"),
        ),
        BIRTH_DATE,
    ),
)


def _until(application: Application) -> str:
    return format_date(application.expires_at, "long")


def _show_code(application: Application, code: str, sent_to: str | None = None):
    email = (application.answers or {}).get("email")
    return render_template(
        "resume/saved.html",
        code=resume.format_code(code),
        until=_until(application),
        email=email if mail.enabled() else None,
        sent_to=sent_to,
        form=ENGINE.form_class(Step(key="send"))(),
    )


def save_later(application: Application):
    """Give a code now if the date of birth is known, else ask for it first."""
    born = Answers(application.answers or {}).birth_date
    if born is None:
        form = ENGINE.build_form(ASK_BIRTH_DATE, {}, None)
        return render_template("resume/birth_date.html", step=ASK_BIRTH_DATE, form=form, errors=[])
    return _show_code(application, resume.issue_code(application, born.isoformat()))


@bp.post("/application/saved")
@with_draft
def saved(application: Application):
    form = ENGINE.build_form(ASK_BIRTH_DATE, {}, request.form)
    cleaned = ENGINE.validate(ASK_BIRTH_DATE, form, Answers({}))
    if cleaned is None:
        errors = [(BIRTH_DATE.anchor, message) for message in form[BIRTH_DATE.key].errors]
        return render_template("resume/birth_date.html", step=ASK_BIRTH_DATE, form=form, errors=errors)
    return _show_code(application, resume.issue_code(application, cleaned[BIRTH_DATE.key]))


@bp.post("/application/send-code")
@with_draft
def send_code(application: Application):
    """E-mail the code just shown; the browser sends it back, we only hold its hash."""
    code = request.form.get("code", "")
    email = (application.answers or {}).get("email")
    if not ENGINE.form_class(Step(key="send"))().validate() or not resume.code_matches(application, code) or not email or not mail.enabled():
        return redirect(url_for("application.task_list"))
    mail.send_resume_code(
        email, resume.format_code(resume.normalise(code)), _until(application),
        url_for("resume.resume_form", _external=True), application.language,
    )
    return _show_code(application, resume.normalise(code), sent_to=email)


@bp.route("/resume", methods=["GET", "POST"])
def resume_form():
    form = ENGINE.build_form(RESUME, {}, request.form if request.method == "POST" else None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        cleaned = ENGINE.validate(RESUME, form, Answers({}))
        if cleaned is not None:
            attempt = resume.resume(cleaned["code"], cleaned[BIRTH_DATE.key], request.remote_addr or "")
            if attempt.outcome is resume.Outcome.RESUMED:
                application = attempt.application
                session["application"] = application.public_id
                session["language"] = application.language
                session.permanent = True
                flash("resumed", "resumed")
                return redirect(url_for("application.task_list"))
            form["code"].errors = [_message(attempt)]
        errors = [(q.anchor, message) for q in RESUME.questions for message in form[q.key].errors]
        if "csrf_token" in form.errors:
            errors.insert(0, ("code", _("For your security, this page had to be reloaded. Check your answers and press the button again.")))
    current = current_application()
    return render_template(
        "resume/resume.html", step=RESUME, form=form, errors=errors,
        has_draft=current is not None and not current.is_submitted,
    )


def _message(attempt: resume.Attempt) -> str:
    if attempt.outcome is resume.Outcome.LOCKED:
        return _(
            "Too many wrong tries with this code. Your application is safe: try again after %(time)s.",
            time=format_datetime(attempt.locked_until, "HH:mm"),
        )
    if attempt.outcome is resume.Outcome.TOO_MANY_FROM_ADDRESS:
        return _("Too many wrong tries from this connection. Your application is safe: try again in an hour.")
    return _("This code and date of birth do not match a saved application. Check both and try again; the code may also have expired.")
