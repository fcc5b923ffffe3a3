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
from babel.lists import format_list
from flask_babel import LazyString, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .addresses import street_number_box
from .answers import (
    REQUEST_ALLOWANCES,
    REQUEST_EDC,
    REQUEST_PARKING_CARD,
    REQUEST_PARKING_DUPLICATE,
    REQUEST_RECOGNITION,
    Answers,
    allowances_max_ages,
)
from .i18n import format_month
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
    RizivQuestion,
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


def needs_evaluation(answers: Answers) -> bool:
    """Not for a new copy of a parking card or the European Disability Card
    alone; shown on the task list before anything is chosen."""
    return not answers.any_request or answers.needs_evaluation


def allowance_age_rule() -> str:
    """The allowances' age range as one rule a person can check: the upper
    age depends on the year of birth (the legal pension age), so the ages of
    the configured table are named, not one number."""
    config = current_app.config
    ages = allowances_max_ages()
    if len(ages) == 1:
        return _(
            "The allowances are for people from %(min)s years old until the day before they turn %(max)s.",
            min=config["ALLOWANCE_MIN_AGE"], max=ages[0],
        )
    return _(
        "The allowances are for people from %(min)s years old until the day before they reach the legal "
        "pension age: %(ages)s, depending on their year of birth.",
        min=config["ALLOWANCE_MIN_AGE"],
        ages=format_list([str(age) for age in ages], style="or", locale=get_locale()),
    )


def allowance_age_message() -> str:
    return _(
        "%(rule)s You can apply from the month you turn %(from)s.",
        rule=allowance_age_rule(),
        **{"from": current_app.config["ALLOWANCE_APPLY_FROM_AGE"]},
    )


def _month(day: date) -> str:
    """A month as people say it, in the page's language ("mars 2026")."""
    return format_month(day)


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
            "For people born in %(year)s, they can be asked until the day before they turn %(max)s.",
            year=answers.birth_month[0],
            max=answers.allowances_max_age,
        )
    return None


def help_for_older_people(answers: Answers) -> str | None:
    """For an applicant past the allowances' age: the regional allowance for
    older people that exists instead (since the 6th State Reform), by name."""
    if not answers.allowances_too_old:
        return None
    return _(
        "From that age, another allowance can help with the costs of a disability: the allowance for "
        "assistance to the elderly, from your region. In Wallonia, the Agence pour une Vie de Qualité (AVIQ) "
        "pays it; in Brussels, Iriscare; in the German-speaking Community, the Dienststelle für Selbstbestimmtes "
        "Leben (DSL). In Flanders, it is the care budget for older people in need of care, through your care "
        "fund (zorgkas). Your CPAS or your mutuality can help you apply."
    )


# ---------------------------------------------------------------- requests
def _check_requests(answers: Answers) -> dict[str, str]:
    if answers.requested(REQUEST_PARKING_CARD) and answers.requested(REQUEST_PARKING_DUPLICATE):
        return {"requests": _(
            "Choose either a parking card or a new copy of your parking card, not both. "
            "A card that expires is renewed with “A parking card for people with disabilities”."
        )}
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
                "You are %(age)s years old. For people born in %(year)s, the allowances can be asked until "
                "the day before they turn %(max)s. Untick the allowances, or check your national register number.",
                age=answers.age,
                year=answers.birth_month[0],
                max=answers.allowances_max_age,
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
                            pictogram="recognition.svg",
                        ),
                        Option(
                            REQUEST_ALLOWANCES,
                            _l("The income replacement allowance and the integration allowance"),
                            LazyString(lambda: " ".join((
                                _("Monthly allowances for people whose situation reduces what they can earn or makes daily life more costly."),
                                allowance_age_rule(),
                            ))),
                            pictogram="allowances.svg",
                        ),
                        Option(
                            REQUEST_PARKING_CARD,
                            _l("A parking card for people with disabilities"),
                            _l("To park on reserved spaces, when moving around is very difficult for you. Has your mutuality approved a wheelchair for you? Then you receive the parking card without applying (since 1 April 2014)."),
                            pictogram="parking_card.svg",
                        ),
                        Option(
                            REQUEST_PARKING_DUPLICATE,
                            _l("A new copy of my parking card, because it was lost, stolen or damaged"),
                            _l("Without a new medical evaluation. If it was stolen, you need the report of the police."),
                            pictogram="parking_card.svg",
                        ),
                        Option(
                            REQUEST_EDC,
                            _l("The European Disability Card"),
                            _l("It shows your disability in Belgium and in other European countries, for example for reduced prices at museums, at leisure activities or on transport. We issue it to people whose disability we recognised."),
                            pictogram="european_card.svg",
                        ),
                    ),
                ),
            ),
            check=_check_requests,
        ),
        Step(
            key="card_replacement",
            condition=lambda a: a.requested(REQUEST_PARKING_DUPLICATE),
            questions=(
                ChoiceQuestion(
                    key="card_replacement",
                    pictogram="parking_card.svg",
                    label=_l("What happened to your parking card?"),
                    hint=_l("We send you a new copy. You do not need a new medical evaluation."),
                    required_message=_l("Select what happened to your parking card"),
                    options=(
                        Option("lost", _l("I lost it")),
                        Option("stolen", _l("It was stolen"), _l("Report the theft to the police first. Attach their report to your application, or send it to us later.")),
                        Option("damaged", _l("It is damaged or no longer readable")),
                    ),
                ),
            ),
        ),
        Step(
            key="certificate_purpose",
            title=_l("What the certificate is for"),
            condition=lambda a: a.recognition_alone,
            intro=(_l("Already recognised? Then you can download your certificates in My Handicap (myhandicap.belgium.be), without a new evaluation."),),
            questions=(
                MultipleChoiceQuestion(
                    key="certificate_purpose",
                    label=_l("What do you need the certificate of recognition for?"),
                    hint=_l("Select everything that applies. Each advantage has its own conditions: this tells us what to evaluate."),
                    required_message=_l("Select what you need the certificate for"),
                    options=(
                        Option("tax", _l("A tax reduction"), _l("For example a higher tax-free amount on your income tax.")),
                        Option("social_tariffs", _l("Social tariffs"), _l("For example a lower price for energy, telephone or internet.")),
                        Option("car", _l("A VAT or road tax exemption for a car")),
                        Option("public_transport", _l("Public transport"), _l("For example the SNCB/NMBS companion card, or reduced fares on buses and trams.")),
                        Option("other", _l("Something else")),
                    ),
                ),
                LongTextQuestion(
                    key="certificate_purpose_words",
                    label=_l("What you need the certificate for, in your own words (optional)"),
                    example=_l("For example: a reduced price at the swimming pool of my commune"),
                    required=False,
                ),
            ),
        ),
        Step(
            key="request_kind",
            condition=lambda a: a.needs_evaluation,
            questions=(
                ChoiceQuestion(
                    key="request_kind",
                    label=_l("Is this a first application, or do you already have a file with us?"),
                    hint=_l("If your situation got worse or your decision ends soon, we look at your file again."),
                    required_message=_l("Select what kind of application this is"),
                    options=(
                        Option("new", _l("A first application to the DG Persons with Disabilities"), _l("Not sure whether you applied before? Choose this: we look it up with your national register number.")),
                        Option("new_with_file", _l("A new request: I already have a file with you for something else"), _l("For example: your disability is recognised, and you now ask for a parking card.")),
                        Option("worse", _l("My situation got worse: I ask for a new evaluation (revision)"), _l("For example: you receive an allowance, and your health or your daily life has become more difficult since our last decision.")),
                        Option("renewal", _l("A renewal: my recognition, allowance or parking card is granted until a certain date"), _l("For example: your parking card is valid for 5 years, or your recognition ends next year.")),
                    ),
                ),
            ),
        ),
        Step(
            key="renewal",
            condition=lambda a: a.needs_evaluation and a.get("request_kind") == "renewal",
            questions=(
                DateQuestion(
                    key="valid_until",
                    label=_l("Until when is your recognition, allowance or parking card granted?"),
                    hint=_l("The end date on our last decision or on your card. If you do not know the day, give the month and the year."),
                    example=_l("For example: 30 6 2027"),
                    day_optional=True,
                    not_in_future=False,
                    required_message=_l("Enter until when it is granted, at least the month and the year"),
                ),
            ),
        ),
        Step(
            key="dg_file",
            title=_l("Your file with the DG Persons with Disabilities"),
            intro=(_l("Both questions are optional: we also find your file with your national register number."),),
            condition=lambda a: a.has_dg_file,
            questions=(
                TextQuestion(
                    key="dg_file_number",
                    label=_l("Your file number (optional)"),
                    hint=_l("It is on our letters, near the top."),
                    spellcheck=False,
                    max_length=30,
                    required=False,
                ),
                DateQuestion(
                    key="dg_file_since",
                    label=_l("Since when do you have a file with us? (optional)"),
                    hint=_l("The month and the year of your first application. An estimate is enough."),
                    example=_l("For example: 9 and 2015 for September 2015"),
                    day_optional=True,
                    required=False,
                ),
            ),
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
                help_for_older_people,
                _l("You can still apply for the recognition of your disability and for a parking card."),
            ),
            on_save=_remove_allowances,
            continue_label=_l("Remove the allowances and continue"),
        ),
        # Only for the allowances, whose nationality conditions it serves (data minimisation).
        Step(
            key="nationality",
            condition=allowances,
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
            key="nationality_category",
            condition=lambda a: allowances(a) and a.get("nationality") == "other",
            questions=(
                MultipleChoiceQuestion(
                    key="nationality_category",
                    label=_l("As a person of another country, which of these applies to you?"),
                    hint=_l("The allowances are for Belgians and for some people of other countries. Select all that apply. Your commune can tell you in which register you are."),
                    required_message=_l("Select what applies to you, or that you do not know"),
                    options=(
                        Option("population_register", _l("I am registered in the population register of my commune"), _l("Not only in the register of foreigners or the waiting register.")),
                        Option("maghreb_insured", _l("I am Algerian, Moroccan or Tunisian, and I have rights to the Belgian social security"), _l("For example because I have worked in Belgium.")),
                        Option("refugee", _l("I am a recognised refugee")),
                        Option("stateless", _l("I am a recognised stateless person")),
                        Option("family_member", _l("I am a family member of a Belgian, of a citizen of the European Union, the European Economic Area or Switzerland, or of someone in one of these situations")),
                        Option("other_status", _l("None of these, or I do not know"), exclusive=True),
                    ),
                ),
            ),
        ),
        Step(
            key="address",
            title=_l("Your main address"),
            intro=(
                _l("The address where you live most of the time, as registered with your commune."),
                _l("You have no home, and a CPAS gave you a reference address? Then give that address: our letters go there."),
            ),
            for_someone_else=ForSomeoneElse(
                title=_l("The main address of the person you apply for"),
                intro=(
                    _l("The address where they live most of the time, as registered with their commune."),
                    _l("They have no home, and a CPAS gave them a reference address? Then give that address."),
                ),
            ),
            questions=(
                TextQuestion(key="street", pictogram="address.svg", label=_l("Street"), hint=_l("For example: Rue de la Loi"), autocomplete="address-line1", required_message=_l("Enter your street"), for_someone_else=ForSomeoneElse(required_message=_l("Enter their street"))),
                TextQuestion(key="house_number", label=_l("Number"), hint=_l("For example: 16 or 16A"), width="5", max_length=10, required_message=_l("Enter your house number"), for_someone_else=ForSomeoneElse(required_message=_l("Enter their house number"))),
                TextQuestion(key="box", label=_l("Box (optional)"), hint=_l("Only if your building has numbered boxes, for example 3 or B2."), autocomplete="address-line2", width="5", max_length=10, required=False, for_someone_else=ForSomeoneElse(hint=_l("Only if their building has numbered boxes, for example 3 or B2."))),
                PostcodeQuestion(key="postcode", label=_l("Postcode"), hint=_l("4 digits, for example 1000"), required_message=_l("Enter your postcode"), for_someone_else=ForSomeoneElse(required_message=_l("Enter their postcode"))),
                TextQuestion(key="municipality", label=_l("Municipality"), hint=_l("For example: Bruxelles, Gent or Eupen"), autocomplete="address-level2", required_message=_l("Enter your municipality"), for_someone_else=ForSomeoneElse(required_message=_l("Enter their municipality"))),
                MultipleChoiceQuestion(
                    key="reference_address",
                    label=_l("Is it a reference address? (optional)"),
                    hint=_l("A CPAS gives a reference address to people without a home, so that they receive their mail."),
                    required=False,
                    options=(Option(
                        "cpas", _l("Yes, it is my reference address at a CPAS"),
                        for_someone_else=ForSomeoneElse(label=_l("Yes, it is their reference address at a CPAS")),
                    ),),
                ),
            ),
            # Autofill puts "Rue de la Loi 16" in the street: the number goes to its field.
            tidy=street_number_box("street", "house_number", "box"),
        ),
        Step(
            key="contact",
            title=_l("How can we contact you?"),
            # Letters by post are the legal channel: a person with neither a
            # phone nor an e-mail address can apply too (older people, some
            # homeless people with a reference address at the CPAS).
            intro=(_l("We send our letters and our decision by post, to your address. A phone number or an e-mail address is not required: with one, we can ask you a question faster."),),
            for_someone_else=ForSomeoneElse(
                title=_l("How can we contact the person you apply for?"),
                intro=(_l("We send our letters and our decision by post. A phone number or an e-mail address is not required: with one, we can ask a question faster."),),
            ),
            questions=(
                PhoneQuestion(
                    key="phone",
                    pictogram="phone.svg",
                    label=_l("Phone number (optional)"),
                    example=_l("For example: 0470 12 34 56"),
                    required=False,
                ),
                EmailQuestion(
                    key="email",
                    pictogram="email.svg",
                    label=_l("E-mail address (optional)"),
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
        ),
        Step(
            key="contact_way",
            # A real choice only with a phone or an e-mail address; the
            # options are the ways the answers given make possible.
            condition=lambda a: bool(a.get("phone") or a.get("email")),
            questions=(
                ChoiceQuestion(
                    key="contact_way",
                    label=_l("How do you prefer that we contact you when we have a question?"),
                    hint=_l("Our decision always comes by letter."),
                    required_message=_l("Select how you prefer that we contact you"),
                    options=(
                        Option("letter", _l("Only by letter")),
                        Option("phone", _l("By phone"), condition=lambda a: bool(a.get("phone"))),
                        Option("sms", _l("By text message (SMS)"), condition=lambda a: a.has_mobile_phone),
                        Option("email", _l("By e-mail"), condition=lambda a: bool(a.get("email"))),
                        Option(
                            "video_sign_language", _l("By video call, with a sign-language interpreter"),
                            _l("We send you the link by e-mail or text message."),
                            condition=lambda a: bool(a.get("email")) or a.has_mobile_phone,
                        ),
                    ),
                ),
            ),
        ),
        Step(
            key="meeting_needs",
            title=_l("Your needs for contact and for the meeting with our evaluator"),
            intro=(_l("A doctor or another evaluator of the DG (for example a nurse, a psychologist or a social worker) may invite you to a meeting about your daily life. Tell us what you need to take part."),),
            questions=(
                ChoiceQuestion(
                    key="interpreter",
                    label=_l("Do you need an interpreter at the meeting?"),
                    hint=_l("For example if you are deaf, or if you do not speak French, Dutch or German well."),
                    required_message=_l("Select whether you need an interpreter"),
                    options=(
                        Option("no", _l("No")),
                        Option("lsfb", _l("Yes, French Belgian Sign Language (LSFB)")),
                        Option("vgt", _l("Yes, Flemish Sign Language (VGT)")),
                        Option("dgs", _l("Yes, German Sign Language (DGS)")),
                        Option("spoken", _l("Yes, for a spoken language")),
                    ),
                ),
                TextQuestion(
                    key="interpreter_language",
                    label=_l("If you need an interpreter for a spoken language: which language?"),
                    example=_l("For example: Arabic, Turkish or Polish"),
                    max_length=100,
                    required=lambda a: a.get("interpreter") == "spoken",
                    required_message=_l("Enter the language you need an interpreter for"),
                ),
                MultipleChoiceQuestion(
                    key="meeting_help",
                    label=_l("What else do you need for the meeting or for our letters? (optional)"),
                    hint=_l("Select all that apply."),
                    required=False,
                    options=(
                        Option("home_visit", _l("I cannot travel to a centre: I need a visit at home"), _l("For example if you cannot leave your bed, or if the journey would harm your health.")),
                        Option("companion", _l("A person I trust comes with me"), _l("For example a relative, a friend or a social worker.")),
                        Option("wheelchair", _l("Access for a wheelchair"), _l("No steps, a lift and an adapted toilet.")),
                        Option("large_print", _l("Our letters in large print")),
                    ),
                ),
                LongTextQuestion(
                    key="meeting_notes",
                    label=_l("Anything else we should know for the meeting? (optional)"),
                    example=_l("For example: I need a quiet room; I cannot wait long; my assistance dog comes with me."),
                    max_length=1000,
                    rows=3,
                    required=False,
                ),
            ),
        ),
        # Only for the allowances: a stay in an institution changes their payment.
        Step(
            key="residence",
            condition=allowances,
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
                        Option("no_home", _l("I have no home"), _l("For example in a night shelter, or with friends for a short time.")),
                    ),
                ),
            ),
        ),
        Step(
            key="institution",
            title=_l("Your stay in an institution"),
            intro=(_l("After some time in an institution at the expense of a public authority, part of the allowances may be paid differently. These answers help us pay the right amount."),),
            condition=lambda a: allowances(a) and a.get("residence") == "institution",
            questions=(
                DateQuestion(
                    key="institution_since",
                    label=_l("Since when have you lived in the institution?"),
                    hint=_l("If you do not know the day, give the month and the year."),
                    example=_l("For example: 3 and 2019 for March 2019"),
                    day_optional=True,
                    required_message=_l("Enter since when you have lived in the institution, at least the month and the year"),
                ),
                ChoiceQuestion(
                    key="institution_paid_by",
                    label=_l("Who pays for your stay in the institution?"),
                    hint=_l("Look at the institution's invoices, or ask its social service."),
                    required_message=_l("Select who pays for your stay in the institution"),
                    options=(
                        Option("self", _l("I pay it myself, or my family pays it")),
                        Option("public", _l("A public authority or the CPAS pays part or all of it")),
                        Option("unknown", _l("I do not know")),
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
                PhoneQuestion(key="helper_phone", pictogram="phone.svg", label=_l("Your phone number"), hint=_l("So that we can call you with a question."), autocomplete=for_helper("tel"), required=False),
                EmailQuestion(key="helper_email", pictogram="email.svg", label=_l("Your e-mail address"), hint=_l("For example: name@example.be"), autocomplete=for_helper("email"), required=False),
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
                TextQuestion(key="helper_street", pictogram="address.svg", label=_l("Your street"), hint=_l("For example: Rue de la Loi"), autocomplete=for_helper("address-line1"), required_message=_l("Enter the street of your postal address")),
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
    condition=needs_evaluation,
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
            # F6: the DG's own medical form, not any report, decides.
            intro=(
                _l("The DG needs its own medical form about you, filled in by a doctor. If you allow it (we ask you a little further on), the DG asks the doctor you name here to fill it in: you do not need to bring the form."),
                _l("A medical report you already have, an old hospital letter for example, may not be enough on its own."),
            ),
            questions=(
                TextQuestion(key="doctor_name", label=_l("Doctor's name"), hint=_l("The doctor who knows your situation best, usually your general practitioner."), autocomplete=NO_AUTOFILL, required_message=_l("Enter your doctor's name")),
                TextQuestion(
                    key="doctor_address",
                    label=_l("Address of the practice"),
                    example=_l("For example: Rue de la Station 12, 5000 Namur"),
                    autocomplete=NO_AUTOFILL,
                    required_message=_l("Enter the address of your doctor's practice"),
                ),
                PhoneQuestion(key="doctor_phone", label=_l("Doctor's phone number (optional)"), hint=_l("For example: 081 22 33 44"), autocomplete=NO_AUTOFILL, required=False),
                # So that the DG reaches the right doctor, also electronically.
                RizivQuestion(
                    key="doctor_riziv",
                    label=_l("Doctor's RIZIV/INAMI number (optional)"),
                    hint=_l("You find it on a prescription or on the doctor's stamp: 11 digits, written like 1-23456-78-901."),
                    autocomplete=NO_AUTOFILL,
                    required=False,
                ),
                EmailQuestion(key="doctor_email", label=_l("Doctor's e-mail address (optional)"), example=_l("For example: name@example.be"), autocomplete=NO_AUTOFILL, required=False),
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
                    label=_l("May the DG ask your doctor to fill in its medical form?"),
                    hint=_l("The DG then also asks the doctors you named for the medical information it needs. If you have the form filled in yourself, your application may take longer: the DG decides once it has the form."),
                    required_message=_l("Select whether the DG may ask your doctor to fill in its medical form"),
                    options=(
                        Option("yes", _l("Yes, the DG may ask my doctor to fill it in")),
                        Option("no", _l("No, I will have it filled in by a doctor and send it myself")),
                    ),
                ),
            ),
        ),
    ),
    requires=("requests",),
)

# -------------------------------------------------------------- daily life
def for_a_minor(**changes):
    """Variant (Question.variant): these words when the applicant is a child.

    A child is compared with children of the same age (the children's scale),
    so the options and examples say so; the stored values stay the same.
    """
    return lambda answers: changes if answers.is_a_minor else {}


# The four levels of the autonomy scale (0 to 3), in the scale's own terms:
# a simple aid is still 1; 3 also covers a fully adapted home or an institution.
DIFFICULTY_OPTIONS = (
    Option("none", _l("I manage without difficulty")),
    Option("some", _l("I manage, but with some difficulty, or it takes me longer, or I use a simple aid")),
    Option("great", _l("It is very difficult for me, or I can only manage with aids or adaptations")),
    Option("help", _l("I cannot do it without another person's help, or only because my home is fully adapted or I live in an institution")),
)
CHILD_DIFFICULTY_OPTIONS = (
    Option("none", _l("No more difficult than for children of the same age")),
    Option("some", _l("Somewhat more difficult or slower than for children of the same age, or with a simple aid")),
    Option("great", _l("Much more difficult than for children of the same age, or only with aids or adaptations")),
    Option("help", _l("Not possible without much more help from an adult than children of the same age need, or only in a fully adapted home or an institution")),
)


def _words_hint(option: Option, child: bool = False):
    """The free text's hint: what to tell, an example, and which answer leaves
    it optional, named in that option's own words so the two never disagree."""
    if child:
        return _l("Tell us what is more difficult than for children of the same age, how often, and who or what helps. For example: “She is 7 and cannot dress herself yet. We help her every morning, and at night to go to the toilet.” Fill this in if you did not choose “%(option)s”.", option=option.label)
    return _l("Tell us what is difficult, how often, and who or what helps you. For example: “I cannot shower alone. My son helps me every morning.” Fill this in if you did not choose “%(option)s”.", option=option.label)


def _daily_life_step(key: str, title, examples: tuple, child_examples: tuple) -> Step:
    """One of the six activities of the autonomy scale, asked the same way.

    Labels and messages name the activity: the check page, the PDF and the
    list of what is missing show the six together, and each row, "Change"
    link and message must say which one it is about (WCAG 2.4.4, 2.4.9).
    The activity's example questions are the hint, so the fieldset is
    described by them (aria-describedby), not only preceded by them. A
    child gets age-relative examples and options (see for_a_minor).
    """
    return Step(
        key=f"daily_{key}",
        title=title,
        questions=(
            ChoiceQuestion(
                key=f"daily_{key}",
                pictogram=f"daily_{key}.svg",
                label=_l("%(activity)s: how does this go for you, compared with someone of your age without health problems?", activity=title),
                hint=(*examples, _l("Think of a usual day, and of your bad days too.")),
                required_message=_l("%(activity)s: select how this goes for you", activity=title),
                options=DIFFICULTY_OPTIONS,
                variant=for_a_minor(
                    label=_l("%(activity)s: how does this go for the child, compared with children of the same age?", activity=title),
                    hint=(*child_examples, _l("Think of a usual day, and of the bad days too.")),
                    options=CHILD_DIFFICULTY_OPTIONS,
                ),
            ),
            LongTextQuestion(
                key=f"daily_{key}_words",
                label=_l("%(activity)s: tell us in your own words", activity=title),
                hint=_words_hint(DIFFICULTY_OPTIONS[0]),
                required=lambda a, k=key: a.get(f"daily_{k}") not in (None, "none"),
                required_message=_l("%(activity)s: tell us in your own words what is difficult for you", activity=title),
                variant=for_a_minor(hint=_words_hint(CHILD_DIFFICULTY_OPTIONS[0], child=True)),
            ),
        ),
    )


SCHOOL_AND_THERAPIES = Step(
    key="school_therapies",
    title=_l("School and therapies"),
    intro=(_l("For a child, we also look at school, therapies and what the child's care asks of the family."),),
    condition=lambda a: a.is_a_minor,
    questions=(
        ChoiceQuestion(
            key="school",
            label=_l("Which school does the child go to?"),
            hint=_l("Choose the school the child goes to now."),
            required_message=_l("Select which school the child goes to, or why not"),
            options=(
                Option("regular", _l("Regular education"), _l("Also with extra support at school.")),
                Option("special", _l("Special education"), _l("Give its type below, if you know it.")),
                Option("not_at_school", _l("The child does not go to school"), _l("For example because of the child's health.")),
                Option("too_young", _l("The child is too young for school")),
            ),
        ),
        TextQuestion(
            key="school_type",
            label=_l("Type of special education, if you know it (optional)"),
            hint=_l("The school can tell you. Leave it empty for regular education."),
            example=_l("For example: type 2"),
            max_length=100,
            required=False,
        ),
        MultipleChoiceQuestion(
            key="therapies",
            label=_l("Which therapies does the child follow?"),
            hint=_l("Select all that the child follows now."),
            required_message=_l("Select the child's therapies, or that the child follows none"),
            options=(
                Option("speech", _l("Speech therapy")),
                Option("physiotherapy", _l("Physiotherapy")),
                Option("psychomotor", _l("Psychomotor therapy")),
                Option("psychological", _l("Psychological support")),
                Option("other", _l("Another therapy")),
                Option("no_therapy", _l("No therapy"), exclusive=True),
            ),
        ),
        LongTextQuestion(
            key="care_burden",
            label=_l("What does the child's care ask of the family? (optional)"),
            hint=_l("Other therapies, appointments, care at night, travel, and whether someone works less because of it."),
            example=_l("For example: “We take him to therapies three times a week. His mother works part-time to care for him. We get up twice every night.”"),
            required=False,
        ),
    ),
)

DAILY_LIFE = Part(
    key="daily_life",
    title=_l("Your daily life"),
    description=_l("Six everyday activities, in your own words"),
    pictogram="daily_life.svg",
    condition=needs_evaluation,
    steps=(
        _daily_life_step(
            "moving", _l("Moving around"),
            (
                _l("At home: can you get up from a chair or out of bed, and go from one room to another? Do you fall, or are you afraid of falling?"),
                _l("Outside: can you walk to the nearest shop, climb stairs, get in and out of a car, take the bus or the train? Do you find your way, or do you need someone with you? Are you in pain or very tired afterwards?"),
            ),
            (
                _l("Compared with children of the same age: can the child get up, walk, run, climb stairs and move around the home? Does the child fall often?"),
                _l("Outside: must the child be carried or pushed at an age when other children walk? Can the child go to school or play outside like other children?"),
            ),
        ),
        _daily_life_step(
            "eating", _l("Preparing meals, eating and drinking"),
            (_l("Can you prepare a simple meal and use the cooker safely? Can you cut your food, eat and drink by yourself? Is swallowing difficult, or are you fed through a tube? Do you need a special diet, or someone to remind you to eat?"),),
            (_l("Compared with children of the same age: can the child eat and drink without help, chew and swallow? Is the child fed through a tube, or does the child need a special diet or much more time to eat?"),),
        ),
        _daily_life_step(
            "hygiene", _l("Washing, going to the toilet and dressing"),
            (_l("Can you wash, take a shower or a bath, brush your teeth, do your hair or shave by yourself? Can you go to the toilet, or do you need incontinence pads or help afterwards? Can you get dressed and undressed, with buttons and shoes? Do you need someone to remind you?"),),
            (_l("Compared with children of the same age: can the child wash, brush their teeth, go to the toilet, get dressed and undressed? Does the child still need nappies or incontinence pads at an age when other children do not?"),),
        ),
        _daily_life_step(
            "home", _l("Housework and looking after your home"),
            (_l("Can you clean, do the laundry and the ironing, change the bed, and do heavy tasks such as carrying the shopping or taking out the rubbish? Can you do your shopping and manage your bills?"),),
            (_l("Compared with children of the same age: can the child help with small tasks at home, such as tidying their room or laying the table? Does the child's care make the housework much heavier for the family?"),),
        ),
        _daily_life_step(
            "safety", _l("Your safety: recognising and avoiding danger"),
            (
                _l("Is it safe for you to be alone at home, during the day and at night? Does anyone worry about you when you are alone? Why?"),
                _l("For example: you may not notice danger in traffic or with a cooker left on, you may have seizures or faint, you may get lost, or people may take advantage of you (your money, strangers at the door). Do you need someone to remind you to take your medicine?"),
            ),
            (_l("Compared with children of the same age: can the child be left alone for a moment, as other children of that age can? Must someone watch over the child at night? Does the child have seizures, wander off, or not notice danger, for example in traffic?"),),
        ),
        _daily_life_step(
            "social", _l("Communicating and having contact with others"),
            (
                _l("Can you hear, speak and make yourself understood, also by people you do not know? Can you read and write? Do you use sign language or another way to communicate? Can you call for help in an emergency?"),
                _l("Can you meet people, make phone calls, go to the doctor or to an office on your own? Do you avoid people or places because of your situation?"),
            ),
            (_l("Compared with children of the same age: can the child hear, speak, make themselves understood and understand others? Does the child use sign language or another way to communicate? Can the child play with other children and take part in school or activities?"),),
        ),
        SCHOOL_AND_THERAPIES,
    ),
    requires=("requests",),
)

# ---------------------------------------------------------------- mobility
MOBILITY = Part(
    key="mobility",
    title=_l("Moving around outside"),
    description=_l("Walking, falls, aids, arms and hands, for the parking card"),
    pictogram="mobility.svg",
    condition=requested(REQUEST_PARKING_CARD),
    steps=(
        Step(
            key="walking",
            questions=(
                ChoiceQuestion(
                    key="walking_distance",
                    pictogram="daily_moving.svg",
                    label=_l("How far can you walk without stopping?"),
                    hint=_l("Outside, on a flat pavement, with your usual aids."),
                    required_message=_l("Select how far you can walk"),
                    options=(
                        Option("none", _l("I cannot walk")),
                        Option("under_100", _l("Less than 100 metres")),
                        Option("100_500", _l("Between 100 and 500 metres")),
                        Option("over_500", _l("More than 500 metres")),
                    ),
                    # The children's criterion: moving around compared with children of the same age.
                    variant=for_a_minor(hint=_l("Outside, on a flat pavement, with the usual aids. For a child, think of what children of the same age can walk.")),
                ),
            ),
        ),
        Step(
            key="falls",
            questions=(
                ChoiceQuestion(
                    key="falls",
                    label=_l("Do you fall when you walk or stand?"),
                    hint=_l("Also when someone must catch you, for example because your legs give way or you lose your balance."),
                    required_message=_l("Select whether you fall when you walk or stand"),
                    options=(
                        Option("often", _l("Yes, I fall often"), _l("For example every week or every month.")),
                        Option("sometimes", _l("Sometimes, a few times a year")),
                        Option("no", _l("No")),
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
                        Option("arm", _l("A person who holds my arm")),
                        Option("wheelchair", _l("A manual wheelchair")),
                        Option("electric_wheelchair", _l("An electric wheelchair")),
                        Option("scooter", _l("A mobility scooter")),
                        Option("oxygen", _l("Oxygen")),
                        Option("other", _l("Another aid")),
                        Option("no_aid", _l("I use no aid"), exclusive=True),
                    ),
                ),
            ),
        ),
        Step(
            key="wheelchair_approval",
            condition=lambda a: bool({"wheelchair", "electric_wheelchair"} & set(a.get("mobility_aids") or [])),
            questions=(
                ChoiceQuestion(
                    key="wheelchair_approval",
                    label=_l("Has your mutuality approved a wheelchair for you?"),
                    hint=_l("When your mutuality has approved a wheelchair for you (not a scooter or a tricycle), you receive the parking card automatically. Tell us, so that we can check it."),
                    required_message=_l("Select whether your mutuality has approved a wheelchair for you"),
                    options=(
                        Option("yes", _l("Yes, my mutuality has approved it")),
                        Option("waiting", _l("I have asked, and I am waiting for the answer")),
                        Option("no", _l("No")),
                    ),
                ),
            ),
        ),
        Step(
            key="arms_hands",
            questions=(
                ChoiceQuestion(
                    key="arms_hands",
                    label=_l("Can you use your arms and hands?"),
                    hint=_l("For example to hold a steering wheel, open a car door or carry a bag."),
                    required_message=_l("Select whether you can use your arms and hands"),
                    options=(
                        Option("not_at_all", _l("No: my arms or hands are completely paralysed, or they were amputated")),
                        Option("partly", _l("Only partly"), _l("For example one arm or hand only, or with little strength.")),
                        Option("yes", _l("Yes")),
                    ),
                ),
            ),
        ),
        Step(
            key="other_recognition",
            questions=(
                ChoiceQuestion(
                    key="other_recognition",
                    pictogram="parking_card.svg",
                    label=_l("Has another body already recognised your disability or your invalidity?"),
                    hint=_l("For example: Fedris (the federal agency for occupational risks: accidents at work and occupational diseases), AVIQ (the Walloon agency for a quality life), VAPH (the Flemish agency for persons with a disability), Iriscare (Brussels), the DSL (the German-speaking Community's service for a self-determined life), your mutuality's advising doctor, or the service for war victims (war invalidity)."),
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
                    example=_l("For example: Fedris, 60 % permanent incapacity for work; or a war invalidity of 50 %"),
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
                    # The household as the law counts it (law of 27 February 1987,
                    # art. 7 §3): someone not related in the 1st-3rd degree with
                    # whom one shares the household counts as a partner; family
                    # members do not; a spouse one lives apart from does not.
                    options=(
                        # No "in an institution": the residence step asks it already (WCAG 3.3.7).
                        Option("alone", _l("I live alone"), _l("Also if you live in an institution or a care home without a husband, wife or partner, or if you are married but do not live together.")),
                        Option("married", _l("With my husband or wife"), _l("Only if you live together. Married, but you live apart? Choose who you live with now.")),
                        Option("legal_cohabitant", _l("With my legal cohabitant"), _l("You made a declaration of legal cohabitation at the commune.")),
                        Option("partner", _l("With a partner, without being married or legal cohabitants")),
                        Option("family", _l("With family members (parents, children, brothers, sisters, grandparents, uncles, aunts…)"), _l("If you also share the household with someone who is not family, choose the next answer.")),
                        Option("shared", _l("With someone who is not family, with whom I share the costs of the household (for example a friend)"), _l("By law, this person counts like a partner: we ask for their income too.")),
                    ),
                ),
            ),
        ),
        Step(
            key="partner",
            # Words that fit a spouse, a partner and a friend one shares the household with.
            title=_l("The person you share your household with"),
            intro=(_l("Your husband or wife, your legal cohabitant or partner, or the person who is not family with whom you share the costs of the household. By law, their income counts for the allowances."),),
            condition=lambda a: a.has_partner,
            questions=(
                TextQuestion(key="partner_first_name", label=_l("First name of the person you share your household with"), hint=_l("As on their identity card."), autocomplete=NO_AUTOFILL, spellcheck=False, required_message=_l("Enter the first name of the person you share your household with")),
                TextQuestion(key="partner_last_name", label=_l("Last name of the person you share your household with"), hint=_l("As on their identity card."), autocomplete=NO_AUTOFILL, spellcheck=False, required_message=_l("Enter the last name of the person you share your household with")),
                NationalNumberQuestion(
                    key="partner_national_number",
                    label=_l("National register number of the person you share your household with"),
                    example=_l("For example: 85.07.30-033.28"),
                    required_message=_l("Enter the national register number of the person you share your household with"),
                ),
            ),
            check=lambda a: (
                {"partner_national_number": _("Enter the number of the person you share your household with, not your own")}
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
                    hint=_l("Children for whom you or your partner receive family allowances, or pay maintenance. Enter 0 if none."),
                    example=_l("For example: 2, if you receive family allowances for your two daughters"),
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
            key="job",
            condition=lambda a: a.has_worked,
            questions=(
                TextQuestion(
                    key="job",
                    label=_l("What work do you do, or what work did you do last?"),
                    hint=_l("Your job, and in what kind of company or place."),
                    example=_l("For example: warehouse worker; cleaner in a hospital; cashier in a supermarket, part-time"),
                    required_message=_l("Enter the work you do or did last"),
                ),
            ),
        ),
        Step(
            key="work_since",
            title=_l("Your current work"),
            condition=lambda a: a.is_working,
            questions=(
                DateQuestion(
                    key="work_since",
                    label=_l("Since when do you do this work?"),
                    hint=_l("If you do not know the day, give the month and the year."),
                    example=_l("For example: 3 and 2024 for March 2024"),
                    day_optional=True,
                    required_message=_l("Enter since when you do this work, at least the month and the year"),
                ),
                ChoiceQuestion(
                    key="work_restarted",
                    label=_l("Before you started this work, were you without work for two years or more?"),
                    hint=_l("Since 2023, people who start working again after at least two years without work keep more of their income replacement allowance: for two years, a larger part of their income from work is not counted."),
                    example=_l("For example: without work or on sick leave from 2021 to 2023, then this work since 2024"),
                    required_message=_l("Select whether you were without work for two years or more before"),
                    options=(
                        Option("yes", _l("Yes, two years or more without work")),
                        Option("no", _l("No")),
                        Option("unknown", _l("I do not know")),
                    ),
                ),
            ),
        ),
        Step(
            key="schooling",
            title=_l("Your schooling and training"),
            questions=(
                ChoiceQuestion(
                    key="schooling",
                    label=_l("What is the highest level of school you finished?"),
                    hint=_l("In Belgium or in another country."),
                    required_message=_l("Select the highest level of school you finished"),
                    options=(
                        Option("primary", _l("Primary school, or no school diploma")),
                        Option("special", _l("Special needs education")),
                        Option("lower_secondary", _l("Lower secondary school"), _l("Until about 15 or 16 years old.")),
                        Option("upper_secondary", _l("Upper secondary school"), _l("The secondary school diploma, at about 18 years old.")),
                        Option("higher", _l("Higher education"), _l("A university college or a university, for example a bachelor's or master's degree.")),
                    ),
                ),
                TextQuestion(
                    key="training",
                    label=_l("Which diplomas, certificates or training do you have? (optional)"),
                    example=_l("For example: electrician training; nursing assistant; forklift driver certificate"),
                    required=False,
                ),
            ),
        ),
        Step(
            key="work_limits",
            title=_l("What your health changes at work"),
            questions=(
                MultipleChoiceQuestion(
                    key="work_limits",
                    label=_l("Because of your health, what can you no longer do at work, or only with difficulty?"),
                    hint=_l("Think of any work, not only your own. Select everything that applies."),
                    required_message=_l("Select what you can no longer do at work, or “None of these”"),
                    options=(
                        Option("physical_effort", _l("Heavy physical work"), _l("For example lifting or carrying loads, bending, working with your arms above your head.")),
                        Option("standing_walking", _l("Standing or walking for a long time"), _l("For example working at a counter or on a production line all day.")),
                        Option("full_days", _l("Working full days or many hours"), _l("For example 8 hours a day, or 38 hours a week.")),
                        Option("concentration", _l("Concentrating for a long time"), _l("For example on figures, on a screen or on a machine.")),
                        Option("stress", _l("Working under stress or time pressure"), _l("For example deadlines, a fast pace, or several tasks at once.")),
                        Option("contact", _l("Contact with customers or colleagues"), _l("For example answering the phone, serving customers, or working in a team.")),
                        Option("other", _l("Something else")),
                        Option("no_limit", _l("None of these"), exclusive=True),
                    ),
                ),
                LongTextQuestion(
                    key="work_limits_words",
                    label=_l("Your health and your work, in your own words (optional)"),
                    example=_l("For example: I worked in a warehouse. Since my back operation I cannot lift more than 5 kg, and after 4 hours I must lie down."),
                    required=False,
                ),
            ),
        ),
        Step(
            key="work_adjusted",
            condition=lambda a: a.has_worked,
            questions=(
                ChoiceQuestion(
                    key="work_adjusted",
                    label=_l("Did you have to work fewer hours or change jobs because of your health?"),
                    hint=_l("For example: from full-time to half-time, or from the warehouse to a job sitting down."),
                    required_message=_l("Select whether you had to work fewer hours or change jobs"),
                    options=(
                        Option("reduced", _l("Yes, I work or worked fewer hours")),
                        Option("changed", _l("Yes, I changed jobs")),
                        Option("no", _l("No")),
                    ),
                ),
            ),
        ),
        Step(
            key="benefits",
            # A sickness or invalidity benefit answers the incapacity question below.
            implies=lambda a: {"work_incapacity": "yes"} if a.incapacity_known_from_benefits else {},
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
            key="work_incapacity",
            condition=lambda a: not a.incapacity_known_from_benefits,
            questions=(
                ChoiceQuestion(
                    key="work_incapacity",
                    label=_l("Has the advising doctor of your mutuality recognised that you are unable to work?"),
                    hint=_l("For example after an illness or an accident, when you stopped working and your mutuality paid you."),
                    required_message=_l("Select whether your mutuality's advising doctor recognised that you are unable to work"),
                    options=(
                        Option("yes", _l("Yes")),
                        Option("no", _l("No")),
                        Option("unknown", _l("I do not know")),
                    ),
                ),
            ),
        ),
        Step(
            key="care_allowances",
            questions=(
                MultipleChoiceQuestion(
                    key="care_allowances",
                    label=_l("Do you already receive one of these allowances?"),
                    hint=_l("They can change the amount of the integration allowance. Select all that apply."),
                    required_message=_l("Select the allowances already received, or that there are none"),
                    options=(
                        Option("dg_self", _l("I already receive an allowance from the DG Persons with Disabilities")),
                        Option(
                            "dg_partner", _l("The person I share my household with receives an allowance from the DG Persons with Disabilities"),
                            condition=lambda a: a.has_partner,
                        ),
                        Option("third_party_help", _l("I receive an allowance for the help of a third person"), _l("From my mutuality, from Fedris (occupational accidents and diseases), or with a war pension.")),
                        Option("no_care_allowance", _l("None of these"), exclusive=True),
                    ),
                ),
            ),
        ),
        Step(
            key="income",
            title=_l("Your income"),
            intro=(_l("Look at your latest income tax assessment if you have it: the letter from the FPS Finance that calculates your tax. We check the amounts with the tax administration."),),
            questions=(
                AmountQuestion(
                    key="own_income",
                    label=_l("Your yearly income from work, in euros"),
                    hint=_l("The amount before tax, for a whole year. You find it on your tax form from your employer or on your income tax assessment. An estimate is enough. Enter 0 if you do not work."),
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
                    label=_l("Yearly income of the person you share your household with, in euros"),
                    hint=_l("From work, benefits and pensions. Enter 0 if none."),
                    required_message=_l("Enter the yearly income of the person you share your household with, or 0"),
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
                    pictogram="bank.svg",
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
        Step(
            key="cpas_advance",
            questions=(
                ChoiceQuestion(
                    key="cpas_advance",
                    label=_l("Does a CPAS pay you an advance on these allowances?"),
                    hint=_l("While you wait for our decision, a CPAS can pay you an advance. We then pay the allowances of the past months directly to that CPAS."),
                    required_message=_l("Select whether a CPAS pays you an advance"),
                    options=(Option("yes", _l("Yes")), Option("no", _l("No"))),
                ),
            ),
        ),
        Step(
            key="cpas_advance_which",
            condition=lambda a: a.get("cpas_advance") == "yes",
            questions=(
                TextQuestion(
                    key="cpas_advance_name",
                    label=_l("Which CPAS pays you the advance?"),
                    example=_l("For example: CPAS of Namur"),
                    required_message=_l("Enter which CPAS pays you the advance"),
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
                    hint=_l("They are not always needed. If you have them, they help us decide faster."),
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
        # F1: a document the DG needs never holds the application back.
        Step(
            key="documents_later",
            title=_l("Documents we need from you"),
            condition=lambda a: bool(ENGINE.documents_expected(a)),
            intro=(
                lambda a: _expected_documents(a),
                _l("Do not wait for a document to send your application: your application counts from the day you send it, and the allowances start on the first day of the month after."),
            ),
            links=(("files.index", _l("Attach your documents (PDF, JPEG or PNG), if you have them")),),
            questions=(
                ChoiceQuestion(
                    key="documents_later",
                    label=_l("How will you give us the documents that are not attached?"),
                    hint=_l("After sending, the confirmation page and your summary say where to send them and by when."),
                    required_message=_l("Select how you will give us the documents"),
                    options=(
                        Option("attach", _l("I will attach them here before I send my application")),
                        Option("later", _l("I will send them later, by post or through the DG's contact form")),
                    ),
                ),
            ),
        ),
    ),
    requires=("requests",),
)


def _expected_documents(answers: Answers) -> str:
    """Each document these answers ask for, and whether it is attached."""
    return " ".join(
        _("%(document)s: not attached yet.", document=rule.message)
        if rule.broken(answers)
        else _("%(document)s: attached.", document=rule.message)
        for rule in ENGINE.documents_expected(answers)
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
            # The processing rests on the law, not on a consent (F6): a
            # notice, not a tick (an old draft's "processing" is dropped).
            links=(("public.privacy", _l("Read how we protect your personal data")),),
            tidy=lambda raw: {**raw, "declaration": [v for v in raw["declaration"] or [] if v != "processing"]},
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


def document_rule(key: str, document, expected, file_kind: str) -> CompletenessRule:
    """A document the DG needs: asked for when ``expected`` holds, provided
    by a file of ``file_kind``; when missing, it is to send later."""
    return CompletenessRule(
        key=key,
        message=document,
        document=True,
        expected=expected,
        file_kind=file_kind,
        broken=lambda a: expected(a) and not a.attached(file_kind),
        step="documents_later",
        endpoint="files.index",
    )


def _contact_way_impossible(answers: Answers) -> bool:
    """The way chosen to contact the applicant is no longer one offered
    (the number it needs was removed since); without any phone or e-mail
    the question is not asked, and its answer is not sent."""
    chosen = answers.get("contact_way")
    if chosen is None or not (answers.get("phone") or answers.get("email")):
        return False
    return chosen not in {o.value for o in ENGINE.questions["contact_way"].offered(answers)}


COMPLETENESS_RULES: tuple[CompletenessRule, ...] = (
    # Files actually attached count, not the ticked boxes of the documents
    # step: a box ticked without a file gave the officer nothing to read.
    document_rule(
        "medical_evidence",
        _l("The DG's medical form, filled in by a doctor"),
        lambda a: a.get("doctor_consent") == "no",
        "medical_report",
    ),
    document_rule(
        "representative_decision",
        _l("The decision of the justice of the peace that names the legal representative"),
        lambda a: a.get("helper_kind") == "legal",
        "certificate",
    ),
    document_rule(
        "proxy_document",
        _l("The written proxy or the protection mandate that lets you act for the person"),
        lambda a: a.get("helper_kind") == "proxy",
        "proxy",
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
        key="contact_way_possible",
        # The phone number or e-mail address may be removed after the way was chosen.
        broken=lambda a: _contact_way_impossible(a),
        message=_l("How we contact you: you chose a way for which you no longer gave a phone number or an e-mail address. Choose again."),
        step="contact_way",
    ),
    document_rule(
        "other_recognition_decision",
        _l("The decision of the other body that recognised your disability (for the parking card)"),
        lambda a: a.requested(REQUEST_PARKING_CARD) and a.get("other_recognition") == "yes",
        "certificate",
    ),
    document_rule(
        "police_report",
        _l("The report of the police about the theft of your parking card"),
        lambda a: a.requested(REQUEST_PARKING_DUPLICATE) and a.get("card_replacement") == "stolen",
        "police_report",
    ),
)

from .engine import Engine  # noqa: E402  (built once the parts exist)

ENGINE = Engine(QUESTIONNAIRE, COMPLETENESS_RULES)
