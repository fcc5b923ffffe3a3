"""What a step of the form costs: the statements it sends to the database,
the form class it builds, the catalogue it looks up (see bench/request_cost.py
for the time). Each ceiling here is a structural gain that a change could
lose without any other test noticing."""
from __future__ import annotations

import contextlib

from flask_babel import force_locale, get_translations, gettext
from sqlalchemy import event

from webform.hyphenation import strip_soft_hyphens
from webform.models import db
from webform.questions import ENGINE

from ..helpers import FormClient, translate
from ..scenarios import STEP_INPUT, apply_for

BOTH_DATABASES = True

ADDRESS = "/application/address"


@contextlib.contextmanager
def statements(app):
    """The SQL statements sent while the block runs (a pool's ping is not one)."""
    sent: list[str] = []

    def record(_connection, _cursor, statement, *_args):
        sent.append(statement.split(None, 1)[0].upper())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def on_the_address_page(app, language: str = "nl") -> FormClient:
    client = FormClient(app)
    client.client.worker = False  # only the request's own statements count (helpers.WorkerClient)
    client.start(language)
    apply_for(client, ["recognition"])
    client.get(ADDRESS)
    return client


def test_a_step_page_is_one_select(app, database):
    """The draft session, its draft and the draft's attachments in one SELECT."""
    client = on_the_address_page(app)
    with statements(app) as sent:
        response = client.client.get(ADDRESS)
    assert response.status_code == 200
    assert sent == ["SELECT"]


def test_a_saved_step_is_one_select_and_one_update(app, database):
    """No re-read of the draft or its attachments after the save's commit."""
    client = on_the_address_page(app)
    with statements(app) as sent:
        client.submit(STEP_INPUT["address"], form="#step-form")
    assert client.url == "/application/contact", "saved, and the next step shown"
    # The save (SELECT, UPDATE), then the contact page it leads to (SELECT).
    assert sent == ["SELECT", "UPDATE", "SELECT"]
    client.get(ADDRESS)
    assert client.page.value("street") == STEP_INPUT["address"]["street"], "the saved answer is shown"


def test_the_form_class_of_a_step_is_made_once_yet_speaks_each_language_and_wording(app):
    """The same class across requests, applicants and languages; the labels
    still follow the page's language and the words of whoever fills in."""
    _part, step = ENGINE.find("address")
    own = on_the_address_page(app, "nl")
    made = ENGINE.form_class(step)
    assert ENGINE.form_class(step) is made
    assert strip_soft_hyphens(own.page.h1) == translate("Your main address", "nl")
    assert translate("Street", "nl") in own.page.html

    helper = FormClient(app)
    helper.start("de")
    apply_for(helper, ["recognition"])
    helper.post("/application/helper_kind", {"helper_kind": "present"})
    helper.get(ADDRESS)
    assert ENGINE.form_class(step) is made, "no new class for another applicant or language"
    assert strip_soft_hyphens(helper.page.h1) == translate("The main address of the person you apply for", "de")
    assert translate("Street", "de") in helper.page.html
    assert translate("Street", "nl") not in helper.page.html
    own.get(ADDRESS)
    assert strip_soft_hyphens(own.page.h1) == translate("Your main address", "nl"), "the first applicant's words stay theirs"


def test_the_catalogue_is_found_once_per_request_yet_follows_a_forced_language(app):
    """Kept for the request (the same object each time), and another for a
    letter in the applicant's language, then back."""
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        page_catalogue = get_translations()
        assert get_translations() is page_catalogue
        assert gettext("Street") == translate("Street", "nl")
        with force_locale("de"):
            assert gettext("Street") == translate("Street", "de")
            assert get_translations() is not page_catalogue
        assert gettext("Street") == translate("Street", "nl")
        assert get_translations() is page_catalogue


@contextlib.contextmanager
def transaction_ends(app):
    """How each transaction ended: "commit" or "rollback"."""
    ends: list[str] = []
    with app.app_context():
        engine = db.engine

    def committed(_connection):
        ends.append("commit")

    def rolled_back(_connection):
        ends.append("rollback")

    event.listen(engine, "commit", committed)
    event.listen(engine, "rollback", rolled_back)
    try:
        yield ends
    finally:
        event.remove(engine, "commit", committed)
        event.remove(engine, "rollback", rolled_back)


def test_a_request_that_only_read_ends_with_commit(app, database):
    """psycopg forgets its prepared statements at every ROLLBACK: a page
    that only read ends its transaction with COMMIT, so the draft's SELECT
    is planned once per connection, not once per request."""
    client = on_the_address_page(app)
    with transaction_ends(app) as ends:
        response = client.client.get(ADDRESS)
    assert response.status_code == 200
    assert ends == ["commit"]


def test_what_a_request_changed_without_saving_is_still_rolled_back(app, database):
    """Only a transaction with nothing unsaved in it is committed."""
    from webform.models import Application
    from webform.storage import end_read_transaction

    client = on_the_address_page(app)
    with app.test_request_context("/"):
        application = db.session.scalars(db.select(Application)).one()
        kept = dict(application.answers)
        application.answers = {**kept, "street": "changed, never saved"}
        with transaction_ends(app) as ends:
            end_read_transaction(None)
            db.session.remove()
        assert "commit" not in ends
    with app.app_context():
        assert db.session.scalars(db.select(Application)).one().answers == kept
    assert client.client.get(ADDRESS).status_code == 200
