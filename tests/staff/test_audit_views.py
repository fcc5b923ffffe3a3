"""The audit log page of organisation administrators (issue 9): only for
administrators, only their organisation's lines, filters, CSV export
(itself logged), and no route that changes or deletes a line."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select

from webform.models import AuditEvent, StaffMember, db
from webform.staff import audit

from ..helpers import FormClient, translate
from .conftest import logged_in
from .test_handover import make_draft


def add_line(app, member: StaffMember | None, action: str, public_id: str | None = None, at: datetime | None = None,
             target: str | None = None) -> None:
    with app.app_context():
        line = audit.record(db.session.get(StaffMember, member.id) if member else None, action, None, target)
        line.application_public_id = public_id
        if at:
            line.at = at
        db.session.commit()


@pytest.fixture
def admin_client(app, make_member):
    admin = make_member(admin=True, name="Anne Admin")
    client = logged_in(FormClient(app), admin)
    client.member = admin
    return client


def table(page) -> list[list[str]]:
    """The cells, without the headers shown in them on narrow screens."""
    for shown in page.soup.select(".cell-header"):
        shown.decompose()
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in page.soup.select("table tbody tr")]


def test_the_log_is_404_for_members_who_are_not_administrators(app, staff_client):
    assert staff_client.client.get("/staff/log").status_code == 404
    assert staff_client.client.post("/staff/log.csv", data={}).status_code in (400, 404)


def test_the_log_shows_only_the_organisations_lines_in_a_table_with_headers(app, admin_client, make_member, make_organisation):
    admin = admin_client.member
    colleague = make_member(organisation=SimpleNamespace(id=admin.organisation_id), name="Bruno Collègue")
    stranger = make_member(name="Sara Ailleurs")
    public_id = make_draft(app, admin.organisation_id, colleague.id)
    add_line(app, colleague, "view", public_id, target="identity")
    add_line(app, stranger, "change", make_draft(app, stranger.organisation_id, stranger.id))
    page = admin_client.get("/staff/log")
    assert page.h1 == translate("Audit log", "fr")
    assert page.soup.select_one("table caption").get_text(strip=True)
    assert [th["scope"] for th in page.soup.select("thead th")] == ["col"] * 5
    rows = table(page)
    assert len(rows) == 1
    assert rows[0][1:] == ["Bruno Collègue", translate("Viewed", "fr"), public_id, "identity"]
    assert "Sara" not in page.html
    # The member filter offers the organisation's members only.
    assert [o.get_text() for o in page.soup.select("#member option")] == [translate("All", "fr"), "Anne Admin", "Bruno Collègue"]


def filter_by(client: FormClient, **data) -> object:
    client.get("/staff/log")
    return client.submit(data, form="#log-form")


def test_the_log_filters_by_member_action_and_dates(app, admin_client, make_member):
    admin = admin_client.member
    colleague = make_member(organisation=SimpleNamespace(id=admin.organisation_id), name="Bruno")
    now = datetime.now().replace(microsecond=0) - timedelta(hours=1)
    add_line(app, colleague, "view", at=now - timedelta(days=10))
    add_line(app, colleague, "change", at=now - timedelta(days=2))
    add_line(app, admin, "view", at=now)
    assert len(table(filter_by(admin_client, member=str(colleague.id)))) == 2
    assert [row[2] for row in table(filter_by(admin_client, action="view"))] == [translate("Viewed", "fr")] * 2
    since = now - timedelta(days=3)
    page = filter_by(admin_client, **{"from_date-day": since.day, "from_date-month": since.month, "from_date-year": since.year})
    assert [row[1] for row in table(page)] == ["Anne Admin", "Bruno"]
    until = now - timedelta(days=5)
    until_fields = {"until_date-day": until.day, "until_date-month": until.month, "until_date-year": until.year}
    page = filter_by(admin_client, **until_fields)
    assert [row[2] for row in table(page)] == [translate("Viewed", "fr")]
    # Filters kept across a language button (the browser sends the fields along).
    page = admin_client.submit({**until_fields, "switch_language": "nl"}, form="#log-form")
    assert page.language == "nl" and [row[2] for row in table(page)] == [translate("Viewed", "nl")]


def test_dates_in_the_wrong_order_are_an_error_with_its_summary(app, admin_client):
    page = filter_by(admin_client, **{"from_date-day": "3", "from_date-month": "12", "from_date-year": "2025",
                                      "until_date-day": "1", "until_date-month": "12", "until_date-year": "2025"})
    assert page.summary() == [("#until_date-day", translate("Enter a date on or after the first date", "fr"))]
    assert page.title.startswith(translate("Error:", "fr"))


def export(client: FormClient, **data):
    client.get("/staff/log")
    return client.client.post("/staff/log.csv", data={"csrf_token": client.page.csrf_token(), **data})


def test_the_csv_export_gives_the_filtered_lines_and_is_logged(app, admin_client, make_member):
    admin = admin_client.member
    stranger = make_member()
    for number in range(3):
        add_line(app, admin, "view", f"public-{number}")
    add_line(app, admin, "download", "public-x", target="summary.pdf")
    add_line(app, stranger, "view", "elsewhere")
    add_line(app, admin, "view", "formula", target="=HYPERLINK(1)")
    response = export(admin_client, action="view")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert re.search(r'filename="?audit-log-\d{4}-\d{2}-\d{2}\.csv', response.headers["Content-Disposition"]) or \
        "filename" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == translate("When (UTC)", "fr")
    assert sorted(row[5] for row in rows[1:]) == ["formula", "public-0", "public-1", "public-2"]
    assert {row[3] for row in rows[1:]} == {"view"} and "elsewhere" not in text
    # A value a spreadsheet would run as a formula is given as text.
    assert "'=HYPERLINK(1)" in [row[6] for row in rows[1:]]
    with app.app_context():
        last = db.session.execute(select(AuditEvent).order_by(AuditEvent.id.desc())).scalars().first()
        assert (last.action, last.staff_id, last.target) == ("log_export", admin.id, "action=view")


def test_the_csv_export_with_wrong_filters_shows_the_page_with_errors(app, admin_client):
    response = export(admin_client, **{"from_date-day": "40", "from_date-month": "1", "from_date-year": "2025"})
    assert response.mimetype == "text/html" and b"error-summary" in response.data


# -- nothing changes or deletes a line ----------------------------------------------
def _url(rule, public_id: str) -> str:
    values = {name: public_id if name == "public_id" else "1" for name in rule.arguments}
    return rule.build(values)[1]


def test_no_route_changes_or_deletes_an_audit_line(app, admin_client, make_member):
    """Every route of the application, GET and POST, called by an
    administrator on an application of the organisation: the lines written
    before are all still there, unchanged; nothing but inserts happened."""
    admin = admin_client.member
    public_id = make_draft(app, admin.organisation_id, admin.id)
    for action in audit.ACTIONS:
        add_line(app, admin, action, public_id, target="before")
    app.config["WTF_CSRF_ENABLED"] = False
    touched: list[str] = []
    with app.app_context():
        before = [(e.id, e.at, e.staff_id, e.organisation_id, e.action, e.application_public_id, e.target)
                  for e in db.session.execute(select(AuditEvent)).scalars()]

        def refuse(_mapper, _connection, target):
            touched.append(type(target).__name__)

        event.listen(AuditEvent, "before_update", refuse)
        event.listen(AuditEvent, "before_delete", refuse)
        try:
            for rule in app.url_map.iter_rules():
                if rule.endpoint == "static":
                    continue
                url = _url(rule, public_id)
                for method in {"GET", "POST"} & rule.methods:
                    admin_client.client.open(url, method=method, data={"action": "continue"})
        finally:
            event.remove(AuditEvent, "before_update", refuse)
            event.remove(AuditEvent, "before_delete", refuse)
        after = [(e.id, e.at, e.staff_id, e.organisation_id, e.action, e.application_public_id, e.target)
                 for e in db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]
    assert touched == []
    assert after[:len(before)] == sorted(before)


def test_no_code_updates_or_deletes_audit_events():
    """Bulk statements escape the ORM events above: no module builds an
    UPDATE or DELETE on the audit table."""
    from webform import ROOT

    pattern = re.compile(r"(update|delete)\(\s*(AuditEvent|AuditEvent\.__table__)|AuditEvent\)\.(update|delete)\(")
    found = [str(path) for path in (ROOT / "webform").rglob("*.py") if pattern.search(path.read_text())]
    assert found == []
