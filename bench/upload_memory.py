"""Peak memory of the server process while it receives a 10 MB upload, next to
the same server receiving a 10 kB upload, measured in the same run.

    .venv/bin/python bench/upload_memory.py [--quick] [--megabytes 10]

The server runs in its own process (so the client's buffers do not count);
its peak resident memory (VmHWM) is read from /proc. Uploads are streamed by
Werkzeug to a temporary file (under UPLOAD_FOLDER/incoming, not in a tmpfs
/tmp, which would be memory outside this figure) and copied in chunks, so
the difference should be a few MB at most, not the size of the file. The
PDF is a real one, padded with a comment: pypdf must read it to accept it.

It then sends a 12-megapixel HEIC photo, as a phone takes it: that one is
decoded to be converted to JPEG, so its cost (the decoded picture and the
converter's copies of it) is printed on its own line; and a 12-megapixel
JPEG photo with EXIF data, decoded to be saved again without it.

Figure: ``upload_10mb_peak_extra_mb`` <= 16, the server's peak memory after
the 10 MB upload above its peak after the 10 kB one. Streaming keeps it near
0; 16 MB is well under the file's size, so a code path that reads the whole
upload into memory (even once) goes over. The photos' costs are notes: their
decoding needs the whole picture in memory, by nature. --quick changes
nothing (the run takes some 15 s).
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing
import re
import secrets
import tempfile
import time
from pathlib import Path

from common import figure, load_average, note

FIGURES = ["upload_10mb_peak_extra_mb"]
QUICK_SECONDS = 40
CEILING_MB = 16


def serve(folder: str, port_queue) -> None:
    import logging
    import os

    os.environ["WEBFORM_INSTANCE_PATH"] = folder
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request in the bench's output
    from werkzeug.serving import make_server

    from webform import create_app
    from webform.models import db

    app = create_app({
        "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
    })
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app)
    port_queue.put(server.server_port)
    server.serve_forever()


def peak_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))


PDF_HEAD = b"%PDF-1.4\n%"
PDF_OBJECTS = (
    b"<</Type/Catalog/Pages 2 0 R>>",
    b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>",
)


def pdf_tail(size: int) -> bytes:
    """The end of a one-page PDF of `size` bytes that starts with PDF_HEAD
    and a comment of zeros; its cross-reference table is right, as in the
    PDFs people send, so pypdf reads only the end of it."""
    # The offsets depend on the tail's own length: repeat until it settles.
    tail, previous = b"", None
    while tail != previous:
        previous = tail
        offset, body, offsets = size - len(tail) + 1, b"\n", []
        for number, content in enumerate(PDF_OBJECTS, start=1):
            offsets.append(offset + len(body) - 1)
            body += b"%d 0 obj" % number + content + b"endobj\n"
        xref_at = offset + len(body) - 1
        xref = b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
        tail = body + xref + b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return tail


def upload(port: int, cookie: str, size: int, start: bytes = PDF_HEAD, name: str = "scan.pdf",
           end: bytes | None = None) -> int:
    """Send a file of `size` bytes: `start`, zeros, then `end` (a PDF's end by default)."""
    end = pdf_tail(size) if end is None else end
    boundary = secrets.token_hex(16)
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmedical_report\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
        f"Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + start
    tail = end + f"\r\n--{boundary}--\r\n".encode()
    body_size = max(size - len(start) - len(end), 0)

    def body():
        yield head
        sent = 0
        chunk = b"0" * 65536
        while sent < body_size:
            piece = chunk[: min(65536, body_size - sent)]
            sent += len(piece)
            yield piece
        yield tail

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "POST", "/application/files/", body=body(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                 "Content-Length": str(len(head) + body_size + len(tail)), "Cookie": cookie},
    )
    status = connection.getresponse().status
    connection.close()
    return status


def start_application(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", "/application/start", body=b"", headers={"Content-Length": "0"})
    response = connection.getresponse()
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    connection.close()
    return cookie


PHOTO_SIZE = (4000, 3000)  # 12 megapixels, a common phone camera


def heic_photo(width: int, height: int) -> bytes:
    import io

    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()

    picture = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="HEIF", quality=80)
    return buffer.getvalue()


def jpeg_photo(width: int, height: int) -> bytes:
    """A phone-style JPEG: EXIF with an orientation and a GPS position."""
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (50.0, 50.0, 0.0)}
    picture = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=92, exif=exif.tobytes())
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="the same run (it is quick already)")
    size = parser.parse_args().megabytes * 1_000_000
    note(load_average())
    with tempfile.TemporaryDirectory() as folder:
        ports = multiprocessing.Queue()
        process = multiprocessing.Process(target=serve, args=(folder, ports), daemon=True)
        process.start()
        port = ports.get(timeout=30)
        time.sleep(0.2)
        cookie = start_application(port)
        assert upload(port, cookie, 10_000) == 302, "small upload accepted"
        baseline = peak_kb(process.pid)
        assert upload(port, cookie, size) == 302, "large upload accepted"
        after = peak_kb(process.pid)
        stored = sum(f.stat().st_size for f in (Path(folder) / "uploads").iterdir() if f.is_file())
        photo = heic_photo(*PHOTO_SIZE)
        assert upload(port, cookie, len(photo), photo, "IMG_0001.HEIC", b"") == 302, "HEIC photo accepted"
        after_heic = peak_kb(process.pid)
        jpeg = jpeg_photo(*PHOTO_SIZE)
        assert upload(port, cookie, len(jpeg), jpeg, "IMG_0002.jpg", b"") == 302, "JPEG photo accepted"
        after_jpeg = peak_kb(process.pid)
        process.terminate()
    note(f"server peak memory after a 10 kB upload: {baseline / 1024:.1f} MB")
    note(f"server peak memory after a {size / 1_000_000:.0f} MB upload: {after / 1024:.1f} MB "
         f"(ratio {(after - baseline) * 1024 / size:.2f} of the file size); stored {stored / 1_000_000:.1f} MB")
    pixels = PHOTO_SIZE[0] * PHOTO_SIZE[1]
    note(f"converting a {pixels / 1_000_000:.0f}-megapixel HEIC photo ({len(photo) / 1_000_000:.1f} MB) to JPEG: "
         f"peak {after_heic / 1024:.1f} MB, +{(after_heic - after) / 1024:.1f} MB "
         f"(the decoded RGB picture alone is {pixels * 3 / 1_000_000:.0f} MB)")
    note(f"removing the EXIF data of a {pixels / 1_000_000:.0f}-megapixel JPEG photo ({len(jpeg) / 1_000_000:.1f} MB): "
         f"peak {after_jpeg / 1024:.1f} MB, at most +{(after_jpeg - after) / 1024:.1f} MB (a peak above the HEIC's)")
    name = f"upload_{size // 1_000_000}mb_peak_extra_mb"
    figure(name, (after - baseline) / 1024, CEILING_MB, digits=1)
    note(load_average())

if __name__ == "__main__":
    main()
