"""Reading figures (WCAG 3.1.5): the counting rules and each language's
formula, on samples counted by hand."""
from __future__ import annotations

import pytest

from webform import readability
from webform.readability import figures, sentences, syllables, words


def test_counting_rules():
    assert words("Envoyez l'allocation avant le %(date)s, <strong>16</strong> fois.") == [
        "Envoyez", "l'allocation", "avant", "le", "fois"]
    assert sentences("Continuer") == ["Continuer"]
    assert len(sentences("Ja. Nee! Misschien? Nog eens")) == 4
    assert syllables("tegemoetkoming", "nl") == 5  # te-ge-moet-ko-ming


@pytest.mark.parametrize(("language", "sample", "score"), [
    # 6 words of one syllable in 2 sentences: 3 words per sentence, 1 syllable per word.
    ("fr", "Le chat dort. Il fait beau.", 207 - 1.015 * 3 - 73.6 * 1),
    ("de", "Der Hund schläft. Es ist warm.", 180 - 3 - 58.5 * 1),
    # De(1) tegemoetkoming(5) komt(1). Dank(1) u(1): 5 words, 9 syllables, 2 sentences.
    ("nl", "De tegemoetkoming komt. Dank u.", 206.835 - 0.93 * 2.5 - 77 * 1.8),
])
def test_each_language_has_its_formula(language, sample, score):
    found = figures([sample], language)
    assert found.score == pytest.approx(score)
    assert found.score_name == readability.FLESCH_TYPE[language][0]


def test_long_words_and_lix_counted_by_hand():
    found = figures(["De tegemoetkoming komt. Dank u.", "42"], "nl")
    assert (found.texts, found.sentences, found.words, found.syllables) == (1, 2, 5, 9)
    assert (found.long_words, found.polysyllables) == (1, 1)
    assert found.long_words_per_sentence == 0.5 and found.polysyllables_per_sentence == 0.5
    assert found.lix == pytest.approx(2.5 + 100 * 1 / 5)


def test_a_language_without_formula_gets_figures_only():
    found = figures(["The form is short."], "en")
    assert found.score is None and found.words == 4


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_every_catalogue_gets_its_figures(language, capsys):
    found = figures(readability.catalogue_texts(language), language)
    assert found.texts > 500 and found.score is not None
    readability.main(["--languages", language])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{language} standard: {found.texts} texts")
    assert [line.split(":")[0] for line in lines] == [
        f"{language} standard", f"{language} standard, applicant", f"{language} easy-read"]


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_easy_read_is_measurably_simpler(language):
    """The applicant's messages in easy-read against the same messages in
    the standard text: shorter sentences, fewer long words per sentence and
    a better score of the language's own formula."""
    standard, easy = readability.versions(language)[1:]
    assert easy.texts == standard.texts > 500
    assert easy.words_per_sentence < standard.words_per_sentence
    assert easy.long_words_per_sentence < standard.long_words_per_sentence
    assert easy.score > standard.score
