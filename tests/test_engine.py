"""The engine on a tiny questionnaire of its own: branching and statuses do not
depend on the real content."""
from __future__ import annotations

import pytest

from webform.answers import Answers
from webform.engine import Engine, Status
from webform.question_kinds import ChoiceQuestion, Option, TextQuestion
from webform.structure import Part, Step

from .helpers import translate

YES_NO = (Option("yes", "Yes"), Option("no", "No"))


def tiny() -> Engine:
    first = Part(key="first", title="First", description="", pictogram="a.svg", steps=(
        Step(key="pets", questions=(ChoiceQuestion(key="pets", label="Pets?", options=YES_NO),)),
        Step(key="pet_name", condition=lambda a: a.get("pets") == "yes",
             questions=(TextQuestion(key="pet_name", label="Name"),)),
    ))
    last = Part(key="last", title="Last", description="", pictogram="b.svg", requires=("*",), steps=(
        Step(key="sign", questions=(TextQuestion(key="sign", label="Sign"),)),
    ))
    return Engine((first, last))


def test_conditional_step_and_navigation():
    engine = tiny()
    assert engine.next_step("pets", Answers({"pets": "no"})) is None
    assert engine.next_step("pets", Answers({"pets": "yes"})).key == "pet_name"
    assert engine.locate("pet_name", Answers({"pets": "no"})) is None
    where = engine.locate("pet_name", Answers({"pets": "yes"}))
    assert (where.part_number, where.part_count, where.step_number, where.step_count) == (1, 2, 2, 2)


def test_statuses_follow_answers_and_requirements():
    engine = tiny()
    first, last = engine.parts
    empty = Answers({})
    assert engine.part_status(first, empty, set()) is Status.NOT_STARTED
    assert engine.part_status(last, empty, set()) is Status.CANNOT_START
    answers = Answers({"pets": "yes"})
    assert engine.part_status(first, answers, {"pets"}) is Status.IN_PROGRESS
    answers = Answers({"pets": "yes", "pet_name": "Rex"})
    assert engine.part_status(first, answers, {"pets", "pet_name"}) is Status.COMPLETED
    assert engine.part_status(last, answers, {"pets", "pet_name"}) is Status.NOT_STARTED
    # A required answer emptied later reopens the step.
    assert engine.part_status(first, Answers({"pets": "yes"}), {"pets", "pet_name"}) is Status.IN_PROGRESS


def test_visible_answers_drop_abandoned_branches():
    engine = tiny()
    assert engine.visible_answers(Answers({"pets": "no", "pet_name": "Rex"})) == {"pets": "no"}


def test_keys_must_be_unique():
    step = Step(key="s", questions=(TextQuestion(key="q", label="Q"),))
    with pytest.raises(ValueError):
        Engine((Part(key="p", title="P", description="", pictogram="p.svg", steps=(step, step)),))
    other = Step(key="t", questions=(TextQuestion(key="q", label="Q"),))
    with pytest.raises(ValueError):
        Engine((Part(key="p", title="P", description="", pictogram="p.svg", steps=(step, other)),))


def test_rules_and_sending_in_statuses():
    """A broken completeness rule keeps its part in progress; the sending part
    is "ready", never "completed", while the application is a draft."""
    from webform.structure import CompletenessRule

    first = Part(key="first", title="First", description="", pictogram="a.svg", steps=(
        Step(key="pets", questions=(ChoiceQuestion(key="pets", label="Pets?", options=YES_NO),)),
    ))
    sending = Part(key="sending", title="Send", description="", pictogram="b.svg", requires=("*",), steps=(
        Step(key="sign", submits=True, questions=(TextQuestion(key="sign", label="Sign"),)),
    ))
    rule = CompletenessRule(key="photo", broken=lambda a: a.get("pets") == "yes" and not a.attached("photo"),
                            message="Attach a photo of your pet", step="pets", endpoint="files.index")
    engine = Engine((first, sending), (rule,))
    done = {"pets"}
    answers = Answers({"pets": "yes"})
    assert engine.part_status(first, answers, done) is Status.IN_PROGRESS
    assert [(i.message, i.endpoint) for i in engine.missing_items(answers, done)] == [("Attach a photo of your pet", "files.index")]
    assert engine.part_status(sending, answers, done) is Status.NOT_STARTED
    assert engine.part_status(sending, answers, done | {"sign"}) is Status.IN_PROGRESS
    answers = Answers({"pets": "yes"}, attachment_kinds=["photo"])
    assert engine.part_status(first, answers, done) is Status.COMPLETED
    assert engine.part_status(sending, answers, done) is Status.READY
    # The attachments survive an overlay (a step being validated).
    assert answers.overlay({"pets": "yes"}).attached("photo")


def test_a_missing_document_never_blocks_sending():
    """A document rule is listed to send later; it neither keeps its part in
    progress nor stops sending, unlike a contradiction between answers."""
    from webform.structure import CompletenessRule

    first = Part(key="first", title="First", description="", pictogram="a.svg", steps=(
        Step(key="pets", questions=(ChoiceQuestion(key="pets", label="Pets?", options=YES_NO),)),
    ))
    sending = Part(key="sending", title="Send", description="", pictogram="b.svg", requires=("*",), steps=(
        Step(key="sign", submits=True, questions=(TextQuestion(key="sign", label="Sign"),)),
    ))
    photo = CompletenessRule(
        key="photo", message="A photo of your pet", step="pets", endpoint="files.index", document=True,
        expected=lambda a: a.get("pets") == "yes", file_kind="photo",
        broken=lambda a: a.get("pets") == "yes" and not a.attached("photo"),
    )
    engine = Engine((first, sending), (photo,))
    done = {"pets"}
    answers = Answers({"pets": "yes"})
    assert engine.missing_items(answers, done) == []
    assert engine.documents_to_send(answers) == engine.documents_expected(answers) == [photo]
    assert engine.part_status(first, answers, done) is Status.COMPLETED
    assert engine.part_status(sending, answers, done) is Status.READY
    attached = Answers({"pets": "yes"}, attachment_kinds=["photo"])
    assert engine.documents_to_send(attached) == [] and engine.documents_expected(attached) == [photo]
    assert engine.documents_expected(Answers({"pets": "no"})) == []


def test_intro_paragraphs_may_depend_on_the_answers():
    step = Step(key="s", intro=("Always", lambda a: f"For {a.get('name')}" if a.get("name") else None))
    assert step.intro_for(Answers({"name": "Marie"})) == ["Always", "For Marie"]
    assert step.intro_for(Answers({})) == ["Always"]


def test_answer_lines_use_the_words_the_applicant_was_asked():
    """The check page and the PDF show a child's options, as the step did."""
    question = ChoiceQuestion(
        key="q", label="Adult", options=(Option("a", "Adult answer"),),
        variant=lambda a: {"label": "Child", "options": (Option("a", "Child answer"),)} if a.get("child") else {},
    )
    part = Part(key="p", title="P", description="", pictogram="p.svg", steps=(Step(key="s", questions=(question,)),))
    engine = Engine((part,))
    (line,) = engine.answer_lines(part, Answers({"q": "a", "child": True}))
    assert (str(line.question.label), line.text) == ("Child", "Child answer")
    (line,) = engine.answer_lines(part, Answers({"q": "a"}))
    assert (str(line.question.label), line.text) == ("Adult", "Adult answer")


def test_a_stored_choice_that_is_no_longer_an_option_is_asked_again(app):
    """A draft saved before the household's "other people" was split into family
    and non-family holds "others": the step is open again and listed as missing."""
    from webform.questions import ENGINE

    answers = Answers({"requests": ["allowances"], "household_situation": "others"})
    (_part, step) = ENGINE.find("household")
    assert not ENGINE.step_complete(step, answers, {"household"})
    with app.test_request_context():
        missing = [item.message for item in ENGINE.missing_items(answers, {"household"}) if item.step is step]
    assert missing == [translate("Select who you live with", "fr")]
    answers = Answers({"requests": ["allowances"], "household_situation": "family"})
    assert ENGINE.step_complete(step, answers, {"household"})
