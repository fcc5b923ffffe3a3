"""Read-only view on an application's answers, with the facts derived from them.

Conditions and checks in the questionnaire read answers through this class so
that a derived fact (the date of birth follows from the national register
number) is computed in one place and never asked twice (WCAG 3.3.7).
"""
from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from flask import current_app
from stdnum.be import bis, nn

REQUEST_RECOGNITION = "recognition"
REQUEST_ALLOWANCES = "allowances"
REQUEST_PARKING_CARD = "parking_card"


class Answers:
    def __init__(self, values: Mapping[str, Any] | None = None, today: date | None = None):
        self._values = dict(values or {})
        self._today = today

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self._values

    def as_dict(self) -> dict:
        return dict(self._values)

    def overlay(self, values: Mapping[str, Any]) -> "Answers":
        """These answers with some replaced (e.g. by a step being validated)."""
        return Answers({**self._values, **values}, self._today)

    # -- requests --------------------------------------------------------
    def requested(self, request: str) -> bool:
        return request in (self._values.get("requests") or [])

    @property
    def any_request(self) -> bool:
        return bool(self._values.get("requests"))

    # -- derived identity facts -----------------------------------------
    @property
    def today(self) -> date:
        return self._today or date.today()

    @property
    def birth_date_from_national_number(self) -> date | None:
        """The date of birth encoded in the NISS/BIS number, when it is complete.

        BIS numbers and some register numbers carry 00 for an unknown day or
        month; then the date must be asked.
        """
        number = self._values.get("national_number")
        if not number:
            return None
        module = bis if bis.is_valid(number) else nn
        try:
            return module.get_birth_date(number)
        except Exception:  # unknown day/month: not derivable
            return None

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
    def age(self) -> int | None:
        born = self.birth_date
        if born is None:
            return None
        today = self.today
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def allowances_age_conflict(self) -> bool:
        """Allowances asked by someone outside the age at which one may apply."""
        age = self.age
        if age is None or not self.requested(REQUEST_ALLOWANCES):
            return False
        config = current_app.config
        return age < config["ALLOWANCE_APPLY_FROM_AGE"] or age >= config["ALLOWANCE_MAX_AGE"]

    @property
    def has_partner(self) -> bool:
        return self._values.get("household_situation") in {"married", "legal_cohabitant", "partner"}

    @property
    def has_helper(self) -> bool:
        return self._values.get("helper_kind") not in (None, "none")
