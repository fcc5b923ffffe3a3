"""Every WCAG 2.2 success criterion, A to AAA: whether it applies to this form,
how it is checked and with what result. axe covers only part of WCAG; this
file says, criterion by criterion, what covers the rest.

    python -m a11y_tests.wcag_criteria > a11y_tests/wcag_criteria.md

writes the document for auditors (a test keeps the committed one equal to
this output, so the two cannot drift apart); the audit report
(a11y_tests/audit.py) shows the same table with the axe results of its run.

A check is one of three kinds:

- ("axe", [rule ids]): never typed here. The rules come from axe-core's own
  metadata (its "wcag143"-style tags), read from node_modules/axe-core with
  Node when the document is made, and only the rules our axe suite runs
  (its tags, axe's own selection: experimental and deprecated rules are
  left out; they are named apart);
- ("test", "path::test_name" or "path"): a check of ours in this tree;
- ("manual", "steps"): steps a person can repeat.
"""
from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE_PACKAGE = ROOT / "node_modules" / "axe-core"
SPEC = "https://www.w3.org/TR/WCAG22/"

PASS, FAIL, NOT_APPLICABLE, MANUAL_PENDING = "pass", "fail", "not applicable", "manual-pending"
RESULTS = (PASS, FAIL, NOT_APPLICABLE, MANUAL_PENDING)

# The W3C's list: WCAG 2.2, W3C Recommendation of 12 December 2024
# (https://www.w3.org/TR/WCAG22/), number, level and name. 4.1.1 Parsing is
# kept: 2.2 marks it "obsolete and removed".
WCAG_22 = tuple(tuple(line.split(" ", 2)) for line in """\
1.1.1 A Non-text Content
1.2.1 A Audio-only and Video-only (Prerecorded)
1.2.2 A Captions (Prerecorded)
1.2.3 A Audio Description or Media Alternative (Prerecorded)
1.2.4 AA Captions (Live)
1.2.5 AA Audio Description (Prerecorded)
1.2.6 AAA Sign Language (Prerecorded)
1.2.7 AAA Extended Audio Description (Prerecorded)
1.2.8 AAA Media Alternative (Prerecorded)
1.2.9 AAA Audio-only (Live)
1.3.1 A Info and Relationships
1.3.2 A Meaningful Sequence
1.3.3 A Sensory Characteristics
1.3.4 AA Orientation
1.3.5 AA Identify Input Purpose
1.3.6 AAA Identify Purpose
1.4.1 A Use of Color
1.4.2 A Audio Control
1.4.3 AA Contrast (Minimum)
1.4.4 AA Resize Text
1.4.5 AA Images of Text
1.4.6 AAA Contrast (Enhanced)
1.4.7 AAA Low or No Background Audio
1.4.8 AAA Visual Presentation
1.4.9 AAA Images of Text (No Exception)
1.4.10 AA Reflow
1.4.11 AA Non-text Contrast
1.4.12 AA Text Spacing
1.4.13 AA Content on Hover or Focus
2.1.1 A Keyboard
2.1.2 A No Keyboard Trap
2.1.3 AAA Keyboard (No Exception)
2.1.4 A Character Key Shortcuts
2.2.1 A Timing Adjustable
2.2.2 A Pause, Stop, Hide
2.2.3 AAA No Timing
2.2.4 AAA Interruptions
2.2.5 AAA Re-authenticating
2.2.6 AAA Timeouts
2.3.1 A Three Flashes or Below Threshold
2.3.2 AAA Three Flashes
2.3.3 AAA Animation from Interactions
2.4.1 A Bypass Blocks
2.4.2 A Page Titled
2.4.3 A Focus Order
2.4.4 A Link Purpose (In Context)
2.4.5 AA Multiple Ways
2.4.6 AA Headings and Labels
2.4.7 AA Focus Visible
2.4.8 AAA Location
2.4.9 AAA Link Purpose (Link Only)
2.4.10 AAA Section Headings
2.4.11 AA Focus Not Obscured (Minimum)
2.4.12 AAA Focus Not Obscured (Enhanced)
2.4.13 AAA Focus Appearance
2.5.1 A Pointer Gestures
2.5.2 A Pointer Cancellation
2.5.3 A Label in Name
2.5.4 A Motion Actuation
2.5.5 AAA Target Size (Enhanced)
2.5.6 AAA Concurrent Input Mechanisms
2.5.7 AA Dragging Movements
2.5.8 AA Target Size (Minimum)
3.1.1 A Language of Page
3.1.2 AA Language of Parts
3.1.3 AAA Unusual Words
3.1.4 AAA Abbreviations
3.1.5 AAA Reading Level
3.1.6 AAA Pronunciation
3.2.1 A On Focus
3.2.2 A On Input
3.2.3 AA Consistent Navigation
3.2.4 AA Consistent Identification
3.2.5 AAA Change on Request
3.2.6 A Consistent Help
3.3.1 A Error Identification
3.3.2 A Labels or Instructions
3.3.3 AA Error Suggestion
3.3.4 AA Error Prevention (Legal, Financial, Data)
3.3.5 AAA Help
3.3.6 AAA Error Prevention (All)
3.3.7 A Redundant Entry
3.3.8 AA Accessible Authentication (Minimum)
3.3.9 AAA Accessible Authentication (Enhanced)
4.1.1 A Parsing
4.1.2 A Name, Role, Value
4.1.3 AA Status Messages
""".splitlines())
OBSOLETE = {"4.1.1"}
PRINCIPLES = {"1": "Perceivable", "2": "Operable", "3": "Understandable", "4": "Robust"}

# Our checks, named once.
AXE_SUITE = "a11y_tests/test_axe.py::test_every_page_has_no_axe_violation"
SPACING_CHECKED = "a11y_tests/test_axe.py::test_the_text_spacing_check_finds_cut_off_and_overlapping_text"
TARGET_CHECKED = "a11y_tests/test_axe.py::test_the_target_check_finds_a_small_control"
KEYBOARD_WALK = "a11y_tests/test_keyboard.py::test_whole_application_with_the_keyboard_alone"
TAB_THROUGH = "a11y_tests/test_keyboard.py::test_tab_through_the_pages_that_are_not_steps"
FOCUS_CHECKED = "a11y_tests/test_keyboard.py::test_the_focus_check_finds_an_invisible_or_covered_focus"
ERROR_FOCUS = "a11y_tests/test_keyboard.py::test_focus_goes_to_the_error_summary_with_the_keyboard"
ATTACH_BY_KEYBOARD = "a11y_tests/test_keyboard.py::test_attach_a_file_with_the_keyboard"
ERRORS_IN_BROWSER = "a11y_tests/test_browser_walkthrough.py::test_errors_take_focus_and_enter_continues"
NU_CHECKER = "a11y_tests/test_html_validity.py::test_every_page_is_valid_html"
NONE_OF_IT = "a11y_tests/test_wcag_criteria.py::test_the_form_has_none_of_what_some_criteria_are_about"
NO_TIME_LIMIT = "a11y_tests/test_wcag_criteria.py::test_no_time_limit_shorter_than_twenty_hours"
CONSISTENT_HELP = "tests/views/test_consistent_help.py::test_help_and_navigation_in_the_same_order_on_every_page"
HELP_CHECKED = "tests/views/test_consistent_help.py::test_the_help_check_finds_a_page_where_the_order_differs"
PDF_SENT = "tests/views/test_check_and_submit.py::test_pdf_of_a_sent_application"
PDF_DRAFT = "tests/views/test_check_and_submit.py::test_draft_pdf_is_marked_as_not_sent_on_every_page"
HINTS = "tests/test_questions.py::test_every_question_has_a_hint_or_an_example"
MISSING_SAYS_WHAT = "tests/test_questions.py::test_every_required_question_says_what_is_missing"
LABELS_UNIQUE = "tests/test_questions.py::test_labels_and_missing_messages_are_unique"
LINKS_DISTINCT = "tests/views/test_application.py::test_check_page_rows_links_and_missing_items_are_distinct"
WHERE_YOU_STAND = "tests/views/test_application.py::test_step_shows_where_the_applicant_stands"
MISSING_ANSWERS = "tests/views/test_step_errors.py::test_missing_required_answers"
DATE_MESSAGES = "tests/views/test_step_errors.py::test_date_messages"
WRONG_NUMBER = "tests/views/test_step_errors.py::test_invalid_national_number"
DECLARATION = "tests/views/test_step_errors.py::test_declaration_needs_every_box"
CHANGE_LINKS = "tests/views/test_check_and_submit.py::test_check_page_shows_answers_with_change_links"
CANNOT_SEND_INCOMPLETE = "tests/views/test_check_and_submit.py::test_incomplete_application_cannot_be_sent"
SAVE_AND_RESUME = "tests/views/test_resume.py::test_save_restart_and_resume"
KEPT_UNTIL = "tests/views/test_resume_pages.py::test_saved_page_says_where_to_go_later"
STAFF_REAUTHENTICATION = "tests/staff/test_auth_views.py::test_input_typed_when_the_session_ended_comes_back_after_logging_in"
CODE_PASTED = "tests/views/test_resume_pages.py::test_the_code_wraps_only_between_groups_and_a_copy_resumes"
PAGE_LANGUAGE = "tests/views/test_language_and_access.py::test_language_from_browser_then_french"
LANGUAGE_NAMES = "tests/views/test_language_and_access.py::test_each_language_is_named_in_its_own_language"
ASKED_ONCE = "tests/test_questions.py::test_living_in_an_institution_is_asked_once"

# Checks other branches of issue 11 add (they exist once those are merged).
FOCUS_APPEARANCE = "a11y_tests/test_keyboard.py::test_focus_appearance"
NO_VALUE_TWICE = "tests/test_questions.py::test_no_value_asked_twice"
REDUNDANT_ENTRY = "tests/views/test_redundant_entry.py"
AUTOCOMPLETE = "tests/test_questions.py::test_autocomplete_tokens_match_fields"
READABILITY = "tests/test_readability.py"
EASY_READ = "tests/test_easy_read_catalogue.py"
VISUAL_PRESENTATION = "a11y_tests/test_visual_presentation.py"
PDF_ACCESSIBILITY = "tests/test_pdf_accessibility.py"
NOTIFICATIONS = "tests/views/test_notifications.py"
EXPECTED_FROM_OTHER_BRANCHES = {
    FOCUS_APPEARANCE, NO_VALUE_TWICE, REDUNDANT_ENTRY, AUTOCOMPLETE, READABILITY,
    VISUAL_PRESENTATION, PDF_ACCESSIBILITY, NOTIFICATIONS,
}
# True until the branches above are merged: only then may those references
# be missing from the tree. The lead sets it to False after merging.
OTHER_BRANCHES_PENDING = False


def tests(*ids: str) -> list[tuple[str, str]]:
    return [("test", test_id) for test_id in ids]


def manual(steps: str) -> tuple[str, str]:
    return ("manual", steps)


@dataclass(frozen=True)
class Evidence:
    """How one criterion is checked here (axe rules are added from axe's
    metadata) and the result; ``not_applicable`` says why it does not apply."""
    checks: tuple = ()
    result: str = PASS
    note: str = ""
    not_applicable: str = ""


def applies_not(why: str, *checks, note: str = "") -> Evidence:
    return Evidence(tuple(checks), NOT_APPLICABLE, note, why)


NO_MEDIA = "The form has no audio, video or other time-based media (checked: no media element in the templates)."
SCREEN_READER = "With NVDA and Firefox, and VoiceOver and Safari on iOS"
PDF_LIMITS = ("The PDF summary (WeasyPrint) does not yet mark {what}: listed as non-compliant in the "
              "accessibility statement.")

EVIDENCE: dict[str, Evidence] = {
    "1.1.1": Evidence((*tests(PDF_SENT, PDF_ACCESSIBILITY),), note=(
        "Pictograms stand beside their text and are decorative (empty alt); the PDF's figures get alternative texts.")),
    **{number: applies_not(NO_MEDIA, *tests(NONE_OF_IT)) for number in (
        "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.2.6", "1.2.7", "1.2.8", "1.2.9")},
    "1.3.1": Evidence((*tests(NU_CHECKER, PDF_SENT, PDF_ACCESSIBILITY), manual(
        f"{SCREEN_READER}: on a step with errors, the check page and the task list, list the headings, "
        "landmarks and form fields: every field has its label, hint and error; groups of radios and "
        "check boxes have their legend; the check page's tables have row and column headers.")),
        FAIL, "The web pages pass (axe, Nu Html Checker). " + PDF_LIMITS.format(
            what="page numbers as decoration, and a table or list cut by a page break becomes two") +
        " Issue 11 finding 10 (the part caption outside the h1) is fixed on another branch."),
    "1.3.2": Evidence((*tests(PDF_ACCESSIBILITY, KEYBOARD_WALK), manual(
        "Switch the page style off (Firefox: View > Page Style > No Style) on the start page, a step with "
        "errors, the check page and the confirmation: the content still reads in the right order.")),
        MANUAL_PENDING, "One column; the order in the source is the order on screen."),
    "1.3.3": Evidence((manual(
        "Read every instruction in fr, nl and de (the catalogues in translations/): none relies on shape, "
        "colour, size, place on screen or sound (\"the green button\", \"on the right\")."),), MANUAL_PENDING),
    "1.3.4": Evidence(tests(AXE_SUITE, NONE_OF_IT), note=(
        "No orientation lock in the style sheet; every page is checked at 320 x 640 (portrait) and "
        "1280 x 1024 (landscape).")),
    "1.3.5": Evidence(tests(AUTOCOMPLETE), note=(
        "Issue 11 finding 5 (the house number had no autocomplete token) is fixed on another branch; the "
        "test checks that every field collecting the user's own data has the token of its purpose.")),
    "1.3.6": Evidence((manual(
        f"{SCREEN_READER}: the landmarks (header, navigation, main, footer) are announced; the fields about "
        "the user carry autocomplete tokens; no pictogram stands without its text."),), MANUAL_PENDING),
    "1.4.1": Evidence(tests(AXE_SUITE), note=(
        "Errors are said in words (\"Error:\" in the title and before each message) and task statuses are "
        "written tags; links in text are underlined.")),
    "1.4.2": applies_not("The form plays no sound.", *tests(NONE_OF_IT)),
    "1.4.3": Evidence(note="axe's colour contrast at 1280 and 320 px on every page."),
    "1.4.4": Evidence((*tests(AXE_SUITE), manual(
        "In Chromium and Firefox, zoom to 200 % on a step with errors and the check page: nothing is cut "
        "off or overlaps.")), note="Reflow at 320 px (400 % of 1280 px) is checked on every page."),
    "1.4.5": Evidence(tests(NONE_OF_IT), note="No text in pictures: the pictograms are SVG without text."),
    "1.4.6": Evidence(note="axe's enhanced contrast (7:1) on every page."),
    "1.4.7": applies_not("The form plays no sound.", *tests(NONE_OF_IT)),
    "1.4.8": Evidence((*tests(VISUAL_PRESENTATION), manual(
        "In Windows' contrast themes (forced colours) and with Firefox's own colours chosen, the text and "
        "background take the chosen colours on every kind of page.")), note=(
        "Line length, line spacing, paragraph spacing, no justified text and 200 % without scrolling "
        "sideways are checked by script; the colours chosen by the user apply (forced-colors).")),
    "1.4.9": Evidence(tests(NONE_OF_IT), note="No text in pictures at all."),
    "1.4.10": Evidence(tests(AXE_SUITE), note=(
        "No page scrolls sideways at 320 px. Issue 11 finding 8 (long nl and de words broken at any "
        "letter) is about reading, fixed on another branch.")),
    "1.4.11": Evidence((*tests(FOCUS_APPEARANCE), manual(
        "With a contrast checker (e.g. the Colour Contrast Analyser's picker), measure the borders of text "
        "fields, radios, check boxes and buttons, and the focus indicator, against what is next to them, "
        "at 1280 and 320 px: at least 3:1.")), MANUAL_PENDING, (
        "Field borders are #0b0c0c on white; the focus indicator's contrast is checked by script.")),
    "1.4.12": Evidence(tests(AXE_SUITE, SPACING_CHECKED), note=(
        "WCAG's spacings applied on every page, at 320 and 1280 px: no text cut off or overlapping.")),
    "1.4.13": applies_not(
        "Nothing appears on hover or focus: no tooltip, title attribute or popover.", *tests(NONE_OF_IT)),

    "2.1.1": Evidence(tests(KEYBOARD_WALK, ATTACH_BY_KEYBOARD, TAB_THROUGH), note=(
        "Whole applications sent with the keyboard alone, a file attached on the way.")),
    "2.1.2": Evidence(tests(KEYBOARD_WALK, TAB_THROUGH), note=(
        "Every page tabbed through to its end; Shift+Tab returns.")),
    "2.1.3": Evidence(tests(KEYBOARD_WALK, ATTACH_BY_KEYBOARD, TAB_THROUGH), note=(
        "Nothing needs a path or timing of keystrokes.")),
    "2.1.4": applies_not("The form has no keyboard shortcuts (no accesskey, no key handlers).", *tests(NONE_OF_IT)),
    "2.2.1": Evidence(tests(NO_TIME_LIMIT, SAVE_AND_RESUME, STAFF_REAUTHENTICATION), note=(
        "No page has a time limit (the security token never expires); a draft is kept 90 days after its "
        "last save and a sent application opens for 24 hours: both over the 20-hour exception. Staff "
        "sessions (assisted mode) end after STAFF_IDLE_MINUTES without a request (30, configurable): the "
        "login page says so beforehand, and what was typed is kept and shown again after logging in.")),
    "2.2.2": applies_not("Nothing moves, blinks, scrolls or updates by itself.", *tests(NONE_OF_IT)),
    "2.2.3": Evidence((*tests(NO_TIME_LIMIT), manual(
        "Decide whether the deletion of a draft 90 days after its last save (data protection) is timing "
        "in the sense of 2.2.3; nothing else in the form is timed.")), MANUAL_PENDING),
    "2.2.4": applies_not(
        "Nothing interrupts: no content is pushed; every message follows the user's own action.",
        *tests(NONE_OF_IT)),
    "2.2.5": Evidence(tests(SAVE_AND_RESUME, STAFF_REAUTHENTICATION), note=(
        "After resuming with the code, every answer is there; input kept when leaving a step is kept. A "
        "step posted after a staff session ended comes back with what was typed after logging in again.")),
    "2.2.6": Evidence(tests(NO_TIME_LIMIT, KEPT_UNTIL), note=(
        "Data is kept more than 20 hours (90 days after the last save); the saved page says until when.")),
    "2.3.1": applies_not("Nothing flashes: no video, animation or animated picture.", *tests(NONE_OF_IT)),
    "2.3.2": applies_not("Nothing flashes: no video, animation or animated picture.", *tests(NONE_OF_IT)),
    "2.3.3": applies_not("No motion animation: the style sheet has no animation.", *tests(NONE_OF_IT)),
    "2.4.1": Evidence(tests(TAB_THROUGH), note="A skip link to the main content is the first stop on every page."),
    "2.4.2": Evidence(tests(AXE_SUITE, PDF_SENT), note=(
        "Two different pages never share a title; the PDF shows its title.")),
    "2.4.3": Evidence(tests(KEYBOARD_WALK, ERROR_FOCUS), note=(
        "Issue 11 finding 7 (after \"Change\", back to the changed row) is fixed on another branch.")),
    "2.4.4": Evidence(tests(LINKS_DISTINCT)),
    "2.4.5": Evidence((*tests(CONSISTENT_HELP), manual(
        "From any page, reach the start page (the service name in the header), the accessibility statement "
        "(footer) and the resume page (start page).")), note=(
        "Most pages are steps in a process (the exception); the others are linked from every page.")),
    "2.4.6": Evidence(tests(LABELS_UNIQUE, MISSING_SAYS_WHAT), note=(
        "No two questions share a label. Issue 11 finding 10 (the part caption outside the h1) is fixed on "
        "another branch.")),
    "2.4.7": Evidence(tests(KEYBOARD_WALK, TAB_THROUGH, FOCUS_CHECKED), note=(
        "At every stop of the focus, the element looks different from unfocused.")),
    "2.4.8": Evidence(tests(WHERE_YOU_STAND), note="Every step says \"Part X of Y\" and the part's name."),
    "2.4.9": Evidence(tests(LINKS_DISTINCT), note="Every \"Change\" link names what it changes."),
    "2.4.10": Evidence((manual(
        f"{SCREEN_READER}: list the headings of the start page, the check page, the confirmation and the "
        "accessibility statement: each section has its heading."),), MANUAL_PENDING),
    "2.4.11": Evidence(tests(KEYBOARD_WALK, TAB_THROUGH, FOCUS_CHECKED, NONE_OF_IT), note=(
        "At every stop the focused element is on screen and not covered; nothing is fixed or sticky.")),
    "2.4.12": Evidence(tests(KEYBOARD_WALK, TAB_THROUGH, FOCUS_CHECKED, NONE_OF_IT), note=(
        "The walk looks at the middle of the element; no part can be covered: nothing is fixed or sticky.")),
    "2.4.13": Evidence(tests(FOCUS_APPEARANCE), note=(
        "Issue 11 finding 2 (links and secondary buttons) is fixed on another branch; the area and the "
        "contrast of the focus indicator are measured on every focusable element.")),
    "2.5.1": applies_not("No gesture: every action is a single click or tap.", *tests(NONE_OF_IT)),
    "2.5.2": Evidence(tests(NONE_OF_IT), note=(
        "Native controls and click events only: nothing acts on the down-event.")),
    "2.5.3": Evidence(note="The visible text of every control starts its accessible name."),
    "2.5.4": applies_not("Nothing responds to moving the device.", *tests(NONE_OF_IT)),
    "2.5.5": Evidence((manual(
        "In Chromium's developer tools at 1280 and 320 px, measure every control that stands alone (links "
        "inside sentences excepted): at least 44 x 44 CSS px."),), MANUAL_PENDING, (
        "24 x 24 (2.5.8) is checked by script on every page.")),
    "2.5.6": Evidence(tests(NONE_OF_IT), note="No input is restricted to a kind of pointer or to touch."),
    "2.5.7": applies_not("Nothing is dragged: files are chosen with a button.", *tests(NONE_OF_IT)),
    "2.5.8": Evidence(tests(AXE_SUITE, TARGET_CHECKED), note=(
        "Every control that stands alone is at least 24 x 24 CSS px, without the spacing exception.")),

    "3.1.1": Evidence(tests(PAGE_LANGUAGE, PDF_SENT), note="The page's and the PDF's language is set (fr-BE, nl-BE, de-BE)."),
    "3.1.2": Evidence(tests(LANGUAGE_NAMES, AXE_SUITE), FAIL, (
        "The web pages pass: each language's name is marked in its language. " + PDF_LIMITS.format(
            what="a word in another language"))),
    "3.1.3": Evidence((*tests(HINTS), manual(
        "Read every step in fr, nl and de: each administrative term (income replacement allowance, BIS "
        "number, autonomy scale) is explained where it appears.")), MANUAL_PENDING),
    "3.1.4": Evidence((manual(
        "Find every abbreviation on the pages (ARR, AI, IVT, IT, BEE, EB, BIS, IBAN, CPAS): each is "
        "written out or explained where it is first used."),), MANUAL_PENDING),
    "3.1.5": Evidence((*tests(READABILITY, EASY_READ), manual(
        "Run bash scripts/readability: it prints the reading figures per language, of the standard texts "
        "and of the easy-read version beside the same messages; compare them with lower secondary "
        "education, and read a few easy-read pages against the easy-to-read rules.")), MANUAL_PENDING, (
        "Every applicant page has an easy-read version (the switch beside the languages), with a text "
        "for every message in fr, nl and de; its figures are better than the standard text's in each "
        "language (shorter sentences, fewer long words, a better Flesch-type score).")),
    "3.1.6": applies_not(
        "No word on the form has a meaning that depends on how it is pronounced.", manual(
            "Read the catalogues for words whose meaning depends on their pronunciation (heteronyms).")),
    "3.2.1": Evidence(tests(KEYBOARD_WALK, NONE_OF_IT), note="Nothing happens on focus: no focus handlers."),
    "3.2.2": Evidence(tests(NONE_OF_IT), note=(
        "No form is sent on change; the language is changed by a button. Issue 11 finding 9 (a language "
        "switch saves nothing) is fixed on another branch.")),
    "3.2.3": Evidence(tests(CONSISTENT_HELP), note="Header, language choice and footer in the same order on every page."),
    "3.2.4": Evidence((manual(
        "Compare the buttons and links that do the same on several pages (Continue, Save and continue "
        "later, Back, Change): same words on every page, in each language."),), MANUAL_PENDING, (
        "One engine and one set of macros render every step.")),
    "3.2.5": Evidence(tests(NONE_OF_IT), note="No new window, no automatic refresh or redirection."),
    "3.2.6": Evidence(tests(CONSISTENT_HELP, HELP_CHECKED), note=(
        "The footer's phone number and accessibility statement (with the e-mail address) come in the same "
        "order after the main content on every page.")),
    "3.3.1": Evidence(tests(AXE_SUITE, ERROR_FOCUS, ERRORS_IN_BROWSER, MISSING_ANSWERS), note=(
        "An error summary takes focus, \"Error:\" starts the title, each message is beside its field. "
        "Issue 11 finding 4 (the summary's role, the warning sign read aloud) is fixed on another branch.")),
    "3.3.2": Evidence(tests(HINTS), note="Every question has a label and a hint or an example."),
    "3.3.3": Evidence(tests(MISSING_SAYS_WHAT, DATE_MESSAGES, WRONG_NUMBER), note=(
        "Each message says what is wrong and how to put it right.")),
    "3.3.4": Evidence(tests(CHANGE_LINKS, CANNOT_SEND_INCOMPLETE, DECLARATION), note=(
        "Every answer can be checked and changed before sending, and the declaration confirmed.")),
    "3.3.5": Evidence(tests(HINTS, CONSISTENT_HELP), note=(
        "A hint or an example for every question, and the phone number on every page.")),
    "3.3.6": Evidence(tests(CHANGE_LINKS, CANNOT_SEND_INCOMPLETE, DECLARATION)),
    "3.3.7": Evidence(tests(NO_VALUE_TWICE, REDUNDANT_ENTRY, ASKED_ONCE), note=(
        "Issue 11 finding 1 (the date of birth asked for the resume code, then again) is fixed on another "
        "branch.")),
    "3.3.8": Evidence((*tests(CODE_PASTED), manual(
        "Save and continue later; copy the code, then paste it on the resume page; let a password manager "
        "save it and fill it in.")), MANUAL_PENDING, (
        "The resume code can be pasted. Issue 11 finding 6 (copy button, no autocomplete=\"off\") is fixed "
        "on another branch.")),
    "3.3.9": Evidence((*tests(CODE_PASTED), manual(
        "As for 3.3.8: the code is pasted or filled in by a password manager; nothing asks to recognise an "
        "object.")), MANUAL_PENDING),
    "4.1.1": applies_not(
        "Obsolete and removed in WCAG 2.2: always satisfied for HTML.", *tests(NU_CHECKER), note=(
            "Still checked: every page is valid HTML for the Nu Html Checker.")),
    "4.1.2": Evidence(tests(NU_CHECKER), note="Native HTML controls only."),
    "4.1.3": Evidence((*tests(NOTIFICATIONS), manual(
        f"{SCREEN_READER}: save a part, attach a file, have the code sent by e-mail: each success message "
        "is read out without moving there.")), note=(
        "Issue 11 finding 3 (success messages present at load are not announced) is fixed on another "
        "branch.")),
}


@dataclass(frozen=True)
class Criterion:
    number: str
    level: str
    name: str
    evidence: Evidence

    @property
    def applies(self) -> bool:
        return not self.evidence.not_applicable

    @property
    def principle(self) -> str:
        return self.number.split(".")[0]

    @property
    def url(self) -> str:
        return SPEC + "#" + re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


CRITERIA = [Criterion(number, level, name, EVIDENCE[number]) for number, level, name in WCAG_22]

# Node asks axe-core itself: its rules, tags, and whether a run with our
# suite's tags runs them (axe's own selection).
RULES_SCRIPT = """
const axe = require(process.argv[1]);
const options = {runOnly: {type: 'tag', values: JSON.parse(process.argv[2])}};
const rules = axe._audit.rules.map(rule => ({
  id: rule.id, tags: rule.tags, runs: axe.utils.ruleShouldRun(rule, {page: true}, options)}));
process.stdout.write(JSON.stringify({version: axe.version, rules}));
"""
CRITERION_TAG = re.compile(r"^wcag(\d)(\d)(\d+)$")


@cache
def axe_metadata() -> dict:
    """axe-core's version and its rules: id, tags, and whether our suite runs them."""
    from a11y_tests.test_axe import TAGS

    result = subprocess.run(
        ["node", "-e", RULES_SCRIPT, str(AXE_PACKAGE), json.dumps(TAGS)],
        capture_output=True, text=True, check=True, timeout=60,
    )
    return json.loads(result.stdout)


def criteria_of(tags: list[str]) -> list[str]:
    """axe's tags as WCAG success criteria: wcag143 -> 1.4.3."""
    return [".".join(m.groups()) for m in map(CRITERION_TAG.match, tags) if m]


def axe_rules(number: str) -> tuple[list[str], list[str]]:
    """The axe rules for a criterion: those our suite runs, and the others."""
    rules = [r for r in axe_metadata()["rules"] if number in criteria_of(r["tags"])]
    return [r["id"] for r in rules if r["runs"]], [r["id"] for r in rules if not r["runs"]]


def checks(criterion: Criterion) -> list[tuple]:
    """Every check of a criterion: axe's rules first, then ours."""
    run, _ = axe_rules(criterion.number)
    return ([("axe", run)] if run else []) + list(criterion.evidence.checks)


def test_ids(criterion: Criterion) -> list[str]:
    return [value for kind, value in criterion.evidence.checks if kind == "test"]


def reference_exists(test_id: str) -> bool:
    """A "path::test_name" or "path" reference names a file, and a function, in this tree."""
    path, _, name = test_id.partition("::")
    file = ROOT / path
    if not file.is_file():
        return False
    if not name:
        return True
    tree = ast.parse(file.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.FunctionDef) and node.name == name for node in tree.body)


# The document.

def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _test_link(test_id: str) -> str:
    path = test_id.partition("::")[0]
    target = os.path.relpath(ROOT / path, ROOT / "a11y_tests").replace(os.sep, "/")
    return f"[{_cell(test_id)}]({target})"


def _axe_link(rule: str) -> str:
    version = ".".join(axe_metadata()["version"].split(".")[:2])
    return f"[{rule}](https://dequeuniversity.com/rules/axe/{version}/{rule})"


def describe_check(check: tuple, link: bool = True) -> str:
    kind, value = check
    if kind == "axe":
        return "axe: " + ", ".join(map(_axe_link, value) if link else value)
    if kind == "test":
        return "test: " + (_test_link(value) if link else value)
    return "manual: " + value


def _note(criterion: Criterion) -> str:
    evidence = criterion.evidence
    _, not_run = axe_rules(criterion.number)
    parts = [f"Does not apply: {evidence.not_applicable}"] if evidence.not_applicable else []
    parts += [evidence.note] if evidence.note else []
    if not_run:
        parts.append(f"axe also has {', '.join(not_run)} (experimental or deprecated: not run).")
    return " ".join(parts)


def markdown() -> str:
    version = axe_metadata()["version"]
    lines = [
        "# WCAG 2.2 success criteria: what applies, how it is checked, the result",
        "",
        "Generated from `a11y_tests/wcag_criteria.py` by `python -m a11y_tests.wcag_criteria >",
        "a11y_tests/wcag_criteria.md`; do not edit by hand (a test compares the two). Every success",
        f"criterion of [WCAG 2.2]({SPEC}), levels A, AA and AAA. The axe rules come from axe-core",
        f"{version}'s own metadata: the rules our axe suite runs on every page, in fr, nl and de, at",
        "1280 and 320 px (`a11y_tests/test_axe.py`). \"manual-pending\": the steps are written, a",
        "person has yet to follow them and record the result here. `bash scripts/audit` shows this",
        "table with the axe results of its own run. Criteria by level and result (4.1.1 Parsing, obsolete,",
        "counts as not applicable at level A):",
        "",
        "| Level | " + " | ".join(RESULTS) + " |",
        "|---|" + "---|" * len(RESULTS),
    ]
    for level in ("A", "AA", "AAA"):
        counts = [sum(1 for c in CRITERIA if c.level == level and c.evidence.result == r) for r in RESULTS]
        lines.append(f"| {level} | " + " | ".join(map(str, counts)) + " |")
    for principle, title in PRINCIPLES.items():
        lines += ["", f"## {principle}. {title}", "",
                  "| Criterion | Level | Applies | How it is checked | Result | Note |",
                  "|---|---|---|---|---|---|"]
        for criterion in (c for c in CRITERIA if c.principle == principle):
            name = criterion.name + (" (obsolete and removed)" if criterion.number in OBSOLETE else "")
            how = "<br>".join(_cell(describe_check(check)) for check in checks(criterion)) or "–"
            lines.append(
                f"| [{criterion.number} {_cell(name)}]({criterion.url}) | {criterion.level} | "
                f"{'yes' if criterion.applies else 'no'} | {how} | {criterion.evidence.result} | "
                f"{_cell(_note(criterion))} |"
            )
    return "\n".join(lines) + "\n"


# The audit report: the table with the axe results of a run.

def with_axe_results(pages: list[dict]) -> list[dict]:
    """Every criterion, and for those axe checks: pass when no page had a
    violation of one of its rules in this run, fail otherwise."""
    rows = []
    for criterion in CRITERIA:
        run, _ = axe_rules(criterion.number)
        counts = [p["axe"]["by_criterion"].get(criterion.number, {}) for p in pages]
        violated = sum(1 for c in counts if c.get("violations"))
        rows.append({
            "number": criterion.number, "name": criterion.name, "level": criterion.level,
            "applies": criterion.applies, "not_applicable": criterion.evidence.not_applicable,
            "checks": [describe_check(check, link=False) for check in checks(criterion)],
            "result": criterion.evidence.result, "note": _note(criterion),
            "axe": {
                "rules": run, "pages_with_violations": violated,
                "pages_to_review": sum(1 for c in counts if c.get("incomplete")),
                "result": (FAIL if violated else PASS) if run and pages else None,
            },
        })
    return rows


if __name__ == "__main__":
    sys.stdout.write(markdown())
