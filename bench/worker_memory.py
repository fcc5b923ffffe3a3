"""A gunicorn worker's memory after 2,000 requests of applicants walking the
form, next to the same worker after 20, in the same run.

    .venv/bin/python bench/worker_memory.py [--quick] [--requests 2000]

One sync worker (so that the 20 first requests are all its own), fed by two
browsers at a time (bench/applicants.py's ``Browser``) walking applications
of every kind, in every language, in turn: step pages read and answered, a
PDF attached, the check page, sent. Its resident memory (VmRSS, from /proc)
is read after the 20 first requests and after the last.

Figure: ``worker_rss_growth_ratio`` <= 1.5, the memory after the last
request over the memory after the 20th. A worker holds some 100 MB after
its first pages; what the next requests add once (templates of other pages,
other languages' catalogues, WeasyPrint's fonts for the first PDF sent) is
bounded, while a leak grows with the requests: keeping a 20 kB page per
request would add 40 MB over 2,000, past 1.5 times. The growth in MB is
printed beside it, and the growth over the second half of the requests
(once every kind of application has been sent in every language, a leak
shows there and nothing else should). --quick: 1,000 requests.

While the sent PDF is made inside the web request, the first one sent
loads WeasyPrint, Pango and the fonts into the worker (+55 MB here, 110 to
165 MB, flat after that): the figure is over until the PDF is made by a
process of its own (issue 13, "PDF off the request").
"""
from __future__ import annotations

import argparse
import itertools
import threading

from applicants import LANGUAGES, RATE_LIMITS, Browser, Enough, Timing, WalkError, walk
from common import figure, load_average, note, rss_kb, served

from tests.scenarios import SCENARIOS  # noqa: E402

FIGURES = ["worker_rss_growth_ratio"]
QUICK_SECONDS = 60
FULL_SECONDS = 300
CEILING = 1.5
FIRST = 20
BROWSERS = 2


def feed(url: str, timings: list[Timing], limit: int, errors: list[str], counter) -> None:
    """Walk applications, one after the other, until ``timings`` holds ``limit`` requests."""
    scenarios = list(SCENARIOS.values())
    while len(timings) < limit:
        number = next(counter)
        requests, steps = scenarios[number % len(scenarios)]
        try:
            walk(Browser(url, timings, limit=limit), LANGUAGES[number % len(LANGUAGES)], requests, steps)
        except Enough:
            return
        except (WalkError, OSError) as error:
            errors.append(str(error))


def requests_until(url: str, timings: list[Timing], limit: int, errors: list[str], counter) -> None:
    threads = [threading.Thread(target=feed, args=(url, timings, limit, errors, counter)) for _ in range(BROWSERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1,000 requests")
    parser.add_argument("--requests", type=int)
    arguments = parser.parse_args()
    total = arguments.requests or (1000 if arguments.quick else 2000)
    note(load_average())
    timings: list[Timing] = []
    errors: list[str] = []
    counter = itertools.count()
    with served(env=RATE_LIMITS, workers=1) as server:
        (worker,) = server.worker_pids()
        requests_until(server.url, timings, FIRST, errors, counter)
        first = rss_kb(worker)
        requests_until(server.url, timings, total // 2, errors, counter)
        half = rss_kb(worker)
        requests_until(server.url, timings, total, errors, counter)
        last = rss_kb(worker)
        served_by = server.worker_pids()
    if served_by != [worker]:
        errors.append("the worker was replaced during the run")
    note(f"worker memory after {FIRST} requests: {first / 1024:.1f} MB; after {len(timings)}: {last / 1024:.1f} MB "
         f"(+{(last - first) / 1024:.1f} MB, of which {(last - half) / 1024:+.1f} MB over the second half); "
         f"{len(errors)} walks failed")
    for error in sorted(set(errors))[:5]:
        note(f"failed: {error}")
    figure("worker_rss_growth_ratio", last / first if first and not errors else float("inf"), CEILING)
    note(load_average())


if __name__ == "__main__":
    main()
