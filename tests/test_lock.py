"""The lock files (scripts/lock) cover what pyproject.toml asks for, each
package pinned with the hashes pip checks (--require-hashes)."""
from __future__ import annotations

import re
import sys
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from webform import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
APP = [Requirement(line) for line in PROJECT["dependencies"]]
TEST = [Requirement(line) for line in PROJECT["optional-dependencies"]["test"]]
# "name==version [; marker] \" then its "--hash=sha256:..." lines.
PINNED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)(?: ;[^\\]*)? \\$")


def locked(name: str) -> dict[str, tuple[str, int]]:
    """Package -> (version, number of hashes) in a lock file."""
    packages: dict[str, tuple[str, int]] = {}
    current = None
    for line in (ROOT / name).read_text().splitlines():
        if match := PINNED.match(line):
            current = canonicalize_name(match["name"])
            packages[current] = (match["version"], 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = packages[current]
            packages[current] = (version, hashes + 1)
        elif line and not line.startswith(" "):
            current = None
    return packages


@pytest.mark.parametrize(("lock", "requirements"), [
    ("requirements.txt", APP),
    ("requirements-test.txt", APP + TEST),
])
def test_the_lock_covers_every_dependency_of_pyproject(lock, requirements):
    packages = locked(lock)
    missing = [str(r) for r in requirements if canonicalize_name(r.name) not in packages]
    assert not missing, f"not in {lock}: {missing}; run bash scripts/lock"
    outside = [
        f"{r} (locked {packages[canonicalize_name(r.name)][0]})" for r in requirements
        if not r.specifier.contains(packages[canonicalize_name(r.name)][0], prereleases=True)
    ]
    assert not outside, f"{lock} pins versions pyproject.toml no longer allows: {outside}; run bash scripts/lock"


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-test.txt"])
def test_every_locked_package_has_its_hashes(lock):
    packages = locked(lock)
    assert len(packages) > 40
    assert all(hashes for _, hashes in packages.values()), [n for n, (_, h) in packages.items() if not h]


def test_the_application_lock_agrees_with_the_test_lock():
    """The tests run the versions that production runs."""
    app, test = locked("requirements.txt"), locked("requirements-test.txt")
    assert {name: version for name, (version, _) in app.items()} == {
        name: test[name][0] for name in app
    }


def test_an_extra_of_a_dependency_is_locked_too():
    """psycopg[binary]: the extra brings psycopg-binary."""
    assert "psycopg-binary" in locked("requirements.txt")


def test_the_check_finds_a_missing_package(tmp_path, monkeypatch):
    text = (ROOT / "requirements.txt").read_text()
    assert "\nflask==" in text
    (tmp_path / "requirements.txt").write_text(text.replace("\nflask==", "\nflask-not-this=="))
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    with pytest.raises(AssertionError, match="Flask"):
        test_the_lock_covers_every_dependency_of_pyproject("requirements.txt", APP)
