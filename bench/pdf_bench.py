"""How long the PDF summary of a full application takes, next to WeasyPrint on a
plain HTML page holding the same text, measured in the same run.

    .venv/bin/python bench/pdf_bench.py [--runs 5]

Prints seconds per PDF for both and their ratio: the cost of our template
(tags, pictograms, layout) above WeasyPrint's own baseline.
"""
from __future__ import annotations

import argparse
import html
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bs4 import BeautifulSoup  # noqa: E402
from weasyprint import HTML  # noqa: E402

from tests.helpers import FormClient  # noqa: E402
from tests.views.test_application import walk  # noqa: E402
from webform import create_app  # noqa: E402
from webform.models import Application, db  # noqa: E402
from webform.pdf import render_pdf, summary_html  # noqa: E402


def timed(function, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite"})
        with app.app_context():
            db.create_all()
        # A full application (every request), filled in through the pages.
        walk(FormClient(app), "fr", ["recognition", "allowances", "parking_card"])
        with app.test_request_context():
            application = db.session.query(Application).one()
            ours = summary_html(application)
            text = BeautifulSoup(ours, "html.parser").get_text("\n")
            plain = "<!DOCTYPE html><html lang='fr'><body>" + "".join(
                f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip()
            ) + "</body></html>"
            render_pdf(ours)  # warm-up: fonts and Pango load once
            HTML(string=plain).write_pdf()
            summary = timed(lambda: render_pdf(ours), runs)
            baseline = timed(lambda: HTML(string=plain).write_pdf(), runs)
    print(f"PDF summary of a full application: {summary:.3f} s (median of {runs})")
    print(f"plain HTML page with the same text: {baseline:.3f} s")
    print(f"ratio summary / plain: {summary / baseline:.2f}")


if __name__ == "__main__":
    main()
