"""What a person types on each step, for the four kinds of application.

Form data is written as a browser sends it (dates in three fields, numbers
with dots and spaces), and ``STORED`` says what must end up in the database.
"""
from __future__ import annotations

from webform.questions import REQUESTS

from .helpers import make_national_number, years_ago

NATIONAL_NUMBER = make_national_number(years_ago(40), serial=33)
PARTNER_NUMBER = make_national_number(years_ago(42), serial=34)
CHILD_NUMBER = make_national_number(years_ago(9), serial=38)


def _formatted(number: str) -> str:
    return f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"


DAILY = {
    f"daily_{key}": {f"daily_{key}": "some", f"daily_{key}_words": f"Words about {key}."}
    for key in ("moving", "eating", "hygiene", "home", "safety", "social")
}

STEP_INPUT: dict[str, dict] = {
    "certificate_purpose": {"certificate_purpose": ["tax", "public_transport"], "certificate_purpose_words": ""},
    "card_replacement": {"card_replacement": "lost"},
    "request_kind": {"request_kind": "renewal"},
    "renewal": {"valid_until-day": "", "valid_until-month": "6", "valid_until-year": "2027"},
    "dg_file": {"dg_file_number": "", "dg_file_since-day": "", "dg_file_since-month": "9", "dg_file_since-year": "2015"},
    "identity": {"national_number": _formatted(NATIONAL_NUMBER), "first_name": "Marie", "last_name": "Dupont"},
    "nationality": {"nationality": "belgian"},
    "address": {"street": "Rue de la Loi", "house_number": "16", "box": "", "postcode": "1000", "municipality": "Bruxelles"},
    "contact": {"phone": "0470 12 34 56", "email": "Marie.Dupont@Example.be", "letter_language": "fr"},
    "contact_way": {"contact_way": "sms"},
    "meeting_needs": {"interpreter": "spoken", "interpreter_language": "Arabic", "meeting_help": ["companion", "large_print"], "meeting_notes": ""},
    "residence": {"residence": "home"},
    "nationality_category": {"nationality_category": ["population_register"]},
    "institution": {"institution_since-day": "", "institution_since-month": "9", "institution_since-year": "2023", "institution_paid_by": "public"},
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
    "treatments": {"treatments": "Physiotherapy", "hospital_stays": ""},
    "doctor": {
        "doctor_name": "Dr Martin", "doctor_address": "Rue Haute 1, 5000 Namur", "doctor_phone": "081 12 34 56",
        "doctor_riziv": "1-23456-78-901", "doctor_email": "Dr.Martin@Example.be",
    },
    "specialists": {"specialists": ""},
    "doctor_consent": {"doctor_consent": "yes"},
    **DAILY,
    # Only for a child (CHILD_NUMBER).
    "school_therapies": {"school": "special", "school_type": "type 2", "therapies": ["speech", "physiotherapy"], "care_burden": "Therapies three times a week."},
    "walking": {"walking_distance": "under_100"},
    "falls": {"falls": "often"},
    "aids": {"mobility_aids": ["cane", "walker"]},
    "arms_hands": {"arms_hands": "partly"},
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
    "job": {"job": "Warehouse worker"},
    "work_since": {"work_since-day": "", "work_since-month": "3", "work_since-year": "2024", "work_restarted": "yes"},
    "schooling": {"schooling": "lower_secondary", "training": "Forklift driver certificate"},
    "work_limits": {"work_limits": ["physical_effort", "full_days"], "work_limits_words": "I cannot lift more than 5 kg."},
    "work_adjusted": {"work_adjusted": "reduced"},
    "work_incapacity": {"work_incapacity": "yes"},
    "benefits": {"benefits": ["sickness", "other"]},
    "other_benefit": {"other_benefit": "A pension from Germany"},
    "care_allowances": {"care_allowances": ["third_party_help"]},
    "income": {"own_income": "0"},
    "partner_income": {"partner_income": "23.456,78"},
    "bank_account": {"iban": "be71 0961 2345 6769", "account_holder": "own"},
    "cpas_advance": {"cpas_advance": "yes"},
    "cpas_advance_which": {"cpas_advance_name": "CPAS de Namur"},
    "documents": {"documents_available": ["medical_reports"]},
    "declaration": {"declaration": ["true_complete", "contact_doctors", "report_changes"]},
}

def step_input(step: str, requests: list[str]) -> dict:
    """What is typed on a step for these requests: the requests themselves, and
    no consent to contact doctors where no medical part was asked."""
    if step == "requests":
        return {"requests": requests}
    if step == "declaration" and requests == ["parking_card_duplicate"]:
        return {"declaration": [d for d in STEP_INPUT[step]["declaration"] if d != "contact_doctors"]}
    return STEP_INPUT[step]


# The first part: the kind of application and the file with the DG.
REQUEST_STEPS = ["requests", "request_kind", "renewal", "dg_file"]
# Nationality and residence are asked only with the allowances.
# Who fills in comes first, before the identity.
ABOUT_YOU_STEPS = ["helper_kind", "identity", "address", "contact", "contact_way", "meeting_needs"]
ABOUT_YOU_ALLOWANCE_STEPS = [
    "helper_kind", "identity", "nationality", "address", "contact", "contact_way", "meeting_needs", "residence",
]
HELPER_STEPS = ["helper_copy_letters", "helper_details", "helper_same_address", "helper_address"]
MEDICAL_STEPS = ["health_situation", "treatments", "doctor", "specialists", "doctor_consent", *DAILY]
COMMON_STEPS = [*REQUEST_STEPS, *ABOUT_YOU_STEPS, *HELPER_STEPS, *MEDICAL_STEPS]
MOBILITY_STEPS = ["walking", "falls", "aids", "arms_hands", "other_recognition"]
ALLOWANCE_STEPS = [
    "household", "partner", "children", "work", "worked_before", "work_stopped",
    "job", "schooling", "work_limits", "work_adjusted", "benefits", "other_benefit",
    "care_allowances", "income", "partner_income", "bank_account", "cpas_advance", "cpas_advance_which",
]
END_STEPS = ["documents", "check", "declaration"]
# A new copy of a parking card: no kind of application, no medical parts.
EVALUATION_STEPS = {"request_kind", "renewal", *MEDICAL_STEPS}


def _after_requests(steps: list[str], *added: str) -> list[str]:
    at = steps.index("requests") + 1
    return [*steps[:at], *added, *steps[at:]]


def common_steps(requests: list[str]) -> list[str]:
    """The steps before the mobility and allowance parts: recognition alone adds
    what its certificate is for, the allowances nationality and residence, a
    new copy of a parking card drops the kind of application and the medical parts."""
    about = ABOUT_YOU_ALLOWANCE_STEPS if "allowances" in requests else ABOUT_YOU_STEPS
    steps = [*REQUEST_STEPS, *about, *HELPER_STEPS, *MEDICAL_STEPS]
    if requests == ["recognition"]:
        return _after_requests(steps, "certificate_purpose")
    if requests == ["parking_card_duplicate"]:
        return _after_requests([s for s in steps if s not in EVALUATION_STEPS], "card_replacement")
    return steps


def steps_for(requests) -> list[str]:
    """The steps of an application for these requests, in the form's order."""
    return (
        common_steps(list(requests))
        + (MOBILITY_STEPS if "parking_card" in requests else [])
        + (ALLOWANCE_STEPS if "allowances" in requests else [])
        + END_STEPS
    )


DUPLICATE_STEPS = common_steps(["parking_card_duplicate"])
SCENARIOS = {
    name: (requests, steps_for(requests))
    for name, requests in {
        "recognition": ["recognition"],
        "allowances": ["allowances"],
        "parking_card": ["parking_card"],
        "all": ["recognition", "allowances", "parking_card"],
        "parking_card_duplicate": ["parking_card_duplicate"],
    }.items()
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
    "doctor_riziv": "12345678901",
    "doctor_email": "Dr.Martin@example.be",
}
ALLOWANCE_KEYS = {
    "nationality", "residence", "household_situation", "partner_national_number", "iban", "own_income", "benefits",
    "care_allowances", "cpas_advance", "cpas_advance_name", "job", "work_limits",
}
MOBILITY_KEYS = {"walking_distance", "falls", "mobility_aids", "arms_hands"}
MEDICAL_KEYS = {"health_conditions", "health_since", "doctor_consent", "daily_moving", "doctor_riziv", "doctor_email"}


# The pages of the first part after "What do you want to apply for?".
REQUEST_FOLLOW_UP = {step.key for step in REQUESTS.steps} - {"requests"}


def apply_for(client, requests: list[str]):
    """Answer the first part, "What you are applying for": the requests, then
    the pages that follow from them (what the certificate is for, the kind of
    application, the file with the DG). Returns the page shown after it."""
    page = client.post("/application/requests", {"requests": requests})
    for _ in range(len(REQUEST_FOLLOW_UP) + 1):
        step = client.url.rsplit("/", 1)[1]
        if step not in REQUEST_FOLLOW_UP:
            return page
        page = client.submit(STEP_INPUT[step], form="#step-form")
    raise AssertionError("the first part never ended")
