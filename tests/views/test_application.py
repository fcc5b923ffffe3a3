"""Full applications through the pages, in each language and for each kind of
request, as a person would fill them in."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from webform.models import Application, db
from webform.storage import is_valid_reference

from ..helpers import FormClient, translate
from ..scenarios import ALLOWANCE_KEYS, MEDICAL_KEYS, MOBILITY_KEYS, SCENARIOS, STEP_INPUT, STORED, step_input, apply_for

LANGUAGES = ("fr", "nl", "de")


def next_task_url(page) -> str | None:
    """The first part on the task list that is not completed yet."""
    for task in page.soup.select(".task"):
        link = task.select_one("a.task-link")
        if link and not task.select_one(".tag-completed"):
            return link["href"]
    return None


def walk(form_client: FormClient, language: str, requests: list[str]) -> list[str]:
    """Fill in a whole application from the task list; return the steps seen."""
    form_client.start(language)
    visited: list[str] = []
    for _ in range(100):
        url = form_client.url
        if url == "/application/sent":
            return visited
        if url == "/application/":
            form_client.get(next_task_url(form_client.page))
            continue
        if url == "/application/check":
            visited.append("check")
            missing = [a.get_text(strip=True) for a in form_client.page.soup.select("#missing a")]
            assert not missing, f"missing before sending: {missing}"
            form_client.get(form_client.page.soup.select_one("main a.button")["href"])
            continue
        step_key = url.rsplit("/", 1)[1]
        visited.append(step_key)
        assert form_client.page.language == language, f"{step_key} shown in {language}"
        data = step_input(step_key, requests)
        form_client.post(url, data)
        assert not form_client.page.errors(), f"{step_key}: {form_client.page.errors()}"
    raise AssertionError("the application never reached the confirmation page")


def stored_application(app) -> Application:
    with app.app_context():
        return db.session.execute(select(Application)).scalar_one()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_full_application(app, form_client, language, scenario):
    requests, expected_steps = SCENARIOS[scenario]
    visited = walk(form_client, language, requests)

    # The branching: exactly the steps this request needs, in order.
    assert visited == expected_steps
    # The confirmation page, in the applicant's language, with a valid reference.
    page = form_client.page
    assert page.h1 == translate("Application sent", language)
    reference = page.soup.select_one(".reference").get_text(strip=True)
    assert is_valid_reference(reference)

    stored = stored_application(app)
    assert stored.status == "submitted" and stored.reference == reference
    assert stored.language == language
    assert stored.answers["requests"] == requests
    for key, value in STORED.items():
        if key in stored.answers or key not in ALLOWANCE_KEYS | MOBILITY_KEYS | MEDICAL_KEYS | {"partner_national_number", "dependent_children", "own_income", "partner_income"}:
            assert stored.answers[key] == value, key
    # Answers to parts that do not apply are never stored.
    if "allowances" not in requests:
        assert not ALLOWANCE_KEYS & stored.answers.keys()
    else:
        assert ALLOWANCE_KEYS <= stored.answers.keys()
    if "parking_card" not in requests:
        assert not MOBILITY_KEYS & stored.answers.keys()
    else:
        assert MOBILITY_KEYS <= stored.answers.keys()
    # A new copy of a parking card alone: no medical part.
    if requests == ["parking_card_duplicate"]:
        assert not MEDICAL_KEYS & stored.answers.keys()
    else:
        assert MEDICAL_KEYS <= stored.answers.keys()


@pytest.mark.parametrize("scenario, parts", [("recognition", 7), ("allowances", 10), ("parking_card", 8), ("all", 11)])
def test_step_shows_where_the_applicant_stands(form_client, scenario, parts):
    requests, _ = SCENARIOS[scenario]
    form_client.start("fr")
    page = apply_for(form_client, requests)
    # The part about whoever fills in for the person comes once they say so.
    assert len(page.soup.select(".task")) == parts - 1
    page = form_client.post("/application/helper_kind", {"helper_kind": "present"})
    assert len(form_client.get("/application/").soup.select(".task")) == parts
    page = form_client.get("/application/doctor_consent")
    caption = page.soup.select_one(".part-number").get_text(strip=True)
    assert caption == translate("Part %(number)s of %(count)s", "fr", number=4, count=parts)
    assert translate("Your health and your doctors", "fr") in page.title


@pytest.mark.parametrize("step, inside", [
    ("identity", "own heading"),
    ("doctor_consent", "legend"),  # a question that is the heading: radios
    ("specialists", "label-wrapper"),  # a question that is the heading: a text box
])
def test_the_part_caption_is_inside_the_h1(form_client, step, inside):
    """"Part 4 of 7, Your health and your doctors, Page 2 of 6" is heard with
    the heading; when the question is the heading, its field's name stays the
    question alone."""
    form_client.start("nl")
    apply_for(form_client, ["recognition"])
    form_client.post("/application/helper_kind", {"helper_kind": "present"})
    page = form_client.get(f"/application/{step}")
    h1 = page.soup.find("h1")
    caption = h1.select_one(".caption")
    assert caption is not None and h1.get_text().strip().startswith(caption.get_text().strip())
    assert caption.select_one(".part-number").get_text(strip=True) == translate(
        "Part %(number)s of %(count)s", "nl", number=2 if step == "identity" else 4, count=7)
    assert caption.select_one("img")["alt"] == "", "the pictogram is decoration"
    assert not page.soup.select(".caption")[1:], "one caption"
    if inside == "legend":
        assert h1.find_parent("legend") is not None
    elif inside == "label-wrapper":
        label = h1.select_one("label")
        assert "label-wrapper" in h1["class"] and label.get_text(strip=True) == page.title.split(" – ")[0]
        assert not label.select(".caption"), "the field's name is the question alone"


def task_statuses(page) -> dict[str, str]:
    return {task["id"]: task.select_one(".tag").get_text(strip=True) for task in page.soup.select(".task")}


def test_task_list_statuses(form_client):
    page = form_client.start("nl")
    statuses = task_statuses(page)
    # Before choosing what to apply for, only the first two parts can start.
    assert statuses["part-requests"] == translate("Not started", "nl")
    assert statuses["part-about_you"] == translate("Not started", "nl")
    assert statuses["part-health"] == translate("Cannot start yet", "nl")
    assert statuses["part-declaration"] == translate("Cannot start yet", "nl")
    assert not page.soup.select_one("#part-health a"), "a part that cannot start has no link"

    apply_for(form_client, ["recognition"])
    page = form_client.post("/application/identity", STEP_INPUT["identity"])
    statuses = task_statuses(form_client.get("/application/"))
    assert statuses["part-requests"] == translate("Completed", "nl")
    assert statuses["part-about_you"] == translate("In progress", "nl")
    assert statuses["part-health"] == translate("Not started", "nl")
    assert statuses["part-declaration"] == translate("Cannot start yet", "nl")


DAILY_STEPS = ["daily_moving", "daily_eating", "daily_hygiene", "daily_home", "daily_safety", "daily_social"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_page_rows_links_and_missing_items_are_distinct(form_client, language):
    """Six activities asked the same way are still told apart on the check page:
    every row, every "Change" link's accessible name and every missing item."""
    from .test_check_and_submit import fill_all_but, missing_on_check_page

    fill_all_but(form_client, language, ["recognition"], DAILY_STEPS)
    missing = missing_on_check_page(form_client)
    assert len(missing) == len(DAILY_STEPS)
    assert len(set(missing)) == len(missing), missing
    assert translate("Moving around", language) in missing[0]

    for step in DAILY_STEPS:
        form_client.post(f"/application/{step}", STEP_INPUT[step])
    page = form_client.get("/application/check")
    rows = [row.select_one("dt").get_text(" ", strip=True) for row in page.soup.select(".summary-row")]
    assert len(set(rows)) == len(rows), rows
    links = [a.get_text(" ", strip=True) for a in page.soup.select(".summary-action a")]
    assert len(links) == len(rows) and len(set(links)) == len(links), links


def test_parent_of_a_child_needs_no_court_decision_but_an_adult_cannot_choose_parent(form_client):
    from .test_check_and_submit import fill_all_but, missing_on_check_page
    from ..helpers import make_national_number, years_ago

    child = make_national_number(years_ago(9), serial=38)
    # A parent is not asked for copies of the letters: they receive them.
    helper_steps = ["helper_kind", "helper_details", "helper_same_address", "helper_address"]
    fill_all_but(form_client, "fr", ["recognition"], ["identity", "helper_copy_letters", *helper_steps])
    form_client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": child})
    form_client.post("/application/helper_kind", {"helper_kind": "parent"})
    form_client.post("/application/school_therapies", STEP_INPUT["school_therapies"])  # a child's step
    for step in helper_steps[1:]:
        form_client.post(f"/application/{step}", STEP_INPUT[step])
    assert missing_on_check_page(form_client) == []
    # The number corrected to an adult's: the parent answer no longer fits.
    form_client.post("/application/identity", STEP_INPUT["identity"])
    assert missing_on_check_page(form_client) == [translate(
        "Who is filling in: you chose a parent for their child under 18, but the date of birth shows that the person is 18 "
        "or over. Choose another answer.", "fr"
    )]


def test_representatives_account_left_after_the_representative_is_removed(form_client):
    from .test_check_and_submit import fill_all_but, missing_on_check_page

    fill_all_but(form_client, "de", ["allowances"], ["helper_copy_letters", "helper_details", "helper_same_address", "helper_address"])
    form_client.post("/application/helper_kind", {"helper_kind": "legal"})
    form_client.post("/application/helper_details", STEP_INPUT["helper_details"])
    form_client.post("/application/helper_same_address", STEP_INPUT["helper_same_address"])
    form_client.post("/application/helper_address", STEP_INPUT["helper_address"])
    form_client.post("/application/bank_account", {**STEP_INPUT["bank_account"], "account_holder": "representative"})
    form_client.post("/application/helper_kind", {"helper_kind": "present"})
    message = translate(
        "Bank account: you chose an account managed by your legal representative, but you did not say that a "
        "legal representative acts for you. Choose whose account it is again.", "de",
    )
    assert message in missing_on_check_page(form_client)


def test_task_list_continue_goes_to_the_first_unfinished_step(form_client):
    """After resuming (or coming back to the task list), "Continue" leads to
    where the applicant stopped; before anything is saved there is none."""
    page = form_client.start("fr")
    continue_text = translate("Continue", "fr")
    assert not [a for a in page.soup.select("main a.button") if a.get_text(strip=True) == continue_text]
    apply_for(form_client, ["recognition"])
    form_client.post("/application/helper_kind", STEP_INPUT["helper_kind"])
    form_client.post("/application/identity", STEP_INPUT["identity"])
    page = form_client.get("/application/")
    (link,) = [a for a in page.soup.select("main a.button") if a.get_text(strip=True) == continue_text]
    assert link["href"] == "/application/address"
    assert translate("The parts you answer depend on what you apply for: your choices can add parts.", "fr") in page.html
    page = form_client.get(link["href"])
    assert page.status == 200 and form_client.url == "/application/address"


def start_allowances(form_client, language: str = "fr", requests=("allowances",)):
    """The first part answered, the person filling in for themself, the identity given."""
    form_client.start(language)
    apply_for(form_client, list(requests))
    form_client.post("/application/helper_kind", {"helper_kind": "none"})
    form_client.post("/application/identity", STEP_INPUT["identity"])


@pytest.mark.parametrize("requests, after_identity, after_contact", [
    (("recognition",), "address", ""),  # the end of the part: back to the task list
    (("parking_card",), "address", ""),
    (("allowances",), "nationality", "residence"),
])
def test_nationality_and_residence_asked_only_for_the_allowances(form_client, requests, after_identity, after_contact):
    start_allowances(form_client, "nl", requests)
    assert form_client.url == f"/application/{after_identity}"
    for step in ("contact", "contact_way", "meeting_needs"):
        form_client.post(f"/application/{step}", STEP_INPUT[step])
    assert form_client.url == f"/application/{after_contact}"


@pytest.mark.parametrize("nationality, then", [("belgian", "address"), ("eu", "address"), ("other", "nationality_category")])
def test_people_of_other_countries_are_asked_their_legal_category(form_client, nationality, then):
    start_allowances(form_client, "de")
    form_client.post("/application/nationality", {"nationality": nationality})
    assert form_client.url == f"/application/{then}"
    if then == "nationality_category":
        labels = [label.get_text(" ", strip=True) for label in form_client.page.soup.select("label")]
        assert translate("I am a recognised refugee", "de") in labels
        page = form_client.post("/application/nationality_category", {"nationality_category": ["refugee", "other_status"]})
        assert page.errors(), "“none of these, or I do not know” stands alone"
        form_client.post("/application/nationality_category", {"nationality_category": ["maghreb_insured"]})
        assert form_client.url == "/application/address"


def test_living_in_an_institution_asks_since_when_and_who_pays(app, form_client):
    start_allowances(form_client, "fr")
    form_client.post("/application/residence", {"residence": "institution"})
    assert form_client.url == "/application/institution"
    page = form_client.post("/application/institution", {})
    assert set(page.errors()) == {"institution_since", "institution_paid_by"}
    form_client.post("/application/institution", STEP_INPUT["institution"])
    assert form_client.url == "/application/"  # the end of the part
    answers = stored_application(app).answers
    assert (answers["institution_since"], answers["institution_paid_by"]) == ("2023-09", "public")


def test_a_reference_address_at_a_cpas_is_said_on_the_address_page(app, form_client):
    start_allowances(form_client, "nl", ("recognition",))
    page = form_client.get("/application/address")
    intro = [p.get_text(" ", strip=True) for p in page.soup.select("p.intro")]
    assert translate("You have no home, and a CPAS gave you a reference address? Then give that address: our letters go there.", "nl") in intro
    form_client.post("/application/address", {**STEP_INPUT["address"], "reference_address": ["cpas"]})
    assert form_client.url == "/application/contact"
    assert stored_application(app).answers["reference_address"] == ["cpas"]
    # Optional: an ordinary address needs no tick.
    form_client.post("/application/address", STEP_INPUT["address"])
    assert form_client.url == "/application/contact"
    assert "reference_address" not in stored_application(app).answers


@pytest.mark.parametrize("situation, then", [
    ("alone", "children"), ("married", "partner"), ("legal_cohabitant", "partner"),
    ("partner", "partner"), ("family", "children"), ("shared", "partner"),
])
def test_household_situations_ask_the_partner_as_the_law_counts_them(form_client, situation, then):
    start_allowances(form_client, "fr")
    page = form_client.get("/application/household")
    hints = page.soup.find(id="household_situation-1-hint").get_text(" ", strip=True)  # married
    assert translate("Only if you live together. Married, but you live apart? Choose who you live with now.", "fr") in hints
    form_client.post("/application/household", {"household_situation": situation})
    assert form_client.url == f"/application/{then}"
    if then == "partner":
        assert form_client.page.h1 == translate("The person you share your household with", "fr")


def test_a_non_family_co_resident_is_asked_like_a_partner_with_their_income(app, form_client):
    start_allowances(form_client, "nl")
    form_client.post("/application/household", {"household_situation": "shared"})
    form_client.post("/application/partner", STEP_INPUT["partner"])
    assert form_client.url == "/application/children"
    page = form_client.get("/application/partner_income")
    assert page.status == 200
    assert page.soup.select_one("label").get_text(" ", strip=True).startswith(
        translate("Yearly income of the person you share your household with, in euros", "nl"))
    form_client.post("/application/partner_income", STEP_INPUT["partner_income"])
    assert stored_application(app).answers["partner_income"] == "23456.78"


@pytest.mark.parametrize("advance, then", [("yes", "cpas_advance_which"), ("no", None)])
def test_a_cpas_advance_asks_which_cpas(app, form_client, advance, then):
    start_allowances(form_client, "de")
    form_client.post("/application/cpas_advance", {"cpas_advance": advance})
    if then:
        assert form_client.url == f"/application/{then}"
        form_client.post("/application/cpas_advance_which", STEP_INPUT["cpas_advance_which"])
        assert stored_application(app).answers["cpas_advance_name"] == "CPAS de Namur"
    else:
        assert form_client.url != "/application/cpas_advance_which"
