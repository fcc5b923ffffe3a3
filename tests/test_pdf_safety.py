"""PDFs with active content are refused; ordinary PDFs are not (pdf_safety).

The hostile PDFs are written byte by byte (or with pypdf's writer), each with
one feature, so that each rule is shown to work on its own; the views' tests
(tests/views/test_files.py) upload them through the files page.
"""
from __future__ import annotations

import io
import zlib

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import StreamObject

from webform import pdf_safety

CATALOG = b"<< /Type /Catalog /Pages 2 0 R %s>>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] %s>>"


def build(catalog: bytes = b"", page: bytes = b"", more: dict[int, bytes] | None = None) -> bytes:
    """A one-page PDF with a cross-reference table; `catalog` and `page` go
    into those dictionaries, `more` adds objects from number 4."""
    objects = {1: CATALOG % catalog, 2: PAGES, 3: PAGE % page, **(more or {})}
    out, offsets = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, size))
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)


def build_compressed(catalog: bytes = b"", page: bytes = b"") -> bytes:
    """The same PDF with its objects in a compressed object stream and a
    cross-reference stream (PDF 1.5, as Acrobat and Word write them): no
    dictionary can be read in the file's bytes."""
    objects = [CATALOG % catalog, PAGES, PAGE % page]
    header, body = b"", b""
    for number, content in enumerate(objects, start=1):
        header += b"%d %d " % (number, len(body))
        body += content + b"\n"
    data = zlib.compress(header + body)
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    stream_at = len(out)
    out += b"4 0 obj\n<< /Type /ObjStm /N 3 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(header), len(data)) + data + b"\nendstream\nendobj\n"
    xref_at = len(out)
    rows = b"\x00" + bytes(4) + b"\xff\xff"
    rows += b"".join(b"\x02" + (4).to_bytes(4, "big") + index.to_bytes(2, "big") for index in range(3))
    rows += b"\x01" + stream_at.to_bytes(4, "big") + bytes(2) + b"\x01" + xref_at.to_bytes(4, "big") + bytes(2)
    rows = zlib.compress(rows)
    out += b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(rows)) + rows + b"\nendstream\nendobj\n"
    return out + b"startxref\n%d\n%%%%EOF\n" % xref_at


def link(action: bytes) -> bytes:
    """A page entry: one link annotation running `action`."""
    return b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A %s >>] " % action


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def with_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("setup.exe", b"MZ\x90\x00" + b"\x00" * 100)
    return written(writer)


def ordinary() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    return written(writer)


def incrementally_updated() -> bytes:
    """An ordinary PDF, then an update appended (as a signature or a form
    filled in Acrobat adds one): two %%EOF."""
    first = ordinary()
    writer = PdfWriter(io.BytesIO(first), incremental=True)
    writer.add_metadata({"/Title": "Rapport"})
    updated = written(writer)
    assert updated.startswith(first) and updated.count(b"%%EOF") == 2
    return updated


JAVASCRIPT = b"<< /S /JavaScript /JS (app.alert\\('x'\\)) >>"
HIDDEN_JAVASCRIPT = build_compressed(page=link(JAVASCRIPT))
ESCAPED_JAVASCRIPT = build(page=link(b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"))
assert b"JavaScript" not in HIDDEN_JAVASCRIPT and b"/JS" not in HIDDEN_JAVASCRIPT
assert b"JavaScript" not in ESCAPED_JAVASCRIPT and b"/JS" not in ESCAPED_JAVASCRIPT

# name: (content, what the check finds: a name, or a set of names any of which may be found first)
HOSTILE = {
    "open-action-javascript": (build(b"/OpenAction " + JAVASCRIPT), "/OpenAction"),
    "open-action-javascript-indirect": (build(b"/OpenAction 4 0 R ", more={4: JAVASCRIPT}), "/OpenAction"),
    "launch-cmd": (build(page=link(b"<< /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >>")), "/Launch"),
    "embedded-exe": (with_attachment(), {"/EmbeddedFiles", "/EF", "/EmbeddedFile"}),  # whichever object comes first
    "file-attachment-annotation": (build(page=b"/Annots [4 0 R] ", more={
        4: b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS << /Type /Filespec /F (a.exe) >> >>"}),
        "/FileAttachment"),
    "rich-media": (build(page=b"/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>] "), "/RichMedia"),
    "page-additional-actions": (build(page=b"/AA << /O << /S /URI /URI (https://example.invalid/) >> >> "), "/AA"),
    "javascript-in-object-stream": (HIDDEN_JAVASCRIPT, "/JS"),
    "hex-escaped-names": (ESCAPED_JAVASCRIPT, "/JS"),
    "submit-form": (build(page=link(b"<< /S /SubmitForm /F (\\\\\\\\server\\\\share) >>")), "/SubmitForm"),
    "remote-go-to": (build(page=link(b"<< /S /GoToR /F (\\\\\\\\server\\\\share\\\\a.pdf) /D [0 /Fit] >>")), "/GoToR"),
    "import-data": (build(page=link(b"<< /S /ImportData /F (data.fdf) >>")), "/ImportData"),
    "xfa-form": (build(b"/AcroForm << /Fields [] /XFA 4 0 R >> ", more={4: b"<< /Length 0 >>\nstream\n\nendstream"}), "/XFA"),
    "open-action-uri": (build(b"/OpenAction << /S /URI /URI (https://example.invalid/) >> "), "/OpenAction"),
    "open-action-go-to-then-javascript": (
        build(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next " + JAVASCRIPT + b" >> "), "/OpenAction"),
    "file-link": (build(page=link(b"<< /S /URI /URI (file://attacker.invalid/share/a.pdf) >>")), "/URI"),
    "unc-link": (build(page=link(b"<< /S /URI /URI (\\\\attacker\\share) >>")), "/URI"),
    "javascript-link": (build(page=link(b"<< /S /URI /URI (javascript:alert\\(1\\)) >>")), "/URI"),
    "3d-annotation": (build(page=b"/Annots [<< /Type /Annot /Subtype /3D /Rect [0 0 10 10] >>] "), "/3D"),
}
HTML_AFTER_END = ordinary() + b"<html><script>alert(1)</script></html>\n"

PASSIVE = {
    "ordinary": ordinary(),
    "minimal": build(),
    "open-action-destination": build(b"/OpenAction [3 0 R /Fit] "),
    "open-action-go-to": build(b"/OpenAction << /S /GoTo /D [3 0 R /XYZ 0 200 0] >> "),
    "web-link": build(page=link(b"<< /S /URI /URI (https://www.handicap.belgium.be/) >>")),
    "incrementally-updated": incrementally_updated(),
    "trailing-whitespace": ordinary() + b"\r\n \t\x0c\x00\x00\n",
    "object-stream": build_compressed(b"/OpenAction [3 0 R /Fit] "),
    # A picture's compressed data may hold any bytes, a name among them: the
    # raw search sends it to the walk, which finds no such name in a dictionary.
    "name-in-stream-data": build(page=b"/Resources << /XObject << /Im0 4 0 R >> >> ", more={
        4: b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8"
           b" /Length 24 >>\nstream\n/JavaScript /Launch /J#53\nendstream"}),
}


def verdict(content: bytes) -> str:
    """"passive", "data after end", or the name of the active content found."""
    stream = io.BytesIO(content)
    reader = PdfReader(stream, strict=False)
    assert len(reader.pages) == 1
    try:
        pdf_safety.check(stream, reader)
    except pdf_safety.UnsafePdf as error:
        return error.reason
    except pdf_safety.DataAfterEnd:
        return "data after end"
    return "passive"


@pytest.mark.parametrize("name", HOSTILE)
def test_active_content_is_found(name):
    content, found = HOSTILE[name]
    assert verdict(content) in (found if isinstance(found, set) else {found})


@pytest.mark.parametrize("name", PASSIVE)
def test_passive_pdfs_pass(name):
    assert verdict(PASSIVE[name]) == "passive"


def test_data_after_the_last_eof_is_refused():
    assert verdict(HTML_AFTER_END) == "data after end"
    # Hidden behind more whitespace than one chunk read from the end.
    assert verdict(ordinary() + b" " * (pdf_safety.CHUNK + 10) + b"MZ" + b"\n" * pdf_safety.CHUNK) == "data after end"
    assert verdict(ordinary() + b"\n" * (3 * pdf_safety.CHUNK)) == "passive"


@pytest.mark.parametrize("payload", [
    b"<html><script>alert(1)</script></html>",
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00PE\x00\x00",
    b"7 0 obj\n<< /Length 40 >>\nstream\n<html><script>alert(1)</script></html>\nendstream\nendobj",
])
def test_data_after_the_end_dressed_as_an_update_is_refused(payload):
    """A payload followed by a forged "startxref ... %%EOF" ends like a PDF:
    what follows the first %%EOF must still begin as an update does and hold no HTML."""
    forged = ordinary() + payload + b"\nstartxref\n9\n%%EOF\n"
    assert verdict(forged) == "data after end"


def test_a_mailto_link_passes():
    assert verdict(build(page=link(b"<< /S /URI /URI (mailto:contact@example.be) >>"))) == "passive"


@pytest.mark.parametrize("cut", range(1, 6))
def test_eof_marker_cut_between_two_chunks_is_found(cut):
    """The marker's bytes in two reads from the end (chunks of CHUNK bytes)."""
    body = b"x" * 100 + b"%%EOF"
    content = body + b" " * (pdf_safety.CHUNK - cut)
    assert pdf_safety.ends_with_eof(io.BytesIO(content))
    assert not pdf_safety.ends_with_eof(io.BytesIO(body[:-1] + b" " * pdf_safety.CHUNK))
    assert not pdf_safety.ends_with_eof(io.BytesIO(b"EOF"))


def test_the_raw_search_is_only_a_first_filter():
    """The walk is skipped only when no object can hide an active name: no
    such name in the bytes, no object stream, no #xx escape."""
    assert not pdf_safety.may_hold_active_content(io.BytesIO(PASSIVE["ordinary"]))
    assert not pdf_safety.may_hold_active_content(io.BytesIO(PASSIVE["open-action-destination"]))
    for content in (HIDDEN_JAVASCRIPT, ESCAPED_JAVASCRIPT, PASSIVE["object-stream"], HOSTILE["launch-cmd"][0]):
        assert pdf_safety.may_hold_active_content(io.BytesIO(content))
    # A name cut between two chunks of the search is still found.
    for shift in range(12):
        padded = b"%" + b"0" * (pdf_safety.CHUNK - 1 - shift) + b"\n/Launch "
        assert pdf_safety.may_hold_active_content(io.BytesIO(padded))
        assert pdf_safety.may_hold_active_content(io.BytesIO(padded.replace(b"/Launch", b"/L#61unch")))


def test_the_walk_keeps_no_object_in_memory():
    """Each object is dropped from pypdf's cache once checked (a scanned
    page's picture, a decoded object stream)."""
    for content in (PASSIVE["object-stream"], PASSIVE["name-in-stream-data"]):
        stream = io.BytesIO(content)
        reader = PdfReader(stream, strict=False)
        pdf_safety.check(stream, reader)
        assert not [value for value in reader.resolved_objects.values() if isinstance(value, StreamObject)]


def test_too_many_objects_to_walk_is_refused(monkeypatch):
    """The walk is bounded: a small file of very many objects is refused,
    not walked for seconds."""
    monkeypatch.setattr(pdf_safety, "MAX_OBJECTS", 3)
    stream = io.BytesIO(PASSIVE["object-stream"])  # five objects, walked (an object stream)
    with pytest.raises(pdf_safety.TooComplex):
        pdf_safety.check(stream, PdfReader(stream, strict=False))
    monkeypatch.setattr(pdf_safety, "MAX_OBJECTS", 5)
    monkeypatch.setattr(pdf_safety, "MAX_OBJECT_STREAM_BYTES", 100)  # the stream decodes to more
    with pytest.raises(pdf_safety.TooComplex):
        pdf_safety.check(stream, PdfReader(stream, strict=False))
    monkeypatch.setattr(pdf_safety, "MAX_OBJECT_STREAM_BYTES", 10_000)
    pdf_safety.check(stream, PdfReader(stream, strict=False))


def test_the_first_page_is_found_without_listing_the_pages():
    assert pdf_safety.has_a_page(PdfReader(io.BytesIO(PASSIVE["ordinary"])))
    assert pdf_safety.has_a_page(PdfReader(io.BytesIO(PASSIVE["object-stream"])))
    nested = build(more={4: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"}).replace(b"/Kids [3 0 R] /Count 1 >>\nendobj\n3", b"/Kids [4 0 R] /Count 1 >>\nendobj\n3", 1)
    assert pdf_safety.has_a_page(PdfReader(io.BytesIO(nested), strict=False))
    no_page = build().replace(b"/Kids [3 0 R]", b"/Kids []     ")
    assert not pdf_safety.has_a_page(PdfReader(io.BytesIO(no_page), strict=False))
