"""The kind of request (issue #10 point 4, review F7) and the earning
capacity asked for the allowances (point 3, review F5), on the questionnaire
itself: which steps and parts each answer shows, what is implied, and what
is missing before sending."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from webform.answers import Answers
from webform.questions import ENGINE

EARNING_CAPACITY = ["job", "work_since", "schooling", "work_limits", "work_adjusted", "work_incapacity"]
MEDICAL_PARTS = {"health", "daily_life", "mobility"}


def visible_steps(answers: Answers) -> list[str]:
    return [step.key for part in ENGINE.visible_parts(answers) for step in part.visible_steps(answers)]


def visible_parts(answers: Answers) -> set[str]:
    return {part.key for part in ENGINE.visible_parts(answers)}


# -- earning capacity --------------------------------------------------------
@pytest.mark.parametrize("requests", [["recognition"], ["parking_card"], ["recognition", "parking_card"]])
def test_earning_capacity_is_asked_only_with_the_allowances(requests):
    answers = Answers({"requests": requests, "work_status": "employee", "worked_before": "yes"})
    assert not set(EARNING_CAPACITY) & set(visible_steps(answers))


def test_someone_who_stopped_working_is_asked_their_last_work_not_since_when_they_work():
    answers = Answers({"requests": ["allowances"], "work_status": "no", "worked_before": "yes"})
    steps = visible_steps(answers)
    assert [s for s in steps if s in EARNING_CAPACITY] == [
        "job", "schooling", "work_limits", "work_adjusted", "work_incapacity",
    ]
    # The existing questions stay in their place: stopped when, then the last work.
    assert steps.index("worked_before") < steps.index("work_stopped") < steps.index("job")


def test_someone_who_works_is_asked_since_when_and_whether_they_started_again_after_two_years():
    answers = Answers({"requests": ["allowances"], "work_status": "self_employed"})
    steps = visible_steps(answers)
    assert "worked_before" not in steps and "work_stopped" not in steps
    assert steps.index("job") + 1 == steps.index("work_since")
    since = ENGINE.find("work_since")[1]
    assert [q.key for q in since.questions] == ["work_since", "work_restarted"]
    assert {o.value for o in ENGINE.questions["work_restarted"].options} == {"yes", "no", "unknown"}


def test_someone_who_never_worked_is_not_asked_about_a_job():
    answers = Answers({"requests": ["allowances"], "work_status": "no", "worked_before": "no"})
    steps = visible_steps(answers)
    assert "job" not in steps and "work_adjusted" not in steps
    # What they cannot do, and their schooling, still tell the earning capacity.
    assert {"schooling", "work_limits", "work_incapacity"} <= set(steps)


def test_a_sickness_benefit_answers_the_advising_doctor_question():
    """The mutuality pays a sickness or invalidity benefit only once its
    advising doctor recognised the incapacity: not asked a second time."""
    answers = Answers({
        "requests": ["allowances"], "work_status": "no", "worked_before": "no",
        "benefits": ["sickness"], "work_incapacity": "no",
    })
    assert "work_incapacity" not in visible_steps(answers)
    assert ENGINE.visible_answers(answers)["work_incapacity"] == "yes"
    benefits_step = ENGINE.find("benefits")[1]
    assert ("work_incapacity", "yes") in [(line.question.key, "yes") for line in ENGINE.answer_lines(ENGINE.find("benefits")[0], answers) if line.step is benefits_step]


def test_what_one_can_no_longer_do_has_the_issues_examples_and_none_is_exclusive():
    question = ENGINE.questions["work_limits"]
    values = [o.value for o in question.options]
    assert values == ["physical_effort", "standing_walking", "full_days", "concentration", "stress", "contact", "other", "no_limit"]
    assert [o.value for o in question.options if o.exclusive] == ["no_limit"]
    assert all(o.hint for o in question.options if o.value not in ("other", "no_limit")), "an example on every option"


def test_every_earning_capacity_question_has_a_concrete_example(app):
    """Review Q5: examples on every question of the new steps."""
    with app.test_request_context(), force_locale("en"):
        keys = ["job", "work_since", "training", "work_limits_words", "work_adjusted", "work_restarted", "work_incapacity"]
        for key in keys:
            question = ENGINE.questions[key]
            text = " ".join(str(t) for t in (question.example, question.hint) if t)
            assert "example" in text.lower(), key


# -- kind of request ---------------------------------------------------------
@pytest.mark.parametrize("kind, shown, hidden", [
    ("new", [], ["renewal", "dg_file"]),
    ("new_with_file", ["dg_file"], ["renewal"]),
    ("worse", ["dg_file"], ["renewal"]),
    ("renewal", ["renewal", "dg_file"], []),
])
def test_each_kind_of_request_asks_what_it_needs(kind, shown, hidden):
    steps = visible_steps(Answers({"requests": ["recognition"], "request_kind": kind}))
    assert "request_kind" in steps
    assert set(shown) <= set(steps) and not set(hidden) & set(steps)


def test_the_renewal_date_may_be_in_the_future():
    question = ENGINE.questions["valid_until"]
    assert question.not_in_future is False and question.day_optional


@pytest.mark.parametrize("requests", [["parking_card_duplicate"], ["european_disability_card"], ["parking_card_duplicate", "european_disability_card"]])
def test_a_new_copy_of_a_card_or_the_edc_alone_skips_the_medical_parts(requests):
    answers = Answers({"requests": requests})
    assert not MEDICAL_PARTS & visible_parts(answers)
    steps = visible_steps(answers)
    assert "request_kind" not in steps, "a new copy is no new application"
    assert "dg_file" in steps, "they have a file: its number is offered"


def test_the_medical_parts_stay_with_a_request_that_is_evaluated():
    answers = Answers({"requests": ["parking_card", "european_disability_card"]})
    assert MEDICAL_PARTS <= visible_parts(answers)
    assert "card_replacement" not in visible_steps(answers)
    # Before anything is chosen, the task list shows them as usual.
    assert {"health", "daily_life"} <= visible_parts(Answers({}))


def test_a_new_copy_of_the_parking_card_asks_what_happened():
    steps = visible_steps(Answers({"requests": ["parking_card_duplicate"]}))
    assert steps[:3] == ["requests", "card_replacement", "dg_file"]
    assert [o.value for o in ENGINE.questions["card_replacement"].options] == ["lost", "stolen", "damaged"]


def missing(answers: Answers) -> list[str]:
    completed = set(visible_steps(answers))
    return [item.message for item in ENGINE.missing_items(answers, completed)]


def police_report_missing(app, answers: Answers) -> bool:
    """To send (later or now), never a reason to hold the application back."""
    with app.test_request_context():
        assert not any("police" in str(message).lower() for message in missing(answers))
    return "police_report" in [rule.key for rule in ENGINE.documents_to_send(answers)]


@pytest.mark.parametrize("what, attached, needed", [
    ("stolen", (), True),
    ("stolen", ("police_report",), False),
    ("lost", (), False),
    ("damaged", (), False),
])
def test_a_stolen_card_needs_the_police_report(app, what, attached, needed):
    answers = Answers({"requests": ["parking_card_duplicate"], "card_replacement": what}, attachment_kinds=attached)
    assert police_report_missing(app, answers) is needed


def test_the_police_report_is_a_kind_of_file():
    from webform.uploads import KINDS

    assert "police_report" in KINDS


def test_a_new_parking_card_and_a_new_copy_together_are_refused(app):
    step = ENGINE.find("requests")[1]
    with app.test_request_context():
        both = step.check(Answers({"requests": ["parking_card", "parking_card_duplicate"]}))
        assert set(both) == {"requests"}
        assert step.check(Answers({"requests": ["parking_card_duplicate", "european_disability_card"]})) == {}


def test_the_european_disability_card_is_offered_and_said_to_be_for_recognised_people(app):
    option = ENGINE.questions["requests"].option("european_disability_card")
    assert option is not None
    with app.test_request_context(), force_locale("en"):
        assert "recognised" in str(option.hint)


def test_the_parking_card_option_says_a_mutuality_approved_wheelchair_gives_it_without_applying(app):
    with app.test_request_context(), force_locale("en"):
        hint = str(ENGINE.questions["requests"].option("parking_card").hint)
    assert "wheelchair" in hint and "without applying" in hint and "1 April 2014" in hint


# -- what the certificate is for -------------------------------------------------
@pytest.mark.parametrize("requests, asked", [
    (["recognition"], True),
    (["recognition", "european_disability_card"], True),
    (["recognition", "allowances"], False),
    (["recognition", "parking_card"], False),
    (["recognition", "parking_card_duplicate"], False),
    (["allowances"], False),
    (["parking_card"], False),
])
def test_the_certificate_purpose_is_asked_only_for_recognition_alone(requests, asked):
    assert ("certificate_purpose" in visible_steps(Answers({"requests": requests}))) is asked


def test_the_certificate_purpose_names_the_advantages_and_my_handicap(app):
    values = [o.value for o in ENGINE.questions["certificate_purpose"].options]
    assert values == ["tax", "social_tariffs", "car", "public_transport", "other"]
    with app.test_request_context(), force_locale("en"):
        intro = " ".join(str(p) for p in ENGINE.find("certificate_purpose")[1].intro_for(Answers({})))
        transport = str(ENGINE.questions["certificate_purpose"].option("public_transport").hint)
    assert "My Handicap" in intro and "without a new evaluation" in intro
    assert "SNCB/NMBS" in transport
