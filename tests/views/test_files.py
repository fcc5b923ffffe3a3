"""Attachments: accepted types, clear refusals, limits, owner-only download,
removal, and the files' place in the PDF, the export and the purge."""
from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from webform.models import Application, Attachment, db, utcnow

from ..helpers import FormClient, translate

BOTH_DATABASES = True

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
EXECUTABLE = b"\x7fELF\x02\x01\x01" + b"\x00" * 100


def attach(client: FormClient, name: str, content: bytes, kind: str = "medical_report"):
    client.get("/application/files/")
    return client.submit({"file": (io.BytesIO(content), name), "kind": kind}, form="#upload-form")


@pytest.fixture
def client(app):
    client = FormClient(app)
    client.start("fr")
    client.post("/application/requests", {"requests": ["recognition"]})
    return client


def attachments(app) -> list[Attachment]:
    with app.app_context():
        return list(db.session.execute(select(Attachment).order_by(Attachment.id)).scalars())


@pytest.mark.parametrize("name, content, media_type", [
    ("report.pdf", PDF, "application/pdf"),
    ("photo.JPG", JPEG, "image/jpeg"),
    ("scan.png", PNG, "image/png"),
    ("no-extension", PDF, "application/pdf"),  # the content decides, not the name
])
def test_accepted_types(app, client, name, content, media_type):
    page = attach(client, name, content)
    assert not page.errors()
    assert translate("“%(name)s” is attached.", "fr", name=name) in page.html
    (stored,) = attachments(app)
    assert stored.media_type == media_type and stored.size == len(content) and stored.original_name == name
    # Stored under a random name, outside static/.
    path = Path(app.config["UPLOAD_FOLDER"]) / stored.storage_key
    assert path.read_bytes() == content and name not in stored.storage_key
    assert "static" not in path.parts


def heic_photo(width: int = 64, height: int = 48) -> bytes:
    """A phone-style HEIC photo, rotated by its EXIF tag and carrying a GPS position."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()

    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90°
    exif[0x8825] = {1: "N", 2: (50.0, 50.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="HEIF", exif=exif.tobytes(), quality=60)
    return buffer.getvalue()


def test_heic_photo_is_converted_to_jpeg(app, client):
    page = attach(client, "IMG_0001.HEIC", heic_photo())
    assert not page.errors()
    assert translate(
        "“%(name)s” is attached. The photo was turned into JPEG so that everyone can open it.", "fr", name="IMG_0001.jpg"
    ) in page.html
    (stored,) = attachments(app)
    assert stored.media_type == "image/jpeg" and stored.original_name == "IMG_0001.jpg"
    files = list(Path(app.config["UPLOAD_FOLDER"]).glob("*"))
    assert [f.name for f in files] == [stored.storage_key]  # the HEIC itself is not kept
    from PIL import Image

    with Image.open(files[0]) as jpeg:
        assert jpeg.format == "JPEG" and jpeg.size == (48, 64)  # upright
        assert not jpeg.getexif()  # no GPS position, no camera data
    assert stored.size == files[0].stat().st_size


def test_large_heic_photo_is_scaled_down(app, client):
    # A 48-megapixel camera's photo would make a JPEG over the file limit.
    assert not attach(client, "IMG_0004.HEIC", heic_photo(100, 5000)).errors()
    (stored,) = attachments(app)
    from PIL import Image

    with Image.open(Path(app.config["UPLOAD_FOLDER"]) / stored.storage_key) as jpeg:
        assert jpeg.size == (4096, 82)  # rotated upright, longest side 4096


def test_damaged_or_huge_heic_is_refused_with_a_reason(app, client):
    photo = heic_photo()
    page = attach(client, "IMG_0002.heic", photo[:200])
    assert page.errors()["file"] == translate(
        "The photo “%(name)s” could not be read: the file may be damaged. Take the photo again, or save it as JPEG.",
        "fr", name="IMG_0002.heic",
    )
    app.config["UPLOAD_MAX_IMAGE_PIXELS"] = 2_000_000
    page = attach(client, "IMG_0003.heic", heic_photo(2000, 1500))
    assert page.errors()["file"] == translate(
        "The photo “%(name)s” has %(megapixels)s million pixels; the limit is %(limit)s million. "
        "Take the photo at a lower resolution, or save it as JPEG.",
        "fr", name="IMG_0003.heic", megapixels="3", limit="2",
    )
    assert attachments(app) == [] and not list(Path(app.config["UPLOAD_FOLDER"]).glob("*"))


def test_renamed_executable_is_refused(app, client):
    page = attach(client, "report.pdf", EXECUTABLE)
    assert page.errors()["file"] == translate(
        "The file “%(name)s” is not a PDF, JPEG, PNG or HEIC file, whatever its name says. Save or scan it as PDF, JPEG or PNG.",
        "fr", name="report.pdf",
    )
    assert page.summary() == [("#file", page.errors()["file"])]
    assert attachments(app) == [] and not list(Path(app.config["UPLOAD_FOLDER"]).glob("*"))


def test_empty_file_is_refused(app, client):
    page = attach(client, "empty.pdf", b"")
    assert page.errors()["file"] == translate(
        "The file “%(name)s” is empty. Choose the file again, or scan the document again.", "fr", name="empty.pdf"
    )


def test_oversize_file_says_its_size_and_the_limit(app, client):
    app.config["UPLOAD_MAX_FILE_BYTES"] = 1_000_000
    page = attach(client, "big.pdf", PDF + b"0" * 1_400_000)
    assert page.errors()["file"] == translate(
        "The file is %(size)s MB; the limit is %(limit)s MB. Try a scan at lower resolution, or split it.",
        "fr", size="1,4", limit="1",
    )
    assert attachments(app) == [] and not list(Path(app.config["UPLOAD_FOLDER"]).glob("*"))


def test_too_many_files_and_total_size(app, client):
    app.config.update(UPLOAD_MAX_FILES=2, UPLOAD_MAX_TOTAL_BYTES=3_000)
    attach(client, "a.pdf", PDF)
    attach(client, "b.png", PNG)
    page = attach(client, "c.pdf", PDF)
    assert page.errors()["file"] == translate(
        "You can attach up to %(n)s files. Remove one, or put several pages in one PDF.", "fr", n=2
    )
    app.config["UPLOAD_MAX_FILES"] = 5
    page = attach(client, "d.pdf", PDF + b"0" * 3_000)
    assert page.errors()["file"] == translate(
        "Your files together may not exceed %(limit)s MB. Remove a file, or scan at lower resolution.", "fr", limit="0"
    )


def test_kind_and_file_are_required(client):
    client.get("/application/files/")
    page = client.submit({}, form="#upload-form")
    assert set(page.errors()) == {"file", "kind"}


def test_download_only_by_the_owner_and_removal(app, client):
    attach(client, "rapport médical.pdf", PDF)
    link = client.page.soup.select_one(".file-item a")
    response = client.client.get(link["href"])
    assert response.data == PDF and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    assert FormClient(app).client.get(link["href"]).status_code == 404
    # The remove button names the file for screen readers.
    button = client.page.soup.select_one(".file-remove button")
    assert "rapport médical.pdf" in button.get_text(" ", strip=True)
    client.submit({}, form=".file-remove")
    assert attachments(app) == [] and not list(Path(app.config["UPLOAD_FOLDER"]).glob("*"))


def test_attachments_in_pdf_export_and_purge(app, client):
    attach(client, "rapport.pdf", PDF)
    from webform.export import export_application

    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        exported = export_application(application)
    assert exported["attachments"][0]["name"] == "rapport.pdf"
    assert len(exported["attachments"][0]["sha256"]) == 64
    response = client.client.get("/application/summary.pdf")
    from pypdf import PdfReader

    assert "rapport.pdf" in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        application.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert "purged 1" in app.test_cli_runner().invoke(args=["purge-expired"]).output
    assert attachments(app) == [] and not list(Path(app.config["UPLOAD_FOLDER"]).glob("*"))


def test_documents_step_links_to_the_files(client):
    page = client.get("/application/documents")
    assert page.soup.select_one('.step-link a[href="/application/files/"]')
