"""The screening pages: questions, errors, result, and the draft they start.

Nothing is stored before "Start an application with these requests", and
what a browser can send (a wrong number, a missing field, a hidden field
changed by hand) never gives a server error."""
from __future__ import annotations

import logging

import pytest

from webform.models import Application, db

from ..helpers import translate, translate_easy

LANGUAGES = ("fr", "nl", "de")
ACTIVITIES = ("moving", "eating", "hygiene", "home", "safety", "social")
QUESTIONS = "form#screening-form"
RESULT = "form#screening-result-form"


def valid(**changes) -> dict:
    data = {
        "age": "45",
        "lasting": "yes",
        "work_status": "no",
        "household_income": "middle",
        "household_situation": "legal_cohabitant",
        **{f"daily_{activity}": "great" for activity in ACTIVITIES},
        "walking_distance": "under_100",
        "arms_hands": "partly",
        "recognised": "none",
    }
    return {**data, **changes}


def open_questions(form_client, language: str):
    return form_client.get(f"/language/{language}?next=/screening/")


def stored_rows(app) -> int:
    with app.app_context():
        return sum(len(db.session.execute(table.select()).all()) for table in db.metadata.sorted_tables)


def test_the_start_page_links_to_the_screening(form_client):
    page = form_client.get("/language/nl?next=/")
    link = page.soup.find("a", href="/screening/")
    assert link and link.get_text(strip=True) == translate("What could I be entitled to?", "nl")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_questions_page(form_client, language):
    page = open_questions(form_client, language)
    assert page.status == 200
    assert page.h1 == translate("What could I be entitled to?", language)
    # The application's own questions, in its own words and options.
    legends = [legend.get_text(" ", strip=True) for legend in page.soup.select("legend")]
    assert translate("Who do you live with?", language) in legends
    assert translate("Do you work at the moment?", language) in legends
    assert len([text for text in legends if text.startswith(translate("Moving around", language))]) == 1
    assert [i["value"] for i in page.soup.select("input[name=daily_hygiene]")] == ["none", "some", "great", "help"]
    assert page.soup.select_one("label[for=age]").get_text(strip=True) == translate("How old are you?", language)
    assert "aria-describedby" in page.soup.select_one("input#age").attrs
    assert len(page.soup.select("main h2")) == 4
    # The language buttons post the form: what was chosen stays.
    assert page.soup.select("button[name=switch_language][form=screening-form]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_errors_are_shown_in_the_summary_and_beside_each_field(form_client, language):
    open_questions(form_client, language)
    page = form_client.submit({}, form=QUESTIONS)
    assert page.status == 200
    assert page.title.startswith(translate("Error:", language))
    summary = dict(page.summary())
    assert summary["#age"] == translate("Enter your age in years", language)
    assert summary["#lasting-0"] == translate("Select whether your health problems will last at least a year", language)
    assert summary["#household_situation-0"] == translate("Select who you live with", language)
    assert len(summary) == 14
    errors = page.errors()
    assert errors["age"] == summary["#age"]
    assert errors["recognised"] == translate("Select the decisions you have, or that you have none", language)
    # The summary takes the focus; the fields point to their messages.
    assert page.soup.select_one(".error-summary[autofocus]")
    assert "age-error" in page.soup.select_one("input#age")["aria-describedby"]
    assert "lasting-error" in page.soup.select_one("fieldset:has(#lasting-0)")["aria-describedby"]


@pytest.mark.parametrize("age, message", [
    ("abc", "Enter a whole number from 0 to %(max)s"),
    ("-3", "Enter a whole number from 0 to %(max)s"),
    ("121", "Enter a whole number from 0 to %(max)s"),
    ("4" * 5000, "Enter a whole number from 0 to %(max)s"),
])
def test_a_wrong_age_is_refused(form_client, age, message):
    open_questions(form_client, "fr")
    page = form_client.submit(valid(age=age), form=QUESTIONS)
    assert page.status == 200
    assert page.errors() == {"age": translate(message, "fr", max=120)}
    # What was typed is shown again.
    assert page.value("household_situation") == ["legal_cohabitant"]


def test_garbage_options_are_refused_without_a_server_error(form_client):
    open_questions(form_client, "de")
    page = form_client.submit(valid(lasting="forever", recognised=["none", "invalidity_80"], arms_hands=""), form=QUESTIONS)
    assert page.status == 200
    assert set(page.errors()) == {"lasting", "recognised", "arms_hands"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_result_page(app, form_client, language):
    open_questions(form_client, language)
    page = form_client.submit(valid(), form=QUESTIONS)
    assert page.status == 200
    assert page.h1 == translate("What you could be entitled to", language)
    headings = [h.get_text(strip=True) for h in page.soup.select("section h2")]
    assert headings == [translate(t, language) for t in (
        "Recognition of your disability", "The income replacement allowance", "The integration allowance",
        "A parking card for people with disabilities")]
    verdicts = [s.get_text(strip=True) for s in page.soup.select(".screening-verdict")]
    assert verdicts == [translate("Likely", language)] * 4
    # Never "you will get": the DG decides.
    assert "DG" in page.soup.select_one("p.lead").get_text() or "GD" in page.soup.select_one("p.lead").get_text()
    assert page.soup.find(string=lambda s: s and translate("For the allowances: the national register number of the person you live with", language) in s)
    assert page.soup.select_one(".processing-times")
    # The answers travel in the form; the requests are ticked.
    hidden = {tag["name"]: tag["value"] for tag in page.soup.select(f"{RESULT} input[type=hidden]")}
    assert hidden["age"] == "45" and hidden["daily_home"] == "great" and hidden["recognised"] == "none"
    assert page.value("requests") == ["recognition", "allowances", "parking_card"]
    assert stored_rows(app) == 0


def test_nothing_is_stored_or_logged_before_starting(app, form_client, caplog):
    caplog.set_level(logging.DEBUG)
    open_questions(form_client, "fr")
    form_client.submit(valid(household_situation="shared"), form=QUESTIONS)
    form_client.submit({"action": "change"}, form=RESULT)
    form_client.submit({"switch_language": "nl"}, form=QUESTIONS)
    assert stored_rows(app) == 0
    assert "shared" not in caplog.text
    # No answer in a URL either (access logs keep URLs): every form posts.
    assert form_client.url == "/screening/"


def test_change_my_answers_brings_them_back(form_client):
    open_questions(form_client, "fr")
    form_client.submit(valid(), form=QUESTIONS)
    page = form_client.submit({"action": "change"}, form=RESULT)
    assert page.h1 == translate("What could I be entitled to?", "fr")
    assert page.value("age") == "45"
    assert page.value("daily_safety") == ["great"]
    assert not page.errors()


def test_a_language_button_keeps_the_answers_and_the_result(form_client):
    open_questions(form_client, "fr")
    page = form_client.submit({**valid(age=""), "switch_language": "de"}, form=QUESTIONS)
    assert page.language == "de" and page.value("household_situation") == ["legal_cohabitant"]
    assert not page.errors()
    page = form_client.submit(valid(), form=QUESTIONS)
    page = form_client.submit({"switch_language": "nl", "requests": ["recognition"]}, form=RESULT)
    assert page.language == "nl" and page.h1 == translate("What you could be entitled to", "nl")
    assert page.value("requests") == ["recognition"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_easy_read_button_keeps_the_answers_and_the_result(app, form_client, language):
    open_questions(form_client, language)
    page = form_client.submit({**valid(age=""), "switch_easy_read": "on"}, form=QUESTIONS)
    assert page.h1 == translate_easy("What could I be entitled to?", language) != translate("What could I be entitled to?", language)
    assert page.value("household_situation") == ["legal_cohabitant"] and page.value("age") == ""
    assert not page.errors(), "a switch is not a submission"
    page = form_client.submit(valid(), form=QUESTIONS)
    assert page.h1 == translate_easy("What you could be entitled to", language)
    # On the result page the switch shows the result again: it never starts an application.
    page = form_client.submit({"switch_easy_read": "off", "requests": ["recognition"]}, form=RESULT)
    assert page.h1 == translate("What you could be entitled to", language)
    assert page.value("requests") == ["recognition"] and not page.errors()
    page = form_client.submit({"switch_easy_read": "on", "requests": ["allowances"]}, form=RESULT)
    assert page.h1 == translate_easy("What you could be entitled to", language)
    assert page.value("requests") == ["allowances"]
    assert form_client.url == "/screening/start"
    assert stored_rows(app) == 0


@pytest.mark.parametrize("form, switch", [
    (QUESTIONS, {"switch_easy_read": "maybe"}),
    (QUESTIONS, {"switch_language": "en"}),
    (RESULT, {"switch_easy_read": "maybe"}),
    (RESULT, {"switch_language": "en"}),
])
def test_an_unknown_switch_value_shows_the_page_again_and_starts_nothing(app, form_client, form, switch):
    open_questions(form_client, "fr")
    if form == RESULT:
        form_client.submit(valid(), form=QUESTIONS)
    h1 = form_client.page.h1
    page = form_client.submit({**switch, "requests": ["recognition"]}, form=form)
    assert page.status == 200 and page.h1 == h1 and page.language == "fr"
    assert stored_rows(app) == 0


def test_a_language_button_keeps_errors_shown(form_client):
    open_questions(form_client, "fr")
    form_client.submit({}, form=QUESTIONS)
    page = form_client.submit({"switch_language": "nl"}, form=QUESTIONS)
    assert page.errors()["age"] == translate("Enter your age in years", "nl")


def test_start_begins_a_prefilled_draft(app, form_client):
    open_questions(form_client, "nl")
    form_client.submit(valid(**{"daily_eating": "none"}), form=QUESTIONS)
    page = form_client.submit({"requests": ["allowances", "parking_card"]}, form=RESULT)
    assert form_client.url == "/application/"
    assert page.status == 200
    with app.app_context():
        application = db.session.execute(db.select(Application)).scalar_one()
        assert application.language == "nl" and application.easy_read is False
        answers = application.answers
        assert answers["requests"] == ["allowances", "parking_card"]
        assert answers["household_situation"] == "legal_cohabitant"
        assert answers["work_status"] == "no"
        assert answers["daily_eating"] == "none" and answers["daily_moving"] == "great"
        assert answers["walking_distance"] == "under_100" and answers["arms_hands"] == "partly"
        assert not {"age", "lasting", "household_income", "recognised"} & set(answers)
        assert {"requests", "household", "work", "walking", "arms_hands", "daily_eating"} <= set(application.completed_steps)
        assert "daily_moving" not in application.completed_steps  # its own words are still asked
    # The steps show the answers given, never asked blank again: the
    # requests part first asks what kind of application it is.
    page = form_client.get("/application/")
    form_client.post("/application/request_kind", {"request_kind": "new"})
    page = form_client.get("/application/daily_moving")
    assert page.value("daily_moving") == ["great"]
    page = form_client.get("/application/household")
    assert page.value("household_situation") == ["legal_cohabitant"]


def test_start_in_easy_read_keeps_the_choice_in_the_draft(app, form_client):
    open_questions(form_client, "de")
    form_client.submit({"switch_easy_read": "on"}, form=QUESTIONS)
    form_client.submit(valid(), form=QUESTIONS)
    form_client.submit({"requests": ["recognition"]}, form=RESULT)
    assert form_client.url == "/application/"
    with app.app_context():
        application = db.session.execute(db.select(Application)).scalar_one()
        assert (application.language, application.easy_read) == ("de", True)


def test_start_counts_against_the_start_limit(app, form_client):
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "start": (0, 0)}
    open_questions(form_client, "fr")
    form_client.submit(valid(), form=QUESTIONS)
    page = form_client.submit({"requests": ["recognition"]}, form=RESULT)
    assert page.status == 429
    with app.app_context():
        assert db.session.execute(db.select(Application)).first() is None


def test_no_request_ticked_is_an_error_on_the_result_page(app, form_client):
    open_questions(form_client, "de")
    form_client.submit(valid(), form=QUESTIONS)
    page = form_client.submit({"requests": []}, form=RESULT)
    assert page.h1 == translate("What you could be entitled to", "de")
    assert page.summary() == [("#requests-0", translate("Select at least one thing you want to apply for", "de"))]
    assert page.errors() == {"requests": translate("Select at least one thing you want to apply for", "de")}
    assert stored_rows(app) == 0


def test_the_application_s_own_request_check_applies(form_client):
    open_questions(form_client, "fr")
    form_client.submit(valid(), form=QUESTIONS)
    page = form_client.submit({"requests": ["parking_card", "parking_card_duplicate"]}, form=RESULT)
    assert set(page.errors()) == {"requests"}


@pytest.mark.parametrize("tampered", [
    {"age": "old"},
    {"daily_home": "a lot"},
    {"recognised": ["none", "war_50"]},
    {"requests": ["everything"]},
])
def test_tampered_hidden_fields_never_start_a_draft(app, form_client, tampered):
    open_questions(form_client, "fr")
    form_client.submit(valid(), form=QUESTIONS)
    page = form_client.submit(tampered, form=RESULT)
    assert page.status == 200
    assert page.errors()
    assert stored_rows(app) == 0


def test_a_post_without_anything_is_answered_with_the_questions(app, client):
    for url in ("/screening/", "/screening/start"):
        response = client.post(url, data={})
        assert response.status_code == 200
        assert b"error-summary" in response.data
    assert stored_rows(app) == 0


def test_an_open_draft_is_never_changed(app, form_client):
    form_client.start("fr")
    open_questions(form_client, "fr")
    form_client.submit(valid(), form=QUESTIONS)
    page = form_client.submit({"requests": ["recognition"]}, form=RESULT)
    assert page.h1 == translate("An application is already open in this browser", "fr")
    with app.app_context():
        application = db.session.execute(db.select(Application)).scalar_one()
        assert application.answers == {}
    # A page of its own: the header's switch links come back to it.
    assert form_client.url == "/screening/draft-open"
    links = page.soup.select(".header-switches a[href]")
    assert len(links) == 3  # nl, de, easy-read
    for link in links:
        assert form_client.get(link["href"]).status == 200
        assert form_client.url == "/screening/draft-open"
    assert form_client.page.h1 == translate_easy("An application is already open in this browser", "de")


def test_the_draft_open_page_without_a_draft_goes_to_the_questions(form_client):
    open_questions(form_client, "fr")
    page = form_client.get("/screening/draft-open")
    assert form_client.url == "/screening/" and page.h1 == translate("What could I be entitled to?", "fr")
