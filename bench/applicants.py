"""Simulated applicants walking the form at the same time, on SQLite and on
PostgreSQL, against gunicorn with 2 sync workers on 127.0.0.1.

    .venv/bin/python bench/applicants.py [--quick] [--applicants 50 100 200] [--databases sqlite postgresql]

Each applicant is a thread with a browser of its own (``Browser``: its own
cookies, the CSRF token and hidden fields read from each page's form, as a
browser sends them) and walks the form once, from the start page to the
confirmation: a language, the requests (the five kinds of application in
turn), every step with valid answers (tests/scenarios.py), a small PDF
attached, the check page, the declaration, sent. All start together.

The client is our own (http.client and threads) rather than a load tool such
as locust: the run is a fixed number of walks, each once, not a rate held for
a time; locust's gevent patches the whole process and adds a dependency tree
to the test extra for what is a loop of requests; and a client that reads
forms with regular expressions costs little CPU on a 2-core machine where
every client cycle is taken from the server.

Figures per run (N applicants, DB the database):

- ``applicants_N_DB_errors`` = 0: answers >= 400 or none, a step refused
  with an error summary, a walk that did not reach the confirmation.
- ``applicants_N_DB_p95_ratio`` <= 20: the 95th percentile of the form's
  requests (pages and posts, each redirect a request) over the 95th
  percentile of a static file (the stylesheet, fetched after every third
  page as a probe) in the same run. Both wait in the same queue for the
  same two workers, so the ratio reads what a form request costs above a
  file read, whatever the load of the machine; a step costs about 5 times
  a static file in server CPU now (13-16 ms against 2.8 ms), so 20 leaves
  room for the load's noise and fails only on something pathological (a
  lock held across requests, a full scan, a PDF in the queue's way).
- ``applicants_N_DB_rps`` (a note): form requests per second of the run.

The per-address rate limits are raised for the run: every applicant comes
from 127.0.0.1, where real ones come from as many addresses.
"""
from __future__ import annotations

import argparse
import html
import http.client
import itertools
import math
import re
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from common import ROOT, figure, load_average, note, served  # noqa: F401  (ROOT puts the project on sys.path)

from tests.helpers import MINIMAL_PDF  # noqa: E402
from tests.scenarios import SCENARIOS, step_input  # noqa: E402

FIGURES = [
    "applicants_50_sqlite_errors", "applicants_50_sqlite_p95_ratio",
    "applicants_50_postgresql_errors", "applicants_50_postgresql_p95_ratio",
    "applicants_100_sqlite_errors", "applicants_100_sqlite_p95_ratio",
    "applicants_100_postgresql_errors", "applicants_100_postgresql_p95_ratio",
    "applicants_200_sqlite_errors", "applicants_200_sqlite_p95_ratio",
    "applicants_200_postgresql_errors", "applicants_200_postgresql_p95_ratio",
]
QUICK_FIGURES = [
    "applicants_50_sqlite_errors", "applicants_50_sqlite_p95_ratio",
    "applicants_50_postgresql_errors", "applicants_50_postgresql_p95_ratio",
]
QUICK_SECONDS = 110
FULL_SECONDS = 1800

LANGUAGES = ("fr", "nl", "de")
DEFAULT_POSTGRES = "postgresql+psycopg://webform:webform@127.0.0.1:5432/webform_bench"
RATE_LIMITS = {
    "RATE_LIMIT_SENDING": "10,100000", "RATE_LIMIT_UPLOADS": "60,100000",
    "RATE_LIMIT_START": "0,100000", "RATE_LIMIT_PDF": "30,100000",
}
STATIC_PROBE_EVERY = 3  # pages
# --quick: the shortest complete application (a new copy of a parking card,
# 16 steps, about 40 requests), so that 50 applicants on each database fit
# in the quick run's budget; the full run walks the five kinds in turn.
QUICK_SCENARIO = "parking_card_duplicate"

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
INPUT = re.compile(r"<input\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r"([\w:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
ASSET = re.compile(r"<(?:link|script|img|source)\b[^>]*>", re.I)


def attributes(tag: str) -> dict[str, str]:
    return {name.lower(): html.unescape(double or single) for name, double, single in ATTRIBUTE.findall(tag)}


@dataclass
class Form:
    attributes: dict[str, str]
    hidden: dict[str, str]

    def matches(self, selector: str) -> bool:
        """``#id`` or ``.class``: all the walk needs."""
        if selector.startswith("#"):
            return self.attributes.get("id") == selector[1:]
        return selector[1:] in self.attributes.get("class", "").split()


@dataclass
class Page:
    url: str  # the path, after redirects
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    size: int = 0  # bytes received for the body

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.url).path

    def forms(self) -> list[Form]:
        found = []
        for opening, inner in FORM.findall(self.body):
            hidden = {}
            for tag in INPUT.findall(inner):
                field_ = attributes(tag)
                if field_.get("type") == "hidden" and "name" in field_:
                    hidden[field_["name"]] = field_.get("value", "")
            found.append(Form(attributes(opening), hidden))
        return found

    def form(self, selector: str | None = None) -> Form:
        forms = [f for f in self.forms() if selector is None or f.matches(selector)]
        if not forms:
            raise WalkError(f"no form {selector or ''} on {self.path}")
        return forms[0]

    def has_errors(self) -> bool:
        return 'class="error-summary"' in self.body

    def assets(self) -> list[str]:
        """The URLs of what a browser loads with the page (stylesheets, scripts, pictures, icons)."""
        urls = []
        for tag in ASSET.findall(self.body):
            found = attributes(tag)
            url = found.get("href") if tag[1:5].lower() == "link" else found.get("src")
            if url and (tag[1:5].lower() != "link" or {"stylesheet", "icon"} & set(found.get("rel", "").split())):
                urls.append(url)
        return urls


class WalkError(Exception):
    """The walk went somewhere a person following the form would not."""


class Enough(WalkError):
    """The browser made the number of requests it was allowed."""


@dataclass
class Timing:
    kind: str  # "form" or "static"
    seconds: float
    status: int


class Browser:
    """One applicant's browser: cookies of its own, redirects followed (each
    one a timed request), forms sent with their hidden fields."""

    def __init__(self, base: str, timings: list[Timing] | None = None, deadline: float | None = None,
                 headers: dict[str, str] | None = None, limit: int | None = None):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.timings = timings if timings is not None else []
        self.deadline = deadline
        self.headers = headers or {}
        self.limit = limit  # stop once ``timings`` (which may be shared) holds this many requests
        self.page: Page | None = None

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None,
                kind: str = "form") -> tuple[int, dict[str, str], bytes]:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise WalkError("out of time")
        if self.limit is not None and len(self.timings) >= self.limit:
            raise Enough()
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent["Content-Length"] = str(len(body))
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        started = time.perf_counter()
        status = 0
        try:
            connection.request(method, path, body=body if method == "POST" else None, headers=sent)
            response = connection.getresponse()
            content = response.read()
            status = response.status
        finally:
            self.timings.append(Timing(kind, time.perf_counter() - started, status))
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self._keep_cookie(header)
        return status, {k.lower(): v for k, v in response.getheaders()}, content

    def _keep_cookie(self, header: str) -> None:
        for name, morsel in SimpleCookie(header).items():
            expired = morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"])
            if expired or morsel.value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def open(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> Page:
        """A request and its redirects (a 302/303 after a POST is followed with a GET)."""
        for _ in range(10):
            status, response_headers, content = self.request(method, path, body, headers)
            if status in (301, 302, 303, 307, 308):
                path = urllib.parse.urljoin(path, response_headers["location"])
                path = urllib.parse.urlsplit(path)._replace(scheme="", netloc="").geturl()
                method, body, headers = "GET", b"", None
                continue
            if status >= 400:
                raise WalkError(f"{method} {path}: {status}")
            self.page = Page(path, status, content.decode("utf-8", "replace"), response_headers, len(content))
            return self.page
        raise WalkError(f"too many redirects from {path}")

    def get(self, path: str) -> Page:
        return self.open("GET", path)

    def submit(self, data: dict, selector: str | None = None) -> Page:
        form = self.page.form(selector)
        fields = {**form.hidden, **data}
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        return self.open("POST", form.attributes.get("action") or self.page.path, body,
                         {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, name: str, content: bytes, kind: str = "medical_report") -> Page:
        """Attach a file through the files page's upload form."""
        self.get("/application/files/")
        form = self.page.form("#upload-form")
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in {**form.hidden, "kind": kind}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n".encode() + content + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.open("POST", form.attributes["action"], body,
                         {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def fetch(self, url: str, headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
        """A file the page loads (not followed, not parsed)."""
        return self.request("GET", url, headers=headers, kind="static")


def start(browser: Browser, language: str) -> Page:
    browser.get(f"/language/{language}?next=/")
    return browser.submit({}, ".start-form")


def walk(browser: Browser, language: str, requests: list[str], steps: list[str], stop_at: str | None = None) -> None:
    """One application from the start page to the confirmation (or to the
    page of step ``stop_at``, not answered), as the test walk does it but
    over HTTP: each step answered, the next one opened by its address when
    the form goes back to the task list, as a person picks the next part."""
    start(browser, language)
    stylesheet = next((url for url in browser.page.assets() if ".css" in url), None)
    pages = itertools.count(1)
    for step in steps:
        if step == "check":
            browser.upload("report.pdf", MINIMAL_PDF)
            if browser.page.has_errors():
                raise WalkError("the upload was refused")
            browser.get("/application/check")
            if stop_at == "check":
                return
            continue
        if browser.page.path != f"/application/{step}":
            browser.get(f"/application/{step}")
        if browser.page.path != f"/application/{step}":
            raise WalkError(f"{step} led to {browser.page.path}")
        if step == stop_at:
            return
        # The Continue button's name and value go along, as a browser sends them.
        browser.submit({**step_input(step, requests), "action": "continue"}, "#step-form")
        if browser.page.has_errors():
            raise WalkError(f"{step}: refused")
        if stylesheet and next(pages) % STATIC_PROBE_EVERY == 0:
            browser.fetch(stylesheet)
    if browser.page.path != "/application/sent":
        raise WalkError(f"ended on {browser.page.path}, not the confirmation")


@dataclass
class Run:
    timings: list[Timing]
    failures: list[str]
    seconds: float


def simulate(base: str, applicants: int, timeout: float, scenarios: list[str] | None = None) -> Run:
    """``applicants`` threads, each walking once, all released at once; the
    run ends when all are done or at ``timeout`` (the rest count as errors)."""
    timings: list[Timing] = []
    failures: list[str] = []
    deadline = time.monotonic() + timeout
    gate = threading.Barrier(applicants + 1)
    walks = [SCENARIOS[name] for name in scenarios or SCENARIOS]

    def applicant(number: int) -> None:
        requests, steps = walks[number % len(walks)]
        own: list[Timing] = []
        browser = Browser(base, own, deadline)
        gate.wait()
        try:
            walk(browser, LANGUAGES[number % len(LANGUAGES)], requests, steps)
        except (WalkError, OSError, http.client.HTTPException) as error:
            failures.append(f"applicant {number}: {error}")
        finally:
            timings.extend(own)

    threads = [threading.Thread(target=applicant, args=(n,), daemon=True) for n in range(applicants)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.monotonic()
    for thread in threads:
        thread.join(max(deadline - time.monotonic(), 0) + 5)
    seconds = time.monotonic() - started
    unfinished = sum(thread.is_alive() for thread in threads)
    failures.extend(["still walking at the deadline"] * unfinished)
    return Run(list(timings), failures, seconds)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (no interpolation: a value that was measured)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


def report(name: str, run: Run) -> None:
    form = [t.seconds for t in run.timings if t.kind == "form"]
    static = [t.seconds for t in run.timings if t.kind == "static"]
    bad = sum(1 for t in run.timings if t.status == 0 or t.status >= 400)
    # A failed walk usually comes from one bad answer: count the walk once.
    errors = max(len(run.failures), bad)
    for failure in sorted(set(run.failures))[:5]:
        note(f"{name}: {failure}")
    form_p95, static_p95 = percentile(form, 0.95), percentile(static, 0.95)
    note(f"{name}: {len(form)} form requests in {run.seconds:.1f} s, p95 {form_p95 * 1000:.0f} ms; "
         f"static file p95 {static_p95 * 1000:.0f} ms ({len(static)} probes)")
    note(f"{name}_rps {len(form) / run.seconds if run.seconds else 0:.1f}")
    figure(f"{name}_errors", errors, 0, digits=0)
    figure(f"{name}_p95_ratio", form_p95 / static_p95 if static_p95 else float("inf"), 20, unit="x", digits=1)


def postgres_url() -> str:
    import os

    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES)


def empty_postgres(url: str) -> None:
    """A run starts from an empty database (its tables made by the migrations)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def database_env(database: str) -> dict[str, str]:
    if database == "sqlite":
        return dict(RATE_LIMITS)
    url = postgres_url()
    empty_postgres(url)
    return {**RATE_LIMITS, "DATABASE_URL": url}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="50 applicants only")
    parser.add_argument("--applicants", type=int, nargs="+")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--scenarios", nargs="+", choices=sorted(SCENARIOS),
                        help=f"the applications walked, in turn (default: all; --quick: {QUICK_SCENARIO})")
    parser.add_argument("--timeout", type=float, help="seconds for each run (default: 60 + 2 per applicant)")
    arguments = parser.parse_args()
    counts = arguments.applicants or ([50] if arguments.quick else [50, 100, 200])
    scenarios = arguments.scenarios or ([QUICK_SCENARIO] if arguments.quick else list(SCENARIOS))
    note(f"each applicant walks one of: {', '.join(scenarios)}")
    note(load_average())
    for count in counts:
        for database in arguments.databases:
            with served(env=database_env(database)) as server:
                run = simulate(server.url, count, arguments.timeout or 60 + 2 * count, scenarios)
            report(f"applicants_{count}_{database}", run)
    note(load_average())


if __name__ == "__main__":
    main()
