"""``flask staff ...``: the first organisation and its administrator, then
disable and reset, from the command line."""
from __future__ import annotations

import re

from sqlalchemy import select

from webform.models import AuditEvent, Organisation, StaffMember, db
from webform.staff import accounts

from ..helpers import FormClient


def run(app, *arguments: str):
    return app.test_cli_runner().invoke(args=["staff", *arguments])


def link_of(output: str) -> str:
    return re.search(r"https?://\S+", output).group(0)


def test_first_organisation_and_administrator(app):
    result = run(app, "create-organisation", "OCMW Gent", "--kind", "commune_cpas", "--language", "nl")
    assert result.exit_code == 0, result.output
    result = run(app, "add", "Admin@OCMW.example.be", "--organisation", "OCMW Gent", "--name", "An Admin",
                 "--language", "nl", "--admin", "--base-url", "https://form.example.be")
    assert result.exit_code == 0, result.output
    link = link_of(result.output)
    assert link.startswith("https://form.example.be/staff/password?token=")
    with app.app_context():
        organisation = db.session.execute(select(Organisation)).scalar_one()
        member = db.session.execute(select(StaffMember)).scalar_one()
        assert (organisation.kind, organisation.language) == ("commune_cpas", "nl")
        assert (member.email, member.organisation_id, member.is_admin, member.language) == (
            "admin@ocmw.example.be", organisation.id, True, "nl")
        event = db.session.execute(select(AuditEvent)).scalar_one()
        assert (event.staff_id, event.organisation_id, event.action) == (None, organisation.id, "staff_added")
    # The link lets the administrator choose a password, then log in.
    client = FormClient(app)
    client.get(link.removeprefix("https://form.example.be"))
    client.submit({"new_password": "een lange zin als wachtwoord", "new_password_again": "een lange zin als wachtwoord"},
                  form="#password-form")
    client.submit({"email": "admin@ocmw.example.be", "password": "een lange zin als wachtwoord"}, form="#login-form")
    assert client.url == "/staff/second-factor"


def test_refusals(app):
    assert run(app, "create-organisation", "X", "--kind", "bank", "--language", "fr").exit_code != 0
    run(app, "create-organisation", "CPAS de Liège", "--kind", "commune_cpas", "--language", "fr")
    result = run(app, "create-organisation", "cpas de liège", "--kind", "commune_cpas", "--language", "fr")
    assert result.exit_code != 0 and "exists already" in result.output
    result = run(app, "add", "a@example.be", "--organisation", "Nowhere", "--name", "A", "--language", "fr")
    assert result.exit_code != 0 and "no organisation" in result.output
    run(app, "add", "a@example.be", "--organisation", "CPAS de Liège", "--name", "A", "--language", "fr")
    result = run(app, "add", "A@example.be", "--organisation", "CPAS de Liège", "--name", "A", "--language", "fr")
    assert result.exit_code != 0 and "exists already" in result.output
    assert run(app, "disable", "nobody@example.be").exit_code != 0


def test_disable_and_reset(app):
    run(app, "create-organisation", "Mutualité X", "--kind", "mutuality", "--language", "fr")
    first_link = link_of(run(app, "add", "m@example.be", "--organisation", "Mutualité X", "--name", "M", "--language", "fr").output)
    assert run(app, "disable", "m@example.be").exit_code == 0
    with app.app_context():
        member = db.session.execute(select(StaffMember)).scalar_one()
        assert not member.is_active
        member.totp_secret, member.totp_last_step = "JBSWY3DPEHPK3PXP", 3
        db.session.commit()
    result = run(app, "reset", "m@example.be")
    assert result.exit_code == 0
    with app.app_context():
        member = db.session.execute(select(StaffMember)).scalar_one()
        assert member.is_active and member.totp_secret is None and not accounts.is_enrolled(member)
        assert accounts.member_of_token(first_link.split("token=")[1]) is None
        assert accounts.member_of_token(link_of(result.output).split("token=")[1]).id == member.id
        actions = [e.action for e in db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]
    assert actions == ["staff_added", "staff_disabled", "staff_reset"]
