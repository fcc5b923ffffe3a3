"""Configuration read from environment variables, with safe defaults.

Every rule that may change (ages, retention, limits) lives here rather than in
code, because the federal rules have changed before (the allowances once started
at 21) and will again.
"""
from __future__ import annotations

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _minutes(name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    """A comma-separated list of durations in minutes ("15,60,1440")."""
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return tuple(int(part) for part in raw.split(",") if part.strip())


def _pair(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """Two whole numbers, "per draft,per address" ("40,400")."""
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    first, second = (int(part) for part in raw.split(","))
    return first, second


def _ages_by_birth_year(name: str, default: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """An age that depends on the year of birth: "65,1960:66,1964:67" is 65
    for people born before 1960, 66 from 1960, 67 from 1964 ("65" alone: 65
    for everyone). Pairs (first year of birth, age), the first from year 0."""
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    table = []
    for part in (p.strip() for p in raw.split(",") if p.strip()):
        year, _, age = part.rpartition(":")
        table.append((int(year) if year else 0, int(age)))
    return tuple(sorted(table))


# The legal pension age by year of birth (law of 10 August 2015): 65 for
# pensions starting by January 2025, 66 from February 2025, 67 from
# February 2030, so 65 for people born before 1960, 66 for 1960-1963, 67
# from 1964.
LEGAL_PENSION_AGE = ((0, 65), (1960, 66), (1964, 67))


def _secret_key(instance_path: Path) -> str:
    """Use SECRET_KEY, else a key kept in the instance folder.

    A key generated per process would break every session as soon as a second
    gunicorn worker answers, so the generated key is written once and shared.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


# What a production start needs from the environment, and how to make it.
_TOKEN_HINT = 'python -c "import secrets;print(secrets.token_hex(32))"'
_KEY_HINT = 'python -c "import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())"'
SHARED_SECRETS = {
    "SECRET_KEY": f"generate one with {_TOKEN_HINT}",
    "ENCRYPTION_KEYS": f"generate a key with {_KEY_HINT} (comma-separated, the first encrypts)",
    "SEARCH_KEY": f"generate one with {_KEY_HINT}; unlike ENCRYPTION_KEYS it never changes",
}


class MissingSecret(RuntimeError):
    """A production start without a key that every server must share."""


def is_production() -> bool:
    """Under gunicorn, or with WEBFORM_ENV=production (set it for the flask
    commands of a production server too)."""
    return os.environ.get("WEBFORM_ENV", "").strip().lower() == "production" or "gunicorn" in sys.modules


def require_shared_secrets() -> None:
    """Refuse a production start that would invent its own keys.

    The embedded default writes keys into the instance folder, which suits
    one machine (scripts/serve, the tests). In production two servers would
    each invent theirs: each would reject the other's cookies and could not
    read the data the other encrypted. So production needs the keys set.
    (The files are shared through FILE_STORE=s3, checked by file_store();
    its credentials may come from a role rather than the environment, so
    they are left to boto3.)
    """
    missing = [name for name in SHARED_SECRETS if not os.environ.get(name, "").strip()]
    if missing and is_production():
        raise MissingSecret(
            "production start (gunicorn or WEBFORM_ENV=production) without "
            + ", ".join(missing)
            + ": set the same value on every server. "
            + " ".join(f"{name}: {SHARED_SECRETS[name]}." for name in missing)
        )


FILE_STORES = ("local", "s3")


class FileStoreError(RuntimeError):
    """A file store named in the environment that cannot be used."""


def file_store() -> str:
    """FILE_STORE, checked at start: an object store without a bucket, or a
    misspelt name, would otherwise fail at the first upload."""
    store = os.environ.get("FILE_STORE", "local").strip().lower() or "local"
    if store not in FILE_STORES:
        raise FileStoreError(f"FILE_STORE={store!r}: use one of {', '.join(FILE_STORES)}")
    if store == "s3" and not os.environ.get("S3_BUCKET", "").strip():
        raise FileStoreError("FILE_STORE=s3 without S3_BUCKET: name the bucket that every server shares")
    return store


# The accessibility statement's feedback address until SERVICE_CONTACT_EMAIL is set.
PLACEHOLDER_CONTACT_EMAIL = "accessibility@example.invalid"
# The data-protection officer's address until DATA_PROTECTION_OFFICER_EMAIL is set.
PLACEHOLDER_DPO_EMAIL = "dpo@example.invalid"


def warn_about_placeholders(app) -> None:
    """Say at startup when the statement's feedback address is still the
    placeholder: the law requires one that reaches someone."""
    if not app.config.get("TESTING") and app.config["SERVICE_CONTACT_EMAIL"] == PLACEHOLDER_CONTACT_EMAIL:
        app.logger.warning(
            "SERVICE_CONTACT_EMAIL is not set: the accessibility statement gives %s as its feedback address",
            PLACEHOLDER_CONTACT_EMAIL,
        )
    if not app.config.get("TESTING") and app.config["DATA_PROTECTION_OFFICER_EMAIL"] == PLACEHOLDER_DPO_EMAIL:
        app.logger.warning(
            "DATA_PROTECTION_OFFICER_EMAIL is not set: the data-protection notice gives %s", PLACEHOLDER_DPO_EMAIL
        )


def _in_each_language(variable: str, defaults: dict[str, str]) -> dict[str, str]:
    """A text in each language of the form, each from its own variable
    (VARIABLE_FR, VARIABLE_NL, VARIABLE_DE), with these defaults."""
    return {language: os.environ.get(f"{variable}_{language.upper()}", default) for language, default in defaults.items()}


def from_environment(instance_path: str) -> dict:
    """Build the Flask configuration mapping."""
    require_shared_secrets()
    instance = Path(instance_path)
    database_url = os.environ.get(
        "DATABASE_URL", f"sqlite:///{instance / 'webform.sqlite'}"
    )
    retention_days = _int("DRAFT_RETENTION_DAYS", 90)
    return {
        "SECRET_KEY": _secret_key(instance),
        # Encryption at rest (crypto.py): empty means key files in the
        # instance folder, generated once (refused in production).
        "ENCRYPTION_KEYS": os.environ.get("ENCRYPTION_KEYS", ""),
        "SEARCH_KEY": os.environ.get("SEARCH_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Languages of the form; the first is the fallback (Belgian federal
        # services default to French when nothing else is known).
        "LANGUAGES": ("fr", "nl", "de"),
        "BABEL_DEFAULT_LOCALE": os.environ.get("DEFAULT_LANGUAGE", "fr"),
        # Times are stored in UTC and shown in Belgian time.
        "BABEL_DEFAULT_TIMEZONE": "Europe/Brussels",
        # Tagged PDF for screen readers (WeasyPrint's PDF/UA support).
        "PDF_VARIANT": os.environ.get("PDF_VARIANT", "pdf/ua-1"),
        # The sent PDF is made by `flask pdf-worker` (pdf_jobs.py): how many
        # tries before a job is marked failed, the first wait before a retry
        # (doubled at each try), how long a worker holds a job before another
        # may take it (a worker that died), and how often an idle worker looks.
        "PDF_JOB_MAX_ATTEMPTS": _int("PDF_JOB_MAX_ATTEMPTS", 5),
        "PDF_JOB_RETRY_SECONDS": _int("PDF_JOB_RETRY_SECONDS", 30),
        "PDF_JOB_LEASE_SECONDS": _int("PDF_JOB_LEASE_SECONDS", 300),
        "PDF_WORKER_POLL_SECONDS": _int("PDF_WORKER_POLL_SECONDS", 2),
        "BABEL_TRANSLATION_DIRECTORIES": str(
            Path(__file__).resolve().parent.parent / "translations"
        ),
        # Static files with hashed names (assets.py): where their copies are
        # built, and the cache of the un-hashed URLs (the hashed ones: a year).
        "STATIC_BUILD_PATH": os.environ.get("STATIC_BUILD_PATH", str(instance / "static")),
        "STATIC_MAX_AGE": _int("STATIC_MAX_AGE", 300),
        # 0: no WhiteNoise and no hashed names, Flask's own static view serves
        # static/ as in debug mode (bench/request_cost.py's baseline).
        "STATIC_WHITENOISE": os.environ.get("STATIC_WHITENOISE", "1") != "0",
        # The allowances (ARR/AI - IVT/IT - BEE/EB): age range and the age
        # from which one may already apply. The upper limit is the legal
        # pension age, which depends on the year of birth (the bill of
        # September 2025); "65" keeps the former single limit.
        "ALLOWANCE_MIN_AGE": _int("ALLOWANCE_MIN_AGE", 18),
        "ALLOWANCE_APPLY_FROM_AGE": _int("ALLOWANCE_APPLY_FROM_AGE", 17),
        "ALLOWANCE_MAX_AGE_BY_BIRTH_YEAR": _ages_by_birth_year("ALLOWANCE_MAX_AGE_BY_BIRTH_YEAR", LEGAL_PENSION_AGE),
        "DRAFT_RETENTION_DAYS": retention_days,
        # Assisted mode: a staff session ends after this many minutes
        # without a request (what was typed is kept, see staff/auth_views.py).
        "STAFF_IDLE_MINUTES": _int("STAFF_IDLE_MINUTES", 30),
        # Attachments: a folder outside static/, and the limits.
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", str(instance / "uploads")),
        # Where files are kept (file_stores.py): "local", UPLOAD_FOLDER (one
        # server), or "s3", a bucket of an S3-compatible object store that
        # several servers share (credentials from boto3's usual chain:
        # AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, a role).
        # Files are encrypted before they reach either.
        "FILE_STORE": file_store(),
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL", ""),
        "S3_BUCKET": os.environ.get("S3_BUCKET", ""),
        "S3_REGION": os.environ.get("S3_REGION", ""),
        "UPLOAD_MAX_FILE_BYTES": _int("UPLOAD_MAX_FILE_MB", 10) * 1_000_000,
        "UPLOAD_MAX_TOTAL_BYTES": _int("UPLOAD_MAX_TOTAL_MB", 50) * 1_000_000,
        "UPLOAD_MAX_FILES": _int("UPLOAD_MAX_FILES", 20),
        # Pictures are decoded (HEIC to convert it, JPEG to remove its EXIF
        # data, PNG to check it): 50 million pixels is well above any phone
        # camera and caps the memory one decode may take.
        "UPLOAD_MAX_IMAGE_PIXELS": _int("UPLOAD_MAX_IMAGE_MEGAPIXELS", 50) * 1_000_000,
        # HEIC cannot be scaled while decoding (about a second per 20 million
        # pixels): 25 million takes the 24-megapixel photos of recent phones
        # and keeps a conversion under two seconds (bench/image_cost.py).
        "UPLOAD_MAX_HEIC_PIXELS": _int("UPLOAD_MAX_HEIC_MEGAPIXELS", 25) * 1_000_000,
        # Resume: failed tries allowed per code before it locks for a while
        # (each lock longer than the one before: "15,60,1440" minutes, the
        # last repeated), and per address per hour.
        "RESUME_ATTEMPTS_PER_CODE": _int("RESUME_ATTEMPTS_PER_CODE", 5),
        "RESUME_LOCK_MINUTES": _minutes("RESUME_LOCK_MINUTES", (15, 60, 1440)),
        "RESUME_ATTEMPTS_PER_ADDRESS": _int("RESUME_ATTEMPTS_PER_ADDRESS", 20),
        # Reverse proxies in front of the application that may be trusted to
        # say the client's address (X-Forwarded-For); 0 trusts none.
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        # After sending, how long this browser still opens the confirmation
        # and the PDF (a shared computer's next user must not).
        "SENT_ACCESS_HOURS": _int("SENT_ACCESS_HOURS", 24),
        # A sent application (answers, files, PDF) is purged this many days
        # after sending, once the administration has had it exported.
        "SENT_RETENTION_DAYS": _int("SENT_RETENTION_DAYS", 365),
        # Costly requests allowed per hour, per draft and per address (see
        # limits.py); an office behind one address sends for many people.
        "RATE_LIMITS": {
            "upload": _pair("RATE_LIMIT_UPLOADS", (60, 600)),
            "pdf": _pair("RATE_LIMIT_PDF", (30, 300)),
            "send": _pair("RATE_LIMIT_SENDING", (10, 100)),
            "resume": _pair("RATE_LIMIT_RESUME", (30, 300)),
            # E-mails of the resume code (to an address the draft gives) and
            # new drafts (each would start with empty per-draft counters).
            "mail": _pair("RATE_LIMIT_MAIL", (5, 100)),
            "start": _pair("RATE_LIMIT_START", (0, 300)),
        },
        # Sending the resume code by e-mail: off unless MAIL_SERVER is set.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int("MAIL_PORT", 25),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "no-reply@example.invalid"),
        # The cookie only carries the draft's random identifier; it lives as
        # long as the draft so that closing the browser loses nothing.
        "PERMANENT_SESSION_LIFETIME": timedelta(days=retention_days),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", False),
        # Flask-WTF's default one-hour token would throw away the step of a
        # citizen who paused; the token is tied to the session instead.
        "WTF_CSRF_TIME_LIMIT": None,
        # Largest request body for every page but the upload (url-encoded
        # forms are read whole into memory); the upload route allows one
        # file more (uploads.upload_request_limit).
        "MAX_CONTENT_LENGTH": _int("FORM_MAX_KB", 1000) * 1000,
        "MAX_FORM_MEMORY_SIZE": _int("MAX_FORM_MEMORY_SIZE", 500 * 1024),
        "MAX_FORM_PARTS": _int("MAX_FORM_PARTS", 1000),
        # Date of the last evaluation, shown in the accessibility statement.
        "ACCESSIBILITY_STATEMENT_DATE": os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "2026-11-25"),
        "SERVICE_CONTACT_PHONE": os.environ.get("SERVICE_CONTACT_PHONE", "0800 987 99"),
        # The service's postal address in each language of the form.
        "SERVICE_POSTAL_ADDRESS": _in_each_language("SERVICE_POSTAL_ADDRESS", {
            "fr": "DG Personnes handicapées, Boulevard du Jardin Botanique 50 boîte 150, 1000 Bruxelles",
            "nl": "DG Personen met een handicap, Kruidtuinlaan 50 bus 150, 1000 Brussel",
            "de": "GD Personen mit Behinderung, Kruidtuinlaan / Boulevard du Jardin Botanique 50, Briefkasten 150, 1000 Brüssel",
        }),
        # Usual processing times in days, on the start and confirmation
        # pages; each figure measures something else, and the texts say what
        # (FPS Social Security, annual report of PROCESSING_FIGURES_YEAR):
        # - recognition: the average of the medical evaluation alone, without
        #   the administrative handling, for adults and for children;
        # - allowances: the median from sending to the decision;
        # - parking card: the average handling of an application.
        "PROCESSING_FIGURES_YEAR": _int("PROCESSING_FIGURES_YEAR", 2023),
        "PROCESSING_DAYS_RECOGNITION": _int("PROCESSING_DAYS_RECOGNITION", 108),
        "PROCESSING_DAYS_RECOGNITION_CHILDREN": _int("PROCESSING_DAYS_RECOGNITION_CHILDREN", 72),
        "PROCESSING_DAYS_ALLOWANCES": _int("PROCESSING_DAYS_ALLOWANCES", 89),
        "PROCESSING_DAYS_PARKING_CARD": _int("PROCESSING_DAYS_PARKING_CARD", 76),
        "SERVICE_CONTACT_EMAIL": os.environ.get(
            "SERVICE_CONTACT_EMAIL", PLACEHOLDER_CONTACT_EMAIL
        ),
        # Documents still to send after the application (a medical form, a
        # decision): the deadline given on the confirmation and in the PDF,
        # in days after sending. 30 is an assumption: the DG's own deadline
        # is to be confirmed.
        "DOCUMENTS_DEADLINE_DAYS": _int("DOCUMENTS_DEADLINE_DAYS", 30),
        # The data-protection notice (/privacy): the FPS Social Security's
        # data-protection officer, and the supervisory authority's address.
        "DATA_PROTECTION_OFFICER_EMAIL": os.environ.get("DATA_PROTECTION_OFFICER_EMAIL", PLACEHOLDER_DPO_EMAIL),
        "DATA_PROTECTION_AUTHORITY_ADDRESS": _in_each_language("DATA_PROTECTION_AUTHORITY_ADDRESS", {
            "fr": "Rue de la Presse 35, 1000 Bruxelles",
            "nl": "Drukpersstraat 35, 1000 Brussel",
            "de": "Rue de la Presse / Drukpersstraat 35, 1000 Brüssel",
        }),
    }
