"""Browser fixtures: the app served on 127.0.0.1 in a thread, and Debian's
chromium driven headless through chromedriver (never a downloaded browser)."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from flask import abort
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from tests.conftest import app, client, database, file_store, form_client, static_build  # noqa: F401  (shared fixtures)
from webform import ROOT, create_app
from webform.models import db

OUTPUT = ROOT / "test-output"


def error_page(code: int):
    """Test-only route: the pages a browser sees for 400, 404, 413 and 500."""
    if code == 500:
        raise RuntimeError("test-only failure")
    abort(code)


class LiveServer:
    """The app served on 127.0.0.1 in a thread; ``app`` gives the test its database."""

    def __init__(self, folder: Path):
        self.app = create_app(
            {"SECRET_KEY": "browser-test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'browser.sqlite'}"}
        )
        with self.app.app_context():
            db.create_all()
        self.app.add_url_rule("/__error/<int:code>", "test_error_page", error_page)
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live(tmp_path, monkeypatch):
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "instance"))
    server = LiveServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def live_server(live):
    return live.url


def start_browser() -> webdriver.Chrome:
    """Debian's chromium, headless, through Debian's chromedriver."""
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        raise RuntimeError("Debian's chromium and chromium-driver are required: scripts/test installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--no-first-run", "--window-size=1280,1024", "--lang=fr-BE",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(0)
    # The page keeps behaving as focused when Tab walks past its last element
    # into the browser's own controls: :focus styles stay measurable.
    driver.execute_cdp_cmd("Emulation.setFocusEmulationEnabled", {"enabled": True})
    return driver


@pytest.fixture(scope="session")
def browser():
    try:
        driver = start_browser()
    except RuntimeError as error:
        pytest.fail(str(error))
    yield driver
    driver.quit()


@pytest.fixture(autouse=True)
def new_visitor_after_each_test(request):
    """The browser is shared by a worker's tests: after each one, its cookies
    (a language, easy-read on, an open draft) are deleted, so that the next
    test starts as a new visitor whatever ran before it. Cookies do not
    depend on the port: every live server of the run is 127.0.0.1."""
    yield
    if "browser" not in request.fixturenames:
        return
    driver = request.getfixturevalue("browser")
    try:
        if driver.current_url.startswith("http://127.0.0.1"):
            driver.delete_all_cookies()
    except Exception:  # a browser that failed: the test already says so
        pass


@pytest.fixture
def output_dir(request) -> Path:
    """Screenshots and other artefacts of one test, kept after the run."""
    folder = OUTPUT / request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# Figures the accessibility tests report (pages checked, violations found),
# printed at the end of every run, CI included. Tests append to FIGURES in
# the process that runs them (a pytest-xdist worker); each test's new lines
# travel with its report to the process that prints the summary.
FIGURES: list[str] = []
REPORTED: list[str] = []
_sent = 0
FIGURE = "a11y-figure"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    global _sent
    outcome = yield
    report = outcome.get_result()
    if report.when == "teardown" and len(FIGURES) > _sent:
        report.user_properties.extend((FIGURE, line) for line in FIGURES[_sent:])
        _sent = len(FIGURES)


def pytest_runtest_logreport(report):
    REPORTED.extend(value for name, value in report.user_properties if name == FIGURE)


def pytest_terminal_summary(terminalreporter):
    if REPORTED:
        terminalreporter.section("accessibility figures")
        for line in REPORTED:
            terminalreporter.write_line(line)
