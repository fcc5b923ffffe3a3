"""Web security every route gets: CSRF on every POST of the URL map, the
response headers, error pages that lead back to the application."""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from webform import security
from webform.models import Application, Attachment, DraftSession, db

from .helpers import MINIMAL_PDF, FormClient, Page, translate
from .scenarios import STEP_INPUT, apply_for

CSRF_TITLE = "For your security, this page had to be reloaded"


def snapshot(app) -> str:
    """Everything a POST could change, as one comparable text."""
    with app.app_context():
        applications = [
            (a.status, a.language, a.answers, a.pending_input, a.completed_steps, a.resume_code_hash, a.version)
            for a in db.session.execute(select(Application).order_by(Application.id)).scalars()
        ]
        files = db.session.execute(select(Attachment.public_id).order_by(Attachment.id)).scalars().all()
        tokens = db.session.execute(select(DraftSession.token_hash).order_by(DraftSession.id)).scalars().all()
    return json.dumps([applications, files, tokens], default=str, sort_keys=True)


def _fill(rule_text: str, values: dict) -> str:
    out = rule_text
    for name, value in values.items():
        out = out.replace(f"<{name}>", value)
    return out


def test_every_post_route_refuses_a_request_without_token(app):
    """CSRF is on by default: a route added tomorrow is protected too. The
    few views that check the token themselves (to keep what was typed) show
    their own message; none changes anything."""
    client = FormClient(app)
    client.start("fr")
    apply_for(client, ["recognition"])
    client.post("/application/identity", STEP_INPUT["identity"])
    client.get("/application/files/")
    client.submit({"file": (io.BytesIO(MINIMAL_PDF), "rapport.pdf"), "kind": "medical_report"}, form="#upload-form")
    with app.app_context():
        attachment_id = db.session.execute(select(Attachment.public_id)).scalar_one()
    # Exempting a view from the global check is a conscious choice: listed here.
    assert security.CHECKED_IN_VIEW == {
        "webform.views.application.start", "webform.views.application.step", "webform.views.resume.saved",
        "webform.views.resume.resume_form", "webform.views.files.upload",
        "webform.staff.handover.take_over",
        # The screening keeps what was typed; only its start creates a draft.
        "webform.views.screening.answer", "webform.views.screening.start",
    }
    routes = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    assert len(routes) >= 10, "the walk must see the routes"
    before = snapshot(app)
    for rule in routes:
        url = _fill(rule.rule, {"step_key": "identity", "public_id": attachment_id})
        assert "<" not in url, f"give the walk a value for {rule.rule}"
        data = {"first_name": "Eve", "last_name": "Attacker", "national_number": "",
                "code": "ABCD", "action": "later", "kind": "other", "file": (io.BytesIO(MINIMAL_PDF), "x.pdf")}
        response = client.client.post(url, data=data, follow_redirects=True)
        page = Page(response)
        view = app.view_functions[rule.endpoint]
        if f"{view.__module__}.{view.__name__}" not in security.CHECKED_IN_VIEW:
            assert response.status_code == 400, rule.rule
            assert page.h1 == translate(CSRF_TITLE, "fr"), rule.rule
        # The views that check the token themselves show their own page
        # (their messages are tested with them); what counts here is below.
        assert snapshot(app) == before, f"{rule.rule} changed something without a token"


def test_the_csrf_page_leads_back_to_the_application(app):
    client = FormClient(app)
    client.start("nl")
    response = client.client.post("/application/close", data={})
    page = Page(response)
    assert response.status_code == 400 and page.language == "nl"
    assert page.h1 == translate(CSRF_TITLE, "nl")
    back = page.soup.find("a", string=translate("Go back to your application", "nl"))
    assert back is not None and back["href"] == "/application/"


def test_error_pages_offer_the_way_back_only_when_there_is_one(app):
    stranger = FormClient(app)
    page = Page(stranger.client.get("/no-such-page"))
    assert page.status == 404 and not page.soup.find("a", href="/application/")
    client = FormClient(app)
    client.start("fr")
    page = Page(client.client.get("/no-such-page"))
    assert page.status == 404
    assert page.soup.find("a", string=translate("Go back to your application", "fr"))["href"] == "/application/"


def test_content_security_policy_forbids_plugins(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "object-src 'none'" in policy and "default-src 'self'" in policy


@pytest.mark.parametrize("secure", [False, True])
def test_hsts_only_over_https(app, secure):
    app.config["SESSION_COOKIE_SECURE"] = secure
    response = app.test_client().get("/")
    if secure:
        assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    else:
        assert "Strict-Transport-Security" not in response.headers


def test_bidi_controls_are_not_stored(app):
    """U+202E and friends would reverse text in the PDF and the officer's tools."""
    client = FormClient(app)
    client.start("fr")
    apply_for(client, ["recognition"])
    client.post("/application/identity", {**STEP_INPUT["identity"], "first_name": "Ma\u202erie\u2066", "last_name": "\u202aDu\u2069pont"})
    with app.app_context():
        answers = db.session.execute(select(Application)).scalar_one().answers
    assert answers["first_name"] == "Marie" and answers["last_name"] == "Dupont"
