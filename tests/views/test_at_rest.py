"""Encryption at rest, end to end: after a whole application with an
attachment is sent through the pages, none of its marker values can be read
in the raw bytes of the SQLite file, its write-ahead log, any file of the
instance folder, or any object of the store (uploads and the PDF kept at
sending included)."""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from webform import crypto
from webform.models import Application, db

from ..helpers import FormClient, make_national_number, years_ago
from ..scenarios import STEP_INPUT
from .test_check_and_submit import steps_for
from .test_files import PDF, attach, raw_content, stored_content, stored_files

# On the local folder and on an S3 bucket: the store never sees plain data.
BOTH_FILE_STORES = True

LAST_NAME = "Xylophorbe"
HEALTH = "Quokkitis-Zygomatique of the left knee"
FILE_NAME = "Rapport psychiatrique - Jean Pangolard.pdf"
FILE_MARKER = b"Blorptastic-content-marker"
NATIONAL_NUMBER = make_national_number(years_ago(47), serial=913)
CONTENT = PDF.replace(b"\n", b"\n%" + FILE_MARKER + b"\n", 1)  # a comment in a readable PDF


def markers() -> dict[str, bytes]:
    found = {
        "last name": LAST_NAME.encode(),
        "health text": HEALTH.encode(),
        "health word": b"Quokkitis",
        "file name": b"Pangolard",
        "file content": FILE_MARKER,
        "national number": NATIONAL_NUMBER.encode(),
    }
    # The same, as a UTF-16 string would hold them (a PDF's metadata may).
    found.update({f"{name} (UTF-16)": value.decode().encode("utf-16-be") for name, value in list(found.items())})
    return found


def send_with_markers(client: FormClient) -> str:
    requests = ["recognition"]
    inputs = {
        **STEP_INPUT,
        "identity": {**STEP_INPUT["identity"], "national_number": NATIONAL_NUMBER, "last_name": LAST_NAME},
        "health_situation": {**STEP_INPUT["health_situation"], "health_conditions": HEALTH},
    }
    client.start("fr")
    for step in steps_for(requests):
        if step in ("check", "declaration"):
            continue
        client.post(f"/application/{step}", {"requests": requests} if step == "requests" else inputs[step])
        assert not client.page.errors(), (step, client.page.errors())
    assert not attach(client, FILE_NAME, CONTENT).errors()
    client.get("/application/check")
    client.get(client.page.soup.select_one("main a.button")["href"])
    client.submit(STEP_INPUT["declaration"], form="#step-form")
    return client.page.soup.select_one(".reference").get_text(strip=True)


def test_no_marker_in_the_database_its_log_or_the_upload_folder(app, form_client):
    reference = send_with_markers(form_client)
    # The values were stored (so the test could fail): they come back decrypted.
    exported = json.loads(app.test_cli_runner().invoke(args=["export", reference]).output)
    assert exported["answers"]["last_name"] == LAST_NAME and exported["answers"]["health_conditions"] == HEALTH
    assert exported["answers"]["national_number"] == NATIONAL_NUMBER
    assert exported["attachments"][0]["name"] == FILE_NAME
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        attachment_key, summary_key = application.attachments[0].storage_key, application.summary_pdf_key
    assert FILE_MARKER in stored_content(app, attachment_key)
    assert summary_key and stored_content(app, summary_key).startswith(b"%PDF")

    database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    wal = Path(f"{database}-wal")
    assert database.stat().st_size > 0 and wal.exists() and wal.stat().st_size > 0
    uploads = Path(app.config["UPLOAD_FOLDER"])
    files = [database, wal, *(p for p in Path(app.instance_path).rglob("*") if p.is_file()),
             *(p for p in uploads.rglob("*") if p.is_file())]
    stored = {key: raw_content(app, key) for key in stored_files(app) if not key.startswith("incoming/")}
    assert {attachment_key, summary_key} <= set(stored)
    for key, raw in stored.items():  # every stored file is sealed: the sent PDF too
        assert raw.startswith(crypto.FILE_MAGIC), key
    for name, raw in [*((path.name, path.read_bytes()) for path in files), *stored.items()]:
        for what, marker in markers().items():
            assert marker not in raw, f"{what} readable in {name}"
