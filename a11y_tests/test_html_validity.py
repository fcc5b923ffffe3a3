"""Every page the application can show is valid HTML for the Nu Html Checker
(vnu-jar from the npm registry, run with the machine's Java).

Pages are collected with the test client in fr, nl and de (every step, empty
and with errors, and the other pages), written to one folder, and checked in
one call: vnu costs seconds of Java start-up per call.
"""
from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest

from tests.helpers import FormClient, Page
from webform import ROOT
from webform.questions import ENGINE

from . import staff_pages
from .conftest import FIGURES
from .conftest import error_page
from .pages import (
    SCREENING_INPUT, ERROR_PAGES, EVERY_STEP, NOT_SENDABLE, STAFF_PASSWORD, WRONG_CODE, complete_answers,
    has_required_question, landing, mail_to_nowhere, new_staff_admin, sample_pdf, seed, showing,
)
from .pages import collect_staff_pages

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The language in which the easy-read pages are checked.
EASY_READ_NU = "nl"


def collect_pages(app, language: str, easy: bool = False) -> dict[str, str]:
    """Every page, in easy-read if asked (then without the staff's own pages,
    which have no easy-read version)."""
    client = FormClient(app)
    client.get(landing(language, easy))
    pages = {"screening": client.get("/screening/").html}
    pages["screening-errors"] = client.submit({}, form="#screening-form").html
    pages["screening-result"] = client.submit(SCREENING_INPUT, form="#screening-form").html
    pages["start"] = client.get("/").html
    pages["task-list-empty"] = client.submit({}, form="form.start-form").html
    client.get("/screening/")
    client.submit(SCREENING_INPUT, form="#screening-form")
    pages["screening-draft-open"] = client.submit({}, form="#screening-result-form").html
    pages["check-missing"] = client.get("/application/check").html
    client.get("/application/requests")
    pages["save-birth-date"] = client.submit({"action": "later"}, form="#step-form").html
    pages["save-birth-date-errors"] = client.submit({}, form="#step-form").html
    answers = complete_answers(app, language)
    seed(app, answers, EVERY_STEP)
    pages["task-list-complete"] = client.get("/application/").html
    client.get("/application/files/")
    pages["files"] = client.page.html
    pages["files-errors"] = client.submit({}, form="#upload-form").html
    pages["files-one"] = client.submit(
        {"file": (io.BytesIO(sample_pdf().read_bytes()), "rapport.pdf"), "kind": "medical_report"}, form="#upload-form"
    ).html
    with mail_to_nowhere(app):  # the saved pages with their e-mail forms
        client.get("/application/contact")
        pages["saved-with-code"] = client.submit({"action": "later"}, form="#step-form").html
        pages["saved-code-sent"] = client.submit({"code_email": "a@example.be"}, form="#email-form").html
        client.get("/application/contact")
        pages["saved-kept"] = client.submit({"action": "later"}, form="#step-form").html
    pages["resume"] = client.get("/resume").html
    pages["resume-errors"] = client.submit({}, form="#resume-form").html
    born = {"resume_birth_date-day": "7", "resume_birth_date-month": "3", "resume_birth_date-year": "1950"}
    pages["resume-wrong-code"] = client.submit({"code": WRONG_CODE, **born}, form="#resume-form").html
    pages["resume-csrf-refused"] = client.submit({"csrf_token": "expired", "code": WRONG_CODE, **born}, form="#resume-form").html
    client.get("/application/identity")
    pages["identity-csrf-refused"] = client.submit({"csrf_token": "expired"}, form="#step-form").html
    client.get("/application/contact")
    pages["contact-changed-elsewhere"] = client.submit({"answers_seen": "another tab", "phone": "0470 11 11 11"}, form="#step-form").html
    refused = Page(FormClient(app).client.post("/application/start"))
    assert refused.status == 400
    pages["start-cookies-refused"] = refused.html
    assert all("error-summary" in pages[name] for name in ("resume-wrong-code", "resume-csrf-refused", "identity-csrf-refused"))
    assert "notification-banner" in pages["contact-changed-elsewhere"]
    pages["check-complete"] = client.get("/application/check").html
    seed(app, {**answers, **NOT_SENDABLE}, EVERY_STEP)  # two answers contradict each other
    client.get("/application/declaration")
    declared = ["true_complete", "report_changes"]  # without "contact_doctors"
    pages["check-not-sent"] = client.submit({"declaration": declared}, form="#step-form").html
    assert "error-summary" in pages["check-not-sent"]
    seed(app, answers, EVERY_STEP)
    for part in ENGINE.parts:
        for step in part.steps:
            with showing(app, answers, step.key):
                pages[step.key] = client.get(f"/application/{step.key}").html
                if has_required_question(step):
                    pages[f"{step.key}-errors"] = client.submit({}, form="#step-form").html
    pages["accessibility"] = client.get("/accessibility").html
    pages["privacy"] = client.get("/privacy").html
    for code in ERROR_PAGES:
        pages[f"error-{code}"] = client.get(f"/__error/{code}").html
    seed(app, {**answers, "doctor_consent": "no"}, EVERY_STEP, status="submitted")  # a document to send
    pages["confirmation"] = client.get("/application/sent").html
    if easy:
        return pages
    pages.update(collect_staff_pages(app, language))
    return {**pages, **collect_staff_login_pages(app, language)}


def collect_staff_login_pages(app, language: str) -> dict[str, str]:
    """The assisted mode's login pages and the team page (issue 9)."""
    import pyotp

    client = FormClient(app)
    client.get(f"/language/{language}?next=/")
    email, link = new_staff_admin(app)
    pages = {"staff-link-ended": client.get("/staff/password?token=expired").html}
    pages["staff-set-password"] = client.get(link).html
    pages["staff-set-password-errors"] = client.submit({}, form="#password-form").html
    password = {"new_password": STAFF_PASSWORD, "new_password_again": STAFF_PASSWORD}
    pages["staff-login-password-set"] = client.submit(password, form="#password-form").html
    pages["staff-login-errors"] = client.submit({"email": email, "password": "wrong"}, form="#login-form").html
    pages["staff-enrol"] = client.submit({"email": email, "password": STAFF_PASSWORD}, form="#login-form").html
    secret = client.page.soup.select_one(".secret-key code").get_text().replace(" ", "")
    pages["staff-enrol-errors"] = client.submit({}, form="#code-form").html
    pages["staff-recovery-codes"] = client.submit({"code": pyotp.TOTP(secret).now()}, form="#code-form").html
    pages["staff-team"] = client.get("/staff/team").html
    pages["staff-team-errors"] = client.submit({}, form="#add-form").html
    added = {"member_name": "Luc", "member_email": f"luc.{language}@example.be", "member_language": "fr", "member_admin": "no"}
    pages["staff-team-added"] = client.submit(added, form="#add-form").html
    pages["staff-logged-out"] = client.submit({}, form=".staff-account form").html
    pages["staff-code"] = client.submit({"email": email, "password": STAFF_PASSWORD}, form="#login-form").html
    pages["staff-code-errors"] = client.submit({}, form="#code-form").html
    assert all("error-summary" in pages[name] for name in pages if name.endswith("-errors"))
    return pages


def test_every_page_is_valid_html(app, tmp_path):
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.fail("Java and vnu-jar are required: scripts/test installs vnu-jar from package.json")
    app.add_url_rule("/__error/<int:code>", "test_error_page", error_page)
    folder = tmp_path / "pages"
    folder.mkdir()
    count = 0
    # Every page in fr, nl and de; and every applicant page in easy-read, in
    # one language (the markup is the same in the others).
    for language, easy in (("fr", False), ("nl", False), ("de", False), (EASY_READ_NU, True)):
        with app.app_context():
            from webform.models import Application, db

            db.session.query(Application).delete()
            db.session.commit()
        pages = collect_pages(app, language, easy) if easy else {**collect_pages(app, language), **staff_pages.collect(app, language)}
        for name, html in pages.items():
            (folder / f"{language}{'-easy' if easy else ''}-{name}.html").write_text(html, encoding="utf-8")
            count += 1
    for picture in (ROOT / "static" / "pictograms").glob("*.svg"):
        shutil.copy(picture, folder / picture.name)
        count += 1
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--also-check-svg", str(folder)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages if m.get("type") == "error"
    ]
    FIGURES.append(f"Nu Html Checker – fr, nl, de, easy-read in {EASY_READ_NU}: {count} pages and pictograms checked, {len(errors)} errors")
    for kind in sorted({e.split(": ", 1)[1] for e in errors}):
        FIGURES.append(f"  vnu error: {kind}")
    assert errors == []
