"""The organisation administrator's view of the audit log: a table of the
organisation's lines, filters (member, action, dates) and a CSV export.

Read only, by design: no route of the application changes or deletes an
audit line (tests/staff/test_audit_views.py calls every route to show it).
The filters are posted (every form of the service is, with its security
token), so the header's language buttons keep them. The export streams the
lines with the same filters and is itself written to the log first.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import ClassVar

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_babel import gettext as _, lazy_gettext as _l, to_utc
from sqlalchemy import Select, select

from .. import drafts
from ..answers import Answers
from ..models import Application, AuditEvent, StaffMember, db
from ..question_kinds import ChoiceQuestion, DateQuestion, Option
from ..questions import ENGINE
from ..structure import Step
from . import audit
from .session import admin_required, current_staff

bp = Blueprint("staff_audit", __name__, url_prefix="/staff")

# The table shows the latest lines; the export gives them all.
SHOWN = 200

ACTION_LABELS = {
    "login": _l("Logged in"),
    "logout": _l("Logged out"),
    "login_failed": _l("Failed login"),
    "start": _l("Started an application"),
    "view": _l("Viewed"),
    "change": _l("Changed"),
    "download": _l("Downloaded"),
    "upload": _l("Attached a file"),
    "delete_file": _l("Removed a file"),
    "handover_code": _l("Made a code for the citizen"),
    "handover_letter": _l("Printed the hand-over letter"),
    "handover_email": _l("E-mailed the code to the citizen"),
    "take_over": _l("Took over a citizen's application"),
    "send": _l("Sent an application"),
    "staff_added": _l("Added a member of staff"),
    "staff_disabled": _l("Disabled a member of staff"),
    "staff_reset": _l("Reset a member of staff"),
    "log_export": _l("Exported the log"),
}
assert set(ACTION_LABELS) == set(audit.ACTIONS), "a label for every word of audit.ACTIONS"


@dataclass(frozen=True, kw_only=True)
class SelectQuestion(ChoiceQuestion):
    """A choice among many (the members, the actions): a select element,
    its first option "All" (empty: no filter)."""

    macro: ClassVar[str] = "select"


ALL = Option("", _l("All"))
MEMBER = SelectQuestion(key="member", label=_l("Member of staff"), required=False)
ACTION = SelectQuestion(
    key="action", label=_l("Action"), required=False,
    options=(ALL, *(Option(value, label) for value, label in ACTION_LABELS.items())),
)
FROM = DateQuestion(key="from_date", label=_l("From"), required=False, example=_l("For example: 1 12 2026"))
UNTIL = DateQuestion(key="until_date", label=_l("Until"), required=False, example=_l("For example: 31 12 2026"))


def _in_order(answers: Answers) -> dict[str, str]:
    start, end = answers.get(FROM.key), answers.get(UNTIL.key)
    if start and end and end < start:
        return {UNTIL.key: _("Enter a date on or after the first date")}
    return {}


FILTERS = Step(key="log_filters", title=_l("Audit log"), questions=(MEMBER, ACTION, FROM, UNTIL), check=_in_order)


def _filters_step(organisation_id: int) -> Step:
    """The filters, with the organisation's own members to choose from."""
    members = db.session.execute(
        select(StaffMember).where(StaffMember.organisation_id == organisation_id).order_by(StaffMember.name)
    ).scalars()
    options = (ALL, *(Option(str(m.id), m.name) for m in members))
    return replace(FILTERS, questions=(replace(MEMBER, options=options), ACTION, FROM, UNTIL))


def _read_filters(step: Step) -> tuple[object, dict, list[tuple[str, str]]]:
    """The posted filters (or none on a GET), the form, and the error summary's items."""
    if request.method != "POST":
        return ENGINE.build_form(step, {}, None), {}, []
    form = ENGINE.build_form(step, {}, request.form)
    drafts.switch_posted()  # the header's buttons: the filters stay, in the new language
    cleaned = ENGINE.validate(step, form, Answers({}))
    if cleaned is None:
        return form, {}, [(q.anchor, message) for q in step.questions for message in form[q.key].errors]
    return form, {k: v for k, v in cleaned.items() if v}, []


def _brussels_midnight(day: str) -> datetime:
    """The start of a Belgian day, in UTC as the log stores it."""
    return to_utc(datetime.combine(date.fromisoformat(day), time.min))


def lines(organisation_id: int, filters: dict) -> Select:
    """The organisation's lines, newest first, with who and which application."""
    query = (
        select(AuditEvent, StaffMember.name, StaffMember.email, Application.reference)
        .outerjoin(StaffMember, StaffMember.id == AuditEvent.staff_id)
        .outerjoin(Application, Application.public_id == AuditEvent.application_public_id)
        .where(AuditEvent.organisation_id == organisation_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if filters.get(MEMBER.key):
        query = query.where(AuditEvent.staff_id == int(filters[MEMBER.key]))
    if filters.get(ACTION.key):
        query = query.where(AuditEvent.action == filters[ACTION.key])
    if filters.get(FROM.key):
        query = query.where(AuditEvent.at >= _brussels_midnight(filters[FROM.key]))
    if filters.get(UNTIL.key):
        day_after = (date.fromisoformat(filters[UNTIL.key]) + timedelta(days=1)).isoformat()
        query = query.where(AuditEvent.at < _brussels_midnight(day_after))
    return query


def _log_page(step: Step, form, filters: dict, errors: list):
    organisation_id = current_staff().organisation_id
    rows = db.session.execute(lines(organisation_id, filters).limit(SHOWN + 1)).all()
    return render_template(
        "staff/audit_log.html", step=step, form=form, errors=errors, rows=rows[:SHOWN], more=len(rows) > SHOWN,
        shown=SHOWN, labels=ACTION_LABELS, step_form_id="log-form",
    )


@bp.route("/log", methods=["GET", "POST"])
@admin_required
def log():
    step = _filters_step(current_staff().organisation_id)
    form, filters, errors = _read_filters(step)
    return _log_page(step, form, filters, errors)


@bp.post("/log.csv")
@admin_required
def log_csv():
    """The lines the filters select, all of them, as CSV (streamed); the
    export is written to the log, with its filters, before it starts."""
    member = current_staff()
    step = _filters_step(member.organisation_id)
    form, filters, errors = _read_filters(step)
    if errors:
        return _log_page(step, form, filters, errors)
    audit.record(member, "log_export", None, ";".join(f"{k}={v}" for k, v in sorted(filters.items())) or None)
    db.session.commit()
    response = Response(stream_with_context(_csv(lines(member.organisation_id, filters))), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=_("audit-log-%(date)s.csv", date=date.today().isoformat()))
    return response


def _cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(query: Select) -> Iterator[str]:
    """The header, then one line per audit line (UTC times, ISO 8601); a
    byte-order mark first, so that spreadsheets read the accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("When (UTC)"), _("Member of staff"), _("E-mail address"), _("Action"),
                     _("Application reference"), _("Application identifier"), _("Target")])
    yield "\ufeff" + _take(buffer)
    for event, name, email, reference in db.session.execute(query.execution_options(yield_per=500)):
        writer.writerow([_cell(x) for x in (
            event.at.isoformat(timespec="seconds") + "Z", name, email, event.action, reference,
            event.application_public_id, event.target,
        )])
        yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
