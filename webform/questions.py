"""The questionnaire: every part, step and question of the application, once.

This is the only place that says *what* is asked. Rendering, validation,
branching, saving and summaries are done by the engine from these
declarations, so adding a question means adding it here and translating it.

Content follows the federal service's application (see shared/domain.md) in
plain words: the applicant describes their daily life; the assessors, not the
form, give the points.
"""
from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import LazyString, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .addresses import street_number_box
from .answers import REQUEST_ALLOWANCES, REQUEST_PARKING_CARD, REQUEST_RECOGNITION, Answers
from .wording import ForSomeoneElse, said
from .question_kinds import (
    AmountQuestion,
    ChoiceQuestion,
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
    TextQuestion,
)
from .structure import CompletenessRule, Part, Step


# -- autofill (WCAG 1.3.5) -------------------------------------------------
# The applicant's own details carry the HTML autofill token of their purpose
# (given-name, bday, tel, address-line1 ...). There is none for a house
# number or a national register number, and an IBAN is not a card number:
# those have no token. The helper's own details are a section of their own:
# the helper is often the one typing, and their browser offers their own
# details there, never in the applicant's fields. Nobody types the
# partner's or the doctor's details from their own browser: no autofill.
def for_helper(token: str) -> str:
    """The autofill token of the helper's own detail (``section-helper tel``)."""
    return f"section-helper {token}"


NO_AUTOFILL = "off"


def requested(*requests: str):
    """Condition: at least one of these requests was chosen."""
    return lambda answers: any(answers.requested(r) for r in requests)


def allowances(answers: Answers) -> bool:
    return answers.requested(REQUEST_ALLOWANCES)


def allowance_age_message() -> str:
    config = current_app.config
    return _(
        "The income replacement allowance and the integration allowance are for people "
        "aged %(min)s to %(max)s. You can apply from the month you turn %(from)s.",
        min=config["ALLOWANCE_MIN_AGE"],
        max=config["ALLOWANCE_MAX_AGE"] - 1,
        **{"from": config["ALLOWANCE_APPLY_FROM_AGE"]},
    )


def _month(day: date) -> str:
    """A month as people say it, in the page's language ("mars 2026")."""
    return format_date(day, "MMMM yyyy")


def allowances_age_for_you(answers: Answers) -> str | None:
    """What the allowances' age rule means for this applicant (None when it allows them)."""
    config = current_app.config
    if answers.allowances_too_young:
        return _(
            "You can apply for them from %(month)s, the month you turn %(age)s.",
            month=_month(answers.allowances_from),
            age=config["ALLOWANCE_APPLY_FROM_AGE"],
        )
    if answers.allowances_too_old:
        return _(
            "They are for people under %(max)s. For people aged %(max)s or over, your commune, "
            "CPAS or mutuality can tell you what help exists.",
            max=config["ALLOWANCE_MAX_AGE"],
        )
    return None


# ---------------------------------------------------------------- requests
def _check_requests(answers: Answers) -> dict[str, str]:
    if answers.allowances_too_young:
        return {
            "requests": _(
                "%(rule)s For you, that is from %(month)s. Untick the allowances for now, or check "
                "your national register number.",
                rule=allowance_age_message(),
                month=_month(answers.allowances_from),
            )
        }
    if answers.allowances_too_old:
        return {
            "requests": _(
                "You are %(age)s years old. %(rule)s Untick the allowances, or check your "
                "national register number.",
                age=answers.age,
                rule=allowance_age_message(),
            )
        }
    return {}


REQUESTS = Part(
    key="requests",
    title=_l("What you are applying for"),
    description=_l("Recognition of your disability, allowances, parking card"),
    pictogram="requests.svg",
    steps=(
        Step(
            key="requests",
            questions=(
                MultipleChoiceQuestion(
                    key="requests",
                    label=_l("What do you want to apply for?"),
                    hint=_l("Select everything that applies. You only answer the questions needed for what you choose."),
                    required_message=_l("Select at least one thing you want to apply for"),
                    options=(
                        Option(
                            REQUEST_RECOGNITION,
                            _l("Recognition of my disability"),
                            _l("A certificate that gives access to social and tax advantages, for example reduced rates for public transport."),
                        ),
                        Option(
                            REQUEST_ALLOWANCES,
                            _l("The income replacement allowance and the integration allowance"),
                            LazyString(lambda: _(
                                "Monthly allowances for people aged %(min)s to %(max)s whose situation reduces what they can earn or makes daily life more costly.",
                                min=current_app.config["ALLOWANCE_MIN_AGE"],
                                max=current_app.config["ALLOWANCE_MAX_AGE"] - 1,
                            )),
                        ),
                        Option(
                            REQUEST_PARKING_CARD,
                            _l("A parking card for people with disabilities"),
                            _l("To park on reserved spaces, when moving around is very difficult for you."),
                        ),
                    ),
                ),
            ),
            check=_check_requests,
        ),
    ),
)

# --------------------------------------------------------------- about you
def _remove_allowances(answers: dict) -> dict:
    kept = [r for r in answers.get("requests", []) if r != REQUEST_ALLOWANCES]
    return {**answers, "requests": kept}


def _check_birth_date(answers: Answers) -> dict[str, str]:
    """The date given must agree with the year and month the number already tells."""
    year, month, _day = answers.birth_parts_from_national_number
    given = answers.get("birth_date")
    if not given or year is None:
        return {}
    if month and given[:7] != f"{year:04d}-{month:02d}":
        born = _month(date(year, month, 1))
        return {"birth_date": said(
            answers,
            lambda: _(
                "Your national register number says you were born in %(month)s. Enter a date in that month, "
                "or check your number.",
                month=born,
            ),
            lambda: _(
                "Their national register number says they were born in %(month)s. Enter a date in that month, "
                "or check their number.",
                month=born,
            ),
        )}
    if int(given[:4]) != year:
        return {"birth_date": said(
            answers,
            lambda: _(
                "Your national register number says you were born in %(year)s. Enter a date in that year, "
                "or check your number.",
                year=year,
            ),
            lambda: _(
                "Their national register number says they were born in %(year)s. Enter a date in that year, "
                "or check their number.",
                year=year,
            ),
        )}
    return {}


WHO_FILLS_IN = Step(
    # The step key of the helper question it replaces: drafts that confirmed
    # it stay complete.
    key="helper_kind",
    questions=(
        ChoiceQuestion(
            key="helper_kind",
            label=_l("Who is filling in this form?"),
            hint=_l("If you fill it in for someone else, the next questions are about that person, not about you."),
            required_message=_l("Select who is filling in this form"),
            # Stored values kept where the meaning is the same ("none":
            # nobody else, "parent", "legal"); "present" and "proxy" are the
            # "citizen present" and "written proxy" of the assisted mode.
            options=(
                Option("none", _l("The person the application is for"), _l("You fill in the form for yourself.")),
                # A parent applies for their child without any court decision;
                # offered while the age is unknown (rule parent_of_an_adult).
                Option(
                    "parent", _l("A parent, for their child under 18"),
                    _l("The father or the mother. No court decision is needed."),
                    condition=lambda a: a.may_be_a_minor,
                ),
                Option(
                    "legal", _l("A legal representative: an administrator or a guardian"),
                    _l("Appointed by a justice of the peace. We ask for a copy of the decision."),
                ),
                Option(
                    "present", _l("Someone who helps, with the person present"),
                    _l("For example a family member, a friend, or a social worker of the commune, the CPAS or a mutuality. The person answers the questions with you."),
                ),
                Option(
                    "proxy", _l("Someone with a written proxy or a protection mandate"),
                    _l("A proxy signed by the person, or an extrajudicial protection mandate. We ask for a copy."),
                ),
            ),
        ),
    ),
)
"""Who is filling in this form: the first page about the person, before their identity.

Asked right after "What do you want to apply for?", as the first step of
the part about the person: a parent, an administrator or a social worker
says who they are before being asked a national register number, so that
the identity pages speak of "the person you apply for" (wording.py), not of
"you". Not before the requests: that page is the same for everybody and
decides which parts exist; here the answer changes the words of this very
part (its title on the task list too) and adds the part about the one who
fills in.
"""


ABOUT_YOU = Part(
    key="about_you",
    title=_l("About you"),
    description=_l("Your identity, address and how we contact you"),
    for_someone_else=ForSomeoneElse(
        title=_l("About the person you apply for"),
        description=_l("Who fills in the form, and the person's identity, address and contact details"),
    ),
    pictogram="about_you.svg",
    steps=(
        WHO_FILLS_IN,
        Step(
            key="identity",
            title=_l("Your identity"),
            intro=(_l("Have your identity card (eID) at hand: your national register number is on the back."),),
            for_someone_else=ForSomeoneElse(
                title=_l("The identity of the person you apply for"),
                intro=(_l("Have their identity card (eID) at hand: their national register number is on the back. Give their details, not yours."),),
            ),
            questions=(
                NationalNumberQuestion(
                    key="national_number",
                    label=_l("National register number"),
                    hint=_l("11 digits, on the back of your identity card or on your residence permit. If you have no Belgian number, enter your BIS number."),
                    example=_l("For example: 85.07.30-033.28"),
                    required_message=_l("Enter your national register number"),
                    for_someone_else=ForSomeoneElse(
                        label=_l("Their national register number"),
                        hint=_l("11 digits, on the back of their identity card or on their residence permit. If they have no Belgian number, enter their BIS number."),
                        required_message=_l("Enter their national register number"),
                    ),
                ),
                TextQuestion(
                    key="first_name",
                    label=_l("First name"),
                    hint=_l("As on your identity card. If you have several, give them all."),
                    autocomplete="given-name",
                    spellcheck=False,
                    required_message=_l("Enter your first name"),
                    # Their own, not the browser's owner's: no autofill then.
                    for_someone_else=ForSomeoneElse(
                        label=_l("Their first name"),
                        hint=_l("As on their identity card. If they have several, give them all."),
                        required_message=_l("Enter their first name"),
                        autocomplete=NO_AUTOFILL,
                    ),
                ),
                TextQuestion(
                    key="last_name",
                    label=_l("Last name"),
                    hint=_l("As on your identity card."),
                    autocomplete="family-name",
                    spellcheck=False,
                    required_message=_l("Enter your last name"),
                    for_someone_else=ForSomeoneElse(
                        label=_l("Their last name"),
                        hint=_l("As on the identity card of the person you apply for."),
                        required_message=_l("Enter their last name"),
                        autocomplete=NO_AUTOFILL,
                    ),
                ),
            ),
        ),
        Step(
            key="birth_date",
            # Only when the national number does not contain it (WCAG 3.3.7).
            condition=lambda a: a.get("national_number") is not None and a.birth_date_from_national_number is None,
            questions=(
                DateQuestion(
                    key="birth_date",
                    label=_l("What is your date of birth?"),
                    autocomplete="bday",
                    # The number has 00 where the day is unknown: the person may not know it either.
                    day_optional=True,
                    hint=_l("Your number does not tell us your full date of birth. If you do not know the day, give the month and the year."),
                    example=_l("For example: 27 3 1985"),
                    required_message=_l("Enter your date of birth, at least the month and the year"),
                    for_someone_else=ForSomeoneElse(
                        label=_l("What is their date of birth?"),
                        hint=_l("Their number does not tell us their full date of birth. If you do not know the day, give the month and the year."),
                        required_message=_l("Enter their date of birth, at least the month and the year"),
                        autocomplete=None,
                    ),
                ),
            ),
            check=_check_birth_date,
        ),
        Step(
            key="allowances_age",
            title=_l("The allowances do not apply at your age"),
            condition=lambda a: a.allowances_age_conflict,
            intro=(
                _l("You asked for the income replacement allowance and the integration allowance, but your date of birth shows that you are outside the age range for them."),
                allowances_age_for_you,
                _l("You can still apply for the recognition of your disability and for a parking card."),
            ),
            on_save=_remove_allowances,
            continue_label=_l("Remove the allowances and continue"),
        ),
        Step(
            key="nationality",
            questions=(
                ChoiceQuestion(
                    key="nationality",
                    label=_l("What is your nationality?"),
                    hint=_l("If you have more than one, choose the first that applies."),
                    required_message=_l("Select your nationality"),
                    options=(
                        Option("belgian", _l("Belgian")),
                        Option("eu", _l("Of another country of the European Union, the European Economic Area or Switzerland")),
                        Option("other", _l("Of another country, or stateless")),
                    ),
                ),
            ),
        ),
        Step(
            key="address",
            title=_l("Your main address"),
            intro=(_l("The address where you live most of the time, as registered with your commune."),),
            for_someone_else=ForSomeoneElse(
                title=_l("The main address of the person you apply for"),
                intro=(_l("The address where they live most of the time, as registered with their commune."),),
            ),
            questions=(
                TextQuestion(key="street", label=_l("Street"), hint=_l("For example: Rue de la Loi"), autocomplete="address-line1", required_message=_l("Enter your street"), for_someone_else=ForSomeoneElse(required_message=_l("Enter their street"))),
                TextQuestion(key="house_number", label=_l("Number"), hint=_l("For example: 16 or 16A"), width="5", max_length=10, required_message=_l("Enter your house number"), for_someone_else=ForSomeoneElse(required_message=_l("Enter their house number"))),
                TextQuestion(key="box", label=_l("Box (optional)"), hint=_l("Only if your building has numbered boxes, for example 3 or B2."), autocomplete="address-line2", width="5", max_length=10, required=False, for_someone_else=ForSomeoneElse(hint=_l("Only if their building has numbered boxes, for example 3 or B2."))),
                PostcodeQuestion(key="postcode", label=_l("Postcode"), hint=_l("4 digits, for example 1000"), required_message=_l("Enter your postcode"), for_someone_else=ForSomeoneElse(required_message=_l("Enter their postcode"))),
                TextQuestion(key="municipality", label=_l("Municipality"), hint=_l("For example: Bruxelles, Gent or Eupen"), autocomplete="address-level2", required_message=_l("Enter your municipality"), for_someone_else=ForSomeoneElse(required_message=_l("Enter their municipality"))),
            ),
            # Autofill puts "Rue de la Loi 16" in the street: the number goes to its field.
            tidy=street_number_box("street", "house_number", "box"),
        ),
        Step(
            key="contact",
            title=_l("How can we contact you?"),
            intro=(_l("We only use these to ask you about your application. Give at least a phone number or an e-mail address."),),
            for_someone_else=ForSomeoneElse(
                title=_l("How can we contact the person you apply for?"),
                intro=(_l("We only use these to ask about the application. Give at least a phone number or an e-mail address."),),
            ),
            questions=(
                PhoneQuestion(
                    key="phone",
                    label=_l("Phone number"),
                    example=_l("For example: 0470 12 34 56"),
                    required=False,
                ),
                EmailQuestion(
                    key="email",
                    label=_l("E-mail address"),
                    example=_l("For example: name@example.be"),
                    required=False,
                ),
                ChoiceQuestion(
                    key="letter_language",
                    label=_l("In which language do you want to receive our letters?"),
                    hint=_l("French, Dutch or German. It can differ from the language of this form."),
                    required_message=_l("Select the language of your letters"),
                    for_someone_else=ForSomeoneElse(
                        label=_l("In which language should we write our letters?"),
                        required_message=_l("Select the language of our letters"),
                    ),
                    options=(
                        Option("fr", _l("French")),
                        Option("nl", _l("Dutch")),
                        Option("de", _l("German")),
                    ),
                ),
            ),
            check=lambda a: (
                {} if a.get("phone") or a.get("email") else
                {"phone": said(
                    a,
                    lambda: _("Enter a phone number or an e-mail address, so that we can reach you"),
                    lambda: _("Enter a phone number or an e-mail address, so that we can reach them"),
                )}
            ),
        ),
        Step(
            key="residence",
            questions=(
                ChoiceQuestion(
                    key="residence",
                    label=_l("Where do you live?"),
                    hint=_l("Where you sleep most nights."),
                    required_message=_l("Select where you live"),
                    for_someone_else=ForSomeoneElse(
                        label=_l("Where does the person you apply for live?"),
                        hint=_l("Where they sleep most nights."),
                        required_message=_l("Select where they live"),
                    ),
                    options=(
                        Option("home", _l("At home, alone or with others")),
                        Option("institution", _l("In an institution or a care home"), _l("For example a residential care home, a psychiatric care home or a home for people with disabilities.")),
                    ),
                ),
            ),
        ),
    ),
)

# ------------------------------------------------------------------ helper
# Asked of whoever fills in the form for the person (a parent, a
# representative, a proxy holder, a helper), about themself: "you" here is
# the one who types, the person is "the person you apply for".
def _check_helper_contact(answers: Answers) -> dict[str, str]:
    """A way to reach the one who fills in: phone, e-mail, or the postal
    address asked when our letters or their copies go to them."""
    if answers.get("helper_phone") or answers.get("helper_email") or answers.letters_to_helper:
        return {}
    return {"helper_phone": _("Enter your phone number or e-mail address, or go back and ask for copies of our letters")}


def _letters_go_to_the_representative(answers: Answers) -> dict[str, str]:
    """A minor's parent or a legal representative is not asked for copies:
    our letters go to them. The summaries, the PDF and the export say so."""
    return {"helper_copy_letters": "representative"} if answers.letters_to_representative else {}


def _helper_contact_intro(answers: Answers) -> str:
    if answers.letters_to_representative:
        return _("We send our letters to you, as the legal representative: we ask your postal address next. A phone number or an e-mail address lets us reach you faster.")
    return _("Give at least one way to reach you: a phone number or an e-mail address, or your postal address if you asked for copies of our letters.")


def _helper_address_intro(answers: Answers) -> str:
    if answers.letters_to_representative:
        return _("We send our letters about the application to this address.")
    return _("We send the copies of our letters to this address.")


ADDRESS_KEYS = ("street", "house_number", "box", "postcode", "municipality")


def _applicant_address_for_helper(answers: Answers) -> dict[str, str]:
    """A helper who lives with the applicant has the applicant's address: read
    from it whenever the answers are read, so a corrected address follows."""
    if answers.get("helper_same_address") != "yes":
        return {}
    return {f"helper_{key}": answers.get(key) for key in ADDRESS_KEYS if answers.get(key) is not None}


HELPER = Part(
    key="helper",
    title=_l("About you, who fill in the form"),
    description=_l("Your name, how we reach you and where our letters go"),
    pictogram="helper.svg",
    condition=lambda a: a.has_helper,
    steps=(
        # Before the details: whether copies go to them decides whether a
        # phone number or an e-mail address is needed there.
        Step(
            key="helper_copy_letters",
            condition=lambda a: not a.letters_to_representative,
            questions=(
                ChoiceQuestion(
                    key="helper_copy_letters",
                    label=_l("Should we also send you copies of our letters?"),
                    hint=_l("Our letters go to the person you apply for. You can receive a copy of each."),
                    required_message=_l("Select whether we should also send you copies of our letters"),
                    options=(
                        Option("yes", _l("Yes")),
                        Option("no", _l("No")),
                        # Never asked: implied for a representative (helper_details).
                        Option("representative", _l("Our letters go to you, as the legal representative"), condition=lambda a: False),
                    ),
                ),
            ),
        ),
        Step(
            key="helper_details",
            title=_l("Your details"),
            intro=(_helper_contact_intro,),
            questions=(
                TextQuestion(key="helper_name", label=_l("Your full name"), hint=_l("First name and last name."), autocomplete=for_helper("name"), required_message=_l("Enter your full name")),
                TextQuestion(
                    key="helper_relationship",
                    label=_l("Your link with the person you apply for, or your organisation"),
                    example=_l("For example: father; daughter; social worker, CPAS of Namur"),
                    required_message=_l("Enter your link with the person you apply for, or your organisation"),
                ),
                PhoneQuestion(key="helper_phone", label=_l("Your phone number"), hint=_l("So that we can call you with a question."), autocomplete=for_helper("tel"), required=False),
                EmailQuestion(key="helper_email", label=_l("Your e-mail address"), hint=_l("For example: name@example.be"), autocomplete=for_helper("email"), required=False),
            ),
            check=_check_helper_contact,
            implies=_letters_go_to_the_representative,
        ),
        Step(
            key="helper_same_address",
            condition=lambda a: a.letters_to_helper,
            questions=(
                ChoiceQuestion(
                    key="helper_same_address",
                    label=_l("Do you live at the address of the person you apply for?"),
                    hint=_l("Then we send our letters for you to that address, and you need not give it again."),
                    required_message=_l("Select whether you live at the address of the person you apply for"),
                    options=(
                        Option("yes", _l("Yes, I live at their address")),
                        Option("no", _l("No, I live at another address")),
                    ),
                ),
            ),
            implies=_applicant_address_for_helper,
        ),
        Step(
            key="helper_address",
            title=_l("Your postal address"),
            intro=(_helper_address_intro,),
            condition=lambda a: a.letters_to_helper and a.get("helper_same_address") == "no",
            questions=(
                TextQuestion(key="helper_street", label=_l("Your street"), hint=_l("For example: Rue de la Loi"), autocomplete=for_helper("address-line1"), required_message=_l("Enter the street of your postal address")),
                TextQuestion(key="helper_house_number", label=_l("Your house number"), hint=_l("For example: 16 or 16A"), width="5", max_length=10, required_message=_l("Enter the house number of your postal address")),
                TextQuestion(key="helper_box", label=_l("Your box (optional)"), hint=_l("Only if your building has numbered boxes, for example 3 or B2."), width="5", max_length=10, autocomplete=for_helper("address-line2"), required=False),
                PostcodeQuestion(key="helper_postcode", label=_l("Your postcode"), hint=_l("4 digits, for example 1000"), autocomplete=for_helper("postal-code"), required_message=_l("Enter the postcode of your postal address")),
                TextQuestion(key="helper_municipality", label=_l("Your municipality"), hint=_l("For example: Bruxelles, Gent or Eupen"), autocomplete=for_helper("address-level2"), required_message=_l("Enter the municipality of your postal address")),
            ),
            tidy=street_number_box("helper_street", "helper_house_number", "helper_box"),
        ),
    ),
    requires=("requests",),
)

# ------------------------------------------------------------------ health
HEALTH = Part(
    key="health",
    title=_l("Your health and your doctors"),
    description=_l("Your situation in your own words, treatments and doctors"),
    pictogram="health.svg",
    steps=(
        Step(
            key="health_situation",
            title=_l("Your health situation"),
            questions=(
                LongTextQuestion(
                    key="health_conditions",
                    label=_l("In your own words, what health problems or conditions affect your daily life?"),
                    hint=_l("Name the illnesses, injuries or conditions you know of, physical or mental. You do not need medical words."),
                    example=_l("For example: arthritis in both knees; depression; I am deaf in my left ear"),
                    required_message=_l("Describe your health situation in a few words"),
                ),
                DateQuestion(
                    key="health_since",
                    label=_l("Since when?"),
                    hint=_l("If you do not know the day, give the month and the year."),
                    example=_l("For example: 3 and 2019 for March 2019"),
                    day_optional=True,
                    required_message=_l("Enter since when, at least the month and the year"),
                ),
            ),
        ),
        Step(
            key="health_duration",
            questions=(
                ChoiceQuestion(
                    key="health_lasting",
                    label=_l("Is your situation expected to last at least one year?"),
                    hint=_l("Count from when it started. Your doctor can tell you."),
                    required_message=_l("Select whether your situation is expected to last at least one year"),
                    options=(
                        Option("yes", _l("Yes")),
                        Option("no", _l("No")),
                        Option("unknown", _l("I do not know")),
                    ),
                ),
            ),
        ),
        Step(
            key="treatments",
            title=_l("Treatments and hospital stays"),
            questions=(
                LongTextQuestion(
                    key="treatments",
                    label=_l("Which treatments do you follow? (optional)"),
                    example=_l("For example: physiotherapy twice a week; insulin every day"),
                    required=False,
                ),
                LongTextQuestion(
                    key="hospital_stays",
                    label=_l("Have you stayed in hospital in the last 3 years? Where and when? (optional)"),
                    example=_l("For example: CHU Liège, two weeks in March 2024"),
                    required=False,
                ),
            ),
        ),
        Step(
            key="doctor",
            title=_l("Your treating doctor"),
            intro=(_l("If you agree (we ask you a little further on), we ask your treating doctor (usually your general practitioner) for the medical information we need."),),
            questions=(
                TextQuestion(key="doctor_name", label=_l("Doctor's name"), hint=_l("The doctor who knows your situation best, usually your general practitioner."), autocomplete=NO_AUTOFILL, required_message=_l("Enter your doctor's name")),
                TextQuestion(
                    key="doctor_address",
                    label=_l("Address of the practice"),
                    example=_l("For example: Rue de la Station 12, 5000 Namur"),
                    autocomplete=NO_AUTOFILL,
                    required_message=_l("Enter the address of your doctor's practice"),
                ),
                PhoneQuestion(key="doctor_phone", label=_l("Doctor's phone number (optional)"), hint=_l("For example: 081 12 34 56"), autocomplete=NO_AUTOFILL, required=False),
            ),
        ),
        Step(
            key="specialists",
            questions=(
                LongTextQuestion(
                    key="specialists",
                    label=_l("Which specialists or other care providers do you see? (optional)"),
                    hint=_l("Their name, speciality and town, one per line."),
                    example=_l("For example: Dr Peeters, neurologist, UZ Leuven"),
                    required=False,
                ),
            ),
        ),
        Step(
            key="doctor_consent",
            questions=(
                ChoiceQuestion(
                    key="doctor_consent",
                    label=_l("May we ask your doctors for medical information about you?"),
                    hint=_l("Without it, you must send us all the medical reports yourself, and your application may take longer."),
                    required_message=_l("Select whether we may contact your doctors"),
                    options=(
                        Option("yes", _l("Yes, you may contact the doctors I named")),
                        Option("no", _l("No, I will send the medical reports myself")),
                    ),
                ),
            ),
        ),
    ),
    requires=("requests",),
)

# -------------------------------------------------------------- daily life
DIFFICULTY_OPTIONS = (
    Option("none", _l("I manage without difficulty")),
    Option("some", _l("I manage, but with some difficulty, or it takes me longer")),
    Option("great", _l("It is very difficult for me, or I need aids or adaptations")),
    Option("help", _l("I cannot manage without help from another person")),
)


def _daily_life_step(key: str, title, examples) -> Step:
    """One of the six activities of the autonomy scale, asked the same way.

    Labels and messages name the activity: the check page, the PDF and the
    list of what is missing show the six together, and each row, "Change"
    link and message must say which one it is about (WCAG 2.4.4, 2.4.9).
    The activity's example questions are the hint, so the fieldset is
    described by them (aria-describedby), not only preceded by them.
    """
    return Step(
        key=f"daily_{key}",
        title=title,
        questions=(
            ChoiceQuestion(
                key=f"daily_{key}",
                label=_l("%(activity)s: how does this go for you, compared with someone of your age without health problems?", activity=title),
                hint=(examples, _l("Think of a usual day, and of your bad days too.")),
                required_message=_l("%(activity)s: select how this goes for you", activity=title),
                options=DIFFICULTY_OPTIONS,
            ),
            LongTextQuestion(
                key=f"daily_{key}_words",
                label=_l("%(activity)s: tell us in your own words", activity=title),
                # Names the first option's own words, so the two never disagree.
                hint=_l("What is difficult, how often, what or who helps you. Fill this in if you did not choose “%(option)s”.", option=DIFFICULTY_OPTIONS[0].label),
                required=lambda a, k=key: a.get(f"daily_{k}") not in (None, "none"),
                required_message=_l("%(activity)s: tell us in your own words what is difficult for you", activity=title),
            ),
        ),
    )


DAILY_LIFE = Part(
    key="daily_life",
    title=_l("Your daily life"),
    description=_l("Six everyday activities, in your own words"),
    pictogram="daily_life.svg",
    steps=(
        _daily_life_step(
            "moving", _l("Moving around"),
            _l("Can you walk to the nearest shop? How far can you walk before you must stop? Can you climb stairs, get in and out of a car, take the bus or the train?"),
        ),
        _daily_life_step(
            "eating", _l("Preparing food and eating"),
            _l("Can you prepare a simple meal, cut your food, eat and drink by yourself? Do you need a special diet, or someone to remind you to eat?"),
        ),
        _daily_life_step(
            "hygiene", _l("Personal hygiene and dressing"),
            _l("Can you wash, go to the toilet, get dressed and undressed by yourself? Do you need someone to remind you, or help with buttons and shoes?"),
        ),
        _daily_life_step(
            "home", _l("Looking after your home"),
            _l("Can you clean, do the laundry, do your shopping and take out the rubbish? Can you manage your bills?"),
        ),
        _daily_life_step(
            "safety", _l("Watching over your own safety"),
            _l("Do you recognise danger, for example in traffic or with a cooker left on? Can you stay alone at home? Do you need someone to remind you to take your medicine?"),
        ),
        _daily_life_step(
            "social", _l("Contact with other people"),
            _l("Can you meet people, make phone calls, go to the doctor or to an office on your own? Do you avoid people or places because of your situation?"),
        ),
    ),
    requires=("requests",),
)

# ---------------------------------------------------------------- mobility
MOBILITY = Part(
    key="mobility",
    title=_l("Moving around outside"),
    description=_l("Walking, aids and transport, for the parking card"),
    pictogram="mobility.svg",
    condition=requested(REQUEST_PARKING_CARD),
    steps=(
        Step(
            key="walking",
            questions=(
                ChoiceQuestion(
                    key="walking_distance",
                    label=_l("How far can you walk without stopping?"),
                    hint=_l("Outside, on a flat pavement, with your usual aids."),
                    required_message=_l("Select how far you can walk"),
                    options=(
                        Option("none", _l("I cannot walk")),
                        Option("under_100", _l("Less than 100 metres")),
                        Option("100_500", _l("Between 100 and 500 metres")),
                        Option("over_500", _l("More than 500 metres")),
                    ),
                ),
            ),
        ),
        Step(
            key="aids",
            questions=(
                MultipleChoiceQuestion(
                    key="mobility_aids",
                    label=_l("Which aids do you use to move around?"),
                    hint=_l("Select all that you use."),
                    required_message=_l("Select the aids you use, or that you use none"),
                    options=(
                        Option("cane", _l("A walking stick")),
                        Option("crutches", _l("Crutches")),
                        Option("walker", _l("A walking frame or rollator")),
                        Option("wheelchair", _l("A manual wheelchair")),
                        Option("electric_wheelchair", _l("An electric wheelchair")),
                        Option("scooter", _l("A mobility scooter")),
                        Option("other", _l("Another aid")),
                        Option("no_aid", _l("I use no aid"), exclusive=True),
                    ),
                ),
            ),
        ),
        Step(
            key="driving",
            questions=(
                ChoiceQuestion(
                    key="driving",
                    label=_l("How do you travel by car?"),
                    hint=_l("Choose the answer that fits most of your trips."),
                    required_message=_l("Select how you travel by car"),
                    options=(
                        Option("self", _l("I drive myself")),
                        Option("driven", _l("Someone drives me")),
                        Option("both", _l("Both")),
                        Option("no_car", _l("I do not travel by car")),
                    ),
                ),
            ),
        ),
        Step(
            key="other_recognition",
            questions=(
                ChoiceQuestion(
                    key="other_recognition",
                    label=_l("Has another body already recognised your disability or your invalidity?"),
                    hint=_l("For example Fedris (occupational accidents and diseases), AVIQ, VAPH, Iriscare, your mutuality's advising doctor, or the war invalids' service."),
                    required_message=_l("Select whether another body has recognised your disability"),
                    options=(
                        Option("yes", _l("Yes")),
                        Option("no", _l("No")),
                        Option("unknown", _l("I do not know")),
                    ),
                ),
            ),
        ),
        Step(
            key="other_recognition_details",
            condition=lambda a: a.get("other_recognition") == "yes",
            questions=(
                TextQuestion(
                    key="other_recognition_body",
                    label=_l("Which body, and what did it recognise?"),
                    example=_l("For example: Fedris, 60 % permanent invalidity"),
                    required_message=_l("Enter which body recognised your disability"),
                ),
            ),
        ),
    ),
    requires=("requests",),
)

# --------------------------------------------------------------- household
HOUSEHOLD = Part(
    key="household",
    title=_l("Your household"),
    description=_l("Who you live with, for the allowances"),
    pictogram="household.svg",
    condition=allowances,
    steps=(
        Step(
            key="household",
            questions=(
                ChoiceQuestion(
                    key="household_situation",
                    label=_l("Who do you live with?"),
                    hint=_l("The allowances depend on the income of your household."),
                    required_message=_l("Select who you live with"),
                    options=(
                        # No "in an institution": the residence step asks it already (WCAG 3.3.7).
                        Option("alone", _l("I live alone"), _l("Also if you live in an institution or a care home without a husband, wife or partner.")),
                        Option("married", _l("With my husband or wife")),
                        Option("legal_cohabitant", _l("With my legal cohabitant"), _l("You made a declaration of legal cohabitation at the commune.")),
                        Option("partner", _l("With a partner, without being married or legal cohabitants")),
                        Option("others", _l("With other people, for example my parents, children or friends")),
                    ),
                ),
            ),
        ),
        Step(
            key="partner",
            title=_l("Your partner"),
            condition=lambda a: a.has_partner,
            questions=(
                TextQuestion(key="partner_first_name", label=_l("Your partner's first name"), hint=_l("As on their identity card."), autocomplete=NO_AUTOFILL, spellcheck=False, required_message=_l("Enter your partner's first name")),
                TextQuestion(key="partner_last_name", label=_l("Your partner's last name"), hint=_l("As on their identity card."), autocomplete=NO_AUTOFILL, spellcheck=False, required_message=_l("Enter your partner's last name")),
                NationalNumberQuestion(
                    key="partner_national_number",
                    label=_l("Your partner's national register number"),
                    example=_l("For example: 85.07.30-033.28"),
                    required_message=_l("Enter your partner's national register number"),
                ),
            ),
            check=lambda a: (
                {"partner_national_number": _("Enter your partner's number, not your own")}
                if a.get("partner_national_number") and a.get("partner_national_number") == a.get("national_number")
                else {}
            ),
        ),
        Step(
            key="children",
            questions=(
                CountQuestion(
                    key="dependent_children",
                    label=_l("How many children do you support?"),
                    hint=_l("Children for whom you receive family allowances or pay maintenance. Enter 0 if none."),
                    required_message=_l("Enter the number of children you support, or 0"),
                ),
            ),
        ),
    ),
    requires=("requests",),
)

# ------------------------------------------------------------ work, income
WORK_INCOME = Part(
    key="work_income",
    title=_l("Work and income"),
    description=_l("Your work, benefits and income, for the allowances"),
    pictogram="work_income.svg",
    condition=allowances,
    steps=(
        Step(
            key="work",
            questions=(
                ChoiceQuestion(
                    key="work_status",
                    label=_l("Do you work at the moment?"),
                    hint=_l("Even part-time or a few hours a week."),
                    required_message=_l("Select whether you work at the moment"),
                    options=(
                        Option("no", _l("No")),
                        Option("employee", _l("Yes, as an employee")),
                        Option("self_employed", _l("Yes, as a self-employed person")),
                        Option("civil_servant", _l("Yes, as a civil servant")),
                        Option("sheltered", _l("Yes, in a sheltered workshop or adapted company")),
                    ),
                ),
            ),
        ),
        Step(
            key="worked_before",
            condition=lambda a: a.get("work_status") == "no",
            questions=(
                ChoiceQuestion(
                    key="worked_before",
                    label=_l("Have you worked before?"),
                    hint=_l("As an employee, a self-employed person or a civil servant, even part-time."),
                    required_message=_l("Select whether you have worked before"),
                    options=(Option("yes", _l("Yes")), Option("no", _l("No"))),
                ),
            ),
        ),
        Step(
            key="work_stopped",
            condition=lambda a: a.get("work_status") == "no" and a.get("worked_before") == "yes",
            questions=(
                DateQuestion(
                    key="work_stopped",
                    label=_l("When did you stop working?"),
                    hint=_l("Your last day of work. If you do not know the day, give the month and the year."),
                    example=_l("For example: 3 and 2019 for March 2019"),
                    day_optional=True,
                    required_message=_l("Enter when you stopped working, at least the month and the year"),
                ),
            ),
        ),
        Step(
            key="benefits",
            questions=(
                MultipleChoiceQuestion(
                    key="benefits",
                    label=_l("Do you receive any of these benefits?"),
                    hint=_l("Select all that you receive."),
                    required_message=_l("Select the benefits you receive, or that you receive none"),
                    options=(
                        Option("sickness", _l("Sickness or invalidity benefit from my mutuality")),
                        Option("unemployment", _l("Unemployment benefit")),
                        Option("pension", _l("A pension")),
                        Option("integration_income", _l("The integration income from the CPAS")),
                        Option("occupational", _l("A benefit for an occupational accident or disease")),
                        Option("other", _l("Another benefit")),
                        Option("no_benefit", _l("None of these"), exclusive=True),
                    ),
                ),
            ),
        ),
        Step(
            key="other_benefit",
            condition=lambda a: "other" in (a.get("benefits") or []),
            questions=(
                TextQuestion(
                    key="other_benefit",
                    label=_l("Which other benefit do you receive?"),
                    hint=_l("Its name and who pays it."),
                    example=_l("For example: a pension from another country"),
                    required_message=_l("Enter which other benefit you receive"),
                ),
            ),
        ),
        Step(
            key="income",
            title=_l("Your income"),
            intro=(_l("Look at your latest income tax assessment if you have it. An estimate is enough: we check the amounts with the tax administration."),),
            questions=(
                AmountQuestion(
                    key="own_income",
                    label=_l("Your yearly income from work, in euros"),
                    hint=_l("Gross taxable amount. Enter 0 if you have none."),
                    required_message=_l("Enter your yearly income from work, or 0"),
                ),
            ),
        ),
        # A step of its own: questions have no conditions, and someone who
        # lives alone must not be asked about a partner (as the partner step).
        Step(
            key="partner_income",
            condition=lambda a: a.has_partner,
            questions=(
                AmountQuestion(
                    key="partner_income",
                    label=_l("Your partner's yearly income, in euros"),
                    hint=_l("From work, benefits and pensions. Enter 0 if none."),
                    required_message=_l("Enter your partner's yearly income, or 0"),
                ),
            ),
        ),
    ),
    requires=("requests",),
)

# ----------------------------------------------------------------- payment
PAYMENT = Part(
    key="payment",
    title=_l("Payment of the allowances"),
    description=_l("The bank account we pay to"),
    pictogram="payment.svg",
    condition=allowances,
    steps=(
        Step(
            key="bank_account",
            title=_l("Your bank account"),
            questions=(
                IbanQuestion(
                    key="iban",
                    label=_l("Account number (IBAN)"),
                    hint=_l("An account in your name, or a joint account. It is on your bank card or bank statements."),
                    example=_l("For example: BE71 0961 2345 6769"),
                    required_message=_l("Enter your account number"),
                ),
                ChoiceQuestion(
                    key="account_holder",
                    label=_l("Whose account is it?"),
                    hint=_l("The allowances are paid into this account."),
                    required_message=_l("Select whose account it is"),
                    options=(
                        Option("own", _l("Mine")),
                        Option("joint", _l("A joint account, with me as one of the holders")),
                        Option(
                            "representative", _l("An account managed by my legal representative"),
                            condition=lambda a: a.get("helper_kind") == "legal",
                        ),
                    ),
                ),
            ),
        ),
    ),
    requires=("requests",),
)

# --------------------------------------------------------------- documents
DOCUMENTS = Part(
    key="documents",
    title=_l("Documents"),
    description=_l("Medical reports and other papers you have"),
    pictogram="documents.svg",
    steps=(
        Step(
            key="documents",
            links=(("files.index", _l("Attach your documents (PDF, JPEG or PNG), if you have them")),),
            questions=(
                MultipleChoiceQuestion(
                    key="documents_available",
                    label=_l("Which documents will you attach?"),
                    hint=_l("They are not always needed. Before you send your application, we tell you if one is missing. If you have them, they help us decide faster."),
                    required_message=_l("Select the documents you have, or that you have none"),
                    options=(
                        Option("medical_reports", _l("Medical reports")),
                        Option("specialist_letters", _l("Letters from specialists")),
                        Option("other_recognition", _l("A decision of another body that recognised my disability")),
                        Option("court_decision", _l("A court decision naming my representative")),
                        Option("no_documents", _l("I have no documents at the moment"), exclusive=True),
                    ),
                ),
            ),
        ),
    ),
    requires=("requests",),
)

# ------------------------------------------------------------- declaration
def _full_name(answers: Answers) -> str:
    return " ".join(answers.get(key) for key in ("first_name", "last_name") if answers.get(key))


def _who_declares(answers: Answers) -> str:
    """Who declares for whom, by name: a helper at the person's side only
    records what the person confirmed; the others declare for the person."""
    applicant, helper = _full_name(answers), answers.get("helper_name")
    if answers.get("helper_kind") == "present":
        if applicant and helper:
            return _("In the presence of %(name)s, %(applicant)s confirmed each sentence and declares that", name=helper, applicant=applicant)
        return _("In my presence, the person I help confirmed each sentence and declares that")
    if applicant and helper:
        return _("I, %(name)s, declare for %(applicant)s that", name=helper, applicant=applicant)
    return _("I declare for the person I apply for that")


def _declaration_intro(answers: Answers) -> str:
    if answers.get("helper_kind") == "present":
        return _("Read each sentence to the person you help. Tick it once they confirm it. Then send the application.")
    return _("Read each sentence and tick it to confirm. Then send the application.")


def _their_changes(answers: Answers) -> str:
    """The person at the helper's side reports their own changes; a
    representative reports the changes of the person they act for."""
    if answers.get("helper_kind") == "present":
        return _("I will report any change in my situation (address, household, income, health)")
    return _("I will report any change in their situation (address, household, income, health)")


DECLARATION = Part(
    key="declaration",
    title=_l("Declaration and sending"),
    description=_l("Confirm and send your application"),
    pictogram="declaration.svg",
    steps=(
        Step(
            key="declaration",
            title=_l("Declaration"),
            intro=(_l("Read each sentence and tick it to confirm. Then send your application."),),
            for_someone_else=ForSomeoneElse(intro=(_declaration_intro,)),
            questions=(
                MultipleChoiceQuestion(
                    key="declaration",
                    label=_l("I declare that"),
                    for_someone_else=ForSomeoneElse(label=_who_declares),
                    hint=_l("Tick every sentence."),
                    all_required=True,
                    required_message=_l("Tick every sentence to confirm it"),
                    all_required_message=_l("Tick every sentence to confirm it"),
                    options=(
                        Option("true_complete", _l("my answers are true and complete")),
                        Option("processing", _l("I agree that the DG Persons with Disabilities processes my data to handle this application")),
                        # The consent to contact the doctors, stated where the
                        # applicant signs, only when they allowed it earlier.
                        Option(
                            "contact_doctors",
                            _l("I agree that the DG Persons with Disabilities asks the doctors I named for the medical information needed to handle this application"),
                            condition=lambda a: a.get("doctor_consent") == "yes",
                        ),
                        Option(
                            "report_changes", _l("I will report any change in my situation (address, household, income, health)"),
                            for_someone_else=ForSomeoneElse(label=_their_changes),
                        ),
                    ),
                ),
            ),
            continue_label=_l("Send my application"),
            submits=True,
        ),
    ),
    requires=("*",),
)

QUESTIONNAIRE: tuple[Part, ...] = (
    REQUESTS,
    ABOUT_YOU,
    HELPER,
    HEALTH,
    DAILY_LIFE,
    MOBILITY,
    HOUSEHOLD,
    WORK_INCOME,
    PAYMENT,
    DOCUMENTS,
    DECLARATION,
)


COMPLETENESS_RULES: tuple[CompletenessRule, ...] = (
    # Files actually attached count, not the ticked boxes of the documents
    # step: a box ticked without a file gave the officer nothing to read.
    CompletenessRule(
        key="medical_evidence",
        broken=lambda a: a.get("doctor_consent") == "no" and not a.attached("medical_report"),
        message=_l("Medical report: you chose to send the medical reports yourself. Attach a medical report, or allow us to contact your doctor."),
        step="documents",
        endpoint="files.index",
    ),
    CompletenessRule(
        key="representative_decision",
        broken=lambda a: a.get("helper_kind") == "legal" and not a.attached("certificate"),
        message=_l("Court decision: your legal representative applies for you. Attach the decision of the justice of the peace that names them (as “Certificate or decision”)."),
        step="documents",
        endpoint="files.index",
    ),
    CompletenessRule(
        key="proxy_document",
        broken=lambda a: a.get("helper_kind") == "proxy" and not a.attached("proxy"),
        message=_l("Proxy or mandate: you fill in the form with a written proxy or a protection mandate. Attach a copy (as “Proxy or protection mandate”)."),
        step="documents",
        endpoint="files.index",
    ),
    CompletenessRule(
        key="parent_of_an_adult",
        # Offered while the age is unknown: the number given later may show an adult.
        broken=lambda a: a.get("helper_kind") == "parent" and not a.may_be_a_minor,
        message=_l("Who is filling in: you chose a parent for their child under 18, but the date of birth shows that the person is 18 or over. Choose another answer."),
        step="helper_kind",
    ),
    CompletenessRule(
        key="account_without_representative",
        # The helper's answer may change after the account was given.
        broken=lambda a: a.get("account_holder") == "representative" and a.get("helper_kind") != "legal",
        message=_l("Bank account: you chose an account managed by your legal representative, but you did not say that a legal representative acts for you. Choose whose account it is again."),
        step="bank_account",
    ),
    CompletenessRule(
        key="other_recognition_decision",
        broken=lambda a: a.requested(REQUEST_PARKING_CARD)
        and a.get("other_recognition") == "yes"
        and not a.attached("certificate"),
        message=_l("Decision of another body: you said another body recognised your disability. For the parking card, attach that decision on the “Attach documents” page, as “Certificate or decision”."),
        step="documents",
        endpoint="files.index",
    ),
)

from .engine import Engine  # noqa: E402  (built once the parts exist)

ENGINE = Engine(QUESTIONNAIRE, COMPLETENESS_RULES)
