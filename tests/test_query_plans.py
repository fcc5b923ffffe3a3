"""No full scan of a table that grows with the applications: PostgreSQL's
plans for every statement of the daily purge and of the frequent requests
(the draft session's lookup, resume by code, the caseload) use an index.

With sequential scans switched off (enable_seqscan), the planner still
chooses one when no index can serve the statement, so any "Seq Scan" on
those tables means a missing index, whatever the number of rows.
"""
from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import event, update

from webform import resume, storage
from webform.models import Application, db, utcnow
from webform.retention import purge
from webform.staff.caseload import organisation_applications

from .helpers import FormClient

GROWING = ("applications", "attachments", "draft_sessions", "pending_files", "rate_events", "resume_attempts")
SCAN = re.compile(r"Seq Scan on (\w+)")


@pytest.fixture
def database(request) -> str:
    return request.getfixturevalue("database_postgresql")


@pytest.fixture
def database_postgresql(tmp_path):
    import os

    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.fail("TEST_DATABASE_URL is not set: run scripts/test, which starts PostgreSQL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"{url}_{worker}" if worker else url


class Recorder:
    """Every statement sent to the database, with its parameters."""

    def __init__(self, engine):
        self.statements: list[tuple[str, object]] = []
        event.listen(engine, "before_cursor_execute", self.record)
        self.engine = engine

    def record(self, _connection, _cursor, statement, parameters, _context, executemany):
        if not executemany and statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            self.statements.append((statement, parameters))

    def stop(self):
        event.remove(self.engine, "before_cursor_execute", self.record)


def full_scans(engine, statements) -> list[tuple[str, str]]:
    found = []
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SET enable_seqscan = off")
        for statement, parameters in statements:
            cursor.execute(f"EXPLAIN {statement}", parameters)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            found += [(table, statement) for table in SCAN.findall(plan) if table in GROWING]
    finally:
        connection.rollback()
        connection.close()
    return found


def test_the_purge_and_the_frequent_queries_use_indexes(app):
    client = FormClient(app)
    client.start("fr")
    client.get("/application/")  # the draft session's lookup
    with app.app_context():
        draft = storage.create_application("fr")
        resume.issue_code(draft, "1980-01-01")
        db.session.commit()
        old = storage.create_application("nl")
        db.session.execute(update(Application).where(Application.id == old.id).values(expires_at=utcnow() - timedelta(days=1)))
        db.session.commit()
        recorder = Recorder(db.engine)
        try:
            client.get("/application/")
            with app.test_request_context():
                resume.resume("AAAA-BBBB-CCCC-DDDD-EEEE", "1980-01-01", "192.0.2.1")
                organisation_applications(SimpleNamespace(organisation_id=1), ("draft", "submitted"))
            db.session.rollback()
            assert purge().drafts == 1
        finally:
            recorder.stop()
        statements = recorder.statements
        assert len(statements) > 10  # the statements were recorded (so the test could fail)
        assert any("DELETE FROM applications" in s for s, _ in statements)
        assert full_scans(db.engine, statements) == []
        # The check sees a scan where no index serves (language has none).
        control = [("SELECT id FROM applications WHERE language = %(language)s", {"language": "fr"})]
        assert full_scans(db.engine, control) == [("applications", control[0][0])]
