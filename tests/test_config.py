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


@pytest.mark.parametrize("environment, store", [
    ({}, "local"),
    ({"FILE_STORE": "S3", "S3_BUCKET": "shared"}, "s3"),
])
def test_the_file_store_comes_from_the_environment(monkeypatch, environment, store):
    from webform.config import file_store

    monkeypatch.delenv("FILE_STORE", raising=False)
    monkeypatch.delenv("S3_BUCKET", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert file_store() == store


@pytest.mark.parametrize("environment, message", [
    ({"FILE_STORE": "s3"}, "without S3_BUCKET"),
    ({"FILE_STORE": "ftp", "S3_BUCKET": "shared"}, "use one of local, s3"),
])
def test_a_file_store_that_cannot_work_stops_the_start(monkeypatch, tmp_path, environment, message):
    """Better at start than at the first upload of a medical report."""
    from webform.config import FileStoreError, from_environment

    monkeypatch.delenv("S3_BUCKET", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(FileStoreError, match=message):
        from_environment(str(tmp_path))
