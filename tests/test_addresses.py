"""A street line that holds the house number (as browsers autofill it) is split."""
from __future__ import annotations

import pytest

from webform.addresses import split_street, street_number_box


@pytest.mark.parametrize("typed, split", [
    (("Rue de la Loi 16", "", ""), ("Rue de la Loi", "16", "")),
    (("Rue de la Loi 16A", "", ""), ("Rue de la Loi", "16A", "")),
    (("Rue de la Loi 16bis", "", ""), ("Rue de la Loi", "16bis", "")),
    (("Rue de la Loi, 16", "", ""), ("Rue de la Loi", "16", "")),
    (("Wetstraat 16 bus 3", "", ""), ("Wetstraat", "16", "3")),
    (("Rue de la Loi 16 boîte 3", "", ""), ("Rue de la Loi", "16", "3")),
    (("Rue de la Loi 16 bte 3", "", ""), ("Rue de la Loi", "16", "3")),
    (("Bahnhofstraße 5 Bfk 2", "", ""), ("Bahnhofstraße", "5", "2")),
    (("16 Rue de la Loi", "", ""), ("Rue de la Loi", "16", "")),
    # The number typed twice: once is enough.
    (("Rue de la Loi 16", "16", ""), ("Rue de la Loi", "16", "")),
    (("Wetstraat 16 bus 3", "16", "3"), ("Wetstraat", "16", "3")),
    # A box written with its word keeps its number; "B2" is a box's name.
    (("Rue de la Loi", "16", "bus 3"), ("Rue de la Loi", "16", "3")),
    (("Rue de la Loi", "16", "B2"), ("Rue de la Loi", "16", "B2")),
])
def test_number_and_box_leave_the_street_line(typed, split):
    assert split_street(*typed) == split


@pytest.mark.parametrize("typed", [
    ("Avenue du 11 Novembre", "", ""),  # a number inside the street's name
    ("Rue de la Loi 16", "18", ""),  # two different numbers: the person chooses
    ("Wetstraat 16 bus 3", "", "7"),  # two different boxes
    ("16", "", ""),
    ("", "", ""),
])
def test_what_cannot_be_split_surely_stays_as_typed(typed):
    assert split_street(*typed) == tuple(typed)


def test_the_step_rule_changes_only_its_three_fields():
    tidy = street_number_box("street", "house_number", "box")
    raw = {"street": "Wetstraat 16 bus 3", "house_number": "", "box": None, "postcode": "1000"}
    assert tidy(raw) == {"street": "Wetstraat", "house_number": "16", "box": "3", "postcode": "1000"}
    untouched = {"street": "Wetstraat", "house_number": "16", "box": None}
    assert tidy(untouched) is untouched
