"""Retention: sent applications are purged SENT_RETENTION_DAYS after
sending, with their files and PDFs, by the same daily command as drafts;
the export says when."""
from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from webform.export import export_application
from webform.models import Application, DraftSession, db, utcnow

from .helpers import MINIMAL_PDF, FormClient


def sent_with_a_file(app) -> None:
    client = FormClient(app)
    client.start("fr")
    client.get("/application/files/")
    client.submit({"file": (io.BytesIO(MINIMAL_PDF), "rapport.pdf"), "kind": "medical_report"}, form="#upload-form")
    client.client.get("/application/summary.pdf")  # a draft PDF is kept too
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.status, application.reference = "submitted", "1234-5678-9012"
        application.submitted_at = utcnow()
        application.summary_pdf_key = "f" * 64
        db.session.commit()
    (Path(app.config["UPLOAD_FOLDER"]) / ("f" * 64)).write_bytes(b"sent pdf")


def files(app) -> list[str]:
    return sorted(f.name for f in Path(app.config["UPLOAD_FOLDER"]).iterdir() if f.is_file())


def test_sent_applications_are_purged_after_their_retention(app):
    app.config["SENT_RETENTION_DAYS"] = 30
    sent_with_a_file(app)
    assert len(files(app)) == 3  # the attachment, the draft PDF, the sent PDF
    runner = app.test_cli_runner()
    assert "0 sent applications" in runner.invoke(args=["purge-expired"]).output
    with app.app_context():
        db.session.execute(update(Application).values(submitted_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    assert "1 sent applications" in runner.invoke(args=["purge-expired"]).output
    with app.app_context():
        assert db.session.execute(select(Application)).first() is None
        assert db.session.execute(select(DraftSession)).first() is None
    assert files(app) == []


def test_the_export_says_when_it_will_be_purged(app):
    app.config["SENT_RETENTION_DAYS"] = 200
    sent_with_a_file(app)
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        exported = export_application(application)
        expected = (application.submitted_at + timedelta(days=200)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert exported["purge_after"] == expected


def test_the_purge_sweeps_files_left_by_a_worker_that_died(app):
    """Every file's key is recorded before the file is stored: a day later,
    the purge deletes the recorded files no row points to (a save cut short,
    ".part", too) and forgets the records. A younger one may be an upload
    in progress; the files rows point to stay."""
    from webform import uploads
    from webform.models import PendingFile

    sent_with_a_file(app)
    folder = Path(app.config["UPLOAD_FOLDER"])
    kept = files(app)
    with app.app_context():
        store = uploads.storage()
        dead, cut, young = (store.save(io.BytesIO(b"left by a worker that died"), 100)[0] for _ in range(3))
        (folder / cut).rename(folder / f"{cut}.part")
        db.session.execute(update(PendingFile).where(PendingFile.key != young).values(created_at=utcnow() - timedelta(days=2)))
        db.session.commit()
        assert db.session.execute(select(PendingFile)).scalars().all()  # the kept files' records too
    app.test_cli_runner().invoke(args=["purge-expired"])
    assert files(app) == sorted([*kept, young])
    with app.app_context():
        assert db.session.execute(select(PendingFile.key)).scalars().all() == [young]


def test_sweep_files_lists_the_store_for_files_without_a_record(app):
    """Files from before the records (or a restored backup): `flask sweep-files`."""
    import os
    import time

    sent_with_a_file(app)
    folder = Path(app.config["UPLOAD_FOLDER"])
    kept = files(app)
    day_ago = time.time() - 2 * 86400
    for name in ("a" * 64, "b" * 64 + ".part"):
        (folder / name).write_bytes(b"left before pending records")
        os.utime(folder / name, (day_ago, day_ago))
    (folder / ("c" * 64)).write_bytes(b"an upload in progress")
    output = app.test_cli_runner().invoke(args=["sweep-files"]).output
    assert "deleted 2 stored files" in output
    assert files(app) == sorted([*kept, "c" * 64])
