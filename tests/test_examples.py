"""Every example the form gives for a checked answer passes that very check.

A phone number, a national register number, an account number, a postcode,
an e-mail address, a date or an amount shown as an example, in a question's
hint, its example line or one of its messages, in fr, nl or de: a person who
types it as shown must not be refused by the form itself, or they loop.
"""
from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from webform.question_kinds import (
    AmountQuestion,
    AnswerError,
    DateQuestion,
    EmailQuestion,
    IbanQuestion,
    NationalNumberQuestion,
    PhoneQuestion,
    PostcodeQuestion,
)
from webform.questions import ENGINE

LANGUAGES = ("fr", "nl", "de")
SPACE = "[ \u00a0\u202f]"

# What an example of each kind looks like inside a sentence.
PATTERNS = {
    PhoneQuestion: rf"\+?\d(?:\d|{SPACE}(?=\d)){{7,}}",
    NationalNumberQuestion: r"\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}",
    IbanQuestion: rf"\b[A-Z]{{2}}\d{{2}}(?:{SPACE}?[A-Z0-9]{{4}}){{2,}}(?:{SPACE}?[A-Z0-9]{{1,3}})?\b",
    PostcodeQuestion: r"\b\d{4}\b",
    EmailQuestion: r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    AmountQuestion: r"\b\d[\d.,]*\d\b|\b\d\b",
}
# Dates are typed in three boxes: "27 3 1985", or "3 … 2019" for a month.
FULL_DATE = re.compile(rf"\b(\d{{1,2}}){SPACE}(\d{{1,2}}){SPACE}(\d{{4}})\b")
MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}){SPACE}(?:\S+{SPACE})?(\d{{4}})\b")

# Wrong input of every shape, to make each check say its messages.
WRONG_TEXT = ("x", "1", "123", "12345678901", "US12 3456 7890", "BE00 0000 0000 0000", "99999999999", "-5", "1.2.3")
WRONG_DATES = (
    {"day": "x", "month": "", "year": ""},
    {"day": "1", "month": "1", "year": "85"},
    {"day": "", "month": "", "year": "1985"},
)
CHECKED_KINDS = (*PATTERNS, DateQuestion)


def checked_questions():
    return [q for q in ENGINE.questions.values() if isinstance(q, CHECKED_KINDS)]


def texts_of(question) -> list[str]:
    """Everything the person reads about the question, its messages included."""
    texts = [question.label, *question.hint_paragraphs, question.example, question.required_message]
    wrong = WRONG_DATES if isinstance(question, DateQuestion) else WRONG_TEXT
    for raw in wrong:
        try:
            question.clean(raw)
        except AnswerError as error:
            texts.append(str(error))
    return list(dict.fromkeys(str(text) for text in texts if text))


def examples_in(question, text: str) -> list:
    """The examples of the question's kind found in a text, as they would be typed."""
    if not isinstance(question, DateQuestion):
        return re.findall(PATTERNS[type(question)], text)
    found = [{"day": d, "month": m, "year": y} for d, m, y in FULL_DATE.findall(text)]
    if question.day_optional and not found:
        found = [{"day": "", "month": m, "year": y} for m, y in MONTH_YEAR.findall(text)]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_passes_its_own_check(app, language):
    refused, seen = [], 0
    with app.test_request_context(), force_locale(language):
        for question in checked_questions():
            for text in texts_of(question):
                for example in examples_in(question, text):
                    seen += 1
                    try:
                        question.clean(example)
                    except AnswerError as error:
                        refused.append((question.key, example, text, str(error)))
    assert seen > 20, "the examples were found"
    assert refused == []


def test_the_check_finds_a_wrong_example(app):
    """The test itself: a refused example in a message is found."""
    with app.test_request_context():
        phone = PhoneQuestion(key="p", label="p", example="For example: 02 123 45 67")
        date = DateQuestion(key="d", label="d", example="For example: 31 2 1985")
        assert examples_in(phone, phone.example) == ["02 123 45 67"]
        with pytest.raises(AnswerError):
            phone.clean("02 123 45 67")
        assert examples_in(date, date.example) == [{"day": "31", "month": "2", "year": "1985"}]
        with pytest.raises(AnswerError):
            date.clean(examples_in(date, date.example)[0])
