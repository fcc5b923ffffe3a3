"""What the resume pages tell people: the code kept whole when it wraps and
still accepted when copied, spelled out for screen readers, offered by
e-mail on every saved page, where to go later, whom to call."""
from __future__ import annotations

import pytest

from webform import resume

from ..helpers import FormClient, translate, translate_easy
from ..scenarios import STEP_INPUT
from .test_resume import birth_fields, save_with_code, send_by_email, stored, try_code


def test_the_code_wraps_only_between_groups_and_a_copy_resumes(app):
    client = FormClient(app)
    code = save_with_code(client)
    shown = client.page.soup.select_one(".resume-code strong")
    groups = [span.get_text() for span in shown.select(".code-group")]
    assert len(groups) == 5 and all(len(resume.normalise(group)) == 4 for group in groups)
    # A copy of the whole code, as the page's text gives it, opens the application.
    copied = shown.get_text()
    assert copied == code and resume.normalise(copied) == code.replace("-", "")
    other = FormClient(app)
    other.get("/language/fr?next=/resume")
    try_code(other, app, copied)
    assert other.url == "/application/"


def test_saved_page_says_where_to_go_later(app):
    client = FormClient(app)
    save_with_code(client)
    page = client.page
    sentence = translate("Later, go to %(address)s and choose “Resume an application”.", "fr", address="http://localhost/")
    assert sentence in page.soup.get_text(" ")
    assert page.soup.select_one('main a[href="/resume"]')


def test_resume_page_gives_the_phone_number(app):
    app.config["SERVICE_CONTACT_PHONE"] = "0800 12 345"
    page = FormClient(app).get("/language/nl?next=/resume")
    assert translate("For help, call %(phone)s, free of charge.", "nl", phone="0800 12 345") in page.soup.find("main").get_text(" ")


# -- the resume code for everyone: copy, spelled out, password managers, e-mail --
def test_the_resume_form_lets_password_managers_keep_the_code(app):
    page = FormClient(app).get("/language/fr?next=/resume")
    inputs = page.soup.select("#resume-form input:not([type=hidden])")
    assert inputs and [i["name"] for i in inputs if i.get("autocomplete") == "off"] == []


def test_the_code_is_spelled_out_character_by_character():
    assert resume.spell_out("K7QP-M3RT-9XWA-2HCD-VNE4") == (
        "K (Kilo), 7, Q (Quebec), P (Papa). M (Mike), 3, R (Romeo), T (Tango). 9, X (X-ray), W (Whiskey), A (Alfa). "
        "2, H (Hotel), C (Charlie), D (Delta). V (Victor), N (November), E (Echo), 4."
    )
    # Every letter a code may hold has its word.
    assert set(resume.ALPHABET) - set(resume.SPELLING) == set("23456789")


def test_the_saved_page_spells_the_code_for_screen_readers(app):
    client = FormClient(app)
    code = save_with_code(client, "nl")
    spelled = client.page.soup.select_one("#code-spelled")
    assert "visually-hidden" in spelled["class"]
    assert spelled.get_text(" ", strip=True) == f"{translate('The code, character by character:', 'nl')} {resume.spell_out(code)}"


def test_without_javascript_the_code_is_text_and_no_copy_button(app):
    """The copy button is added by enhance.js only: without it, the code is
    selectable text, and no button that does nothing is shown."""
    client = FormClient(app)
    code = save_with_code(client, "de")
    shown = client.page.soup.select_one(".resume-code")
    assert shown.select_one("strong").get_text() == code
    assert not shown.find("button") and not client.page.soup.select("button.copy-code, .copy-code")
    assert shown["data-copy-label"] == translate("Copy the code", "de")
    assert shown["data-copied"] == translate("Code copied.", "de")


@pytest.fixture
def mail_sent(app, monkeypatch):
    """E-mail switched on; what would be sent is recorded (address, code)."""
    from webform import mail

    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(mail, "enabled", lambda: True)
    monkeypatch.setattr(mail, "send_resume_code", lambda to, code, *rest: sent.append((to, code)) or True)
    return sent


def email_form(page) -> object:
    form = page.soup.select_one("form#email-form")
    assert form is not None, "no e-mail form"
    assert form.select_one("input#code_email[type=email][autocomplete=email]")
    return form


def test_every_saved_page_offers_the_email(app, mail_sent):
    """Without an address in the answers, after sending, with a new code,
    and after saving again (the code kept): the e-mail is always offered."""
    client = FormClient(app)
    code = save_with_code(client, "fr")  # an invalid address typed: none in the answers
    assert email_form(client.page)["action"] == "/application/send-code"
    assert client.page.value("code_email") == ""
    page = send_by_email(client, code_email="aide@example.be")
    assert mail_sent == [("aide@example.be", code)]
    assert email_form(page)
    client.get("/application/contact")
    page = client.submit({**STEP_INPUT["contact"], "action": "later"}, form="#step-form")
    assert page.h1 == translate("Your application is saved", "fr") and not page.soup.select_one(".resume-code")
    assert email_form(page)["action"] == "/application/new-code/email"
    assert page.value("code_email") == "Marie.Dupont@example.be", "the answers' address is filled in"
    page = client.submit({}, form='form[action="/application/new-code"]')
    assert email_form(page) and page.soup.select_one('form#email-form input[name=replaced]')


def test_a_wrong_address_keeps_the_code_and_sends_nothing(app, mail_sent):
    client = FormClient(app)
    code = save_with_code(client, "nl")
    page = send_by_email(client, code_email="not an address")
    assert mail_sent == []
    assert page.summary() == [("#code_email", translate("Enter an e-mail address like name@example.be", "nl"))]
    assert page.title.startswith(translate("Error:", "nl"))
    assert page.soup.select_one(".resume-code strong").get_text() == code
    assert page.value("code_email") == "not an address"


def test_after_saving_again_a_new_code_is_sent_shown_and_the_old_one_ends(app, mail_sent):
    client = FormClient(app)
    old = save_with_code(client, "fr", STEP_INPUT["contact"])
    client.get("/application/contact")
    client.submit({**STEP_INPUT["contact"], "action": "later"}, form="#step-form")
    page = send_by_email(client, action="/application/new-code/email")
    new = page.soup.select_one(".resume-code strong").get_text()
    assert mail_sent == [("Marie.Dupont@example.be", new)] and new != old
    assert translate("We sent the code to %(email)s.", "fr", email="Marie.Dupont@example.be") in page.html
    stranger = FormClient(app)
    stranger.get("/language/fr?next=/resume")
    try_code(stranger, app, old)
    assert stranger.url == "/resume", "the old code no longer opens the application"
    try_code(stranger, app, new)
    assert stranger.url == "/application/"


def test_new_codes_by_email_are_limited_per_draft(app, mail_sent):
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "mail": (1, 100)}
    client = FormClient(app)
    save_with_code(client, "fr", STEP_INPUT["contact"])
    client.get("/application/contact")
    page = client.submit({**STEP_INPUT["contact"], "action": "later"}, form="#step-form")
    data = {"csrf_token": page.csrf_token(), "code_email": "a@example.be"}
    statuses = [client.client.post("/application/new-code/email", data=data).status_code for _ in range(2)]
    assert statuses == [200, 429] and len(mail_sent) == 1


def test_a_switch_on_the_date_of_birth_and_code_pages_is_kept_in_the_draft(app, form_client):
    """Resuming, the PDF and the e-mail follow the draft's reading: a switch
    on the "save and continue later" pages changes it as on the steps."""
    form_client.start("fr")
    form_client.get("/application/requests")
    form_client.submit({"requests": ["recognition"], "action": "later"}, form="#step-form")
    page = form_client.submit({**birth_fields("1980"), "switch_easy_read": "on"}, form="#step-form")
    assert page.value("resume_birth_date-year") == "1980" and not page.errors()
    assert translate_easy("Easy-read", "fr") == page.soup.select_one(".easy-read-nav [aria-current=true]").get_text(strip=True)
    assert stored(app).easy_read is True and stored(app).resume_code_hash is None
    page = form_client.submit(birth_fields("1980"), form="#step-form")
    assert page.soup.select_one(".resume-code")
    page = form_client.submit({"switch_language": "nl"}, form="#code-form")
    assert page.language == "nl" and page.soup.select_one(".resume-code")
    assert (stored(app).language, stored(app).easy_read) == ("nl", True)
    page = form_client.submit({"switch_easy_read": "off"}, form="#code-form")
    assert stored(app).easy_read is False
