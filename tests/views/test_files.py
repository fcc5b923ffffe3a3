"""Attachments: accepted types, clear refusals, limits, owner-only download,
removal, and the files' place in the PDF, the export and the purge."""
from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from webform.models import Application, Attachment, db, utcnow

from ..helpers import MINIMAL_PDF, FormClient, translate
from ..scenarios import apply_for

BOTH_DATABASES = True
# ... and on the local folder and an S3 bucket (see tests/conftest.py).
BOTH_FILE_STORES = True

PDF = MINIMAL_PDF


def picture(image_format: str, size=(40, 30), **options) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def padded_pdf(size: int) -> bytes:
    """A readable PDF of about `size` bytes (a comment line pads it)."""
    head, rest = PDF.split(b"\n", 1)
    return head + b"\n%" + b"0" * max(size - len(PDF) - 2, 0) + b"\n" + rest


JPEG = picture("JPEG")
PNG = picture("PNG")
EXECUTABLE = b"\x7fELF\x02\x01\x01" + b"\x00" * 100


def attach(client: FormClient, name: str, content: bytes, kind: str = "medical_report"):
    client.get("/application/files/")
    return client.submit({"file": (io.BytesIO(content), name), "kind": kind}, form="#upload-form")


@pytest.fixture
def client(app):
    client = FormClient(app)
    client.start("fr")
    apply_for(client, ["recognition"])
    return client


def stored_files(app) -> list[str]:
    """The names of the files in the store (the bucket's too), of any file
    left in the upload folder, and of any left behind by the upload spool."""
    from webform import uploads

    folder = Path(app.config["UPLOAD_FOLDER"])
    with app.app_context():
        stored = uploads.storage().keys()
    local = [f.name for f in folder.glob("*") if f.is_file()]
    return sorted({*stored, *local}) + [f"incoming/{f.name}" for f in folder.glob("incoming/*")]


def raw_content(app, key: str) -> bytes:
    """A stored file's bytes as the store keeps them (encrypted)."""
    from webform import uploads

    with app.app_context():
        files = uploads.storage()
        if app.config["FILE_STORE"] == "s3":
            return files.client.get_object(Bucket=files.bucket, Key=key)["Body"].read()
        return (files.root / key).read_bytes()


def stored_content(app, key: str) -> bytes:
    """A stored file's plaintext, read through the (encrypting) file storage."""
    from webform import uploads

    with app.app_context(), uploads.storage().open(key) as stored:
        return stored.read()


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
    """A JPEG without metadata (like this one) is kept byte for byte."""
    page = attach(client, name, content)
    assert not page.errors()
    assert translate("“%(name)s” is attached.", "fr", name=name) in page.html
    (stored,) = attachments(app)
    assert stored.media_type == media_type and stored.size == len(content) and stored.original_name == name
    # Stored under a random name, outside static/.
    assert stored_content(app, stored.storage_key) == content and name not in stored.storage_key
    assert content[:20] not in raw_content(app, stored.storage_key)  # encrypted at rest
    assert "static" not in Path(app.config["UPLOAD_FOLDER"]).parts


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
    files = stored_files(app)
    assert files == [stored.storage_key]  # the HEIC itself is not kept
    from PIL import Image

    content = stored_content(app, stored.storage_key)
    with Image.open(io.BytesIO(content)) as jpeg:
        assert jpeg.format == "JPEG" and jpeg.size == (48, 64)  # upright
        assert not jpeg.getexif()  # no GPS position, no camera data
    assert stored.size == len(content)


def test_large_heic_photo_is_scaled_down(app, client):
    # A 48-megapixel camera's photo would make a JPEG over the file limit.
    assert not attach(client, "IMG_0004.HEIC", heic_photo(100, 5000)).errors()
    (stored,) = attachments(app)
    from PIL import Image

    with Image.open(io.BytesIO(stored_content(app, stored.storage_key))) as jpeg:
        # Rotated upright, halved (the smallest power of two that brings the
        # longest side within 4096: images.reduction).
        assert jpeg.size == (2500, 50)


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
    assert attachments(app) == [] and not stored_files(app)


def test_renamed_executable_is_refused(app, client):
    page = attach(client, "report.pdf", EXECUTABLE)
    assert page.errors()["file"] == translate(
        "The file “%(name)s” is not a PDF, JPEG, PNG or HEIC file, whatever its name says. Save or scan it as PDF, JPEG or PNG.",
        "fr", name="report.pdf",
    )
    assert page.summary() == [("#file", page.errors()["file"])]
    assert attachments(app) == [] and not stored_files(app)


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
    assert attachments(app) == [] and not stored_files(app)


def test_a_file_just_over_the_limit_is_not_said_to_be_the_limit(app, client):
    """1 byte over 10 MB is not "The file is 10 MB; the limit is 10 MB"."""
    app.config["UPLOAD_MAX_FILE_BYTES"] = 1_000_000
    page = attach(client, "big.pdf", padded_pdf(1_000_001))
    assert page.errors()["file"] == translate(
        "The file is %(size)s MB; the limit is %(limit)s MB. Try a scan at lower resolution, or split it.",
        "fr", size="1,1", limit="1",
    )


def test_too_many_files_and_total_size(app, client):
    app.config.update(UPLOAD_MAX_FILES=2, UPLOAD_MAX_TOTAL_BYTES=3_000)
    attach(client, "a.pdf", PDF)
    attach(client, "b.png", PNG)
    page = attach(client, "c.pdf", PDF)
    assert page.errors()["file"] == translate(
        "You can attach up to %(n)s files. Remove one, or put several pages in one PDF.", "fr", n=2
    )



def test_total_size_refusal_gives_the_figures(app, client):
    app.config.update(UPLOAD_MAX_TOTAL_BYTES=1_000_000)
    assert not attach(client, "a.pdf", padded_pdf(600_000)).errors()
    page = attach(client, "b.pdf", padded_pdf(500_000))
    assert page.errors()["file"] == translate(
        "Your files together may not exceed %(limit)s MB. %(used)s MB are already attached and this file is %(size)s MB. "
        "Remove a file, or scan at lower resolution.",
        "fr", limit="1", used="0,6", size="0,5",
    )
    assert len(attachments(app)) == 1 and len(stored_files(app)) == 1


def test_kind_and_file_are_required(client):
    client.get("/application/files/")
    page = client.submit({}, form="#upload-form")
    assert set(page.errors()) == {"file", "kind"}


def test_type_comes_first_and_a_missing_type_says_to_choose_the_file_again(app, client):
    """A browser cannot keep a chosen file: the type is asked before the
    file, and the error after a file was chosen says to choose it again."""
    page = client.get("/application/files/")
    names = [tag["name"] for tag in page.soup.select("#upload-form input:not([type=hidden])")]
    assert names.index("kind") < names.index("file")
    page = client.submit({"file": (io.BytesIO(PDF), "report.pdf")}, form="#upload-form")
    message = translate("Choose the type of document, then choose the file again.", "fr")
    assert page.errors() == {"kind": message}
    assert page.summary() == [("#kind-0", message)]
    assert attachments(app) == []
    # Nothing chosen at all: both errors, in the page's order.
    page = client.submit({}, form="#upload-form")
    assert [href for href, _ in page.summary()] == ["#kind-0", "#file"]
    assert page.errors()["kind"] == translate("Select what kind of document it is", "fr")


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
    assert attachments(app) == [] and not stored_files(app)


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
    assert attachments(app) == [] and not stored_files(app)


def test_documents_step_keeps_ticks_when_going_to_the_files(client):
    """The link to the files is a button of the step's form: what was ticked
    is kept (saved when valid, kept as typed otherwise), then the files open."""
    page = client.get("/application/documents")
    button = page.soup.select_one('.step-link button[name="action"]')
    assert button["value"] == "files.index"
    page = client.submit({"documents_available": "medical_reports", "action": "files.index"}, form="#step-form")
    assert client.url == "/application/files/"
    page = client.get("/application/documents")
    assert page.value("documents_available") == ["medical_reports"] and not page.errors()
    # Nothing ticked (not valid yet): still goes to the files, nothing lost.
    page = client.submit({"action": "files.index"}, form="#step-form")
    assert client.url == "/application/files/" and not page.errors()
    # Only the step's own links: no other destination.
    client.get("/application/documents")
    client.submit({"documents_available": "medical_reports", "action": "public.start"}, form="#step-form")
    assert client.url != "/"


def session_cookie(app, response) -> str:
    """The decoded session of a response's Set-Cookie, as text."""
    import json

    header = "; ".join(response.headers.getlist("Set-Cookie"))
    value = header.split("session=", 1)[1].split(";", 1)[0]
    return json.dumps(app.session_interface.get_signing_serializer(app).loads(value), ensure_ascii=False) + header


def test_file_names_never_go_into_the_cookie(app, client):
    """The session cookie is signed, not encrypted: a file's name is health data."""
    name = "Rapport psychiatrique - Jean Dupont.pdf"
    client.get("/application/files/")
    form = client.page.soup.select_one("#upload-form")
    token = form.select_one("input[name=csrf_token]")["value"]
    response = client.client.post(
        "/application/files/", data={"csrf_token": token, "kind": "medical_report", "file": (io.BytesIO(PDF), name)}
    )
    assert response.status_code == 302
    assert "Dupont" not in session_cookie(app, response) and "psychiatrique" not in session_cookie(app, response)
    page = client.get("/application/files/")
    assert translate("“%(name)s” is attached.", "fr", name=name) in page.html  # looked up in the database
    remove = page.soup.select_one(".file-remove")
    response = client.client.post(remove["action"], data={"csrf_token": token})
    assert response.status_code == 302 and "Dupont" not in session_cookie(app, response)
    assert translate("The file is removed.", "fr") in client.get("/application/files/").html


def test_large_form_posts_are_refused_but_uploads_are_not(app, client):
    """Url-encoded forms are read whole: a step takes 1 MB at most; only the
    upload route takes a file (9 MB here, the limit being 10 MB)."""
    page = client.get("/application/documents")
    response = client.client.post(
        "/application/documents", data={"csrf_token": page.csrf_token(), "notes": "x" * 2_000_000}
    )
    assert response.status_code == 413
    assert translate("What you sent is too large", "fr") in response.get_data(as_text=True)
    page = attach(client, "scan.pdf", padded_pdf(9_000_000))
    assert not page.errors() and attachments(app)[0].size == 9_000_000


def test_upload_over_the_request_limit_says_its_size(app, client):
    app.config["UPLOAD_MAX_FILE_BYTES"] = 1_000_000
    page = attach(client, "big.pdf", padded_pdf(2_600_000))
    assert page.status == 413 and client.url == "/application/files/"
    assert page.errors()["file"] == translate(
        "The file is about %(size)s MB; the limit is %(limit)s MB. Try a scan at lower resolution, or split it.",
        "fr", size="2,6", limit="1",
    )
    assert page.summary() == [("#file", page.errors()["file"])]
    assert attachments(app) == [] and stored_files(app) == []
    # A small request with too long a field gets the general page.
    app.config["MAX_FORM_MEMORY_SIZE"] = 1_000
    page = attach(client, "scan.pdf", PDF, kind="x" * 5_000)
    assert page.status == 413 and page.h1 == translate("What you sent is too large", "fr")


def damaged(kind: str, name: str) -> str:
    messages = {
        "pdf": "The file “%(name)s” is damaged or is not really a PDF. Open it on your computer to check it, "
        "save it again as PDF, or scan the document again.",
        "image": "The file “%(name)s” is damaged or is not really a %(format)s picture. Save or scan it again, or save it as PDF.",
    }
    variables = {"name": name}
    if kind != "pdf":
        kind, variables["format"] = "image", kind
    return translate(messages[kind], "fr", **variables)


@pytest.mark.parametrize("name, content, message", [
    ("setup.exe", b"\xff\xd8\xff" + b"MZ\x90\x00" + b"\x00" * 200, ("JPEG", "setup.exe")),
    ("photo.jpg", JPEG[: len(JPEG) // 2], ("JPEG", "photo.jpg")),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, ("PNG", "scan.png")),
    ("scan.png", PNG[:-20], ("PNG", "scan.png")),
    ("report.pdf", b"%PDF-", ("pdf", "report.pdf")),
    ("x.html", b"%PDF-<html><script>alert(1)</script></html>", ("pdf", "x.html")),
    ("report.pdf", PDF[:60], ("pdf", "report.pdf")),
])
def test_files_that_only_start_like_a_pdf_or_picture_are_refused(app, client, name, content, message):
    page = attach(client, name, content)
    assert page.errors()["file"] == damaged(*message)
    assert attachments(app) == [] and stored_files(app) == []


def test_password_protected_pdf_is_refused(app, client):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    page = attach(client, "locked.pdf", buffer.getvalue())
    assert page.errors()["file"] == translate(
        "The file “%(name)s” is protected by a password, so it cannot be read. Save it again without a password, then attach it.",
        "fr", name="locked.pdf",
    )


def test_picture_with_too_many_pixels_is_refused(app, client):
    app.config["UPLOAD_MAX_IMAGE_PIXELS"] = 1_000_000
    page = attach(client, "scan.png", picture("PNG", (2000, 1000)))
    assert page.errors()["file"] == translate(
        "The picture “%(name)s” has %(megapixels)s million pixels; the limit is %(limit)s million. "
        "Take the photo or scan the document at a lower resolution.",
        "fr", name="scan.png", megapixels="2", limit="1",
    )


def test_jpeg_photo_loses_its_exif_and_is_upright(app, client):
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90°
    exif[0x8825] = {1: "N", 2: (50.0, 50.0, 0.0)}  # GPS
    photo = picture("JPEG", (64, 48), exif=exif.tobytes())
    assert not attach(client, "IMG_0005.jpg", photo).errors()
    (stored,) = attachments(app)
    with Image.open(io.BytesIO(stored_content(app, stored.storage_key))) as jpeg:
        assert jpeg.size == (48, 64) and not jpeg.getexif()
    assert stored.media_type == "image/jpeg" and stored.original_name == "IMG_0005.jpg"


@pytest.mark.parametrize("name, media_type, expected", [
    ("x.html", "application/pdf", "x.pdf"),
    ("no-extension", "application/pdf", "no-extension.pdf"),
    ("Rapport Dr. Dupont", "application/pdf", "Rapport Dr. Dupont.pdf"),
    ("photo.JPG", "image/jpeg", "photo.JPG"),
    ("scan.jpeg", "image/jpeg", "scan.jpeg"),
    ("scan.pdf", "image/png", "scan.png"),
])
def test_download_name_ends_with_the_real_type(name, media_type, expected):
    from webform.uploads import download_name

    assert download_name(name, media_type) == expected


def test_download_of_a_renamed_file_gets_the_real_ending(app, client):
    attach(client, "page.html", PDF)
    response = client.client.get(client.page.soup.select_one(".file-item a")["href"])
    assert 'filename=page.pdf' in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_check_page_lists_the_attached_files(app, client):
    page = client.get("/application/check")
    section = page.soup.select_one("#section-attachments").parent
    assert translate("No files attached.", "fr") in section.get_text()
    attach(client, "rapport.pdf", padded_pdf(1_234_567))
    page = client.get("/application/check")
    section = page.soup.select_one("#section-attachments").parent
    text = " ".join(section.get_text(" ").split())
    # The unit in the page's language ("Mo" in French), there and on the files page.
    size = translate("%(size)s MB", "fr", size="1,23")
    assert "rapport.pdf" in text and translate("Medical report", "fr") in text and size in text
    link = section.find("a", string=translate("Change attached files", "fr"))
    assert link["href"] == "/application/files/"
    page = client.get("/application/files/")
    assert size in " ".join(page.soup.select_one(".file-list").get_text(" ").split())


def test_limits_hold_when_uploads_race(app, client):
    """Two uploads at once both pass the first, unlocked check; the second
    insert counts again and is refused (here the other upload is simulated
    by a row committed after the application's files were read)."""
    from werkzeug.datastructures import FileStorage

    from webform import uploads

    app.config["UPLOAD_MAX_FILES"] = 1
    with app.test_request_context():
        application = db.session.execute(select(Application)).scalar_one()
        assert application.attachments == []  # read before the other upload
        with db.engine.begin() as other:
            other.execute(Attachment.__table__.insert().values(
                application_id=application.id, public_id="other", storage_key="k" * 64, original_name="a.pdf",
                kind="other", media_type="application/pdf", size=10, sha256="0" * 64, created_at=utcnow(),
            ))
        with pytest.raises(uploads.UploadError):
            uploads.add_attachment(application, FileStorage(io.BytesIO(PDF), "b.pdf"), "other")
    assert [a.public_id for a in attachments(app)] == ["other"] and stored_files(app) == []


def test_uploads_are_spooled_under_the_upload_folder(app, client, monkeypatch):
    """Not in the system's temporary folder, which is memory (tmpfs) on Debian 13."""
    import os

    from webform import uploads

    seen = []
    original = uploads.SpoolingRequest._get_file_stream

    def spy(self, *args, **kwargs):
        stream = original(self, *args, **kwargs)
        stream.write(b"0" * (uploads.SpoolingRequest.SPOOL_MEMORY + 1))  # roll over to disk
        seen.append(os.readlink(f"/proc/self/fd/{stream.fileno()}"))
        stream.seek(0)
        stream.truncate()
        return stream

    monkeypatch.setattr(uploads.SpoolingRequest, "_get_file_stream", spy)
    assert not attach(client, "scan.pdf", padded_pdf(700_000)).errors()
    assert seen and seen[0].startswith(str(Path(app.config["UPLOAD_FOLDER"]) / "incoming"))
    assert not list((Path(app.config["UPLOAD_FOLDER"]) / "incoming").iterdir())


def test_a_refused_upload_is_read_to_the_end_so_the_browser_sees_the_page():
    """gunicorn answering before the body is read makes browsers show
    "connection reset"; the refused body is read (up to a bound) first."""
    from webform.errors import drain

    body = io.BytesIO(b"0" * 300_000)
    drain(body, 300_000, at_most=1_000_000)
    assert body.tell() == 300_000
    body = io.BytesIO(b"0" * 300_000)
    drain(body, 300_000, at_most=100_000)
    assert body.tell() == 0


ACTIVE_CONTENT = (
    "The file “%(name)s” contains active content (scripts, programs or embedded files) that we cannot accept for safety. "
    "Print it to PDF again (“Print”, then “Save as PDF”) and attach the new file, or take a photo of the paper document."
)
DATA_AFTER_END = (
    "The file “%(name)s” has something added after the end of the PDF, which we cannot accept for safety. "
    "Print it to PDF again (“Print”, then “Save as PDF”) and attach the new file, or take a photo of the paper document."
)


def hostile_pdfs():
    from ..test_pdf_safety import HOSTILE

    return {name: content for name, (content, _) in HOSTILE.items()}


@pytest.mark.parametrize("sample", list(hostile_pdfs()))
def test_pdf_with_active_content_is_refused(app, client, sample):
    page = attach(client, f"{sample}.pdf", hostile_pdfs()[sample])
    assert page.errors()["file"] == translate(ACTIVE_CONTENT, "fr", name=f"{sample}.pdf")
    assert page.summary() == [("#file", page.errors()["file"])]
    assert attachments(app) == [] and stored_files(app) == []


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_active_pdf_and_data_after_its_end_are_refused_in_the_users_language(app, language):
    from ..test_pdf_safety import HOSTILE, HTML_AFTER_END

    client = FormClient(app)
    client.start(language)
    apply_for(client, ["recognition"])
    page = attach(client, "rapport.pdf", HOSTILE["launch-cmd"][0])
    assert page.errors()["file"] == translate(ACTIVE_CONTENT, language, name="rapport.pdf")
    page = attach(client, "page.pdf", HTML_AFTER_END)
    assert page.errors()["file"] == translate(DATA_AFTER_END, language, name="page.pdf")
    assert attachments(app) == [] and stored_files(app) == []


@pytest.mark.parametrize("sample", ["ordinary", "open-action-destination", "incrementally-updated", "trailing-whitespace", "object-stream"])
def test_passive_pdfs_are_accepted_unchanged(app, client, sample):
    from ..test_pdf_safety import PASSIVE

    page = attach(client, "rapport.pdf", PASSIVE[sample])
    assert not page.errors()
    (stored,) = attachments(app)
    assert stored_content(app, stored.storage_key) == PASSIVE[sample]


def test_pdf_too_complex_to_check_is_refused(app, client, monkeypatch):
    from webform import pdf_safety

    from ..test_pdf_safety import PASSIVE

    monkeypatch.setattr(pdf_safety, "MAX_OBJECTS", 3)
    page = attach(client, "rapport.pdf", PASSIVE["object-stream"])
    assert page.errors()["file"] == translate(
        "The file “%(name)s” is too complex for us to check. Split it into smaller PDF files, "
        "or print it to PDF again (“Print”, then “Save as PDF”), then attach it.",
        "fr", name="rapport.pdf",
    )
    assert attachments(app) == [] and stored_files(app) == []


def test_png_with_corrupt_pixel_data_is_refused(app, client):
    from ..test_images import CORRUPT_PNGS

    for name, content in CORRUPT_PNGS.items():
        page = attach(client, f"{name}.png", content)
        assert page.errors()["file"] == damaged("PNG", f"{name}.png")
    assert attachments(app) == [] and stored_files(app) == []


def test_truncated_jpeg_with_metadata_is_refused(app, client):
    from ..test_images import exif, jpeg

    photo = jpeg((640, 480), exif=exif())
    page = attach(client, "IMG_0006.jpg", photo[: len(photo) * 2 // 3])
    assert page.errors()["file"] == damaged("JPEG", "IMG_0006.jpg")
    assert attachments(app) == [] and stored_files(app) == []


def test_49_megapixel_jpeg_with_orientation_is_accepted_small_and_upright(app, client):
    """The 768 kB picture that took 13 s (timed by bench/image_cost.py, not here)."""
    from PIL import Image

    from ..test_images import exif, marked

    buffer = io.BytesIO()
    marked(7000, 7000).save(buffer, format="JPEG", quality=10, exif=exif(6))
    assert not attach(client, "IMG_0007.jpg", buffer.getvalue()).errors()
    (stored,) = attachments(app)
    with Image.open(io.BytesIO(stored_content(app, stored.storage_key))) as jpeg:
        assert jpeg.size == (3500, 3500) and not jpeg.getexif()
        # Turned a quarter clockwise: the dark corner is now at the top right.
        assert jpeg.getpixel((3400, 100))[0] < 60 and jpeg.getpixel((100, 100))[0] > 200


def test_heic_photo_over_its_own_pixel_limit_is_refused(app, client):
    """HEIC is decoded whole, so its limit is lower than the other pictures'."""
    app.config.update(UPLOAD_MAX_HEIC_PIXELS=2_000_000, UPLOAD_MAX_IMAGE_PIXELS=50_000_000)
    page = attach(client, "IMG_0008.heic", heic_photo(2000, 1500))
    assert page.errors()["file"] == translate(
        "The photo “%(name)s” has %(megapixels)s million pixels; the limit is %(limit)s million. "
        "Take the photo at a lower resolution, or save it as JPEG.",
        "fr", name="IMG_0008.heic", megapixels="3", limit="2",
    )
    assert attachments(app) == [] and not stored_files(app)
