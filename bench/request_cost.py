"""What a step of the form costs the server, next to a static file from the
same server, and PostgreSQL next to SQLite, measured side by side.

    .venv/bin/python bench/request_cost.py [--quick]

One gunicorn (2 sync workers, production keys, SQLite) serves a step page
(``/application/address`` of a draft with a few answers), its save (valid
input, answered by a redirect) and the style sheet (by WhiteNoise); a
second, the same but for ``STATIC_WHITENOISE=0``, serves the style sheet
through Flask's own static view: the baseline of the issue's table (a
request through the whole Flask stack that does no work of its own). For
each, a fixed number
of requests from a few client threads (one connection per request: sync
workers close it after each answer), and:

- the server's CPU per request (the workers' CPU seconds from /proc, before
  and after, divided by the number of requests): the stable figure;
- the throughput (requests per second), as a ratio to the static file's
  measured in the same round.

Then the same server settings on PostgreSQL (database
``webform_bench_perf``, emptied first; ``BENCH_DATABASE_URL`` to use
another) and on SQLite, each walked by 100 simulated applicants (start,
a few steps saved and shown): the ratio of their throughputs.

The client behaves like a browser: it keeps the cookie, reads each form's
CSRF token and hidden fields from the page, and follows nothing it was not
sent to. Rounds are interleaved (a, b, c, a, b, c, ...): a change in the
machine's load falls on every measure alike; the figure is the median of
three rounds (the minimum for CPU times).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import html
import http.client
import os
import re
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import figure, load_average, note, process_cpu, served  # noqa: E402

# What the runner (bench/runner.py) expects this script to print, and its time budgets.
FIGURES = ["step_get_cpu_ms", "step_post_cpu_ms", "step_get_vs_static", "step_post_vs_static", "postgres_vs_sqlite"]
QUICK_SECONDS = 75
FULL_SECONDS = 900

PG_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://webform:webform@127.0.0.1:5432/webform_bench_perf"
)
THREADS = 4
# Every simulated applicant comes from 127.0.0.1: the limit of starts per
# address and hour (300) would stop the walks, not any cost.
LIMITS = {"RATE_LIMIT_START": "0,100000"}
STATIC = "/static/css/main.css"
STEP = "/application/address"
ADDRESS = {"street": "Rue de la Loi", "house_number": "16", "box": "", "postcode": "1000", "municipality": "Bruxelles"}
CONTACT = {"phone": "0470 12 34 56", "email": "marie.dupont@example.be", "letter_language": "fr"}

_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
_INPUT = re.compile(r"<input\b[^>]*>")
_ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')


class Browser:
    """One applicant's browser: a cookie jar, the last page, forms posted
    with their hidden fields (the CSRF token among them)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.page = ""
        self.errors = 0

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, str]:
        """One request on a new connection; returns (status, Location or body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Accept-Language": "nl", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
        finally:
            connection.close()
        if response.status >= 400:
            self.errors += 1
        if response.status in (301, 302, 303):
            return response.status, urllib.parse.urlsplit(response.getheader("Location", "")).path
        return response.status, data.decode("utf-8", "replace")

    def get(self, path: str, follow: int = 5) -> str:
        status, result = self.request("GET", path)
        while status in (301, 302, 303) and follow:
            follow -= 1
            status, result = self.request("GET", result)
        self.page = result if status == 200 else ""
        return self.page

    def hidden_fields(self, form_marker: str) -> tuple[str, dict[str, str]]:
        """The action and hidden fields of the page's form whose opening tag holds ``form_marker``."""
        for attributes, content in _FORM.findall(self.page):
            if form_marker in attributes:
                action = html.unescape(dict(_ATTRIBUTE.findall(attributes)).get("action", ""))
                hidden = {}
                for tag in _INPUT.findall(content):
                    found = dict(_ATTRIBUTE.findall(tag))
                    if found.get("type") == "hidden" and "name" in found:
                        hidden[found["name"]] = html.unescape(found.get("value", ""))
                return action, hidden
        raise RuntimeError(f"no form {form_marker!r} on the page")

    def submit(self, form_marker: str, fields: dict, follow: bool = True) -> str:
        action, hidden = self.hidden_fields(form_marker)
        status, result = self.request("POST", action, {**hidden, **fields})
        if status in (301, 302, 303) and follow:
            return self.get(result)
        if status != 302:
            self.errors += 1
        return result

    def start(self) -> None:
        """As a person does: the start page, then "Start"."""
        self.get("/language/nl?next=/")
        self.submit('class="start-form"', {})
        self.get("/application/requests")
        self.submit('id="step-form"', {"requests": "recognition"})
        if "request_kind" in self.page:
            self.submit('id="step-form"', {"request_kind": "new"})


def ready_browser(port: int) -> Browser:
    """An applicant with a draft whose address page is open, answered once."""
    browser = Browser(port)
    browser.start()
    browser.get(STEP)
    browser.submit('id="step-form"', ADDRESS, follow=False)
    browser.get(STEP)
    return browser


def measure(server, browsers: list[Browser], count: int, one_request) -> tuple[float, float]:
    """(requests per second, server CPU ms per request) of ``count`` requests
    spread over the browsers, one thread each."""
    per_thread = count // len(browsers)
    cpu_before, wall_before = server.cpu(), time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(len(browsers)) as pool:
        list(pool.map(lambda browser: [one_request(browser) for _ in range(per_thread)], browsers))
    wall, cpu = time.perf_counter() - wall_before, server.cpu() - cpu_before
    done = per_thread * len(browsers)
    return done / wall, cpu / done * 1000


def step_costs(count: int, rounds: int) -> None:
    """The step's CPU and throughput, next to the style sheet served by
    Flask's own static view (the issue's baseline: a request through the
    whole Flask stack that does no work of its own) on a second server
    started with STATIC_WHITENOISE=0, and next to the same file served by
    WhiteNoise (a note: WhiteNoise answers before Flask, in 0.2 ms)."""
    with served(env=LIMITS) as server, served(env={**LIMITS, "STATIC_WHITENOISE": "0"}) as plain_flask:
        browsers = [ready_browser(server.port) for _ in range(THREADS)]
        flask_browsers = [Browser(plain_flask.port) for _ in range(THREADS)]
        posts = {}
        for browser in browsers:
            posts[id(browser)] = browser.hidden_fields('id="step-form"')

        def static(browser: Browser) -> None:
            browser.request("GET", STATIC)

        def step_get(browser: Browser) -> None:
            browser.request("GET", STEP)

        def step_post(browser: Browser) -> None:
            action, hidden = posts[id(browser)]
            status, _ = browser.request("POST", action, {**hidden, **ADDRESS})
            if status != 302:
                browser.errors += 1

        measures = (
            ("flask_static", plain_flask, flask_browsers, static),
            ("static", server, browsers, static),
            ("get", server, browsers, step_get),
            ("post", server, browsers, step_post),
        )
        # Warm up: templates compiled, connections opened, caches filled.
        for _name, on, clients, request in measures:
            measure(on, clients, THREADS * 5, request)
        results: dict[str, list[tuple[float, float]]] = {name: [] for name, *_ in measures}
        for _ in range(rounds):
            for name, on, clients, request in measures:
                results[name].append(measure(on, clients, count, request))
        errors = sum(browser.errors for browser in browsers + flask_browsers)

    def cpu(name: str) -> float:
        return min(ms for _rate, ms in results[name])

    def versus(name: str, base: str) -> float:
        return statistics.median(rate / base_rate for (rate, _), (base_rate, _) in zip(results[name], results[base]))

    def rate(name: str) -> float:
        return statistics.median(r for r, _ in results[name])

    note(f"{count} requests x {rounds} rounds, {THREADS} client threads; req/s static via Flask "
         f"{rate('flask_static'):.0f}, via WhiteNoise {rate('static'):.0f}, step GET {rate('get'):.0f}, "
         f"step POST {rate('post'):.0f}; errors {errors}")
    figure("step_get_cpu_ms", cpu("get"), 6, unit="ms")
    figure("step_post_cpu_ms", cpu("post"), 8, unit="ms")
    note(f"static CPU per request: via Flask {cpu('flask_static'):.2f} ms, via WhiteNoise {cpu('static'):.2f} ms "
         "(the baselines, no target)")
    figure("step_get_vs_static", versus("get", "flask_static"), 0.45, higher_is_better=True)
    figure("step_post_vs_static", versus("post", "flask_static"), 0.35, higher_is_better=True)
    note(f"step_get_vs_whitenoise {versus('get', 'static'):.2f}, step_post_vs_whitenoise "
         f"{versus('post', 'static'):.2f} (no target: a file WhiteNoise answers costs a fifteenth of a step)")


def applicant(port: int) -> int:
    """One applicant's walk: start, a few steps shown and saved. Returns
    the number of requests made (errors counted on the browser)."""
    browser = Browser(port)
    requests = 0
    original = browser.request

    def counted(*args, **kwargs):
        nonlocal requests
        requests += 1
        return original(*args, **kwargs)

    browser.request = counted
    browser.start()
    browser.get(STEP)
    browser.submit('id="step-form"', ADDRESS)  # then the contact page
    browser.submit('id="step-form"', CONTACT)
    browser.get(STEP)
    browser.get("/application/")
    if browser.errors:
        raise RuntimeError(f"an applicant got {browser.errors} errors")
    return requests


def walk(server, applicants: int) -> float:
    """Requests per second of ``applicants`` walking the form, THREADS at a time."""
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        requests = sum(pool.map(lambda _n: applicant(server.port), range(applicants)))
    return requests / (time.perf_counter() - started)


def empty_postgres() -> None:
    """The bench database starts empty (the migrations make it again)."""
    import psycopg

    dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, connect_timeout=5, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")


def postgres_cpu() -> float:
    """CPU seconds so far of the PostgreSQL server's processes on this
    machine (its backends included), 0 where they cannot be read."""
    total = 0.0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if "\nUid:" in (text := status.read_text()) and _is_postgres(text):
                total += process_cpu(int(status.parent.name))
        except (OSError, ValueError):
            continue  # gone meanwhile
    return total


def _is_postgres(status: str) -> bool:
    name = status.split("\n", 1)[0].partition(":")[2].strip()
    return name.startswith("postgres")


def postgres_vs_sqlite(applicants: int, rounds: int) -> None:
    """The same walks on each database, interleaved; the note says where
    PostgreSQL's difference goes: the workers' CPU per request (psycopg and
    a round trip per statement) and the server's own, on the same cores."""
    empty_postgres()
    with served(env=LIMITS) as sqlite, served(env={**LIMITS, "DATABASE_URL": PG_URL}) as postgres:
        walk(sqlite, 4), walk(postgres, 4)  # warm up
        rates: dict[str, list[float]] = {"sqlite": [], "postgres": []}
        cpu: dict[str, list[tuple[float, float]]] = {"sqlite": [], "postgres": []}
        for _ in range(rounds):
            for name, server in (("sqlite", sqlite), ("postgres", postgres)):
                workers, database, started = server.cpu(), postgres_cpu(), time.perf_counter()
                rate = walk(server, applicants)
                requests = rate * (time.perf_counter() - started)
                rates[name].append(rate)
                cpu[name].append(((server.cpu() - workers) / requests * 1000,
                                  (postgres_cpu() - database) / requests * 1000))
    def ms(name: str, which: int) -> float:
        return statistics.median(c[which] for c in cpu[name])

    note(f"{applicants} applicants x {rounds} rounds, {THREADS} at a time: req/s SQLite "
         f"{statistics.median(rates['sqlite']):.0f}, PostgreSQL {statistics.median(rates['postgres']):.0f}; "
         f"CPU per request: workers {ms('sqlite', 0):.2f} ms on SQLite, {ms('postgres', 0):.2f} ms on PostgreSQL "
         f"+ the PostgreSQL server's {ms('postgres', 1):.2f} ms")
    figure("postgres_vs_sqlite", statistics.median(p / s for p, s in zip(rates["postgres"], rates["sqlite"])),
           0.95, higher_is_better=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests (about 60 s)")
    arguments = parser.parse_args()
    note(load_average())
    step_costs(count=120 if arguments.quick else 400, rounds=3)
    # 100 applicants in both runs (the figure); fewer were too noisy to compare two databases.
    postgres_vs_sqlite(applicants=100, rounds=3)
    note(load_average())


if __name__ == "__main__":
    main()
