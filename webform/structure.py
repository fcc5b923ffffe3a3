"""The building blocks of a questionnaire: parts made of steps made of questions.

A step is one page. Conditions are plain callables on :class:`Answers`, so the
branching of the whole form can be read in ``questions.py`` in one go.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

from .answers import Answers
from .question_kinds import Question
from .wording import ForSomeoneElse, worded

Text = Any
Condition = Callable[[Answers], bool]


def always(_answers: Answers) -> bool:
    return True


@dataclass(frozen=True, kw_only=True)
class Step:
    key: str
    # None: the step has one question and that question is the page's heading.
    title: Text | None = None
    questions: tuple[Question, ...] = ()
    # Paragraphs shown under the heading (explanations, what to have at hand);
    # a callable on Answers gives a paragraph that depends on them (or None).
    intro: tuple[Text | Callable[[Answers], Text | None], ...] = ()
    condition: Condition = always
    # Cross-question rules: returns {question key: message} for what is wrong.
    check: Callable[[Answers], dict[str, str]] | None = None
    # Adjusts the whole answer set once the step is saved (e.g. drop a request).
    on_save: Callable[[dict], dict] | None = None
    # Rewrites the raw input before it is checked, {question key: raw value}
    # to the same (a house number autofilled into the street line).
    tidy: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    # Answers this step gives to questions of steps it skips, read from the
    # other answers whenever they are read (the helper's address is the
    # applicant's when they live together): shown on the check page and in
    # the PDF under this step, and sent and exported, never stale.
    implies: Callable[[Answers], dict[str, Any]] | None = None
    continue_label: Text | None = None
    # Saving this step sends the application (when every part is complete).
    submits: bool = False
    # Links shown under the intro: (endpoint, label), e.g. to attach files.
    links: tuple[tuple[str, Text], ...] = ()
    # Title or intro when someone else fills in the form (see wording.py).
    for_someone_else: ForSomeoneElse | None = None

    def in_words_for(self, answers: Answers) -> "Step":
        """The step, and its questions, in the words of whoever fills in: to
        show it (its heading may be its question's label), never to navigate."""
        step = worded(self, answers)
        return replace(step, questions=tuple(q.in_words_for(answers) for q in step.questions))

    def intro_for(self, answers: Answers) -> list[Text]:
        """The intro's paragraphs for this applicant (e.g. the month from which they may apply)."""
        paragraphs = [p(answers) if callable(p) else p for p in self.intro]
        return [p for p in paragraphs if p]

    @property
    def heading(self) -> Text:
        return self.title if self.title is not None else self.questions[0].label

    @property
    def question_is_heading(self) -> bool:
        return self.title is None and len(self.questions) == 1


@dataclass(frozen=True, kw_only=True)
class Part:
    key: str
    title: Text
    # What the part is about, shown on the task list.
    description: Text
    # File name in static/pictograms/; the picture is decorative (the title
    # next to it carries the meaning), so it has an empty text alternative.
    pictogram: str
    steps: tuple[Step, ...]
    condition: Condition = always
    # Keys of parts that must be completed before this one can start;
    # "*" means every other visible part.
    requires: tuple[str, ...] = ()
    # Title and description when someone else fills in (see wording.py).
    for_someone_else: ForSomeoneElse | None = None

    def in_words_for(self, answers: Answers) -> "Part":
        return worded(self, answers)

    def visible_steps(self, answers: Answers) -> list[Step]:
        return [step for step in self.steps if step.condition(answers)]


@dataclass(frozen=True, kw_only=True)
class CompletenessRule:
    """Something a processing officer needs beyond the required answers.

    ``broken`` says when the application lacks it; ``step`` is where the
    applicant fixes it. A contradiction between answers stops the
    application before it is sent. A document does not: it may follow by
    post, and waiting for it would cost the applicant money (the allowances
    start the month after sending), so it is listed as a document to send
    later instead.
    """

    key: str
    broken: Condition
    message: Text
    step: str
    # Where the missing item links, when the fix is not a step's question
    # (an endpoint without arguments, e.g. the files page).
    endpoint: str | None = None
    # A document rule: ``message`` names the document, which never blocks
    # sending; ``expected`` says when it is asked for at all, attached or
    # not, and ``file_kind`` which kind of attached file provides it.
    document: bool = False
    expected: Condition | None = None
    file_kind: str | None = None
