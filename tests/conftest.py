"""Fixtures: an app with its own temporary database per test, and a client
that reads every page it gets like a careful reviewer would."""
from __future__ import annotations

import logging
import os

import pytest

from webform import create_app
from webform.models import db

from .helpers import FormClient, WorkerClient


def pytest_generate_tests(metafunc):
    """Modules that set BOTH_DATABASES run each test on SQLite and on PostgreSQL."""
    if "database" in metafunc.fixturenames and getattr(metafunc.module, "BOTH_DATABASES", False):
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def database(request, tmp_path) -> str:
    """The database URL: SQLite in the test's folder, or the PostgreSQL of scripts/test."""
    if getattr(request, "param", "sqlite") == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.fail("TEST_DATABASE_URL is not set: run scripts/test, which starts PostgreSQL")
    # Each pytest-xdist worker has a database of its own (scripts/postgres
    # makes webform_test_gw0, _gw1, ...): every test empties the one it uses.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"{url}_{worker}" if worker else url


@pytest.fixture
def app(tmp_path, monkeypatch, database):
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database})
    # The PDF worker runs after each test request (helpers.WorkerClient).
    app.test_client_class = WorkerClient
    with app.app_context():
        db.drop_all()  # a shared PostgreSQL database starts each test empty
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def form_client(app):
    return FormClient(app)


@pytest.fixture(autouse=True)
def weasyprint_errors(caplog):
    """WeasyPrint logs (never raises) a missing alt or lang: such a log fails
    the test, whichever test made the PDF. The fixture also returns the
    errors so far, for a test to look at them."""
    caplog.set_level(logging.WARNING, logger="weasyprint")

    def errors() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.ERROR]

    yield errors
    if errors():
        pytest.fail(f"WeasyPrint logged errors: {errors()}")
