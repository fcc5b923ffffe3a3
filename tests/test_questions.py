"""The questionnaire's content rules, checked on every question."""
from __future__ import annotations

import re

from flask_babel import force_locale

from webform.answers import Answers
from webform.questions import ENGINE, QUESTIONNAIRE
from webform import ROOT


def test_every_question_has_a_hint_or_an_example(app):
    with app.test_request_context():
        bare = [key for key, q in ENGINE.questions.items() if not (q.hint or q.example)]
    assert bare == []


def test_every_required_question_says_what_is_missing(app):
    with app.test_request_context():
        generic = [
            key for key, q in ENGINE.questions.items()
            if q.required is True and q.required_message is None
        ]
    assert generic == []


def test_every_part_has_its_own_pictogram():
    names = [part.pictogram for part in QUESTIONNAIRE]
    assert len(set(names)) == len(names)
    for name in names:
        svg = (ROOT / "static" / "pictograms" / name).read_text()
        # Our own drawing: no script, no external reference.
        assert svg.startswith("<svg") and "<script" not in svg and not re.search(r'href="(?!#)', svg)


def test_labels_are_translated(app):
    with app.test_request_context(), force_locale("de"):
        assert str(ENGINE.questions["national_number"].label) != "National register number"


def test_labels_and_missing_messages_are_unique(app):
    """The check page, the PDF and the list of what is missing show every
    question side by side: two with the same words could not be told apart
    (the six daily-life activities once shared theirs)."""
    with app.test_request_context():
        for language in ("fr", "nl", "de"):
            with force_locale(language):
                labels = [str(q.label) for q in ENGINE.questions.values()]
                messages = [str(q.missing_message) for q in ENGINE.questions.values() if q.required is not False]
                assert len(set(labels)) == len(labels), language
                assert len(set(messages)) == len(messages), language


def test_daily_life_questions_name_their_activity(app):
    with app.test_request_context(), force_locale("nl"):
        for step in ENGINE.find("daily_home")[0].steps:
            for question in step.questions:
                assert str(step.title) in str(question.label)
                assert str(step.title) in str(question.missing_message)


def test_living_in_an_institution_is_asked_once():
    """The residence step asks it; the household step must not ask it again (WCAG 3.3.7)."""
    asking = [key for key, q in ENGINE.questions.items() if any(o.value == "institution" for o in getattr(q, "options", ()))]
    assert asking == ["residence"]


def test_partner_income_is_asked_only_with_a_partner():
    """Someone who lives alone is never asked about a partner's income."""
    alone = Answers({"requests": ["allowances"], "household_situation": "alone", "partner_income": "100.00"})
    married = Answers({"requests": ["allowances"], "household_situation": "married"})
    assert ENGINE.next_step("income", alone) is None, "the last step of the part"
    assert ENGINE.next_step("income", married).key == "partner_income"
    assert "partner_income" not in ENGINE.visible_answers(alone)


def test_daily_life_hint_names_the_first_option_in_its_words(app):
    """The hint says which answer leaves the text optional, in the option's own words."""
    with app.test_request_context():
        for language in ("fr", "nl", "de"):
            with force_locale(language):
                question = ENGINE.questions["daily_moving_words"]
                option = ENGINE.questions["daily_moving"].options[0]
                assert f"{option.label}" in str(question.hint)
