"""Admin commands: ``flask export REFERENCE``, ``flask export-schema``,
``flask purge-expired``, ``flask rotate-keys`` and ``flask pdf-worker``."""
from __future__ import annotations

import json

import click
from sqlalchemy import select

from .export import SCHEMA_PATH, export_application, schema_text
from .models import Application, db
from .storage import format_reference, is_valid_reference, reference_digits


def init_app(app) -> None:
    @app.cli.command("export")
    @click.argument("reference")
    def export_command(reference: str) -> None:
        """Print a submitted application as JSON (see schemas/).

        The reference may be typed as read over the phone: with or without
        spaces, dots or dashes.
        """
        digits = reference_digits(reference)
        if len(digits) != 12 or not digits.isdigit():
            raise click.ClickException(f"a reference has 12 digits, e.g. 1234-5678-9012: {reference!r}")
        if not is_valid_reference(digits):
            raise click.ClickException(f"wrong check digits (last two) in reference {reference!r}: mistyped?")
        dashed = format_reference(digits)
        application = db.session.execute(
            select(Application).where(Application.reference == dashed, Application.status == "submitted")
        ).scalar_one_or_none()
        if application is None:
            raise click.ClickException(f"no submitted application with reference {dashed}")
        click.echo(json.dumps(export_application(application), indent=2, ensure_ascii=False))

    @app.cli.command("purge-expired")
    def purge_command() -> None:
        """Delete expired drafts and sent applications past their retention,
        with their files (for a daily cron job)."""
        from .retention import purge

        purged = purge()
        click.echo(f"purged {purged.drafts} expired drafts and {purged.sent} sent applications past SENT_RETENTION_DAYS")

    @app.cli.command("sweep-files")
    def sweep_files_command() -> None:
        """Delete every stored file that no row points to, older than a day,
        by listing the whole file store. The daily purge-expired needs no
        listing (it follows the pending records); run this once after
        restoring a backup, or after upgrading from a release before them."""
        from .retention import sweep_all
        from .uploads import storage

        click.echo(f"deleted {sweep_all(storage())} stored files no row points to")

    @app.cli.command("rotate-keys")
    def rotate_keys_command() -> None:
        """Re-encrypt every encrypted value and stored file under the first
        key of ENCRYPTION_KEYS (and encrypt data stored before encryption).

        Runs while the form is in use; run it again at will. Once it has
        finished, the keys after the first may be removed (see README).
        """
        from .crypto import CryptoError
        from .rotation import rotate_keys

        try:
            rotated = rotate_keys()
        except CryptoError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"re-encrypted {rotated.rows} rows and {rotated.files} files")

    @app.cli.command("pdf-worker")
    @click.option("--once", is_flag=True, help="Make the PDFs waiting now, then stop (tests, cron).")
    def pdf_worker_command(once: bool) -> None:
        """Make the PDFs of sent applications, outside the web requests.

        Runs until stopped, any number of them on any server sharing the
        database (see pdf_jobs.py and README). A job taken by a worker that
        stopped mid-way is taken again after PDF_JOB_LEASE_SECONDS.
        """
        from . import pdf_jobs

        if once:
            click.echo(f"made {pdf_jobs.drain()} PDF jobs")
            return
        pdf_jobs.work(app.config["PDF_WORKER_POLL_SECONDS"])

    @app.cli.command("export-schema")
    def export_schema_command() -> None:
        """Write schemas/application-export.schema.json from the questionnaire."""
        SCHEMA_PATH.parent.mkdir(exist_ok=True)
        SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
        click.echo(f"written {SCHEMA_PATH}")
