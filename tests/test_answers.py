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


# The legal pension age by year of birth: 65 before 1960, 66 for 1960-1963, 67 from 1964.
@pytest.mark.parametrize("born, day_before, birthday", [
    (date(1959, 12, 31), date(2024, 12, 30), date(2024, 12, 31)),   # 65
    (date(1960, 1, 1), date(2025, 12, 31), date(2026, 1, 1)),       # 66: not too old at 65
    (date(1963, 12, 31), date(2029, 12, 30), date(2029, 12, 31)),   # 66
    (date(1964, 1, 1), date(2030, 12, 31), date(2031, 1, 1)),       # 67: not too old at 65 or 66
    (date(1990, 6, 15), date(2057, 6, 14), date(2057, 6, 15)),      # 67
])
def test_allowances_end_on_the_birthday_of_the_legal_pension_age(born, day_before, birthday):
    values = {**ALLOWANCES, "national_number": make_national_number(born)}
    assert not Answers(values, today=day_before).allowances_too_old
    assert Answers(values, today=birthday).allowances_too_old
    assert Answers(values, today=birthday).allowances_age_conflict


@pytest.mark.parametrize("birth_year, expected", [(1930, 65), (1959, 65), (1960, 66), (1963, 66), (1964, 67), (2008, 67)])
def test_the_upper_age_follows_the_year_of_birth(birth_year, expected):
    assert Answers({**ALLOWANCES, "birth_date": f"{birth_year}-05"}).allowances_max_age == expected


@pytest.mark.parametrize("values, last_day_of_month, first_day_after", [
    ({"birth_date": "1959-03"}, date(2024, 3, 31), date(2024, 4, 1)),   # 65
    ({"national_number": "61400001294", "birth_date": "1961-03"}, date(2027, 3, 31), date(2027, 4, 1)),  # BIS, month 00; 66
    ({"birth_date": "1965-03"}, date(2032, 3, 31), date(2032, 4, 1)),   # 67
])
def test_without_the_day_of_birth_too_old_only_once_the_birthday_month_is_over(values, last_day_of_month, first_day_after):
    """Never refused on a guess: the birthday may be the last day of the month."""
    assert not Answers({**ALLOWANCES, **values}, today=last_day_of_month).allowances_too_old
    assert Answers({**ALLOWANCES, **values}, today=first_day_after).allowances_too_old


def test_the_age_table_comes_from_configuration(app):
    born_1961 = {**ALLOWANCES, "national_number": make_national_number(date(1961, 3, 25))}
    at_65 = date(2026, 3, 25)
    assert not Answers(born_1961, today=at_65).allowances_too_old
    app.config["ALLOWANCE_MAX_AGE_BY_BIRTH_YEAR"] = ((0, 65),)  # one age for everyone, as before the bill
    assert Answers(born_1961, today=at_65).allowances_too_old
    assert Answers(born_1961, today=at_65).allowances_max_age == 65


def test_no_age_rule_without_the_allowances_or_the_date():
    born = make_national_number(date(2015, 1, 1))
    assert not Answers({"requests": ["recognition"], "national_number": born}).allowances_age_conflict
    assert not Answers({**ALLOWANCES, "national_number": "85400000127"}).allowances_age_conflict


def test_a_minor_only_when_the_age_is_known():
    """A child's wording and the school step need a known age: an unknown
    one may be a minor (the parent option stays offered) but is not one."""
    today = date(2026, 3, 5)
    unknown = Answers({}, today=today)
    assert unknown.may_be_a_minor and not unknown.is_a_minor
    assert Answers({"national_number": make_national_number(date(2017, 3, 6))}, today=today).is_a_minor
    # The 18th birthday ends it.
    assert not Answers({"national_number": make_national_number(date(2008, 3, 5))}, today=today).is_a_minor
    assert not Answers({"national_number": "85400000127", "birth_date": "1985-06"}, today=today).is_a_minor


@pytest.mark.parametrize("situation, partner", [
    ("alone", False),             # also married but living apart
    ("married", True),
    ("legal_cohabitant", True),
    ("partner", True),
    ("family", False),            # parents, children, brothers and sisters...
    ("shared", True),             # not family, sharing the household: a partner in law (art. 7 §3)
    (None, False),
])
def test_has_partner_as_the_law_counts_the_household(situation, partner):
    values = {} if situation is None else {"household_situation": situation}
    assert Answers(values).has_partner is partner


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
