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
            # In the person's own words, and in those of someone who fills in for them.
            for answers in (Answers({}), Answers({"helper_kind": "legal"})):
                with force_locale(language):
                    questions = [q.in_words_for(answers) for q in ENGINE.questions.values()]
                    labels = [str(q.label) for q in questions]
                    messages = [str(q.missing_message) for q in questions if q.required is not False]
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


# -- WCAG 1.3.5 Identify Input Purpose and 3.3.7 Redundant Entry ---------------
# What each question collects about the applicant, and the HTML autofill
# token of that purpose (the HTML standard's "autofill field names"). A
# date renders one token per part: bday-day, bday-month, bday-year.
APPLICANT_TOKENS = {
    "first_name": "given-name",
    "last_name": "family-name",
    "birth_date": "bday",
    "street": "address-line1",
    "box": "address-line2",
    "postcode": "postal-code",
    "municipality": "address-level2",
    "phone": "tel",
    "email": "email",
}
# The helper's own details: the helper is often the one typing, so their
# browser may fill them in, as a section apart from the applicant's.
HELPER_TOKENS = {
    "helper_name": "section-helper name",
    "helper_phone": "section-helper tel",
    "helper_email": "section-helper email",
    "helper_street": "section-helper address-line1",
    "helper_box": "section-helper address-line2",
    "helper_postcode": "section-helper postal-code",
    "helper_municipality": "section-helper address-level2",
}
# Nobody types these from their own browser: autofill would offer the typist's own.
OTHER_PEOPLE_OFF = {"partner_first_name", "partner_last_name", "doctor_name", "doctor_address", "doctor_phone"}
# Personal data without any autofill token in HTML: a house number (the
# street line is split instead), a national register number, an IBAN.
NO_TOKEN_EXISTS = {"national_number", "partner_national_number", "house_number", "helper_house_number", "iban"}

FIELD_NAMES = set("""
name honorific-prefix given-name additional-name family-name honorific-suffix nickname username new-password
current-password one-time-code organization-title organization street-address address-line1 address-line2
address-line3 address-level4 address-level3 address-level2 address-level1 country country-name postal-code
cc-name cc-given-name cc-additional-name cc-family-name cc-number cc-exp cc-exp-month cc-exp-year cc-csc cc-type
transaction-currency transaction-amount language bday bday-day bday-month bday-year sex url photo""".split())
CONTACT_NAMES = set("tel tel-country-code tel-national tel-area-code tel-local tel-local-prefix tel-local-suffix tel-extension email impp".split())


def valid_autofill(value: str) -> bool:
    """The HTML standard's grammar: [section-*] [shipping|billing] [home|work|mobile|fax|pager] field, or off/on."""
    tokens = value.lower().split()
    if tokens in (["off"], ["on"]):
        return True
    if tokens and tokens[0].startswith("section-") and len(tokens[0]) > len("section-"):
        tokens = tokens[1:]
    if tokens and tokens[0] in ("shipping", "billing"):
        tokens = tokens[1:]
    if len(tokens) == 2 and tokens[0] in ("home", "work", "mobile", "fax", "pager"):
        return tokens[1] in CONTACT_NAMES
    return len(tokens) == 1 and tokens[0] in FIELD_NAMES | CONTACT_NAMES


def rendered_autocomplete(app) -> dict[str, str | None]:
    """Every input of every step as the macros render it: name -> autocomplete."""
    from bs4 import BeautifulSoup
    from flask import render_template_string

    template = '{% import "macros/fields.html" as fields %}{% for q in questions %}{{ fields[q.macro](q, form[q.key]) }}{% endfor %}'
    found: dict[str, str | None] = {}
    with app.test_request_context():
        for part in QUESTIONNAIRE:
            for step in part.steps:
                html = render_template_string(template, questions=step.questions, form=ENGINE.build_form(step, {}, None))
                for tag in BeautifulSoup(html, "html.parser").select("input:not([type=radio]):not([type=checkbox]), textarea"):
                    found[tag["name"]] = tag.get("autocomplete")
    return found


def expected_autocomplete(key: str, question) -> list[tuple[str, str | None]]:
    """The (input name, autocomplete) pairs a question must render."""
    token = {**APPLICANT_TOKENS, **HELPER_TOKENS, **{k: "off" for k in OTHER_PEOPLE_OFF}}.get(key)
    if question.macro in ("radios", "checkboxes"):
        return []  # a choice among options: nothing to fill in
    if question.macro == "date_input":
        return [(f"{key}-{part}", f"{token}-{part}" if token else None) for part in ("day", "month", "year")]
    return [(key, token)]


def test_autocomplete_tokens_match_fields(app):
    """WCAG 1.3.5: the applicant's own details carry the token of their
    purpose; no other field carries one (a helper's details their own
    section, the partner's and the doctor's "off")."""
    rendered = rendered_autocomplete(app)
    for key, question in ENGINE.questions.items():
        for name, token in expected_autocomplete(key, question):
            assert rendered[name] == token, (name, rendered[name], token)
    assert all(valid_autofill(value) for value in rendered.values() if value), rendered
    # Other people's fields never carry the applicant's tokens.
    for key, value in rendered.items():
        if key.startswith(("helper_", "partner_", "doctor_")) and value:
            assert value == "off" or value.startswith("section-helper "), (key, value)
    # Every question that holds personal data by its kind was decided on.
    from webform.question_kinds import DateQuestion, EmailQuestion, NationalNumberQuestion, PhoneQuestion, PostcodeQuestion

    personal = {k for k, q in ENGINE.questions.items() if isinstance(q, (EmailQuestion, PhoneQuestion, PostcodeQuestion, NationalNumberQuestion))}
    decided = set(APPLICANT_TOKENS) | set(HELPER_TOKENS) | OTHER_PEOPLE_OFF | NO_TOKEN_EXISTS
    assert personal <= decided, personal - decided
    assert [k for k, q in ENGINE.questions.items() if isinstance(q, DateQuestion) and q.autocomplete] == ["birth_date"]


def test_the_token_grammar_check_refuses_wrong_tokens():
    assert valid_autofill("section-helper address-line1") and valid_autofill("bday-day") and valid_autofill("mobile tel")
    assert not valid_autofill("house-number") and not valid_autofill("mobile bday") and not valid_autofill("section- tel")


def asked_twice(questions) -> list[str]:
    """Data that two questions collect: the same autofill purpose (with its
    section, so the helper's phone is not the applicant's) or the same key
    (the export's)."""
    purposes = [" ".join(q.autocomplete.lower().split()) for q in questions if getattr(q, "autocomplete", None) not in (None, "off")]
    keys = [q.key for q in questions]
    return sorted({p for p in purposes if purposes.count(p) > 1} | {k for k in keys if keys.count(k) > 1})


def all_questions() -> list:
    """Every question of every step, whichever path shows it."""
    return [q for part in QUESTIONNAIRE for step in part.steps for q in step.questions]


def test_no_value_asked_twice():
    """WCAG 3.3.7: over the whole questionnaire, no datum of a person is asked
    by two questions, and every export key is one question's."""
    assert asked_twice(all_questions()) == []
    # Meaningful: the applicant's details are among those checked.
    purposes = {q.autocomplete for q in all_questions() if getattr(q, "autocomplete", None)}
    assert {"bday", "given-name", "tel", "email", "address-line1", "section-helper tel"} <= purposes


def test_a_second_question_asking_a_known_datum_is_found(app):
    from webform.question_kinds import DateQuestion, TextQuestion

    again = DateQuestion(key="date_of_birth", label="Date of birth", autocomplete="bday")
    assert asked_twice([*all_questions(), again]) == ["bday"]
    same_key = TextQuestion(key="first_name", label="Name again")
    assert asked_twice([*all_questions(), same_key]) == ["first_name"]
    # Another person's date of birth is another datum.
    helpers = DateQuestion(key="helper_birth_date", label="Their date of birth", autocomplete="section-helper bday")
    assert asked_twice([*all_questions(), helpers]) == []


def test_who_fills_in_is_asked_before_the_identity():
    """A parent or a representative says so before typing a national register number."""
    steps = [step.key for part in ENGINE.parts for step in part.steps]
    assert steps.index("requests") < steps.index("helper_kind") < steps.index("identity")


def test_a_proxy_or_mandate_is_a_document_of_its_own():
    from webform.uploads import KINDS

    assert "proxy" in KINDS
    (rule,) = [r for r in ENGINE.rules if r.key == "proxy_document"]
    assert rule.broken(Answers({"helper_kind": "proxy"}))
    assert not rule.broken(Answers({"helper_kind": "proxy"}, attachment_kinds=["proxy"]))
    assert not rule.broken(Answers({"helper_kind": "present"}))
