"""Static files: hashed names in the pages, a year's immutable cache,
Brotli and gzip when accepted, un-hashed URLs still served (assets.py)."""
from __future__ import annotations

import gzip
import re
import shutil

import brotli
import pytest

from webform import ROOT, assets, create_app

from .helpers import FormClient
from .scenarios import apply_for

STATIC = ROOT / "static"
HASHED = re.compile(r"^/static/(?P<folder>(?:[\w-]+/)*)(?P<stem>[\w-]+)\.[0-9a-f]{12}\.(?P<extension>\w+)$")


def static_urls(page) -> set[str]:
    return {
        element.get(attribute)
        for element in page.soup.find_all(["link", "script", "img"])
        for attribute in ("href", "src")
        if (element.get(attribute) or "").startswith("/static/")
    }


def source_of(url: str) -> bytes:
    """The file of static/ a hashed URL was made from."""
    match = HASHED.match(url)
    return (STATIC / f"{match['folder']}{match['stem']}.{match['extension']}").read_bytes()


@pytest.fixture
def pages(app) -> list:
    """A start page, the task list and a step: the CSS, the script, the
    favicon, the logo and the parts' pictograms."""
    client = FormClient(app)
    start = client.start("fr")
    apply_for(client, ["recognition"])
    return client, [start, client.get("/application/"), client.get("/application/check")]


def test_every_static_url_of_the_pages_is_hashed_and_immutable(pages):
    client, seen = pages
    urls = set().union(*(static_urls(page) for page in seen))
    assert {"css", "js", "svg"} <= {url.rsplit(".", 1)[1] for url in urls}
    assert len(urls) >= 6, urls
    for url in urls:
        assert HASHED.match(url), f"not hashed: {url}"
        response = client.client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "Content-Encoding" not in response.headers  # nothing accepted: as it is
        assert response.data == source_of(url)


def test_static_files_carry_the_pages_security_headers(client):
    response = client.get("/static/pictograms/logo.svg")
    assert response.headers["Content-Type"] == "image/svg+xml"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_static_files_over_https_say_so(tmp_path, monkeypatch, database):
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "instance"))
    secure = create_app({"TESTING": True, "SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": database,
                         "SESSION_COOKIE_SECURE": True})
    assert "max-age=" in secure.test_client().get("/static/css/main.css").headers["Strict-Transport-Security"]


def test_an_unhashed_url_still_works_with_a_short_cache(app, client):
    response = client.get("/static/css/main.css")
    assert response.status_code == 200
    assert response.data == (STATIC / "css" / "main.css").read_bytes()
    assert response.headers["Cache-Control"] == f"max-age={app.config['STATIC_MAX_AGE']}, public"
    assert "immutable" not in response.headers["Cache-Control"]


def test_unknown_static_files_and_the_manifest_are_not_found(client):
    assert client.get("/static/css/nowhere.css").status_code == 404
    assert client.get(f"/static/{assets.MANIFEST}").status_code == 404


@pytest.mark.parametrize(("encoding", "decompress"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
@pytest.mark.parametrize("name", ["css/main.css", "js/enhance.js", "pictograms/logo.svg"])
def test_static_files_are_compressed_when_accepted(app, client, encoding, decompress, name):
    with app.test_request_context():
        from flask import url_for

        url = url_for("static", filename=name)
    assert HASHED.match(url)
    response = client.get(url, headers={"Accept-Encoding": f"{encoding}, identity"})
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert len(response.data) < (STATIC / name).stat().st_size
    assert decompress(response.data) == (STATIC / name).read_bytes()


def test_the_hash_changes_with_the_file_and_only_its_own(tmp_path):
    source = tmp_path / "static"
    shutil.copytree(STATIC, source)
    before = assets.build(source, tmp_path / "build")
    css = source / "css" / "main.css"
    css.write_bytes(css.read_bytes() + b"\n.new { color: black; }\n")
    after = assets.build(source, tmp_path / "build")
    assert after.folder != before.folder
    assert after.manifest["css/main.css"] != before.manifest["css/main.css"]
    changed = {name for name in before.manifest if before.manifest[name] != after.manifest[name]}
    assert changed == {"css/main.css"}
    assert (after.folder / after.manifest["css/main.css"]).read_bytes() == css.read_bytes()
    assert not before.folder.exists(), "the older build is removed"
    assert assets.build(source, tmp_path / "build") == after, "an up-to-date build is reused"


def test_a_build_left_half_made_is_made_again(tmp_path):
    target = tmp_path / "build"
    (target / assets.tree_hash(STATIC) / "css").mkdir(parents=True)
    built = assets.build(STATIC, target)
    assert (built.folder / built.manifest["css/main.css"]).is_file()


def test_no_template_writes_a_static_path_itself():
    for template in (ROOT / "templates").rglob("*.html"):
        assert not re.search(r"""["']/static/""", template.read_text()), template


def test_flask_assets_build(app):
    result = app.test_cli_runner().invoke(args=["assets", "build"])
    assert result.exit_code == 0, result.output
    assert f"{len(list(p for p in STATIC.rglob('*') if p.is_file()))} files in" in result.output


def test_debug_mode_serves_static_as_it_is_on_disk(tmp_path, monkeypatch, database):
    """An edited stylesheet shows on the next reload: no hashed copy."""
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "instance"))
    debug = create_app({"DEBUG": True, "TESTING": True, "SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": database})
    with debug.test_request_context():
        from flask import url_for

        assert url_for("static", filename="css/main.css") == "/static/css/main.css"
    assert debug.test_client().get("/static/css/main.css").data == (STATIC / "css" / "main.css").read_bytes()


def test_without_whitenoise_flask_serves_static_as_it_is_on_disk(tmp_path, monkeypatch, database):
    """STATIC_WHITENOISE=0 (bench/request_cost.py's baseline): Flask's own view, unhashed."""
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("STATIC_WHITENOISE", "0")
    plain = create_app({"TESTING": True, "SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": database})
    assert "assets" not in plain.extensions
    response = plain.test_client().get("/static/css/main.css")
    assert response.data == (STATIC / "css" / "main.css").read_bytes()
    assert "immutable" not in response.headers.get("Cache-Control", "")
