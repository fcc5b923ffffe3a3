"""Pages anyone may see: the start page and the language switch."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from .. import i18n, storage
from ..engine import StepForm

bp = Blueprint("public", __name__)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("public.start")


@bp.get("/")
def start():
    draft = storage.find_application(session.get("application"))
    return render_template(
        "start.html",
        has_draft=draft is not None and not draft.is_submitted,
        start_form=StepForm(),
    )


@bp.get("/language/<code>")
def language(code: str):
    if not i18n.choose_language(code):
        abort(404)
    draft = storage.find_application(session.get("application"))
    if draft is not None and not draft.is_submitted:
        storage.set_language(draft, code)
    return redirect(safe_next(request.args.get("next")))
