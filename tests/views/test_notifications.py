"""Messages after an action are announced: a notification banner before
the h1 that has role="alert" and takes the focus after load (a block with
role="status" there at load is never read out). Only one element takes the
focus; an error summary wins."""
from __future__ import annotations

import pytest
from flask import render_template_string

from ..helpers import MINIMAL_PDF, FormClient, Page, translate
from ..scenarios import STEP_INPUT, apply_for
from .test_files import attach
from .test_resume import save_with_code, send_by_email


def assert_banner(page: Page, message: str, kind: str = "success") -> None:
    """The banner's markup, its place before the h1, its message, and the only focus."""
    banner = page.soup.select_one(".notification-banner")
    assert banner is not None, "no notification banner"
    assert banner["role"] == "alert" and banner["tabindex"] == "-1" and banner.has_attr("autofocus")
    assert f"notification-banner-{kind}" in banner["class"]
    title = banner.select_one("h2#notification-banner-title")
    assert title and banner["aria-labelledby"] == "notification-banner-title"
    assert title.get_text(strip=True) == translate("Success" if kind == "success" else "Important", page.language)
    assert message in banner.get_text(" ", strip=True)
    assert banner.find_next("h1") is not None, "the banner comes before the h1"
    assert page.soup.select("[autofocus]") == [banner], "only the banner takes the focus"
    assert not page.soup.select('[role="status"].notice'), "no silent status block left"


def test_part_saved_is_announced(form_client):
    form_client.start("nl")
    page = apply_for(form_client, ["recognition"])
    assert form_client.url == "/application/"
    part = translate("What you are applying for", "nl")
    assert_banner(page, translate("Part saved: %(part)s.", "nl", part=part))


def test_file_attached_and_removed_are_announced(app, form_client):
    form_client.start("fr")
    page = attach(form_client, "rapport.pdf", MINIMAL_PDF)
    assert_banner(page, translate("“%(name)s” is attached.", "fr", name="rapport.pdf"))
    page = form_client.submit({}, form='form[action$="/remove"]')
    assert_banner(page, translate("The file is removed.", "fr"))


SENT = ("We sent the code to %(email)s.", "success")
NOT_SENT = ("We could not send the e-mail. Write the code down or take a photo of it now: it is shown only on this page.", "important")


@pytest.mark.parametrize(("sent", "language", "expected"), [(True, "de", SENT), (False, "fr", NOT_SENT)], ids=["sent", "not-sent"])
def test_the_code_sent_or_not_is_announced(app, monkeypatch, sent, language, expected):
    """Whether the e-mail left or not, the outcome is a banner: success, or
    important when the code must be written down now."""
    from webform import mail

    monkeypatch.setattr(mail, "enabled", lambda: True)
    monkeypatch.setattr(mail, "send_resume_code", lambda *args: sent)
    client = FormClient(app)
    save_with_code(client, language, STEP_INPUT["contact"])
    page = send_by_email(client)
    message, kind = expected
    assert_banner(page, translate(message, language, email="Marie.Dupont@example.be"), kind=kind)


def test_closed_on_this_device_is_announced(app):
    client = FormClient(app)
    save_with_code(client, "nl")
    page = client.submit({}, form='form[action="/application/close"]')
    assert client.url == "/"
    message = "The application is closed on this device. It stays saved: open it again with its code and the date of birth of the person it is for."
    assert_banner(page, translate(message, "nl"))


def test_changed_in_another_tab_is_announced_as_important(form_client):
    form_client.start("fr")
    apply_for(form_client, ["recognition"])
    form_client.get("/application/contact")
    page = form_client.submit({"answers_seen": "another tab", "phone": "0470 11 11 11"}, form="#step-form")
    assert form_client.url == "/application/contact"
    message = "Your application was changed in another window or tab. Here are the answers saved there; check them and continue."
    assert_banner(page, translate(message, "fr"), kind="important")


@pytest.mark.parametrize("errors", [[], [("file", "Choose a file to attach")]])
def test_an_error_summary_keeps_the_focus(app, errors):
    """With errors on the page, the banner is still shown but does not take
    the focus: one element only, the error summary."""
    template = (
        '{% import "macros/fields.html" as fields %}{% import "macros/banner.html" as banner %}'
        '{{ fields.error_summary(errors) }}{% call banner.notification(focus=not errors) %}<p>Done</p>{% endcall %}'
    )
    with app.test_request_context():
        html = render_template_string(template, errors=errors)
    assert html.count("autofocus") == 1
    focused = html.split("autofocus")[0].rsplit("<div", 1)[1]
    assert ("error-summary" in focused) == bool(errors)
