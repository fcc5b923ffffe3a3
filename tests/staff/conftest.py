"""Fixtures of the assisted mode: organisations, members, logged-in clients.

``logged_in`` writes the session contract of webform/staff/session.py
directly (second factor passed), for tests about what staff do once in;
the login itself (password, second factor, lockout) is tested through the
pages in tests/staff/test_auth_views.py.
"""
from __future__ import annotations

import itertools
import time

import pytest

from webform.models import Organisation, StaffMember, db
from webform.staff.session import SESSION_KEY

from ..helpers import FormClient

_serial = itertools.count(1)


@pytest.fixture
def make_organisation(app):
    def make(name: str | None = None, kind: str = "commune_cpas", language: str = "fr") -> Organisation:
        with app.app_context():
            organisation = Organisation(name=name or f"CPAS {next(_serial)}", kind=kind, language=language)
            db.session.add(organisation)
            db.session.commit()
            db.session.refresh(organisation)
            db.session.expunge(organisation)
            return organisation

    return make


@pytest.fixture
def make_member(app, make_organisation):
    """A member with no password or second factor (the login tests set them)."""

    def make(organisation: Organisation | None = None, admin: bool = False, language: str = "fr", name: str | None = None) -> StaffMember:
        organisation = organisation or make_organisation()
        number = next(_serial)
        with app.app_context():
            member = StaffMember(
                organisation_id=organisation.id, email=f"agent{number}@example.be", name=name or f"Agent {number}",
                language=language, is_admin=admin,
            )
            db.session.add(member)
            db.session.commit()
            db.session.refresh(member)
            db.session.expunge(member)
            return member

    return make


def logged_in(client: FormClient, member: StaffMember) -> FormClient:
    """The client with a complete staff session for this member."""
    with client.client.session_transaction() as session:
        now = time.time()
        session[SESSION_KEY] = {"id": member.id, "verified": now, "seen": now}
    return client


@pytest.fixture
def staff_client(app, make_member):
    """A logged-in member of a fresh organisation (``.member`` on the client)."""
    member = make_member()
    client = logged_in(FormClient(app), member)
    client.member = member
    return client
