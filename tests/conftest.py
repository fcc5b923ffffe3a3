"""Fixtures: an app with its own temporary database per test, and a client
that reads every page it gets like a careful reviewer would."""
from __future__ import annotations

import logging
import os
import uuid

import pytest

from webform import create_app
from webform.models import db

from .helpers import FormClient, WorkerClient


def pytest_generate_tests(metafunc):
    """Modules that set BOTH_DATABASES run each test on SQLite and on PostgreSQL."""
    if "database" in metafunc.fixturenames and getattr(metafunc.module, "BOTH_DATABASES", False):
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)
    # Modules that set BOTH_FILE_STORES run each test on the local folder and on an S3 bucket.
    if "file_store" in metafunc.fixturenames and getattr(metafunc.module, "BOTH_FILE_STORES", False):
        metafunc.parametrize("file_store", ["local", "s3"], indirect=True)


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


@pytest.fixture(scope="session", autouse=True)
def static_build(tmp_path_factory):
    """One build of the hashed static files for all the tests of a worker
    (assets.py builds it at the first app's start, 0.1 s), not one per app."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STATIC_BUILD_PATH", str(tmp_path_factory.mktemp("static-build")))
        yield


@pytest.fixture
def file_store(request, monkeypatch):
    """The file store's configuration: the local folder (the default), or a
    bucket of its own on the S3-compatible server of scripts/test (moto's
    standalone server), emptied and removed after the test."""
    if getattr(request, "param", "local") == "local":
        yield {}
        return
    endpoint = os.environ.get("TEST_S3_ENDPOINT_URL")
    if not endpoint:
        pytest.fail("TEST_S3_ENDPOINT_URL is not set: run scripts/test, which starts a local S3-compatible server")
    from webform.file_stores import s3_client

    # moto accepts any credentials; boto3 needs some to sign its requests.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", os.environ.get("AWS_ACCESS_KEY_ID", "test"))
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", os.environ.get("AWS_SECRET_ACCESS_KEY", "test"))
    bucket = f"test-{uuid.uuid4().hex}"
    client = s3_client(endpoint, "us-east-1")
    client.create_bucket(Bucket=bucket)
    yield {"FILE_STORE": "s3", "S3_ENDPOINT_URL": endpoint, "S3_BUCKET": bucket, "S3_REGION": "us-east-1"}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", ()):
            client.delete_object(Bucket=bucket, Key=item["Key"])
    client.delete_bucket(Bucket=bucket)


@pytest.fixture
def app(tmp_path, monkeypatch, database, file_store):
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database, **file_store})
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
