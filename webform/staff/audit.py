"""The audit log: one line per staff access to an application.

Who (member and organisation), what (a word of ACTIONS), which application
(its public id) and when; never an answer or a file's content or name.
Lines are added in the caller's transaction, so a change and its line are
committed together; nothing in the application updates or deletes them.
"""
from __future__ import annotations

from ..models import Application, AuditEvent, StaffMember, db

ACTIONS = (
    "login", "logout", "login_failed", "start", "view", "change", "download", "upload",
    "delete_file", "handover_code", "handover_letter", "handover_email", "take_over", "send",
    "staff_added", "staff_disabled", "staff_reset", "log_export",
)


def record(member: StaffMember | None, action: str, application: Application | None = None, target: str | None = None) -> AuditEvent:
    """Add one line to the log (committed with the caller's transaction)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(
        staff_id=member.id if member else None,
        organisation_id=member.organisation_id if member else None,
        action=action,
        application_public_id=application.public_id if application else None,
        target=target[:100] if target else None,
    )
    db.session.add(event)
    return event
