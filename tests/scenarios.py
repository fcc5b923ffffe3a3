"""What a person types on each step, for the four kinds of application.

Form data is written as a browser sends it (dates in three fields, numbers
with dots and spaces), and ``STORED`` says what must end up in the database.
"""
from __future__ import annotations

from .helpers import make_national_number, years_ago

NATIONAL_NUMBER = make_national_number(years_ago(40), serial=33)
PARTNER_NUMBER = make_national_number(years_ago(42), serial=34)


def _formatted(number: str) -> str:
    return f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"


DAILY = {
    f"daily_{key}": {f"daily_{key}": "some", f"daily_{key}_words": f"Words about {key}."}
    for key in ("moving", "eating", "hygiene", "home", "safety", "social")
}

STEP_INPUT: dict[str, dict] = {
    "identity": {"national_number": _formatted(NATIONAL_NUMBER), "first_name": "Marie", "last_name": "Dupont"},
    "nationality": {"nationality": "belgian"},
    "address": {"street": "Rue de la Loi", "house_number": "16", "box": "", "postcode": "1000", "municipality": "Bruxelles"},
    "contact": {"phone": "0470 12 34 56", "email": "Marie.Dupont@Example.be", "letter_language": "fr"},
    "residence": {"residence": "home"},
    "helper_kind": {"helper_kind": "present"},
    "helper_copy_letters": {"helper_copy_letters": "yes"},
    "helper_details": {
        "helper_name": "Jean Dupont",
        "helper_relationship": "son",
        "helper_phone": "",
        "helper_email": "",
    },
    "helper_same_address": {"helper_same_address": "no"},
    "helper_address": {
        "helper_street": "Rue Haute", "helper_house_number": "3", "helper_box": "",
        "helper_postcode": "4700", "helper_municipality": "Eupen",
    },
    "health_situation": {
        "health_conditions": "Arthritis in both knees.",
        "health_since-day": "",
        "health_since-month": "3",
        "health_since-year": "2019",
    },
    "health_duration": {"health_lasting": "yes"},
    "treatments": {"treatments": "Physiotherapy", "hospital_stays": ""},
    "doctor": {"doctor_name": "Dr Martin", "doctor_address": "Rue Haute 1, 5000 Namur", "doctor_phone": "081 12 34 56"},
    "specialists": {"specialists": ""},
    "doctor_consent": {"doctor_consent": "yes"},
    **DAILY,
    "walking": {"walking_distance": "under_100"},
    "aids": {"mobility_aids": ["cane", "walker"]},
    "driving": {"driving": "driven"},
    "other_recognition": {"other_recognition": "no"},
    "household": {"household_situation": "married"},
    "partner": {
        "partner_first_name": "Paul",
        "partner_last_name": "Dupont",
        "partner_national_number": PARTNER_NUMBER,
    },
    "children": {"dependent_children": "2"},
    "work": {"work_status": "no"},
    "worked_before": {"worked_before": "yes"},
    "work_stopped": {"work_stopped-day": "", "work_stopped-month": "6", "work_stopped-year": "2021"},
    "benefits": {"benefits": ["sickness", "other"]},
    "other_benefit": {"other_benefit": "A pension from Germany"},
    "income": {"own_income": "0"},
    "partner_income": {"partner_income": "23.456,78"},
    "bank_account": {"iban": "be71 0961 2345 6769", "account_holder": "own"},
    "documents": {"documents_available": ["medical_reports"]},
    "declaration": {"declaration": ["true_complete", "processing", "contact_doctors", "report_changes"]},
}

COMMON_STEPS = [
    "requests", "helper_kind", "identity", "nationality", "address", "contact", "residence",
    "helper_copy_letters", "helper_details", "helper_same_address", "helper_address",
    "health_situation", "health_duration", "treatments", "doctor", "specialists", "doctor_consent",
    *DAILY,
]
MOBILITY_STEPS = ["walking", "aids", "driving", "other_recognition"]
ALLOWANCE_STEPS = [
    "household", "partner", "children", "work", "worked_before", "work_stopped", "benefits", "other_benefit",
    "income", "partner_income", "bank_account",
]
END_STEPS = ["documents", "check", "declaration"]

SCENARIOS = {
    "recognition": (["recognition"], COMMON_STEPS + END_STEPS),
    "allowances": (["allowances"], COMMON_STEPS + ALLOWANCE_STEPS + END_STEPS),
    "parking_card": (["parking_card"], COMMON_STEPS + MOBILITY_STEPS + END_STEPS),
    "all": (
        ["recognition", "allowances", "parking_card"],
        COMMON_STEPS + MOBILITY_STEPS + ALLOWANCE_STEPS + END_STEPS,
    ),
}

STORED = {
    "national_number": NATIONAL_NUMBER,
    "first_name": "Marie",
    "postcode": "1000",
    "phone": "+32470123456",
    "email": "Marie.Dupont@example.be",
    "health_since": "2019-03",
    "mobility_aids": ["cane", "walker"],
    "partner_national_number": PARTNER_NUMBER,
    "dependent_children": 2,
    "own_income": "0.00",
    "partner_income": "23456.78",
    "iban": "BE71096123456769",
}
ALLOWANCE_KEYS = {"household_situation", "partner_national_number", "iban", "own_income", "benefits"}
MOBILITY_KEYS = {"walking_distance", "mobility_aids", "driving"}
