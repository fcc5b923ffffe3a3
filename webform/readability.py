"""Reading level of the form's texts, per language (WCAG 3.1.5): figures, not
verdicts.

``figures(texts, language)`` counts sentences, words, syllables and long
words in any texts and gives the Flesch-type score made for that language;
``catalogue_texts(language)`` gives every user-facing message of the form
(the msgstr of translations/<language>/LC_MESSAGES/messages.po), and with
``version="easy"`` their easy-read texts (easy.po, easy_read.py). Run

    bash scripts/readability [--json]

to print the figures for fr, nl and de: the standard catalogue whole, then
the messages an applicant reads in both versions side by side, standard
and easy-read (the same messages, so the figures compare).

Counting rules (kept simple and stated, so a figure can be checked by hand):

- A sentence ends at ".", "!" or "?" followed by a space or the end; a
  text without such an ending (a label, a heading, a button) is one sentence.
- A word is a run of letters (apostrophes and hyphens inside it kept):
  "l'allocation" is one word, "16" none. Placeholders (``%(date)s``) and
  HTML tags are taken out first.
- Syllables: Pyphen's hyphenation points plus one, the method of textstat
  (textstat.readthedocs.io). Hyphenation dictionaries leave some syllable
  boundaries out and merge levels for German, so counts are approximate.
- Long words: more than 6 letters (Björnsson's LIX, see below); and words
  of 3 syllables or more.

Scores (higher is easier; each formula is the one published for the
language, with its source):

- fr, Kandel & Moles: 207 − 1.015 × words/sentence − 73.6 × syllables/word.
  L. Kandel and A. Moles (1958), "Application de l'indice de Flesch à la
  langue française", Cahiers d'études de radio-télévision 19, 253–274.
- nl, Flesch–Douma: 206.835 − 0.93 × words/sentence − 77 × syllables/word.
  W. H. Douma (1960), "De leesbaarheid van landbouwbladen", Bulletin 17,
  Afdeling Sociologie en Sociografie, Landbouwhogeschool Wageningen.
- de, Amstad: 180 − words/sentence − 58.5 × syllables/word.
  T. Amstad (1978), "Wie verständlich sind unsere Zeitungen?", thesis,
  Universität Zürich.
- every language, LIX: words/sentence + 100 × long words/words (long: more
  than 6 letters). C.-H. Björnsson (1968), "Läsbarhet", Liber, Stockholm.
"""
from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache

import pyphen

from . import ROOT

# (constant, weight of words per sentence, weight of syllables per word)
FLESCH_TYPE = {
    "fr": ("Kandel & Moles", 207.0, 1.015, 73.6),
    "nl": ("Flesch-Douma", 206.835, 0.93, 77.0),
    "de": ("Amstad", 180.0, 1.0, 58.5),
}

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s+|$)")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Figures:
    language: str
    texts: int
    sentences: int
    words: int
    syllables: int
    long_words: int  # more than 6 letters
    polysyllables: int  # 3 syllables or more
    words_per_sentence: float
    syllables_per_word: float
    long_words_per_sentence: float
    polysyllables_per_sentence: float
    lix: float
    score_name: str | None
    score: float | None
    # Which texts: "standard", "standard, applicant" or "easy-read" (see main).
    version: str = "standard"

    def line(self) -> str:
        score = f"{self.score_name} {self.score:.1f}" if self.score_name else "no Flesch-type formula"
        return (f"{self.language} {self.version}: {self.texts} texts, {self.sentences} sentences, {self.words} words; "
                f"{self.words_per_sentence:.1f} words per sentence, {self.syllables_per_word:.2f} syllables per word, "
                f"{self.long_words_per_sentence:.2f} long words (> 6 letters) and "
                f"{self.polysyllables_per_sentence:.2f} words of 3+ syllables per sentence; "
                f"LIX {self.lix:.1f}; {score}")


@cache
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=language)


def syllables(word: str, language: str) -> int:
    return len(_dictionary(language).positions(word)) + 1


def plain(text: str) -> str:
    """The text a person reads: without placeholders and HTML tags."""
    return _TAG.sub(" ", _PLACEHOLDER.sub(" ", text))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(plain(text)) if _WORD.search(s)]


def words(text: str) -> list[str]:
    return _WORD.findall(plain(text))


def figures(texts: Iterable[str], language: str, version: str = "standard") -> Figures:
    """The reading figures of some texts in one language."""
    texts = [t for t in texts if words(t)]
    all_words = [w for t in texts for w in words(t)]
    sentence_count = sum(len(sentences(t)) for t in texts)
    counts = [syllables(w, language) for w in all_words]
    long_words = sum(len(_LETTER.findall(w)) > 6 for w in all_words)
    polysyllables = sum(c >= 3 for c in counts)
    per_sentence = len(all_words) / sentence_count if sentence_count else 0.0
    per_word = sum(counts) / len(all_words) if all_words else 0.0
    name, constant, sentence_weight, word_weight = FLESCH_TYPE.get(language, (None, 0.0, 0.0, 0.0))
    return Figures(
        language=language, texts=len(texts), sentences=sentence_count, words=len(all_words),
        syllables=sum(counts), long_words=long_words, polysyllables=polysyllables,
        words_per_sentence=per_sentence, syllables_per_word=per_word,
        long_words_per_sentence=long_words / sentence_count if sentence_count else 0.0,
        polysyllables_per_sentence=polysyllables / sentence_count if sentence_count else 0.0,
        lix=per_sentence + (100 * long_words / len(all_words) if all_words else 0.0),
        score_name=name,
        score=constant - sentence_weight * per_sentence - word_weight * per_word if name else None,
        version=version,
    )


def _catalogue(language: str, domain: str):
    from babel.messages.pofile import read_po

    with open(ROOT / "translations" / language / "LC_MESSAGES" / f"{domain}.po", "rb") as handle:
        return read_po(handle)


def _forms(text) -> tuple[str, ...]:
    return text if isinstance(text, tuple) else (text,)


def catalogue_texts(language: str, version: str = "standard", applicant: bool = False) -> list[str]:
    """Every translated message of the form in a language (plural forms
    too): the standard texts, or with ``version="easy"`` the easy-read ones;
    ``applicant`` keeps the standard texts of the messages easy.po holds
    (those an applicant reads), to set them beside the easy-read ones."""
    catalogue = _catalogue(language, "easy" if version == "easy" else "messages")
    kept = {_forms(m.id)[0] for m in _catalogue(language, "easy") if m.id} if applicant else None
    texts = []
    for message in catalogue:
        if message.id and not message.fuzzy and (kept is None or _forms(message.id)[0] in kept):
            texts += [s for s in _forms(message.string) if s]
    return texts


def versions(language: str) -> list[Figures]:
    """The catalogue's figures, then the applicant's messages in the
    standard and the easy-read version."""
    return [
        figures(catalogue_texts(language), language),
        figures(catalogue_texts(language, applicant=True), language, "standard, applicant"),
        figures(catalogue_texts(language, "easy"), language, "easy-read"),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Reading figures of the form's texts, per language and version.")
    parser.add_argument("--languages", nargs="+", default=["fr", "nl", "de"])
    parser.add_argument("--json", action="store_true", help="one JSON object per language and version")
    arguments = parser.parse_args(argv)
    for language in arguments.languages:
        for found in versions(language):
            print(json.dumps(asdict(found), ensure_ascii=False) if arguments.json else found.line())


if __name__ == "__main__":
    main()
