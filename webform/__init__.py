"""Accessible application form for people with a disability in Belgium."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory: configuration from the environment, then overrides."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("WEBFORM_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from . import config

    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    from . import crypto

    # The instance folder holds the database, the uploads and the key
    # files: no other local user may open it (0700).
    crypto.private_folder(Path(app.instance_path))
    crypto.init_app(app)
    config.warn_about_placeholders(app)
    if app.config.get("TRUSTED_PROXIES"):
        # Behind N reverse proxies: the client's address and scheme come from
        # their X-Forwarded-* headers (the resume limits count per address).
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from . import assets, cli, compression, errors, hyphenation, i18n, security, storage, templating
    from .models import db
    from .views import application, files, health, public, resume, screening

    db.init_app(app)
    storage.init_app(app)
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(ROOT / "migrations"))
    # First: its after_request hook runs last, on the final HTML.
    compression.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    hyphenation.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(application.bp)
    app.register_blueprint(resume.bp)
    app.register_blueprint(screening.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(health.bp)
    from . import staff

    staff.init_app(app)
    # Last: WhiteNoise wraps the whole WSGI app (static files never reach Flask).
    assets.init_app(app)
    return app
