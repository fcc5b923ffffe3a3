"""Belgian postal addresses typed, or autofilled, into street, number and box.

Browsers have no autofill token for a house number: they put the whole first
line of an address ("Rue de la Loi 16 bus 3") into the field marked
``address-line1``, and the number field is then left empty and in error.
The street line is split here before it is checked, the Belgian way (street,
then number, then box), and the French way (number first) too.
"""
from __future__ import annotations

import re
from typing import Any, Callable

# "bus" (nl), "boîte"/"bte" (fr), "Briefkasten"/"Bfk" (de), and "b." or "bt"
# as some write them; a lone "b" only with a dot or a space after it, so
# that a box called "B2" stays "B2".
BOX_WORD = r"(?:bus|bo[iî]te|bte|bt|box|bfk|briefkasten|b)(?:\.\s*|\s+)"
NUMBER = r"[0-9]{1,4}(?:[a-z]|bis|ter)?(?:[-/][0-9]{1,4}[a-z]?)?"
NUMBER_LAST = re.compile(
    rf"^(?P<street>.*?[^\W\d_].*?)[\s,]+(?P<number>{NUMBER})(?:[\s,]+{BOX_WORD}(?P<box>[\w/-]{{1,10}}))?$", re.I
)
NUMBER_FIRST = re.compile(rf"^(?P<number>{NUMBER})[\s,]+(?P<street>[^\W\d_].*)$", re.I)
BOX_LABELLED = re.compile(rf"^{BOX_WORD}(?P<box>\S.*)$", re.I)


def split_street(street: str, number: str, box: str) -> tuple[str, str, str]:
    """Street, number and box, with a number written in the street line moved
    to its own field (and a box after it, "bus 3", to the box's).

    Only when the number field is empty, or holds the very number the street
    line ends with (typed twice), and the box field is empty or agrees;
    otherwise the input stays as typed, for the person to correct. A box
    written "bus 3" keeps "3".
    """
    street, number, box = (street or "").strip(), (number or "").strip(), (box or "").strip()
    labelled = BOX_LABELLED.match(box)
    if labelled:
        box = labelled["box"].strip()
    found = NUMBER_LAST.match(street) or (None if number else NUMBER_FIRST.match(street))
    if found is None or (number and number.lower() != found["number"].lower()):
        return street, number, box
    in_street = found.groupdict().get("box")
    if in_street and box and box.lower() != in_street.lower():
        return street, number, box  # two different boxes: the person chooses
    return found["street"].strip(" ,"), found["number"], box or in_street or ""


def street_number_box(street: str, number: str, box: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A step's tidy rule (see Step.tidy) for these three question keys."""

    def tidy(raw: dict[str, Any]) -> dict[str, Any]:
        typed = (raw.get(street), raw.get(number), raw.get(box))
        split = split_street(*typed)
        if split == tuple((value or "").strip() for value in typed):
            return raw
        return {**raw, street: split[0], number: split[1], box: split[2]}

    return tidy
