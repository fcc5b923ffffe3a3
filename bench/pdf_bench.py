"""What the PDF summary costs, measured side by side in the same run.

    .venv/bin/python bench/pdf_bench.py [--quick]

Figures (bench/common.py):

- ``pdf_summary_vs_plain``: CPU of the summary of a full application over the
  CPU of WeasyPrint on a plain HTML page holding the same text, written as
  the same kind of PDF (tagged PDF/UA, ``pdf.pdf_options()``): the cost of
  our template (tags, pictograms, style sheet, layout) above WeasyPrint's
  own for that text and that output; interleaved rounds, the minimum of
  each. The note gives the plain page as an untagged PDF too.
- ``pdf_largest_cpu_s``: CPU seconds of the summary of the largest realistic
  application (every request, every long answer written at length, 20 files:
  about 20 pages), made by the PDF worker, outside any request.
- ``pdf_rendered_in_send_request``: the sending's POST lays out no PDF (the
  number of layouts during that request, 0), and the worker makes it after.
"""
from __future__ import annotations

import argparse
import gc
import html
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import check, figure, load_average, min_and_median, note, side_by_side  # noqa: E402

from bs4 import BeautifulSoup  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from weasyprint import HTML  # noqa: E402

from tests.helpers import FormClient  # noqa: E402
from tests.views.test_application import walk  # noqa: E402
from webform import create_app, pdf, pdf_jobs  # noqa: E402
from webform.models import Application, Attachment, PdfJob, db  # noqa: E402
from webform.pdf import pdf_options, render_pdf, summary_html  # noqa: E402
from webform.questions import ENGINE  # noqa: E402

# What the runner (bench/runner.py) expects this script to print, and its time budgets.
FIGURES = ["pdf_summary_vs_plain", "pdf_largest_cpu_s", "pdf_rendered_in_send_request"]
QUICK_SECONDS = 90
FULL_SECONDS = 900

# A long answer as people write them: sentences, not one repeated word.
SENTENCES = (
    "Depuis l'accident de 2019, je ne peux plus marcher plus de deux cents mètres sans m'arrêter.",
    "Les douleurs au dos et aux genoux me réveillent plusieurs fois par nuit, surtout en hiver.",
    "Mon médecin traitant me suit tous les mois et le kinésithérapeute vient deux fois par semaine.",
    "Je dois me faire aider pour les courses, le ménage et pour remplir les documents administratifs.",
    "Quand je suis fatiguée, j'oublie mes rendez-vous et je ne retrouve plus mes médicaments.",
    "Ma fille passe chaque soir pour préparer le repas et vérifier que tout va bien à la maison.",
)


def long_answer(length: int) -> str:
    words, i = [], 0
    while sum(len(w) + 1 for w in words) < length:
        words.append(SENTENCES[i % len(SENTENCES)])
        i += 1
    return " ".join(words)[:length]


def cpu(function) -> float:
    """CPU seconds of one call, with the garbage collector run before and
    held during it: a collection of everything the earlier documents left
    would otherwise fall, at random, on one measure or another."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        function()
        return time.process_time() - start
    finally:
        gc.enable()


def plain_html(ours: str) -> str:
    """The same text, one paragraph a line, no style sheet."""
    text = BeautifulSoup(ours, "html.parser").get_text("\n")
    return "<!DOCTYPE html><html lang='fr'><head><title>x</title></head><body>" + "".join(
        f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip()
    ) + "</body></html>"


def make_largest(app, application_id: int) -> None:
    """Every long answer of the application written at length (3,900 of its
    4,000 characters), and 20 files listed."""
    with app.app_context():
        application = db.session.get(Application, application_id)
        answers = dict(application.answers)
        for key, question in ENGINE.questions.items():
            if type(question).__name__ == "LongTextQuestion" and key in answers:
                answers[key] = long_answer(3900)
        application.answers = answers
        for n in range(20):
            application.attachments.append(Attachment(
                public_id=secrets.token_hex(8), storage_key=secrets.token_hex(32),
                original_name=f"Rapport médical du docteur Dupont - consultation {n + 1}.pdf",
                kind="medical_report", media_type="application/pdf", size=1_200_000, sha256="0" * 64,
            ))
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer rounds (under 30 s)")
    quick = parser.parse_args().quick
    rounds = 5 if quick else 7
    note(load_average())
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                          "UPLOAD_FOLDER": f"{folder}/uploads"})
        with app.app_context():
            db.create_all()
        # A full application (every request), filled in through the pages, sent.
        # The client is the plain test client: no worker runs between requests.
        app.test_client_class = FlaskClient
        client = FormClient(app)
        layouts = []
        real_render = pdf.render_pdf
        counting = lambda html: layouts.append(1) or real_render(html)  # noqa: E731
        pdf.render_pdf = counting
        walk(client, "fr", ["recognition", "allowances", "parking_card"])
        pdf.render_pdf = real_render
        with app.app_context():
            sent_id = db.session.query(Application.id).one()[0]
            queued = db.session.query(PdfJob).count()
        check("pdf_rendered_in_send_request", not layouts and queued == 1,
              f"{len(layouts)}_layouts_in_requests,{queued}_job_queued")
        with app.app_context():
            made = pdf_jobs.drain()
            stored = db.session.get(Application, sent_id).summary_pdf_key is not None
        note(f"the worker then made {made} PDF(s), stored: {stored}")

        with app.test_request_context():
            ours = summary_html(db.session.get(Application, sent_id))
        plain = plain_html(ours)
        make_largest(app, sent_id)
        with app.test_request_context():
            largest = summary_html(db.session.get(Application, sent_id))
            render_pdf(ours)  # warm-up: fonts and Pango load once
            options = pdf_options()
            HTML(string=plain).write_pdf(**options)
            pages = len(HTML(string=largest, base_url=str(pdf.ROOT)).render().pages)
            times = side_by_side({
                "summary": lambda: cpu(lambda: render_pdf(ours)),
                "plain": lambda: cpu(lambda: HTML(string=plain).write_pdf(**options)),
                "untagged": lambda: cpu(lambda: HTML(string=plain).write_pdf()),
                "largest": lambda: cpu(lambda: render_pdf(largest)),
            }, rounds=rounds)
    summary, summary_median = min_and_median(times["summary"])
    plain_cpu, plain_median = min_and_median(times["plain"])
    largest_cpu, largest_median = min_and_median(times["largest"])
    untagged, _ = min_and_median(times["untagged"])
    note(f"summary {summary:.3f} s (median {summary_median:.3f}), plain {plain_cpu:.3f} s (median {plain_median:.3f}), "
         f"largest ({pages} pages) {largest_cpu:.3f} s (median {largest_median:.3f}); CPU, min of {rounds} interleaved rounds")
    note(f"the plain page as an untagged PDF: {untagged:.3f} s; the summary over it: {summary / untagged:.2f}")
    figure("pdf_summary_vs_plain", summary / plain_cpu, 1.5)
    figure("pdf_largest_cpu_s", largest_cpu, 1.5, unit="s")


if __name__ == "__main__":
    main()
