"""Addresses as browsers autofill them (the number in the street line), and a
helper who lives with the applicant, whose address is not asked again."""
from __future__ import annotations

from sqlalchemy import select

from webform.models import Application, db

from ..helpers import FormClient, translate
from ..scenarios import STEP_INPUT, apply_for
from .test_application import walk
from .test_check_and_submit import export, pdf_text, schema_errors

AUTOFILLED = {"street": "Wetstraat 16 bus 3", "house_number": "", "box": "", "postcode": "1000", "municipality": "Brussel"}


def stored(app) -> dict:
    with app.app_context():
        return db.session.execute(select(Application)).scalar_one().answers


def check_rows(client: FormClient) -> dict[str, str]:
    page = client.get("/application/check")
    return {row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True) for row in page.soup.select(".summary-row")}


def started(client: FormClient, language: str = "nl") -> None:
    client.start(language)
    apply_for(client, ["recognition"])


def test_a_number_autofilled_into_the_street_goes_to_its_field(app, form_client):
    started(form_client)
    form_client.get("/application/address")
    form_client.submit(AUTOFILLED, form="#step-form")
    assert form_client.url == "/application/contact", "no error: the number was found"
    answers = stored(app)
    assert (answers["street"], answers["house_number"], answers["box"]) == ("Wetstraat", "16", "3")


def test_the_split_address_is_shown_when_another_field_is_wrong(form_client):
    started(form_client, "fr")
    form_client.get("/application/address")
    page = form_client.submit({**AUTOFILLED, "street": "Rue de la Loi 16", "postcode": "99"}, form="#step-form")
    assert set(page.errors()) == {"postcode"}
    assert (page.value("street"), page.value("house_number")) == ("Rue de la Loi", "16")


def test_the_helpers_number_in_their_street_line_too(app, form_client):
    started(form_client, "de")
    form_client.post("/application/helper_kind", {"helper_kind": "present"})
    form_client.post("/application/helper_copy_letters", {"helper_copy_letters": "yes"})
    form_client.post("/application/helper_details", STEP_INPUT["helper_details"])
    form_client.post("/application/helper_same_address", {"helper_same_address": "no"})
    form_client.post("/application/helper_address", {
        "helper_street": "Bahnhofstraße 5 Bfk 2", "helper_house_number": "", "helper_box": "",
        "helper_postcode": "4700", "helper_municipality": "Eupen",
    })
    assert not form_client.page.errors() and form_client.url == "/application/"
    answers = stored(app)
    assert (answers["helper_street"], answers["helper_house_number"], answers["helper_box"]) == ("Bahnhofstraße", "5", "2")


def test_a_helper_living_with_the_applicant_is_not_asked_the_address(app, form_client):
    started(form_client, "fr")
    form_client.post("/application/address", STEP_INPUT["address"])
    form_client.post("/application/helper_kind", {"helper_kind": "present"})
    form_client.post("/application/helper_copy_letters", {"helper_copy_letters": "yes"})
    form_client.post("/application/helper_details", STEP_INPUT["helper_details"])
    assert form_client.url == "/application/helper_same_address"
    form_client.submit({"helper_same_address": "yes"}, form="#step-form")
    assert form_client.url == "/application/", "the address step is skipped: the part is done"
    assert "helper_street" not in stored(app), "nothing copied: read from the applicant's address"
    rows = check_rows(form_client)
    assert rows[translate("Your street", "fr")] == "Rue de la Loi"
    assert rows[translate("Your postcode", "fr")] == "1000"
    # A corrected address is the helper's too.
    form_client.post("/application/address", {**STEP_INPUT["address"], "street": "Rue Royale"})
    assert check_rows(form_client)[translate("Your street", "fr")] == "Rue Royale"


def test_the_sent_application_carries_the_helpers_address(app, form_client, monkeypatch):
    monkeypatch.setitem(STEP_INPUT, "helper_same_address", {"helper_same_address": "yes"})
    monkeypatch.setitem(STEP_INPUT, "address", AUTOFILLED)
    visited = walk(form_client, "nl", ["recognition"])
    assert "helper_same_address" in visited and "helper_address" not in visited
    reference = form_client.page.soup.select_one(".reference").get_text(strip=True)
    document = export(app, reference)
    assert schema_errors(document) == []
    answers = document["answers"]
    assert answers["helper_same_address"] == "yes"
    assert {k: answers[k] for k in ("helper_street", "helper_house_number", "helper_box", "helper_postcode", "helper_municipality")} == {
        "helper_street": "Wetstraat", "helper_house_number": "16", "helper_box": "3",
        "helper_postcode": "1000", "helper_municipality": "Brussel",
    }
    text = pdf_text(form_client.client.get("/application/summary.pdf").data)
    assert text.count("Wetstraat") == 2, "the applicant's address, and the helper's"
