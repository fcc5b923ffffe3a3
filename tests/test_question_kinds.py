"""Each kind of question: what it accepts, how it stores it, how it shows it."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from webform.question_kinds import (
    AmountQuestion,
    AnswerError,
    CountQuestion,
    DateQuestion,
    EmailQuestion,
    IbanQuestion,
    LongTextQuestion,
    MultipleChoiceQuestion,
    NationalNumberQuestion,
    Option,
    PhoneQuestion,
    PostcodeQuestion,
    RizivQuestion,
    TextQuestion,
)


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def test_national_number():
    q = NationalNumberQuestion(key="n", label="n")
    assert q.clean(" 85.07.30-033.28 ") == "85073003328"
    assert q.clean("85273000106") == "85273000106"  # a BIS number
    assert q.to_form("85073003328") == "85.07.30-033.28"
    for wrong in ("85.07.30-033.29", "8507300332", "abc", "85.13.30-033.62"):
        with pytest.raises(AnswerError):
            q.clean(wrong)


@pytest.mark.parametrize("raw", ["1-23456-78-901", "12345678901", " 1 23456 78 901 ", "1.23456.78.901", "1/23456/78/901"])
def test_riziv_number_accepted_as_written(raw):
    q = RizivQuestion(key="r", label="r")
    assert q.clean(raw) == "12345678901"
    assert q.to_form("12345678901") == q.display("12345678901") == "1-23456-78-901"


@pytest.mark.parametrize("raw, message", [
    ("1-23456-78-90", "A RIZIV/INAMI number has 11 digits; you entered %(n)s"),
    ("1-23456-78-9012", "A RIZIV/INAMI number has 11 digits; you entered %(n)s"),
    ("1-2345A-78-901", "A RIZIV/INAMI number has only digits and dashes, for example 1-23456-78-901"),
    ("١-23456-78-901", "A RIZIV/INAMI number has only digits and dashes, for example 1-23456-78-901"),
    ("4-23456-78-901", "A doctor's RIZIV/INAMI number starts with 1: check it on a prescription or the doctor's stamp"),
])
def test_riziv_number_refused(app, raw, message):
    with app.test_request_context(), force_locale("en"):
        with pytest.raises(AnswerError) as refused:
            RizivQuestion(key="r", label="r").clean(raw)
        digits = sum(c.isdigit() for c in raw)
        assert str(refused.value) == message.replace("%(n)s", str(digits))


def test_national_and_bis_numbers_are_read_by_stdnum_be_ssn():
    """python-stdnum's be.ssn knows both kinds (and the 00 of an unknown
    day): no hand-made choice between its nn and bis modules."""
    import re

    from webform import ROOT

    by_hand = [path.name for path in (ROOT / "webform").rglob("*.py")
               if re.search(r"from stdnum\.be import [^\n]*\b(nn|bis)\b", path.read_text())]
    assert by_hand == []
    q = NationalNumberQuestion(key="n", label="n")
    assert q.clean("85.43.00-033.16") == "85430003316"  # BIS, unknown day
    assert q.clean("85.40.00-001.27") == "85400000127"  # BIS, unknown day and month


@pytest.mark.parametrize("raw, stored", [
    ("be71 0961 2345 6769", "BE71096123456769"),
    ("NL91ABNA0417164300", "NL91ABNA0417164300"),
    ("FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"),
    # Joined the SEPA scheme in 2024-2025.
    ("AL47 2121 1009 0000 0002 3569 8741", "AL47212110090000000235698741"),
    ("ME25 5050 0001 2345 6789 51", "ME25505000012345678951"),
    ("MD24 AG00 0225 1000 1310 4168", "MD24AG000225100013104168"),
    ("MK07 2501 2000 0058 984", "MK07250120000058984"),
])
def test_iban_accepted(raw, stored):
    q = IbanQuestion(key="i", label="i")
    assert q.clean(raw) == stored


@pytest.mark.parametrize("raw", ["BE71 0961 2345 6768", "BE71 0961", "US12 3456", "12345", "BR1500000000000010932840814P2"])
def test_iban_refused(raw):
    with pytest.raises(AnswerError):
        IbanQuestion(key="i", label="i").clean(raw)


def test_phone_normalised():
    q = PhoneQuestion(key="p", label="p")
    assert q.clean("0470 12 34 56") == "+32470123456"
    assert q.clean("+49 30 12345678") == "+493012345678"
    assert q.to_form("+32470123456") == "0470 12 34 56"
    with pytest.raises(AnswerError):
        q.clean("12")


def test_email_normalised():
    q = EmailQuestion(key="e", label="e")
    assert q.clean(" Marie@Example.BE ") == "Marie@example.be"
    with pytest.raises(AnswerError):
        q.clean("marie@")


@pytest.mark.parametrize("raw, ok", [("1000", "1000"), ("B-4700", "4700"), ("9992", "9992"), ("0999", None), ("75001", None), ("10 00", None)])
def test_postcode(raw, ok):
    q = PostcodeQuestion(key="p", label="p")
    if ok:
        assert q.clean(raw) == ok
    else:
        with pytest.raises(AnswerError):
            q.clean(raw)


@pytest.mark.parametrize("raw, stored", [("1250", "1250.00"), ("1.234,56", "1234.56"), ("1234,5", "1234.50"), ("€ 12 000", "12000.00"), ("0", "0.00")])
def test_amount_belgian_style(raw, stored):
    assert AmountQuestion(key="a", label="a").clean(raw) == stored


@pytest.mark.parametrize("raw", ["-5", "1,234,567", "abc", "1e5", "NaN", "99999999999"])
def test_amount_refused(raw):
    with pytest.raises(AnswerError):
        AmountQuestion(key="a", label="a").clean(raw)


def test_count():
    q = CountQuestion(key="c", label="c")
    assert q.clean("2") == 2 and q.to_form(0) == "0"
    assert not q.is_empty("0")
    with pytest.raises(AnswerError):
        q.clean("31")


def test_date_full_and_partial():
    full = DateQuestion(key="d", label="d")
    assert full.clean({"day": "7", "month": "3", "year": "1985"}) == "1985-03-07"
    assert full.display("1985-03-07") == "7 mars 1985"  # the locale's long format (fr by default)
    with pytest.raises(AnswerError):
        full.clean({"day": "", "month": "3", "year": "1985"})
    partial = DateQuestion(key="d", label="d", day_optional=True)
    assert partial.clean({"day": "", "month": "3", "year": "2019"}) == "2019-03"
    assert partial.to_form("2019-03") == {"year": "2019", "month": "3", "day": ""}
    assert partial.anchor == "d-month" and full.anchor == "d-day"


HUGE = "9" * 5000  # more digits than int() accepts


def refusal(question, raw) -> str:
    """The message a refused answer gets."""
    with pytest.raises(AnswerError) as refused:
        question.clean(raw)
    return str(refused.value)


@pytest.mark.parametrize("day, month, year", [
    (HUGE, "3", "1985"),
    ("1", HUGE, "1985"),
    ("1", "99999999999999999999", "1985"),  # date() would raise OverflowError
    ("1", "3", HUGE),
    ("001", "3", "1985"),
    ("1", "003", "1985"),
    ("0", "3", "1985"),
    ("00", "3", "1985"),
    ("32", "3", "1985"),
])
def test_date_parts_too_long_or_impossible_are_refused(day, month, year):
    for optional in (False, True):
        with pytest.raises(AnswerError):
            DateQuestion(key="d", label="d", day_optional=optional).clean({"day": day, "month": month, "year": year})


def test_date_day_zero_is_not_a_missing_day():
    partial = DateQuestion(key="d", label="d", day_optional=True)
    assert refusal(partial, {"day": "0", "month": "3", "year": "1985"}) == refusal(
        partial, {"day": "31", "month": "2", "year": "1985"}
    )
    assert partial.clean({"day": "07", "month": "03", "year": "1985"}) == "1985-03-07"


@pytest.mark.parametrize("raw", [HUGE, "000001", "99999999999999999999"])
def test_count_too_long_is_refused(raw):
    q = CountQuestion(key="c", label="c")
    assert refusal(q, raw) == refusal(q, "31")


def test_control_characters_are_not_stored():
    text = TextQuestion(key="t", label="t")
    assert text.clean("Ma\x00rie\x1b[31m \x07Dup\tont\x0b") == "Marie[31m Dup ont"
    long_text = LongTextQuestion(key="l", label="l")
    assert long_text.clean("Line one\x00\r\nLine\ttwo\x1b\rthree\x7f") == "Line one\nLine\ttwo\nthree"
    # Nothing left once they are removed: as good as empty.
    for question in (text, long_text):
        with pytest.raises(AnswerError):
            question.clean("\x00\x01")


def test_only_control_characters_count_as_empty():
    """An optional field filled with them only is left unanswered, not refused."""
    for question in (TextQuestion(key="t", label="t", required=False), LongTextQuestion(key="l", label="l", required=False)):
        assert question.is_empty("\x00\x01 \x1b")
        assert not question.is_empty("\x00a")


def test_text_length_and_spaces():
    q = TextQuestion(key="t", label="t", max_length=10)
    assert q.clean("  Marie   Dup ") == "Marie Dup"
    with pytest.raises(AnswerError):
        q.clean("x" * 11)


def test_checkboxes_order_and_exclusive():
    q = MultipleChoiceQuestion(
        key="m", label="m",
        options=(Option("a", "A"), Option("b", "B"), Option("none", "None", exclusive=True)),
    )
    assert q.clean(["b", "a", "a"]) == ["a", "b"]
    assert q.clean(["none"]) == ["none"]
    for wrong in (["a", "none"], ["zzz"]):
        with pytest.raises(AnswerError):
            q.clean(wrong)
    everything = MultipleChoiceQuestion(key="d", label="d", options=q.options[:2], all_required=True)
    with pytest.raises(AnswerError):
        everything.clean(["a"])
    assert everything.display(["a", "b"]) == "A; B"


def test_a_variant_changes_the_words_not_the_question(app):
    """A child is asked in other words (Question.variant); the key, the
    values and the options' conditions stay those of the question."""
    from webform.question_kinds import ChoiceQuestion, Option

    question = ChoiceQuestion(
        key="q", label="Adult words", hint="Adult hint",
        options=(Option("a", "A"), Option("b", "B", condition=lambda answers: answers == "show b")),
        variant=lambda answers: {"label": "Child words", "options": (Option("a", "A'"), Option("b", "B'", condition=lambda answers: False))} if answers.startswith("child") else {},
    )
    assert question.for_answers("adult").label == "Adult words"
    child = question.for_answers("child")
    assert (child.label, child.hint, child.key) == ("Child words", "Adult hint", "q")
    assert [o.label for o in child.options] == ["A'"], "the variant's options, still filtered"
    # in_words_for keeps every option: the check page shows an answer no longer offered.
    assert [o.label for o in question.in_words_for("child").options] == ["A'", "B'"]
