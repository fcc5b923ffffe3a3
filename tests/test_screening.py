"""The screening's rules at each boundary: the allowances' ages (17, 18, the
pension age of one's year of birth), the autonomy points (7 for the
integration allowance, 12 for the parking card), each parking-card
criterion, the lasting rule; and what a new draft receives from it."""
from __future__ import annotations

from datetime import date

import pytest

from webform import screening
from webform.screening import AllowanceAge, Facts, Verdict

from .helpers import translate

ACTIVITIES = screening.DAILY_ACTIVITIES
LEVELS = ("none", "some", "great", "help")  # 0 to 3 points
TODAY = date(2026, 6, 15)


def answers(points: tuple[int, ...] = (0,) * 6, **changes) -> dict:
    """Cleaned answers of an adult who does not work: ``points`` per activity."""
    base = {
        "age": 45,
        "lasting": "yes",
        "work_status": "no",
        "household_income": "low",
        "household_situation": "alone",
        **{f"daily_{activity}": LEVELS[p] for activity, p in zip(ACTIVITIES, points)},
        "walking_distance": "over_500",
        "arms_hands": "yes",
        "recognised": ["none"],
    }
    return {**base, **changes}


def verdicts(values: dict, today: date = TODAY) -> dict[str, Verdict]:
    return {o.entitlement.key: o.verdict for o in screening.assess(values, today)}


def outcome(values: dict, key: str, today: date = TODAY):
    return next(o for o in screening.assess(values, today) if o.entitlement.key == key)


@pytest.fixture
def context(app):
    with app.test_request_context():
        yield


# -- ages ---------------------------------------------------------------------
@pytest.mark.parametrize("age, expected", [
    (16, AllowanceAge.TOO_YOUNG),
    (17, AllowanceAge.APPLY_EARLY),  # apply from the month one turns 17
    (18, AllowanceAge.FITS),
    (64, AllowanceAge.FITS),
    # In 2026, a person of 65 was born in 1960 or 1961: pension age 66.
    (65, AllowanceAge.FITS),
    (66, AllowanceAge.TOO_OLD),
])
def test_allowance_age_boundaries(context, age, expected):
    assert Facts(answers(age=age), TODAY).allowance_age is expected


def test_at_the_pension_age_of_one_birth_year_but_not_the_other_it_depends(context):
    # In 2030, 66 means born in 1963 (pension at 66) or 1964 (at 67).
    in_2030 = date(2030, 6, 15)
    assert Facts(answers(age=66), in_2030).allowance_age is AllowanceAge.DEPENDS_ON_BIRTH_YEAR
    assert Facts(answers(age=65), in_2030).allowance_age is AllowanceAge.FITS
    assert Facts(answers(age=67), in_2030).allowance_age is AllowanceAge.TOO_OLD
    both = verdicts(answers((2,) * 6, age=66), in_2030)
    assert both["income_replacement"] is both["integration"] is Verdict.POSSIBLE


def test_the_age_limits_follow_the_configuration(app):
    app.config["ALLOWANCE_MAX_AGE_BY_BIRTH_YEAR"] = ((0, 65),)
    with app.test_request_context():
        assert Facts(answers(age=65), TODAY).allowance_age is AllowanceAge.TOO_OLD
        assert Facts(answers(age=64), TODAY).allowance_age is AllowanceAge.FITS


@pytest.mark.parametrize("age", [16, 66])
def test_the_allowances_are_unlikely_outside_their_ages_whatever_the_needs(context, age):
    found = verdicts(answers((3,) * 6, age=age))
    assert found["income_replacement"] is found["integration"] is Verdict.UNLIKELY
    # Recognition and the parking card have no age limit.
    assert found["recognition"] is found["parking_card"] is Verdict.LIKELY


def test_too_old_names_the_regional_help_and_17_says_when_it_starts(context):
    old = outcome(answers((3,) * 6, age=70), "integration")
    assert "Iriscare" in old.note and "AVIQ" in old.note
    young = outcome(answers((3,) * 6, age=17), "integration")
    assert young.verdict is Verdict.LIKELY
    assert "18" in young.note
    too_young = outcome(answers((3,) * 6, age=16), "income_replacement")
    assert "17" in too_young.reason and "18" in too_young.reason


# -- autonomy points ------------------------------------------------------------
@pytest.mark.parametrize("points, expected", [
    ((2, 2, 1, 1, 1, 0), Verdict.LIKELY),     # 7
    ((2, 2, 1, 1, 0, 0), Verdict.POSSIBLE),   # 6
    ((2, 1, 1, 1, 0, 0), Verdict.POSSIBLE),   # 5
    ((1, 1, 1, 1, 0, 0), Verdict.UNLIKELY),   # 4
])
def test_integration_allowance_from_7_points(context, points, expected):
    assert verdicts(answers(points))["integration"] is expected


def test_the_reason_gives_the_points(context):
    assert "7" in outcome(answers((2, 2, 1, 1, 1, 0)), "integration").reason


@pytest.mark.parametrize("points, expected", [
    # Moving around at 1 point: only the total counts.
    ((1, 3, 3, 2, 2, 1), Verdict.LIKELY),     # 12
    ((1, 3, 3, 2, 1, 1), Verdict.POSSIBLE),   # 11
    ((1, 3, 2, 2, 1, 1), Verdict.POSSIBLE),   # 10
    ((1, 3, 2, 1, 1, 1), Verdict.UNLIKELY),   # 9
])
def test_parking_card_from_12_points(context, points, expected):
    assert verdicts(answers(points))["parking_card"] is expected


# -- the parking card's other criteria -----------------------------------------------
@pytest.mark.parametrize("changes, criterion", [
    ({"recognised": ["invalidity_80"]}, "invalidity_80"),
    ({"recognised": ["lower_limbs_50"]}, "lower_limbs_50"),
    ({"recognised": ["war_50"]}, "war_50"),
    ({"arms_hands": "not_at_all"}, "arms"),
    ({"daily_moving": "great"}, "moving"),
    ({"daily_moving": "help"}, "moving"),
])
def test_each_parking_card_criterion_is_enough(context, changes, criterion):
    found = outcome(answers(**changes), "parking_card")
    assert found.verdict is Verdict.LIKELY and found.apply
    # The reason names the criterion met.
    assert found.reason == str(next(c for c in screening.PARKING_CRITERIA if c.key == criterion).reason)
    assert Facts(answers(**changes), TODAY).parking_criteria == [criterion]


def test_moving_around_at_1_point_or_partly_usable_arms_are_not_criteria(context):
    assert verdicts(answers(daily_moving="some"))["parking_card"] is Verdict.UNLIKELY
    assert verdicts(answers(arms_hands="partly"))["parking_card"] is Verdict.UNLIKELY


def test_walking_less_than_100_metres_makes_the_card_possible(context):
    assert verdicts(answers(walking_distance="under_100"))["parking_card"] is Verdict.POSSIBLE
    assert verdicts(answers(walking_distance="100_500"))["parking_card"] is Verdict.UNLIKELY


def test_an_approved_wheelchair_brings_the_card_without_applying(context):
    found = outcome(answers(recognised=["wheelchair"]), "parking_card")
    assert found.verdict is Verdict.LIKELY and not found.apply
    assert screening.REQUEST_PARKING_CARD not in screening.suggested_requests(screening.assess(answers(recognised=["wheelchair"]), TODAY))


# -- the lasting rule, work, income ----------------------------------------------------
def test_health_problems_of_less_than_a_year_make_it_possible_not_likely(context):
    strong = (3, 3, 2, 2, 1, 1)
    assert set(verdicts(answers(strong)).values()) == {Verdict.LIKELY}
    short = verdicts(answers(strong, lasting="no"))
    assert short["recognition"] is short["income_replacement"] is short["integration"] is Verdict.POSSIBLE
    # The card's criteria say nothing of a year.
    assert short["parking_card"] is Verdict.LIKELY
    assert verdicts(answers(strong, lasting="unknown"))["recognition"] is Verdict.LIKELY


def test_no_difficulty_at_all(context):
    found = verdicts(answers(work_status="employee"))
    assert found == {key: Verdict.UNLIKELY for key in found}
    # Without work, the earning capacity is still for the DG's doctor to say.
    assert verdicts(answers())["income_replacement"] is Verdict.POSSIBLE


def test_work_and_a_high_income_make_the_allowances_possible_only(context):
    strong = (3, 3, 2, 2, 1, 1)
    assert verdicts(answers(strong, work_status="employee"))["income_replacement"] is Verdict.POSSIBLE
    # A sheltered workshop is not the ordinary labour market.
    assert verdicts(answers(strong, work_status="sheltered"))["income_replacement"] is Verdict.LIKELY
    rich = verdicts(answers(strong, household_income="high"))
    assert rich["income_replacement"] is rich["integration"] is Verdict.POSSIBLE
    assert rich["recognition"] is Verdict.LIKELY


def test_a_partner_s_income_is_mentioned(context):
    partner = translate("The income of the person you live with counts too.", "fr")
    assert outcome(answers((2,) * 6, household_situation="married"), "integration").note == partner
    assert outcome(answers((2,) * 6, household_situation="family"), "integration").note is None


def test_suggested_requests_are_the_likely_and_possible_ones(context):
    assert screening.suggested_requests(screening.assess(answers((2,) * 6), TODAY)) == ["recognition", "allowances", "parking_card"]
    assert screening.suggested_requests(screening.assess(answers(work_status="employee"), TODAY)) == []


def test_what_to_have_at_hand_follows_the_requests(context):
    values = answers(household_situation="legal_cohabitant", recognised=["war_50"])
    everything = screening.at_hand({"recognition", "allowances", "parking_card"}, values)
    assert translate("For the allowances: the national register number of the person you live with", "fr") in everything
    assert translate("For the parking card: the decision that recognised your invalidity", "fr") in everything
    assert len(screening.at_hand({"recognition"}, values)) == 3


# -- into a new draft ------------------------------------------------------------------
def test_prefill_gives_only_what_the_application_asks_for_these_requests(context):
    values = answers((0, 2, 0, 0, 0, 0), household_situation="married", walking_distance="under_100")
    draft, completed = screening.prefill(values, ["recognition"])
    assert draft == {"requests": ["recognition"], **{f"daily_{a}": values[f"daily_{a}"] for a in ACTIVITIES}}
    # An activity at 0 needs no words: its step is done; one with a difficulty still asks them.
    assert {"requests", "daily_moving", "daily_hygiene"} <= completed
    assert "daily_eating" not in completed
    draft, completed = screening.prefill(values, ["allowances", "parking_card"])
    for key in ("household_situation", "work_status", "walking_distance", "arms_hands"):
        assert draft[key] == values[key]
    assert {"household", "work", "walking", "arms_hands"} <= completed
    # Screening-only answers never reach the draft.
    assert not {"age", "lasting", "household_income", "recognised"} & set(draft)


def test_a_request_the_application_refuses_is_not_marked_done(context):
    draft, completed = screening.prefill(answers(), ["parking_card", "parking_card_duplicate"])
    assert "requests" not in completed


@pytest.mark.parametrize("decision", ["invalidity_80", "lower_limbs_50", "war_50"])
def test_a_decision_ticked_answers_the_application_s_other_recognition(context, decision):
    draft, completed = screening.prefill(answers(recognised=[decision]), ["parking_card"])
    assert draft["other_recognition"] == "yes" and "other_recognition" in completed
    assert "wheelchair_approval" not in draft
    # Which body, and what: still asked in the person's own words.
    assert "other_recognition_details" not in completed
    # Not asked without the parking card: not in the draft either.
    draft, _completed = screening.prefill(answers(recognised=[decision]), ["recognition"])
    assert "other_recognition" not in draft


def test_the_wheelchair_approved_answers_the_application_s_wheelchair_question(context):
    draft, completed = screening.prefill(answers(recognised=["wheelchair", "war_50"]), ["parking_card"])
    assert draft["wheelchair_approval"] == "yes" and draft["other_recognition"] == "yes"
    # Its step comes with a wheelchair among the aids, which the screening does not ask.
    assert "wheelchair_approval" not in completed
    assert screening.ENGINE.visible_answers(screening.Answers({**draft, "mobility_aids": ["wheelchair"]}))["wheelchair_approval"] == "yes"
    assert "wheelchair_approval" not in screening.ENGINE.visible_answers(screening.Answers({**draft, "mobility_aids": ["cane"]}))


def test_none_of_the_decisions_answers_nothing(context):
    draft, _completed = screening.prefill(answers(recognised=["none"]), ["parking_card"])
    assert not {"other_recognition", "wheelchair_approval"} & set(draft)


def test_the_screening_never_promises_what_the_dg_decides():
    """A verdict is a first idea, not a decision: no "you receive" or "you
    will get" in the screening's texts (the issue's wording rule)."""
    from pathlib import Path

    from babel.messages.extract import extract_from_file

    source = Path(screening.__file__)
    texts = [message for _line, message, _comments, _context in extract_from_file("python", source, keywords={"_l": None})]
    assert texts and [t for t in texts if "parking card" in t]
    promises = [t for t in texts if any(word in t.lower() for word in ("you receive", "you will get", "you will receive", "you get "))]
    assert promises == []
