"""Attaching files to one's own application: list, upload, download, remove."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import uploads
from ..engine import StepForm
from ..models import Application, Attachment, db
from ..question_kinds import ChoiceQuestion, Option, Question
from .application import current_application, with_draft

bp = Blueprint("files", __name__, url_prefix="/application/files")

FILE = Question(
    key="file",
    label=_l("Choose a file"),
    hint=_l("PDF, JPEG or PNG. A photo of a paper document taken with your phone is fine if it can be read; HEIC photos are turned into JPEG."),
)
KIND = ChoiceQuestion(
    key="kind",
    label=_l("What kind of document is it?"),
    required_message=_l("Select what kind of document it is"),
    options=tuple(Option(value, label) for value, label in uploads.KINDS.items()),
)


class _Field:
    """What the field macros need to show a value and an error."""

    def __init__(self, data=None, errors=()):
        self.data, self.errors = data, list(errors)

    def _value(self):
        return ""


def _page(application: Application, errors: dict[str, str] | None = None, kind: str | None = None, status: int = 200):
    errors = errors or {}
    return render_template(
        "files/files.html",
        attachments=application.attachments,
        kinds=uploads.KINDS,
        limits=uploads.limits(),
        file_question=FILE, kind_question=KIND,
        file_field=_Field(errors=[errors["file"]] if "file" in errors else []),
        kind_field=_Field(kind, [errors["kind"]] if "kind" in errors else []),
        errors=[(q.anchor, errors[q.key]) for q in (FILE, KIND) if q.key in errors],
        form=StepForm(),
    ), status


@bp.get("/")
@with_draft
def index(application: Application):
    return _page(application)


@bp.post("/")
@with_draft
def upload(application: Application):
    kind = request.form.get("kind")
    if not StepForm().validate():
        return _page(application, {"file": _("For your security, this page had to be reloaded. Choose the file again.")}, kind)
    errors = {}
    if kind not in uploads.KINDS:
        errors["kind"] = str(KIND.missing_message)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        errors["file"] = _("Choose a file to attach")
    if errors:
        return _page(application, errors, kind)
    try:
        added = uploads.add_attachment(application, upload, kind)
    except uploads.UploadError as error:
        return _page(application, {"file": str(error)}, kind)
    flash(added.attachment.original_name, "converted" if added.converted else "attached")
    return redirect(url_for("files.index"))


def _own(public_id: str) -> Attachment:
    """The caller's own attachment, or 404 (never someone else's)."""
    application = current_application()
    if application is None:
        abort(404)
    attachment = db.session.execute(
        select(Attachment).where(Attachment.public_id == public_id, Attachment.application_id == application.id)
    ).scalar_one_or_none()
    if attachment is None:
        abort(404)
    return attachment


@bp.post("/<public_id>/remove")
@with_draft
def remove(application: Application, public_id: str):
    if not StepForm().validate():
        abort(400)
    attachment = _own(public_id)
    uploads.remove_attachment(attachment)
    flash(attachment.original_name, "removed")
    return redirect(url_for("files.index"))


@bp.get("/<public_id>")
def download(public_id: str):
    attachment = _own(public_id)
    response = send_file(
        uploads.storage().open(attachment.storage_key), mimetype=attachment.media_type,
        as_attachment=True, download_name=attachment.original_name,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
