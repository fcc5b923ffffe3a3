"""Handing a draft over to the citizen and taking over a citizen's draft (to be built: issue 9)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_handover", __name__, url_prefix="/staff")
