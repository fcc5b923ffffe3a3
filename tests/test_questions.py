"""The questionnaire's content rules, checked on every question."""
from __future__ import annotations

import re

import pytest

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
        activities = [s for s in ENGINE.find("daily_home")[0].steps if s.key.startswith("daily_")]
        assert len(activities) == 6
        for step in activities:
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
OTHER_PEOPLE_OFF = {
    "partner_first_name", "partner_last_name", "doctor_name", "doctor_address", "doctor_phone", "doctor_riziv", "doctor_email",
}
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


# -- Parking card criteria (review F8) ------------------------------------------
def english(text) -> str:
    with force_locale("en"):
        return str(text)


def option_labels(key: str, answers: Answers | None = None) -> dict[str, str]:
    question = ENGINE.questions[key]
    if answers is not None:
        question = question.in_words_for(answers)
    return {o.value: english(o.label) for o in question.options}


def test_driving_is_not_asked(app):
    """Not a criterion: the card is the holder's, as driver or passenger."""
    assert ENGINE.find("driving") is None and "driving" not in ENGINE.questions


def test_mobility_asks_the_parking_card_criteria(app):
    with app.test_request_context():
        assert "amputated" in option_labels("arms_hands")["not_at_all"]
        assert "paralysed" in option_labels("arms_hands")["not_at_all"]
        assert set(option_labels("arms_hands")) == {"not_at_all", "partly", "yes"}
        assert "often" in option_labels("falls")["often"]
        aids = option_labels("mobility_aids")
        assert aids["arm"] == "A person who holds my arm" and aids["oxygen"] == "Oxygen"
        assert "automatically" in english(ENGINE.questions["wheelchair_approval"].hint)
        assert "war invalidity" in english(ENGINE.questions["other_recognition"].hint)
        assert "war invalidity" in english(ENGINE.questions["other_recognition_body"].example)
        assert "incapacity for work" in english(ENGINE.questions["other_recognition_body"].example)


def test_every_acronym_of_the_other_bodies_is_spelled_out(app):
    """Fedris, AVIQ, VAPH, DSL: each followed by what it is (review T-FR #13)."""
    with app.test_request_context():
        hint = english(ENGINE.questions["other_recognition"].hint)
    names = re.findall(r"\b(Fedris|[A-Z]{3,})\b", hint)
    assert {"Fedris", "AVIQ", "VAPH", "DSL"} <= set(names)
    assert all(re.search(rf"\b{name} \(", hint) for name in names), hint


def test_mutuality_wheelchair_is_asked_only_of_wheelchair_users():
    parking = {"requests": ["parking_card"]}
    for aids, shown in ((["wheelchair"], True), (["electric_wheelchair", "cane"], True), (["scooter"], False), (["cane"], False)):
        assert (ENGINE.locate("wheelchair_approval", Answers({**parking, "mobility_aids": aids})) is not None) is shown, aids


# -- The autonomy scale (review F9) and a child's path (F12) --------------------
def test_options_follow_the_four_levels_of_the_scale(app):
    """0 none, 1 a little or a simple aid, 2 great or only with aids, 3 not
    without another person, a fully adapted home or an institution."""
    from .scenarios import CHILD_NUMBER

    with app.test_request_context():
        for answers in (Answers({}), Answers({"national_number": CHILD_NUMBER})):
            levels = option_labels("daily_moving", answers)
            assert list(levels) == ["none", "some", "great", "help"]
            assert "simple aid" in levels["some"]
            assert "only" in levels["great"] and "aids or adaptations" in levels["great"]
            assert all(words in levels["help"] for words in ("fully adapted", "institution"))
            assert "another person" in levels["help"] or "adult" in levels["help"]


CATEGORIES = {
    "daily_moving": ("Moving around", ("get up", "one room to another", "fall", "find your way")),
    "daily_eating": ("Preparing meals, eating and drinking", ("swallowing", "tube", "cooker")),
    "daily_hygiene": ("Washing, going to the toilet and dressing", ("shower or a bath", "teeth", "incontinence")),
    "daily_home": ("Housework and looking after your home", ("ironing", "change the bed", "heavy tasks")),
    "daily_safety": ("Your safety: recognising and avoiding danger", ("at night", "seizures", "take advantage", "get lost")),
    "daily_social": (
        "Communicating and having contact with others",
        ("hear", "speak", "understood", "read and write", "sign language", "call for help"),
    ),
}


@pytest.mark.parametrize("key", list(CATEGORIES))
def test_every_category_has_its_name_and_examples(app, key):
    title, examples = CATEGORIES[key]
    with app.test_request_context():
        step = ENGINE.find(key)[1]
        hint = " ".join(english(p) for p in ENGINE.questions[key].hint_paragraphs)
        words_hint = english(ENGINE.questions[f"{key}_words"].hint)
    assert english(step.title) == title
    assert [e for e in examples if e not in hint] == []
    assert "For example" in words_hint


@pytest.mark.parametrize("key", list(CATEGORIES))
def test_a_child_is_compared_with_children_of_the_same_age(app, key):
    from .scenarios import CHILD_NUMBER, NATIONAL_NUMBER

    child, adult = Answers({"national_number": CHILD_NUMBER}), Answers({"national_number": NATIONAL_NUMBER})
    with app.test_request_context():
        for question in (ENGINE.questions[key], ENGINE.questions[f"{key}_words"]):
            asked_child = " ".join(english(p) for p in question.for_answers(child).hint_paragraphs)
            asked_adult = " ".join(english(p) for p in question.for_answers(adult).hint_paragraphs)
            assert "children of the same age" in asked_child
            assert "children of the same age" not in asked_adult
        assert "children of the same age" in english(ENGINE.questions[key].for_answers(child).label)
        assert "someone of your age" in english(ENGINE.questions[key].for_answers(adult).label)


def test_school_and_therapies_only_for_a_minor(app):
    from .scenarios import CHILD_NUMBER, NATIONAL_NUMBER

    assert ENGINE.locate("school_therapies", Answers({"national_number": CHILD_NUMBER})) is not None
    assert ENGINE.locate("school_therapies", Answers({"national_number": NATIONAL_NUMBER})) is None
    assert ENGINE.locate("school_therapies", Answers({})) is None, "not on a guess"
    with app.test_request_context():
        assert set(option_labels("school")) == {"regular", "special", "not_at_school", "too_young"}
        assert {"speech", "physiotherapy", "psychomotor", "psychological", "other", "no_therapy"} == set(option_labels("therapies"))
        assert "For example" in english(ENGINE.questions["care_burden"].example)


def visible_steps(values: dict) -> list[str]:
    answers = Answers(values)
    return [step.key for part in ENGINE.visible_parts(answers) for step in part.visible_steps(answers)]


@pytest.mark.parametrize("situation, asked", [
    ("alone", False), ("married", True), ("legal_cohabitant", True), ("partner", True),
    ("family", False), ("shared", True),
])
def test_the_partner_and_their_income_are_asked_for_each_partner_in_law(situation, asked):
    """A non-family person one shares the household with is asked like a spouse (art. 7 §3)."""
    steps = visible_steps({"requests": ["allowances"], "household_situation": situation})
    assert ("partner" in steps) is asked and ("partner_income" in steps) is asked


def test_the_household_options_split_family_and_non_family(app):
    with app.test_request_context(), force_locale("en"):
        options = {o.value: o for o in ENGINE.questions["household_situation"].options}
        assert "others" not in options
        assert "friend" in str(options["shared"].label) and "friend" not in str(options["family"].label)
        # Married but living apart is not a partner: the options say so.
        assert "live apart" in str(options["married"].hint)
        assert "married but do not live together" in str(options["alone"].hint)


@pytest.mark.parametrize("requests, asked", [(["recognition"], False), (["parking_card"], False), (["allowances"], True)])
def test_nationality_and_residence_only_with_the_allowances(requests, asked):
    steps = visible_steps({"requests": requests, "nationality": "other", "residence": "institution"})
    for key in ("nationality", "nationality_category", "residence", "institution"):
        assert (key in steps) is asked, key


@pytest.mark.parametrize("nationality, asked", [("belgian", False), ("eu", False), ("other", True)])
def test_the_legal_categories_only_for_other_countries(nationality, asked):
    assert ("nationality_category" in visible_steps({"requests": ["allowances"], "nationality": nationality})) is asked


@pytest.mark.parametrize("residence, asked", [("home", False), ("no_home", False), ("institution", True)])
def test_the_stay_in_an_institution_only_for_who_lives_there(residence, asked):
    assert ("institution" in visible_steps({"requests": ["allowances"], "residence": residence})) is asked


@pytest.mark.parametrize("advance, asked", [("yes", True), ("no", False), (None, False)])
def test_which_cpas_only_with_an_advance(advance, asked):
    values = {"requests": ["allowances"]} | ({"cpas_advance": advance} if advance else {})
    assert ("cpas_advance_which" in visible_steps(values)) is asked


def test_the_partner_receiving_an_allowance_is_offered_only_with_a_partner(app):
    question = ENGINE.questions["care_allowances"]
    assert "dg_partner" in [o.value for o in question.offered(Answers({"household_situation": "shared"}))]
    assert "dg_partner" not in [o.value for o in question.offered(Answers({"household_situation": "family"}))]


def test_the_reference_address_is_asked_with_the_address(app):
    (_part, step) = ENGINE.find("address")
    assert "reference_address" in [q.key for q in step.questions]
    assert ENGINE.questions["reference_address"].required is False


def test_children_and_income_hints_name_what_counts(app):
    with app.test_request_context(), force_locale("en"):
        children = ENGINE.questions["dependent_children"]
        assert "you or your partner receive family allowances" in str(children.hint)
        assert str(children.example).startswith("For example")
        assert "before tax" in str(ENGINE.questions["own_income"].hint)
        (_part, step) = ENGINE.find("income")
        assert "FPS Finance" in str(step.intro[0])


def test_the_way_to_contact_must_still_be_possible(app):
    """A text message chosen, then the mobile number removed: the check page
    asks to choose again; without any phone or e-mail, nothing is asked."""
    chosen = {"contact_way": "sms", "email": "a@example.be"}
    with app.test_request_context():
        rule = next(r for r in ENGINE.rules if r.key == "contact_way_possible")

        def missing(answers):
            return [item.step.key for item in ENGINE.missing_items(Answers(answers), set()) if item.message == str(rule.message)]

        assert missing({**chosen, "phone": "+3281223344"}) == ["contact_way"]  # a landline
        assert missing(chosen) == ["contact_way"]
        assert missing({**chosen, "phone": "+32470123456"}) == []
        assert missing({"contact_way": "sms"}) == [], "the question is not asked then"


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
