"""What the start page, a step page and a full application's check page
weigh, with everything they load, and how their static files are served.

    .venv/bin/python bench/page_weight.py [--quick]

A browser of bench/applicants.py opens the start page (fr), walks a full
application (every request) to the address step, and another to the check
page, a PDF attached. For each page and every file it loads (stylesheets,
scripts, icons, pictures, and the url()s of its stylesheets), each read
twice from gunicorn: without Accept-Encoding (the weight a phone holds)
and with ``Accept-Encoding: br, gzip`` (the weight on the wire, and the
headers the checks read).

Figures (kB = 1,000 bytes, the page and all it loads, as transferred to a
browser that accepts compression, as every browser does):
``page_weight_start_kb``, ``page_weight_step_kb``, ``page_weight_check_kb``
<= 40: a page stays quick to load on a cheap phone and a slow line (GOV.UK's
home page weighs 7-14 times as much); the check page of a full application
is the heaviest page of the form. The uncompressed weight (what the phone
holds and parses) is in the note beside each, by kind of file. Without
compression the full application's check page weighs some 73 kB (47 kB of
HTML): its figure is over until HTML is compressed (issue 13).

Checks (headers only):
- ``static_assets_immutable``: every static file on these pages has a hashed
  name (a hex hash of 8 or more digits in the file name, ``main.3f2a9c1b.css``)
  and ``Cache-Control`` with ``immutable`` and ``max-age`` >= 31536000 (a
  year): a page view then asks for no file it has seen.
- ``static_assets_compressed``: every static text file (CSS, JavaScript,
  SVG) of 1 kB or more comes with ``Content-Encoding`` br or gzip (smaller
  ones fit in one packet either way, and compressors leave them as they are).
- ``html_compressed``: the three pages come with ``Content-Encoding`` br or gzip.
Each prints how many files (or pages) pass out of how many.
"""
from __future__ import annotations

import argparse
import re
import urllib.parse
from dataclasses import dataclass

from applicants import Browser, Page, start, walk
from common import check, figure, load_average, note, served

from tests.scenarios import SCENARIOS  # noqa: E402

FIGURES = ["page_weight_start_kb", "page_weight_step_kb", "page_weight_check_kb",
           "static_assets_immutable", "static_assets_compressed", "html_compressed"]
QUICK_SECONDS = 40
CEILING_KB = 40
YEAR = 31536000
COMPRESSED = {"br", "gzip"}
# As a browser asks within the site: it accepts br and gzip, and says the
# request comes from our own pages (webform/compression.py compresses HTML
# only then, against BREACH).
ACCEPT = {"Accept-Encoding": "br, gzip", "Sec-Fetch-Site": "same-origin"}
TEXT_TYPES = ("text/", "application/javascript", "image/svg+xml", "application/json")
SMALL = 1000  # bytes: text files below this need not be compressed
HASHED = re.compile(r"[.-][0-9a-f]{8,}\.[A-Za-z0-9]+$")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
STEP = "address"


@dataclass
class File:
    url: str
    size: int  # uncompressed
    sent: int  # with Accept-Encoding: br, gzip
    headers: dict[str, str]  # of the compressed read

    @property
    def kind(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    @property
    def encoding(self) -> str:
        return self.headers.get("content-encoding", "").strip().lower()


def is_immutable(file: File) -> bool:
    """A hashed name, and cached for a year without asking again."""
    directives = [d.strip().lower() for d in file.headers.get("cache-control", "").split(",")]
    ages = [int(d.split("=", 1)[1]) for d in directives if d.startswith("max-age=") and d[8:].isdigit()]
    name = urllib.parse.urlsplit(file.url).path.rsplit("/", 1)[-1]
    return bool(HASHED.search(name)) and "immutable" in directives and bool(ages) and max(ages) >= YEAR


def needs_compression(file: File) -> bool:
    return file.kind.startswith(TEXT_TYPES) and file.size >= SMALL


def is_compressed(file: File) -> bool:
    return file.encoding in COMPRESSED


def read(browser: Browser, url: str) -> File:
    status, _, plain = browser.fetch(url)
    status_sent, headers, sent = browser.fetch(url, ACCEPT)
    if status != 200 or status_sent != 200:
        raise RuntimeError(f"{url}: {status}, {status_sent}")
    return File(url, len(plain), len(sent), headers)


def loaded_files(browser: Browser, page: Page) -> list[File]:
    """Every file the page loads, each once, with the url()s of its stylesheets."""
    files: dict[str, File] = {}
    queue = [urllib.parse.urljoin(page.path, url) for url in page.assets()]
    while queue:
        url = queue.pop(0)
        if url in files or url.startswith("data:"):
            continue
        files[url] = read(browser, url)
        if files[url].kind == "text/css":
            _, _, content = browser.fetch(url)
            for found in CSS_URL.findall(content.decode("utf-8", "replace")):
                reference = found[0] or found[1]
                if not reference.startswith(("data:", "#")):
                    queue.append(urllib.parse.urljoin(url, reference))
    return list(files.values())


def weigh(name: str, browser: Browser, results: dict) -> None:
    """Note the page's weight by kind of file; keep its page and files for the checks."""
    page = browser.page
    status, headers, sent = browser.request("GET", page.path, headers=ACCEPT)
    if status != 200:
        raise RuntimeError(f"{page.path} with Accept-Encoding: {status}")
    html = File(page.path, page.size, len(sent), headers)
    files = loaded_files(browser, page)
    everything = [html, *files]
    by_kind: dict[str, int] = {}
    for file in everything:
        kind = file.kind.split("/")[-1].replace("svg+xml", "svg") or "?"
        by_kind[kind] = by_kind.get(kind, 0) + file.size
    total, on_wire = sum(f.size for f in everything), sum(f.sent for f in everything)
    parts = ", ".join(f"{kind} {size / 1000:.1f}" for kind, size in sorted(by_kind.items()))
    note(f"{name} page {page.path}: {total / 1000:.1f} kB uncompressed ({parts}), {on_wire / 1000:.1f} kB "
         f"transferred with Accept-Encoding: br, gzip; {len(files)} files")
    results[name] = (html, files, on_wire)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="the same run (it is quick already)")
    parser.parse_args()
    note(load_average())
    requests, steps = SCENARIOS["all"]
    results: dict[str, tuple[File, list[File], int]] = {}
    with served() as server:
        browser = Browser(server.url)
        browser.get("/language/fr?next=/")
        weigh("start", browser, results)
        start(browser, "fr")  # the start page's form: nothing to weigh after it
        browser = Browser(server.url)
        walk(browser, "fr", requests, steps, stop_at=STEP)
        weigh("step", browser, results)
        browser = Browser(server.url)
        walk(browser, "fr", requests, steps, stop_at="check")
        weigh("check", browser, results)
    for name, (_, _, on_wire) in results.items():
        figure(f"page_weight_{name}_kb", on_wire / 1000, CEILING_KB, digits=1)
    static = {f.url: f for _, files, _ in results.values() for f in files}.values()
    immutable = [f for f in static if is_immutable(f)]
    text = [f for f in static if needs_compression(f)]
    compressed = [f for f in text if is_compressed(f)]
    pages = [html for html, _, _ in results.values()]
    for file in static:
        note(f"{file.url}: Cache-Control {file.headers.get('cache-control', '-')!r}, "
             f"Content-Encoding {file.encoding or '-'}, {file.size} bytes, {file.sent} sent")
    check("static_assets_immutable", len(immutable) == len(static) > 0, f"{len(immutable)}/{len(static)}")
    check("static_assets_compressed", len(compressed) == len(text) > 0, f"{len(compressed)}/{len(text)}")
    html_ok = [p for p in pages if is_compressed(p)]
    check("html_compressed", len(html_ok) == len(pages), f"{len(html_ok)}/{len(pages)}")
    note(load_average())


if __name__ == "__main__":
    main()
