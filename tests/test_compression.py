"""HTML pages compressed when accepted, for requests from our own pages
only (BREACH, see compression.py); files and PDFs never."""
from __future__ import annotations

import gzip
import io

import brotli
import pytest

from .helpers import MINIMAL_PDF, FormClient
from .scenarios import apply_for

OWN = {"Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def client(app):
    client = FormClient(app)
    client.start("fr")
    apply_for(client, ["recognition"])
    return client


def page(client: FormClient, url: str, **headers):
    return client.client.get(url, headers=headers)


@pytest.mark.parametrize(("encoding", "decompress"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
@pytest.mark.parametrize("site", ["same-origin", "none"])
def test_pages_are_compressed_when_accepted(client, encoding, decompress, site):
    """The same bytes as uncompressed: soft hyphens and all (the compression runs last)."""
    plain = page(client, "/application/")
    packed = page(client, "/application/", **{"Accept-Encoding": f"{encoding}, identity", "Sec-Fetch-Site": site})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == encoding
    assert {"Accept-Encoding", "Sec-Fetch-Site"} <= set(packed.vary)
    assert len(packed.data) < len(plain.data) / 2
    assert decompress(packed.data) == plain.data
    assert packed.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("site", [None, "cross-site", "same-site"])
def test_pages_asked_from_elsewhere_are_not_compressed(client, site):
    """A page that another site made the browser ask for could measure a
    secret (BREACH): it goes out uncompressed."""
    headers = {"Accept-Encoding": "br, gzip"} | ({"Sec-Fetch-Site": site} if site else {})
    response = page(client, "/application/", **headers)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert {"Accept-Encoding", "Sec-Fetch-Site"} <= set(response.vary)
    assert b"<h1" in response.data


def test_no_compression_unless_accepted(client):
    response = page(client, "/application/", **OWN)
    assert "Content-Encoding" not in response.headers and b"<h1" in response.data


def test_error_pages_are_not_compressed(client):
    response = page(client, "/nowhere", **OWN, **{"Accept-Encoding": "br, gzip"})
    assert response.status_code == 404 and "Content-Encoding" not in response.headers


def test_files_and_pdfs_are_never_compressed(client):
    client.get("/application/files/")
    client.submit({"file": (io.BytesIO(MINIMAL_PDF), "report.pdf"), "kind": "medical_report"}, form="#upload-form")
    link = client.page.soup.select_one(".file-item a")["href"]
    accept = {"Accept-Encoding": "br, gzip", **OWN}
    attached = page(client, link, **accept)
    assert attached.mimetype == "application/pdf" and attached.data == MINIMAL_PDF
    assert "Content-Encoding" not in attached.headers
    summary = page(client, "/application/summary.pdf", **accept)
    assert summary.status_code == 200 and summary.mimetype == "application/pdf"
    assert "Content-Encoding" not in summary.headers and summary.data.startswith(b"%PDF")
