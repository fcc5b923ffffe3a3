"""What the resume pages tell people: the code kept whole when it wraps and
still accepted when copied, where to go later, whom to call."""
from __future__ import annotations

from webform import resume

from ..helpers import FormClient, translate
from .test_resume import save_with_code, try_code


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
