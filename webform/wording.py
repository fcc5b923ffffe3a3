"""Words for whoever fills in the form: the person themself, or someone else.

A parent, a legal representative, a proxy holder or a social worker types
*someone else's* national register number and address. Asked "your
number", they type their own (a predictable error). So a question, an
option, a step or a part may carry a second wording, ``ForSomeoneElse``,
used once the answers say that someone else fills in the form ("Their
national register number", "Where does the person you apply for live?").

One mechanism for every page, and optional: what has no second wording
keeps its own, so the parts that still speak to "you" need no change.
The engine and the views ask for the worded copy (``worded``) only to show
or to check the texts; the questionnaire's own objects stay the ones the
engine navigates with.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable


@dataclass(frozen=True, init=False)
class ForSomeoneElse:
    """Field name -> text that replaces it when someone else fills in.

    A text may be a callable on Answers, for a wording that needs them
    (the declaration names who declares for whom). Kept as a tuple of pairs:
    the questionnaire's objects are frozen and hashable.
    """

    texts: tuple[tuple[str, Any], ...]

    def __init__(self, **texts: Any):
        object.__setattr__(self, "texts", tuple(texts.items()))


def someone_else_fills_in(answers) -> bool:
    """The one rule that picks the wording (None: no answers, own wording)."""
    return answers is not None and answers.someone_else_fills_in


def worded(item, answers):
    """The item (Question, Option, Step or Part) as worded for these answers."""
    wording: ForSomeoneElse | None = getattr(item, "for_someone_else", None)
    if wording is None or not someone_else_fills_in(answers):
        return item
    return replace(item, **{name: _resolve(text, answers) for name, text in wording.texts})


def _resolve(text: Any, answers) -> Any:
    if isinstance(text, tuple):  # an intro's paragraphs, a hint's paragraphs
        return tuple(_resolve(t, answers) for t in text)
    return text(answers) if callable(text) else text


def said(answers, own: Callable[[], str], someone_else: Callable[[], str]) -> str:
    """A computed message (a step's check) in the wording of these answers."""
    return someone_else() if someone_else_fills_in(answers) else own()
