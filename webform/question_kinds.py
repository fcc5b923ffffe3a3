"""Question kinds.

Each kind knows the WTForms field that carries its input, the Jinja macro that
renders it, how a raw answer is checked and turned into the stored value, and
how a stored value is shown back. The questionnaire only declares questions;
this module and the engine do the rest, so adding a question never means new
markup or new view code.

Every message is written here with an explicit translation: WTForms' own
catalogues are incomplete (its German one has untranslated and fuzzy entries).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, ClassVar

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import format_decimal, gettext as _
from flask_babel import lazy_gettext as _l
from stdnum import iban as stdnum_iban
from stdnum.be import ssn
from stdnum.exceptions import InvalidLength, ValidationError as StdnumError
from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.utils import unset_value

from .i18n import format_day, format_month
from .wording import ForSomeoneElse, worded

Text = Any  # a (lazy) translated string


# Bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069):
# pasted into an answer they reverse the text around them in the PDF and in
# the officer's tools ("Trojan Source"). Marks that only hint a direction
# (U+200E, U+200F) and joiners, which some scripts need, are kept.
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def without_control_characters(text: str, keep: str = "") -> str:
    """The text without control characters (NUL, escape, bell …, and the
    bidirectional controls) except those in ``keep``.

    No keyboard types them on purpose; pasted from elsewhere, they would be
    stored as typed and end up in the PDF, the export and the officer's tools.
    """
    return "".join(
        c for c in text if c in keep or (unicodedata.category(c) != "Cc" and c not in BIDI_CONTROLS)
    )


def ascii_digits(text: str) -> bool:
    """0-9 only: str.isdigit() also accepts other scripts' digits and superscripts."""
    return bool(re.fullmatch(r"[0-9]+", text))


class AnswerError(ValueError):
    """A raw answer that cannot be accepted; the message is shown to the user."""


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    hint: Text | None = None
    # "None of these": cannot be combined with the other boxes.
    exclusive: bool = False
    # Offered only when this holds (a callable on Answers), e.g. a sentence
    # of the declaration that depends on an earlier answer.
    condition: Callable[[Any], bool] | None = None
    # Its wording when someone else fills in the form (see wording.py).
    for_someone_else: ForSomeoneElse | None = None
    # A picture beside the label in easy-read (see Question.pictogram).
    pictogram: str | None = None


@dataclass(frozen=True, kw_only=True)
class Question:
    key: str
    label: Text
    # One paragraph, or several (an activity's example questions, then advice).
    hint: Text | tuple[Text, ...] | None = None
    example: Text | None = None
    # True, False, or a callable on Answers (answers of the step included).
    required: bool | Callable[[Any], bool] = True
    required_message: Text | None = None
    # The words that differ for some applicants (a child's examples): a
    # callable on Answers giving the attributes to replace, {} for none.
    # The key, the stored values and the messages stay the same.
    variant: Callable[[Any], dict[str, Any]] | None = None
    # Label, hint, example or message when someone else fills in (wording.py).
    for_someone_else: ForSomeoneElse | None = None
    # A picture of static/pictograms/ shown beside the label in easy-read
    # (easy_read.py), where one helps to see what is asked. It says what
    # the label says, so its text alternative is empty.
    pictogram: str | None = None

    macro: ClassVar[str] = "text_input"
    default_required_message: ClassVar[Text] = _l("Answer this question")
    # The answer is shown back as the person typed it (a name, an address),
    # not as a label of the form: marked translate="no", left unhyphenated.
    typed_answer: ClassVar[bool] = True

    # -- engine interface -------------------------------------------------
    def make_field(self) -> Field:
        return StringField(self.label)

    def is_required(self, answers) -> bool:
        return self.required(answers) if callable(self.required) else bool(self.required)

    def is_empty(self, raw: Any) -> bool:
        """Nothing typed: blank, or only control characters (which clean
        removes), so an optional field so filled is not asked again."""
        return raw is None or (isinstance(raw, str) and not without_control_characters(raw).strip())

    def clean(self, raw: Any) -> Any:
        """Check a non-empty raw answer; return the value to store."""
        return raw.strip()

    def answered(self, stored: Any) -> bool:
        """The stored answer still answers the question (not empty)."""
        return stored not in (None, "", [])

    def to_form(self, stored: Any) -> Any:
        """The stored value as the field shows it again."""
        return stored

    def in_words_for(self, answers) -> "Question":
        """The question in the words meant for this applicant: a child's
        (see variant), then those of whoever fills in (see wording.py). Every
        option kept: the step page, the check page and the PDF say the same."""
        changes = self.variant(answers) if self.variant else {}
        return worded(replace(self, **changes) if changes else self, answers)

    def for_answers(self, answers) -> "Question":
        """The question as it is asked of this applicant (see Option.condition)."""
        return self.in_words_for(answers)

    def display(self, stored: Any) -> str:
        """The stored value as a person reads it (summaries, PDF)."""
        return "" if stored is None else str(stored)

    @property
    def anchor(self) -> str:
        """Id of the element an error-summary link moves focus to."""
        return self.key

    @property
    def hint_paragraphs(self) -> tuple[Text, ...]:
        """The hint's paragraphs, all inside the element the field is described by."""
        if self.hint is None:
            return ()
        return self.hint if isinstance(self.hint, tuple) else (self.hint,)

    @property
    def missing_message(self) -> Text:
        return self.required_message or self.default_required_message

    def json_schema(self) -> dict:
        """The stored value's shape, for the export schema of the administration."""
        return {"type": "string"}


@dataclass(frozen=True, kw_only=True)
class TextQuestion(Question):
    autocomplete: str | None = None
    input_type: str = "text"
    inputmode: str | None = None
    width: str = "full"  # CSS width class: full, 20, 10, 5 (characters)
    max_length: int = 200
    spellcheck: bool | None = None

    default_required_message: ClassVar[Text] = _l("Enter an answer")

    def json_schema(self) -> dict:
        return {"type": "string", "maxLength": self.max_length}

    def clean(self, raw: str) -> str:
        words = (without_control_characters(word) for word in raw.split())
        value = " ".join(word for word in words if word)
        if not value:
            raise AnswerError(str(self.missing_message))
        if len(value) > self.max_length:
            raise AnswerError(_("Enter no more than %(n)s characters", n=self.max_length))
        return value


@dataclass(frozen=True, kw_only=True)
class LongTextQuestion(Question):
    max_length: int = 4000
    rows: int = 5

    macro: ClassVar[str] = "textarea"
    default_required_message: ClassVar[Text] = _l("Enter an answer")

    def make_field(self) -> Field:
        return TextAreaField(self.label)

    def json_schema(self) -> dict:
        return {"type": "string", "maxLength": self.max_length}

    def clean(self, raw: str) -> str:
        lines = raw.replace("\r\n", "\n").replace("\r", "\n")
        value = without_control_characters(lines, keep="\t\n").strip()
        if not value:
            raise AnswerError(str(self.missing_message))
        if len(value) > self.max_length:
            raise AnswerError(
                _("Enter no more than %(n)s characters (you entered %(m)s)", n=self.max_length, m=len(value))
            )
        return value


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(Question):
    options: tuple[Option, ...] = ()

    macro: ClassVar[str] = "radios"
    default_required_message: ClassVar[Text] = _l("Select an answer")
    typed_answer: ClassVar[bool] = False

    def make_field(self) -> Field:
        # Options are rendered by our macros and checked by clean(); WTForms
        # only carries the posted value.
        return RadioField(self.label, validate_choice=False)

    def json_schema(self) -> dict:
        return {"enum": [o.value for o in self.options]}

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def offered(self, answers) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.condition is None or o.condition(answers))

    def in_words_for(self, answers) -> "ChoiceQuestion":
        question = super().in_words_for(answers)
        options = tuple(worded(o, answers) for o in question.options)
        return question if options == question.options else replace(question, options=options)

    def for_answers(self, answers) -> "ChoiceQuestion":
        question = self.in_words_for(answers)
        offered = question.offered(answers)
        return question if offered == question.options else replace(question, options=offered)

    def clean(self, raw: str) -> str:
        if self.option(raw) is None:
            raise AnswerError(_("Select one of the options"))
        return raw

    def answered(self, stored: Any) -> bool:
        """Still one of the options: an option replaced by others (the household's
        "other people", now family or not) is asked again, not kept unreadable."""
        values = stored if isinstance(stored, list) else [stored]
        return super().answered(stored) and all(self.option(value) is not None for value in values)

    def display(self, stored: Any) -> str:
        option = self.option(stored) if stored else None
        return str(option.label) if option else ""

    @property
    def anchor(self) -> str:
        return f"{self.key}-0"


@dataclass(frozen=True, kw_only=True)
class MultipleChoiceQuestion(ChoiceQuestion):
    # Every box must be ticked (declarations).
    all_required: bool = False
    all_required_message: Text | None = None

    macro: ClassVar[str] = "checkboxes"
    default_required_message: ClassVar[Text] = _l("Select at least one option")

    def make_field(self) -> Field:
        return SelectMultipleField(self.label, validate_choice=False)

    def is_empty(self, raw: Any) -> bool:
        return not raw

    def json_schema(self) -> dict:
        return {"type": "array", "items": {"enum": [o.value for o in self.options]}, "uniqueItems": True, "minItems": 1}

    def clean(self, raw: list[str]) -> list[str]:
        chosen = list(dict.fromkeys(raw))
        if any(self.option(value) is None for value in chosen):
            raise AnswerError(_("Select one of the options"))
        exclusive = [value for value in chosen if self.option(value).exclusive]
        if exclusive and len(chosen) > 1:
            raise AnswerError(
                _('Select "%(option)s" on its own, or only the other options', option=self.option(exclusive[0]).label)
            )
        if self.all_required and len(chosen) != len(self.options):
            raise AnswerError(self.all_required_message or _("Tick every box to confirm"))
        # Keep the questionnaire's order whatever the order posted.
        return [o.value for o in self.options if o.value in chosen]

    def display(self, stored: Any) -> str:
        return "; ".join(str(o.label) for o in self.options if o.value in (stored or []))


DATE_PARTS = ("day", "month", "year")


class DayMonthYearField(Field):
    """Three inputs (day, month, year), GOV.UK style: no date picker needed.

    Its data is the raw mapping of the three parts, so that whatever was typed
    comes back unchanged next to the error.
    """

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        self.raw_data = []
        if formdata is not None and any(f"{self.name}-{p}" in formdata for p in DATE_PARTS):
            self.data = {p: (formdata.get(f"{self.name}-{p}") or "").strip() for p in DATE_PARTS}
        elif isinstance(data, dict):
            self.data = {p: str(data.get(p, "")) for p in DATE_PARTS}
        else:
            self.data = {p: "" for p in DATE_PARTS}
        self.object_data = self.data


@dataclass(frozen=True, kw_only=True)
class DateQuestion(Question):
    # For "since when": people seldom know the day.
    day_optional: bool = False
    not_in_future: bool = True
    earliest_year: int = 1900
    # "bday" gives bday-day, bday-month, bday-year (WCAG 1.3.5).
    autocomplete: str | None = None

    macro: ClassVar[str] = "date_input"
    default_required_message: ClassVar[Text] = _l("Enter a date")

    def make_field(self) -> Field:
        return DayMonthYearField(self.label)

    def is_empty(self, raw: Any) -> bool:
        return not raw or not any((raw.get(p) or "").strip() for p in DATE_PARTS)

    def json_schema(self) -> dict:
        pattern = r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$" if self.day_optional else r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        return {"type": "string", "pattern": pattern}

    def clean(self, raw: dict) -> str:
        parts = {p: (raw.get(p) or "").strip() for p in DATE_PARTS}
        needed = DATE_PARTS[1:] if self.day_optional else DATE_PARTS
        if any(not parts[p] for p in needed) or any(v and not ascii_digits(v) for v in parts.values()):
            raise AnswerError(self._format_message())
        if len(parts["year"]) != 4:
            raise AnswerError(_("Enter the year with 4 digits, for example 1985"))
        # Checked before int(): a huge number would overflow date() or int() itself.
        if len(parts["day"]) > 2 or len(parts["month"]) > 2:
            raise AnswerError(_("Enter a real date: this day or month does not exist"))
        year, month = int(parts["year"]), int(parts["month"])
        # A day typed as 0 is a wrong day, not a missing one.
        day = int(parts["day"]) if parts["day"] else None
        try:
            value = date(year, month, 1 if day is None else day)
        except (ValueError, OverflowError):
            raise AnswerError(_("Enter a real date: this day or month does not exist")) from None
        if year < self.earliest_year:
            raise AnswerError(_("Enter a year after %(year)s", year=self.earliest_year))
        if self.not_in_future and value > date.today():
            raise AnswerError(_("Enter a date in the past"))
        return value.isoformat() if day is not None else value.isoformat()[:7]

    def _format_message(self) -> str:
        if self.day_optional:
            return _("Enter at least the month and the year, as numbers, for example 3 2019")
        return _("Enter the day, month and year as numbers, for example 27 3 1985")

    def to_form(self, stored: str | None) -> dict:
        if not stored:
            return {p: "" for p in DATE_PARTS}
        pieces = stored.split("-")
        return {
            "year": pieces[0],
            "month": str(int(pieces[1])),
            "day": str(int(pieces[2])) if len(pieces) > 2 else "",
        }

    def display(self, stored: str | None) -> str:
        """In the words of the language ("27 mars 1985", "März 1985"): a
        fixed 07/03/1985 reads as July in some countries."""
        if not stored:
            return ""
        if len(stored) == 7:
            return format_month(date.fromisoformat(f"{stored}-01"))
        return format_day(date.fromisoformat(stored))

    @property
    def anchor(self) -> str:
        return f"{self.key}-{'month' if self.day_optional else 'day'}"


@dataclass(frozen=True, kw_only=True)
class NationalNumberQuestion(TextQuestion):
    """Belgian national register number (NISS/INSZ) or BIS number."""

    width: str = "20"
    inputmode: str | None = "numeric"
    spellcheck: bool | None = False
    max_length: int = 20

    def clean(self, raw: str) -> str:
        number = ssn.compact(raw)
        if not ascii_digits(number):
            raise AnswerError(_("A national register number has only digits, dots and a dash, for example 85.07.30-033.28"))
        if len(number) != 11:
            raise AnswerError(
                _("The national register number has 11 digits; you entered %(n)s", n=len(number))
            )
        try:
            # Either kind: a national register number, or a BIS number
            # (month + 20 or + 40, 00 for an unknown day or month).
            return ssn.validate(number)
        except StdnumError:
            raise AnswerError(
                _("This national register number is not valid: check every digit against your identity card")
            ) from None

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": "^[0-9]{11}$"}

    def to_form(self, stored: str | None) -> str:
        return ssn.format(stored) if stored else ""

    display = to_form


@dataclass(frozen=True, kw_only=True)
class RizivQuestion(TextQuestion):
    """A doctor's RIZIV/INAMI number: 11 digits, written 1-23456-78-901.

    The first digit is the profession, 1 for a doctor. Digits 7 and 8 check
    the first six, but the rule is not published by the INAMI (modulo 97,
    then modulo 89 for numbers given since 2012, per third parties): they
    are not checked, so that no real number is ever refused.
    """

    width: str = "20"
    inputmode: str | None = "numeric"
    spellcheck: bool | None = False
    max_length: int = 30

    def clean(self, raw: str) -> str:
        number = re.sub(r"[\s./-]", "", raw)
        if not ascii_digits(number):
            raise AnswerError(_("A RIZIV/INAMI number has only digits and dashes, for example 1-23456-78-901"))
        if len(number) != 11:
            raise AnswerError(_("A RIZIV/INAMI number has 11 digits; you entered %(n)s", n=len(number)))
        if not number.startswith("1"):
            raise AnswerError(_("A doctor's RIZIV/INAMI number starts with 1: check it on a prescription or the doctor's stamp"))
        return number

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": "^1[0-9]{10}$"}

    def to_form(self, stored: str | None) -> str:
        return f"{stored[0]}-{stored[1:6]}-{stored[6:8]}-{stored[8:]}" if stored else ""

    display = to_form


# The SEPA scheme's countries, with Albania, Montenegro, Moldova and North
# Macedonia (admitted in 2024-2025).
SEPA_COUNTRIES = frozenset(
    "AD AL AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MD ME MK MT NL NO PL PT RO SE SI SK SM VA".split()
)


@dataclass(frozen=True, kw_only=True)
class IbanQuestion(TextQuestion):
    width: str = "full"
    spellcheck: bool | None = False
    max_length: int = 50

    def clean(self, raw: str) -> str:
        number = stdnum_iban.compact(raw)
        if not re.fullmatch(r"[A-Z]{2}[0-9A-Z]+", number):
            raise AnswerError(_("Enter the account number as it is on your bank card, for example BE71 0961 2345 6769"))
        if number[:2] not in SEPA_COUNTRIES:
            raise AnswerError(_("Enter an account in a country of the SEPA zone (its number starts with BE, NL, FR, DE, LU …)"))
        try:
            return stdnum_iban.validate(number)
        except InvalidLength:
            raise AnswerError(_("This account number has too many or too few characters")) from None
        except StdnumError:
            raise AnswerError(_("This account number is not valid: check every character")) from None

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": "^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$"}

    def to_form(self, stored: str | None) -> str:
        return stdnum_iban.format(stored) if stored else ""

    display = to_form


@dataclass(frozen=True, kw_only=True)
class PhoneQuestion(TextQuestion):
    input_type: str = "tel"
    autocomplete: str | None = "tel"
    width: str = "20"
    max_length: int = 30

    def clean(self, raw: str) -> str:
        try:
            number = phonenumbers.parse(raw, "BE")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise AnswerError(_("Enter a phone number, for example 0470 12 34 56 or +32 470 12 34 56"))
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^\+[0-9]{6,15}$"}

    def to_form(self, stored: str | None) -> str:
        if not stored:
            return ""
        number = phonenumbers.parse(stored, "BE")
        style = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if number.country_code == 32
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        return phonenumbers.format_number(number, style)

    display = to_form


@dataclass(frozen=True, kw_only=True)
class EmailQuestion(TextQuestion):
    input_type: str = "email"
    autocomplete: str | None = "email"
    spellcheck: bool | None = False
    max_length: int = 254

    def clean(self, raw: str) -> str:
        try:
            return validate_email(raw.strip(), check_deliverability=False).normalized
        except EmailNotValidError:
            raise AnswerError(_("Enter an e-mail address like name@example.be")) from None

    def json_schema(self) -> dict:
        return {"type": "string", "format": "email", "maxLength": self.max_length}


@dataclass(frozen=True, kw_only=True)
class PostcodeQuestion(TextQuestion):
    """Belgian postcode: four digits, 1000 to 9992."""

    autocomplete: str | None = "postal-code"
    inputmode: str | None = "numeric"
    width: str = "5"
    max_length: int = 10

    def clean(self, raw: str) -> str:
        value = raw.strip().upper().removeprefix("B-").removeprefix("B").strip()
        if not re.fullmatch(r"[1-9][0-9]{3}", value):
            raise AnswerError(_("Enter a Belgian postcode of 4 digits, for example 1000"))
        return value

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": "^[1-9][0-9]{3}$"}


@dataclass(frozen=True, kw_only=True)
class AmountQuestion(TextQuestion):
    """An amount in euros, typed the Belgian way (1.234,56) or not."""

    inputmode: str | None = "decimal"
    width: str = "10"
    max_length: int = 20
    maximum: int = 10_000_000

    def clean(self, raw: str) -> str:
        text = raw.replace("€", "").replace("EUR", "").replace(" ", "").replace("\u202f", "").strip()
        if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", text) or "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            value = Decimal(text) if re.fullmatch(r"[0-9]+(\.[0-9]+)?", text) else None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:
            raise AnswerError(_("Enter an amount in euros, for example 1250 or 1250,50"))
        if value > self.maximum:
            raise AnswerError(_("Enter an amount below %(max)s euros", max=format_decimal(self.maximum)))
        return str(value.quantize(Decimal("0.01")))

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$", "description": "euros"}

    def to_form(self, stored: str | None) -> str:
        return format_decimal(Decimal(stored), format="#,##0.00") if stored else ""

    def display(self, stored: str | None) -> str:
        return f"{self.to_form(stored)} €" if stored else ""


@dataclass(frozen=True, kw_only=True)
class CountQuestion(TextQuestion):
    inputmode: str | None = "numeric"
    width: str = "5"
    max_length: int = 5
    maximum: int = 30

    def clean(self, raw: str) -> int:
        value = raw.strip()
        # Length first: int() refuses strings of more than 4300 digits.
        if not ascii_digits(value) or len(value) > self.max_length or int(value) > self.maximum:
            raise AnswerError(_("Enter a whole number from 0 to %(max)s", max=self.maximum))
        return int(value)

    def is_empty(self, raw: Any) -> bool:
        return raw is None or str(raw).strip() == ""

    def json_schema(self) -> dict:
        return {"type": "integer", "minimum": 0, "maximum": self.maximum}

    def to_form(self, stored: int | None) -> str:
        return "" if stored is None else str(stored)
