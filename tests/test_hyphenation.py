"""Soft hyphens in long words (issue 11, finding 8): where they go, and
where they never go."""
from __future__ import annotations

import pytest

from webform.hyphenation import SOFT_HYPHEN, hyphenate_html, hyphenate_word

from .helpers import FormClient


def shown(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "-")


@pytest.mark.parametrize(("language", "word", "expected"), [
    ("nl", "arbeidsongeschiktheid", "arbeids-on-ge-schikt-heid"),
    ("nl", "inkomensvervangende", "inko-mens-ver-van-gende"),
    ("de", "Eingliederungsbeihilfe", "Ein-glie-de-rungs-bei-hilfe"),
    # Pyphen proposes "Nati-o-nal": one-letter pieces are left out.
    ("de", "Nationalregisternummer", "National-re-gis-ter-num-mer"),
    ("fr", "accessibilité", "acces-si-bi-lité"),
])
def test_a_long_word_gets_soft_hyphens_at_its_syllables(language, word, expected):
    assert shown(hyphenate_word(word, language)) == expected
    assert hyphenate_word(word, language).replace(SOFT_HYPHEN, "") == word


@pytest.mark.parametrize(("language", "word"), [("nl", "aanvraag"), ("de", "Beihilfe"), ("fr", "handicap")])
def test_a_short_word_is_left_whole(language, word):
    assert hyphenate_word(word, language) == word


def test_only_text_between_tags_is_hyphenated():
    page = (
        '<html lang="nl-BE"><head><title>Toegankelijkheidsverklaring</title></head><body>'
        '<h1 id="arbeidsongeschiktheid">Arbeidsongeschiktheid</h1>'
        '<input name="x" value="arbeidsongeschiktheid" autocomplete="arbeidsongeschiktheid">'
        '<a href="/arbeidsongeschiktheid">uw arbeidsongeschiktheid.</a>'
        '<p>Mail naar jan.vanderstraetenmans@example.be of www.arbeidsongeschiktheid.be</p>'
        '<dd translate="no">Vanderstraetenmans <b>arbeidsongeschiktheid</b></dd>'
        '<textarea>arbeidsongeschiktheid</textarea><p>l&#39;arbeidsongeschiktheid</p></body></html>'
    )
    done = shown(hyphenate_html(page))
    assert "<title>Toegankelijkheidsverklaring</title>" in done
    assert '<h1 id="arbeidsongeschiktheid">Arbeids-on-ge-schikt-heid</h1>' in done
    assert 'value="arbeidsongeschiktheid" autocomplete="arbeidsongeschiktheid"' in done
    assert '<a href="/arbeidsongeschiktheid">uw arbeids-on-ge-schikt-heid.</a>' in done
    assert "jan.vanderstraetenmans@example.be of www.arbeidsongeschiktheid.be" in done
    assert '<dd translate="no">Vanderstraetenmans <b>arbeidsongeschiktheid</b></dd>' in done
    assert "<textarea>arbeidsongeschiktheid</textarea>" in done
    assert "<p>l&#39;arbeids-on-ge-schikt-heid</p>" in done


def test_a_page_without_a_known_language_is_left_as_it_is():
    assert hyphenate_html('<html lang="en"><p>incomprehensibilities</p></html>') == (
        '<html lang="en"><p>incomprehensibilities</p></html>'
    )


@pytest.mark.parametrize(("language", "word"), [
    ("nl", "inkomensvervangende"), ("nl", "integratietegemoetkoming"),
    ("de", "Eingliederungsbeihilfe"), ("de", "Nationalregisternummer"),
])
def test_the_start_page_carries_soft_hyphens_in_its_language(app, language, word):
    served = FormClient(app).get(f"/language/{language}?next=/").served
    assert hyphenate_word(word, language) in served
    assert SOFT_HYPHEN in hyphenate_word(word, language)


def test_typed_answers_on_the_check_page_are_left_whole(app):
    from .scenarios import STEP_INPUT
    from .views.test_check_and_submit import fill_all_but

    client = FormClient(app)
    fill_all_but(client, "nl", ["allowances"], ["identity"])
    client.post("/application/identity", {**STEP_INPUT["identity"], "last_name": "Vanderstraetenmans"})
    served = client.get("/application/check").served
    assert "Vanderstraetenmans" in served
    assert SOFT_HYPHEN in served  # the questions are hyphenated, the answers not


def test_the_pdf_summary_has_no_soft_hyphen(app):
    """WeasyPrint hyphenates the PDF itself (hyphens: auto, lang)."""
    from sqlalchemy import select

    from webform.models import Application, db
    from webform.pdf import summary_html

    from .views.test_check_and_submit import fill_all_but

    fill_all_but(FormClient(app), "de", ["allowances"], [])
    with app.test_request_context():
        html = summary_html(db.session.execute(select(Application)).scalar_one())
    assert "Eingliederungsbeihilfe" in html
    assert SOFT_HYPHEN not in html
