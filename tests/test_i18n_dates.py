"""Dates in each language's own Belgian format, on the pages and in the PDF,
never a fixed pattern: German writes "4. Dezember 2026", with its point."""
from __future__ import annotations

import re

from datetime import date, datetime

import pytest
from flask_babel import force_locale

from webform.i18n import format_day, format_moment, format_month
from webform.question_kinds import DateQuestion

DAYS = {"fr": "4 décembre 2026", "nl": "4 december 2026", "de": "4. Dezember 2026"}
MONTHS = {"fr": "décembre 2026", "nl": "december 2026", "de": "Dezember 2026"}
# 13:05 UTC is 14:05 in Brussels in winter.
MOMENTS = {"fr": "4 décembre 2026, 14:05", "nl": "4 december 2026, 14:05", "de": "4. Dezember 2026, 14:05"}


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_dates_in_the_language_s_own_format(app, language):
    with app.test_request_context(), force_locale(language):
        assert format_day(date(2026, 12, 4)) == DAYS[language]
        assert format_month(date(2026, 12, 1)) == MONTHS[language]
        assert format_moment(datetime(2026, 12, 4, 13, 5)) == MOMENTS[language]
        question = DateQuestion(key="d", label="d", day_optional=True)
        assert question.display("2026-12-04") == DAYS[language]
        assert question.display("2026-12") == MONTHS[language]


def test_templates_use_no_fixed_date_pattern():
    """The filters of i18n.py, not datetimeformat("d MMMM yyyy …")."""
    from webform import ROOT

    fixed = [path.name for path in (ROOT / "templates").rglob("*.html") if re.search(r"\b(date|datetime)format\(", path.read_text())]
    assert fixed == []
