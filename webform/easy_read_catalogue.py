"""The easy-read catalogues (translations/<lang>/LC_MESSAGES/easy.po) kept
in step with the code, and filled from the writers' files.

Which messages: every message an applicant can read, that is every msgid
used in at least one file outside the staff's own pages (templates/staff/,
webform/staff/). They are found from the standard extraction itself
(``babel.cfg``), by their source locations, so a new page or module of the
applicant is covered without anyone listing it here. Run

    bash scripts/easy_read update   # extract, write easy.pot, pybabel update -D easy
    bash scripts/easy_read apply    # write the writers' texts into easy.po
    bash scripts/easy_read status   # what is missing, per language

``apply`` reads ``/tmp/easy/out-<lang>/chunk-*.json`` ({msgid: text}; a
plural message keyed by its singular, with [singular, plural] as value)
and ``/tmp/easy/out-screening.json`` ({msgid: {"fr": …, "nl": …, "de": …}}),
or another folder given with ``--from``. Then compile:
``pybabel compile -D "messages easy" -d translations`` (scripts/setup does).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from . import ROOT

LANGUAGES = ("fr", "nl", "de")
DOMAIN = "easy"
# The staff's own pages: their texts are read by staff, never by an applicant.
STAFF_ONLY = ("templates/staff/", "webform/staff/")
TRANSLATIONS = ROOT / "translations"
WRITERS = Path("/tmp/easy")


def forms(text) -> tuple[str, ...]:
    """A message's text(s): plural messages hold one per form."""
    return text if isinstance(text, (tuple, list)) else (text,)


def applicant_facing(message) -> bool:
    """Used in at least one file outside the staff's own pages."""
    return any(not path.replace("\\", "/").startswith(STAFF_ONLY) for path, _line in message.locations)


def extract(target: Path) -> Catalog:
    """Every message of the code and templates (the standard extraction)."""
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-o", str(target), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(target, "rb") as handle:
        return read_po(handle)


def easy_template(messages: Catalog) -> Catalog:
    """The applicant-facing part of the standard template, as easy.pot."""
    template = Catalog(project="webform", charset="utf-8", fuzzy=False)
    for message in messages:
        if message.id and applicant_facing(message):
            template[message.id] = message
    return template


def catalogue_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(language: str) -> Catalog:
    with open(catalogue_path(language), "rb") as handle:
        return read_po(handle, locale=language)


def write(language: str, catalog: Catalog) -> None:
    with open(catalogue_path(language), "wb") as handle:
        write_po(handle, catalog, width=76)


def update() -> Path:
    """Extract, keep the applicant-facing messages, and bring every easy.po
    in step (new msgids empty, gone ones obsolete; no fuzzy guesses)."""
    work = Path(tempfile.mkdtemp(prefix="easy-read-"))
    template = easy_template(extract(work / "messages.pot"))
    pot = work / f"{DOMAIN}.pot"
    with open(pot, "wb") as handle:
        write_po(handle, template, width=76)
    for language in LANGUAGES:
        command = "update" if catalogue_path(language).exists() else "init"
        arguments = ["-D", DOMAIN, "-i", str(pot), "-d", str(TRANSLATIONS), "-l", language]
        if command == "update":
            arguments += ["--no-fuzzy-matching"]
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", command, *arguments],
                       cwd=ROOT, check=True, capture_output=True)
        _plurals_as_standard(language)
    return pot


def _plurals_as_standard(language: str) -> None:
    """The plural rule of messages.po: ``init`` takes CLDR's, which for
    French now has a third form, and the two catalogues are merged into
    one at run time (easy_read.catalogue)."""
    catalog = read(language)
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        standard = read_po(handle, locale=language)
    if catalog.plural_forms == standard.plural_forms:
        return
    catalog.mime_headers = [
        (name, standard.plural_forms if name.lower() == "plural-forms" else value)
        for name, value in catalog.mime_headers
    ]
    for message in catalog:
        if message.id and isinstance(message.id, tuple):
            message.string = (tuple(forms(message.string)) + ("",) * catalog.num_plurals)[:catalog.num_plurals]
    write(language, catalog)


def _writers_texts(source: Path, language: str) -> dict[str, object]:
    """{msgid: text or [singular, plural]} of one language, from every chunk
    and from the screening's file."""
    texts: dict[str, object] = {}
    for chunk in sorted((source / f"out-{language}").glob("chunk-*.json")):
        texts.update(json.loads(chunk.read_text(encoding="utf-8")))
    screening = source / "out-screening.json"
    if screening.exists():
        for msgid, by_language in json.loads(screening.read_text(encoding="utf-8")).items():
            if isinstance(by_language, dict) and by_language.get(language):
                texts[msgid] = by_language[language]
    return texts


def apply(source: Path = WRITERS) -> dict[str, dict[str, int]]:
    """Write the writers' texts into each easy.po; per language, how many
    were set, how many named a msgid the catalogue does not hold (a message
    changed or not merged yet), and how many entries are still missing."""
    report = {}
    for language in LANGUAGES:
        catalog = read(language)
        texts = _writers_texts(source, language)
        by_key = {forms(m.id)[0]: m for m in catalog if m.id}
        set_count = 0
        for key, text in texts.items():
            message = by_key.get(key)
            if message is None or not all(isinstance(t, str) and t.strip() for t in forms(text)):
                continue
            if isinstance(message.id, tuple):
                if len(forms(text)) != 2:
                    continue
                message.string = tuple(forms(text))
            elif isinstance(text, str):
                message.string = text
            else:
                continue
            message.flags.discard("fuzzy")
            set_count += 1
        write(language, catalog)
        report[language] = {
            "set": set_count,
            "unknown": len(set(texts) - set(by_key)),
            "missing": len(missing(language)),
            "entries": len(by_key),
        }
    return report


def missing(language: str) -> list[str]:
    """The msgids of easy.po without an easy text yet (empty or fuzzy)."""
    return [forms(m.id)[0] for m in read(language) if m.id and (m.fuzzy or not all(forms(m.string)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Keep the easy-read catalogues in step and fill them.")
    parser.add_argument("command", choices=("update", "apply", "status"))
    parser.add_argument("--from", dest="source", type=Path, default=WRITERS,
                        help="the writers' folder (out-<lang>/chunk-*.json, out-screening.json)")
    arguments = parser.parse_args(argv)
    if arguments.command == "update":
        print(f"easy.pot: {update()}")
    elif arguments.command == "apply":
        for language, figures in apply(arguments.source).items():
            print(f"{language}: {figures['set']} texts set, {figures['unknown']} for messages not in the catalogue, "
                  f"{figures['missing']} of {figures['entries']} entries still missing")
    else:
        for language in LANGUAGES:
            print(f"{language}: {len(missing(language))} entries without an easy-read text")


if __name__ == "__main__":
    main()
