"""Assisted applications and the organisation's caseload (to be built: issue 9)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")
