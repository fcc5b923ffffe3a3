"""Read-only view on an application's answers, with the facts derived from them.

Conditions and checks in the questionnaire read answers through this class so
that a derived fact (the date of birth follows from the national register
number) is computed in one place and never asked twice (WCAG 3.3.7).
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Mapping

import phonenumbers
from flask import current_app
from stdnum.be import ssn
from stdnum.exceptions import ValidationError as StdnumError

REQUEST_RECOGNITION = "recognition"
REQUEST_ALLOWANCES = "allowances"
REQUEST_PARKING_CARD = "parking_card"
# A new copy of a lost, stolen or damaged card: no medical evaluation.
REQUEST_PARKING_DUPLICATE = "parking_card_duplicate"
REQUEST_EDC = "european_disability_card"
# The requests the DG evaluates the person's health for.
EVALUATED_REQUESTS = (REQUEST_RECOGNITION, REQUEST_ALLOWANCES, REQUEST_PARKING_CARD)
# Kinds of application after which the DG already holds a file on the person.
KINDS_WITH_A_FILE = ("new_with_file", "worse", "renewal")
WORKING = ("employee", "self_employed", "civil_servant", "sheltered")
# Civil majority in Belgium: below it, a parent applies for their child.
MAJORITY_AGE = 18
# Household situations with a partner, whose identity and income are asked.
HOUSEHOLD_WITH_A_PARTNER = frozenset({"married", "legal_cohabitant", "partner", "shared"})


def allowances_max_age(birth_year: int) -> int:
    """The upper age of the allowances for people born in this year (config table)."""
    table = current_app.config["ALLOWANCE_MAX_AGE_BY_BIRTH_YEAR"]
    return next((age for first_year, age in reversed(table) if first_year <= birth_year), table[0][1])


def allowances_max_ages() -> list[int]:
    """The upper ages the table holds, lowest first (65, 66, 67)."""
    return sorted({age for _year, age in current_app.config["ALLOWANCE_MAX_AGE_BY_BIRTH_YEAR"]})

# Who fills in the form (question "helper_kind"). "none": the person
# themself. The representatives receive our letters instead of the person:
# the parents of a minor, and an administrator or guardian appointed by a
# justice of the peace.
REPRESENTATIVES = frozenset({"parent", "legal"})
# Values of earlier versions of the questionnaire, read as today's: drafts
# saved before "Who is filling in this form?" said "a family member or a
# friend" or "a professional" helps, who fill in with the person present.
LEGACY_VALUES = {"helper_kind": {"family": "present", "professional": "present"}}


def current_values(values: Mapping[str, Any]) -> dict:
    """Stored answers with earlier versions' values read as today's: an old
    draft opens, shows its choice ticked, and is sent with today's values."""
    current = dict(values)
    for key, renamed in LEGACY_VALUES.items():
        if current.get(key) in renamed:
            current[key] = renamed[current[key]]
    return current


class Answers:
    def __init__(
        self,
        values: Mapping[str, Any] | None = None,
        today: date | None = None,
        attachment_kinds: Iterable[str] = (),
    ):
        self._values = current_values(values or {})
        self._today = today
        # Kinds of the files attached (medical_report, certificate...): the
        # completeness rules ask for real files, not for a ticked box.
        self.attachment_kinds = frozenset(attachment_kinds)

    @classmethod
    def of(cls, application) -> "Answers":
        """The answers of an application, with the kinds of its attached files.

        The one place where an application becomes Answers, so that every
        page, the PDF and the sending gate see the same facts.
        """
        return cls(application.answers or {}, attachment_kinds=(a.kind for a in application.attachments))

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self._values

    def as_dict(self) -> dict:
        return dict(self._values)

    def overlay(self, values: Mapping[str, Any]) -> "Answers":
        """These answers with some replaced (e.g. by a step being validated)."""
        return Answers({**self._values, **values}, self._today, self.attachment_kinds)

    # -- requests --------------------------------------------------------
    def requested(self, request: str) -> bool:
        return request in (self._values.get("requests") or [])

    def attached(self, kind: str) -> bool:
        return kind in self.attachment_kinds

    @property
    def any_request(self) -> bool:
        return bool(self._values.get("requests"))

    @property
    def needs_evaluation(self) -> bool:
        """A request the DG evaluates the person's health for; a new copy of a
        parking card or the European Disability Card alone needs none, so
        the health, daily-life and mobility parts are not asked for them."""
        return any(self.requested(r) for r in EVALUATED_REQUESTS)

    @property
    def has_dg_file(self) -> bool:
        """The DG already knows the person: said so, or implied by the request
        (a revision, a renewal, a new copy of a card, the card of a recognised person)."""
        if not self.any_request:
            return False
        return not self.needs_evaluation or self._values.get("request_kind") in KINDS_WITH_A_FILE

    @property
    def recognition_alone(self) -> bool:
        """Recognition without allowances or a parking card: then the purpose
        of the certificate tells the DG which criteria to evaluate."""
        others = (REQUEST_ALLOWANCES, REQUEST_PARKING_CARD, REQUEST_PARKING_DUPLICATE)
        return self.requested(REQUEST_RECOGNITION) and not any(self.requested(r) for r in others)

    # -- work (earning capacity, for the allowances) ----------------------
    @property
    def is_working(self) -> bool:
        return self._values.get("work_status") in WORKING

    @property
    def has_worked(self) -> bool:
        """Works now or worked before: the work done or last done can be asked."""
        return self.is_working or self._values.get("worked_before") == "yes"

    @property
    def incapacity_known_from_benefits(self) -> bool:
        """A sickness or invalidity benefit from the mutuality is paid only once
        its advising doctor recognised the incapacity for work: not asked again."""
        return "sickness" in (self._values.get("benefits") or [])

    # -- derived identity facts -----------------------------------------
    @property
    def today(self) -> date:
        return self._today or date.today()

    @property
    def birth_parts_from_national_number(self) -> tuple[int | None, int | None, int | None]:
        """Year, month and day of birth, as far as the NISS/BIS number tells them.

        BIS numbers and some register numbers carry 00 for an unknown day or
        month (and a conventional date when even the year is unknown): the
        unknown parts are None.
        """
        number = self._values.get("national_number")
        if not number:
            return (None, None, None)
        try:
            full = ssn.get_birth_date(number)
            if full:
                return (full.year, full.month, full.day)
            return (ssn.get_birth_year(number), ssn.get_birth_month(number), None)
        except (StdnumError, ValueError):  # stdnum raises ValueError for a non-digit
            return (None, None, None)

    @property
    def birth_date_from_national_number(self) -> date | None:
        """The date of birth encoded in the number, when it is complete; else it is asked."""
        year, month, day = self.birth_parts_from_national_number
        return date(year, month, day) if day else None

    @property
    def birth_date(self) -> date | None:
        derived = self.birth_date_from_national_number
        if derived:
            return derived
        asked = self._values.get("birth_date")
        if asked and len(asked) == 10:
            return date.fromisoformat(asked)
        return None

    @property
    def birth_month(self) -> tuple[int, int] | None:
        """Year and month of birth: all the allowances' age rule needs.

        Known from the number, from a complete date, or from a date of birth
        given without its day (a person whose number has 00 as the day may
        not know it).
        """
        year, month, _day = self.birth_parts_from_national_number
        if year and month:
            return (year, month)
        asked = self._values.get("birth_date")
        if asked:
            return (int(asked[:4]), int(asked[5:7]))
        return None

    @property
    def months_since_birth_month(self) -> int | None:
        """Whole calendar months from the month of birth to this month."""
        born = self.birth_month
        if born is None:
            return None
        return (self.today.year - born[0]) * 12 + self.today.month - born[1]

    @property
    def age(self) -> int | None:
        """Age in years; without the day of birth, as if born on the 1st of the month."""
        born = self.birth_date
        if born is None:
            months = self.months_since_birth_month
            return None if months is None else months // 12
        today = self.today
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def allowances_from(self) -> date | None:
        """The first day of the month from which one may apply for the allowances."""
        born = self.birth_month
        if born is None:
            return None
        return date(born[0] + current_app.config["ALLOWANCE_APPLY_FROM_AGE"], born[1], 1)

    @property
    def allowances_too_young(self) -> bool:
        """Allowances asked before the month one turns ALLOWANCE_APPLY_FROM_AGE."""
        months = self.months_since_birth_month
        if months is None or not self.requested(REQUEST_ALLOWANCES):
            return False
        return months < current_app.config["ALLOWANCE_APPLY_FROM_AGE"] * 12

    @property
    def allowances_max_age(self) -> int | None:
        """The age from which the allowances can no longer be asked: the legal
        pension age of the applicant's year of birth (None while unknown)."""
        born = self.birth_month
        return None if born is None else allowances_max_age(born[0])

    @property
    def allowances_too_old(self) -> bool:
        """Allowances asked at the upper age of one's year of birth, or over.

        Without the day of birth, only once the birthday month is over: the
        applicant is not refused on a guess.
        """
        if not self.requested(REQUEST_ALLOWANCES) or self.birth_month is None:
            return False
        limit = self.allowances_max_age
        if self.birth_date is None:
            return self.months_since_birth_month > limit * 12
        return self.age >= limit

    @property
    def allowances_age_conflict(self) -> bool:
        """Allowances asked by someone outside the age at which one may apply."""
        return self.allowances_too_young or self.allowances_too_old

    @property
    def has_partner(self) -> bool:
        """A partner as the law counts the household (law of 27 February 1987,
        art. 7 §3): a spouse or cohabitant living with the applicant, and also
        someone not related in the 1st-3rd degree with whom they share the
        household. A spouse one lives apart from is not one."""
        return self._values.get("household_situation") in HOUSEHOLD_WITH_A_PARTNER

    @property
    def may_be_a_minor(self) -> bool:
        """Under 18, or the age is not known yet (the number not given)."""
        return self.age is None or self.age < MAJORITY_AGE

    @property
    def is_a_minor(self) -> bool:
        """Known to be under 18 (unlike may_be_a_minor, an unknown age is not).

        A child is compared with children of the same age and asked about
        school and therapies; nobody is asked so on a guess.
        """
        return self.age is not None and self.age < MAJORITY_AGE

    @property
    def has_mobile_phone(self) -> bool:
        """A mobile number was given: only then can we send a text message."""
        phone = self._values.get("phone")
        if not phone:
            return False
        try:
            number = phonenumbers.parse(phone, "BE")
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.number_type(number) in (
            phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )

    @property
    def someone_else_fills_in(self) -> bool:
        """A parent, a representative, a proxy holder or a helper fills in
        the form for the person: the pages speak of "the person" (wording.py)."""
        return self._values.get("helper_kind") not in (None, "none")

    @property
    def has_helper(self) -> bool:
        return self.someone_else_fills_in

    @property
    def letters_to_representative(self) -> bool:
        """Our letters go to the representative, not to the person: a minor's
        parent, or the administrator or guardian of a person under administration."""
        return self._values.get("helper_kind") in REPRESENTATIVES

    @property
    def letters_to_helper(self) -> bool:
        """The helper's postal address is needed: our letters, or copies, go there."""
        return self.letters_to_representative or self._values.get("helper_copy_letters") == "yes"
