"""E-mail: only the resume code, never an answer.

SMTP settings come from the environment (MAIL_SERVER, MAIL_PORT,
MAIL_SENDER); without MAIL_SERVER the form does not offer e-mail at all.
"""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale, gettext as _

from . import easy_read

log = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(current_app.config["MAIL_SERVER"])


def send_resume_code(to: str, code: str, until: str, resume_url: str, language: str, easy: bool = False) -> bool:
    """Send the code, in the application's language and, when chosen, its
    easy-read version; False when the mail server could not take it.

    A mail server down or refusing must not cost the code on screen: the
    caller shows it again and asks to write it down. The log says what
    failed, never the address or the code.
    """
    with force_locale(language), easy_read.forced(easy):
        message = EmailMessage()
        message["Subject"] = _("Your code to continue your application")
        message["From"] = current_app.config["MAIL_SENDER"]
        message["To"] = to
        message.set_content(render_template("mail/resume_code.txt", code=code, until=until, resume_url=resume_url))
    config = current_app.config
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("resume code e-mail not sent: %s", type(error).__name__)
        return False
    return True
