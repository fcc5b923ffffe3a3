"""Save and continue later, resume with a code and the date of birth, and
closing the application on a shared device."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from .. import drafts, easy_read, limits, mail, resume
from ..drafts import current_application, with_draft
from ..i18n import format_day, format_hour
from ..security import checks_csrf_itself
from ..answers import Answers
from ..engine import StepForm
from ..models import Application, db, utcnow
from ..question_kinds import DateQuestion, EmailQuestion, TextQuestion
from ..questions import ENGINE
from ..structure import Step

bp = Blueprint("resume", __name__)

# The person filling in the form may be a parent, a representative or a
# social worker: the date asked is the applicant's. No autocomplete="bday":
# the browser would offer its owner's birthday.
BIRTH_DATE = DateQuestion(
    key="resume_birth_date",
    label=_l("What is the date of birth of the person the application is for?"),
    hint=_l("You will give it with your code to open the application again. If you fill in the form for someone else, give their date of birth, not yours."),
    example=_l("For example: 27 3 1985"),
    required_message=_l("Enter the date of birth of the person the application is for"),
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
            # No autocomplete="off": a password manager may keep the code.
            spellcheck=False,
            max_length=40,
            required_message=_l("Enter your code"),
        ),
        BIRTH_DATE,
    ),
)
# The address the code is sent to: the answers' own, filled in, or any
# other typed here (it is used for this e-mail only, not kept).
CODE_EMAIL = EmailQuestion(
    key="code_email",
    label=_l("E-mail address"),
    hint=_l("We send only the code, never your answers. This address is used for this e-mail only."),
    example=_l("For example: name@example.be"),
    required_message=_l("Enter the e-mail address to send the code to"),
)
MAIL_CODE = Step(key="mail_code", questions=(CODE_EMAIL,))
CSRF_MESSAGE = _l("For your security, this page had to be reloaded. Check your answers and press the button again.")


def _with_csrf_message(form, errors: list[tuple[str, str]], anchor: str) -> list[tuple[str, str]]:
    """The error summary's items, led by what to do when the security token
    was refused (it has no field of its own: the link goes to ``anchor``)."""
    if "csrf_token" in form.errors:
        return [(anchor, str(CSRF_MESSAGE)), *errors]
    return errors


def _until(application: Application) -> str:
    return format_day(application.expires_at)


def _email_form(application: Application, posted=None):
    """The form that sends the code by e-mail, offered on every saved page
    (when the service can send e-mail): with the answers' address filled
    in, else empty for any address."""
    return ENGINE.build_form(MAIL_CODE, {CODE_EMAIL.key: (application.answers or {}).get("email")}, posted)


def _posted_email(form) -> tuple[str | None, list[tuple[str, str]]]:
    """The address typed in the e-mail form, or the error summary's items."""
    cleaned = ENGINE.validate(MAIL_CODE, form, Answers({}))
    if cleaned is None:
        return None, [(CODE_EMAIL.anchor, message) for message in form[CODE_EMAIL.key].errors]
    return cleaned[CODE_EMAIL.key], []


def _mail_code(application: Application, code: str, email: str) -> bool:
    """Send the code (the caller has counted it against the limit)."""
    return mail.send_resume_code(
        email, resume.format_code(code), _until(application),
        url_for("resume.resume_form", _external=True), application.language, application.easy_read,
    )


def _show_code(application: Application, code: str, sent_to: str | None = None, send_failed: bool = False,
               replaced: bool = False, email_form=None, errors=()):
    """The page with a new code: shown once, never kept in the cookie."""
    return render_template(
        "resume/saved.html",
        code=resume.format_code(code),
        spelled=resume.spell_out(code),
        until=_until(application),
        mail_enabled=mail.enabled(),
        email_question=CODE_EMAIL,
        email_form=email_form or _email_form(application),
        errors=list(errors),
        sent_to=sent_to,
        send_failed=send_failed,
        replaced=replaced,
        form=StepForm(),
        step_form_id="code-form",
    )


def _show_kept(application: Application, email_form=None, errors=()):
    """The page after saving again: the code given before still works; a
    new one can be had, on screen or by e-mail."""
    issued = application.resume_code_issued_at
    return render_template(
        "resume/saved_kept.html",
        issued=format_day(issued) if issued else None,
        until=_until(application),
        mail_enabled=mail.enabled(),
        email_question=CODE_EMAIL,
        email_form=email_form or _email_form(application),
        errors=list(errors),
    )


def _ask_birth_date(application: Application | None = None, form=None, errors=()):
    """The page asking the date of birth for a code, with the month and
    year the answers already tell (WCAG 3.3.7)."""
    known = resume.known_birth_month(application) if application else None
    form = form or ENGINE.build_form(ASK_BIRTH_DATE, {BIRTH_DATE.key: known} if known else {}, None)
    return render_template(
        "resume/birth_date.html", step=ASK_BIRTH_DATE, form=form, errors=list(errors), step_form_id="step-form"
    )


def _issue(application: Application, birth_date: str, replaced: bool = False):
    """Make a new code, then show it on the page this redirect opens.

    Post/redirect/get: reloading that page never makes another code. Two
    saves at once (a double click): the browser shows the answer to the
    last one, so the loser of the race makes the code again while the
    winner's was never shown (see resume.unseen); else it goes to the page
    that says the code given before still works.
    """
    for _try in range(2):
        pad = resume.new_code()
        try:
            resume.issue_code(application, birth_date, pad=pad)
        except StaleDataError:
            db.session.rollback()
            if not resume.unseen(application):
                break
            continue
        return redirect(url_for("resume.saved_page", once=pad, **({"new": "1"} if replaced else {})))
    return redirect(url_for("resume.saved_page"))


def _keeps_its_code(application: Application) -> bool:
    """A code was given and shown: saving again keeps it."""
    return resume.has_code(application) and not resume.unseen(application)


def _known_birth_date(application: Application) -> str | None:
    """The date of birth for a new code: the answers', else the one given
    with the current code."""
    return resume.answered_birth_date(application.answers) or application.resume_birth_date


def save_later(application: Application):
    """Keep the code already given; give one if there is none yet, or if the
    one given was never shown (asking for the date of birth first when the
    answers do not give it)."""
    if _keeps_its_code(application):
        try:
            resume.keep_code(application)
        except StaleDataError:
            db.session.rollback()
        return redirect(url_for("resume.saved_page"))
    birth_date = _known_birth_date(application)
    if birth_date is None:
        return _ask_birth_date(application)
    return _issue(application, birth_date)


@bp.get("/application/saved")
@with_draft
def saved_page(application: Application):
    """The new code (once), else: the draft is saved and its code still works."""
    code = resume.take_for_display(application, request.args.get("once"))
    if code:
        return _show_code(application, code, replaced=request.args.get("new") == "1")
    if not resume.has_code(application):
        return redirect(url_for("application.task_list"))
    return _show_kept(application)


@bp.post("/application/saved")
@checks_csrf_itself
@with_draft
def saved(application: Application):
    if _keeps_its_code(application):  # reloaded after its code was shown: keep the code
        return redirect(url_for("resume.saved_page"))
    form = ENGINE.build_form(ASK_BIRTH_DATE, {}, request.form)
    if drafts.switch_posted(application):
        return _ask_birth_date(form=form)
    cleaned = ENGINE.validate(ASK_BIRTH_DATE, form, Answers({}))
    if cleaned is None:
        errors = [(BIRTH_DATE.anchor, message) for message in form[BIRTH_DATE.key].errors]
        return _ask_birth_date(form=form, errors=_with_csrf_message(form, errors, BIRTH_DATE.anchor))
    return _issue(application, cleaned[BIRTH_DATE.key])


@bp.post("/application/new-code")
@with_draft
def new_code(application: Application):
    """ "I lost my code": a new one; the old one stops working, and so does
    the draft on any other browser that had it open (whoever found the
    code may have opened it)."""
    birth_date = _known_birth_date(application)
    if not birth_date:
        return _ask_birth_date(application)
    drafts.rotate(application)
    return _issue(application, birth_date, replaced=True)


@bp.post("/application/saved/code")
@with_draft
def show_code(application: Application):
    """The new code again in the language chosen with the header's buttons.

    The page sends back the code it shows (as for the e-mail): nothing of it
    is kept here or in the cookie, and switching language does not lose it.
    """
    code = request.form.get("code", "")
    if not resume.code_matches(application, code):
        return redirect(url_for("resume.saved_page"))
    drafts.switch_posted(application)
    return _show_code(application, resume.normalise(code), replaced=request.form.get("replaced") == "1")


@bp.post("/application/send-code")
@with_draft
def send_code(application: Application):
    """E-mail the code just shown, to the address typed or kept in the
    form; the browser sends the code back, we only hold its hash."""
    code = request.form.get("code", "")
    if not resume.code_matches(application, code) or not mail.enabled():
        return redirect(url_for("application.task_list"))
    code, replaced = resume.normalise(code), request.form.get("replaced") == "1"
    form = _email_form(application, request.form)
    email, errors = _posted_email(form)
    if errors:
        return _show_code(application, code, replaced=replaced, email_form=form, errors=errors)
    limits.enforce("mail", application.id)
    sent = _mail_code(application, code, email)
    return _show_code(
        application, code, sent_to=email if sent else None, send_failed=not sent, replaced=replaced, email_form=form,
    )


@bp.post("/application/new-code/email")
@with_draft
def mail_new_code(application: Application):
    """The e-mail offered after saving again: the code given before is not
    known here (only its hash), so a new one is made, sent and shown; the
    old one stops working, as with "I lost my code"."""
    if not mail.enabled() or not resume.has_code(application):
        return redirect(url_for("resume.saved_page"))
    form = _email_form(application, request.form)
    email, errors = _posted_email(form)
    if errors:
        return _show_kept(application, form, errors)
    limits.enforce("mail", application.id)
    try:
        drafts.rotate(application)
        # No one-time pad: this answer shows the code, so it is seen.
        code = resume.issue_code(application, _known_birth_date(application))
    except StaleDataError:  # a double click: the other request's code was sent
        db.session.rollback()
        return redirect(url_for("resume.saved_page"))
    sent = _mail_code(application, code, email)
    return _show_code(application, code, sent_to=email if sent else None, send_failed=not sent, replaced=True, email_form=form)


@bp.post("/application/close")
def close():
    """Close the application on this device (a commune or CPAS desk, a
    library): the next person finds the start page, and a copy of the
    cookie opens nothing. A draft stays saved and opens again with its
    code; nothing is deleted."""
    if not drafts.has_token():
        return redirect(url_for("public.start"))
    application = current_application()
    drafts.end_here()
    # "It stays saved" only for a draft still open: not for a sent
    # application, nor for one no longer reachable (expired, or sent longer
    # ago than SENT_ACCESS_HOURS).
    flash("draft" if application is not None and not application.is_submitted else "other", "closed")
    return redirect(url_for("public.start"))


@bp.route("/resume", methods=["GET", "POST"])
@checks_csrf_itself
def resume_form():
    form = ENGINE.build_form(RESUME, {}, request.form if request.method == "POST" else None)
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST" and not drafts.switch_posted():
        cleaned = ENGINE.validate(RESUME, form, Answers({}))
        if cleaned is not None:
            try:
                limits.enforce("resume")
            except limits.RateLimited as refused:
                # The form comes back with what was typed and when to try again.
                form["code"].errors = [limits.message(refused)]
                cleaned, status = None, 429
        if cleaned is not None:
            # request.remote_addr is the client's own when TRUSTED_PROXIES says
            # how many proxies stand in front (see create_app).
            attempt = resume.resume(cleaned["code"], cleaned[BIRTH_DATE.key], request.remote_addr or "")
            if attempt.outcome is resume.Outcome.RESUMED:
                application = attempt.application
                drafts.open_after_resume(application)
                session["language"] = application.language
                easy_read.remember(application.easy_read)
                flash("resumed", "resumed")
                return redirect(url_for("application.task_list"))
            form["code"].errors = [_message(attempt)]
        errors = _with_csrf_message(
            form, [(q.anchor, message) for q in RESUME.questions for message in form[q.key].errors], "code"
        )
    current = current_application()
    return render_template(
        "resume/resume.html", step=RESUME, form=form, errors=errors,
        has_draft=current is not None and not current.is_submitted, step_form_id="resume-form",
    ), status


def _message(attempt: resume.Attempt) -> str:
    if attempt.outcome is resume.Outcome.LOCKED and attempt.locked_until - utcnow() > timedelta(hours=12):
        return _(
            "Too many wrong tries with this code. Your application is safe: try again on %(date)s after %(time)s.",
            date=format_day(attempt.locked_until), time=format_hour(attempt.locked_until),
        )
    if attempt.outcome is resume.Outcome.LOCKED:
        return _(
            "Too many wrong tries with this code. Your application is safe: try again after %(time)s.",
            time=format_hour(attempt.locked_until),
        )
    if attempt.outcome is resume.Outcome.TOO_MANY_FROM_ADDRESS:
        return _("Many wrong tries came from this connection. Check the code and the date of birth carefully: the right ones still open your application.")
    return _("This code and date of birth do not match a saved application. Check both and try again; the code may also have expired.")
