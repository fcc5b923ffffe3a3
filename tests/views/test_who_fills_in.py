"""Who is filling in the form: asked first, it words the identity pages,
sends the letters to a representative, and says who declares for whom."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from webform.models import Application, db

from ..helpers import make_national_number, translate, years_ago
from ..scenarios import STEP_INPUT, apply_for
from .test_check_and_submit import export, fill_all_but, later_on, missing_on_check_page, pdf_text, schema_errors
from .test_files import PDF, attach

HELPER_STEPS = ["helper_copy_letters", "helper_details", "helper_same_address", "helper_address"]
CHILD = make_national_number(years_ago(9), serial=41)
SOMEONE_ELSE = ["parent", "legal", "present", "proxy"]


def started(client, language="fr", capacity=None, requests=("recognition",)):
    client.start(language)
    apply_for(client, list(requests))
    if capacity:
        client.post("/application/helper_kind", {"helper_kind": capacity})


def complete_for(client, capacity: str) -> None:
    """What a capacity adds to an application: a child's school step, the
    court decision or the proxy (attached here, so that nothing is to send later)."""
    if capacity == "parent":
        client.post("/application/school_therapies", STEP_INPUT["school_therapies"])
    document = {"legal": "certificate", "proxy": "proxy"}.get(capacity)
    if document:
        attach(client, "document.pdf", PDF, kind=document)
        client.post("/application/documents_later", {"documents_later": "attach"})


def heading(page) -> str:
    """The h1 without its "Part x of y" caption."""
    title = page.soup.find("h1")
    caption = title.select_one(".caption")
    text = title.get_text(" ", strip=True)
    return text.removeprefix(caption.get_text(" ", strip=True)).strip() if caption else text


def test_who_fills_in_is_asked_before_the_identity(form_client):
    """The first page of the part about the person, before any number."""
    started(form_client)
    task = form_client.get("/application/").soup.select_one("#part-about_you a")
    assert task["href"] == "/application/helper_kind"
    form_client.get(task["href"])
    assert heading(form_client.page) == translate("Who is filling in this form?", "fr")
    form_client.submit({"helper_kind": "legal"}, form="#step-form")
    assert form_client.url == "/application/identity"


@pytest.mark.parametrize("capacity", ["none", *SOMEONE_ELSE])
def test_the_identity_pages_speak_of_the_person_when_someone_else_fills_in(form_client, capacity):
    started(form_client, "nl", capacity, requests=("recognition", "allowances"))  # residence: with the allowances
    own = capacity == "none"

    def words(mine: str, theirs: str) -> str:
        return translate(mine if own else theirs, "nl")

    page = form_client.get("/application/identity")
    assert heading(page) == words("Your identity", "The identity of the person you apply for")
    assert page.soup.select_one("label[for=national_number]").get_text(strip=True) == words(
        "National register number", "Their national register number")
    # Autofill offers the browser owner's name only for their own form (WCAG 1.3.5).
    assert page.soup.select_one("#first_name").get("autocomplete") == ("given-name" if own else "off")
    errors = form_client.submit({"national_number": "", "first_name": "", "last_name": ""}, form="#step-form").errors()
    assert errors["national_number"] == words("Enter your national register number", "Enter their national register number")
    assert errors["first_name"] == words("Enter your first name", "Enter their first name")

    page = form_client.get("/application/residence")
    assert heading(page) == words("Where do you live?", "Where does the person you apply for live?")
    errors = form_client.submit({}, form="#step-form").errors()
    assert errors == {"residence": words("Select where you live", "Select where they live")}

    page = form_client.get("/application/address")
    assert heading(page) == words("Your main address", "The main address of the person you apply for")
    assert form_client.submit({}, form="#step-form").errors()["street"] == words("Enter your street", "Enter their street")

    page = form_client.get("/application/contact")
    assert heading(page) == words("How can we contact you?", "How can we contact the person you apply for?")
    # The part's name on the task list too.
    task = form_client.get("/application/").soup.select_one("#part-about_you a").get_text(" ", strip=True)
    assert task.endswith(words("About you", "About the person you apply for"))
    # Whoever fills in for the person gets a part about themself.
    assert bool(form_client.page.soup.select("#part-helper")) is not own


def test_a_date_of_birth_that_disagrees_with_their_number_is_theirs(form_client):
    """The step's own check speaks of the person too."""
    started(form_client, "de", "present")
    bis_number = "85400000127"  # a BIS number with no day: the date is asked
    form_client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": bis_number})
    page = form_client.post("/application/birth_date", {"birth_date-day": "1", "birth_date-month": "1", "birth_date-year": "1990"})
    assert page.errors()["birth_date"] == translate(
        "Their national register number says they were born in %(year)s. Enter a date in that year, "
        "or check their number.", "de", year=1985)


def test_what_is_missing_is_worded_for_whoever_fills_in(form_client):
    fill_all_but(form_client, "fr", ["recognition"], ["identity"])
    assert translate("Enter their national register number", "fr") in missing_on_check_page(form_client)


@pytest.mark.parametrize("capacity, national_number", [("parent", CHILD), ("legal", None)])
def test_letters_go_to_the_representative(app, form_client, capacity, national_number):
    """A minor's parent and a legal representative receive our letters: they
    are not asked whether they want copies, but asked their postal address;
    the check page, the PDF and the export say where the letters go."""
    identity = {**STEP_INPUT["identity"], "national_number": national_number or STEP_INPUT["identity"]["national_number"]}
    fill_all_but(form_client, "fr", ["recognition"], ["helper_kind", "identity", *HELPER_STEPS])
    form_client.post("/application/helper_kind", {"helper_kind": capacity})
    form_client.post("/application/identity", identity)
    page = form_client.get("/application/")
    first = page.soup.select_one("#part-helper a")["href"]
    assert first == "/application/helper_details", "no question about copies"
    form_client.get("/application/helper_copy_letters")
    assert form_client.url == "/application/", "not a page of this application"
    page = form_client.post("/application/helper_details", STEP_INPUT["helper_details"])
    assert form_client.url == "/application/helper_same_address", "no phone or e-mail needed: the letters go to them"
    assert "You always receive our letters yourself" not in page.html
    form_client.submit(STEP_INPUT["helper_same_address"], form="#step-form")
    form_client.submit(STEP_INPUT["helper_address"], form="#step-form")
    complete_for(form_client, capacity)
    assert missing_on_check_page(form_client) == []
    goes_to = translate("Our letters go to you, as the legal representative", "fr")
    rows = {row.select_one("dt").get_text(strip=True): row.select_one(".summary-value").get_text(strip=True)
            for row in form_client.page.soup.select(".summary-row")}
    assert rows[translate("Should we also send you copies of our letters?", "fr")] == goes_to

    form_client.get("/application/declaration")
    form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert form_client.url == "/application/sent"
    text = pdf_text(form_client.client.get("/application/summary.pdf").data)
    assert translate("Our letters go to %(name)s, as the legal representative.", "fr", name="Jean Dupont") in text
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    document = export(app, reference)
    assert schema_errors(document) == []
    answers = document["answers"]
    assert answers["helper_kind"] == capacity and answers["helper_copy_letters"] == "representative"
    assert answers["helper_municipality"] == "Eupen"


def test_a_helper_is_asked_about_copies_of_the_letters(form_client):
    started(form_client, "nl", "present")
    page = form_client.get("/application/")
    assert page.soup.select_one("#part-helper a")["href"] == "/application/helper_copy_letters"
    page = form_client.get("/application/helper_copy_letters")
    assert heading(page) == translate("Should we also send you copies of our letters?", "nl")
    assert "representative" not in [i["value"] for i in page.soup.select("input[name=helper_copy_letters]")]
    # A forged "representative" is refused.
    assert form_client.submit({"helper_copy_letters": "representative"}, form="#step-form").errors() == {
        "helper_copy_letters": translate("Select one of the options", "nl")}


DECLARATIONS = {
    "none": "I declare that",
    "parent": "I, %(name)s, declare for %(applicant)s that",
    "legal": "I, %(name)s, declare for %(applicant)s that",
    "proxy": "I, %(name)s, declare for %(applicant)s that",
    "present": "In the presence of %(name)s, %(applicant)s confirmed each sentence and declares that",
}


@pytest.mark.parametrize("capacity", list(DECLARATIONS))
def test_the_declaration_says_who_declares_for_whom(app, form_client, capacity):
    fill_all_but(form_client, "nl", ["recognition"], [])
    if capacity == "parent":
        form_client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": CHILD})
    form_client.post("/application/helper_kind", {"helper_kind": capacity})
    complete_for(form_client, capacity)
    declares = translate(DECLARATIONS[capacity], "nl", name="Jean Dupont", applicant="Marie Dupont")
    page = form_client.get("/application/declaration")
    assert page.soup.select_one("legend").get_text(" ", strip=True).endswith(declares)
    changes = {
        "none": "I will report any change in my situation (address, household, income, health)",
        "present": "I will report any change in my situation (address, household, income, health)",
    }.get(capacity, "I will report any change in their situation (address, household, income, health)")
    assert translate(changes, "nl") in [label.get_text(strip=True) for label in page.soup.select(".choice-label")]
    form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert form_client.url == "/application/sent"
    assert declares in pdf_text(form_client.client.get("/application/summary.pdf").data)


def test_a_proxy_holder_sends_the_proxy(form_client):
    """The proxy or mandate is a document kind of its own, asked for; like
    every document, it may follow by post and never stops sending."""
    fill_all_but(form_client, "de", ["recognition"], [])
    form_client.post("/application/helper_kind", {"helper_kind": "proxy"})
    proxy = translate("The written proxy or the protection mandate that lets you act for the person", "de")
    assert later_on(form_client.get("/application/check")) == [proxy]
    page = form_client.get("/application/files/")
    assert "proxy" in [i["value"] for i in page.soup.select("input[name=kind]")]
    attach(form_client, "vollmacht.pdf", PDF, kind="other")
    assert later_on(form_client.get("/application/check")) == [proxy], "another kind of document is not the proxy"
    attach(form_client, "vollmacht.pdf", PDF, kind="proxy")
    assert later_on(form_client.get("/application/check")) == []
    assert translate("Proxy or protection mandate", "de") in form_client.page.soup.select_one("#section-attachments").find_parent("section").get_text()


def test_a_draft_saved_before_the_question_opens_and_is_sent(app, form_client):
    """Drafts with the earlier helper answers ("family", "professional",
    copies asked with the helper's details) open, show today's answer ticked,
    and are sent with today's values once the new page is confirmed."""
    fill_all_but(form_client, "fr", ["recognition"], [])
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.answers = {**application.answers, "helper_kind": "professional"}
        application.completed_steps = [s for s in application.completed_steps if s != "helper_copy_letters"]
        db.session.commit()
    for url in ("/application/", "/application/check", "/application/helper_details", "/application/summary.pdf"):
        assert form_client.client.get(url).status_code == 200, url
    page = form_client.get("/application/helper_kind")
    assert [i["value"] for i in page.soup.select("input[name=helper_kind][checked]")] == ["present"]
    assert missing_on_check_page(form_client) != []
    page = form_client.get("/application/helper_copy_letters")
    assert [i["value"] for i in page.soup.select("input[name=helper_copy_letters][checked]")] == ["yes"]
    form_client.submit({"helper_copy_letters": "yes"}, form="#step-form")
    assert missing_on_check_page(form_client) == []
    form_client.get("/application/declaration")
    form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    assert form_client.url == "/application/sent"
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    assert export(app, reference)["answers"]["helper_kind"] == "present"
