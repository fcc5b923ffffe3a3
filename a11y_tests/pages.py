"""The state in which every page of the questionnaire can be shown at once,
shared by the axe suite and the HTML-validity check."""
from __future__ import annotations

import contextlib
from urllib.parse import quote, urlsplit

from sqlalchemy import select

from tests.helpers import FormClient
from tests.views.test_application import walk
from webform import pdf_jobs
from webform.models import Application, db, utcnow
from webform.questions import ENGINE

# Answers under which every conditional step is shown at once: a BIS number
# without date (date of birth asked), an age outside the allowances' range,
# a helper, a partner, a recognition by another body.
EVERY_STEP_VISIBLE = {
    "requests": ["recognition", "allowances", "parking_card"],
    "national_number": "85400000127",
    # A child's: the school step and a child's wording (the number lacks the date).
    "birth_date": "2015-03-07",
    "helper_kind": "present",
    "helper_same_address": "no",
    "nationality": "other",
    "residence": "institution",
    "household_situation": "married",
    "other_recognition": "yes",
    "mobility_aids": ["wheelchair"],
    # No sickness benefit: the advising doctor's question is asked.
    "benefits": ["unemployment", "other"],
}

EVERY_STEP = [step.key for part in ENGINE.parts for step in part.steps]
# Answers that cannot be sent: a real contradiction (documents never stop sending).
NOT_SENDABLE = {"account_holder": "representative", "doctor_consent": "no"}

# Steps that no one state shows together with all the others (recognition
# alone, a new copy of a parking card alone, someone who works): each is
# shown with these answers laid over the state above, then it is restored.
SHOWN_APART = {
    "certificate_purpose": {"requests": ["recognition"]},
    "card_replacement": {"requests": ["parking_card_duplicate"], "card_replacement": "stolen"},
    "work_since": {"work_status": "employee"},
}


@contextlib.contextmanager
def showing(app, answers: dict, step_key: str):
    """The draft in the state that shows this step (see SHOWN_APART)."""
    apart = SHOWN_APART.get(step_key)
    if apart:
        seed(app, {**answers, **apart}, EVERY_STEP)
    try:
        yield
    finally:
        if apart:
            seed(app, answers, EVERY_STEP)


def complete_answers(app, language: str) -> dict:
    """The answers of a whole application, filled in through the pages."""
    walk(FormClient(app), language, EVERY_STEP_VISIBLE["requests"])
    with app.app_context():
        sent = db.session.execute(select(Application).where(Application.status == "submitted")).scalar_one()
        return {
            **sent.answers, **EVERY_STEP_VISIBLE, "other_recognition_body": "Fedris",
            "wheelchair_approval": "yes", "school": "special", "therapies": ["speech"],
            "nationality_category": ["refugee"], "institution_since": "2023-09", "institution_paid_by": "public",
            "documents_available": ["medical_reports", "other_recognition"], "documents_later": "later",
        }


def seed(app, answers: dict, completed: list[str], status: str = "draft") -> None:
    """Put answers into the one draft application (the browser's or client's)."""
    with app.app_context():
        application = db.session.execute(
            select(Application).where(Application.status == "draft")
        ).scalar_one()
        application.answers = answers
        application.completed_steps = completed
        if status == "submitted":
            application.status, application.reference = status, "1234-5678-9012"
            # Now: a browser keeps a sent application only for a few hours.
            application.submitted_at = utcnow()
        db.session.commit()


def sample_pdf():
    """A small real PDF (one blank A4 page) on disk, for the file inputs of
    browser tests: uploads are opened with pypdf, so it must have pages."""
    import tempfile
    from pathlib import Path

    from pypdf import PdfWriter

    path = Path(tempfile.gettempdir()) / "webform-sample-report.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def has_required_question(step) -> bool:
    return any(q.required is not False for q in step.questions)


CLEAR_FORM = """
document.querySelectorAll('#step-form input[type=text], #step-form input[type=tel],'
  + ' #step-form input[type=email], #step-form textarea').forEach(e => { e.value = ''; });
document.querySelectorAll('#step-form input[type=radio], #step-form input[type=checkbox]')
  .forEach(e => { e.checked = false; });
"""

ERROR_PAGES = (400, 404, 413, 500)

# GET endpoints that no page of the list shows, each with the reason. Any
# other endpoint the page list never reaches fails test_every_get_endpoint_is_visited.
NOT_VISITED = {
    "static": "CSS, script and pictograms, not pages (pictograms are checked by the Nu Html Checker)",
    "public.language": "only redirects back to the page the visitor was on",
    "public.easy_read": "the easy-read switch's link: only redirects back to the page the visitor was on",
    "application.summary_pdf": "a PDF download, checked by the PDF tests (tests/), not by a browser",
    "files.download": "downloads the visitor's own attachment, a file and not a page",
    "health.healthz": "a health check for load balancers (JSON), not a page; tests/views/test_health.py",
    "staff.open_case": "opens a case of the caseload in this browser and redirects to its task list (visited)",
}

BREAK_CSRF = "document.querySelector(arguments[0] + ' input[name=csrf_token]').value = 'expired';"
WRONG_CODE = "K7QP-M3RT-9XWA-2HCD-VNE4"


def endpoint_of(app, url: str) -> str | None:
    """The endpoint that answered a URL the browser shows (None: not ours)."""
    parts = urlsplit(url)
    try:
        return app.url_map.bind(parts.netloc).match(parts.path, method="GET")[0]
    except Exception:  # noqa: BLE001  (a redirect or an unknown address)
        return None


@contextlib.contextmanager
def mail_to_nowhere(app, delivered: bool = True):
    """E-mail switched on but sent nowhere: the pages that offer, confirm or
    regret sending the resume code, without an SMTP server."""
    from webform import mail

    saved = app.config["MAIL_SERVER"], mail.send_resume_code
    app.config["MAIL_SERVER"] = "smtp.invalid"
    mail.send_resume_code = lambda *args, **kwargs: delivered
    try:
        yield
    finally:
        app.config["MAIL_SERVER"], mail.send_resume_code = saved


def fill_resume_form(browser, code: str, born: str) -> None:
    from .test_browser_walkthrough import fill_step

    year, month, day = born.split("-")
    fill_step(browser, {
        "code": code, "resume_birth_date-day": str(int(day)),
        "resume_birth_date-month": str(int(month)), "resume_birth_date-year": year,
    })


# The page list in parts that start from nothing, so that the axe suite can
# hand them to different pytest-xdist workers: the pages that are not steps
# (and the staff's), and the questionnaire's steps in two halves.
PARTS = ("pages", "steps 1", "steps 2")

# Easy-read (webform/easy_read.py) doubles every applicant page; each part
# is checked in easy-read in one language, so that every easy-read page is
# checked once without doubling the suite's time.
EASY_READ_PARTS = (("fr", "pages"), ("nl", "steps 1"), ("de", "steps 2"))


def landing(language: str, easy: bool = False) -> str:
    """The path that sets a new visitor's language (and easy-read), then
    opens the start page."""
    return f"/language/{language}?next=" + (quote("/easy-read/on?next=/", safe="/") if easy else "/")


def visit_every_page(browser, live, language: str, parts: tuple[str, ...] = PARTS, easy: bool = False):
    """Show, one after the other, every page the application can show (or
    those of the parts named), in easy-read if asked.

    Yields each page's name once the browser displays it. The steps come
    from the questionnaire, so a new step is visited without anyone adding it.
    """
    for part in parts:
        if part == "pages":
            yield from visit_pages(browser, live, language, easy)
        else:
            half = len(EVERY_STEP) // 2
            yield from visit_steps(browser, live, language, EVERY_STEP[:half] if part == "steps 1" else EVERY_STEP[half:], easy)


def open_complete_draft(browser, live, language: str, easy: bool = False) -> dict:
    """A new draft in the browser holding a whole application's answers."""
    from selenium.webdriver.common.by import By

    from .test_browser_walkthrough import click_and_wait

    browser.delete_all_cookies()
    browser.get(f"{live.url}{landing(language, easy)}")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.start-form button"))
    answers = complete_answers(live.app, language)
    seed(live.app, answers, EVERY_STEP)
    return answers


def visit_steps(browser, live, language: str, keys: list[str], easy: bool = False):
    """Every step of `keys`, empty and (when it asks something) with errors."""
    from selenium.webdriver.common.by import By

    from .test_browser_walkthrough import press_continue

    answers = open_complete_draft(browser, live, language, easy)
    for part in ENGINE.parts:
        for step in part.steps:
            if step.key not in keys:
                continue
            with showing(live.app, answers, step.key):
                browser.get(f"{live.url}/application/{step.key}")
                assert f"/application/{step.key}" in browser.current_url, f"{step.key} is not reachable"
                yield step.key
                if has_required_question(step):
                    browser.execute_script(CLEAR_FORM)
                    press_continue(browser)
                    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), f"{step.key}: no errors shown"
                    yield f"{step.key} with errors"


# Answers of the screening "What could I be entitled to?" (every request likely).
SCREENING_INPUT = {
    "age": "45", "lasting": "yes", "work_status": "no", "household_income": "middle",
    "household_situation": "married",
    **{f"daily_{activity}": "great" for activity in ("moving", "eating", "hygiene", "home", "safety", "social")},
    "walking_distance": "under_100", "arms_hands": "partly", "recognised": ["none"],
}


def visit_screening(browser, live):
    """The screening's questions, empty and with errors, and its result."""
    from selenium.webdriver.common.by import By

    from .test_browser_walkthrough import click_and_wait, fill_step

    browser.get(f"{live.url}/screening/")
    yield "screening, questions"
    submit = '#screening-form button[name="action"][value="continue"]'
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, submit))
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), "screening: no errors shown"
    yield "screening, questions with errors"
    fill_step(browser, SCREENING_INPUT)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, submit))
    assert browser.find_elements(By.CSS_SELECTOR, "#screening-result-form"), "screening: the result"
    yield "screening, result"


def visit_pages(browser, live, language: str, easy: bool = False):
    """The pages that are not steps, the staff's included (in easy-read:
    the assisted application's, not the staff's own pages, which have no
    easy-read version)."""
    from selenium.webdriver.common.by import By

    from .test_browser_walkthrough import click_and_wait, fill_step, press_continue

    browser.delete_all_cookies()
    browser.get(f"{live.url}{landing(language, easy)}")
    yield "start"
    browser.get(f"{live.url}/accessibility")
    yield "accessibility statement"
    browser.get(f"{live.url}/privacy")
    yield "data protection notice"
    yield from visit_screening(browser, live)
    browser.get(f"{live.url}/")
    browser.delete_all_cookies()  # a browser that refuses cookies
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.start-form button"))
    yield "start, cookies refused (400)"
    browser.get(f"{live.url}{landing(language, easy)}")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.start-form button"))
    yield "task list, nothing done"
    browser.get(f"{live.url}/screening/")
    fill_step(browser, SCREENING_INPUT)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, '#screening-form button[name="action"][value="continue"]'))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, '#screening-result-form button[value="start"]'))
    assert "/application/" in browser.find_element(By.CSS_SELECTOR, "main").get_attribute("innerHTML"), "the way back"
    yield "screening, an application already open"
    browser.get(f"{live.url}/application/check")
    yield "check, everything missing"
    browser.get(f"{live.url}/application/declaration")  # a deep link to a page not open yet
    assert browser.find_elements(By.CSS_SELECTOR, ".notification-banner"), "the task list says why"
    yield "task list, a page not open yet"
    browser.get(f"{live.url}/application/requests")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, '#step-form button[value="later"]'))
    yield "save for later, date of birth asked"
    press_continue(browser)
    yield "save for later, date of birth with errors"

    answers = complete_answers(live.app, language)
    seed(live.app, answers, EVERY_STEP)
    browser.get(f"{live.url}/application/")
    yield "task list, all done"
    browser.get(f"{live.url}/application/files/")
    yield "attachments, none yet"
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#upload-form button"))
    yield "attachments with errors"
    browser.find_element(By.ID, "file").send_keys(str(sample_pdf()))
    # As "Certificate or decision": the parking card's other-body decision (answers below).
    browser.find_element(By.CSS_SELECTOR, 'label[for="kind-1"]').click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#upload-form button"))
    assert browser.find_elements(By.CSS_SELECTOR, ".file-item"), "the file is listed"
    yield "attachments, one attached"
    # A route protected by the global CSRF check (removing a file).
    browser.execute_script(BREAK_CSRF, 'form[action$="/remove"]')
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, 'form[action$="/remove"] button'))
    assert "/application/" in browser.find_element(By.CSS_SELECTOR, "main").get_attribute("innerHTML"), "the way back"
    yield "security check failed (400)"
    browser.get(f"{live.url}/application/identity")
    browser.execute_script(BREAK_CSRF, "#step-form")
    press_continue(browser)
    yield "identity, security check failed, with errors"
    browser.get(f"{live.url}/application/contact")
    # A page shown before another tab saved other answers (same input would go on).
    browser.execute_script(
        "document.querySelector('input[name=answers_seen]').value = 'another tab';"
        "document.getElementById('phone').value = '0470 11 11 11';"
    )
    press_continue(browser)
    assert browser.find_elements(By.CSS_SELECTOR, ".notification-banner"), "the warning is shown"
    yield "contact, changed in another tab"
    with mail_to_nowhere(live.app):
        browser.get(f"{live.url}/application/contact")
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, '#step-form button[value="later"]'))
    assert browser.find_elements(By.CSS_SELECTOR, ".resume-code"), "the code is shown"
    code = browser.find_element(By.CSS_SELECTOR, ".resume-code strong").text
    yield "saved, with the resume code"
    with mail_to_nowhere(live.app):
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, 'form[action$="/send-code"] button'))
    assert browser.find_elements(By.CSS_SELECTOR, ".notification-banner-success"), "the code was sent"
    yield "saved, code sent by e-mail"
    with mail_to_nowhere(live.app, delivered=False):
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, 'form[action$="/send-code"] button'))
    yield "saved, the e-mail could not be sent"
    with mail_to_nowhere(live.app):  # the page offers a new code by e-mail
        browser.get(f"{live.url}/application/contact")
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, '#step-form button[value="later"]'))
    assert browser.find_elements(By.CSS_SELECTOR, "#email-form"), "the e-mail is offered"
    yield "saved again, the code is kept"
    browser.get(f"{live.url}/resume")
    yield "resume"
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#resume-form button"))
    yield "resume with errors"
    fill_resume_form(browser, code, answers["birth_date"])
    browser.execute_script(BREAK_CSRF, "#resume-form")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#resume-form button"))
    yield "resume, security check failed, with errors"
    fill_resume_form(browser, WRONG_CODE, answers["birth_date"])
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#resume-form button"))
    yield "resume, wrong code, with errors"
    for _ in range(live.app.config["RESUME_ATTEMPTS_PER_CODE"]):
        fill_resume_form(browser, code, "1960-01-01")
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#resume-form button"))
    yield "resume, code locked, with errors"
    browser.get(f"{live.url}/application/check")
    assert browser.find_elements(By.CSS_SELECTOR, "main a.button"), "complete: the way to the declaration"
    yield "check, complete"
    # Sending refused: two answers contradict each other (an account of a
    # representative nobody named), found when the declaration is sent; a
    # document to send later (the doctors may not be contacted) is listed too.
    seed(live.app, {**answers, **NOT_SENDABLE}, EVERY_STEP)
    browser.get(f"{live.url}/application/declaration")
    press_continue(browser)
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), "the refused send is an error"
    yield "check, not sent, with errors"
    seed(live.app, answers, EVERY_STEP)
    limits = live.app.config["RATE_LIMITS"]
    live.app.config["RATE_LIMITS"] = {**limits, "pdf": (0, 0)}
    browser.get(f"{live.url}/application/summary.pdf")
    live.app.config["RATE_LIMITS"] = limits
    yield "too many requests (429)"

    for code in ERROR_PAGES:
        browser.get(f"{live.url}/__error/{code}")
        yield f"error {code}"
    seed(live.app, {**answers, "doctor_consent": "no"}, EVERY_STEP, status="submitted")  # a document to send
    browser.get(f"{live.url}/application/sent")
    assert browser.current_url.endswith("/application/sent"), "the confirmation is shown"
    assert browser.find_elements(By.CSS_SELECTOR, ".summary-pending"), "the PDF is being prepared (no worker ran)"
    yield "confirmation, summary being prepared"
    browser.get(f"{live.url}/application/summary.pdf")
    assert browser.find_elements(By.CSS_SELECTOR, "main h1"), "a page, not a download"
    yield "summary not ready yet"
    with live.app.app_context():  # the PDF worker's turn (pdf_jobs.py)
        pdf_jobs.drain()
    browser.get(f"{live.url}/application/sent")
    assert browser.find_elements(By.CSS_SELECTOR, 'a[href$="/application/summary.pdf"]'), "the PDF is offered"
    yield "confirmation"
    # A copy of the cookie taken before "Close" opens nothing and says so.
    copied = browser.get_cookie("session")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, 'form[action$="/application/close"] button'))
    browser.delete_cookie("session")
    browser.add_cookie({k: copied[k] for k in ("name", "value", "path")})
    browser.get(f"{live.url}/application/check")
    assert browser.current_url == f"{live.url}/", "nothing opens"
    yield "start, application no longer open here"
    if easy:
        yield from visit_staff_assisted_pages(browser, live, language, easy)
        return
    yield from visit_staff_login_pages(browser, live)
    yield from visit_staff_assisted_pages(browser, live, language)
    from . import staff_pages

    yield from staff_pages.visit(browser, live, language)


STAFF_PASSWORD = "a long sentence as a password"


def new_staff_admin(app) -> tuple[str, str]:
    """An organisation administrator without password yet: e-mail address
    and the path of the set-password link."""
    from webform.models import StaffMember
    from webform.staff import accounts

    with app.app_context():
        number = db.session.query(StaffMember).count() + 1
        organisation = accounts.create_organisation(f"CPAS de Namur {number}", "commune_cpas", "fr")
        member = accounts.add_member(organisation, f"admin{number}@cpas.example.be", "Anne Admin", "fr", admin=True)
        db.session.commit()
        return member.email, f"/staff/password?token={accounts.password_token(member)}"


def staff_code(browser) -> str:
    """The authenticator app's code for the key shown on the enrolment page."""
    import pyotp
    from selenium.webdriver.common.by import By

    return pyotp.TOTP(browser.find_element(By.CSS_SELECTOR, ".secret-key code").text.replace(" ", "")).now()


def visit_staff_login_pages(browser, live):
    """The assisted mode's login pages and the team page (issue 9)."""
    from selenium.webdriver.common.by import By

    from .test_browser_walkthrough import click_and_wait, fill_step

    def submit(form: str, data: dict | None = None, button: str = "button") -> None:
        fill_step(browser, data or {})
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"{form} {button}"))

    email, link = new_staff_admin(live.app)
    browser.get(f"{live.url}/staff/password?token=expired")
    yield "staff, set-password link ended (404)"
    browser.get(f"{live.url}{link}")
    yield "staff, choose a password"
    submit("#password-form")
    yield "staff, choose a password, with errors"
    submit("#password-form", {"new_password": STAFF_PASSWORD, "new_password_again": STAFF_PASSWORD})
    yield "staff, login, password saved"
    submit("#login-form", {"email": email, "password": "wrong"})
    yield "staff, login, with errors"
    submit("#login-form", {"email": email, "password": STAFF_PASSWORD})
    yield "staff, set up the second factor"
    submit("#code-form")
    yield "staff, set up the second factor, with errors"
    submit("#code-form", {"code": staff_code(browser)})
    assert browser.find_elements(By.CSS_SELECTOR, ".recovery-codes code"), "the recovery codes are shown"
    yield "staff, recovery codes"
    browser.get(f"{live.url}/staff/team")
    yield "staff, team"
    submit("#add-form")
    yield "staff, team, with errors"
    submit("#add-form", {"member_name": "Luc Collègue", "member_email": "luc@cpas.example.be",
                         "member_language": "fr", "member_admin": "no"})
    assert browser.find_elements(By.CSS_SELECTOR, ".set-password-link"), "the link is shown"
    yield "staff, team, member added"
    submit(".staff-account form")
    yield "staff, logged out"
    submit("#login-form", {"email": email, "password": STAFF_PASSWORD})
    yield "staff, security code"
    submit("#code-form")
    yield "staff, security code, with errors"
    browser.delete_all_cookies()




# -- the assisted mode (webform/staff/) ----------------------------------------
def staff_member(app, language: str):
    """A member of an organisation (second factor passed by the session below)."""
    from webform.models import Organisation, StaffMember

    with app.app_context():
        email = f"agent-{language}@cpas.example.be"
        known = db.session.execute(select(StaffMember).where(StaffMember.email == email)).scalar_one_or_none()
        if known is not None:
            return known.id
        organisation = Organisation(name=f"CPAS de Namur ({language})", kind="commune_cpas", language=language)
        member = StaffMember(organisation=organisation, email=email, name="Anne Lejeune", language=language)
        db.session.add_all([organisation, member])
        db.session.commit()
        return member.id


def staff_session(member_id: int, language: str, easy: bool = False) -> dict:
    """The session contract of webform/staff/session.py, second factor passed."""
    import time

    from webform import easy_read
    from webform.staff.session import SESSION_KEY

    now = time.time()
    return {SESSION_KEY: {"id": member_id, "verified": now, "seen": now}, "language": language, easy_read.SESSION_KEY: easy}


def log_in_staff(browser, live, language: str, easy: bool = False) -> None:
    """The browser with a complete staff session (the login pages have their own tests)."""
    serializer = live.app.session_interface.get_signing_serializer(live.app)
    cookie = serializer.dumps(staff_session(staff_member(live.app, language), language, easy))
    browser.get(f"{live.url}/accessibility")
    browser.delete_all_cookies()
    browser.add_cookie({"name": live.app.config["SESSION_COOKIE_NAME"], "value": cookie, "path": "/"})


def visit_staff_assisted_pages(browser, live, language: str, easy: bool = False):
    """The staff's pages: starting an assisted application (with errors), its
    task list and check page with the banner, the caseload and a search."""
    from selenium.webdriver.common.by import By

    from .test_browser_walkthrough import click_and_wait, fill_step

    log_in_staff(browser, live, language, easy)
    browser.get(f"{live.url}/staff/start")
    yield "staff, start an application"
    fill_step(browser, {"assistance_date-day": ""})
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#start-form button"))
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), "the errors are shown"
    yield "staff, start an application, with errors"
    fill_step(browser, {"capacity": "proxy", "assistance_date-day": "2"})
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#start-form button"))
    assert browser.find_elements(By.CSS_SELECTOR, ".assisted-banner"), "the assisted application says so"
    yield "staff, assisted application, task list"
    browser.get(f"{live.url}/application/check")
    yield "staff, assisted application, check"
    browser.get(f"{live.url}/staff/")
    yield "staff, caseload"
    fill_step(browser, {"number": "85.07"})
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#search-form button"))
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), "the errors are shown"
    yield "staff, caseload search, with errors"
    fill_step(browser, {"number": "", "name": "Dupont"})
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#search-form button"))
    yield "staff, caseload search"


def collect_staff_pages(app, language: str) -> dict[str, str]:
    """The staff's pages as HTML, for the Nu Html Checker."""
    client = FormClient(app)
    with client.client.session_transaction() as session:
        session.update(staff_session(staff_member(app, language), language))
    pages = {"staff-start": client.get("/staff/start").html}
    pages["staff-start-errors"] = client.submit({"assistance_date-day": ""}, form="#start-form").html
    pages["staff-task-list"] = client.submit(
        {"capacity": "present", "assistance_date-day": "2", "assistance_date-month": "3", "assistance_date-year": "2026"}, form="#start-form",
    ).html
    pages["staff-check"] = client.get("/application/check").html
    pages["staff-caseload"] = client.get("/staff/").html
    pages["staff-search-errors"] = client.submit({"number": "85.07"}, form="#search-form").html
    pages["staff-search"] = client.submit({"number": "", "name": "Dupont"}, form="#search-form").html
    return pages


def show_page(browser, live, language: str, name: str) -> None:
    """Bring the browser to one page of visit_every_page, by the name it
    yields, in the state the other suites check it in."""
    step = name.removesuffix(" with errors")
    if step in EVERY_STEP:
        parts = ("steps 1",) if EVERY_STEP.index(step) < len(EVERY_STEP) // 2 else ("steps 2",)
    else:
        parts = ("pages",)
    for shown in visit_every_page(browser, live, language, parts):
        if shown == name:
            return
    raise LookupError(f"visit_every_page shows no page named {name!r}")
