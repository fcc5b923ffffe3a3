"""Switching language keeps what was typed; nobody reaches another person's
application; unknown pages and stray requests get proper pages."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from webform.models import Application, db

from ..helpers import FormClient, Page, translate
from ..scenarios import STEP_INPUT, apply_for


def stored(app) -> Application:
    with app.app_context():
        return db.session.execute(select(Application)).scalar_one()


def test_language_switch_mid_step_keeps_typed_input(app, form_client):
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    form_client.get("/application/identity")
    # The header's language buttons belong to the step form: what was typed is sent along.
    button = form_client.page.soup.select_one('button[name="switch_language"][value="nl"]')
    assert button["form"] == "step-form" and button["lang"] == "nl"
    typed = {"national_number": "85.07.30", "first_name": "Marie", "last_name": ""}
    page = form_client.submit({**typed, "switch_language": "nl"}, form="#step-form")
    assert form_client.url == "/application/identity"
    assert page.language == "nl"
    assert page.value("national_number") == "85.07.30" and page.value("first_name") == "Marie"
    assert not page.errors(), "switching language is not a submission"
    assert stored(app).language == "nl"
    # Continuing validates in the new language, and then saves.
    page = form_client.submit(typed, form="#step-form")
    assert page.errors()["last_name"] == translate("Enter your last name", "nl")
    form_client.submit(STEP_INPUT["identity"], form="#step-form")
    assert stored(app).answers["first_name"] == "Marie"
    assert "identity" not in stored(app).pending_input


def test_language_switch_saves_the_valid_answers_and_keeps_the_wrong_input(app, form_client):
    """A language button saves what "Save and continue later" would: the
    valid answers are stored (the check page agrees with the screen), the
    wrong input comes back in the new language to be corrected."""
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    form_client.post("/application/identity", STEP_INPUT["identity"])
    form_client.get("/application/contact")
    typed = {"phone": "0470 12 34 56", "email": "not an address", "letter_language": "nl"}
    page = form_client.submit({**typed, "switch_language": "de"}, form="#step-form")
    assert page.language == "de" and not page.errors(), "switching language is not a submission"
    assert page.value("email") == "not an address" and page.value("phone") == "0470 12 34 56"
    answers = stored(app).answers
    assert answers["phone"] == "+32470123456" and answers["letter_language"] == "nl"
    assert "email" not in answers
    check = form_client.get("/application/check")
    rows = {row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True) for row in check.soup.select(".summary-row")}
    assert rows[translate("Phone number (optional)", "de")] == "0470 12 34 56"
    assert rows[translate("E-mail address (optional)", "de")] == translate("Not given", "de")
    # The page is not confirmed: it is still to be done.
    assert "contact" not in stored(app).completed_steps


def show_errors_on_contact(form_client, language: str):
    """The contact page after "Continue" with a wrong phone number and no letters' language."""
    form_client.start(language)
    form_client.post("/application/requests", {"requests": ["recognition"]})
    form_client.post("/application/identity", STEP_INPUT["identity"])
    form_client.get("/application/contact")
    return form_client.submit({"phone": "12", "email": ""}, form="#step-form")


def errors_in(page, language: str) -> tuple:
    expected = {
        "phone": translate("Enter a phone number, for example 0470 12 34 56 or +32 470 12 34 56", language),
        "letter_language": translate("Select the language of your letters", language),
    }
    return page.errors() == expected, page.summary() == [("#phone", expected["phone"]), ("#letter_language-0", expected["letter_language"])], page.title.startswith(translate("Error:", language) + " ")


def test_language_switch_keeps_the_errors_shown_in_the_new_language(app, form_client):
    page = show_errors_on_contact(form_client, "fr")
    assert errors_in(page, "fr") == (True, True, True)
    page = form_client.submit({"phone": "12", "email": "", "switch_language": "de"}, form="#step-form")
    assert page.language == "de" and page.value("phone") == "12"
    assert errors_in(page, "de") == (True, True, True), "summary, inline errors and title, in German"
    # Once corrected, the page goes on; nothing of the old errors is kept.
    form_client.submit(STEP_INPUT["contact"], form="#step-form")
    assert form_client.url == "/application/contact_way" and "contact" not in stored(app).pending_input


def test_input_kept_with_its_errors_comes_back_with_them_after_resuming(app, form_client):
    from .test_resume import try_code

    show_errors_on_contact(form_client, "nl")
    page = form_client.submit({"phone": "12", "email": "", "action": "later"}, form="#step-form")
    code = page.soup.select_one(".resume-code strong").get_text(strip=True)
    other = FormClient(app)
    other.get("/language/nl?next=/resume")
    try_code(other, app, code)
    page = other.get("/application/contact")
    assert page.value("phone") == "12"
    assert errors_in(page, "nl") == (True, True, True)


def test_save_later_saves_the_valid_answers_too(app, form_client):
    """The same function keeps the input of "Save and continue later"."""
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    form_client.post("/application/identity", STEP_INPUT["identity"])
    form_client.get("/application/contact")
    form_client.submit({"phone": "0470 12 34 56", "email": "not an address", "action": "later"}, form="#step-form")
    application = stored(app)
    assert application.answers["phone"] == "+32470123456" and "email" not in application.answers
    assert application.pending_input["contact"]["email"] == ["not an address"]


def test_language_switch_keeps_saved_answers(app, form_client):
    form_client.start("de")
    apply_for(form_client, ["parking_card"])
    form_client.post("/application/identity", STEP_INPUT["identity"])
    page = form_client.get("/language/fr?next=/application/identity")
    assert page.language == "fr"
    assert page.value("first_name") == "Marie"
    assert stored(app).language == "fr"
    assert stored(app).answers["requests"] == ["parking_card"]


def test_language_from_browser_then_french(client):
    page = Page(client.get("/", headers={"Accept-Language": "de-BE,de;q=0.9"}))
    assert page.language == "de"
    page = Page(client.get("/", headers={"Accept-Language": "es"}))
    assert page.language == "fr"


def test_each_language_is_named_in_its_own_language(client):
    page = Page(client.get("/language/nl?next=/", follow_redirects=True))
    names = {tag["lang"]: tag.get_text(strip=True) for tag in page.soup.select(".language-nav [lang]")}
    assert names == {"fr": "Français", "nl": "Nederlands", "de": "Deutsch"}


def test_unknown_language_and_open_redirect(client):
    assert client.get("/language/en").status_code == 404
    response = client.get("/language/fr?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    response = client.get("/language/fr?next=//evil.example/")
    assert response.headers["Location"] == "/"


def test_nobody_else_reaches_the_application(app, form_client):
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    form_client.post("/application/identity", STEP_INPUT["identity"])
    stranger = FormClient(app)
    page = stranger.get("/application/identity")
    assert stranger.url == "/"
    assert "Marie" not in page.html
    # Even with the application's identifier, without the session cookie.
    public_id = stored(app).public_id
    assert stranger.client.get(f"/application/{public_id}").status_code in (302, 404)


def test_submitted_application_is_frozen(app, form_client):
    form_client.start("fr")
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.status, application.reference = "submitted", "1234-5678-9012"
        db.session.commit()
    form_client.get("/application/identity")
    assert form_client.url == "/application/sent"
    form_client.client.post("/application/identity", data=STEP_INPUT["identity"])
    assert "first_name" not in stored(app).answers
    # Starting again makes a new, empty application.
    form_client.get("/")
    form_client.submit({}, form="form.start-form")
    with app.app_context():
        assert db.session.query(Application).count() == 2


NOT_OPEN = ("The page you asked for is not open for your application yet. Pages open in the order of the "
            "parts below, and some only for certain answers. Continue from this list.")


@pytest.mark.parametrize("url", [
    "/application/walking",  # the parking-card part is not shown for a recognition only
    "/application/declaration",  # a part that needs the others first
    "/application/birth_date",  # asked only when the number lacks the day
])
def test_a_deep_link_to_a_page_not_open_yet_leads_to_the_task_list(form_client, url):
    form_client.start("nl")
    form_client.post("/application/requests", {"requests": ["recognition"]})
    page = form_client.get(url)
    assert page.status == 200 and form_client.url == "/application/"
    banner = page.soup.select_one("#notification-banner")
    assert banner is not None and banner["role"] == "alert"
    assert banner.select_one(".notification-banner-content").get_text(" ", strip=True) == translate(NOT_OPEN, "nl")
    assert form_client.get("/application/").soup.select_one("#notification-banner") is None, "said once"


def test_unknown_steps_and_other_applications_are_not_found(app, form_client):
    form_client.start("nl")
    apply_for(form_client, ["recognition"])
    assert form_client.get("/application/does-not-exist").status == 404
    assert form_client.get("/nowhere").status == 404
    # Another person's application, even by its identifier: never reached.
    other = FormClient(app)
    other.start("fr")
    public_id = stored_ids(app)[0]
    assert form_client.get(f"/application/{public_id}").status == 404


def stored_ids(app) -> list[str]:
    with app.app_context():
        return [a.public_id for a in db.session.execute(select(Application).order_by(Application.id.desc())).scalars()]


def test_wrong_method_and_oversize_body(app, client):
    page = Page(client.delete("/"))
    assert page.status == 405
    app.config["MAX_CONTENT_LENGTH"] = 1000
    page = Page(client.post("/application/start", data={"x": "y" * 5000}))
    assert page.status == 413


def test_start_without_cookie_token_explains(client):
    page = Page(client.post("/application/start", data={}))
    assert page.status == 400
    assert page.h1 == translate("Your application could not be started", "fr")


def test_server_error_page_does_not_leak(app, client, caplog, monkeypatch):
    from webform.views import public

    def broken(*_args, **_kwargs):
        raise RuntimeError("Marie Dupont, 85.07.30-033.28")

    monkeypatch.setattr(public, "current_application", broken)
    page = Page(client.get("/"))
    assert page.status == 500
    assert "Marie" not in page.html
    # The log says what failed and where, never the data involved.
    assert "RuntimeError" in caplog.text and "public.py" in caplog.text
    assert "Marie" not in caplog.text and "85.07" not in caplog.text


def test_answers_are_not_cached_by_the_browser(form_client):
    form_client.start("fr")
    response = form_client.client.get("/application/identity")
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


STALE = "Your application was changed in another window or tab. Here are the answers saved there; check them and continue."


def _two_tabs_on_contact(app, form_client):
    """Tab A shows the contact page; tab B (same browser) then saves a phone there."""
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    form_client.post("/application/identity", STEP_INPUT["identity"])
    old_tab = form_client.get("/application/contact")
    other_tab = FormClient(app)
    other_tab.client = form_client.client
    other_tab.get("/application/contact")
    other_tab.submit({**STEP_INPUT["contact"], "phone": "0470 99 99 99"}, form="#step-form")
    form_client.page = old_tab
    form_client.url = form_client.full_url = "/application/contact"


def test_language_switch_from_a_stale_tab_does_not_bring_old_input_back(app, form_client):
    _two_tabs_on_contact(app, form_client)
    page = form_client.submit({**STEP_INPUT["contact"], "phone": "0470 11 11 11", "switch_language": "nl"}, form="#step-form")
    assert page.language == "nl", "the language still changes"
    assert translate(STALE, "nl") in page.html
    assert "99 99 99" in page.value("phone")
    assert "contact" not in (stored(app).pending_input or {})
    # Continue on the refreshed page keeps the other tab's phone.
    form_client.submit({}, form="#step-form")
    assert "999999" in stored(app).answers["phone"].replace(" ", "")


def test_save_later_from_a_stale_tab_keeps_nothing(app, form_client):
    _two_tabs_on_contact(app, form_client)
    page = form_client.submit({**STEP_INPUT["contact"], "email": "not an address", "action": "later"}, form="#step-form")
    assert translate(STALE, "fr") in page.html
    application = stored(app)
    assert "contact" not in (application.pending_input or {})
    assert application.resume_code_hash is None
    assert "999999" in application.answers["phone"].replace(" ", "")


def test_kept_input_holds_only_the_steps_own_fields(app, form_client):
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    form_client.get("/application/identity")
    form_client.submit({"first_name": "Marie", "last_name": "", "iban": "BE00", "x" * 50: "y", "switch_language": "de"}, form="#step-form")
    assert set(stored(app).pending_input["identity"]) == {"first_name", "last_name"}


def test_save_later_without_csrf_token_keeps_nothing(app, form_client):
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    form_client.post("/application/identity", STEP_INPUT["identity"])
    form_client.get("/application/contact")
    page = form_client.submit({"csrf_token": "", "phone": "0470 55 55 55", "email": "x", "action": "later"}, form="#step-form")
    assert page.soup.select_one(".error-summary") and not page.soup.select_one(".resume-code")
    assert page.value("phone") == "0470 55 55 55", "what was typed is shown again"
    assert page.csrf_token(), "with a fresh token"
    application = stored(app)
    assert application.resume_code_hash is None and "contact" not in (application.pending_input or {})
    # The page it gave back works.
    page = form_client.submit({"action": "later"}, form="#step-form")
    assert page.soup.select_one(".resume-code")


@pytest.mark.parametrize("target", [
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\\evil.example", "\\\\evil.example",
    "///evil.example", "https:evil.example", "javascript:alert(1)", " //evil.example", "/\x00/evil.example",
    "http://evil.example/", "//evil.example/%2F..", "",
])
def test_language_switch_never_leaves_the_site(client, target):
    response = client.get("/language/fr", query_string={"next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_language_switch_goes_back_to_a_page_of_the_site(client):
    response = client.get("/language/nl", query_string={"next": "/resume?x=1"})
    assert response.headers["Location"] == "/resume?x=1"


@pytest.mark.parametrize("url", ["/", "/resume", "/accessibility", "/application/files/", "/application/saved", "/nowhere"])
def test_no_page_is_kept_in_the_browser_cache(form_client, url):
    form_client.start("fr")
    response = form_client.client.get(url)
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    response = client.get("/static/css/main.css")
    assert response.headers.get("Cache-Control") != "no-store"
