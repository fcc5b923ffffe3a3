"""The parking card's criteria, the autonomy scale and a child's path,
through the pages: the step, the check page, the PDF and the export."""
from __future__ import annotations

from sqlalchemy import select

from webform.models import Application, db

from ..helpers import translate
from ..scenarios import CHILD_NUMBER, STEP_INPUT
from .test_check_and_submit import export, fill_all_but, missing_on_check_page, schema_errors

CHILD_LABEL = "%(activity)s: how does this go for the child, compared with children of the same age?"
ADULT_LABEL = "%(activity)s: how does this go for you, compared with someone of your age without health problems?"


def application_of(app) -> Application:
    return db.session.execute(select(Application)).scalar_one()


def send(form_client) -> str:
    form_client.get("/application/check")
    form_client.get(form_client.page.soup.select_one("main a.button")["href"])
    form_client.submit(STEP_INPUT["declaration"], form="#step-form")
    return form_client.page.soup.select_one(".reference").get_text(strip=True)


def test_an_old_draft_with_the_driving_answer_still_opens_and_sends(app, form_client):
    """The driving question is gone; drafts saved before still hold its answer."""
    fill_all_but(form_client, "fr", ["parking_card"], [])
    with app.app_context():
        application = application_of(app)
        application.answers = {**application.answers, "driving": "driven"}
        application.completed_steps = [*application.completed_steps, "driving"]
        db.session.commit()
    assert form_client.get("/application/driving").status == 404
    assert missing_on_check_page(form_client) == []
    assert translate("How do you travel by car?", "fr") not in form_client.page.html
    document = export(app, send(form_client))
    assert "driving" not in document["answers"]
    assert schema_errors(document) == []
    assert document["answers"]["falls"] == "often" and document["answers"]["arms_hands"] == "partly"


def test_a_wheelchair_user_is_asked_about_the_mutualitys_approval(app, form_client):
    fill_all_but(form_client, "nl", ["parking_card"], [])
    form_client.post("/application/aids", {"mobility_aids": ["wheelchair", "arm", "oxygen"]})
    assert form_client.url == "/application/wheelchair_approval"
    form_client.post("/application/wheelchair_approval", {"wheelchair_approval": "yes"})
    page = form_client.get("/application/check")
    for text in ("A person who holds my arm", "Oxygen", "Yes, my mutuality has approved it", "Yes, I fall often"):
        assert translate(text, "nl") in page.html, text
    document = export(app, send(form_client))
    assert document["answers"]["wheelchair_approval"] == "yes"
    assert schema_errors(document) == []


def test_a_child_is_asked_as_a_child_and_about_school(app, form_client):
    from webform.pdf import summary_html

    fill_all_but(form_client, "fr", ["recognition"], ["identity"])
    form_client.post("/application/identity", {**STEP_INPUT["identity"], "national_number": CHILD_NUMBER})
    moving = translate("Moving around", "fr")
    page = form_client.get("/application/daily_moving")
    assert translate(CHILD_LABEL, "fr", activity=moving) in page.soup.find("legend").get_text()
    assert translate("No more difficult than for children of the same age", "fr") in page.html
    # The school step is now asked, and the check page waits for it.
    assert missing_on_check_page(form_client)
    form_client.post("/application/school_therapies", STEP_INPUT["school_therapies"])
    page = form_client.get("/application/check")
    assert missing_on_check_page(form_client) == []
    for text in (
        translate(CHILD_LABEL, "fr", activity=moving),
        translate("Somewhat more difficult or slower than for children of the same age, or with a simple aid", "fr"),
        translate("Special education", "fr"), "type 2", translate("Speech therapy", "fr"),
    ):
        assert text in page.html, text
    with app.test_request_context():
        html = summary_html(application_of(app))
    assert translate(CHILD_LABEL, "fr", activity=moving) in html
    assert translate("Special education", "fr") in html
    document = export(app, send(form_client))
    assert document["answers"]["school"] == "special" and document["answers"]["therapies"] == ["speech", "physiotherapy"]
    assert schema_errors(document) == []


def test_an_adult_is_not_asked_about_school(form_client):
    fill_all_but(form_client, "de", ["recognition"], [])
    form_client.get("/application/school_therapies")
    assert form_client.url == "/application/", "not a page of this application"
    page = form_client.get("/application/daily_moving")
    assert translate(ADULT_LABEL, "de", activity=translate("Moving around", "de")) in page.soup.find("legend").get_text()
