"""The PDF summary's tags, per language: the figure of untagged content and
every structure check of tests/pdf_structure.py, on a full application.

    .venv/bin/python bench/pdf_tags.py [--languages fr nl de]

Prints, per language, "untagged content: X of Y text operators (Z %)", the
content tagged but left out of the structure tree (WeasyPrint's page
margins), and the problems found (none expected).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import pdf_structure as structure  # noqa: E402
from tests.test_pdf_accessibility import LANGUAGES, full_application_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--languages", nargs="+", default=list(LANGUAGES))
    for language in parser.parse_args().languages:
        data = full_application_pdf(language)
        with structure.open_pdf(data) as pdf:
            print(structure.content_figures(pdf).line(language))
        problems = structure.all_problems(data, f"{language}-BE")
        print(f"{language}: {len(problems)} problems" + "".join(f"\n  {p}" for p in problems))


if __name__ == "__main__":
    main()
