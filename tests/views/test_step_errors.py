"""Bad input: a clear message beside the field and in the summary, in the
user's language, with what was typed kept and nothing saved lost."""
from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date
from sqlalchemy import select

from webform.models import Application, db

from ..helpers import make_national_number, translate, years_ago
from ..scenarios import STEP_INPUT

LANGUAGES = ("fr", "nl", "de")


def assert_error(page, key: str, anchor: str, message: str, language: str) -> None:
    """The error is shown the accessible way: summary, beside the field, linked."""
    expected = translate(message, language)
    assert expected != message or language == "en", "the message is translated"
    assert page.title.startswith(translate("Error:", language))
    assert (f"#{anchor}", expected) in page.summary()
    assert page.errors()[key] == expected
    summary = page.soup.select_one(".error-summary")
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    described = page.soup.find(id=anchor).find_parent("fieldset") or page.soup.find(id=anchor)
    assert f"{key}-error" in described["aria-describedby"].split()


@pytest.fixture
def on_requests_done(form_client):
    def _start(language: str, requests=("recognition",)):
        form_client.start(language)
        form_client.post("/application/requests", {"requests": list(requests)})
        return form_client

    return _start


@pytest.mark.parametrize("language", LANGUAGES)
def test_invalid_national_number(on_requests_done, language):
    client = on_requests_done(language)
    page = client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": "85.07.30-033.29"})
    assert page.status == 200
    assert_error(
        page, "national_number", "national_number",
        "This national register number is not valid: check every digit against your identity card", language,
    )
    # What was typed stays, valid or not.
    assert page.value("national_number") == "85.07.30-033.29"
    assert page.value("first_name") == "Marie"
    assert page.soup.find(id="national_number")["aria-invalid"] == "true"


@pytest.mark.parametrize("language", LANGUAGES)
def test_national_number_too_short(on_requests_done, language):
    client = on_requests_done(language)
    page = client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": "85.07.30-033"})
    assert page.errors()["national_number"] == translate(
        "The national register number has 11 digits; you entered %(n)s", language, n=9
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_invalid_iban(on_requests_done, language):
    client = on_requests_done(language, ("allowances",))
    page = client.post("/application/bank_account", {"iban": "BE71 0961 2345 6768", "account_holder": "own"})
    assert_error(page, "iban", "iban", "This account number is not valid: check every character", language)
    assert page.value("iban") == "BE71 0961 2345 6768"
    assert page.value("account_holder") == ["own"]


def test_iban_outside_sepa(on_requests_done):
    client = on_requests_done("fr", ("allowances",))
    page = client.post("/application/bank_account", {"iban": "BR15 0000 0000 0000 1093 2840 814 P2", "account_holder": "own"})
    assert page.errors()["iban"] == translate(
        "Enter an account in a country of the SEPA zone (its number starts with BE, NL, FR, DE, LU …)", "fr"
    )


def test_foreign_sepa_iban_accepted(app, on_requests_done):
    client = on_requests_done("de", ("allowances",))
    page = client.post("/application/bank_account", {"iban": "DE89 3704 0044 0532 0130 00", "account_holder": "joint"})
    assert not page.errors()
    with app.app_context():
        assert db.session.execute(select(Application)).scalar_one().answers["iban"] == "DE89370400440532013000"


@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_required_answers(on_requests_done, language):
    client = on_requests_done(language)
    page = client.post("/application/identity", {"national_number": "", "first_name": "", "last_name": "Dupont"})
    assert_error(page, "first_name", "first_name", "Enter your first name", language)
    assert_error(page, "national_number", "national_number", "Enter your national register number", language)
    assert "last_name" not in page.errors()
    # The summary lists the errors in the order of the page.
    assert [href for href, _ in page.summary()] == ["#national_number", "#first_name"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_impossible_date(on_requests_done, language):
    client = on_requests_done(language)
    data = {**STEP_INPUT["health_situation"], "health_since-day": "31", "health_since-month": "2", "health_since-year": "2020"}
    page = client.post("/application/health_situation", data)
    assert_error(page, "health_since", "health_since-month", "Enter a real date: this day or month does not exist", language)
    assert page.value("health_since-day") == "31" and page.value("health_since-month") == "2"
    assert page.value("health_conditions") == STEP_INPUT["health_situation"]["health_conditions"]


@pytest.mark.parametrize(
    "parts, message",
    [
        (("1", "13", "2020"), "Enter a real date: this day or month does not exist"),
        (("", "", "2020"), "Enter at least the month and the year, as numbers, for example 3 2019"),
        (("x", "3", "2020"), "Enter at least the month and the year, as numbers, for example 3 2019"),
        (("1", "3", "20"), "Enter the year with 4 digits, for example 1985"),
        (("1", "3", "2999"), "Enter a date in the past"),
        (("1", "3", "1850"), "Enter a year after %(year)s"),
        (("0", "3", "2020"), "Enter a real date: this day or month does not exist"),
        (("1", "99999999999999999999", "2020"), "Enter a real date: this day or month does not exist"),
        (("9" * 5000, "3", "2020"), "Enter a real date: this day or month does not exist"),
        (("1", "3", "9" * 5000), "Enter the year with 4 digits, for example 1985"),
    ],
)
def test_date_messages(on_requests_done, parts, message):
    client = on_requests_done("fr")
    day, month, year = parts
    data = {**STEP_INPUT["health_situation"], "health_since-day": day, "health_since-month": month, "health_since-year": year}
    page = client.post("/application/health_situation", data)
    assert page.errors()["health_since"] == translate(message, "fr", year=1900)


def test_own_words_required_only_when_there_is_difficulty(on_requests_done):
    client = on_requests_done("nl")
    page = client.post("/application/daily_moving", {"daily_moving": "great", "daily_moving_words": ""})
    assert page.errors() == {"daily_moving_words": translate(
        "%(activity)s: tell us in your own words what is difficult for you", "nl",
        activity=translate("Moving around", "nl"),
    )}
    page = client.post("/application/daily_eating", {"daily_eating": "none", "daily_eating_words": ""})
    assert not page.errors()


def test_daily_life_examples_describe_the_question(on_requests_done):
    """The activity's example questions are read with the radio group."""
    client = on_requests_done("de")
    page = client.get("/application/daily_safety")
    fieldset = page.soup.find(id="daily_safety-0").find_parent("fieldset")
    hint = page.soup.find(id=fieldset["aria-describedby"].split()[0])
    examples = translate(
        "Do you recognise danger, for example in traffic or with a cooker left on? Can you stay alone at home? "
        "Do you need someone to remind you to take your medicine?", "de",
    )
    assert examples in [p.get_text() for p in hint.find_all("p")]
    assert translate("Watching over your own safety", "de") in fieldset.legend.get_text()


def test_exclusive_checkbox_cannot_be_combined(on_requests_done):
    client = on_requests_done("fr", ("parking_card",))
    page = client.post("/application/aids", {"mobility_aids": ["cane", "no_aid"]})
    assert page.errors()["mobility_aids"] == translate(
        'Select "%(option)s" on its own, or only the other options', "fr", option=translate("I use no aid", "fr")
    )


def test_contact_needs_phone_or_email(on_requests_done):
    client = on_requests_done("de")
    page = client.post("/application/contact", {"phone": "", "email": "", "letter_language": "de"})
    assert page.errors() == {"phone": translate("Enter a phone number or an e-mail address, so that we can reach you", "de")}
    page = client.post("/application/contact", {"phone": "12", "email": "not-an-address", "letter_language": "de"})
    assert set(page.errors()) == {"phone", "email"}


def test_declaration_needs_every_box(app, on_requests_done):
    client = on_requests_done("fr")
    # The declaration cannot even be opened before the other parts are done.
    client.get("/application/declaration")
    assert client.url == "/application/"


def test_errors_do_not_lose_saved_answers(app, on_requests_done):
    client = on_requests_done("fr")
    client.post("/application/identity", STEP_INPUT["identity"])
    page = client.post("/application/identity", {**STEP_INPUT["identity"], "first_name": ""})
    assert page.errors()
    with app.app_context():
        stored = db.session.execute(select(Application)).scalar_one().answers
    assert stored["first_name"] == "Marie"


def test_partner_number_cannot_be_applicants_own(on_requests_done):
    client = on_requests_done("fr", ("allowances",))
    client.post("/application/identity", STEP_INPUT["identity"])
    client.post("/application/household", {"household_situation": "married"})
    page = client.post(
        "/application/partner",
        {**STEP_INPUT["partner"], "partner_national_number": STEP_INPUT["identity"]["national_number"]},
    )
    assert page.errors() == {"partner_national_number": translate("Enter your partner's number, not your own", "fr")}


@pytest.mark.parametrize("step_key", ["identity", "health_situation", "contact", "requests", "daily_moving", "aids", "bank_account", "children", "income"])
def test_hostile_input_never_breaks_the_server(on_requests_done, step_key):
    """Whatever a browser (or a script) sends, the answer is a page, not a 500."""
    client = on_requests_done("fr", ("recognition", "allowances", "parking_card"))
    client.get(f"/application/{step_key}")
    names = {tag["name"] for tag in client.page.soup.select("main form input:not([type=hidden]), main form textarea")}
    for garbage in ("x" * 5000, "9" * 5000, "99999999999999999999", "\x00\u202e<script>", "-1", "١٢٣", "1e9999"):
        page = client.submit({name: garbage for name in names}, form="#step-form")
        assert page.status == 200
        assert page.errors(), f"{garbage!r} accepted on {step_key}"
        client.get(f"/application/{step_key}")


def test_huge_number_of_children_is_a_field_error(on_requests_done):
    client = on_requests_done("fr", ("allowances",))
    page = client.post("/application/children", {"dependent_children": "9" * 5000})
    assert page.status == 200
    assert page.errors() == {"dependent_children": translate("Enter a whole number from 0 to %(max)s", "fr", max=30)}


def test_huge_month_on_the_resume_page_is_a_field_error(form_client):
    form_client.start("nl")
    page = form_client.post("/resume", {
        "code": "K7QP-M3RT-9XWA-2HCD-VNE4", "resume_birth_date-day": "1",
        "resume_birth_date-month": "99999999999999999999", "resume_birth_date-year": "1985",
    }, form="#resume-form")
    assert page.status == 200
    assert page.errors()["resume_birth_date"] == translate("Enter a real date: this day or month does not exist", "nl")


def test_helper_needs_a_way_to_be_reached(on_requests_done):
    client = on_requests_done("nl")
    client.post("/application/helper_kind", {"helper_kind": "family"})
    no_contact = {**STEP_INPUT["helper_details"], "helper_phone": "", "helper_email": "", "helper_copy_letters": "no"}
    page = client.post("/application/helper_details", no_contact)
    assert page.errors() == {"helper_phone": translate(
        "Enter their phone number or e-mail address, or choose to send them our letters too", "nl"
    )}
    client.post("/application/helper_details", {**no_contact, "helper_email": "jean@example.be"})
    assert client.url == "/application/"  # the part is done: no address needed


def test_copies_of_letters_ask_the_helpers_address(app, on_requests_done):
    client = on_requests_done("de")
    client.post("/application/helper_kind", {"helper_kind": "professional"})
    client.post("/application/helper_details", STEP_INPUT["helper_details"])  # copies, no phone or e-mail
    assert client.url == "/application/helper_same_address"
    client.submit(STEP_INPUT["helper_same_address"])
    assert client.url == "/application/helper_address"
    page = client.submit({"helper_street": "", "helper_house_number": "", "helper_box": "", "helper_postcode": "", "helper_municipality": ""})
    assert set(page.errors()) == {"helper_street", "helper_house_number", "helper_postcode", "helper_municipality"}
    client.submit(STEP_INPUT["helper_address"])
    with app.app_context():
        answers = db.session.execute(select(Application)).scalar_one().answers
    assert answers["helper_postcode"] == "4700" and answers["helper_municipality"] == "Eupen"


def test_a_parent_can_apply_for_a_child_only(on_requests_done):
    client = on_requests_done("fr")
    # Age not known yet: the parent option is offered.
    page = client.get("/application/helper_kind")
    assert "parent" in [i["value"] for i in page.soup.select("input[name=helper_kind]")]
    client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": make_national_number(years_ago(10), serial=37)})
    page = client.post("/application/helper_kind", {"helper_kind": "parent"})
    assert not page.errors() and client.url == "/application/helper_details"
    # An adult is not offered it, and cannot send it.
    client.post("/application/identity", STEP_INPUT["identity"])
    page = client.get("/application/helper_kind")
    assert "parent" not in [i["value"] for i in page.soup.select("input[name=helper_kind]")]
    page = client.submit({"helper_kind": "parent"})
    assert page.errors() == {"helper_kind": translate("Select one of the options", "fr")}


def test_account_of_a_representative_only_with_a_legal_representative(on_requests_done):
    client = on_requests_done("nl", ("allowances",))
    client.post("/application/helper_kind", {"helper_kind": "family"})
    page = client.get("/application/bank_account")
    assert "representative" not in [i["value"] for i in page.soup.select("input[name=account_holder]")]
    page = client.submit({"iban": "BE71 0961 2345 6769", "account_holder": "representative"})
    assert page.errors() == {"account_holder": translate("Select one of the options", "nl")}
    client.post("/application/helper_kind", {"helper_kind": "legal"})
    page = client.get("/application/bank_account")
    assert "representative" in [i["value"] for i in page.soup.select("input[name=account_holder]")]
    page = client.submit({"iban": "BE71 0961 2345 6769", "account_holder": "representative"})
    assert not page.errors()


def test_work_history_and_other_benefit_follow_ups(app, on_requests_done):
    client = on_requests_done("fr", ("allowances",))
    client.post("/application/work", {"work_status": "no"})
    assert client.url == "/application/worked_before"
    client.submit({"worked_before": "no"})
    assert client.url == "/application/benefits"  # no date to ask
    client.post("/application/worked_before", {"worked_before": "yes"})
    assert client.url == "/application/work_stopped"
    page = client.submit({"work_stopped-day": "", "work_stopped-month": "", "work_stopped-year": ""})
    assert page.errors() == {"work_stopped": translate("Enter when you stopped working, at least the month and the year", "fr")}
    client.submit(STEP_INPUT["work_stopped"])
    client.post("/application/benefits", {"benefits": ["other"]})
    assert client.url == "/application/other_benefit"
    page = client.submit({"other_benefit": ""})
    assert page.errors() == {"other_benefit": translate("Enter which other benefit you receive", "fr")}
    client.submit(STEP_INPUT["other_benefit"])
    with app.app_context():
        answers = db.session.execute(select(Application)).scalar_one().answers
    assert answers["work_stopped"] == "2021-06" and answers["other_benefit"] == "A pension from Germany"


def test_csrf_failure_keeps_input_and_explains(on_requests_done):
    client = on_requests_done("nl")
    client.get("/application/identity")
    seen = client.page.soup.select_one('input[name="answers_seen"]')["value"]
    response = client.client.post(
        "/application/identity", data={**STEP_INPUT["identity"], "csrf_token": "stale", "answers_seen": seen}
    )
    from ..helpers import Page

    page = Page(response)
    assert response.status_code == 200
    assert page.value("first_name") == "Marie"
    assert translate(
        "For your security, this page had to be reloaded. Check your answers and press the button again.", "nl"
    ) in [text for _, text in page.summary()]


def test_allowances_age_range(app, on_requests_done):
    client = on_requests_done("fr", ("recognition", "allowances"))
    seventy = make_national_number(years_ago(70), serial=35)
    page = client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": seventy})
    # The applicant is told, right away, that the allowances do not apply.
    assert client.url == "/application/allowances_age"
    assert page.h1 == translate("The allowances do not apply at your age", "fr")
    client.submit({})
    with app.app_context():
        assert db.session.execute(select(Application)).scalar_one().answers["requests"] == ["recognition"]
    page = client.get("/application/")
    assert not page.soup.select("#part-household")
    # Asking again for the allowances, with the age known, is refused with the reason.
    page = client.post("/application/requests", {"requests": ["recognition", "allowances"]})
    assert "70" in page.errors()["requests"]


def test_allowances_allowed_from_seventeen(on_requests_done):
    client = on_requests_done("fr", ("allowances",))
    seventeen = make_national_number(years_ago(17), serial=36)
    client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": seventeen})
    assert client.url == "/application/nationality"


def test_age_limits_come_from_configuration(app, on_requests_done):
    app.config["ALLOWANCE_MAX_AGE"] = 80
    client = on_requests_done("fr", ("allowances",))
    seventy = make_national_number(years_ago(70), serial=35)
    client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": seventy})
    assert client.url == "/application/nationality"


def test_birth_date_asked_only_when_the_number_lacks_it(on_requests_done):
    client = on_requests_done("de")
    client.post("/application/identity", STEP_INPUT["identity"])
    assert client.url == "/application/nationality"  # derived from the number: not asked
    bis_without_date = "85400000127"
    client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": bis_without_date})
    assert client.url == "/application/birth_date"
    page = client.submit({"birth_date-day": "30", "birth_date-month": "2", "birth_date-year": "1985"})
    assert page.errors()["birth_date"] == translate("Enter a real date: this day or month does not exist", "de")
    assert page.soup.find(id="birth_date-day")["autocomplete"] == "bday-day"
    client.submit({"birth_date-day": "30", "birth_date-month": "7", "birth_date-year": "1985"})
    assert client.url == "/application/nationality"


def test_birth_date_must_agree_with_the_number(app, on_requests_done):
    client = on_requests_done("fr")
    client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": "85.43.00-033.16"})
    assert client.url == "/application/birth_date"  # a BIS number: March 1985, day unknown
    page = client.submit({"birth_date-day": "12", "birth_date-month": "7", "birth_date-year": "1960"})
    assert page.errors()["birth_date"] == translate(
        "Your national register number says you were born in %(month)s. Enter a date in that month, or check your number.",
        "fr", month=format_date(date(1985, 3, 1), "MMMM yyyy", locale="fr_BE"),
    )
    # The day is unknown in the number: the month and the year are enough.
    client.submit({"birth_date-day": "", "birth_date-month": "3", "birth_date-year": "1985"})
    assert client.url == "/application/nationality"
    with app.app_context():
        assert db.session.execute(select(Application)).scalar_one().answers["birth_date"] == "1985-03"


def test_birth_date_year_must_agree_with_a_number_without_month(on_requests_done):
    client = on_requests_done("nl")
    client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": "85400000127"})
    page = client.submit({"birth_date-day": "12", "birth_date-month": "7", "birth_date-year": "1960"})
    assert page.errors()["birth_date"] == translate(
        "Your national register number says you were born in %(year)s. Enter a date in that year, or check your number.",
        "nl", year=1985,
    )


def test_a_minor_is_told_from_when_the_allowances_can_be_asked(on_requests_done):
    client = on_requests_done("fr", ("recognition", "allowances"))
    born = years_ago(16)
    page = client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": make_national_number(born, serial=36)})
    assert client.url == "/application/allowances_age"
    month = format_date(date(born.year + 17, born.month, 1), "MMMM yyyy", locale="fr_BE")
    intro = [p.get_text(" ", strip=True) for p in page.soup.select("p.intro")]
    assert translate("You can apply for them from %(month)s, the month you turn %(age)s.", "fr", month=month, age=17) in intro
    # Asking again for the allowances says the same month.
    client.submit({})
    page = client.post("/application/requests", {"requests": ["recognition", "allowances"]})
    assert month in page.errors()["requests"]


def test_the_age_limit_told_to_older_applicants_comes_from_configuration(app, on_requests_done):
    app.config["ALLOWANCE_MAX_AGE"] = 67
    client = on_requests_done("de", ("allowances",))
    page = client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": make_national_number(years_ago(70), serial=35)})
    assert client.url == "/application/allowances_age"
    intro = " ".join(p.get_text(" ", strip=True) for p in page.soup.select("p.intro"))
    assert "67" in intro and "65" not in intro


def test_removing_the_only_request_reopens_the_choice(app, on_requests_done):
    client = on_requests_done("fr", ("allowances",))
    seventy = make_national_number(years_ago(70), serial=35)
    client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": seventy})
    client.submit({})
    page = client.get("/application/")
    status = page.soup.select_one("#part-requests .tag").get_text(strip=True)
    # Nothing is asked for any more: the first part is open again, the others wait.
    assert status == translate("In progress", "fr")
    assert page.soup.select_one("#part-health .tag").get_text(strip=True) == translate("Cannot start yet", "fr")


def test_a_radio_missing_from_the_post_is_missing(app, on_requests_done):
    """A saved answer does not silently fill a question left out of a new post."""
    client = on_requests_done("fr")
    client.post("/application/helper_kind", {"helper_kind": "none"})
    page = client.post("/application/helper_kind", {})
    assert page.errors() == {"helper_kind": translate("Select who helps you, or that nobody does", "fr")}


def test_age_range_shown_comes_from_configuration(app, form_client):
    app.config.update(ALLOWANCE_MIN_AGE=21, ALLOWANCE_MAX_AGE=67)
    form_client.start("nl")
    page = form_client.get("/application/requests")
    hint = page.soup.find(id="requests-1-hint").get_text(" ", strip=True)
    assert "21" in hint and "66" in hint and "18" not in hint
