"""The application itself: start, task list, one page per step, submission.

Every route finds the application through the caller's own session only; no
identifier of an application ever appears in a URL.
"""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import replace

from flask import Blueprint, abort, flash, get_flashed_messages, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict

from .. import drafts, i18n, later_documents, limits, pdf, pdf_jobs, resume, storage, uploads
from ..drafts import current_application, with_draft
from ..security import checks_csrf_itself, csrf
from .resume import save_later
from ..answers import MAJORITY_AGE, Answers
from ..engine import Status, StepForm
from ..models import Application, db
from ..question_kinds import DATE_PARTS
from ..questions import ENGINE

bp = Blueprint("application", __name__, url_prefix="/application")

# Posted by a page that shows errors: its input, kept by a language button
# or "Save and continue later", comes back with the same errors.
ERRORS_SHOWN = "errors_shown"

STATUS_LABELS = {
    Status.CANNOT_START: lambda: _("Cannot start yet"),
    Status.NOT_STARTED: lambda: _("Not started"),
    Status.IN_PROGRESS: lambda: _("In progress"),
    Status.COMPLETED: lambda: _("Completed"),
    Status.READY: lambda: _("Ready to send"),
}


def answers_of(application: Application) -> Answers:
    return Answers.of(application)


@bp.post("/start")
@checks_csrf_itself
def start():
    form = StepForm()
    if not form.validate():
        return render_template(
            "errors/error.html",
            title=_("Your application could not be started"),
            message=_("Your browser must accept cookies from this site: we use one cookie to keep your application. Allow it, then go back to the start page."),
        ), 400
    application = current_application()
    if application is None or application.is_submitted:
        limits.enforce("start")
        application = storage.create_application(*i18n.current_reading())
        drafts.open_new(application)
    return redirect(url_for("application.task_list"))


@bp.get("/")
@with_draft
def task_list(application: Application):
    answers = answers_of(application)
    completed = set(application.completed_steps or [])
    rows = []
    for number, part in enumerate(ENGINE.visible_parts(answers), start=1):
        status = ENGINE.part_status(part, answers, completed)
        url = None
        if status is not Status.CANNOT_START:
            url = (
                url_for("application.check")
                if ENGINE.submit_step() in part.steps
                else url_for("application.step", step_key=ENGINE.first_open_step(part, answers, completed).key)
            )
        rows.append({"part": part.in_words_for(answers), "number": number, "status": status, "label": STATUS_LABELS[status](), "url": url})
    # Only sending completes the sending part: the count is of the parts to fill in.
    to_fill = [row for row in rows if ENGINE.submit_step() not in row["part"].steps]
    return render_template(
        "application/task_list.html",
        rows=rows,
        done=sum(1 for row in to_fill if row["status"] is Status.COMPLETED),
        total=len(to_fill),
        ready=any(row["status"] is Status.READY for row in rows),
        parts_by_key={part.key: part.in_words_for(answers) for part in ENGINE.parts},
        continue_url=_continue_url(answers, completed),
    )


def _continue_url(answers: Answers, completed: set[str]) -> str | None:
    """Where "Continue" on the task list goes once something is saved (after
    resuming, say): the first unfinished step, else the check page, which
    says what is still missing or leads to sending."""
    if not completed:
        return None  # nothing done yet: the first part's link is the way in
    unfinished = ENGINE.first_incomplete_step(answers, completed)
    if unfinished is None:
        return url_for("application.check")
    return url_for("application.step", step_key=unfinished.key)


@bp.route("/<step_key>", methods=["GET", "POST"])
@checks_csrf_itself
@with_draft
def step(application: Application, step_key: str):
    answers = answers_of(application)
    location = ENGINE.locate(step_key, answers)
    if location is None and ENGINE.find(step_key) is None:
        abort(404)
    completed = set(application.completed_steps or [])
    if location is None or not ENGINE.can_start(location.part, answers, completed):
        return _not_open_yet()

    if request.method == "GET":
        pending = _typed_something((application.pending_input or {}).get(step_key))
        formdata = MultiDict([(k, v) for k, values in pending.items() for v in values]) if pending else None
        form = ENGINE.build_form(location.step, resume.known_answers(application), formdata)
        if pending and pending.get(ERRORS_SHOWN):
            ENGINE.check_input(location.step, form, answers)
        return _render_step(location, form, answers)

    # Checked before anything typed is kept (language buttons and "Save and
    # continue later" included): a page shown before another tab saved must
    # not bring its old values back.
    posted = _posted_checker(location.step, application, answers)
    stale = _is_stale(location.step, application, answers, posted)
    if i18n.switch_pressed(request.form):
        return _switch_reading(application, step_key, keep_input=not stale)
    if stale:
        # Another tab or window changed this page's answers since it was shown.
        flash("stale", "warning")
        return redirect(url_for("application.step", step_key=step_key, **_return_args()))
    later = request.form.get("action") == "later"
    form, cleaned = posted()
    if "csrf_token" in form.errors:
        # Nothing is kept or saved without the token, whatever the button:
        # the page comes back with what was typed and a fresh token.
        return _render_step(location, form, answers)
    link = _chosen_link(location.step)
    if cleaned is None and link:
        # A step's link button (attach documents) keeps what was typed, like
        # saving for later, then opens the linked page.
        _keep_typed_input(application, step_key)
        return redirect(url_for(link))
    if cleaned is None and later:
        # Saving for later keeps what was typed, valid or not, to show it again.
        _keep_typed_input(application, step_key)
        return save_later(application)
    if cleaned is None:
        return _render_step(location, form, answers)
    merged = ENGINE.merge(application.answers or {}, location.step, cleaned)
    completed.add(step_key)
    application.pending_input = {k: v for k, v in (application.pending_input or {}).items() if k != step_key}
    try:
        storage.save_step(application, merged, completed)
    except StaleDataError:
        db.session.rollback()
        flash("stale", "warning")
        return redirect(url_for("application.step", step_key=step_key, **_return_args()))
    if link:
        return redirect(url_for(link))
    if later:
        return save_later(application)
    return _after_save(application, location)


def _not_open_yet():
    """A page of the form that this application does not show (yet): a
    bookmark, a link from another tab, a part that needs others first. The
    task list, with a word on why, rather than "page not found"."""
    flash("not_open", "not_open")
    return redirect(url_for("application.task_list"))


def _typed_something(pending: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
    """Input kept from a page left without Continue, unless nothing was typed
    in it: a page left blank shows what is saved or known (a date of birth
    given for the code since, WCAG 3.3.7)."""
    return pending if pending and any(v.strip() for values in pending.values() for v in values) else None


def _chosen_link(step) -> str | None:
    """The endpoint of the step's link button that was pressed (only one of
    the step's own links: the form cannot send the browser elsewhere)."""
    action = request.form.get("action")
    return next((endpoint for endpoint, _label in step.links if action == endpoint), None)


def _posted_checker(step, application: Application, answers: Answers):
    """The posted form, filled and checked against the stored answers, at
    most once per request: the stale check and the save both need it, and
    the draft does not change between them."""

    @functools.cache
    def posted():
        form = ENGINE.build_form(step, application.answers or {}, request.form)
        return form, ENGINE.validate(step, form, answers)

    return posted


def _is_stale(step, application: Application, answers: Answers, posted) -> bool:
    """The page was shown before another tab saved this step's answers.

    Input that would save exactly what is saved now is not stale: the twin
    request of a double click on "Continue" (or "Save and continue later")
    finds the answers its first click saved, and must go on, not warn.
    """
    stored = application.answers or {}
    if request.form.get("answers_seen") == answers_seen(step, stored):
        return False
    _form, cleaned = posted()
    if cleaned is None:
        # The twin of a click that kept this very input (its valid answers saved).
        kept = (application.pending_input or {}).get(step.key)
        return kept != _typed_input() or answers_seen(step, _kept_answers(application, step)) != answers_seen(step, stored)
    return answers_seen(step, ENGINE.merge(stored, step, cleaned)) != answers_seen(step, stored)


def answers_seen(step, stored: dict) -> str:
    """A fingerprint of this step's saved answers as the page showed them."""
    shown = {q.key: stored.get(q.key) for q in step.questions}
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _typed_input() -> dict[str, list[str]]:
    """What was typed in this step's own fields (a date's day, month and year
    included); anything else a browser may post is not kept."""
    _part, step = ENGINE.find(request.view_args["step_key"])
    keys = {q.key for q in step.questions}
    names = keys | {f"{key}-{part}" for key in keys for part in DATE_PARTS} | {ERRORS_SHOWN}
    return {k: request.form.getlist(k) for k in request.form if k in names}


def _kept_answers(application: Application, step) -> dict:
    """The stored answers with those of this step's input that pass their checks."""
    stored = application.answers or {}
    form = ENGINE.build_form(step, stored, request.form)
    return ENGINE.merge(stored, step, ENGINE.valid_part(step, form, answers_of(application)), confirmed=False)


def _keep_typed_input(application: Application, step_key: str) -> None:
    """Keep what was typed on a page left without Continue ("Save and
    continue later", a link button, a language button): its valid answers
    are saved, so the check page and the PDF say what the screen showed,
    and the whole input is kept to be shown again with its errors.

    The twin request of a double click may have changed the draft first
    (StaleDataError): its copy of the same input stands, and this request
    goes on with the draft as it now is."""
    _part, step = ENGINE.find(step_key)
    try:
        storage.keep_pending_input(application, step_key, _typed_input(), answers=_kept_answers(application, step))
    except StaleDataError:
        db.session.rollback()


def returning_to_check() -> bool:
    """The step was opened from "Check your answers" with a Change link."""
    return request.args.get("return") == "check"


def _switch_reading(application: Application, step_key: str, keep_input: bool):
    """Keep what was typed on this step, then show it again in the new
    language or version (easy-read): the header's switches (i18n.SWITCHES).

    From a page that another tab has changed since, the language still
    changes but the old page's input is refused, as a stale Continue is.
    """
    csrf.protect()  # the step checks its token itself (see security.py)
    if not drafts.apply_switch(request.form, application):
        abort(400)
    if keep_input:
        _keep_typed_input(application, step_key)
    else:
        flash("stale", "warning")
    return redirect(url_for("application.step", step_key=step_key, **_return_args()))


def _return_args() -> dict:
    return {"return": "check"} if returning_to_check() else {}


def _after_save(application: Application, location):
    answers = answers_of(application)
    if location.step.submits:
        return _submit(application, answers)
    following = ENGINE.next_step(location.step.key, answers)
    completed = set(application.completed_steps or [])
    if returning_to_check():
        # A change may open new steps, here or in other parts (a helper now
        # named, the allowances added): walk through them, then come back.
        unfinished = ENGINE.first_incomplete_step(answers, completed)
        if unfinished is not None:
            return redirect(url_for("application.step", step_key=unfinished.key, **_return_args()))
        return redirect(check_row_url(location.step))
    if following is not None:
        return redirect(url_for("application.step", step_key=following.key))
    flash(location.part.key, "part_completed")
    return redirect(url_for("application.task_list"))


def check_row_url(step) -> str:
    """The check page at the row of the step's first question: after a
    change, the person lands where they left, not at the top."""
    anchor = f"row-{step.questions[0].key}" if step.questions else None
    return url_for("application.check", _anchor=anchor)


def _submit(application: Application, answers: Answers):
    """Send, only when no answer is missing; otherwise show what is.
    Documents still to send never stop it (see later_documents)."""
    completed = set(application.completed_steps or [])
    if ENGINE.missing_items(answers, completed):
        flash("missing", "not_sent")
        return redirect(url_for("application.check"))
    limits.enforce("send", application.id)
    try:
        storage.submit(application, ENGINE.visible_answers(answers), keep_summary=pdf_jobs.enqueue_sent)
    except StaleDataError:
        # Sent twice at once (a double click, two tabs): the first one won,
        # and this request, let in before it, keeps the confirmation (the
        # browser shows this answer, not the first one's). Anything else
        # that changed the draft meanwhile: check it again.
        db.session.rollback()
        refreshed = storage.find_application_by_id(application.id)
        if refreshed is None or not refreshed.is_submitted:
            flash("missing", "not_sent")
            return redirect(url_for("application.check"))
        application = refreshed
    drafts.open_after_sending(application)
    pdf.drop_draft_copy(application)
    return redirect(url_for("application.confirmation"))


def _render_step(location, form, answers: Answers):
    step = location.step
    previous = ENGINE.previous_step(step.key, answers)
    if returning_to_check() or (step.submits and previous is None):
        back_url = url_for("application.check")
    elif previous:
        back_url = url_for("application.step", step_key=previous.key)
    else:
        back_url = url_for("application.task_list")
    errors = [
        (question.anchor, message)
        for question in step.questions
        for message in form[question.key].errors
    ]
    if "csrf_token" in form.errors:
        errors.insert(0, ("step-form", _("For your security, this page had to be reloaded. Check your answers and press the button again.")))
    # Shown in the words of whoever fills in (wording.py).
    shown = step.in_words_for(answers)
    return render_template(
        "application/step.html",
        location=replace(location, part=location.part.in_words_for(answers), step=shown),
        step=shown,
        intro=shown.intro_for(answers),
        questions=[question.for_answers(answers) for question in step.questions],
        form=form,
        errors=errors,
        back_url=back_url,
        form_action=url_for("application.step", step_key=step.key, **_return_args()),
        answers_seen=answers_seen(step, answers.as_dict()),
        step_form_id="step-form",
        errors_shown=ERRORS_SHOWN,
    )


@bp.get("/check")
@with_draft
def check(application: Application):
    """Every answer by part, what is still missing, and the way to send."""
    answers = answers_of(application)
    completed = set(application.completed_steps or [])
    missing = ENGINE.missing_items(answers, completed)
    # Only after a refused send is what is missing an error (summary with
    # the focus, "Error:" in the title); before, a neutral list of progress.
    refused = bool(get_flashed_messages(category_filter=["not_sent"]))
    return render_template(
        "application/check.html",
        application=application,
        errors=missing if refused else [],
        sections=[(part.in_words_for(answers), ENGINE.answer_lines(part, answers)) for part in ENGINE.summary_parts(answers)],
        missing=missing,
        later=later_documents.of(application),
        attachments=application.attachments,
        kinds=uploads.KINDS,
        size_label=uploads.size_label,
        declaration_url=url_for("application.step", step_key=ENGINE.submit_step().key),
    )


@bp.get("/summary.pdf")
def summary_pdf():
    """The PDF of the caller's own application: final once sent, else a marked draft."""
    application = current_application()
    if application is None:
        return redirect(url_for("public.start"))
    limits.enforce("pdf", application.id)
    if application.is_submitted:
        document = pdf.sent_summary(application)
        if document is None:
            return _summary_not_ready(application)
    else:
        document = pdf.draft_summary(application)
    response = make_response(document)
    response.headers["Content-Type"] = "application/pdf"
    response.headers.set("Content-Disposition", "attachment", filename=pdf.file_name(application))
    return response


def _summary_not_ready(application: Application):
    """The sent PDF is made by the PDF worker, a moment after sending: until
    then a page that says so (202: accepted, not done yet), never a broken
    download, and never a layout of seconds inside this request."""
    response = make_response(render_template("application/summary_pending.html", summary_state=pdf_jobs.state(application)), 202)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/sent")
def confirmation():
    application = current_application()
    if application is None:
        return redirect(url_for("public.start"))
    if not application.is_submitted:
        return redirect(url_for("application.task_list"))
    answers = answers_of(application)
    later = later_documents.of(application)
    return render_template(
        "application/confirmation.html",
        application=application,
        requests=answers.get("requests") or [],
        doctors_contacted=answers.get("doctor_consent") == "yes",
        later=later,
        postal_address=later.address,
        # No medical evaluation for a new copy of a parking card or the EDC alone.
        evaluated=answers.needs_evaluation,
        # The recognition's processing time differs for children (None: age unknown).
        applicant_is_child=None if answers.age is None else answers.age < MAJORITY_AGE,
        home_visit="home_visit" in (answers.get("meeting_help") or []),
        # Made by the PDF worker a moment after sending (pdf_jobs.py).
        summary_state=pdf_jobs.state(application),
    )
