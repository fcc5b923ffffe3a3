"""E-mail: only the resume code, never an answer.

SMTP settings come from the environment (MAIL_SERVER, MAIL_PORT,
MAIL_SENDER); without MAIL_SERVER the form does not offer e-mail at all.
"""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale, gettext as _


def enabled() -> bool:
    return bool(current_app.config["MAIL_SERVER"])


def send_resume_code(to: str, code: str, until: str, resume_url: str, language: str) -> None:
    with force_locale(language):
        message = EmailMessage()
        message["Subject"] = _("Your code to continue your application")
        message["From"] = current_app.config["MAIL_SENDER"]
        message["To"] = to
        message.set_content(render_template("mail/resume_code.txt", code=code, until=until, resume_url=resume_url))
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        smtp.send_message(message)
