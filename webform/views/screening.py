"""The screening pages: "What could I be entitled to?", anonymous.

Nothing is stored and nothing is logged: the answers are posted (never in a
URL, which access logs keep), checked by the engine as a step's are, shown
back as a verdict per request, and carried in the result page's own form as
hidden fields. Only "Start an application with these requests" creates a
draft, the way the start page does (same rate limit, same draft session),
with the answers the application also asks already given.
"""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import drafts, i18n, limits, resume, screening, storage
from ..answers import Answers
from ..drafts import current_application
from ..questions import ENGINE
from ..security import checks_csrf_itself
from .application import ERRORS_SHOWN

bp = Blueprint("screening", __name__, url_prefix="/screening")

QUESTIONS_FORM = "screening-form"
RESULT_FORM = "screening-result-form"


def _requests_step():
    """The application's own first step: its question, options and check."""
    return ENGINE.find("requests")[1]


def _form(formdata=None):
    return ENGINE.build_form(screening.STEP, {}, formdata)


def _errors(step, form) -> list[tuple[str, str]]:
    errors = [(q.anchor, message) for q in step.questions for message in form[q.key].errors]
    if "csrf_token" in form.errors:
        errors.insert(0, (QUESTIONS_FORM if step is screening.STEP else RESULT_FORM,
                          _("For your security, this page had to be reloaded. Check your answers and press the button again.")))
    return errors


def _questions_page(form):
    return render_template(
        "screening/questions.html",
        sections=screening.SECTIONS,
        form=form,
        errors=_errors(screening.STEP, form),
        step_form_id=QUESTIONS_FORM,
        errors_shown=ERRORS_SHOWN,
    )


def _hidden(answers: dict) -> list[tuple[str, str]]:
    """The answers as the questions page posts them, to post them again."""
    pairs = []
    for question in screening.STEP.questions:
        value = answers.get(question.key)
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                pairs.append((question.key, str(item)))
    return pairs


def _result_page(answers: dict, requests_form):
    outcomes = screening.assess(answers)
    shown = [o.entitlement.request for o in outcomes if o.verdict is not screening.Verdict.UNLIKELY]
    return render_template(
        "screening/result.html",
        outcomes=outcomes,
        at_hand=screening.at_hand(set(shown), answers),
        shown_requests=list(dict.fromkeys(shown)),
        child=screening.is_a_child(answers),
        hidden=_hidden(answers),
        requests_question=ENGINE.questions["requests"],
        requests_form=requests_form,
        errors=_errors(_requests_step(), requests_form),
        step_form_id=RESULT_FORM,
    )


@bp.get("/")
def questions():
    return _questions_page(_form())


@bp.post("/")
@checks_csrf_itself
def answer():
    form = _form(request.form)
    if drafts.switch_posted():
        if request.form.get(ERRORS_SHOWN):
            ENGINE.check_input(screening.STEP, form, Answers())
        return _questions_page(form)
    answers = ENGINE.validate(screening.STEP, form, Answers())
    if answers is None:
        return _questions_page(form)
    suggested = screening.suggested_requests(screening.assess(answers))
    requests_form = ENGINE.build_form(_requests_step(), {"requests": suggested}, None)
    return _result_page(answers, requests_form)


@bp.post("/start")
@checks_csrf_itself
def start():
    form = _form(request.form)
    answers = ENGINE.validate(screening.STEP, form, Answers())
    if answers is None:
        # Hidden answers changed by hand, or a page kept past its token:
        # the questions again, with what is wrong said.
        return _questions_page(form)
    requests_form = ENGINE.build_form(_requests_step(), {}, request.form)
    if drafts.switch_posted():
        return _result_page(answers, requests_form)
    if request.form.get("action") == "change":
        return _questions_page(form)
    requests = ENGINE.validate(_requests_step(), requests_form, Answers())
    if requests is None:
        return _result_page(answers, requests_form)
    draft = current_application()
    if draft is not None and not draft.is_submitted:
        # Never mixed into the application open in this browser.
        return redirect(url_for("screening.draft_open"))
    limits.enforce("start")
    application = storage.create_application(*i18n.current_reading())
    drafts.open_new(application)
    values, completed = screening.prefill(answers, requests["requests"])
    storage.save_step(application, values, completed)
    return redirect(url_for("application.task_list"))



@bp.get("/draft-open")
def draft_open():
    """ "An application is already open in this browser": a page of its own,
    reached by a redirect, so that the header's switch links, which come
    back to the page they were on, find a page they can open."""
    draft = current_application()
    if draft is None or draft.is_submitted:
        return redirect(url_for("screening.questions"))
    return render_template("screening/draft_open.html", has_code=resume.has_code(draft))
