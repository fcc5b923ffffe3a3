"""Attachments: checking, storing and serving the files of an application.

Files are copied in chunks from Werkzeug's spooled upload (itself on disk
beyond 500 kB) to the file storage, so a 10 MB scan never sits whole in
memory. The type is decided by the file's first bytes, never by its name;
HEIC photos from phones are converted to JPEG (see images.py).
Stored names are random; the storage is a small interface so that an object
store can replace the local folder without touching the form.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app
from flask_babel import format_decimal, gettext as _
from flask_babel import lazy_gettext as _l

from . import images
from .models import Application, Attachment, db

CHUNK = 64 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
HEIC = "image/heic"
KINDS = {
    "medical_report": _l("Medical report"),
    "certificate": _l("Certificate or decision"),
    "other": _l("Other document"),
}


class UploadError(ValueError):
    """A file that cannot be accepted; the message says why and what to do."""


class FileStorage(Protocol):
    def save(self, stream: BinaryIO, limit: int) -> tuple[str, int, str]: ...
    def open(self, key: str) -> BinaryIO: ...
    def delete(self, key: str) -> None: ...


class TooLarge(Exception):
    def __init__(self, size: int):
        self.size = size


class LocalFileStorage:
    """A folder outside static/, one file per attachment under a random name."""

    def __init__(self, root: Path):
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def save(self, stream: BinaryIO, limit: int) -> tuple[str, int, str]:
        key = secrets.token_hex(32)
        partial = self.root / f"{key}.part"
        digest, size = hashlib.sha256(), 0
        with open(partial, "wb") as target:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size <= limit:
                    digest.update(chunk)
                    target.write(chunk)
        if size > limit:
            partial.unlink()
            raise TooLarge(size)
        os.replace(partial, self.root / key)
        return key, size, digest.hexdigest()

    def open(self, key: str) -> BinaryIO:
        return open(self.root / key, "rb")

    def delete(self, key: str) -> None:
        (self.root / key).unlink(missing_ok=True)


def storage() -> FileStorage:
    return LocalFileStorage(Path(current_app.config["UPLOAD_FOLDER"]))


def megabytes(size: int) -> str:
    return format_decimal(round(size / 1_000_000, 1))


def media_type(first_bytes: bytes) -> str | None:
    if images.is_heif(first_bytes):
        return HEIC
    return next((kind for magic, kind in SIGNATURES if first_bytes.startswith(magic)), None)


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
    if len(application.attachments) >= config["UPLOAD_MAX_FILES"]:
        raise UploadError(_("You can attach up to %(n)s files. Remove one, or put several pages in one PDF.", n=config["UPLOAD_MAX_FILES"]))
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
    key, size, sha256 = _store(upload.stream, limit)
    converted = kind_of_file == HEIC
    if converted:
        key, size, sha256 = _convert_to_jpeg(key, limit, name)
        name, kind_of_file = f"{name.rsplit('.', 1)[0] or name}.jpg", "image/jpeg"
    attachment = Attachment(
        application_id=application.id, public_id=secrets.token_urlsafe(16), storage_key=key,
        original_name=name, kind=kind, media_type=kind_of_file, size=size, sha256=sha256,
    )
    db.session.add(attachment)
    db.session.commit()
    return Added(attachment, converted)


def _store(stream: BinaryIO, limit: int) -> tuple[str, int, str]:
    """Store a stream within the limit, or say which limit it broke."""
    config = current_app.config
    try:
        return storage().save(stream, limit)
    except TooLarge as error:
        if error.size > config["UPLOAD_MAX_FILE_BYTES"]:
            raise UploadError(_(
                "The file is %(size)s MB; the limit is %(limit)s MB. Try a scan at lower resolution, or split it.",
                size=megabytes(error.size), limit=megabytes(config["UPLOAD_MAX_FILE_BYTES"]),
            )) from None
        raise UploadError(_(
            "Your files together may not exceed %(limit)s MB. Remove a file, or scan at lower resolution.",
            limit=megabytes(config["UPLOAD_MAX_TOTAL_BYTES"]),
        )) from None


def _convert_to_jpeg(heic_key: str, limit: int, name: str) -> tuple[str, int, str]:
    """Replace a stored HEIC photo by its JPEG; the HEIC is deleted either way."""
    files = storage()
    try:
        with files.open(heic_key) as heic:
            jpeg = images.heif_to_jpeg(heic, current_app.config["UPLOAD_MAX_IMAGE_PIXELS"])
    except images.TooManyPixels as error:
        raise UploadError(_(
            "The photo “%(name)s” has %(megapixels)s million pixels; the limit is %(limit)s million. Take the photo at a lower resolution, or save it as JPEG.",
            name=name, megapixels=format_decimal(round(error.megapixels)),
            limit=format_decimal(current_app.config["UPLOAD_MAX_IMAGE_PIXELS"] // 1_000_000),
        )) from None
    except images.UnreadableImage:
        raise UploadError(_("The photo “%(name)s” could not be read: the file may be damaged. Take the photo again, or save it as JPEG.", name=name)) from None
    finally:
        files.delete(heic_key)
    with jpeg:
        return _store(jpeg, limit)


def remove_attachment(attachment: Attachment) -> None:
    db.session.delete(attachment)
    db.session.commit()
    storage().delete(attachment.storage_key)


@dataclass(frozen=True)
class Limits:
    file_mb: str
    total_mb: str
    files: int


def limits() -> Limits:
    config = current_app.config
    return Limits(megabytes(config["UPLOAD_MAX_FILE_BYTES"]), megabytes(config["UPLOAD_MAX_TOTAL_BYTES"]), config["UPLOAD_MAX_FILES"])
