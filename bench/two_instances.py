"""Two servers sharing one PostgreSQL database and one S3 bucket: applicants
walk the form with each request sent to either server at random.

    .venv/bin/python bench/two_instances.py [--quick] [--applicants N]

It starts moto's standalone server (S3 over HTTP on 127.0.0.1; production
uses Ceph RGW, MinIO or a cloud store) with one bucket, and two gunicorn
instances (2 sync workers each) on two ports with the same SECRET_KEY,
ENCRYPTION_KEYS and SEARCH_KEY, FILE_STORE=s3 and one PostgreSQL database
(webform_bench_store, schema two_instances, made afresh). Each applicant
(its own cookies) starts, fills every step, attaches a small PDF, downloads
it back, and sends; every upload is also downloaded from the other
instance than the one that stored it.

Figures: `two_instances_errors` (requests that failed or answered >= 400,
or a page with an error where none is expected: must be 0) and
`two_instances_cross_reads` (every upload read back identical from the
other instance). Bounded: every request times out after 60 s, and the walk
stops after --budget seconds (then the figures say so).
"""
from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import random
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, Server, check, figure, free_port, load_average, note, production_keys  # noqa: E402

# What the runner (bench/runner.py) expects this script to print, and its time budgets.
FIGURES = ["two_instances_errors", "two_instances_cross_reads"]
QUICK_SECONDS = 90
FULL_SECONDS = 900

PG_URL = "postgresql+psycopg://webform:webform@127.0.0.1:5432/webform_bench_store"
SCHEMA = "two_instances"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def minimal_pdf() -> bytes:
    sys.path.insert(0, str(ROOT))
    from tests.helpers import MINIMAL_PDF

    return MINIMAL_PDF


class Applicant:
    """One browser: its own cookies, each request to a random instance."""

    def __init__(self, servers: list[Server], rng: random.Random):
        self.servers, self.rng = servers, rng
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.errors: list[str] = []
        self.last_server: Server | None = None

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None,
                server: Server | None = None) -> tuple[int, bytes, str]:
        server = server or self.rng.choice(self.servers)
        self.last_server = server
        request = urllib.request.Request(server.url + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                body = response.read()
                final = urllib.parse.urlsplit(response.geturl()).path
                return response.status, body, final
        except urllib.error.HTTPError as error:
            self.errors.append(f"{path}: {error.code}")
            return error.code, error.read(), path
        except OSError as error:
            self.errors.append(f"{path}: {type(error).__name__}")
            return 0, b"", path

    def get(self, path: str) -> bytes:
        return self.request(path)[1]

    def post(self, path: str, fields: dict, page: bytes) -> tuple[bytes, str]:
        """Post the fields with the form's hidden ones (its token, the
        version of the answers it shows), as a browser would."""
        body = urllib.parse.urlencode({**hidden_fields(page, path), **fields}, doseq=True).encode()
        status, answer, final = self.request(path, body, {"Content-Type": "application/x-www-form-urlencoded"})
        return answer, final

    def upload(self, content: bytes, page: bytes) -> bytes:
        boundary = secrets.token_hex(16)
        parts = [
            (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf(page)}\r\n').encode(),
            (f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmedical_report\r\n').encode(),
            (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="rapport.pdf"\r\n'
             "Content-Type: application/pdf\r\n\r\n").encode() + content + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        return self.request("/application/files/", b"".join(parts),
                            {"Content-Type": f"multipart/form-data; boundary={boundary}"})[1]


def hidden_fields(page: bytes, path: str) -> dict[str, str]:
    from bs4 import BeautifulSoup

    forms = BeautifulSoup(page, "html.parser").select("form[method=post]")
    form = next((f for f in forms if urllib.parse.urlsplit(f.get("action", "")).path == path), forms[0] if forms else None)
    if form is None:
        return {"csrf_token": csrf(page)}
    return {field["name"]: field.get("value", "") for field in form.select("input[type=hidden][name]")}


def csrf(page: bytes) -> str:
    found = CSRF.search(page.decode("utf-8", "replace"))
    return found.group(1) if found else ""


def has_errors(page: bytes) -> bool:
    return b'class="error-summary"' in page


def walk(applicant: Applicant, pdf: bytes) -> bool | None:
    """One application from start to sending; whether the upload read back
    from the other instance (None if no upload got that far)."""
    from tests.scenarios import step_input, steps_for

    requests = ["recognition"]
    applicant.get("/language/fr?next=/")
    page = applicant.get("/")
    page, _ = applicant.post("/application/start", {}, page)
    for step in steps_for(requests):
        if step in ("check", "declaration"):
            continue
        page = applicant.get(f"/application/{step}")
        page, _ = applicant.post(f"/application/{step}", step_input(step, requests), page)
        if has_errors(page):
            applicant.errors.append(f"{step}: the page shows an error")
    page = applicant.get("/application/files/")
    page = applicant.upload(pdf, page)
    stored_by = applicant.last_server
    links = re.findall(rb'<li class="file-item">.*?href="([^"]+)"', page, re.S)
    link_path = links[0].decode() if links else None
    crossed = None
    if link_path is None:
        applicant.errors.append("upload: no link to the stored file")
    else:
        other = next(server for server in applicant.servers if server is not stored_by)
        status, body, _ = applicant.request(link_path, server=other)
        crossed = status == 200 and body == pdf
        if applicant.get(link_path) != pdf:
            applicant.errors.append("download: not the uploaded bytes")
    page = applicant.get("/application/check")
    from bs4 import BeautifulSoup

    button = BeautifulSoup(page, "html.parser").select_one("main a.button")
    page = applicant.get(button["href"] if button else "/application/declaration")
    form = BeautifulSoup(page, "html.parser").select_one("#step-form")
    path = form["action"] if form else "/application/declaration"
    page, final = applicant.post(path, step_input("declaration", requests), page)
    if b'class="reference"' not in page:
        applicant.errors.append(f"send: no reference on {final}")
    return crossed


@contextlib.contextmanager
def s3_server():
    port = free_port()
    process = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url, timeout=2).read()
                break
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def fresh_schema() -> str:
    from sqlalchemy import create_engine

    subprocess.run(["su", "postgres", "-c", "createdb -O webform webform_bench_store"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    engine = create_engine(PG_URL)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {SCHEMA} AUTHORIZATION webform")
    engine.dispose()
    return f"{PG_URL}?options=-csearch_path%3D{SCHEMA}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 applicants")
    parser.add_argument("--applicants", type=int, default=None)
    parser.add_argument("--budget", type=float, default=300, help="seconds the walk may take at most")
    args = parser.parse_args()
    count = args.applicants or (3 if args.quick else 12)
    note(load_average())
    import boto3

    pdf = minimal_pdf()
    with s3_server() as endpoint, tempfile.TemporaryDirectory(prefix="bench-two-") as folder:
        bucket = "webform-bench"
        credentials = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bench",
                     aws_secret_access_key="bench").create_bucket(Bucket=bucket)
        env = {"DATABASE_URL": fresh_schema(), "FILE_STORE": "s3", "S3_ENDPOINT_URL": endpoint, "S3_BUCKET": bucket,
               "S3_REGION": "us-east-1", **credentials}
        keys = production_keys()
        servers = []
        for name in ("a", "b"):
            (Path(folder) / name).mkdir()
            servers.append(Server(Path(folder) / name, env, workers=2, keys=keys))
        servers[0].migrate()
        try:
            for server in servers:
                server.start()
            rng = random.Random(13)
            started, errors, crossed, walked = time.monotonic(), [], [], 0
            for _ in range(count):
                if time.monotonic() - started > args.budget:
                    errors.append("time budget reached before every applicant walked")
                    break
                applicant = Applicant(servers, rng)
                crossed.append(walk(applicant, pdf))
                errors += applicant.errors
                walked += 1
            elapsed = time.monotonic() - started
        finally:
            for server in servers:
                server.stop()
        note(f"{walked} applicants walked in {elapsed:.1f} s across {servers[0].url} and {servers[1].url}")
        for error in errors[:10]:
            note(f"error: {error}")
        figure("two_instances_errors", len(errors), 0, digits=0)
        check("two_instances_cross_reads", walked == count and all(crossed),
              f"{sum(1 for c in crossed if c)}/{count}")


if __name__ == "__main__":
    main()
