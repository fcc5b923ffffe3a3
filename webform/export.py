"""Export of a submitted application for the processing administration.

One JSON document per application, with stable machine keys (the question
keys of the questionnaire), never labels in one language. The JSON Schema is
generated from the questionnaire itself and kept in ``schemas/``; a test
checks that the file and the questionnaire agree.
"""
from __future__ import annotations

import json
from datetime import datetime

from flask_babel import force_locale

from . import ROOT, later_documents
from .models import ASSISTANCE_CAPACITIES, ORGANISATION_KINDS, Application
from .questions import ENGINE
from .retention import purge_date
from .staff.assisted import assistance_of
from .uploads import KINDS

FORMAT_VERSION = 1
SCHEMA_PATH = ROOT / "schemas" / "application-export.schema.json"
SCHEMA_ID = "urn:be:disability-application:export:1"

# Answers that applications sent before a question was removed may still
# hold: the schema keeps accepting them, marked deprecated.
RETIRED_ANSWERS = {
    # "Is your situation expected to last at least one year?": no such
    # condition in the law (review F14), removed.
    "health_lasting": {"enum": ["yes", "no", "unknown"], "deprecated": True},
}
# Declaration sentences no longer offered: "processing" was a consent to a
# processing that rests on the law (review F6), replaced by a notice.
RETIRED_DECLARATIONS = ["processing"]


def _utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"


def export_application(application: Application) -> dict:
    answers = dict(application.answers or {})
    return {
        "$schema": SCHEMA_ID,
        "format_version": FORMAT_VERSION,
        "reference": application.reference,
        "status": application.status,
        "language": application.language,
        "created_at": _utc(application.created_at),
        "submitted_at": _utc(application.submitted_at),
        # The day the daily purge deletes it (SENT_RETENTION_DAYS after sending).
        "purge_after": _utc(purge_date(application)),
        # The PDF summary kept as sent (None for applications sent before it was kept).
        "summary_pdf_sha256": application.summary_pdf_sha256,
        "requests": answers.get("requests", []),
        "answers": answers,
        "attachments": [
            {"name": a.original_name, "kind": a.kind, "media_type": a.media_type, "size": a.size, "sha256": a.sha256}
            for a in application.attachments
        ],
        "documents_to_send_later": _later(application),
        "assistance": _assistance(application),
    }


def _assistance(application: Application) -> dict | None:
    """Who assisted (person, organisation), how and when; None for the citizen's own."""
    assisted = assistance_of(application)
    return assisted.as_export() if assisted else None


def _later(application: Application) -> dict:
    """The documents the applicant still has to send, and by when (review F1)."""
    later = later_documents.of(application)
    return {
        "documents": [rule.key for rule in later.documents],
        "deadline": later.deadline.isoformat() if later.documents and later.deadline else None,
    }


def export_schema() -> dict:
    """JSON Schema (2020-12) of :func:`export_application`, from the questionnaire."""
    timestamp = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"}
    with force_locale("en"):
        answers = {
            key: {**question.json_schema(), "title": str(question.label)}
            for key, question in ENGINE.questions.items()
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Submitted application to the DG Persons with Disabilities",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "$schema", "format_version", "reference", "status", "language",
            "created_at", "submitted_at", "purge_after", "summary_pdf_sha256", "requests", "answers", "attachments",
            "documents_to_send_later", "assistance",
        ],
        "properties": {
            "$schema": {"const": SCHEMA_ID},
            "format_version": {"const": FORMAT_VERSION},
            "reference": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{4}-[0-9]{4}$"},
            "status": {"const": "submitted"},
            "language": {"enum": ["fr", "nl", "de"]},
            "created_at": timestamp,
            "submitted_at": timestamp,
            "purge_after": timestamp,
            "summary_pdf_sha256": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"},
            "requests": answers["requests"],
            "answers": {
                "type": "object",
                "additionalProperties": False,
                "required": ["requests", "declaration"],
                "properties": {
                    **answers,
                    **RETIRED_ANSWERS,
                    "declaration": _declaration_schema(answers["declaration"]),
                },
                "allOf": [
                    # Allowances are paid into an account: no allowances without it.
                    {
                        "if": {"properties": {"requests": {"contains": {"const": "allowances"}}}},
                        "then": {"required": ["iban", "account_holder"]},
                    },
                    # Contacting the doctors was allowed: the declaration says so.
                    {
                        "if": {"properties": {"doctor_consent": {"const": "yes"}}, "required": ["doctor_consent"]},
                        "then": {"properties": {"declaration": {"contains": {"const": "contact_doctors"}}}},
                    },
                ],
            },
            "attachments": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "kind", "media_type", "size", "sha256"],
                    "properties": {
                        "name": {"type": "string", "maxLength": 200},
                        "kind": {"enum": list(KINDS)},
                        "media_type": {"enum": ["application/pdf", "image/jpeg", "image/png"]},
                        "size": {"type": "integer", "minimum": 1},
                        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    },
                },
            },
            # Made with the help of a commune/CPAS, a mutuality or another service (issue 9).
            "assistance": {
                "type": ["object", "null"],
                "additionalProperties": False,
                "required": ["staff_member", "organisation", "organisation_kind", "capacity", "date"],
                "properties": {
                    "staff_member": {"type": "string", "maxLength": 200},
                    "organisation": {"type": "string", "maxLength": 200},
                    "organisation_kind": {"enum": list(ORGANISATION_KINDS)},
                    "capacity": {"enum": list(ASSISTANCE_CAPACITIES)},
                    "date": {"type": ["string", "null"], "format": "date"},
                },
            },
            "documents_to_send_later": {
                "type": "object",
                "additionalProperties": False,
                "required": ["documents", "deadline"],
                "properties": {
                    "documents": {
                        "type": "array",
                        "uniqueItems": True,
                        "items": {"enum": [rule.key for rule in ENGINE.rules if rule.document]},
                    },
                    # The day by which they are expected (DOCUMENTS_DEADLINE_DAYS after sending).
                    "deadline": {"type": ["string", "null"], "format": "date"},
                },
            },
        },
    }


def _declaration_schema(generated: dict) -> dict:
    """Every sentence offered to everybody must be ticked, not just one."""
    declaration = ENGINE.submit_step().questions[0]
    always = [o.value for o in declaration.options if o.condition is None]
    items = generated["items"]
    return {
        **generated,
        "items": {**items, "enum": items["enum"] + RETIRED_DECLARATIONS},
        "minItems": len(always),
        "allOf": [{"contains": {"const": value}} for value in always],
    }


def schema_text() -> str:
    return json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n"
