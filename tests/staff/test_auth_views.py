"""Staff login through the pages: password, second factor (enrolment with
the QR code, codes used once, recovery codes), lockout per account and per
address, logout, and a session that ends after inactivity without losing
what was typed."""
from __future__ import annotations

import re
import time
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from webform.models import Application, AuditEvent, StaffLoginFailure, StaffMember, db, utcnow
from webform.staff import accounts
from webform.staff.session import SESSION_KEY

from ..helpers import FormClient, translate
from ..scenarios import STEP_INPUT, apply_for
from .conftest import logged_in

# Run on SQLite and on PostgreSQL (see tests/conftest.py).
BOTH_DATABASES = True

PASSWORD = "correct horse battery staple"


def with_password(app, member: StaffMember, secret: str | None = None, last_step: int | None = None) -> StaffMember:
    """The member with a password, and (with ``secret``) an enrolled second factor."""
    with app.app_context():
        stored = db.session.get(StaffMember, member.id)
        accounts.set_password(stored, PASSWORD)
        if secret:
            stored.totp_secret, stored.totp_last_step = secret, last_step if last_step is not None else 1
        db.session.commit()
    return member


def stored_member(app, member: StaffMember) -> StaffMember:
    with app.app_context():
        found = db.session.get(StaffMember, member.id)
        db.session.expunge(found)
        return found


def actions(app) -> list[tuple[int | None, str, str | None]]:
    with app.app_context():
        return [(e.staff_id, e.action, e.target) for e in db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]


def enter_password(client: FormClient, email: str, password: str = PASSWORD, next_url: str | None = None, **kwargs):
    client.get("/staff/login" + (f"?next={next_url}" if next_url else ""))
    return client.submit({"email": email, "password": password}, form="#login-form", **kwargs)


def next_code(secret: str, steps_ahead: int = 1) -> str:
    """The app's code of a coming time step (the one before it may be used already)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def test_login_with_password_then_code(app, make_member):
    secret = pyotp.random_base32()
    member = with_password(app, make_member(), secret)
    client = FormClient(app)
    page = enter_password(client, member.email.upper())  # the address in any case
    assert client.url == "/staff/second-factor"
    assert page.h1 == translate("Enter your security code", "fr")
    with client.client.session_transaction() as session:
        assert session[SESSION_KEY]["verified"] is None  # not logged in yet
    assert client.client.get("/staff/team").status_code == 302  # no staff page before the code
    response = client.client.post("/staff/second-factor", data={"code": next_code(secret), "csrf_token": page.csrf_token()})
    assert response.status_code == 302 and response.location == "/staff/"
    with client.client.session_transaction() as session:
        assert session[SESSION_KEY]["verified"]
    assert stored_member(app, member).last_login_at is not None
    assert (member.id, "login", None) in actions(app)


def test_wrong_password_says_the_same_whether_the_account_exists(app, make_member):
    member = with_password(app, make_member())
    known = enter_password(FormClient(app), member.email, "wrong password")
    unknown = enter_password(FormClient(app), "nobody@example.be", "wrong password")
    message = translate("The e-mail address or the password is wrong. Check them and try again.", "fr")
    assert known.errors() == unknown.errors() == {"password": message}
    assert known.summary() == [("#password", message)]
    # The password typed is never sent back in the page.
    assert known.value("password") == "" and "wrong password" not in known.html


def test_a_disabled_account_cannot_log_in(app, make_member):
    member = with_password(app, make_member())
    with app.app_context():
        db.session.get(StaffMember, member.id).is_active = False
        db.session.commit()
    client = FormClient(app)
    page = enter_password(client, member.email)
    assert client.url == "/staff/login" and "password" in page.errors()


@pytest.mark.parametrize("exists", [True, False])
def test_account_locked_after_five_failures_until_a_time_it_says(app, make_member, exists):
    member = with_password(app, make_member())
    email = member.email if exists else "nobody@example.be"
    client = FormClient(app)
    for _ in range(4):
        page = enter_password(client, email, "wrong password")
        assert page.status == 200
    page = enter_password(client, email, "wrong password")
    assert page.status == 429
    # The same message for an account and for an address without one.
    assert translate("Too many failed attempts with this e-mail address. You can try again from %(moment)s.", "fr").split("%")[0] in page.errors()["password"]
    assert re.search(r"\d{1,2}:\d{2}", page.errors()["password"]), "says until when"
    # Locked: even the right password is refused, and nothing is counted.
    page = enter_password(client, email, PASSWORD)
    assert page.status == 429 and client.url == "/staff/login"
    if exists:
        assert stored_member(app, member).locked_until > utcnow() + timedelta(minutes=14)


def test_the_lock_ends_after_its_time(app, make_member):
    member = with_password(app, make_member())
    with app.app_context():
        stored = db.session.get(StaffMember, member.id)
        stored.locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    client = FormClient(app)
    enter_password(client, member.email)
    assert client.url == "/staff/second-factor"


def test_too_many_failures_from_one_address(app, make_member):
    app.config["STAFF_FAILURES_PER_ADDRESS"] = 6
    member = with_password(app, make_member())
    client = FormClient(app)
    # Other addresses each (fewer than the account limit), from one connection.
    for number in range(6):
        page = enter_password(client, f"someone{number}@example.be", "wrong password")
        assert page.status == 200
    page = enter_password(client, member.email)
    assert page.status == 429
    assert translate("Too many failed attempts from this connection. You can try again from %(moment)s.", "fr").split("%")[0] in page.errors()["password"]
    with app.app_context():
        hashes = set(db.session.execute(select(StaffLoginFailure.address_hash)).scalars())
    assert "127.0.0.1" not in str(hashes), "the address is kept as a keyed hash only"
    # Another address is not blocked.
    other = FormClient(app)
    enter_password(other, member.email, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.url == "/staff/second-factor"


def test_first_login_enrols_the_second_factor_and_shows_recovery_codes_once(app, make_member):
    member = with_password(app, make_member())
    client = FormClient(app)
    page = enter_password(client, member.email)
    assert page.h1 == translate("Set up your second factor", "fr")
    qr = page.soup.select_one("img.qr-code")
    assert qr["src"].startswith("data:image/svg+xml") and qr["alt"]
    secret = page.soup.select_one(".secret-key code").get_text().replace(" ", "")
    assert pyotp.TOTP(secret).now()  # a valid base32 key, given as text
    # Reloading shows the same key (the app may have scanned it already).
    assert client.get("/staff/second-factor").soup.select_one(".secret-key code").get_text().replace(" ", "") == secret
    # A wrong code is refused.
    page = client.submit({"code": "000000" if next_code(secret, 0) != "000000" else "111111"}, form="#code-form")
    assert page.errors()["code"] == translate(
        "This code is wrong or was used already. Enter the code your app shows now, or an unused recovery code.", "fr")
    assert not accounts.is_enrolled(stored_member(app, member))
    page = client.submit({"code": next_code(secret, 0)}, form="#code-form")
    assert page.h1 == translate("Your recovery codes", "fr")
    codes = [code.get_text() for code in page.soup.select(".recovery-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = stored_member(app, member)
    assert accounts.is_enrolled(stored)
    # Only hashes are kept.
    assert len(stored.recovery_code_hashes) == 10 and not set(codes) & set(stored.recovery_code_hashes)
    # The codes are never shown again: the recovery page is no route of its own.
    assert all(code not in client.get("/staff/second-factor").html for code in codes)


def start_second_factor(app, member: StaffMember) -> FormClient:
    client = FormClient(app)
    enter_password(client, member.email)
    assert client.url == "/staff/second-factor"
    return client


def test_a_code_works_once(app, make_member):
    secret = pyotp.random_base32()
    member = with_password(app, make_member(), secret)
    code = next_code(secret)
    client = start_second_factor(app, member)
    client.submit({"code": code}, form="#code-form")
    assert client.url == "/staff/"
    # Seen over a shoulder: the same code again is refused.
    other = start_second_factor(app, member)
    page = other.submit({"code": code}, form="#code-form")
    assert other.url == "/staff/second-factor" and "code" in page.errors()


def test_a_recovery_code_works_once(app, make_member):
    secret = pyotp.random_base32()
    member = with_password(app, make_member(), secret)
    with app.app_context():
        codes = accounts.new_recovery_codes(db.session.get(StaffMember, member.id))
        db.session.commit()
    client = start_second_factor(app, member)
    client.submit({"code": codes[3].lower().replace("-", " ")}, form="#code-form")  # typed loosely
    assert client.url == "/staff/"
    assert len(stored_member(app, member).recovery_code_hashes) == 9
    other = start_second_factor(app, member)
    page = other.submit({"code": codes[3]}, form="#code-form")
    assert other.url == "/staff/second-factor" and "code" in page.errors()


def test_wrong_codes_lock_the_account_too(app, make_member):
    secret = pyotp.random_base32()
    member = with_password(app, make_member(), secret)
    client = start_second_factor(app, member)
    wrong = next(str(n).zfill(6) for n in range(100000, 999999) if str(n) not in {next_code(secret, k) for k in (-1, 0, 1)})
    for _ in range(4):
        client.submit({"code": wrong}, form="#code-form")
    page = client.submit({"code": wrong}, form="#code-form")
    assert page.status == 429 and client.url == "/staff/second-factor"
    assert page.h1 == translate("Log in to assisted mode", "fr")
    # The half-open session ended: the code page leads to the login.
    client.get("/staff/second-factor")
    assert client.url == "/staff/login"
    assert [a for _, a, t in actions(app) if a == "login_failed"] == ["login_failed"] * 5


def test_logout(app, staff_client):
    client = staff_client
    page = client.get("/staff/password?token=x")  # any page shows the logout button when logged in
    assert page.soup.select_one(".staff-account") is not None
    page = client.submit({}, form=".staff-account form")
    assert client.url == "/staff/login"
    assert translate("You are logged out.", "fr") in page.html
    with client.client.session_transaction() as session:
        assert SESSION_KEY not in session
    assert (client.member.id, "logout", None) in actions(app)


def test_set_password_link_works_once(app, make_member):
    member = make_member()
    with app.app_context():
        stored = db.session.get(StaffMember, member.id)
        stored.password_hash = accounts._unusable_password()
        token = accounts.password_token(stored)
        db.session.commit()
    client = FormClient(app)
    client.get(f"/staff/password?token={token}")
    page = client.submit({"new_password": "short", "new_password_again": "short"}, form="#password-form")
    assert page.errors() == {"new_password": translate("Enter a password of at least 12 characters", "fr")}
    assert page.value("new_password") == ""
    page = client.submit({"new_password": PASSWORD, "new_password_again": PASSWORD + "!"}, form="#password-form")
    assert page.errors() == {"new_password": translate("Enter the same password twice", "fr")}
    client.submit({"new_password": PASSWORD, "new_password_again": PASSWORD}, form="#password-form")
    assert client.url == "/staff/login"
    assert client.get(f"/staff/password?token={token}").status == 404  # used once
    enter_password(client, member.email)
    assert client.url == "/staff/second-factor"


def test_login_returns_only_to_a_page_of_this_site(app, make_member):
    secret = pyotp.random_base32()
    member = with_password(app, make_member(), secret)
    client = FormClient(app)
    enter_password(client, member.email, next_url="//evil.example/x")
    response = client.client.post("/staff/second-factor?next=//evil.example/x",
                                  data={"code": next_code(secret), "csrf_token": client.page.csrf_token()})
    assert response.location == "/staff/"


# -- inactivity -------------------------------------------------------------------------
def idle(client: FormClient, minutes: int) -> None:
    with client.client.session_transaction() as session:
        session[SESSION_KEY] = {**session[SESSION_KEY], "seen": time.time() - minutes * 60}


def test_the_session_ends_after_inactivity(app, make_member):
    member = make_member(admin=True)
    client = logged_in(FormClient(app), member)
    assert client.client.get("/staff/team").status_code == 200
    idle(client, 29)
    assert client.client.get("/staff/team").status_code == 200  # the clock starts again
    idle(client, 31)
    page = client.get("/staff/team")
    assert client.full_url == "/staff/login?next=/staff/team"
    assert translate("You were logged out after %(minutes)s minutes without activity.", "fr", minutes=30) in page.html


def assisted_draft(app, client: FormClient, member: StaffMember) -> None:
    """A draft of the member's organisation, opened in this browser (as the
    caseload will open it: a draft session after the organisation check)."""
    client.start("fr")
    apply_for(client, ["recognition"])
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.organisation_id, application.assisted_by_id = member.organisation_id, member.id
        db.session.commit()


def test_input_typed_when_the_session_ended_comes_back_after_logging_in(app, make_member):
    secret = pyotp.random_base32()
    member = with_password(app, make_member(), secret)
    client = logged_in(FormClient(app), member)
    assisted_draft(app, client, member)
    client.get("/application/identity")
    idle(client, 31)
    typed = {**STEP_INPUT["identity"], "last_name": "Janssens-Typed"}
    page = client.submit(typed, form="#step-form")
    # To the login page, which says that what was typed is kept.
    assert client.full_url == "/staff/login?next=/application/identity"
    assert translate("What you typed is kept: log in again to continue where you were.", "fr") in page.html
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        assert application.pending_input["identity"]["last_name"] == ["Janssens-Typed"]
        assert application.last_changed_by_id == member.id
    page = client.submit({"email": member.email, "password": PASSWORD}, form="#login-form")
    page = client.submit({"code": next_code(secret)}, form="#code-form")
    # Back on the same page, with what was typed.
    assert client.url == "/application/identity"
    assert page.value("last_name") == "Janssens-Typed"
    assert (member.id, "change", "identity") in actions(app)


def test_input_is_not_kept_for_another_organisations_draft_or_without_token(app, make_member):
    member = with_password(app, make_member())
    client = logged_in(FormClient(app), member)
    assisted_draft(app, client, member)
    client.get("/application/identity")
    idle(client, 31)
    client.submit({**STEP_INPUT["identity"], "csrf_token": "forged"}, form="#step-form")
    assert client.url == "/staff/login"
    with app.app_context():
        assert not (db.session.execute(select(Application)).scalar_one().pending_input or {}).get("identity")
    # A citizen's own draft (no organisation) is never touched by a staff session.
    with app.app_context():
        db.session.execute(select(Application)).scalar_one().organisation_id = None
        db.session.commit()
    client = logged_in(client, member)
    client.get("/application/identity")
    idle(client, 31)
    client.submit(STEP_INPUT["identity"], form="#step-form")
    with app.app_context():
        count = db.session.execute(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "change")).scalar()
    assert count == 0


def test_a_citizen_never_meets_the_staff_login(app):
    """Without a staff session, a step posts as before."""
    client = FormClient(app)
    client.start("fr")
    apply_for(client, ["recognition"])
    client.post("/application/identity", STEP_INPUT["identity"])
    assert client.url.startswith("/application/") and client.url != "/application/identity"
