"""Staff login (password, then the second factor), logout, the
set-password link, and the organisation administrator's team page.

Every refusal of a login says the same whether or not the account exists,
and says until when a lock lasts. A page posted after the staff session
ended comes back with what was typed once the member has logged in again
(session.keeps_input_on_expiry; the application steps are registered here).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from flask import Blueprint, abort, current_app, get_flashed_messages, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import i18n
from ..answers import Answers
from ..i18n import format_moment
from ..models import Organisation, StaffMember, db, utcnow
from ..question_kinds import AnswerError, ChoiceQuestion, EmailQuestion, Option, TextQuestion
from ..questions import ENGINE
from ..structure import Step
from . import accounts, audit
from .session import (
    EXPIRED, SESSION_KEY, admin_required, current_staff, expired_post_response, keeps_input_on_expiry, local_path,
    log_in, log_out, pending_member,
)

bp = Blueprint("staff_auth", __name__, url_prefix="/staff")

# Where a member lands after logging in, without a page to return to: the caseload.
HOME = "/staff/"


@dataclass(frozen=True, kw_only=True)
class PasswordQuestion(TextQuestion):
    """A password: kept exactly as typed (spaces included) and never shown again."""

    input_type: str = "password"
    spellcheck: bool | None = False
    default_required_message: ClassVar = _l("Enter your password")

    def clean(self, raw: str) -> str:
        if len(raw) > self.max_length:
            raise AnswerError(_("Enter no more than %(n)s characters", n=self.max_length))
        return raw


EMAIL = EmailQuestion(
    key="email", label=_l("E-mail address"), autocomplete="username",
    required_message=_l("Enter your e-mail address"),
)
PASSWORD = PasswordQuestion(key="password", label=_l("Password"), autocomplete="current-password")
LOGIN = Step(key="staff_login", title=_l("Log in to assisted mode"), questions=(EMAIL, PASSWORD))
CODE = TextQuestion(
    key="code", label=_l("Security code"), autocomplete="one-time-code", spellcheck=False, width="20", max_length=40,
    hint=_l("The 6 digits your authenticator app shows now, or one of your recovery codes."),
    required_message=_l("Enter the security code"),
)
ENROL_CODE = TextQuestion(
    key="code", label=_l("Code shown by the app"), autocomplete="one-time-code", inputmode="numeric", spellcheck=False,
    width="10", max_length=40, hint=_l("6 digits, for example 123456."), required_message=_l("Enter the code the app shows"),
)
SECOND_FACTOR = Step(key="staff_second_factor", title=_l("Enter your security code"), questions=(CODE,))
ENROL = Step(key="staff_enrol", title=_l("Set up your second factor"), questions=(ENROL_CODE,))
NEW_PASSWORD = PasswordQuestion(
    key="new_password", label=_l("New password"), autocomplete="new-password",
    hint=_l("At least 12 characters. A sentence of several words is easy to remember and hard to guess."),
    required_message=_l("Enter a new password"),
)
NEW_PASSWORD_AGAIN = PasswordQuestion(
    key="new_password_again", label=_l("New password again"), autocomplete="new-password",
    required_message=_l("Enter the new password again"),
)
SET_PASSWORD = Step(key="staff_set_password", title=_l("Choose your password"), questions=(NEW_PASSWORD, NEW_PASSWORD_AGAIN))
LANGUAGE_OPTIONS = tuple(Option(code, name) for code, name in i18n.LANGUAGE_NAMES.items())
ADD_MEMBER = Step(key="staff_add_member", title=_l("Add a member of staff"), questions=(
    TextQuestion(key="member_name", label=_l("Full name"), autocomplete="off", required_message=_l("Enter the full name")),
    EmailQuestion(key="member_email", label=_l("Work e-mail address"), autocomplete="off",
                  hint=_l("The member logs in with it."), required_message=_l("Enter the work e-mail address")),
    ChoiceQuestion(key="member_language", label=_l("Language of the member"), options=LANGUAGE_OPTIONS,
                   required_message=_l("Select the language of the member")),
    ChoiceQuestion(key="member_admin", label=_l("Can the member manage the team?"), options=(
        Option("no", _l("No")),
        Option("yes", _l("Yes"), hint=_l("Administrators add, disable and reset the accounts of the organisation's staff, and read its log."))),
        required_message=_l("Select whether the member can manage the team")),
))
CHANGE_MEMBER = ChoiceQuestion(
    key="member", label=_l("Which account?"), required_message=_l("Select an account"),
)
WRONG_PASSWORD = _l("The e-mail address or the password is wrong. Check them and try again.")
LOCKED = _l("Too many failed attempts with this e-mail address. You can try again from %(moment)s.")
ADDRESS_LOCKED = _l("Too many failed attempts from this connection. You can try again from %(moment)s.")
WRONG_CODE = _l("This code is wrong or was used already. Enter the code your app shows now, or an unused recovery code.")
PASSWORD_PROBLEMS = {
    "short": _l("Enter a password of at least 12 characters"),
    "email": _l("Choose a password that does not contain your e-mail address"),
    "different": _l("Enter the same password twice"),
}


def init_app(app) -> None:
    """Configuration defaults, the keeper of a step's input after the
    session ended, and the ``flask staff`` commands."""
    for name, value in (("STAFF_IDLE_MINUTES", 30), ("STAFF_LOCK_AFTER", 5), ("STAFF_LOCK_MINUTES", 15),
                        ("STAFF_FAILURES_PER_ADDRESS", 20), ("STAFF_LINK_HOURS", 72)):
        app.config.setdefault(name, value)
    app.before_request(expired_post_response)

    @app.context_processor
    def staff_context():
        return {"staff_member": current_staff() if SESSION_KEY in session else None}

    from .commands import register

    register(app)


@keeps_input_on_expiry("application.step")
def _keep_step_input(member_id: int) -> bool:
    """A step of an application of the member's organisation, posted after
    the session ended: kept as "Save and continue later" keeps it."""
    from ..drafts import current_application
    from ..views.application import _keep_typed_input

    member = db.session.get(StaffMember, member_id)
    application = current_application()
    step_key = (request.view_args or {}).get("step_key", "")
    if member is None or application is None or application.is_submitted or ENGINE.find(step_key) is None:
        return False
    if application.organisation_id != member.organisation_id:
        return False
    application.last_changed_by_id = member.id
    audit.record(member, "change", application, step_key)
    _keep_typed_input(application, step_key)
    return True


# -- pages ------------------------------------------------------------------------
def _errors(step: Step, form, extra: tuple[str, str] | None = None) -> list[tuple[str, str]]:
    """The error summary's items: the fields' own messages, then any other."""
    errors = [(q.anchor, message) for q in step.questions for message in form[q.key].errors]
    if "csrf_token" in form.errors:
        errors.insert(0, (step.questions[0].anchor, _("For your security, this page had to be reloaded. Check your answers and press the button again.")))
    return errors + ([extra] if extra else [])


def _forget_passwords(form, step: Step) -> None:
    """A page shown again never carries a password back."""
    for question in step.questions:
        if isinstance(question, PasswordQuestion):
            form[question.key].raw_data, form[question.key].data = [], ""


def _next() -> str | None:
    return local_path(request.args.get("next"))


def _render_login(form=None, errors=(), status: int = 200):
    form = form or ENGINE.build_form(LOGIN, {}, None)
    _forget_passwords(form, LOGIN)
    expired = get_flashed_messages(category_filter=[EXPIRED])
    return render_template(
        "staff/login.html", step=LOGIN, form=form, errors=list(errors), expired=expired[0] if expired else None,
        next=_next(), idle_minutes=current_app.config["STAFF_IDLE_MINUTES"], logged_out=request.args.get("out") == "1",
        password_set=request.args.get("set") == "1",
    ), status


def _refusal_message(refusal: accounts.Refusal) -> str:
    if refusal.reason == "address":
        return ADDRESS_LOCKED % {"moment": format_moment(refusal.until)}
    if refusal.reason == "locked":
        return LOCKED % {"moment": format_moment(refusal.until)}
    return str(WRONG_PASSWORD)


def _refused(form, refusal: accounts.Refusal):
    """The login page again with why; 429 once locked (a program that tries
    passwords learns nothing more, and people read the page's words)."""
    form[PASSWORD.key].errors = [_refusal_message(refusal)]
    return _render_login(form, _errors(LOGIN, form), 200 if refusal.reason == "wrong" else 429)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return _render_login()
    form = ENGINE.build_form(LOGIN, {}, request.form)
    cleaned = ENGINE.validate(LOGIN, form, Answers({}))
    if cleaned is None:
        return _render_login(form, _errors(LOGIN, form))
    email, address = cleaned[EMAIL.key], request.remote_addr or ""
    member = accounts.find_member(email)
    refusal = accounts.refusal_before_trying(member, email, address)
    if refusal is None and not (accounts.password_matches(member, cleaned[PASSWORD.key]) and member.is_active):
        refusal = accounts.count_failure(member, email, address)
        audit.record(member, "login_failed", target="password")
    if refusal is not None:
        db.session.commit()
        return _refused(form, refusal)
    log_in(member, verified=False)
    db.session.commit()
    return redirect(url_for("staff_auth.second_factor", next=_next()))


def _show_second_factor(member: StaffMember, form=None, errors=()):
    if accounts.is_enrolled(member):
        return render_template("staff/second_factor.html", step=SECOND_FACTOR, form=form or ENGINE.build_form(SECOND_FACTOR, {}, None),
                               errors=list(errors), next=_next())
    secret = accounts.enrolment_secret(member)
    return render_template(
        "staff/enrol.html", step=ENROL, form=form or ENGINE.build_form(ENROL, {}, None), errors=list(errors), next=_next(),
        qr_code=accounts.qr_code_data_uri(accounts.provisioning_uri(member, secret)),
        secret=accounts.grouped_secret(secret),
    )


@bp.route("/second-factor", methods=["GET", "POST"])
def second_factor():
    """The code of the authenticator app (enrolled at the first login) or a recovery code."""
    member = pending_member()
    if member is None:
        return redirect(url_for("staff_auth.login", next=_next()))
    step = SECOND_FACTOR if accounts.is_enrolled(member) else ENROL
    address = request.remote_addr or ""
    if refusal := accounts.refusal_before_trying(member, member.email, address):
        return _locked_out(refusal)
    if request.method == "GET":
        return _show_second_factor(member)
    form = ENGINE.build_form(step, {}, request.form)
    cleaned = ENGINE.validate(step, form, Answers({}))
    if cleaned is None:
        return _show_second_factor(member, form, _errors(step, form))
    enrolling = step is ENROL
    accepted = accounts.check_totp(member, cleaned["code"]) if enrolling else accounts.check_second_factor(member, cleaned["code"])
    if not accepted:
        refusal = accounts.count_failure(member, member.email, address)
        audit.record(member, "login_failed", target="second_factor")
        db.session.commit()
        if refusal.reason != "wrong":
            return _locked_out(refusal)
        form["code"].errors = [str(WRONG_CODE)]
        return _show_second_factor(member, form, _errors(step, form))
    return _logged_in(member, enrolling)


def _locked_out(refusal: accounts.Refusal):
    """Locked between the password and the code: the half-open session ends."""
    log_out()
    form = ENGINE.build_form(LOGIN, {}, None)
    form[PASSWORD.key].errors = [_refusal_message(refusal)]
    return _render_login(form, _errors(LOGIN, form), 429)


def _logged_in(member: StaffMember, enrolled_now: bool):
    accounts.count_success(member)
    member.last_login_at = utcnow()
    codes = accounts.new_recovery_codes(member) if enrolled_now else None
    audit.record(member, "login")
    db.session.commit()
    log_in(member, verified=True)
    if "language" not in session:
        i18n.choose_language(member.language)
    target = _next() or HOME
    if codes:
        # Shown once, in this answer: only their hashes are kept.
        return render_template("staff/recovery_codes.html", codes=codes, next_url=target)
    return redirect(target)


@bp.post("/logout")
def logout():
    member = current_staff() or pending_member()
    if member is not None:
        audit.record(member, "logout")
        db.session.commit()
    log_out()
    return redirect(url_for("staff_auth.login", out="1"))


@bp.route("/password", methods=["GET", "POST"])
def set_password():
    """The page of a set-password link (new account or reset): the link is
    read from the query on GET and from the form on POST."""
    token = request.values.get("token", "")
    member = accounts.member_of_token(token)
    if member is None:
        return render_template("staff/link_ended.html"), 404
    form = ENGINE.build_form(SET_PASSWORD, {}, request.form if request.method == "POST" else None)
    if request.method == "POST":
        cleaned = ENGINE.validate(SET_PASSWORD, form, Answers({}))
        if cleaned is not None and (problem := _password_problem(cleaned, member)):
            form[NEW_PASSWORD.key].errors = [str(PASSWORD_PROBLEMS[problem])]
        elif cleaned is not None:
            accounts.set_password(member, cleaned[NEW_PASSWORD.key])
            db.session.commit()
            log_out()
            return redirect(url_for("staff_auth.login", set="1"))
    _forget_passwords(form, SET_PASSWORD)
    return render_template("staff/set_password.html", step=SET_PASSWORD, form=form, errors=_errors(SET_PASSWORD, form), token=token)


def _password_problem(cleaned: dict, member: StaffMember) -> str | None:
    if cleaned[NEW_PASSWORD.key] != cleaned[NEW_PASSWORD_AGAIN.key]:
        return "different"
    return accounts.password_problem(cleaned[NEW_PASSWORD.key], member.email)


# -- the organisation administrator's team page --------------------------------------
def _team_members(organisation_id: int) -> list[StaffMember]:
    return list(db.session.execute(
        select(StaffMember).where(StaffMember.organisation_id == organisation_id).order_by(StaffMember.name)
    ).scalars())


def _change_question(admin: StaffMember, members: list[StaffMember]) -> ChoiceQuestion:
    """The accounts the administrator may change: the team's, not their own."""
    options = tuple(Option(str(m.id), m.name, hint=m.email) for m in members if m.id != admin.id)
    return ChoiceQuestion(key=CHANGE_MEMBER.key, label=CHANGE_MEMBER.label, required_message=CHANGE_MEMBER.required_message, options=options)


def _render_team(admin: StaffMember, add_form=None, change_form=None, errors=(), link: str | None = None, done: str | None = None, changed=None, status: int = 200):
    members = _team_members(admin.organisation_id)
    change = _change_question(admin, members)
    change_step = Step(key="staff_change_member", questions=(change,))
    return render_template(
        "staff/team.html", admin=admin, organisation=db.session.get(Organisation, admin.organisation_id), members=members,
        add_step=ADD_MEMBER, add_form=add_form or ENGINE.build_form(ADD_MEMBER, {}, None),
        change_question=change, change_form=change_form or ENGINE.build_form(change_step, {}, None),
        errors=list(errors), link=link, done=done, changed=changed, now=utcnow(),
    ), status


def _link_for(member: StaffMember) -> str:
    return url_for("staff_auth.set_password", token=accounts.password_token(member), _external=True)


@bp.route("/team", methods=["GET", "POST"])
@admin_required
def team():
    """The organisation's staff; adding one (POST) shows their set-password link once."""
    admin = current_staff()
    if request.method == "GET":
        return _render_team(admin)
    form = ENGINE.build_form(ADD_MEMBER, {}, request.form)
    cleaned = ENGINE.validate(ADD_MEMBER, form, Answers({}))
    if cleaned is not None and accounts.find_member(cleaned["member_email"]) is not None:
        form["member_email"].errors = [_("An account with this e-mail address exists already")]
        cleaned = None
    if cleaned is None:
        return _render_team(admin, add_form=form, errors=_errors(ADD_MEMBER, form))
    member = accounts.add_member(
        admin.organisation, cleaned["member_email"], cleaned["member_name"], cleaned["member_language"],
        admin=cleaned["member_admin"] == "yes",
    )
    audit.record(admin, "staff_added", target=f"staff:{member.id}")
    db.session.commit()
    return _render_team(admin, link=_link_for(member), done="added", changed=member)


@bp.post("/team/change")
@admin_required
def team_change():
    """Disable or reset an account of the team (anyone else's: 404)."""
    admin = current_staff()
    members = _team_members(admin.organisation_id)
    question = _change_question(admin, members)
    step = Step(key="staff_change_member", questions=(question,))
    form = ENGINE.build_form(step, {}, request.form)
    cleaned = ENGINE.validate(step, form, Answers({}))
    action = request.form.get("action")
    if action not in ("disable", "reset"):
        abort(400)
    if cleaned is None:
        if request.form.get(question.key):
            abort(404)  # an account of another organisation, or their own
        return _render_team(admin, change_form=form, errors=_errors(step, form))
    member = next(m for m in members if str(m.id) == cleaned[question.key])
    if action == "disable":
        accounts.disable(member)
    else:
        accounts.reset(member)
    audit.record(admin, "staff_disabled" if action == "disable" else "staff_reset", target=f"staff:{member.id}")
    db.session.commit()
    return _render_team(admin, link=_link_for(member) if action == "reset" else None, done=action, changed=member)
