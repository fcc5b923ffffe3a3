"""Test helpers: a client that submits forms the way a browser does (CSRF token
read from the page) and checks every page it receives, and Belgian test data.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from stdnum.be import nn

from webform import ROOT
from webform.hyphenation import strip_soft_hyphens


def make_national_number(born: date, serial: int = 33, bis_offset: int = 0) -> str:
    """A valid NISS (or BIS, with 20/40 added to the month) for a birth date."""
    body = f"{born:%y}{born.month + bis_offset:02d}{born:%d}{serial:03d}"
    prefix = "2" if born.year >= 2000 else ""
    check = 97 - int(prefix + body) % 97
    number = f"{body}{check:02d}"
    assert bis_offset or nn.is_valid(number)
    return number


def years_ago(years: int, today: date | None = None) -> date:
    today = today or date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28))


# The smallest PDF that attachments accept (pypdf reads its one blank page;
# it rebuilds the cross-reference table). A file that merely starts with
# "%PDF-" is refused.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
)

_catalogues: dict[str, dict] = {}


def translate(message: str, language: str, **variables) -> str:
    """The catalogue's translation of a message, for assertions in any language."""
    if language not in _catalogues:
        with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
            _catalogues[language] = {m.id: m.string for m in read_po(handle) if m.id}
    text = _catalogues[language].get(message) or message
    return text % variables if variables else text


_easy_catalogues: dict[str, dict] = {}


def translate_easy(message: str, language: str, **variables) -> str:
    """The easy-read text of a message (easy.po), for assertions."""
    if language not in _easy_catalogues:
        with open(ROOT / "translations" / language / "LC_MESSAGES" / "easy.po", "rb") as handle:
            _easy_catalogues[language] = {m.id: m.string for m in read_po(handle) if m.id}
    text = _easy_catalogues[language][message]
    return text % variables if variables else text


class Page:
    """A fetched page, parsed, with the checks every page must pass."""

    def __init__(self, response):
        self.response = response
        self.status = response.status_code
        # The text as a screen reader reads it and a person copies it: without
        # the soft hyphens put into long words (webform.hyphenation), which the
        # tests' translated strings do not have. ``served`` keeps them.
        self.served = response.get_data(as_text=True)
        self.html = strip_soft_hyphens(self.served)
        self.soup = BeautifulSoup(self.html, "html5lib")
        self.check()

    def check(self) -> None:
        soup = self.soup
        html = soup.find("html")
        assert html.get("lang") in {"fr-BE", "nl-BE", "de-BE"}, "page language"
        assert len(soup.find_all("h1")) == 1, "exactly one h1"
        assert soup.title and soup.title.string.strip(), "a title"
        ids = Counter(tag["id"] for tag in soup.find_all(attrs={"id": True}))
        assert not [i for i, n in ids.items() if n > 1], f"duplicate ids: {ids}"
        for form in soup.find_all("form"):
            assert form.get("action"), "every form has an action"
            assert form.get("method") == "post"
        for field in soup.select("input:not([type=hidden]):not([type=submit]), textarea, select"):
            labels = soup.find_all("label", attrs={"for": field.get("id")})
            assert len(labels) == 1, f"one label for {field.get('name')}"
        for described in soup.find_all(attrs={"aria-describedby": True}):
            for ref in described["aria-describedby"].split():
                assert soup.find(id=ref), f"aria-describedby points to missing #{ref}"
        for link in soup.select(".error-summary a[href^='#']"):
            assert soup.find(id=link["href"][1:]), f"error link to missing {link['href']}"
        assert soup.select_one('footer a[href="/accessibility"]'), "the statement is linked from every page"
        assert soup.select_one('footer a[href="/privacy"]'), "the data-protection notice is linked from every page"
        for img in soup.find_all("img"):
            assert img.has_attr("alt"), "every image has a text alternative (empty if decorative)"
        if not self.response.request.path.startswith("/staff"):
            # Every applicant's page offers easy-read beside the languages, its
            # current choice marked (the staff's own pages have no easy-read text).
            assert len(soup.select(".easy-read-nav [aria-current=true]")) == 1, "the easy-read switch"

    @property
    def language(self) -> str:
        return self.soup.find("html")["lang"][:2]

    @property
    def title(self) -> str:
        return self.soup.title.string.strip()

    @property
    def h1(self) -> str:
        """The heading's text, without a step's caption ("Part 2 of 7 …") in it."""
        h1 = self.soup.find("h1")
        caption = h1.select_one(".caption")
        text = h1.get_text()
        return " ".join(text.replace(caption.get_text(), "", 1).split() if caption else text.split())

    def errors(self) -> dict[str, str]:
        """Messages shown beside fields, by question key (hidden prefix removed)."""
        result = {}
        for tag in self.soup.select(".error-message"):
            text = tag.get_text(" ", strip=True)
            hidden = tag.select_one(".visually-hidden")
            if hidden:
                text = text.removeprefix(hidden.get_text(" ", strip=True)).strip()
            result[tag["id"].removesuffix("-error")] = text
        return result

    def summary(self) -> list[tuple[str, str]]:
        return [(a["href"], a.get_text(strip=True)) for a in self.soup.select(".error-summary a")]

    def value(self, name: str) -> str | list[str]:
        fields = self.soup.find_all(attrs={"name": name})
        assert fields, f"no field {name}"
        if fields[0].name == "textarea":
            return fields[0].get_text()
        if fields[0].get("type") in {"radio", "checkbox"}:
            return [f["value"] for f in fields if f.has_attr("checked")]
        return fields[0].get("value", "")

    def csrf_token(self) -> str:
        token = self.soup.find("input", attrs={"name": "csrf_token"})
        return token["value"] if token else ""


class WorkerClient(FlaskClient):
    """A test client after each of whose requests the PDF worker runs, in the
    test's process (pdf_jobs.drain), as a worker on the server would a moment
    later: a sending's confirmation (followed redirect) and every later
    download find the sent PDF made, and no request ever lays one out.
    ``client.worker = False`` leaves the jobs waiting (the "being prepared"
    pages)."""

    worker = True

    def run_wsgi_app(self, environ, buffered=False):
        answer = super().run_wsgi_app(environ, buffered=buffered)
        if self.worker:
            from webform import pdf_jobs

            with self.application.app_context():
                pdf_jobs.drain()
        return answer


class FormClient:
    """Fetches pages and posts forms with their CSRF token, like a browser."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.page: Page | None = None
        self.visited: list[str] = []

    def get(self, url: str, **kwargs) -> Page:
        response = self.client.get(url, follow_redirects=True, **kwargs)
        self.page = Page(response)
        self.url = response.request.path
        self.full_url = response.request.full_path.rstrip("?")
        return self.page

    def submit(self, data: dict, form: str = "main form", **kwargs) -> Page:
        """Submit a form of the current page, with its CSRF token, to its action."""
        element = self.page.soup.select_one(form)
        assert element is not None, f"no {form} on {self.url}"
        # Like a browser: the form's hidden fields (CSRF token, fingerprints) go along.
        hidden = {tag["name"]: tag.get("value", "") for tag in element.select("input[type=hidden][name]")}
        data = {**hidden, **data}
        response = self.client.post(element["action"], data=data, follow_redirects=True, **kwargs)
        self.page = Page(response)
        self.url = response.request.path
        self.full_url = response.request.full_path.rstrip("?")
        return self.page

    def post(self, url: str, data: dict, **kwargs) -> Page:
        """Open the page at ``url`` (unless it is open) and submit its form."""
        if self.page is None or self.full_url != url:
            self.get(url)
            assert self.full_url == url, f"{url} redirected to {self.full_url}"
        return self.submit(data, **kwargs)

    def start(self, language: str) -> Page:
        self.get(f"/language/{language}?next=/")
        return self.submit({}, form="form.start-form")
