"""Entry point for gunicorn (``gunicorn wsgi:app``) and ``flask --app wsgi``."""
from webform import create_app

app = create_app()
