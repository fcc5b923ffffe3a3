"""One mechanism words questions, options, steps and parts for whoever fills in."""
from __future__ import annotations

from flask_babel import force_locale

from webform.answers import Answers
from webform.question_kinds import ChoiceQuestion, Option, TextQuestion
from webform.questions import ENGINE
from webform.structure import Part, Step
from webform.wording import ForSomeoneElse, said, worded

OWN = Answers({"helper_kind": "none"})
SOMEONE_ELSE = Answers({"helper_kind": "legal", "helper_name": "Jean", "first_name": "Marie"})

NAME = TextQuestion(
    key="name", label="Your name", required_message="Enter your name",
    for_someone_else=ForSomeoneElse(label="Their name", required_message="Enter their name"),
)


def test_someone_else_gets_the_second_wording_and_the_person_their_own():
    assert NAME.in_words_for(OWN) is NAME
    assert NAME.in_words_for(Answers({})) is NAME, "not said yet: the person's own words"
    theirs = NAME.in_words_for(SOMEONE_ELSE)
    assert (theirs.label, theirs.missing_message, theirs.key) == ("Their name", "Enter their name", "name")


def test_a_wording_is_optional_and_may_read_the_answers():
    plain = TextQuestion(key="plain", label="Street")
    assert plain.in_words_for(SOMEONE_ELSE) is plain
    choice = ChoiceQuestion(key="c", label="Who?", options=(
        Option("a", "me", for_someone_else=ForSomeoneElse(label=lambda a: f"{a.get('first_name')}")),
        Option("b", "B"),
    ))
    assert [o.label for o in choice.in_words_for(SOMEONE_ELSE).options] == ["Marie", "B"]
    step = Step(key="s", title="Your page", questions=(NAME,), intro=("yours",),
                for_someone_else=ForSomeoneElse(title="Their page", intro=(lambda a: f"for {a.get('first_name')}",)))
    shown = step.in_words_for(SOMEONE_ELSE)
    assert (shown.heading, shown.intro_for(SOMEONE_ELSE), shown.questions[0].label) == ("Their page", ["for Marie"], "Their name")
    part = Part(key="p", title="About you", description="d", pictogram="x.svg", steps=(step,),
                for_someone_else=ForSomeoneElse(title="About them"))
    assert part.in_words_for(SOMEONE_ELSE).title == "About them" and worded(part, OWN) is part
    assert said(SOMEONE_ELSE, lambda: "you", lambda: "them") == "them"
    assert said(OWN, lambda: "you", lambda: "them") == "you"


def test_the_engine_navigates_with_the_questionnaires_own_steps(app):
    """A worded copy is for showing only: the engine still finds its steps."""
    with app.test_request_context(), force_locale("fr"):
        part, step = ENGINE.find("identity")
        assert step.in_words_for(SOMEONE_ELSE) != step
        assert ENGINE.locate("identity", SOMEONE_ELSE).step is step
