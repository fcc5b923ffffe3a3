"""The file stores (file_stores.py), each test on the local folder and on a
bucket of the S3-compatible server of scripts/test: the same promises
(sealed before they leave the process, plaintext size and SHA-256, limits,
deletion, rotation), and the pending records the daily purge follows."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from webform import crypto, uploads
from webform.models import PendingFile, db, utcnow

from .helpers import MINIMAL_PDF

BOTH_FILE_STORES = True


def raw(app, key: str) -> bytes:
    """The bytes as the store holds them (what a copy of the disk or the bucket shows)."""
    if app.config["FILE_STORE"] == "s3":
        files = uploads.storage()
        return files.client.get_object(Bucket=files.bucket, Key=key)["Body"].read()
    return (Path(app.config["UPLOAD_FOLDER"]) / key).read_bytes()


def test_the_configuration_chooses_the_store(app, file_store):
    with app.app_context():
        files = uploads.storage()
    expected = uploads.S3FileStorage if file_store else uploads.LocalFileStorage
    assert isinstance(files, expected)


def test_files_are_sealed_with_plaintext_size_and_sha256(app):
    with app.app_context():
        files = uploads.storage()
        key, size, sha256 = files.save(io.BytesIO(MINIMAL_PDF), 10_000)
        assert (size, sha256) == (len(MINIMAL_PDF), hashlib.sha256(MINIMAL_PDF).hexdigest())
        assert len(key) == 64 and files.keys() == [key]
        stored = raw(app, key)
        assert stored.startswith(crypto.FILE_MAGIC) and b"%PDF" not in stored
        with files.open(key) as opened:
            assert opened.read() == MINIMAL_PDF
            opened.seek(5)  # pypdf and Pillow seek back and forth
            assert opened.read(3) == MINIMAL_PDF[5:8]


def test_a_large_file_goes_through_in_chunks(app):
    """2.5 MB: several sealed chunks, and beyond what the S3 store keeps in memory."""
    data = os.urandom(2_500_000)
    with app.app_context():
        files = uploads.storage()
        key, size, sha256 = files.save(io.BytesIO(data), 3_000_000)
        assert size == len(data) and sha256 == hashlib.sha256(data).hexdigest()
        with files.open(key) as opened:
            opened.seek(1_000_000)
            assert opened.read(10) == data[1_000_000:1_000_010]
            opened.seek(0)
            assert opened.read() == data


def test_a_file_over_the_limit_is_not_kept(app):
    with app.app_context():
        files = uploads.storage()
        with pytest.raises(uploads.TooLarge) as refused:
            files.save(io.BytesIO(MINIMAL_PDF), 10)
        assert refused.value.size == len(MINIMAL_PDF)
        assert files.keys() == []


def test_deleted_and_unknown_files_are_not_found(app):
    with app.app_context():
        files = uploads.storage()
        key, _size, _sha256 = files.save(io.BytesIO(MINIMAL_PDF), 10_000)
        files.delete(key)
        files.delete(key)  # twice: no error
        assert files.keys() == []
        with pytest.raises(FileNotFoundError):
            files.open(key)
        with pytest.raises(FileNotFoundError):
            files.open("0" * 64)


def test_a_file_sealed_for_one_key_does_not_open_under_another_name(app):
    """The key (the object's name) is bound to every chunk: an object copied
    under another name does not open."""
    with app.app_context():
        files = uploads.storage()
        key, _size, _sha256 = files.save(io.BytesIO(MINIMAL_PDF), 10_000)
        other = "1" * 64
        if app.config["FILE_STORE"] == "s3":
            files.client.put_object(Bucket=files.bucket, Key=other, Body=raw(app, key))
        else:
            (Path(app.config["UPLOAD_FOLDER"]) / other).write_bytes(raw(app, key))
        with pytest.raises(crypto.CryptoError):
            files.open(other).read()


def test_rotation_seals_again_with_the_first_key(app):
    with app.app_context():
        files = uploads.storage()
        key, _size, _sha256 = files.save(io.BytesIO(MINIMAL_PDF), 10_000)
        old_id = crypto.keyring().primary_id
        new = crypto.new_key_text()
        keys = [new, *(base64_key for base64_key in _configured_keys(app))]
        app.extensions[crypto.EXTENSION] = crypto.load_keyring(",".join(keys), None, Path(app.instance_path))
        assert crypto.keyring().primary_id != old_id
        assert files.reencrypt(key) is True
        assert files.reencrypt(key) is False  # already sealed with the first key
        assert raw(app, key)[len(crypto.FILE_MAGIC):len(crypto.FILE_MAGIC) + crypto.KID_CHARS].decode() == crypto.keyring().primary_id
        with files.open(key) as opened:
            assert opened.read() == MINIMAL_PDF
        assert files.reencrypt("2" * 64) is False  # deleted meanwhile


def _configured_keys(app) -> list[str]:
    return (Path(app.instance_path) / crypto.KEY_FILE).read_text().split(",")


def test_the_store_is_healthy_until_it_is_gone(app):
    with app.app_context():
        files = uploads.storage()
        assert files.healthy()
        if app.config["FILE_STORE"] == "s3":
            files.client.delete_bucket(Bucket=files.bucket)
            assert not files.healthy()
            files.client.create_bucket(Bucket=files.bucket)  # for the fixture's clean-up
        else:
            shutil.rmtree(files.root)
            files.root.write_bytes(b"a disk that went away")
            assert not files.healthy()


def test_every_key_is_recorded_before_its_file_is_stored(app, monkeypatch):
    """A worker that dies between storing a file and committing its row
    leaves a record: the purge finds the file by it."""
    seen = []
    with app.app_context():
        files = uploads.storage()
        real_seal = uploads.file_stores._seal

        def spy(stream, target, keyring, key, limit):
            with db.engine.connect() as other:  # what another connection sees at this moment
                seen.append(other.execute(select(PendingFile.key).where(PendingFile.key == key)).scalar())
            return real_seal(stream, target, keyring, key, limit)

        monkeypatch.setattr(uploads.file_stores, "_seal", spy)
        key, _size, _sha256 = files.save(io.BytesIO(MINIMAL_PDF), 10_000)
    assert seen == [key]


def test_the_purge_deletes_old_pending_files_no_row_points_to(app):
    from webform.retention import purge

    with app.app_context():
        files = uploads.storage()
        left, young = (files.save(io.BytesIO(MINIMAL_PDF), 10_000)[0] for _ in range(2))
        db.session.execute(PendingFile.__table__.update().where(PendingFile.key == left).values(created_at=utcnow() - timedelta(days=2)))
        db.session.commit()
        purge()
        assert files.keys() == [young]  # the young one may be an upload in progress
        assert db.session.execute(select(PendingFile.key)).scalars().all() == [young]
