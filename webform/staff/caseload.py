"""Assisted applications and the organisation's caseload.

The staff home is the caseload: the organisation's drafts and sent
applications, filtered by status, found by national register number
(through its keyed hash, never a scan of the numbers) or by name (names
are encrypted: compared in Python, over the organisation's applications
only). "Start an application for a citizen" first records how the helper
acts for them, then opens the same steps as the citizen's (assisted.py).
Every application reached here belongs to the member's organisation;
anything else is "not found" (404), never "forbidden".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import i18n, pdf, storage
from ..answers import Answers
from ..engine import Status
from ..models import ASSISTANCE_CAPACITIES, Application, StaffMember, db, national_number_hmac
from ..question_kinds import ChoiceQuestion, DateQuestion, Option, TextQuestion
from ..questions import ENGINE
from ..structure import Step
from . import audit
from .assisted import CAPACITY_LABELS, open_here
from .session import current_staff, staff_required

bp = Blueprint("staff", __name__, url_prefix="/staff")

# The caseload's status filter: the word in the URL, the statuses it shows.
STATUS_FILTERS = {"all": ("draft", "submitted"), "draft": ("draft",), "submitted": ("submitted",)}
STATUS_FILTER_LABELS = {"all": _l("All"), "draft": _l("Drafts"), "submitted": _l("Sent")}

START = Step(
    key="assistance",
    questions=(
        ChoiceQuestion(
            key="capacity",
            label=_l("How do you act for the person?"),
            required_message=_l("Select how you act for the person"),
            options=tuple(Option(value, CAPACITY_LABELS[value]) for value in ASSISTANCE_CAPACITIES),
        ),
        DateQuestion(
            key="assistance_date",
            label=_l("Date of the agreement, the proxy or the decision naming you"),
            hint=_l("For a person present today, today's date. For example 27 3 2026"),
            earliest_year=2000,
        ),
    ),
)
SEARCH = Step(
    key="search",
    questions=(
        TextQuestion(key="number", label=_l("National register number"), hint=_l("Or BIS number. Dots, dashes and spaces do not matter."), required=False),
        TextQuestion(key="name", label=_l("Name"), hint=_l("First name, last name or part of them."), required=False),
    ),
)


@dataclass(frozen=True)
class Case:
    """One row of the caseload."""

    application: Application
    name: str
    requests: str
    done: int
    total: int
    missing: int
    changed_at: datetime
    changed_by: str | None


def case_of(application: Application) -> Case:
    """The row of an application: progress as the task list counts it (the
    parts to fill in, without the sending part) and the items missing as
    the check page lists them."""
    answers = Answers.of(application)
    completed = set(application.completed_steps or [])
    to_fill = [part for part in ENGINE.visible_parts(answers) if ENGINE.submit_step() not in part.steps]
    changed_by = db.session.get(StaffMember, application.last_changed_by_id) if application.last_changed_by_id else None
    return Case(
        application=application,
        name=pdf.full_name(answers),
        requests=ENGINE.questions["requests"].in_words_for(answers).display(answers.get("requests")),
        done=sum(1 for part in to_fill if ENGINE.part_status(part, answers, completed) is Status.COMPLETED),
        total=len(to_fill),
        missing=0 if application.is_submitted else len(ENGINE.missing_items(answers, completed)),
        changed_at=application.updated_at,
        changed_by=changed_by.name if changed_by else None,
    )


def organisation_applications(member: StaffMember, statuses: tuple[str, ...], number_hash: str | None = None) -> list[Application]:
    """The organisation's applications (and no other), the latest change first."""
    query = select(Application).where(
        Application.organisation_id == member.organisation_id, Application.status.in_(statuses)
    )
    if number_hash is not None:
        query = query.where(Application.national_number_hmac == number_hash)
    found = db.session.execute(query.order_by(Application.updated_at.desc())).scalars()
    # A draft past its expiry counts as gone, as for the citizen.
    return [a for a in found if storage.find_application_by_id(a.id) is not None]


def _matches_name(case: Case, words: str) -> bool:
    wanted = words.casefold().split()
    return all(word in case.name.casefold() for word in wanted)


def _number_hash(form, number: str) -> str | None:
    """The keyed hash of a whole number (11 digits, however written): the
    caseload is searched by it, never by the number itself."""
    digits = "".join(c for c in number if c in "0123456789")
    if len(digits) != 11:
        form.number.errors = [_("Enter the 11 digits of the number, for example 85.07.30-033.61")]
        return None
    return national_number_hmac(digits)


def _status_filter() -> str:
    chosen = request.values.get("status", "all")
    return chosen if chosen in STATUS_FILTERS else "all"


@bp.route("/", methods=["GET", "POST"])
@staff_required
def caseload():
    member = current_staff()
    status = _status_filter()
    form = ENGINE.build_form(SEARCH, {}, request.form if request.method == "POST" else None)
    searched = request.method == "POST" and ENGINE.validate(SEARCH, form, Answers({})) is not None
    number = form.number.data if searched else ""
    name = form.name.data if searched else ""
    number_hash = _number_hash(form, number) if number else None
    searched = searched and not form.number.errors
    applications = organisation_applications(member, STATUS_FILTERS[status], number_hash if searched else None)
    cases = [case_of(a) for a in applications]
    if searched and name.strip():
        cases = [case for case in cases if _matches_name(case, name)]
    audit.record(member, "view", None, "search" if searched else "caseload")
    db.session.commit()
    errors = [(question.anchor, message) for question in SEARCH.questions for message in form[question.key].errors]
    return render_template(
        "staff/caseload.html", cases=cases, form=form, questions=SEARCH.questions, errors=errors,
        status=status, status_labels=STATUS_FILTER_LABELS, searched=searched, member=member,
    )


# How the member acts (ASSISTANCE_CAPACITIES) -> the answer to "helper_kind".
PREFILLED_HELPER_KIND = {"present": "present", "proxy": "proxy"}


@bp.route("/start", methods=["GET", "POST"])
@staff_required
def start():
    """How the helper acts for the person, and since when; then the steps."""
    member = current_staff()
    if request.method == "GET":
        form = ENGINE.build_form(START, {"assistance_date": date.today().isoformat()}, None)
        return _start_page(form)
    form = ENGINE.build_form(START, {}, request.form)
    cleaned = ENGINE.validate(START, form, Answers({}))
    if cleaned is None:
        return _start_page(form)
    application = storage.create_application(*i18n.current_reading())
    application.organisation_id = member.organisation_id
    application.assisted_by_id = application.last_changed_by_id = member.id
    application.assistance_capacity = cleaned["capacity"]
    application.assistance_date = date.fromisoformat(cleaned["assistance_date"])
    # "Who is filling in this form?" already answered, to confirm: a legal
    # representative may be a minor's parent or an administrator, so that
    # one is left for the member to choose.
    if cleaned["capacity"] in PREFILLED_HELPER_KIND:
        application.answers = {"helper_kind": PREFILLED_HELPER_KIND[cleaned["capacity"]]}
    audit.record(member, "start", application)
    db.session.commit()
    open_here(member, application)
    return redirect(url_for("application.task_list"))


def _start_page(form):
    errors = [(question.anchor, message) for question in START.questions for message in form[question.key].errors]
    return render_template("staff/start.html", form=form, questions=START.questions, errors=errors)


@bp.get("/applications/<public_id>")
@staff_required
def open_case(public_id: str):
    """Open one of the organisation's applications to continue it (or read it, once sent)."""
    member = current_staff()
    application = db.session.execute(
        select(Application).where(Application.public_id == public_id, Application.organisation_id == member.organisation_id)
    ).scalar_one_or_none()
    if application is None or storage.find_application_by_id(application.id) is None:
        abort(404)
    open_here(member, application)
    audit.record(member, "view", application, "open")
    db.session.commit()
    return redirect(url_for("application.confirmation" if application.is_submitted else "application.task_list"))
