"""Helpers of the assisted mode's tests: cases written straight into the
database, and the organisation of a member."""
from __future__ import annotations

from webform import storage
from webform.models import Organisation, db, utcnow


def make_case(app, organisation: Organisation | None, first: str, last: str, number: str, status: str = "draft", member=None) -> str:
    """An application in the database (an assisted one when an organisation
    is given); returns its public id."""
    with app.app_context():
        application = storage.create_application("fr")
        application.answers = {"requests": ["recognition"], "first_name": first, "last_name": last, "national_number": number}
        application.completed_steps = ["requests"]
        if organisation is not None:
            application.organisation_id = organisation.id
            application.assisted_by_id = application.last_changed_by_id = member.id if member else None
            application.assistance_capacity = "present"
        if status == "submitted":
            application.status, application.reference, application.submitted_at = status, storage.make_reference(), utcnow()
        db.session.commit()
        return application.public_id


def organisation_of(app, member) -> Organisation:
    with app.app_context():
        organisation = db.session.get(Organisation, member.organisation_id)
        db.session.expunge(organisation)
        return organisation
