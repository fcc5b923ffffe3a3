"""``flask staff ...``: the first organisation and its administrator, and
the same account changes as the team page, for whoever runs the server.

A new or reset account gets a set-password link (printed once, valid
STAFF_LINK_HOURS, works once), never a password: whoever runs the command
never knows the member's password. The member opens the link, chooses a
password, then sets up the second factor at the first login.
"""
from __future__ import annotations

import click
from flask import current_app, url_for
from flask.cli import AppGroup
from sqlalchemy import select

from ..models import ORGANISATION_KINDS, Organisation, StaffMember, db
from . import accounts, audit

LANGUAGES = click.Choice(["fr", "nl", "de"])
BASE_URL = click.option(
    "--base-url", envvar="PUBLIC_BASE_URL", default="http://127.0.0.1:5000", show_default=True,
    help="The form's public address, for the link (or set PUBLIC_BASE_URL).",
)


def _link(member: StaffMember, base_url: str) -> str:
    with current_app.test_request_context(base_url=base_url):
        return url_for("staff_auth.set_password", token=accounts.password_token(member), _external=True)


def _member(email: str) -> StaffMember:
    member = accounts.find_member(email)
    if member is None:
        raise click.ClickException(f"no account with the e-mail address {email!r}")
    return member


def _organisation(name: str) -> Organisation:
    organisation = db.session.execute(select(Organisation).where(Organisation.name == name)).scalar_one_or_none()
    if organisation is None:
        raise click.ClickException(f"no organisation named {name!r} (flask staff create-organisation)")
    return organisation


def _logged(action: str, member: StaffMember) -> None:
    """The command's line in the organisation's log (no member: the server's operator)."""
    audit.record(None, action, target=f"staff:{member.id}").organisation_id = member.organisation_id


def _echo_link(member: StaffMember, base_url: str) -> None:
    hours = current_app.config["STAFF_LINK_HOURS"]
    click.echo(f"Give {member.name} this link to choose a password (valid {hours} hours, works once):")
    click.echo(_link(member, base_url))
    click.echo("At the first login, they set up the second factor (an authenticator app).")


def register(app) -> None:
    staff = AppGroup("staff", help="Organisations and staff accounts of the assisted mode.")

    @staff.command("create-organisation")
    @click.argument("name")
    @click.option("--kind", type=click.Choice(ORGANISATION_KINDS), required=True)
    @click.option("--language", type=LANGUAGES, required=True)
    def create_organisation(name: str, kind: str, language: str) -> None:
        """Create an organisation (a commune/CPAS, a mutuality, another service)."""
        try:
            organisation = accounts.create_organisation(name, kind, language)
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"organisation {organisation.name!r} created")

    @staff.command("add")
    @click.argument("email")
    @click.option("--organisation", required=True, help="The organisation's name.")
    @click.option("--name", required=True, help="The member's full name.")
    @click.option("--language", type=LANGUAGES, required=True)
    @click.option("--admin", is_flag=True, help="May manage the organisation's team and read its log.")
    @BASE_URL
    def add(email: str, organisation: str, name: str, language: str, admin: bool, base_url: str) -> None:
        """Add a member of staff and print their set-password link."""
        try:
            member = accounts.add_member(_organisation(organisation), email, name, language, admin=admin)
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from None
        _logged("staff_added", member)
        db.session.commit()
        _echo_link(member, base_url)

    @staff.command("disable")
    @click.argument("email")
    def disable(email: str) -> None:
        """Disable an account: it can no longer log in (its session ends)."""
        member = _member(email)
        accounts.disable(member)
        _logged("staff_disabled", member)
        db.session.commit()
        click.echo(f"account {member.email} disabled")

    @staff.command("reset")
    @click.argument("email")
    @BASE_URL
    def reset(email: str, base_url: str) -> None:
        """New password (link) and new second factor; enables a disabled account."""
        member = _member(email)
        accounts.reset(member)
        _logged("staff_reset", member)
        db.session.commit()
        _echo_link(member, base_url)

    app.cli.add_command(staff)
