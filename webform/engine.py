"""The generic engine: from the declarative questionnaire to forms, statuses and
navigation.

Nothing here knows a particular question. Views ask the engine which steps are
visible, build the step's form, validate it (field rules, then required-ness
that may depend on other answers, then the step's cross-question check), save
it, and compute each part's status for the task list.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from .answers import Answers
from .question_kinds import AnswerError
from .structure import CompletenessRule, Part, Step


class Status(enum.Enum):
    CANNOT_START = "cannot_start"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    # The sending part of a draft with nothing missing: never "completed"
    # before the application is actually sent.
    READY = "ready"


@dataclass(frozen=True)
class MissingItem:
    """One thing that stops the application from being sent, and where to fix it."""

    message: str
    step: Step
    anchor: str
    # Set when the fix is not on the step itself (e.g. the files page).
    endpoint: str | None = None


@dataclass(frozen=True)
class AnswerLine:
    """One answer as a person reads it, with the step that changes it."""

    question: Any
    text: str
    step: Step


@dataclass(frozen=True)
class Location:
    """Where a step stands: its part, the part's number among visible parts."""

    part: Part
    step: Step
    part_number: int
    part_count: int
    step_number: int
    step_count: int


class StepForm(FlaskForm):
    """Base of the forms built for each step (CSRF included by Flask-WTF)."""


class Engine:
    def __init__(self, parts: tuple[Part, ...], rules: tuple[CompletenessRule, ...] = ()):
        self.parts = parts
        self.rules = rules
        self._steps: dict[str, tuple[Part, Step]] = {}
        self._form_classes: dict[str, type[StepForm]] = {}
        for part in parts:
            for step in part.steps:
                if step.key in self._steps:
                    raise ValueError(f"step key used twice: {step.key}")
                self._steps[step.key] = (part, step)
        keys = [q.key for part in parts for step in part.steps for q in step.questions]
        duplicates = {k for k in keys if keys.count(k) > 1}
        if duplicates:
            raise ValueError(f"question keys used twice: {sorted(duplicates)}")
        self.questions = {q.key: q for part in parts for step in part.steps for q in step.questions}
        unknown = [rule.step for rule in rules if rule.step not in self._steps]
        if unknown:
            raise ValueError(f"rules point to unknown steps: {unknown}")

    # -- visibility and navigation ---------------------------------------
    def visible_parts(self, answers: Answers) -> list[Part]:
        return [part for part in self.parts if part.condition(answers)]

    def find(self, step_key: str) -> tuple[Part, Step] | None:
        return self._steps.get(step_key)

    def locate(self, step_key: str, answers: Answers) -> Location | None:
        """The step's place, or None when it does not exist or is not shown."""
        found = self.find(step_key)
        if found is None:
            return None
        part, step = found
        parts = self.visible_parts(answers)
        if part not in parts:
            return None
        steps = part.visible_steps(answers)
        if step not in steps:
            return None
        return Location(part, step, parts.index(part) + 1, len(parts), steps.index(step) + 1, len(steps))

    def next_step(self, step_key: str, answers: Answers) -> Step | None:
        """The next visible step of the same part, or None at the part's end."""
        part, step = self._steps[step_key]
        steps = part.visible_steps(answers)
        later = [s for s in part.steps[part.steps.index(step) + 1:] if s in steps]
        return later[0] if later else None

    def previous_step(self, step_key: str, answers: Answers) -> Step | None:
        part, step = self._steps[step_key]
        steps = part.visible_steps(answers)
        earlier = [s for s in part.steps[: part.steps.index(step)] if s in steps]
        return earlier[-1] if earlier else None

    def first_open_step(self, part: Part, answers: Answers, completed: set[str]) -> Step:
        """Where to send someone who opens a part: its first unfinished step."""
        steps = part.visible_steps(answers)
        return next((s for s in steps if not self.step_complete(s, answers, completed)), steps[0])

    @staticmethod
    def step_complete(step: Step, answers: Answers, completed: set[str]) -> bool:
        """Saved valid once, and still holding every answer it requires.

        A later change can empty an answer of an already saved step (dropping
        the allowances may leave no request at all); such a step is open again.
        """
        return step.key in completed and all(
            q.answered(answers.get(q.key)) for q in step.questions if q.is_required(answers)
        )

    def part_complete(self, part: Part, answers: Answers, completed: set[str]) -> bool:
        return all(self.step_complete(s, answers, completed) for s in part.visible_steps(answers))

    # -- statuses --------------------------------------------------------
    def part_status(self, part: Part, answers: Answers, completed: set[str]) -> Status:
        """The part's status on the task list.

        A part whose completeness rule is broken (two answers that contradict
        each other) is in progress however complete its steps; the sending part is "ready"
        when nothing is missing, since only sending completes it.
        """
        if not self.can_start(part, answers, completed):
            return Status.CANNOT_START
        steps = part.visible_steps(answers)
        if any(step.submits for step in part.steps):
            if not self.missing_items(answers, completed):
                return Status.READY
        elif self.part_complete(part, answers, completed) and not self.broken_rules(part, answers):
            return Status.COMPLETED
        touched = any(step.key in completed for step in steps) or any(
            q.key in answers for step in steps for q in step.questions
        )
        return Status.IN_PROGRESS if touched else Status.NOT_STARTED

    def broken_rules(self, part: Part, answers: Answers) -> list[CompletenessRule]:
        """The completeness rules fixed in this part that the answers break
        (a document still to send leaves its part completed)."""
        keys = {step.key for step in part.visible_steps(answers)}
        return [rule for rule in self.rules if rule.step in keys and not rule.document and rule.broken(answers)]

    def can_start(self, part: Part, answers: Answers, completed: set[str]) -> bool:
        visible = self.visible_parts(answers)
        required = [p for p in visible if p is not part] if "*" in part.requires else [
            p for p in visible if p.key in part.requires
        ]
        return all(self.part_complete(p, answers, completed) for p in required)

    # -- completeness and summaries ----------------------------------------
    def submit_step(self) -> Step:
        return next(step for part in self.parts for step in part.steps if step.submits)

    def summary_parts(self, answers: Answers) -> list[Part]:
        """The visible parts whose answers are summarised (all but the sending one)."""
        sending = self.submit_step()
        return [part for part in self.visible_parts(answers) if sending not in part.steps]

    def first_incomplete_step(self, answers: Answers, completed: set[str]) -> Step | None:
        """The first unfinished step anywhere in the form (sending left out).

        A change made from the check page can open steps in other parts (the
        allowances add household, income and payment): they are asked in the
        form's order before the check page is shown again.
        """
        for part in self.summary_parts(answers):
            if not self.can_start(part, answers, completed):
                continue
            for step in part.visible_steps(answers):
                if not self.step_complete(step, answers, completed):
                    return step
        return None

    def missing_items(self, answers: Answers, completed: set[str]) -> list[MissingItem]:
        """Everything still missing before sending, in the order of the form.

        A required answer that is empty is listed with its own message; a step
        never confirmed (a page of optional questions, a notice) is listed by
        its heading; then the completeness rules of the questionnaire, but
        for documents, which may follow (see documents_to_send). All in the
        words of whoever fills in (wording.py).
        """
        items: list[MissingItem] = []
        for part in self.summary_parts(answers):
            for step in part.visible_steps(answers):
                if self.step_complete(step, answers, completed):
                    continue
                empty = [
                    q for q in step.questions
                    if q.is_required(answers) and not q.answered(answers.get(q.key))
                ]
                if empty:
                    items += [MissingItem(str(q.in_words_for(answers).missing_message), step, q.anchor) for q in empty]
                else:
                    message = _(
                        "Confirm the page “%(page)s” in the part “%(part)s”",
                        page=step.in_words_for(answers).heading, part=part.in_words_for(answers).title,
                    )
                    items.append(MissingItem(message, step, "main-content"))
        for rule in self.rules:
            if not rule.document and rule.broken(answers):
                part, step = self._steps[rule.step]
                anchor = step.questions[0].anchor if step.questions else "main-content"
                items.append(MissingItem(str(rule.message), step, anchor, rule.endpoint))
        return items

    def documents_expected(self, answers: Answers) -> list[CompletenessRule]:
        """The documents these answers ask for, attached or not."""
        return [rule for rule in self.rules if rule.document and rule.expected(answers)]

    def documents_to_send(self, answers: Answers) -> list[CompletenessRule]:
        """The documents asked for and not attached: to send later, never
        a reason to hold the application back."""
        return [rule for rule in self.rules if rule.document and rule.broken(answers)]

    def answer_lines(self, part: Part, answers: Answers) -> list[AnswerLine]:
        """A part's answers, question by question, as the applicant gave them
        (the questions in the words of whoever fills in)."""
        lines = []
        for step in part.visible_steps(answers):
            # In the words the applicant was asked (a child's options), all
            # options kept: an answer no longer offered is still shown.
            asked = [q.in_words_for(answers) for q in step.questions]
            lines += [
                AnswerLine(q, q.display(answers.get(q.key)) if q.key in answers else "", step)
                for q in asked
            ]
            lines += [
                AnswerLine(self.questions[key].in_words_for(answers), self.questions[key].display(value), step)
                for key, value in self.implied(step, answers).items()
            ]
        return lines

    @staticmethod
    def implied(step: Step, answers: Answers) -> dict[str, Any]:
        """What the step's answers imply for questions it skips (see Step.implies)."""
        return step.implies(answers) if step.implies else {}

    # -- forms -----------------------------------------------------------
    def form_class(self, step: Step) -> type[StepForm]:
        """The step's form class: made once for each step of the
        questionnaire, and kept (a class built with ``type()`` on every
        request cost more than filling the form in).

        Nothing in it depends on the request: the fields' labels are lazy
        strings, translated when shown (in the page's language), and the
        pages show each question in the words of whoever fills in from the
        question itself (``Question.in_words_for``), never from the field.
        Steps built elsewhere (a staff page's, made per request) are not
        kept: the cache holds this questionnaire's steps only.
        """
        made = self._form_classes.get(step.key)
        if made is not None and self._steps[step.key][1] is step:
            return made
        fields = {q.key: q.make_field() for q in step.questions}
        made = type(f"{step.key.title().replace('_', '')}Form", (StepForm,), fields)
        if self._steps.get(step.key, (None, None))[1] is step:
            self._form_classes[step.key] = made
        return made

    def build_form(self, step: Step, stored: dict, formdata: MultiDict | None) -> StepForm:
        """A step's form, filled from what was posted, else from what is stored.

        Never both: WTForms keeps the stored value of a field missing from the
        post (an unticked radio group), which would hide a missing answer.
        """
        if formdata is not None:
            return self.form_class(step)(formdata=formdata)
        data = {q.key: q.to_form(stored.get(q.key)) for q in step.questions if q.key in stored}
        return self.form_class(step)(formdata=None, data=data)

    def validate(self, step: Step, form: StepForm, answers: Answers) -> dict[str, Any] | None:
        """Check the posted step; return the cleaned answers, or None with errors set.

        Required-ness, and the options offered, are decided with the step's own
        raw input overlaid on the stored answers, so a question can depend on
        another on the same page.
        """
        form.validate()  # CSRF; the fields have no WTForms validators of their own
        cleaned = self.check_input(step, form, answers)
        if form.errors:
            return None
        return cleaned

    def check_input(self, step: Step, form: StepForm, answers: Answers) -> dict[str, Any]:
        """Set on the form the errors "Continue" gives for its input (each
        field's, then the step's cross-question check); return what passed.

        Also used on input kept from a page left with its errors shown (a
        language button, "Save and continue later"): shown again, in the
        language of the moment, with the same errors.
        """
        cleaned = self._clean_fields(step, form, answers)
        if not any(form[q.key].errors for q in step.questions) and step.check:
            for key, message in step.check(answers.overlay(cleaned)).items():
                form[key].errors = [str(message)]
        return cleaned

    def valid_part(self, step: Step, form: StepForm, answers: Answers) -> dict[str, Any]:
        """The answers of a posted step that pass their checks, whatever the others.

        "Save and continue later", a step's link button and the language
        buttons save these even when the page as a whole cannot be, so that
        the check page says what the screen showed; the wrong input is kept
        apart (pending input) to be shown again with its message. An answer
        the step's cross-question check refuses is left out too.
        """
        form.validate()
        cleaned = self._clean_fields(step, form, answers)
        refused = step.check(answers.overlay(cleaned)) if step.check else {}
        return {k: v for k, v in cleaned.items() if k not in refused}

    @staticmethod
    def _raw_input(step: Step, form: StepForm) -> dict[str, Any]:
        """The step's raw input, tidied by the step's own rule (a house number
        autofilled into the street line); the form shows the tidied input."""
        raw = {q.key: form[q.key].data for q in step.questions}
        if step.tidy is None:
            return raw
        tidied = step.tidy(raw)
        for key, value in tidied.items():
            form[key].data = value
        return tidied

    def _clean_fields(self, step: Step, form: StepForm, answers: Answers) -> dict[str, Any]:
        """Each question's cleaned answer (None when left empty); a question
        whose input fails gets its error on its field and no answer."""
        raw = self._raw_input(step, form)
        context = answers.overlay({q.key: raw[q.key] for q in step.questions if not q.is_empty(raw[q.key])})
        cleaned: dict[str, Any] = {}
        for question in step.questions:
            field = form[question.key]
            value = raw[question.key]
            if question.is_empty(value):
                if question.is_required(context):
                    field.errors = [str(question.in_words_for(context).missing_message)]
                else:
                    cleaned[question.key] = None
                continue
            try:
                cleaned[question.key] = question.for_answers(context).clean(value)
            except AnswerError as error:
                field.errors = [str(error)]
        return cleaned

    @staticmethod
    def merge(stored: dict, step: Step, cleaned: dict[str, Any], confirmed: bool = True) -> dict:
        """Stored answers with this step's answers replaced; empty answers removed.

        The step's on_save runs only for a confirmed step (Continue), not for
        the part of a page saved by "Save and continue later" or a language button.
        """
        merged = {k: v for k, v in stored.items() if k not in cleaned}
        merged.update({k: v for k, v in cleaned.items() if v is not None})
        return step.on_save(merged) if step.on_save and confirmed else merged

    def visible_answers(self, answers: Answers) -> dict:
        """Only the answers to questions still shown (a changed branch drops the
        rest), with what the shown steps imply for the ones they skip."""
        steps = [step for part in self.visible_parts(answers) for step in part.visible_steps(answers)]
        keys = {q.key for step in steps for q in step.questions}
        kept = {k: v for k, v in answers.as_dict().items() if k in keys}
        for step in steps:
            kept.update(self.implied(step, answers))
        return kept

