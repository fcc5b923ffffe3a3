"""Attachments: checking, storing and serving the files of an application.

Files are copied in chunks from Werkzeug's spooled upload (itself on disk
beyond 500 kB) to the file storage, so a 10 MB scan never sits whole in
memory. The type is decided by the file's first bytes, never by its name,
then confirmed by opening the file with the library of that type (pypdf,
Pillow): a program or a web page that merely starts like a PDF or a JPEG is
refused. HEIC photos from phones are converted to JPEG, and JPEG photos lose
their EXIF data (see images.py).
Stored names are random; the storage is a small interface (file_stores.py):
a local folder, or an S3-compatible object store shared by several servers.
"""
from __future__ import annotations

import logging
import math
import secrets
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import Request, current_app
from flask_babel import format_decimal, gettext as _
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError
from sqlalchemy import func, insert, select

from . import crypto, file_stores, images, pdf_safety
from .file_stores import CHUNK, FileStorage, LocalFileStorage, S3FileStorage, TooLarge  # noqa: F401 (used by callers)
from .models import Application, Attachment, PendingFile, db, utcnow

# pypdf's warnings about a damaged file may quote bytes of it: keep them
# out of the logs, which must hold no file content.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
HEIC = "image/heic"
# The name's ending a downloaded file must have, by type (the first is used
# when it has another): a "%PDF-" file named x.html must not open as a page.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
KINDS = {
    "medical_report": _l("Medical report"),
    "certificate": _l("Certificate or decision"),
    # Whoever fills in with a written proxy or an extrajudicial protection
    # mandate (procuration / volmacht / Vollmacht) sends a copy of it.
    "proxy": _l("Proxy or protection mandate"),
    "other": _l("Other document"),
    # Needed for a new copy of a stolen parking card.
    "police_report": _l("Police report"),
}


class UploadError(ValueError):
    """A file that cannot be accepted; the message says why and what to do."""


class SpoolingRequest(Request):
    """A request that spools uploaded files under UPLOAD_FOLDER.

    Werkzeug keeps a file part in memory up to 500 kB, then in a temporary
    file of the system's temporary folder; on Debian 13 that folder is a
    tmpfs, that is, memory again. This request puts the temporary file in
    UPLOAD_FOLDER/incoming, on the disk that will hold the file anyway. The
    file has no name (O_TMPFILE, or deleted at once), so nothing is left
    behind even if the worker dies.
    """

    SPOOL_MEMORY = 500 * 1024

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        folder = crypto.private_folder(spool_folder())
        return tempfile.SpooledTemporaryFile(max_size=self.SPOOL_MEMORY, mode="rb+", dir=folder)


def spool_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "incoming"


def storage() -> FileStorage:
    """The file store of the configuration (file_stores.py): every file of
    the application (attachments, sent and draft PDFs) goes through it."""
    return file_stores.from_config(current_app.config, on_new_key=record_pending)


def record_pending(key: str) -> None:
    """Note a file's key before any byte of it is stored.

    A worker may die between storing a file and committing the row that
    points to it; the daily purge then finds the file by this record
    (retention.sweep_pending) instead of listing the whole store. The record
    is committed on a connection of its own, at once, so that it survives
    whatever becomes of the request's transaction. On SQLite a request that
    already holds the database's single write lock (sending, which stores
    the PDF before its commit) would wait for itself: the record then joins
    that transaction, and a commit that fails deletes the file anyway
    (storage.submit).
    """
    record = insert(PendingFile).values(key=key, created_at=utcnow())
    connection = db.session.connection()
    if connection.dialect.name == "sqlite" and connection.connection.dbapi_connection.in_transaction:
        connection.execute(record)
        return
    with db.engine.begin() as own:
        own.execute(record)


def megabytes(size: int, over: int | None = None) -> str:
    """A size in MB, one decimal. A size ``over`` a limit is never shown as
    the limit itself: 1 byte over 10 MB is "10.1 MB", not "10 MB; the limit
    is 10 MB", which reads as a mistake."""
    shown = round(size / 1_000_000, 1)
    if over is not None and size > over and shown <= round(over / 1_000_000, 1):
        shown = math.floor(over / 100_000 + 1) / 10
    return format_decimal(shown)


def media_type(first_bytes: bytes) -> str | None:
    if images.is_heif(first_bytes):
        return HEIC
    return next((kind for magic, kind in SIGNATURES if first_bytes.startswith(magic)), None)


def size_label(size: int) -> str:
    """A file's size in MB as shown in lists: two decimals below 0.1 MB."""
    return format_decimal(max(size, 10_000) / 1_000_000, format="#,##0.0#")


def download_name(name: str, media: str) -> str:
    """The name with the ending of its real type (replaced, or added)."""
    extensions = EXTENSIONS.get(media)
    if not extensions or name.lower().endswith(extensions):
        return name
    stem, dot, ending = name.rpartition(".")
    if dot and stem and len(ending) <= 5 and ending.isalnum():
        name = stem
    return name + extensions[0]


def safe_name(name: str) -> str:
    """The file's name as shown back: no path, no control characters, not too long."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return (name or _("document"))[:200]


@dataclass(frozen=True)
class Added:
    """The stored attachment, and whether it was converted (the page says so)."""

    attachment: Attachment
    converted: bool


def add_attachment(application: Application, upload, kind: str) -> Added:
    """Check and store one uploaded file; raise UploadError with a clear message."""
    config = current_app.config
    if kind not in KINDS:
        raise UploadError(_("Select what kind of document it is"))
    if upload is None or not upload.filename:
        raise UploadError(_("Choose a file to attach"))
    _check_count(len(application.attachments))
    head = upload.stream.read(16)
    upload.stream.seek(0)
    name = safe_name(upload.filename)
    if not head:
        raise UploadError(_("The file “%(name)s” is empty. Choose the file again, or scan the document again.", name=name))
    kind_of_file = media_type(head)
    if kind_of_file is None:
        raise UploadError(_("The file “%(name)s” is not a PDF, JPEG, PNG or HEIC file, whatever its name says. Save or scan it as PDF, JPEG or PNG.", name=name))
    used = sum(a.size for a in application.attachments)
    limit = min(config["UPLOAD_MAX_FILE_BYTES"], max(config["UPLOAD_MAX_TOTAL_BYTES"] - used, 0))
    key, size, sha256 = _store(upload.stream, limit, used)
    converted = kind_of_file == HEIC
    if converted:
        key, size, sha256 = _convert_to_jpeg(key, limit, name, used)
        name, kind_of_file = f"{name.rsplit('.', 1)[0] or name}.jpg", "image/jpeg"
    else:
        key, size, sha256 = _confirm_type(key, size, sha256, kind_of_file, name, limit, used)
    attachment = Attachment(
        application_id=application.id, public_id=secrets.token_urlsafe(16), storage_key=key,
        original_name=name, kind=kind, media_type=kind_of_file, size=size, sha256=sha256,
    )
    try:
        _insert_within_limits(application, attachment)
    except UploadError:
        storage().delete(key)
        raise
    return Added(attachment, converted)


def _check_count(count: int) -> None:
    limit = current_app.config["UPLOAD_MAX_FILES"]
    if count >= limit:
        raise UploadError(_("You can attach up to %(n)s files. Remove one, or put several pages in one PDF.", n=limit))


def _check_total(used: int, size: int) -> None:
    limit = current_app.config["UPLOAD_MAX_TOTAL_BYTES"]
    if used + size > limit:
        raise UploadError(_(
            "Your files together may not exceed %(limit)s MB. %(used)s MB are already attached and this file is %(size)s MB. Remove a file, or scan at lower resolution.",
            limit=megabytes(limit), used=megabytes(used), size=megabytes(size),
        ))


def _insert_within_limits(application: Application, attachment: Attachment) -> None:
    """Insert the attachment only if the limits still hold once it is counted.

    Two uploads sent at the same moment (two tabs, a double click) both
    passed the first checks, which read the files without a lock. So the
    limits are checked again, in the transaction that inserts: the
    application's row is locked first (SELECT ... FOR UPDATE on PostgreSQL,
    which makes the second upload wait for the first one's commit), and on
    SQLite, which ignores FOR UPDATE, the insert takes the database's single
    write lock, held until the commit. Either way the count below includes
    every attachment committed before, and this one.
    """
    db.session.execute(select(Application.id).where(Application.id == application.id).with_for_update())
    db.session.add(attachment)
    db.session.flush()
    count, total = db.session.execute(
        select(func.count(Attachment.id), func.coalesce(func.sum(Attachment.size), 0))
        .where(Attachment.application_id == application.id)
    ).one()
    try:
        _check_count(count - 1)
        _check_total(total - attachment.size, attachment.size)
    except UploadError:
        db.session.rollback()
        raise
    db.session.commit()


def _store(stream: BinaryIO, limit: int, used: int) -> tuple[str, int, str]:
    """Store a stream within the limit, or say which limit it broke."""
    config = current_app.config
    try:
        return storage().save(stream, limit)
    except TooLarge as error:
        if error.size > config["UPLOAD_MAX_FILE_BYTES"]:
            raise UploadError(_(
                "The file is %(size)s MB; the limit is %(limit)s MB. Try a scan at lower resolution, or split it.",
                size=megabytes(error.size, over=config["UPLOAD_MAX_FILE_BYTES"]),
                limit=megabytes(config["UPLOAD_MAX_FILE_BYTES"]),
            )) from None
        _check_total(used, error.size)
        raise  # not reached: the file broke one of the two limits


def _confirm_type(key: str, size: int, sha256: str, media: str, name: str, limit: int, used: int) -> tuple[str, int, str]:
    """Open the stored file as the type its first bytes claim; the stored
    file is deleted if it is not one. A JPEG with metadata is replaced by a
    copy without it."""
    files = storage()
    try:
        with files.open(key) as stored:
            if media == "application/pdf":
                _check_pdf(stored, name)
                return key, size, sha256
            if media == "image/png":
                images.check_png(stored, current_app.config["UPLOAD_MAX_IMAGE_PIXELS"])
                return key, size, sha256
            cleaned = images.clean_jpeg(stored, current_app.config["UPLOAD_MAX_IMAGE_PIXELS"])
    except images.TooManyPixels as error:
        files.delete(key)
        raise _too_many_pixels(error, name, photo=False) from None
    except images.UnreadableImage:
        files.delete(key)
        raise UploadError(_(
            "The file “%(name)s” is damaged or is not really a %(format)s picture. Save or scan it again, or save it as PDF.",
            name=name, format="PNG" if media == "image/png" else "JPEG",
        )) from None
    except UploadError:
        files.delete(key)
        raise
    if cleaned is None:
        return key, size, sha256
    files.delete(key)
    with cleaned:
        return _store(cleaned, limit, used)


def _check_pdf(stream: BinaryIO, name: str) -> None:
    """Raise UploadError unless pypdf can read the PDF's first page and it
    holds no active content (pdf_safety: scripts, programs, embedded files,
    actions run on events, data after its end).

    A lenient read (strict=False) accepts the small defects many scanners
    and office programs leave, but not a file without a PDF's structure.
    pypdf reads only the end of a sound PDF (its cross-reference table); a
    damaged one is read whole to rebuild the table, about twice the file's
    size in memory for a moment (20 MB at most with the 10 MB limit).
    A PDF protected by a password is refused: it could not be read here;
    so is one that pypdf cannot read whole to check it (a library missing
    for its encryption, an object that cannot be parsed).
    """
    try:
        reader = PdfReader(stream, strict=False)
        pages = 1 if pdf_safety.has_a_page(reader) else 0
        if pages:
            pdf_safety.check(stream, reader)
    except FileNotDecryptedError:
        raise UploadError(_(
            "The file “%(name)s” is protected by a password, so it cannot be read. Save it again without a password, then attach it.",
            name=name,
        )) from None
    except pdf_safety.UnsafePdf as error:
        current_app.logger.info("PDF refused: active content (%s)", error.reason)
        raise UploadError(_(
            "The file “%(name)s” contains active content (scripts, programs or embedded files) that we cannot accept for safety. "
            "Print it to PDF again (“Print”, then “Save as PDF”) and attach the new file, or take a photo of the paper document.",
            name=name,
        )) from None
    except pdf_safety.TooComplex:
        current_app.logger.info("PDF refused: too many objects to check")
        raise UploadError(_(
            "The file “%(name)s” is too complex for us to check. Split it into smaller PDF files, "
            "or print it to PDF again (“Print”, then “Save as PDF”), then attach it.",
            name=name,
        )) from None
    except pdf_safety.DataAfterEnd:
        current_app.logger.info("PDF refused: data after its end")
        raise UploadError(_(
            "The file “%(name)s” has something added after the end of the PDF, which we cannot accept for safety. "
            "Print it to PDF again (“Print”, then “Save as PDF”) and attach the new file, or take a photo of the paper document.",
            name=name,
        )) from None
    except Exception:  # pypdf reports damaged files in many ways (DependencyError included)
        pages = 0
    if pages < 1:
        raise UploadError(_(
            "The file “%(name)s” is damaged or is not really a PDF. Open it on your computer to check it, save it again as PDF, or scan the document again.",
            name=name,
        ))


def _too_many_pixels(error: images.TooManyPixels, name: str, photo: bool) -> UploadError:
    config = current_app.config
    limit = format_decimal((error.limit or config["UPLOAD_MAX_IMAGE_PIXELS"]) // 1_000_000)
    if error.megapixels is None:
        return UploadError(_(
            "The picture “%(name)s” has more than %(limit)s million pixels. Take the photo or scan the document at a lower resolution.",
            name=name, limit=limit,
        ))
    megapixels = format_decimal(round(error.megapixels))
    if photo:
        return UploadError(_(
            "The photo “%(name)s” has %(megapixels)s million pixels; the limit is %(limit)s million. Take the photo at a lower resolution, or save it as JPEG.",
            name=name, megapixels=megapixels, limit=limit,
        ))
    return UploadError(_(
        "The picture “%(name)s” has %(megapixels)s million pixels; the limit is %(limit)s million. Take the photo or scan the document at a lower resolution.",
        name=name, megapixels=megapixels, limit=limit,
    ))


def heic_pixel_limit() -> int:
    """HEIC photos are decoded whole (no scaling while decoding): their own,
    lower, limit keeps the conversion short; never above the pictures' one."""
    config = current_app.config
    return min(config["UPLOAD_MAX_HEIC_PIXELS"], config["UPLOAD_MAX_IMAGE_PIXELS"])


def _convert_to_jpeg(heic_key: str, limit: int, name: str, used: int) -> tuple[str, int, str]:
    """Replace a stored HEIC photo by its JPEG; the HEIC is deleted either way."""
    files = storage()
    try:
        with files.open(heic_key) as heic:
            jpeg = images.heif_to_jpeg(heic, heic_pixel_limit())
    except images.TooManyPixels as error:
        raise _too_many_pixels(error, name, photo=True) from None
    except images.UnreadableImage:
        raise UploadError(_("The photo “%(name)s” could not be read: the file may be damaged. Take the photo again, or save it as JPEG.", name=name)) from None
    finally:
        files.delete(heic_key)
    with jpeg:
        return _store(jpeg, limit, used)


def remove_attachment(attachment: Attachment) -> None:
    db.session.delete(attachment)
    db.session.commit()
    storage().delete(attachment.storage_key)


@dataclass(frozen=True)
class Limits:
    file_mb: str
    total_mb: str
    files: int


def upload_request_limit() -> int:
    """The largest upload request: one file at its limit, plus an ordinary
    form's worth (MAX_CONTENT_LENGTH, small, for every other page)."""
    return current_app.config["UPLOAD_MAX_FILE_BYTES"] + current_app.config["MAX_CONTENT_LENGTH"]


def limits() -> Limits:
    config = current_app.config
    return Limits(megabytes(config["UPLOAD_MAX_FILE_BYTES"]), megabytes(config["UPLOAD_MAX_TOTAL_BYTES"]), config["UPLOAD_MAX_FILES"])
