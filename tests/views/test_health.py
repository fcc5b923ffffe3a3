"""/healthz: 200 when the database and the file store answer, 503
otherwise; a tiny JSON document, no cookie, no rate limit."""
from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy.exc import OperationalError

from webform import uploads
from webform.models import db

BOTH_DATABASES = True
BOTH_FILE_STORES = True


def test_healthy_answers_200_without_cookie_or_cache(client):
    for _ in range(200):  # a balancer calls it every few seconds: never rate-limited
        response = client.get("/healthz")
        assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "store": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert len(response.data) < 100


def test_a_database_that_does_not_answer_gives_503(app, client, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    client.worker = False  # the PDF worker of the tests would meet the broken database too
    monkeypatch.setattr(db.session, "execute", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "failing", "store": "ok"}
    assert "Set-Cookie" not in response.headers


def test_a_store_that_does_not_answer_gives_503(app, client):
    with app.app_context():
        files = uploads.storage()
    if app.config["FILE_STORE"] == "s3":
        files.client.delete_bucket(Bucket=files.bucket)
    else:
        shutil.rmtree(files.root)
        Path(files.root).write_bytes(b"not a folder")
    response = client.get("/healthz")
    if app.config["FILE_STORE"] == "s3":
        files.client.create_bucket(Bucket=files.bucket)  # for the fixture's clean-up
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "ok", "store": "failing"}
