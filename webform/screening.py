"""The screening "What could I be entitled to?": its questions and its rules, once.

An anonymous first look before applying: a few questions, then for each
request a verdict (likely, possible, unlikely) with the rule behind it in one
sentence. Nothing is stored: the answers travel in the pages' own forms.

The questions the application also asks are the application's own question
objects (same key, same words, same options), so the answers carry over into
a new draft as they are (``prefill``) and the application never asks them
twice. The rules are data: for each request, an ordered tuple of ``Rule``s,
the first that applies gives the verdict and its reason.

Where the law is uncertain, the rule says so in a comment; a verdict is never
more than "likely": the DG Persons with Disabilities decides, after its doctor
evaluated the person (shared/domain.md, domain-review.md).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any, Callable

from flask import current_app
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .answers import (
    HOUSEHOLD_WITH_A_PARTNER,
    REQUEST_ALLOWANCES,
    REQUEST_PARKING_CARD,
    REQUEST_RECOGNITION,
    WORKING,
    Answers,
    MAJORITY_AGE,
    allowances_max_age,
)
from .question_kinds import ChoiceQuestion, CountQuestion, MultipleChoiceQuestion, Option
from .questions import DIFFICULTY_OPTIONS, ENGINE, help_for_older_people
from .structure import Step

# -- the questions -----------------------------------------------------------
DAILY_ACTIVITIES = ("moving", "eating", "hygiene", "home", "safety", "social")
# The application's own questions, asked here the same way (never twice).
SHARED_KEYS = (
    "work_status",
    "household_situation",
    *(f"daily_{activity}" for activity in DAILY_ACTIVITIES),
    "walking_distance",
    "arms_hands",
)
# The parking-card criteria a person knows from a decision they hold
# (Ministerial Decree of 7 May 1999, art. 1); the others follow from the
# daily-life and arms-and-hands answers.
CRITERION_80 = "invalidity_80"
CRITERION_LOWER_LIMBS = "lower_limbs_50"
CRITERION_WAR = "war_50"
CRITERION_WHEELCHAIR = "wheelchair"

AGE = CountQuestion(
    key="age",
    label=_l("How old are you?"),
    hint=_l("In years. Applying for a child? Give the child's age, and answer the questions for the child."),
    example=_l("For example: 42"),
    maximum=120,
    max_length=3,
    required_message=_l("Enter your age in years"),
)
LASTING = ChoiceQuestion(
    key="lasting",
    label=_l("Will your health problems last at least a year?"),
    hint=_l("Count the time they have lasted already. Your doctor can tell you what to expect."),
    required_message=_l("Select whether your health problems will last at least a year"),
    options=(
        Option("yes", _l("Yes, or they have lasted a year already")),
        Option("no", _l("No, probably less than a year")),
        Option("unknown", _l("I do not know")),
    ),
)
INCOME = ChoiceQuestion(
    key="household_income",
    label=_l("How much money does your household receive each month, all together?"),
    hint=_l("Wages, benefits and pensions, after tax, of you and the people you live with. A rough idea is enough."),
    required_message=_l("Select how much money your household receives each month"),
    options=(
        Option("low", _l("Less than 1,500 euros")),
        Option("middle", _l("From 1,500 to 3,000 euros")),
        Option("high", _l("More than 3,000 euros")),
        Option("unknown", _l("I do not know")),
    ),
)
RECOGNISED = MultipleChoiceQuestion(
    key="recognised",
    label=_l("Do you already have one of these decisions?"),
    hint=_l("From a doctor of a public body, for example Fedris, your mutuality or the service for war victims. Select all that apply."),
    required_message=_l("Select the decisions you have, or that you have none"),
    options=(
        Option(CRITERION_80, _l("A permanent invalidity of at least 80 %")),
        Option(CRITERION_LOWER_LIMBS, _l("An invalidity of at least 50 % that comes directly from the legs")),
        Option(CRITERION_WAR, _l("A war invalidity of at least 50 %")),
        Option(CRITERION_WHEELCHAIR, _l("My mutuality approved a wheelchair for me"), _l("Not a scooter or a tricycle.")),
        Option("none", _l("None of these, or I do not know"), exclusive=True),
    ),
)


def _shared(key: str):
    return ENGINE.questions[key]


# Sections of the questions page: (heading, questions).
SECTIONS: tuple[tuple[Any, tuple], ...] = (
    (_l("About you"), (AGE, LASTING)),
    (_l("Work and income"), (_shared("work_status"), INCOME, _shared("household_situation"))),
    (_l("Your daily life"), tuple(_shared(f"daily_{activity}") for activity in DAILY_ACTIVITIES)),
    (_l("Moving around outside"), (_shared("walking_distance"), _shared("arms_hands"), RECOGNISED)),
)
STEP = Step(
    key="screening",
    title=_l("What could I be entitled to?"),
    questions=tuple(question for _heading, questions in SECTIONS for question in questions),
)
assert {q.key for q in STEP.questions} >= set(SHARED_KEYS)


# -- the facts the rules read --------------------------------------------------
# The autonomy scale's points of each answer (0 to 3), in the options' order.
POINTS = {option.value: points for points, option in enumerate(DIFFICULTY_OPTIONS)}
# Integration allowance: from 7 points (law of 27 February 1987, art. 6 §2;
# domain.md). Parking card: 12 points in all, or 2 points for moving around.
INTEGRATION_POINTS = 7
PARKING_POINTS = 12
PARKING_MOVING_POINTS = 2
# The person scores themself here; the DG's doctor gives the points. Within
# this margin below a threshold the verdict is "possible", not "unlikely".
# A judgement, not the law: self-assessments are known to be rough.
POINTS_MARGIN = 2
HIGH_INCOME = "high"


class Verdict(enum.Enum):
    LIKELY = "likely"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"

    @property
    def label(self) -> str:
        return {
            Verdict.LIKELY: lambda: _("Likely"),
            Verdict.POSSIBLE: lambda: _("Possible"),
            Verdict.UNLIKELY: lambda: _("Unlikely"),
        }[self]()


class AllowanceAge(enum.Enum):
    TOO_YOUNG = "too_young"
    # May apply (from the month one turns 17), paid from 18 at the earliest.
    APPLY_EARLY = "apply_early"
    FITS = "fits"
    # At the pension age of one year of birth but not of the other: the
    # screening asks the age, not the date of birth.
    DEPENDS_ON_BIRTH_YEAR = "depends"
    TOO_OLD = "too_old"


@dataclass(frozen=True)
class Facts:
    """What the rules read, derived once from the screening's answers."""

    answers: dict
    today: date

    @property
    def age(self) -> int:
        return self.answers["age"]

    @property
    def points(self) -> int:
        """The autonomy points by the person's own answers (0 to 18)."""
        return sum(POINTS[self.answers[f"daily_{activity}"]] for activity in DAILY_ACTIVITIES)

    @property
    def moving_points(self) -> int:
        return POINTS[self.answers["daily_moving"]]

    def has(self, criterion: str) -> bool:
        return criterion in self.answers["recognised"]

    @property
    def arms_paralysed(self) -> bool:
        return self.answers["arms_hands"] == "not_at_all"

    @property
    def walks_little(self) -> bool:
        return self.answers["walking_distance"] in ("none", "under_100")

    @property
    def no_difficulty(self) -> bool:
        """Nothing harder in daily life, walking or using the arms, and no decision held."""
        return (
            self.points == 0
            and self.answers["walking_distance"] == "over_500"
            and self.answers["arms_hands"] == "yes"
            and not self.parking_criteria
        )

    @property
    def not_lasting(self) -> bool:
        return self.answers["lasting"] == "no"

    @property
    def works(self) -> bool:
        """Works on the ordinary labour market (a sheltered workshop is not)."""
        return self.answers["work_status"] in WORKING and self.answers["work_status"] != "sheltered"

    @property
    def high_income(self) -> bool:
        return self.answers["household_income"] == HIGH_INCOME

    @property
    def has_partner(self) -> bool:
        return self.answers["household_situation"] in HOUSEHOLD_WITH_A_PARTNER

    @property
    def parking_criteria(self) -> list[str]:
        """The parking-card criteria the answers meet (any one suffices)."""
        return [criterion.key for criterion in PARKING_CRITERIA if criterion.met(self)]

    @property
    def allowance_age(self) -> AllowanceAge:
        """The allowances' age rule (answers.py and the configuration, as the
        application applies them): apply from the month one turns 17, paid
        from 18, until the day before the legal pension age of one's year of
        birth. With an age in years, the year of birth is one of two."""
        config = current_app.config
        if self.age < config["ALLOWANCE_APPLY_FROM_AGE"]:
            return AllowanceAge.TOO_YOUNG
        if self.age < config["ALLOWANCE_MIN_AGE"]:
            return AllowanceAge.APPLY_EARLY
        limits = {allowances_max_age(self.today.year - self.age - before) for before in (0, 1)}
        if self.age >= max(limits):
            return AllowanceAge.TOO_OLD
        if self.age >= min(limits):
            return AllowanceAge.DEPENDS_ON_BIRTH_YEAR
        return AllowanceAge.FITS

    def mapping(self) -> dict:
        config = current_app.config
        return {
            "points": self.points,
            "age": self.age,
            "from": config["ALLOWANCE_APPLY_FROM_AGE"],
            "min": config["ALLOWANCE_MIN_AGE"],
        }


# -- the parking card's criteria -----------------------------------------------
@dataclass(frozen=True)
class Criterion:
    key: str
    met: Callable[[Facts], bool]
    reason: Any


PARKING_CRITERIA: tuple[Criterion, ...] = (
    Criterion(CRITERION_80, lambda f: f.has(CRITERION_80), _l("One of the criteria for the parking card is a permanent invalidity of at least 80 %.")),
    Criterion(CRITERION_LOWER_LIMBS, lambda f: f.has(CRITERION_LOWER_LIMBS), _l("One of the criteria for the parking card is an invalidity of at least 50 % that comes directly from the legs.")),
    Criterion(CRITERION_WAR, lambda f: f.has(CRITERION_WAR), _l("One of the criteria for the parking card is a war invalidity of at least 50 %.")),
    Criterion("arms", lambda f: f.arms_paralysed, _l("One of the criteria for the parking card is that the arms or hands are completely paralysed or amputated.")),
    Criterion("points", lambda f: f.points >= PARKING_POINTS, _l("By your answers, you have about %(points)s points for the six activities. 12 points or more is one of the criteria for the parking card.")),
    # Adults, and children on the children's scale: 2 points for moving around.
    Criterion("moving", lambda f: f.moving_points >= PARKING_MOVING_POINTS, _l("Moving around is very difficult for you. This is one of the criteria for the parking card.")),
)


# -- the rules ---------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    """When ``applies``, the verdict, and why in one sentence.

    ``reason`` is a (lazy) text, formatted with ``Facts.mapping`` when it
    has placeholders. ``apply`` False: nothing to apply for (the parking
    card comes without applying), so the request is not ticked."""

    verdict: Verdict
    applies: Callable[[Facts], bool]
    reason: Any
    apply: bool = True


def always(_facts: Facts) -> bool:
    return True


AGE_RULES: tuple[Rule, ...] = (
    Rule(Verdict.UNLIKELY, lambda f: f.allowance_age is AllowanceAge.TOO_YOUNG, _l("The allowances are for people from %(min)s years old. You can apply from the month you turn %(from)s.")),
    Rule(Verdict.UNLIKELY, lambda f: f.allowance_age is AllowanceAge.TOO_OLD, _l("The allowances can be asked only until the day before the legal pension age. At %(age)s, you have reached it.")),
    Rule(Verdict.POSSIBLE, lambda f: f.allowance_age is AllowanceAge.DEPENDS_ON_BIRTH_YEAR, _l("The allowances can be asked until the day before the legal pension age. At %(age)s, it depends on your date of birth.")),
)

RECOGNITION_RULES: tuple[Rule, ...] = (
    Rule(Verdict.UNLIKELY, lambda f: f.no_difficulty, _l("Your answers show no difficulty in daily life or in moving around. The recognition depends on how much your health limits you.")),
    # No one-year condition is written in the law of 27 February 1987 as far
    # as we know (domain-review.md, F14, [K]); the DG evaluates a lasting
    # limitation. Hence "possible", never "unlikely", for a short one.
    Rule(Verdict.POSSIBLE, lambda f: f.not_lasting, _l("The DG recognises health problems that last. Yours will probably last less than a year.")),
    Rule(Verdict.LIKELY, lambda f: f.points >= INTEGRATION_POINTS or bool(f.parking_criteria), _l("Your answers show great difficulties. The DG's doctor evaluates how much your health limits you.")),
    Rule(Verdict.POSSIBLE, always, _l("Your answers show some difficulties. The DG's doctor evaluates how much your health limits you.")),
)

INCOME_REPLACEMENT_RULES: tuple[Rule, ...] = (
    *AGE_RULES,
    Rule(Verdict.UNLIKELY, lambda f: f.no_difficulty and f.works, _l("This allowance is for people whose health reduces what they can earn to a third or less. You work, and your answers show no difficulty.")),
    Rule(Verdict.POSSIBLE, lambda f: f.not_lasting, _l("The DG evaluates health problems that last. Yours will probably last less than a year.")),
    Rule(Verdict.POSSIBLE, lambda f: f.works, _l("You work. The DG checks whether your health reduces what you can earn to a third or less. The income from your work counts too.")),
    # The income limits depend on the household's category and on many
    # exemptions: the screening does not compute them, it only warns.
    Rule(Verdict.POSSIBLE, lambda f: f.high_income, _l("The income of your household counts. With more than 3,000 euros a month, the allowance may be lower, or nothing.")),
    Rule(Verdict.LIKELY, lambda f: f.points >= INTEGRATION_POINTS or bool(f.parking_criteria), _l("You do not work, and your answers show great difficulties. The DG checks whether your health reduces what you can earn to a third or less.")),
    Rule(Verdict.POSSIBLE, always, _l("The DG checks whether your health reduces what you can earn to a third or less of what others earn.")),
)

INTEGRATION_RULES: tuple[Rule, ...] = (
    *AGE_RULES,
    Rule(Verdict.UNLIKELY, lambda f: f.points < INTEGRATION_POINTS - POINTS_MARGIN, _l("This allowance starts at 7 points for the six activities. By your answers, you have about %(points)s points.")),
    Rule(Verdict.POSSIBLE, lambda f: f.not_lasting, _l("The DG evaluates health problems that last. Yours will probably last less than a year.")),
    Rule(Verdict.POSSIBLE, lambda f: f.high_income, _l("The income of your household counts. With more than 3,000 euros a month, the allowance may be lower, or nothing.")),
    Rule(Verdict.LIKELY, lambda f: f.points >= INTEGRATION_POINTS, _l("This allowance starts at 7 points for the six activities. By your answers, you have about %(points)s points.")),
    Rule(Verdict.POSSIBLE, always, _l("This allowance starts at 7 points for the six activities. By your answers, you have about %(points)s points: close to 7.")),
)


def _first_criterion(facts: Facts) -> Criterion | None:
    return next((c for c in PARKING_CRITERIA if c.met(facts)), None)


PARKING_CARD_RULES: tuple[Rule, ...] = (
    # Since 1 April 2014 the card comes with the mutuality's approval of a
    # wheelchair (not a scooter or a tricycle): no application is needed.
    Rule(Verdict.LIKELY, lambda f: f.has(CRITERION_WHEELCHAIR), _l("Your mutuality approved a wheelchair for you. Then your mutuality's approval usually gives you the parking card without applying. The DG decides."), apply=False),
    Rule(Verdict.LIKELY, lambda f: _first_criterion(f) is not None, lambda f: _first_criterion(f).reason),
    Rule(Verdict.POSSIBLE, lambda f: f.walks_little, _l("You can walk less than 100 metres. The DG's doctor checks whether moving around is difficult enough for the parking card.")),
    Rule(Verdict.POSSIBLE, lambda f: f.points >= PARKING_POINTS - POINTS_MARGIN, _l("By your answers, you have about %(points)s points for the six activities: close to 12, one of the criteria for the parking card.")),
    Rule(Verdict.UNLIKELY, always, _l("Your answers meet none of the criteria for the parking card. For example: moving around is very difficult, or 12 points for the six activities.")),
)


@dataclass(frozen=True)
class Entitlement:
    """One thing the screening answers about, the request it starts, its rules."""

    key: str
    title: Any
    request: str
    rules: tuple[Rule, ...]


ENTITLEMENTS: tuple[Entitlement, ...] = (
    Entitlement("recognition", _l("Recognition of your disability"), REQUEST_RECOGNITION, RECOGNITION_RULES),
    Entitlement("income_replacement", _l("The income replacement allowance"), REQUEST_ALLOWANCES, INCOME_REPLACEMENT_RULES),
    Entitlement("integration", _l("The integration allowance"), REQUEST_ALLOWANCES, INTEGRATION_RULES),
    Entitlement("parking_card", _l("A parking card for people with disabilities"), REQUEST_PARKING_CARD, PARKING_CARD_RULES),
)


@dataclass(frozen=True)
class Outcome:
    entitlement: Entitlement
    verdict: Verdict
    reason: str
    apply: bool
    # More to know (the help that exists past the pension age), or None.
    note: str | None = None


def _text(reason: Any, facts: Facts) -> str:
    if callable(reason) and not isinstance(reason, LazyString):
        reason = reason(facts)
    text = str(reason)
    return text % facts.mapping() if "%(" in text else text


def _note(entitlement: Entitlement, facts: Facts) -> str | None:
    if entitlement.request != REQUEST_ALLOWANCES:
        return None
    if facts.allowance_age is AllowanceAge.TOO_OLD:
        return help_for_older_people(SimpleNamespace(allowances_too_old=True))
    if facts.allowance_age is AllowanceAge.APPLY_EARLY:
        return _("You can apply now. The allowance can start at %(min)s years old at the earliest.", min=facts.mapping()["min"])
    if facts.has_partner:
        return _("The income of the person you live with counts too.")
    return None


def assess(answers: dict, today: date | None = None) -> list[Outcome]:
    """The verdict of each entitlement for these (cleaned) answers."""
    facts = Facts(answers, today or date.today())
    outcomes = []
    for entitlement in ENTITLEMENTS:
        rule = next(r for r in entitlement.rules if r.applies(facts))
        outcomes.append(Outcome(entitlement, rule.verdict, _text(rule.reason, facts), rule.apply, _note(entitlement, facts)))
    return outcomes


def suggested_requests(outcomes: list[Outcome]) -> list[str]:
    """The requests ticked on the result page: what is likely or possible
    (and asked for: a card that comes without applying is not)."""
    return list(dict.fromkeys(
        o.entitlement.request for o in outcomes if o.verdict is not Verdict.UNLIKELY and o.apply
    ))


# What to have at hand for the requests shown as likely or possible: the
# start page's own list, in the same words, and what these answers add.
AT_HAND: tuple[tuple[Callable[[set, dict], bool], Any], ...] = (
    (lambda requests, answers: True, _l("Your identity card (eID): your national register number is on the back")),
    (lambda requests, answers: True, _l("The name and address of your treating doctor, and their RIZIV/INAMI number if you know it")),
    (lambda requests, answers: True, _l("Your medical reports, if you have them")),
    (lambda requests, answers: REQUEST_ALLOWANCES in requests, _l("For the allowances: your bank account number and your latest income tax assessment")),
    (
        lambda requests, answers: REQUEST_ALLOWANCES in requests and answers["household_situation"] in HOUSEHOLD_WITH_A_PARTNER,
        _l("For the allowances: the national register number of the person you live with"),
    ),
    (
        lambda requests, answers: REQUEST_PARKING_CARD in requests and bool({CRITERION_80, CRITERION_LOWER_LIMBS, CRITERION_WAR} & set(answers["recognised"])),
        _l("For the parking card: the decision that recognised your invalidity"),
    ),
)


def at_hand(requests: set, answers: dict) -> list[str]:
    return [str(text) for applies, text in AT_HAND if applies(requests, answers)]


def is_a_child(answers: dict) -> bool:
    return answers["age"] < MAJORITY_AGE


# -- into a new draft ----------------------------------------------------------
# What a decision ticked here already answers in the application (its
# question, the option that says so): a decision of another body (Fedris,
# the mutuality, the service for war victims) is what "other_recognition"
# asks about, and the wheelchair is the application's own
# "wheelchair_approval". "None of these" answers nothing.
DECISION_ANSWERS = {
    CRITERION_80: ("other_recognition", "yes"),
    CRITERION_LOWER_LIMBS: ("other_recognition", "yes"),
    CRITERION_WAR: ("other_recognition", "yes"),
    CRITERION_WHEELCHAIR: ("wheelchair_approval", "yes"),
}
for _question, _value in DECISION_ANSWERS.values():
    assert _value in {option.value for option in ENGINE.questions[_question].options}, _question


def prefill(answers: dict, requests: list[str]) -> tuple[dict, set[str]]:
    """The draft's first answers and the steps they complete.

    Only the answers of questions the application asks for these requests
    (household and work for the allowances, walking and arms for the
    parking card), and a step counts as done only when everything it
    requires is answered and its own check passes: the person never answers
    the same question twice, and never skips one the screening did not ask.
    """
    draft = {"requests": list(requests)}
    shared = {key: answers[key] for key in SHARED_KEYS if answers.get(key) is not None}
    decided = dict(DECISION_ANSWERS[c] for c in answers.get("recognised") or [] if c in DECISION_ANSWERS)
    visible = Answers({**draft, **shared, **decided})
    parts = ENGINE.visible_parts(visible)
    steps = [step for part in parts for step in part.visible_steps(visible)]
    asked = {q.key for step in steps for q in step.questions}
    draft.update({key: value for key, value in shared.items() if key in asked})
    # A decision's answer is kept when its part is asked for these requests,
    # even if its step waits for an answer the screening does not ask (the
    # wheelchair's, for a wheelchair among the aids): it is then shown
    # already given; a step never shown is never sent (visible_answers).
    in_parts = {q.key for part in parts for step in part.steps for q in step.questions}
    draft.update({key: value for key, value in decided.items() if key in in_parts})
    filled = Answers(draft)
    completed = {
        step.key
        for step in steps
        if step.questions
        and any(q.key in draft for q in step.questions)
        and all(q.answered(filled.get(q.key)) for q in step.questions if q.is_required(filled))
        and not (step.check and step.check(filled))
    }
    return draft, completed
