"""Easy-read: the header's switch keeps what was typed, like a language
button; the choice stays for the session, with the draft and after a
resume; pages, the PDF and the e-mail are worded in it; the pictograms of
the questions are shown with it."""
from __future__ import annotations

import pytest
from flask import session
from flask_babel import force_locale, gettext
from sqlalchemy import select

from webform import easy_read, mail, pdf
from webform.models import Application, db
from webform.questions import ENGINE

from ..helpers import FormClient, translate, translate_easy
from ..scenarios import STEP_INPUT, apply_for
from .test_resume import birth_fields, real_birth_year, save_with_code

LANGUAGES = ("fr", "nl", "de")


def stored(app) -> Application:
    with app.app_context():
        return db.session.execute(select(Application)).scalar_one()


def easy_and_standard(message: str, language: str) -> tuple[str, str]:
    """A message's two texts, which the assertions below must tell apart."""
    easy, standard = translate_easy(message, language), translate(message, language)
    assert easy != standard, f"{message!r} has the same text in both versions in {language}"
    return easy, standard


@pytest.mark.parametrize("language", LANGUAGES)
def test_switch_mid_step_keeps_typed_input(app, form_client, language):
    easy, standard = easy_and_standard("Your identity", language)
    form_client.start(language)
    apply_for(form_client, ["recognition"])
    page = form_client.get("/application/identity")
    assert standard in page.h1
    # Like the language buttons: a button of the step form, so what was typed goes along.
    button = page.soup.select_one('.easy-read-nav button[name="switch_easy_read"][value="on"]')
    assert button["form"] == "step-form" and button["lang"] == language
    assert page.soup.select_one(".easy-read-nav [aria-current=true]").get_text(strip=True) == translate("Standard text", language)
    typed = {"national_number": "85.07.30", "first_name": "Marie", "last_name": ""}
    page = form_client.submit({**typed, "switch_easy_read": "on"}, form="#step-form")
    assert form_client.url == "/application/identity"
    assert easy in page.h1 and standard not in page.h1
    assert page.value("national_number") == "85.07.30" and page.value("first_name") == "Marie"
    assert not page.errors(), "switching to easy-read is not a submission"
    assert page.soup.select_one(".easy-read-nav [aria-current=true]").get_text(strip=True) == translate_easy("Easy-read", language)
    assert stored(app).easy_read is True and stored(app).language == language
    # Continuing checks in easy-read, then saves.
    page = form_client.submit(typed, form="#step-form")
    assert page.errors()["last_name"] == translate_easy("Enter your last name", language)
    # And back to the standard text, the input still kept.
    page = form_client.submit({**typed, "switch_easy_read": "off"}, form="#step-form")
    assert standard in page.h1 and page.value("first_name") == "Marie"
    assert stored(app).easy_read is False
    form_client.submit(STEP_INPUT["identity"], form="#step-form")
    assert stored(app).answers["first_name"] == "Marie"


def test_the_language_still_switches_in_easy_read(app, form_client):
    """Both switches together: easy-read stays on when the language changes."""
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    form_client.get("/application/identity")
    form_client.submit({"first_name": "Marie", "switch_easy_read": "on"}, form="#step-form")
    page = form_client.submit({"first_name": "Marie", "switch_language": "de"}, form="#step-form")
    assert page.language == "de" and translate_easy("Your identity", "de") in page.h1
    assert page.value("first_name") == "Marie"
    assert (stored(app).language, stored(app).easy_read) == ("de", True)


def test_unknown_switch_values_are_refused(app, form_client):
    assert form_client.client.get("/easy-read/maybe?next=/").status_code == 404
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    form_client.get("/application/identity")
    hidden = {tag["name"]: tag.get("value", "") for tag in form_client.page.soup.select("#step-form input[type=hidden][name]")}
    response = form_client.client.post("/application/identity", data={**hidden, "switch_easy_read": "maybe"})
    assert response.status_code == 400 and stored(app).easy_read is False


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_without_a_form_switch_by_a_link(app, language):
    easy, standard = easy_and_standard("Disability application", language)
    page = FormClient(app)
    shown = page.get(f"/language/{language}?next=/privacy")
    link = shown.soup.select_one('.easy-read-nav a[href^="/easy-read/on"]')
    assert link["lang"] == language and link.select_one("img")["alt"] == ""
    assert standard in shown.title
    shown = page.get(link["href"])
    assert page.url == "/privacy" and easy in shown.title
    assert shown.soup.select_one('.easy-read-nav a[href^="/easy-read/off"]')


def test_the_choice_stays_for_the_session_and_with_a_new_draft(app, form_client):
    form_client.get("/language/nl?next=/easy-read/on%3Fnext%3D/")
    assert translate_easy("Disability application", "nl") in form_client.page.title
    form_client.submit({}, form="form.start-form")
    assert stored(app).easy_read is True, "a draft begun in easy-read keeps the choice"
    page = form_client.get("/application/")
    assert translate_easy("Disability application", "nl") in page.title


def test_closing_on_the_device_keeps_the_reading_preferences(app):
    from webform import drafts

    with app.test_request_context():
        session.update({"language": "de", easy_read.SESSION_KEY: True, "other": 1})
        drafts.end_here()
        assert {k: v for k, v in session.items() if not k.startswith("_")} == {"language": "de", easy_read.SESSION_KEY: True}


@pytest.mark.parametrize("language", ["nl"])
def test_resuming_with_the_code_brings_easy_read_back(app, language):
    client = FormClient(app)
    client.get(f"/language/{language}?next=/easy-read/on%3Fnext%3D/")
    code = save_with_code(client, language)
    assert stored(app).easy_read is True
    other = FormClient(app)  # another browser, in French and the standard text
    other.get("/language/fr?next=/resume")
    page = other.submit({"code": code, **birth_fields(real_birth_year(app))}, form="#resume-form")
    assert other.url == "/application/" and page.language == language
    assert translate_easy("Disability application", language) in page.title
    with other.client.session_transaction() as kept:
        assert kept[easy_read.SESSION_KEY] is True


def test_resume_pages_keep_the_code_typed_when_switching(app):
    """The resume form posts the switch like its language buttons: not a try."""
    client = FormClient(app)
    client.get("/language/fr?next=/resume")
    page = client.submit({"code": "K7QP-M3RT", "switch_easy_read": "on"}, form="#resume-form")
    assert page.value("code") == "K7QP-M3RT" and not page.errors()
    assert translate_easy("Disability application", "fr") in page.title


def test_easy_text_over_the_standard_one(app):
    """Every message goes through the easy catalogue; one without an easy
    text (a staff page's) keeps its standard text."""
    staff_only = "Back to the caseload"
    with app.test_request_context(), force_locale("de"):
        easy_read.choose("on")
        assert gettext("Your identity") == translate_easy("Your identity", "de")
        assert gettext(staff_only) == translate(staff_only, "de") != staff_only
        # Lazy strings of the questionnaire too.
        assert str(ENGINE.find("identity")[1].title) == translate_easy("Your identity", "de")
        with easy_read.forced(False):
            assert gettext("Your identity") == translate("Your identity", "de")
        easy_read.choose("off")
        assert gettext("Your identity") == translate("Your identity", "de")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_follows_the_applications_choice(app, form_client, language):
    easy, standard = easy_and_standard("No files attached.", language)
    form_client.start(language)
    apply_for(form_client, ["recognition"])
    form_client.post("/application/identity", STEP_INPUT["identity"])
    form_client.get("/easy-read/on?next=/application/")
    with app.test_request_context():  # a visitor in the standard text: the draft's choice counts
        application = db.session.execute(select(Application)).scalar_one()
        easy_html = pdf.summary_html(application)
        application.easy_read = False
        standard_html = pdf.summary_html(application)
        db.session.rollback()
    assert easy in easy_html and standard not in easy_html
    assert standard in standard_html
    for answer in ("Marie", "Dupont"):
        assert answer in easy_html and answer in standard_html
    # The draft PDF is made again when the choice changes.
    response = form_client.client.get("/application/summary.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    with app.app_context():
        application = db.session.get(Application, stored(app).id)
        made_easy = application.draft_pdf_fingerprint
        application.easy_read = False
        assert pdf.draft_fingerprint(application) != made_easy


def test_the_email_with_the_code_follows_the_choice(app, monkeypatch):
    sent = []

    class Server:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

        def send_message(self, message):
            sent.append(message)

    monkeypatch.setattr(mail.smtplib, "SMTP", Server)
    app.config.update(MAIL_SERVER="smtp.invalid")
    subject = "Your code to continue your application"
    easy, standard = easy_and_standard(subject, "nl")
    with app.test_request_context():
        assert mail.send_resume_code("a@example.be", "K7QP", "1 mei", "https://x/resume", "nl", True)
        assert mail.send_resume_code("a@example.be", "K7QP", "1 mei", "https://x/resume", "nl")
    assert [m["Subject"] for m in sent] == [easy, standard]


def test_question_pictograms_only_in_easy_read(app, form_client):
    """A question that declares a pictogram shows it beside its label in
    easy-read, with an empty text alternative: the label says the same."""
    form_client.start("fr")
    apply_for(form_client, ["recognition", "allowances", "parking_card"])
    page = form_client.get("/application/address")
    assert not page.soup.select("main .question-pictogram")
    page = form_client.get("/easy-read/on?next=/application/address")
    pictures = page.soup.select("main .question-pictogram")
    assert pictures and all(p["alt"] == "" for p in pictures)
    assert pictures[0].find_parent(["label", "legend"]) is not None


def test_the_pictograms_declared_exist_and_cover_the_questions_that_need_one():
    from webform import ROOT

    declared = {q.key: q.pictogram for q in ENGINE.questions.values() if q.pictogram}
    options = {f"requests={o.value}": o.pictogram for o in ENGINE.questions["requests"].options if o.pictogram}
    assert all((ROOT / "static" / "pictograms" / name).is_file() for name in {**declared, **options}.values())
    needed = {f"daily_{a}" for a in ("moving", "eating", "hygiene", "home", "safety", "social")}
    needed |= {"street", "phone", "email", "iban", "card_replacement", "walking_distance"}
    assert needed <= set(declared)
    # Each request is told by its own picture (the question's is the part's).
    assert len(options) == len(ENGINE.questions["requests"].options)


def test_each_request_shows_its_pictogram_in_easy_read(app, form_client):
    form_client.start("nl")
    page = form_client.get("/easy-read/on?next=/application/requests")
    labels = page.soup.select("main .choice-label")
    assert labels and all(label.select_one("img.question-pictogram")["alt"] == "" for label in labels)
    assert labels[0].get_text(strip=True) == translate_easy("Recognition of my disability", "nl")
