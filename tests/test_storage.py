"""Storage: identifiers, references, optimistic locking."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm.exc import StaleDataError

from webform import storage
from webform.models import Application, db, utcnow

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


def test_an_expired_draft_is_not_found_but_a_sent_application_is(app):
    with app.app_context():
        draft, sent = storage.create_application("nl"), storage.create_application("fr")
        assert storage.find_application_by_id(draft.id).id == draft.id
        draft.expires_at = sent.expires_at = utcnow() - timedelta(minutes=1)
        sent.status = "submitted"
        db.session.commit()
        assert storage.find_application_by_id(draft.id) is None
        assert storage.find_application_by_id(sent.id).id == sent.id
        assert storage.find_application_by_id(sent.id + draft.id + 1) is None


def test_stale_save_is_refused(app):
    """Two windows on one draft: the later save of an old copy does not overwrite."""
    with app.app_context():
        application = storage.create_application("fr")
        application_id = application.id
        db.session.expunge_all()
        first = storage.find_application_by_id(application_id)
        # Another worker saves in between.
        with db.engine.begin() as connection:
            connection.execute(
                Application.__table__.update()
                .where(Application.__table__.c.id == application_id)
                .values(version=Application.__table__.c.version + 1)
            )
        with pytest.raises(StaleDataError):
            storage.save_step(first, {"first_name": "Marie"}, {"identity"})
        db.session.rollback()


def test_answers_survive_a_restart(app, tmp_path):
    with app.app_context():
        application = storage.create_application("de")
        storage.save_step(application, {"first_name": "Jürgen", "requests": ["recognition"]}, {"requests"})
        application_id = application.id
        db.session.remove()
        db.engine.dispose()
    from webform import create_app

    again = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    with again.app_context():
        reloaded = storage.find_application_by_id(application_id)
        assert reloaded.answers == {"first_name": "Jürgen", "requests": ["recognition"]}
        assert reloaded.completed_steps == ["requests"]
        db.engine.dispose()
