"""Fixtures: an app with its own temporary database per test, and a client
that reads every page it gets like a careful reviewer would."""
from __future__ import annotations

import pytest

from webform import create_app
from webform.models import db

from .helpers import FormClient


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def form_client(app):
    return FormClient(app)
