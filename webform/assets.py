"""Static files (CSS, script, pictograms) with hashed names, cached for a
year and served compressed.

Before, Flask served ``static/`` with ``no-cache``: every page view asked
again for the CSS, the script and each pictogram (4 to 10 requests, each
through Flask). Now each file gets a copy whose name carries a hash of its
content (``css/main.3f9a1c2b12de.css``); a page always links to the copy of
the files it was made with, so the copy can be cached for a year as
``immutable`` and a changed file is a new URL. Un-hashed URLs keep working
with a short cache, for anything outside the pages that links to them.

The copies, with ``.br`` and ``.gz`` versions of each file that compresses,
are built at start-up when missing or out of date (``build``), into a
folder named after the hash of all the files: ``bash scripts/serve`` and
the tests need no extra command, two gunicorn workers starting together
build the same folder (the last rename wins, same content), and a
deployment whose instance folder is read-only builds it beforehand with
``flask assets build``. WhiteNoise serves the folder in front of Flask
(``app.wsgi_app``): the right encoding for ``Accept-Encoding`` with
``Vary: Accept-Encoding``, ETag and Last-Modified, without a Python view.
It answers before Flask, so the security headers that Flask adds to every
page are added here too (CSP matters for an SVG opened on its own).

In debug mode (``flask --debug run``) Flask serves ``static/`` as before,
so that an edited stylesheet shows on the next reload.

The PDF does not go through any of this: WeasyPrint reads ``static/``
from the disk (pdf.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

MANIFEST = "manifest.json"
# A year: the longest max-age that HTTP caches are asked to honour (RFC 9111 §5.2.2.1 advice).
IMMUTABLE = "public, max-age=31536000, immutable"
# 12 hexadecimal digits (48 bits) of SHA-256: enough to never collide among a few dozen files.
HASH_LENGTH = 12


@dataclass(frozen=True)
class Build:
    """A built folder and its manifest: source name -> hashed name."""

    folder: Path
    manifest: dict[str, str]

    @property
    def hashed_urls(self) -> frozenset[str]:
        return frozenset(self.manifest.values())


def _sources(source: Path) -> list[Path]:
    """The files to serve, in a stable order (hidden files left out)."""
    return sorted(
        path for path in source.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(source).parts)
    )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def hashed_name(relative: str, data: bytes) -> str:
    """``css/main.css`` -> ``css/main.<hash>.css`` (the extension stays last,
    so that the MIME type is still read from it)."""
    folder, _, name = relative.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    hashed = f"{stem}.{_digest(data)}.{extension}" if dot else f"{name}.{_digest(data)}"
    return f"{folder}/{hashed}" if folder else hashed


def tree_hash(source: Path) -> str:
    """One hash of every file's name and content: the build folder's name."""
    digest = hashlib.sha256()
    for path in _sources(source):
        digest.update(path.relative_to(source).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:HASH_LENGTH]


def build(source: Path, target: Path) -> Build:
    """The build of ``source`` under ``target``, made when missing.

    Each file is copied under its own name and its hashed name, each
    compressed with Brotli and gzip (kept when it saves at least 5 %). The
    folder is made aside and renamed into place, so a reader never sees
    half a build; builds of older versions are removed.
    """
    folder = target / tree_hash(source)
    manifest_path = folder / MANIFEST
    if manifest_path.is_file():
        return Build(folder, json.loads(manifest_path.read_text()))
    if folder.is_dir():  # left half-made by hand: the manifest is written last
        shutil.rmtree(folder, ignore_errors=True)
    target.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=target))
    compressor = Compressor(quiet=True)
    manifest = {}
    for path in _sources(source):
        relative = path.relative_to(source).as_posix()
        data = path.read_bytes()
        manifest[relative] = hashed_name(relative, data)
        for name in (relative, manifest[relative]):
            copy = work / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)  # the source's time: Last-Modified and ETag
            if compressor.should_compress(name):
                compressor.compress(str(copy))
    (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    os.chmod(work, 0o755)  # mkdtemp makes it 0700; the files are public anyway
    try:
        work.rename(folder)
    except OSError:  # another process built the same folder first: same content
        shutil.rmtree(work, ignore_errors=True)
    _remove_older_builds(target, keep=folder.name)
    return Build(folder, json.loads(manifest_path.read_text()))


def _remove_older_builds(target: Path, keep: str) -> None:
    for other in target.iterdir():
        if other.is_dir() and other.name != keep and re.fullmatch(r"[0-9a-f]{%d}" % HASH_LENGTH, other.name):
            shutil.rmtree(other, ignore_errors=True)


def _static_headers(app, hashed_urls: frozenset[str], prefix: str):
    """WhiteNoise's hook: the cache policy, and the headers Flask's
    after_request would have added (security.py)."""
    from .security import CONTENT_SECURITY_POLICY, HSTS

    def add_headers(headers, path: str, url: str) -> None:
        if url[len(prefix):] in hashed_urls:
            headers["Cache-Control"] = IMMUTABLE
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        if app.config["SESSION_COOKIE_SECURE"]:
            headers["Strict-Transport-Security"] = HSTS

    return add_headers


def init_app(app) -> None:
    @app.cli.group("assets")
    def assets_group() -> None:
        """Static files with hashed names (see webform/assets.py)."""

    @assets_group.command("build")
    def build_command() -> None:
        """Build the hashed and compressed copies of static/ (also done at
        start-up when missing: run this where the instance folder is read-only)."""
        built = build(Path(app.static_folder), Path(app.config["STATIC_BUILD_PATH"]))
        click.echo(f"{len(built.manifest)} files in {built.folder}")

    if app.debug or not app.config.get("STATIC_WHITENOISE", True):
        return
    built = build(Path(app.static_folder), Path(app.config["STATIC_BUILD_PATH"]))
    prefix = app.static_url_path.rstrip("/") + "/"
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=str(built.folder),
        prefix=prefix,
        max_age=app.config["STATIC_MAX_AGE"],
        allow_all_origins=False,
        immutable_file_test=lambda path, url: url[len(prefix):] in built.hashed_urls,
        add_headers_function=_static_headers(app, built.hashed_urls, prefix),
    )
    # The manifest is not a static file.
    app.wsgi_app.files.pop(prefix + MANIFEST, None)
    app.extensions["assets"] = built

    @app.url_defaults
    def hashed_static_url(endpoint: str, values: dict) -> None:
        """Every ``url_for('static', filename=...)`` of the templates gives
        the hashed name: no template writes a static path itself."""
        if endpoint == "static" and values.get("filename") in built.manifest:
            values["filename"] = built.manifest[values["filename"]]
