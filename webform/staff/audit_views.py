"""The organisation administrator's view of the audit log (to be built: issue 9)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_audit", __name__, url_prefix="/staff")
