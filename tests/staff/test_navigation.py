"""The staff find their pages from every page: the caseload and the
take-over for all, the team and the log for administrators only, and the
hand-over from the banner of an assisted draft."""
from __future__ import annotations

import pytest

from ..helpers import FormClient, make_national_number, years_ago
from .cases import make_case, organisation_of
from .conftest import logged_in


def nav_links(page) -> list[str]:
    return [a["href"] for a in page.soup.select(".staff-account nav a")]


@pytest.mark.parametrize("admin, links", [
    (False, ["/staff/", "/staff/take-over"]),
    (True, ["/staff/", "/staff/take-over", "/staff/team", "/staff/log"]),
])
def test_the_header_links_the_staffs_pages(app, make_member, admin, links):
    client = logged_in(FormClient(app), make_member(admin=admin))
    assert nav_links(client.get("/staff/")) == links
    assert nav_links(FormClient(app).get("/")) == [], "a citizen sees none"


def test_the_banner_of_an_assisted_draft_offers_the_hand_over(app, make_member):
    member = make_member()
    public_id = make_case(app, organisation_of(app, member), "Marie", "Dupont", make_national_number(years_ago(40)), member=member)
    client = logged_in(FormClient(app), member)
    page = client.get(f"/staff/applications/{public_id}")
    hand_over = f"/staff/applications/{public_id}/hand-over"
    assert hand_over in [a["href"] for a in page.soup.select(".assisted-banner a")]
    assert client.get(hand_over).status == 200
