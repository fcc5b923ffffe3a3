"""The organisation administrator's team page: list, add, disable, reset,
for their own organisation only (404 for anything else, and for non-admins)."""
from __future__ import annotations

from sqlalchemy import select

from webform.models import AuditEvent, StaffMember, db
from webform.staff import accounts
from webform.staff.session import SESSION_KEY

from ..helpers import FormClient, translate
from .conftest import logged_in

ADD = {"member_name": "Sofie Peeters", "member_email": "Sofie.Peeters@ocmw.example.be", "member_language": "nl", "member_admin": "no"}


def admin_client(app, make_organisation, make_member, organisation=None) -> FormClient:
    """A logged-in administrator (``.member``) of an organisation (``.organisation``)."""
    organisation = organisation or make_organisation()
    admin = make_member(organisation=organisation, admin=True, name="Anne Admin")
    client = logged_in(FormClient(app), admin)
    client.member, client.organisation = admin, organisation
    return client


def member_row(page, name: str):
    return next(row for row in page.soup.select("table tbody tr") if name in row.get_text())


def test_only_administrators_see_the_team_page(app, staff_client):
    assert staff_client.client.get("/staff/team").status_code == 404
    assert staff_client.client.post("/staff/team/change", data={}).status_code in (400, 404)


def test_the_team_lists_the_own_organisation_only(app, make_organisation, make_member):
    organisation = make_organisation(name="CPAS de Namur")
    client = admin_client(app, make_organisation, make_member, organisation)
    colleague = make_member(organisation=organisation, name="Claire Collègue")
    stranger = make_member(name="Sam Stranger")  # another organisation
    page = client.get("/staff/team")
    table = page.soup.select_one("table")
    assert table.caption.get_text(strip=True) == translate("Staff of %(organisation)s", "fr", organisation="CPAS de Namur")
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 3
    names = [row.select_one("th[scope=row] .member-name").get_text() for row in table.select("tbody tr")]
    assert names == ["Anne Admin", "Claire Collègue"]
    assert colleague.email in page.html and stranger.email not in page.html
    # The administrator cannot change their own account from here.
    options = [radio["value"] for radio in page.soup.select("#change-form input[type=radio]")]
    assert options == [str(colleague.id)]


def test_add_a_member_gives_a_set_password_link_once(app, make_organisation, make_member):
    client = admin_client(app, make_organisation, make_member)
    page = client.post("/staff/team", {}, form="#add-form")
    assert set(page.errors()) == {"member_name", "member_email", "member_language", "member_admin"}
    assert page.summary()[0] == ("#member_name", translate("Enter the full name", "fr"))
    page = client.submit(ADD, form="#add-form")
    link = page.soup.select_one(".set-password-link code").get_text()
    assert "/staff/password?token=" in link
    with app.app_context():
        member = db.session.execute(select(StaffMember).where(StaffMember.email == "sofie.peeters@ocmw.example.be")).scalar_one()
        assert (member.organisation_id, member.language, member.is_admin) == (client.member.organisation_id, "nl", False)
        assert member.totp_secret is None and member.password_hash  # a hash nobody knows the password of
        events = [(e.staff_id, e.action, e.target) for e in db.session.execute(select(AuditEvent)).scalars()]
    assert events == [(client.member.id, "staff_added", f"staff:{member.id}")]
    assert link not in client.get("/staff/team").html  # shown once
    # The same address twice is refused.
    page = client.submit(ADD, form="#add-form")
    assert page.errors()["member_email"] == translate("An account with this e-mail address exists already", "fr")
    # The link leads to choosing a password.
    other = FormClient(app)
    other.get(link.split("localhost", 1)[1])
    assert other.page.h1 == translate("Choose your password", "fr")


def test_disable_ends_the_members_session(app, make_organisation, make_member):
    client = admin_client(app, make_organisation, make_member)
    colleague = make_member(organisation=client.organisation)
    colleague_client = logged_in(FormClient(app), colleague)
    client.get("/staff/team")
    page = client.submit({"member": str(colleague.id), "action": "disable"}, form="#change-form")
    assert translate("Disabled", "fr") in member_row(page, colleague.name).get_text()
    response = colleague_client.client.get("/staff/team")
    assert response.status_code == 302 and "/staff/login" in response.location


def test_reset_gives_a_new_link_and_a_new_second_factor(app, make_organisation, make_member):
    client = admin_client(app, make_organisation, make_member)
    colleague = make_member(organisation=client.organisation)
    with app.app_context():
        stored = db.session.get(StaffMember, colleague.id)
        accounts.set_password(stored, "an old password of theirs")
        stored.totp_secret, stored.totp_last_step = "JBSWY3DPEHPK3PXP", 5
        stored.recovery_code_hashes = ["x" * 64]
        old_link = accounts.password_token(stored)
        db.session.commit()
    client.get("/staff/team")
    page = client.submit({"member": str(colleague.id), "action": "reset"}, form="#change-form")
    assert page.soup.select_one(".set-password-link code")
    with app.app_context():
        stored = db.session.get(StaffMember, colleague.id)
        assert stored.totp_secret is None and stored.totp_last_step is None and stored.recovery_code_hashes == []
        assert not accounts.password_matches(stored, "an old password of theirs")
        assert accounts.member_of_token(old_link) is None  # earlier links end


def test_another_organisations_member_answers_404(app, make_organisation, make_member):
    client = admin_client(app, make_organisation, make_member)
    stranger = make_member(name="Sam Stranger")
    client.get("/staff/team")
    token = client.page.csrf_token()
    for action in ("disable", "reset"):
        response = client.client.post("/staff/team/change", data={"member": str(stranger.id), "action": action, "csrf_token": token})
        assert response.status_code == 404
    # Nor their own account.
    response = client.client.post("/staff/team/change", data={"member": str(client.member.id), "action": "disable", "csrf_token": token})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(StaffMember, stranger.id).is_active
        assert db.session.get(StaffMember, client.member.id).is_active


def test_change_without_choosing_an_account(app, make_organisation, make_member):
    client = admin_client(app, make_organisation, make_member)
    make_member(organisation=client.organisation)
    client.get("/staff/team")
    page = client.submit({"action": "disable"}, form="#change-form")
    assert page.errors() == {"member": translate("Select an account", "fr")}
    with client.client.session_transaction() as session:
        assert session[SESSION_KEY]["verified"]
