"""Attaching files to one's own application: list, upload, download, remove.

Messages after an upload or a removal go through flash(), that is, the
session cookie, which is signed but not encrypted: they carry the
attachment's random public id, never its name (names like "Rapport
psychiatrique - Jean Dupont.pdf" are health data); the page looks the name
up in the database.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, get_flashed_messages, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from .. import limits, uploads
from ..errors import drain_refused_body
from ..engine import StepForm
from ..answers import Answers
from ..models import Application, Attachment, db
from ..questions import ENGINE
from ..question_kinds import ChoiceQuestion, Option, Question
from ..drafts import current_application, with_draft
from ..security import checks_csrf_itself

bp = Blueprint("files", __name__, url_prefix="/application/files")
# The blueprint that receives uploads decides where they are spooled.
bp.record_once(lambda state: setattr(state.app, "request_class", uploads.SpoolingRequest))

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


def _notices(application: Application) -> list[tuple[str, str | None]]:
    """The flashed notices, each with the name of the file it is about (a
    notice about a file no longer there is dropped; "removed" has none)."""
    names = {a.public_id: a.original_name for a in application.attachments}
    notices = [(category, names.get(public_id)) for category, public_id in get_flashed_messages(with_categories=True)]
    return [(category, name) for category, name in notices if name or category == "removed"]


def _expected(application: Application) -> list[tuple]:
    """The documents the answers ask for, each with whether it is attached."""
    answers = Answers.of(application)
    return [(rule, not rule.broken(answers)) for rule in ENGINE.documents_expected(answers)]


def _page(application: Application, errors: dict[str, str] | None = None, kind: str | None = None, status: int = 200):
    errors = errors or {}
    return render_template(
        "files/files.html",
        attachments=application.attachments,
        expected=_expected(application),
        notices=_notices(application),
        kinds=uploads.KINDS,
        size_label=uploads.size_label,
        limits=uploads.limits(),
        file_question=FILE, kind_question=KIND,
        file_field=_Field(errors=[errors["file"]] if "file" in errors else []),
        kind_field=_Field(kind, [errors["kind"]] if "kind" in errors else []),
        errors=[(q.anchor, errors[q.key]) for q in (KIND, FILE) if q.key in errors],  # the page's order
        form=StepForm(formdata=None),  # for its CSRF token only; never reads the request
    ), status


@bp.get("/")
@with_draft
def index(application: Application):
    return _page(application)


def _request_too_large(application: Application):
    """The files page with the file's approximate size, the limit and advice.

    The body is not parsed (that is the point), so its size is the request's
    Content-Length: the file plus a few hundred bytes of form. It is read
    and thrown away first (see drain_refused_body).
    """
    drain_refused_body()
    message = _(
        "The file is about %(size)s MB; the limit is %(limit)s MB. Try a scan at lower resolution, or split it.",
        size=uploads.megabytes(request.content_length or 0, over=current_app.config["UPLOAD_MAX_FILE_BYTES"]),
        limit=uploads.megabytes(current_app.config["UPLOAD_MAX_FILE_BYTES"]),
    )
    return _page(application, {"file": message}, status=413)


@bp.post("/")
@checks_csrf_itself
@with_draft
def upload(application: Application):
    # Only this route accepts a body larger than an ordinary form; set before
    # anything reads the form.
    request.max_content_length = uploads.upload_request_limit()
    try:
        kind = request.form.get("kind")
    except RequestEntityTooLarge:
        if (request.content_length or 0) <= request.max_content_length:
            raise  # too many parts or too long a field: the general 413 page
        return _request_too_large(application)
    if not StepForm().validate():
        return _page(application, {"file": _("For your security, this page had to be reloaded. Choose the file again.")}, kind)
    errors = {}
    upload = request.files.get("file")
    chosen = upload is not None and bool(upload.filename)
    if kind not in uploads.KINDS:
        # The browser forgets the chosen file when the page comes back: say so.
        errors["kind"] = _("Choose the type of document, then choose the file again.") if chosen else str(KIND.missing_message)
    if not chosen:
        errors["file"] = _("Choose a file to attach")
    if errors:
        return _page(application, errors, kind)
    limits.enforce("upload", application.id)
    try:
        added = uploads.add_attachment(application, upload, kind)
    except uploads.UploadError as error:
        return _page(application, {"file": str(error)}, kind)
    flash(added.attachment.public_id, "converted" if added.converted else "attached")
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
    attachment = _own(public_id)
    uploads.remove_attachment(attachment)
    flash("", "removed")  # the name is not kept: see the module's docstring
    return redirect(url_for("files.index"))


@bp.get("/<public_id>")
def download(public_id: str):
    attachment = _own(public_id)
    response = send_file(
        uploads.storage().open(attachment.storage_key), mimetype=attachment.media_type,
        as_attachment=True, download_name=uploads.download_name(attachment.original_name, attachment.media_type),
    )
    return response  # no-store and nosniff: set for every response (templating.py)
