"""Storage: identifiers, references, optimistic locking."""
from __future__ import annotations

import pytest
from sqlalchemy.orm.exc import StaleDataError

from webform import storage
from webform.models import Application, db

# Run on SQLite and on PostgreSQL (see tests/conftest.py).
BOTH_DATABASES = True


def test_reference_is_readable_and_checked():
    references = {storage.make_reference() for _ in range(200)}
    assert len(references) == 200
    for reference in references:
        assert len(reference) == 14 and reference.count("-") == 2
        assert storage.is_valid_reference(reference)
        # Any single wrong digit is caught by the check.
        digits = reference.replace("-", "")
        wrong = str((int(digits[3]) + 1) % 10)
        assert not storage.is_valid_reference(digits[:3] + wrong + digits[4:])


def test_applications_are_found_only_by_their_random_identifier(app):
    with app.app_context():
        application = storage.create_application("nl")
        assert len(application.public_id) >= 40
        assert storage.find_application(application.public_id).id == application.id
        assert storage.find_application(str(application.id)) is None
        assert storage.find_application(None) is None
        assert storage.find_application({"$ne": 1}) is None


def test_stale_save_is_refused(app):
    """Two windows on one draft: the later save of an old copy does not overwrite."""
    with app.app_context():
        application = storage.create_application("fr")
        public_id = application.public_id
        db.session.expunge_all()
        first = storage.find_application(public_id)
        # Another worker saves in between.
        with db.engine.begin() as connection:
            connection.execute(
                Application.__table__.update()
                .where(Application.__table__.c.public_id == public_id)
                .values(version=Application.__table__.c.version + 1)
            )
        with pytest.raises(StaleDataError):
            storage.save_step(first, {"first_name": "Marie"}, {"identity"})
        db.session.rollback()


def test_answers_survive_a_restart(app, tmp_path):
    with app.app_context():
        application = storage.create_application("de")
        storage.save_step(application, {"first_name": "Jürgen", "requests": ["recognition"]}, {"requests"})
        public_id = application.public_id
        db.session.remove()
        db.engine.dispose()
    from webform import create_app

    again = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    with again.app_context():
        reloaded = storage.find_application(public_id)
        assert reloaded.answers == {"first_name": "Jürgen", "requests": ["recognition"]}
        assert reloaded.completed_steps == ["requests"]
        db.engine.dispose()
