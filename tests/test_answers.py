"""Facts derived from the answers: date of birth from the number, the
allowances' age rule (from the month one turns 17)."""
from __future__ import annotations

from datetime import date

import pytest

from webform.answers import Answers

from .helpers import make_national_number

ALLOWANCES = {"requests": ["allowances"]}


@pytest.fixture(autouse=True)
def context(app):
    with app.app_context():
        yield


def test_birth_parts_from_a_bis_number_with_unknown_day_or_month():
    assert Answers({"national_number": "85430003316"}).birth_parts_from_national_number == (1985, 3, None)
    assert Answers({"national_number": "85400000127"}).birth_parts_from_national_number == (1985, None, None)
    complete = Answers({"national_number": make_national_number(date(1985, 7, 30))})
    assert complete.birth_parts_from_national_number == (1985, 7, 30)
    assert complete.birth_date == date(1985, 7, 30)


def test_a_number_with_a_non_digit_gives_no_date():
    assert Answers({"national_number": "85073000a33"}).birth_parts_from_national_number == (None, None, None)
    assert Answers({"national_number": "85073000a33"}).birth_date is None


def test_birth_month_without_the_day():
    answers = Answers({"national_number": "85430003316"}, today=date(2026, 3, 5))
    assert answers.birth_date is None and answers.birth_month == (1985, 3)
    assert answers.age == 41
    asked = Answers({"national_number": "85400000127", "birth_date": "1985-06"}, today=date(2026, 3, 5))
    assert asked.birth_month == (1985, 6) and asked.age == 40


@pytest.mark.parametrize("today, too_young", [
    (date(2026, 2, 28), True),   # the month before the one of the 17th birthday
    (date(2026, 3, 1), False),   # the month of the 17th birthday, before the day itself
    (date(2026, 3, 5), False),
    (date(2026, 3, 25), False),
])
def test_allowances_from_the_month_one_turns_seventeen(today, too_young):
    born = make_national_number(date(2009, 3, 25))
    answers = Answers({**ALLOWANCES, "national_number": born}, today=today)
    assert answers.allowances_too_young is too_young
    assert answers.allowances_age_conflict is too_young
    assert answers.allowances_from == date(2026, 3, 1)


def test_allowances_too_old_from_the_birthday_or_after_the_month_when_the_day_is_unknown(app):
    exact = Answers({**ALLOWANCES, "national_number": make_national_number(date(1961, 3, 25))}, today=date(2026, 3, 25))
    assert exact.allowances_too_old
    assert not Answers({**exact.as_dict()}, today=date(2026, 3, 24)).allowances_too_old
    # Born in March 1961, day unknown: not refused on a guess during March 2026.
    month_only = {**ALLOWANCES, "national_number": "61400001294", "birth_date": "1961-03"}  # BIS, month 00
    assert not Answers(month_only, today=date(2026, 3, 31)).allowances_too_old
    assert Answers(month_only, today=date(2026, 4, 1)).allowances_too_old
    app.config["ALLOWANCE_MAX_AGE"] = 67
    assert not Answers(month_only, today=date(2026, 4, 1)).allowances_too_old


def test_no_age_rule_without_the_allowances_or_the_date():
    born = make_national_number(date(2015, 1, 1))
    assert not Answers({"requests": ["recognition"], "national_number": born}).allowances_age_conflict
    assert not Answers({**ALLOWANCES, "national_number": "85400000127"}).allowances_age_conflict


def test_earlier_helper_answers_are_read_as_who_fills_in():
    """Drafts saved before "Who is filling in this form?" said that a family
    member or a professional helps: both fill in with the person present."""
    for old in ("family", "professional"):
        answers = Answers({"helper_kind": old})
        assert answers.get("helper_kind") == "present" and answers.someone_else_fills_in
        assert not answers.letters_to_representative
    assert not Answers({"helper_kind": "none"}).someone_else_fills_in


def test_letters_go_to_a_minors_parent_and_a_legal_representative():
    assert [kind for kind in ("none", "parent", "legal", "present", "proxy")
            if Answers({"helper_kind": kind}).letters_to_representative] == ["parent", "legal"]
    assert Answers({"helper_kind": "present", "helper_copy_letters": "yes"}).letters_to_helper
    assert not Answers({"helper_kind": "proxy", "helper_copy_letters": "no"}).letters_to_helper
