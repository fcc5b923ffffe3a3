"""Configuration read from the environment: the rules that change with the law."""
from __future__ import annotations

import pytest

from webform.config import LEGAL_PENSION_AGE, _ages_by_birth_year


def test_the_default_upper_age_is_the_legal_pension_age(monkeypatch):
    monkeypatch.delenv("ALLOWANCE_MAX_AGE_BY_BIRTH_YEAR", raising=False)
    assert _ages_by_birth_year("ALLOWANCE_MAX_AGE_BY_BIRTH_YEAR", LEGAL_PENSION_AGE) == ((0, 65), (1960, 66), (1964, 67))


@pytest.mark.parametrize("raw, table", [
    ("65,1960:66,1964:67", ((0, 65), (1960, 66), (1964, 67))),
    ("65", ((0, 65),)),
    (" 1964:67 , 65 ,1960:66 ", ((0, 65), (1960, 66), (1964, 67))),
])
def test_an_age_table_by_year_of_birth_from_the_environment(monkeypatch, raw, table):
    monkeypatch.setenv("ALLOWANCE_MAX_AGE_BY_BIRTH_YEAR", raw)
    assert _ages_by_birth_year("ALLOWANCE_MAX_AGE_BY_BIRTH_YEAR", LEGAL_PENSION_AGE) == table
