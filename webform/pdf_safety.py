"""PDFs that cannot hurt a case worker: active content is refused.

A PDF is not only pages: it may run JavaScript when opened, start a program,
carry other files inside it, play Flash or video, fetch or send data across
the network, or have a web page glued after its end. A case worker opens
hundreds of attachments in Acrobat or a browser; one of them must not be able
to run anything. So a PDF is refused when any object pypdf can reach holds:

- JavaScript: a /JavaScript action, a /JS entry, the document's /JavaScript
  name tree, XFA forms (/XFA: their scripts run in Acrobat) and 3D scripts
  (/OnInstantiate);
- /Launch actions (start a program or open a file: "cmd.exe");
- embedded files: the /EmbeddedFiles name tree, /EmbeddedFile streams,
  file specifications carrying one (/EF), /FileAttachment annotations;
- /RichMedia annotations (Flash, video) and media actions (/Rendition,
  /Movie, /Sound), which hand content to a player;
- additional actions (/AA): actions run on events (a page opened or closed,
  a field left, the document printed or saved), never needed to read one;
- an /OpenAction that is more than a destination: office programs write
  `/OpenAction [page /Fit]` or a plain /GoTo to open on the first page, which
  is harmless and accepted; anything else (or a /GoTo with a /Next action)
  is refused;
- actions that reach outside the document, decided risky here: /SubmitForm
  (sends data to an address), /ImportData (reads a file), /GoToR and /GoToE
  (open another or an embedded PDF). A path like \\\\server\\share in them
  makes Windows send the case worker's credentials to that server, and no
  medical report needs them. Web links (/URI) are kept when they are
  http, https or mailto links: reports and letters have them, and viewers
  ask before following one; a file:// or \\server link (the same
  credential leak) or a javascript: link is refused;
- 3D annotations (/3D): their parsers are a large attack surface.

and when anything but whitespace follows the last %%EOF (a web page or a
program appended to a PDF: browsers and some tools look at the end too).
Several %%EOF are fine: every incremental update (a signature, a form filled
in Acrobat) adds one, and begins with objects or a cross-reference table;
what follows the first %%EOF must begin so (a web page with a forged
"startxref ... %%EOF" after it does not), and may hold no HTML tag.

Every object is checked, not only those reachable from the pages: each entry
of the cross-reference table (and of a rebuilt one, for a damaged file), the
objects inside compressed object streams included. pypdf decodes names
written with #xx escapes (/J#61vaScript is /JavaScript). Objects are read
one at a time and dropped from pypdf's cache once checked, so the memory
stays about the size of the largest object (a scanned page's picture, or an
object stream decoded, which pypdf caps), not the whole file.

The work is bounded too, so that a small file cannot hold a worker: the
walk takes at most MAX_OBJECTS objects (a 500-page report has a few
thousand; the walk checks about 50,000 a second here) and MAX_OBJECT_STREAM_BYTES of
decoded object streams in all, else the PDF is refused as too complex; the
pages are not counted (pypdf takes 0.4 ms a page to list them, 12 s for a
0.5 MB PDF of 30,000 empty pages): finding the first page is enough.

A raw search of the bytes comes first and is enough for most PDFs: a
dangerous name can only be hidden from it inside an object stream or behind
a #xx escape, so when the bytes hold none of the names, no /ObjStm and no
escape, the object-by-object walk is skipped. A name the search finds may be
in a picture's compressed data; the walk then decides.
"""
from __future__ import annotations

import re
from typing import BinaryIO

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

CHUNK = 64 * 1024
# PDF whitespace (ISO 32000-1, 7.2.2), allowed after the last %%EOF.
WHITESPACE = b"\x00\t\n\x0c\r "
EOF_MARKER = b"%%EOF"

# Keys that make a dictionary active wherever they are.
ACTIVE_KEYS = frozenset({
    "/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent", "/OnInstantiate",
})
# Names that make a dictionary active as a value (/S /Launch, /Subtype /FileAttachment, ...).
ACTIVE_NAMES = frozenset({
    "/JavaScript", "/Launch", "/EmbeddedFile", "/FileAttachment", "/RichMedia", "/Rendition", "/Movie",
    "/Sound", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/3D",
})
# Link targets a case worker may follow (anything else: file://, \\server, javascript:).
SAFE_URI_SCHEMES = (b"http://", b"https://", b"mailto:")
# An incremental update begins with an object ("12 0 obj") or a
# cross-reference table; HTML has no place after the first %%EOF.
_UPDATE_START = re.compile(rb"(?:%[^\r\n]*[\r\n]+|[\x00\t\n\x0c\r ]+)*(?:\d+[\x00\t\n\x0c\r ]+\d+[\x00\t\n\x0c\r ]+obj\b|xref\b)")
_HTML = re.compile(rb"<\s*(?:html|script|!doctype|iframe|body|svg|object|embed)\b", re.IGNORECASE)
# The raw search: any of those names (a false match only costs the walk),
# an object stream, or a #xx escape (after "/" or any character a name may hold).
_RAW = re.compile(
    rb"/(?:" + b"|".join(sorted({n[1:].encode() for n in ACTIVE_KEYS | ACTIVE_NAMES}, key=len, reverse=True))
    + rb"|ObjStm|URI)"
    + rb"|[^\x00\t\n\x0c\r <>\[\]()%{}]#[0-9A-Fa-f]{2}"
)
_OVERLAP = 64  # longer than any name searched for, so none is cut between two chunks
MAX_OBJECTS = 50_000
MAX_OBJECT_STREAM_BYTES = 30_000_000
MAX_PAGE_TREE_DEPTH = 64


class UnsafePdf(ValueError):
    """The PDF holds active content; `reason` names it (for logs: our own words, never the file's)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class DataAfterEnd(ValueError):
    """Bytes other than whitespace follow the PDF's last %%EOF."""


class TooComplex(ValueError):
    """More objects, or more object-stream data, than the walk may take."""


def has_a_page(reader: PdfReader) -> bool:
    """Whether the page tree leads to a page (its first leaf), without
    listing every page. Leaf and node are told apart as pypdf does."""
    node = reader.trailer["/Root"].get_object()["/Pages"].get_object()
    for _ in range(MAX_PAGE_TREE_DEPTH):
        if not isinstance(node, DictionaryObject):
            return False
        kind = node.get("/Type") or ("/Pages" if "/Kids" in node else "/Page")
        if kind != "/Pages":
            return True
        kids = node.get("/Kids")
        kids = kids.get_object() if kids is not None else None
        if not isinstance(kids, ArrayObject) or not kids:
            return False
        node = kids[0].get_object()
    return False


def check(stream: BinaryIO, reader: PdfReader) -> None:
    """Raise DataAfterEnd or UnsafePdf unless the PDF is passive.

    `reader` is pypdf's reader of that same stream; pypdf may raise while
    objects are read (a damaged file): the caller decides what that means.
    Raise TooComplex when the walk would take too long.
    """
    if not ends_with_eof(stream) or not only_updates_after_first_eof(stream):
        raise DataAfterEnd()
    _check_open_action(reader)
    if may_hold_active_content(stream):
        _walk(reader)


def ends_with_eof(stream: BinaryIO) -> bool:
    """Whether the last bytes other than whitespace are %%EOF (read from the end, a chunk at a time)."""
    position = stream.seek(0, 2)
    while position > 0:
        start = max(position - CHUNK, 0)
        stream.seek(start)
        stripped = stream.read(position - start).rstrip(WHITESPACE)
        if stripped:
            last = start + len(stripped)
            stream.seek(max(last - len(EOF_MARKER), 0))
            return stream.read(min(last, len(EOF_MARKER))) == EOF_MARKER
        position = start
    return False


def only_updates_after_first_eof(stream: BinaryIO) -> bool:
    """Whether what follows each %%EOF begins as an incremental update does
    (or is the end), and nothing after the first %%EOF looks like HTML."""
    ends = _eof_positions(stream)
    for end in ends:
        stream.seek(end)
        head = stream.read(256)
        if head.strip(WHITESPACE) and not _UPDATE_START.match(head):
            return False
    return not ends or not _found(stream, _HTML, ends[0])


def _found(stream: BinaryIO, pattern: re.Pattern, start: int = 0) -> bool:
    """Whether the pattern occurs from ``start`` on, read a chunk at a time
    (with an overlap longer than any match, so none is cut in two)."""
    stream.seek(start)
    previous = b""
    while chunk := stream.read(CHUNK):
        if pattern.search(previous + chunk):
            return True
        previous = chunk[-_OVERLAP:]
    return False


def _eof_positions(stream: BinaryIO) -> list[int]:
    """Where each %%EOF ends, read a chunk at a time."""
    stream.seek(0)
    ends, offset, previous = [], 0, b""
    while chunk := stream.read(CHUNK):
        data, base = previous + chunk, offset - len(previous)
        position = 0
        while (found := data.find(EOF_MARKER, position)) != -1:
            end = base + found + len(EOF_MARKER)
            if not ends or end > ends[-1]:
                ends.append(end)
            position = found + 1
        offset += len(chunk)
        previous = data[-(len(EOF_MARKER) - 1):]
    return ends


def may_hold_active_content(stream: BinaryIO) -> bool:
    """The raw search: False only when no object can hold an active name."""
    return _found(stream, _RAW)


def _check_open_action(reader: PdfReader) -> None:
    root = reader.trailer.get("/Root")
    catalog = root.get_object() if root is not None else None
    if not isinstance(catalog, DictionaryObject):
        return
    action = catalog.get("/OpenAction")
    action = action.get_object() if action is not None else None
    if isinstance(action, DictionaryObject) and (action.get("/S") != "/GoTo" or "/Next" in action):
        raise UnsafePdf("/OpenAction")


def _walk(reader: PdfReader) -> None:
    """Check every object of the cross-reference table(s), one at a time."""
    _check_value(reader.trailer)
    numbers = {(generation, number) for generation, entries in reader.xref.items() for number in entries}
    numbers |= {(0, number) for number in reader.xref_objStm}
    if len(numbers) > MAX_OBJECTS:
        raise TooComplex()

    def in_stream(key: tuple[int, int]) -> int:
        """The object stream holding that object, or -1."""
        return reader.xref_objStm[key[1]][0] if key[0] == 0 and key[1] in reader.xref_objStm else -1

    # Objects of one object stream are parsed together and cached: take
    # them in order so that each stream is decoded once, and drop the
    # stream (with its decoded data) from the cache once they are checked.
    limits = {f"{name}_maximum_output_length": MAX_OBJECT_STREAM_BYTES for name in ("zlib", "lzw", "run_length", "brotli")}
    current, decoded = -1, 0
    try:
        with apply_configuration(**limits):
            for generation, number in sorted(numbers, key=lambda key: (in_stream(key), key)):
                if in_stream((generation, number)) != current:
                    reader.resolved_objects.pop((0, current), None)
                    current = in_stream((generation, number))
                    stream = reader.get_object(current)
                    decoded += len(stream.get_data()) if isinstance(stream, StreamObject) else 0
                    if decoded > MAX_OBJECT_STREAM_BYTES:
                        raise TooComplex()
                _check_value(reader.get_object(IndirectObject(number, generation, reader)))
                reader.resolved_objects.pop((generation, number), None)
    except LimitReachedError:
        raise TooComplex() from None
    finally:
        reader.resolved_objects.pop((0, current), None)


def _check_value(value) -> None:
    """Check one object's dictionaries and arrays (not what it refers to:
    every object gets its own turn). Iterative, so deep nesting cannot
    exhaust the stack."""
    pending = [value]
    while pending:
        value = pending.pop()
        if isinstance(value, DictionaryObject):  # a stream's dictionary too
            for key, item in value.items():
                if key in ACTIVE_KEYS:
                    raise UnsafePdf(key)
                if key == "/URI" and not _safe_uri(item):
                    raise UnsafePdf(key)
                if isinstance(item, (DictionaryObject, ArrayObject, NameObject)):
                    pending.append(item)
        elif isinstance(value, ArrayObject):
            pending.extend(item for item in value if isinstance(item, (DictionaryObject, ArrayObject, NameObject)))
        elif isinstance(value, NameObject) and value in ACTIVE_NAMES:
            raise UnsafePdf(value)


def _safe_uri(value) -> bool:
    """A link a case worker may follow: http, https or mailto."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    raw = value.original_bytes if hasattr(value, "original_bytes") else bytes(str(value), "utf-8", "replace")
    return raw.strip().lower().startswith(SAFE_URI_SCHEMES)
