"""An assisted application on the citizen's own pages.

Staff fill in the same steps as the citizen, through the same views: the
caseload opens one of the organisation's applications in this browser (a
draft session, drafts.open_for_staff) and marks the browser's session as
assisting. From then on, every request to the application's pages
(application, files, resume) passes ``_gate``: without a complete staff
session, the staff login (staff_required, which keeps what was typed);
an application of another organisation, 404. The gate also remembers who
assists, so that:

- every change of the application (a step saved, a file added or removed,
  the sending) sets ``last_changed_by_id`` and adds its audit line in the
  same flush, whichever view made it (``_record_changes``);
- every page shown and every download adds an audit line (``_record_view``);
- every page says it is an assisted application, and for whom (``banner``
  in base.html).

A citizen's own browser never carries the mark: nothing here touches the
citizen's flow.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, g, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from .. import drafts, pdf
from ..answers import Answers
from ..models import Application, Attachment, Organisation, StaffMember, db
from . import audit
from .session import current_staff, staff_required

# The session key that marks a browser assisting (the member's id).
ASSISTING = "assisting"
# The pages of an application, whoever fills it in.
APPLICATION_BLUEPRINTS = ("application", "files", "resume")
# Attributes whose change is a change of the application (not the PDF
# copy kept, the expiry date or the resume code's bookkeeping).
CHANGES = ("answers", "completed_steps", "pending_input", "status", "language")
# Downloads, by endpoint: the audit target (never a file's name).
DOWNLOADS = {"application.summary_pdf": "summary.pdf", "files.download": "file"}

# How the helper acts for the person (models.ASSISTANCE_CAPACITIES).
CAPACITY_LABELS = {
    "present": _l("The person is present and agrees"),
    "proxy": _l("The person gave a written proxy"),
    "representative": _l("The helper is the person's legal representative"),
}


@dataclass(frozen=True)
class Assistance:
    """Who assisted (person, organisation), how and since when: what the
    check page, the PDF and the export say of an assisted application."""

    member: str
    organisation: str
    organisation_kind: str
    capacity: str
    since: date | None

    @property
    def capacity_label(self) -> str:
        return str(CAPACITY_LABELS[self.capacity])

    def as_export(self) -> dict:
        return {
            "staff_member": self.member,
            "organisation": self.organisation,
            "organisation_kind": self.organisation_kind,
            "capacity": self.capacity,
            "date": self.since.isoformat() if self.since else None,
        }


def assistance_of(application: Application) -> Assistance | None:
    """The application's recorded assistance, or None for the citizen's own."""
    if application.organisation_id is None or application.assisted_by_id is None:
        return None
    member = db.session.get(StaffMember, application.assisted_by_id)
    organisation = db.session.get(Organisation, application.organisation_id)
    return Assistance(
        member=member.name, organisation=organisation.name, organisation_kind=organisation.kind,
        capacity=application.assistance_capacity or "present", since=application.assistance_date,
    )


def open_here(member: StaffMember, application: Application) -> None:
    """Open one of the member's organisation's applications in this browser."""
    if application.organisation_id != member.organisation_id:
        abort(404)
    drafts.open_for_staff(application)
    session[ASSISTING] = member.id


def assisting() -> tuple[StaffMember, Application] | None:
    """The member assisting and the application, on an application's page."""
    return g.get("assisted")


def _gate():
    """Before every request to an application's pages (see the module)."""
    if request.blueprint not in APPLICATION_BLUEPRINTS or ASSISTING not in session:
        return None
    refused = staff_required(lambda: None)()
    if refused is not None:
        return refused
    member = current_staff()
    application = drafts.current_application()
    if application is None:
        return None
    if application.organisation_id != member.organisation_id:
        # Opened by a member of another organisation on this browser.
        session.pop(drafts.COOKIE_KEY, None)
        abort(404)
    g.assisted = (member, application)
    return None


def _record_view(response):
    """One audit line per page shown or file downloaded while assisting."""
    found = assisting()
    if found is None or request.method != "GET" or response.status_code != 200:
        return response
    member, application = found
    target = DOWNLOADS.get(request.endpoint)
    if target is None:
        target = (request.view_args or {}).get("step_key") or request.endpoint
    audit.record(member, "download" if request.endpoint in DOWNLOADS else "view", application, target)
    db.session.commit()
    return response


def _changed(application: Application) -> bool:
    state = inspect(application)
    return any(state.attrs[name].history.has_changes() for name in CHANGES)


@event.listens_for(Session, "before_flush")
def _record_changes(db_session, _context, _instances) -> None:
    """Who changed an assisted application, committed with the change."""
    if not has_request_context():
        return
    found = g.get("assisted")
    if found is None:
        return
    member, application = found
    target = (request.view_args or {}).get("step_key") or request.endpoint
    for item in list(db_session.dirty):
        if isinstance(item, Application) and item.id == application.id and _changed(item):
            item.last_changed_by_id = member.id
            sent = inspect(item).attrs.status.history.added == ["submitted"]
            audit.record(member, "send" if sent else "change", item, target)
    for item in list(db_session.new):
        if isinstance(item, Attachment):
            audit.record(member, "upload", application, item.kind)
    for item in list(db_session.deleted):
        if isinstance(item, Attachment):
            audit.record(member, "delete_file", application, item.kind)


def banner() -> dict:
    """What base.html says on every page of an assisted application."""
    found = assisting()
    if found is None:
        return {"assisted_banner": None}
    member, application = found
    name = pdf.full_name(Answers.of(application))
    return {"assisted_banner": {
        "name": name, "member": member.name, "organisation": member.organisation.name,
        # A draft may be handed over to the citizen to finish alone (handover.py).
        "handover": None if application.is_submitted else application.public_id,
    }}


def init_app(app) -> None:
    app.before_request(_gate)
    app.after_request(_record_view)
    app.context_processor(banner)
    # The check page and the PDF say who assisted (macros/summary.html).
    app.jinja_env.globals["assistance_of"] = assistance_of
