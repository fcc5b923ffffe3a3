"""Encryption at rest: sealed values and files, keys, rotation, keyed hashes,
file modes and the production start (see webform/crypto.py)."""
from __future__ import annotations

import io
import os
import stat
import sys
import tracemalloc
import types
from pathlib import Path

import pytest
from sqlalchemy import Text, column, select, table, text, update

from webform import config, create_app, crypto, resume, storage, uploads
from webform.models import Application, Attachment, db, national_number_hmac

from .helpers import MINIMAL_PDF, make_national_number, years_ago

# Tests that take a `database` run on SQLite and on PostgreSQL.
BOTH_DATABASES = True

KEY_A, KEY_B, SEARCH = crypto.new_key_text(), crypto.new_key_text(), crypto.new_key_text()
NATIONAL_NUMBER = make_national_number(years_ago(50), serial=71)


def ring(*keys: str, search: str = SEARCH) -> crypto.Keyring:
    return crypto.load_keyring(",".join(keys), search, Path("/nonexistent"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- values -----------------------------------------------------------------
def test_value_round_trip_and_format():
    keys = ring(KEY_A)
    first = keys.encrypt_value("Marie Dupont, arthrite", "applications.answers")
    second = keys.encrypt_value("Marie Dupont, arthrite", "applications.answers")
    assert first != second  # a fresh nonce each time
    assert first.startswith(f"enc1:{crypto.key_id(crypto.parse_keys(KEY_A)[0])}:")
    assert "Marie" not in first
    assert keys.decrypt_value(first, "applications.answers") == "Marie Dupont, arthrite"
    assert keys.decrypt_value(keys.encrypt_value("", "c"), "c") == ""


def test_changed_value_or_other_column_is_refused():
    keys = ring(KEY_A)
    sealed = keys.encrypt_value('{"first_name": "Marie"}', "applications.answers")
    prefix, body = sealed.rsplit(":", 1)
    flipped = body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
    with pytest.raises(crypto.CryptoError):
        keys.decrypt_value(f"{prefix}:{flipped}", "applications.answers")
    with pytest.raises(crypto.CryptoError, match="another column"):
        keys.decrypt_value(sealed, "applications.pending_input")
    with pytest.raises(crypto.CryptoError):
        keys.decrypt_value(sealed[:-8], "applications.answers")
    with pytest.raises(crypto.CryptoError, match="rotate-keys"):
        ring(KEY_B).decrypt_value(sealed, "applications.answers")


def test_legacy_plaintext_value_is_read_as_it_is():
    keys = ring(KEY_A)
    assert keys.decrypt_value('{"first_name": "Marie"}', "applications.answers") == '{"first_name": "Marie"}'
    assert keys.needs_rotation('{"first_name": "Marie"}')
    assert not keys.needs_rotation(keys.encrypt_value("x", "c"))
    assert ring(KEY_B, KEY_A).needs_rotation(keys.encrypt_value("x", "c"))


@pytest.mark.parametrize(
    "keys", ["", "not-base64!", crypto.new_key_text()[:20], f"{KEY_A},{KEY_A}"],
    ids=["empty", "not-base64", "too-short", "twice-the-same"],  # stable ids: xdist workers must collect alike
)
def test_malformed_keys_are_refused_with_a_hint(keys):
    with pytest.raises(crypto.KeyConfigError) as error:
        crypto.Keyring(tuple(crypto.parse_keys(keys)), b"s" * 32)
    assert "base64" in str(error.value) or "twice" in str(error.value)


# -- files ------------------------------------------------------------------
def sealed_file(tmp_path: Path, data: bytes, keys: crypto.Keyring, name: str = "k1") -> Path:
    path = tmp_path / name
    with crypto.create_private(path) as target, crypto.EncryptingWriter(target, keys, name) as writer:
        for start in range(0, len(data), 10_000):  # written in pieces, as uploads are
            writer.write(data[start:start + 10_000])
    return path


@pytest.mark.parametrize("size", [0, 1, crypto.CHUNK - 1, crypto.CHUNK, crypto.CHUNK + 1, 3 * crypto.CHUNK + 12_345])
def test_file_round_trip(tmp_path, size):
    data = os.urandom(size)
    keys = ring(KEY_A)
    path = sealed_file(tmp_path, data, keys)
    raw = path.read_bytes()
    assert raw.startswith(crypto.FILE_MAGIC) and (size < 32 or data[:32] not in raw)
    with crypto.open_file(path, keys, "k1") as stored:
        assert stored.read() == data
        assert stored.seek(0, io.SEEK_END) == size


def test_seek_and_read_in_the_middle_of_a_multi_chunk_file(tmp_path):
    data = os.urandom(5 * crypto.CHUNK + 777)
    path = sealed_file(tmp_path, data, ring(KEY_A))
    with crypto.open_file(path, ring(KEY_A), "k1") as stored:
        assert stored.seekable()
        middle = 2 * crypto.CHUNK + 1000
        stored.seek(middle)
        assert stored.read(50) == data[middle:middle + 50]
        # Across a chunk boundary, backwards, from the end.
        stored.seek(3 * crypto.CHUNK - 10)
        assert stored.read(20) == data[3 * crypto.CHUNK - 10:3 * crypto.CHUNK + 10]
        stored.seek(100)
        assert stored.read(10) == data[100:110] and stored.tell() == 110
        stored.seek(-5, io.SEEK_END)
        assert stored.read() == data[-5:]
        assert stored.read(10) == b""


def test_pdf_and_picture_libraries_read_a_sealed_file(tmp_path):
    """pypdf and Pillow seek back and forth: the sealed file must let them."""
    from PIL import Image
    from pypdf import PdfReader

    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (10, 200, 30)).save(buffer, format="PNG")
    keys = ring(KEY_A)
    with crypto.open_file(sealed_file(tmp_path, MINIMAL_PDF, keys, "pdf"), keys, "pdf") as stored:
        assert len(PdfReader(stored, strict=False).pages) == 1
    with crypto.open_file(sealed_file(tmp_path, buffer.getvalue(), keys, "png"), keys, "png") as stored:
        with Image.open(stored) as picture:
            picture.load()
            assert picture.size == (300, 300)


def _chunks(raw: bytes) -> tuple[bytes, list[bytes]]:
    body = raw[crypto.HEADER_BYTES:]
    return raw[:crypto.HEADER_BYTES], [body[i:i + crypto.SEALED_CHUNK] for i in range(0, len(body), crypto.SEALED_CHUNK)]


def _read_all(path: Path, keys: crypto.Keyring, name: str = "k1") -> bytes:
    with crypto.open_file(path, keys, name) as stored:
        return stored.read()


def test_changed_cut_reordered_or_renamed_file_is_refused(tmp_path):
    data = os.urandom(3 * crypto.CHUNK + 100)
    keys = ring(KEY_A)
    path = sealed_file(tmp_path, data, keys)
    original = path.read_bytes()
    header, chunks = _chunks(original)
    assert len(chunks) == 4
    broken = {
        "one bit changed": original[:5000] + bytes([original[5000] ^ 1]) + original[5001:],
        "cut at a chunk boundary": header + b"".join(chunks[:2]),
        "cut inside a chunk": original[:-100],
        "cut to the header": header + chunks[0][:10],
        "two chunks swapped": header + chunks[1] + chunks[0] + chunks[2] + chunks[3],
        "a chunk dropped": header + chunks[0] + chunks[2] + chunks[3],
        "other nonce in the header": header[:-1] + bytes([header[-1] ^ 1]) + b"".join(chunks),
    }
    for what, content in broken.items():
        path.write_bytes(content)
        with pytest.raises(crypto.CryptoError):
            _read_all(path, keys)
            pytest.fail(f"{what}: read without error")
    path.write_bytes(original)
    assert _read_all(path, keys) == data
    with pytest.raises(crypto.CryptoError):  # another file's name: swapped files are refused
        _read_all(path, keys, "k2")
    with pytest.raises(crypto.CryptoError, match="rotate-keys"):
        _read_all(path, ring(KEY_B))


def test_files_are_never_whole_in_memory(tmp_path):
    """Saving and reading an 8 MB file takes well under 1 MB more memory."""
    data = os.urandom(8 * 1024 * 1024)
    source = tmp_path / "plain"
    source.write_bytes(data)
    del data
    files = uploads.LocalFileStorage(tmp_path / "store", ring(KEY_A))
    tracemalloc.start()
    try:
        with open(source, "rb") as stream:
            key, size, _sha = files.save(stream, 10 * 1024 * 1024)
        with files.open(key) as stored:
            while stored.read(uploads.CHUNK):
                pass
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size == 8 * 1024 * 1024
    assert peak < 1_000_000, peak


def test_file_storage_keeps_plaintext_size_and_sha256_and_reads_legacy_files(tmp_path):
    import hashlib

    files = uploads.LocalFileStorage(tmp_path / "store", ring(KEY_A))
    key, size, sha256 = files.save(io.BytesIO(MINIMAL_PDF), 10_000)
    assert (size, sha256) == (len(MINIMAL_PDF), hashlib.sha256(MINIMAL_PDF).hexdigest())
    assert mode(tmp_path / "store") == 0o700 and mode(tmp_path / "store" / key) == 0o600
    assert b"%PDF" not in (tmp_path / "store" / key).read_bytes()
    # A file stored before encryption is read as it is, until rotate-keys seals it.
    (tmp_path / "store" / "legacy").write_bytes(MINIMAL_PDF)
    with files.open("legacy") as stored:
        assert stored.read() == MINIMAL_PDF
    with pytest.raises(uploads.TooLarge):
        files.save(io.BytesIO(MINIMAL_PDF), 10)
    assert files.keys() == sorted([key, "legacy"])  # no partial file left


# -- keyed hash -------------------------------------------------------------
def test_national_number_hash_normalises_digits_and_has_its_own_key(tmp_path):
    digits = NATIONAL_NUMBER
    formatted = f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}-{digits[6:9]}.{digits[9:]}"
    one = ring(KEY_A).search_hash("national_number", digits)
    assert len(one) == 64 and digits not in one
    assert ring(KEY_B, KEY_A).search_hash("national_number", digits) == one  # rotation keeps it
    assert ring(KEY_A, search=crypto.new_key_text()).search_hash("national_number", digits) != one
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "ENCRYPTION_KEYS": KEY_A, "SEARCH_KEY": SEARCH,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    with app.app_context():
        assert national_number_hmac(formatted) == national_number_hmac(digits) == one
        assert national_number_hmac(make_national_number(years_ago(50), serial=72)) != one
        assert national_number_hmac("") is None and national_number_hmac(None) is None


# -- the application's data -------------------------------------------------
@pytest.fixture
def make_app(tmp_path, monkeypatch, database):
    """Apps on one database and one instance folder, with the keys given."""
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "instance"))
    made = []

    def make(keys: str | None):
        extra = {"ENCRYPTION_KEYS": keys, "SEARCH_KEY": SEARCH} if keys else {}
        app = create_app({"TESTING": True, "SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": database, **extra})
        if not made:
            with app.app_context():
                db.drop_all()
                db.create_all()
        made.append(app)
        return app

    yield make
    with made[0].app_context():
        db.session.remove()
        db.drop_all()
    for app in made:
        with app.app_context():
            db.engine.dispose()


RAW_APPLICATIONS = table(
    "applications", column("id"), column("answers", Text), column("completed_steps", Text),
    column("pending_input", Text), column("resume_birth_date", Text), column("national_number_hmac", Text),
    column("version"),
)
RAW_ATTACHMENTS = table("attachments", column("id"), column("original_name", Text))


def raw_row(app) -> dict:
    with app.app_context():
        return dict(db.session.execute(select(RAW_APPLICATIONS)).one()._mapping)


def fill(app, content: bytes = MINIMAL_PDF) -> None:
    """A draft with answers, a resume code, an attachment and a sent PDF."""
    with app.app_context():
        application = storage.create_application("fr")
        storage.save_step(application, {"national_number": NATIONAL_NUMBER, "first_name": "Rotatia"}, {"identity"})
        storage.keep_pending_input(application, "address", {"street": ["Rue Secrète"]})
        resume.issue_code(application, "1976-05-04")
        files = uploads.storage()
        key, size, sha256 = files.save(io.BytesIO(content), len(content))
        db.session.add(Attachment(
            application_id=application.id, public_id="p1", storage_key=key, original_name="Rapport psychiatrique - Jean Dupont.pdf",
            kind="medical_report", media_type="application/pdf", size=size, sha256=sha256,
        ))
        summary_key, _size, _sha = files.save(io.BytesIO(b"%PDF-1.7 summary as sent"), 100)
        application.summary_pdf_key = summary_key
        db.session.commit()


def read_everything(app) -> dict:
    with app.app_context():
        db.session.expire_all()
        application = db.session.execute(select(Application)).scalar_one()
        files = uploads.storage()
        with files.open(application.attachments[0].storage_key) as attached, files.open(application.summary_pdf_key) as summary:
            return {
                "answers": application.answers, "completed": application.completed_steps,
                "pending": application.pending_input, "born": application.resume_birth_date,
                "name": application.attachments[0].original_name,
                "file": attached.read(), "summary": summary.read(),
            }


EXPECTED = {
    "answers": {"national_number": NATIONAL_NUMBER, "first_name": "Rotatia"}, "completed": ["identity"],
    "pending": {"address": {"street": ["Rue Secrète"]}}, "born": "1976-05-04",
    "name": "Rapport psychiatrique - Jean Dupont.pdf", "file": MINIMAL_PDF, "summary": b"%PDF-1.7 summary as sent",
}


def test_columns_are_encrypted_and_the_national_number_hash_follows(make_app):
    app = make_app(KEY_A)
    fill(app)
    row = raw_row(app)
    for name in ("answers", "completed_steps", "pending_input", "resume_birth_date"):
        assert row[name].startswith("enc1:"), name
    assert "Rotatia" not in row["answers"] and NATIONAL_NUMBER not in row["answers"]
    with app.app_context():
        (name,) = db.session.execute(select(RAW_ATTACHMENTS.c.original_name)).scalars()
        assert name.startswith("enc1:") and "Dupont" not in name
        assert row["national_number_hmac"] == national_number_hmac(NATIONAL_NUMBER)
    assert read_everything(app) == EXPECTED
    # The hash follows the answers: changed, then removed.
    other = make_national_number(years_ago(30), serial=12)
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        storage.save_step(application, {"national_number": other}, {"identity"})
        assert raw_row(app)["national_number_hmac"] == national_number_hmac(other)
        storage.save_step(application, {"first_name": "Anonyme"}, set())
        assert raw_row(app)["national_number_hmac"] is None
        # The caseload's search: by hash, never by the number.
        storage.save_step(application, {"national_number": other}, {"identity"})
        found = db.session.execute(
            select(Application.id).where(Application.national_number_hmac == national_number_hmac(other))
        ).scalar_one()
        assert found == application.id


def test_a_value_moved_to_another_column_does_not_open(make_app):
    app = make_app(KEY_A)
    fill(app)
    with app.app_context():
        db.session.execute(update(RAW_APPLICATIONS).values(pending_input=RAW_APPLICATIONS.c.answers))
        db.session.commit()
        db.session.expire_all()
        with pytest.raises(crypto.CryptoError):
            db.session.execute(select(Application)).scalar_one()


def test_rotation_reencrypts_rows_and_files_then_the_old_key_can_go(make_app):
    fill(make_app(KEY_A))
    version = raw_row(make_app(KEY_A))["version"]
    both = make_app(f"{KEY_B},{KEY_A}")
    assert read_everything(both) == EXPECTED  # the old key still decrypts
    result = both.test_cli_runner().invoke(args=["rotate-keys"])
    assert result.exit_code == 0, result.output
    assert "re-encrypted 2 rows and 2 files" in result.output  # the application and its attachment
    assert "re-encrypted 0 rows and 0 files" in both.test_cli_runner().invoke(args=["rotate-keys"]).output
    row = raw_row(both)
    assert row["version"] == version  # no open page of the draft looks stale
    kid_b = crypto.key_id(crypto.parse_keys(KEY_B)[0])
    assert all(row[name].startswith(f"enc1:{kid_b}:") for name in ("answers", "completed_steps", "pending_input", "resume_birth_date"))
    assert read_everything(make_app(KEY_B)) == EXPECTED  # B alone reads rows and files
    with pytest.raises(crypto.CryptoError):
        read_everything(make_app(KEY_A))


def test_rotation_encrypts_legacy_plaintext_rows_and_files(make_app):
    app = make_app(KEY_A)
    fill(app)
    folder = Path(app.config["UPLOAD_FOLDER"])
    with app.app_context():
        legacy = {
            "answers": f'{{"first_name": "Legacia", "national_number": "{NATIONAL_NUMBER}"}}', "completed_steps": '["identity"]',
            "pending_input": "{}", "resume_birth_date": "1976-05-04", "national_number_hmac": None,
        }
        db.session.execute(update(RAW_APPLICATIONS).values(**legacy))
        db.session.execute(update(RAW_ATTACHMENTS).values(original_name="Rapport ancien.pdf"))
        db.session.commit()
        application = db.session.execute(select(Application)).scalar_one()
        (folder / application.attachments[0].storage_key).write_bytes(MINIMAL_PDF)  # stored before encryption
    before = read_everything(app)
    assert before["answers"]["first_name"] == "Legacia" and before["name"] == "Rapport ancien.pdf"
    assert before["file"] == MINIMAL_PDF
    result = app.test_cli_runner().invoke(args=["rotate-keys"])
    assert "re-encrypted 2 rows and 1 files" in result.output, result.output
    row = raw_row(app)
    assert row["answers"].startswith("enc1:") and "Legacia" not in row["answers"]
    assert row["national_number_hmac"] == crypto.load_keyring(KEY_A, SEARCH, Path("/x")).search_hash("national_number", NATIONAL_NUMBER)
    assert all(crypto.file_key_id(folder / key) is not None for key in os.listdir(folder) if (folder / key).is_file())
    assert read_everything(app) == {**before}


def test_rotation_does_not_overwrite_a_save_made_meanwhile(make_app, monkeypatch):
    fill(make_app(KEY_A))
    both = make_app(f"{KEY_B},{KEY_A}")
    real = crypto.Keyring.decrypt_value
    saved = []

    def save_meanwhile(self, stored, context):
        """The applicant saves between rotate-keys' read and its write."""
        if context == "applications.answers" and not saved:
            saved.append(True)
            with db.engine.begin() as connection:
                connection.execute(update(Application.__table__).values(
                    answers={"first_name": "Saved meanwhile"}, version=Application.__table__.c.version + 1,
                ))
        return real(self, stored, context)

    monkeypatch.setattr(crypto.Keyring, "decrypt_value", save_meanwhile)
    with both.app_context():
        version = raw_row(both)["version"]
        result = both.test_cli_runner().invoke(args=["rotate-keys"])
        assert result.exit_code == 0, result.output
    monkeypatch.setattr(crypto.Keyring, "decrypt_value", real)
    assert saved
    assert read_everything(both)["answers"] == {"first_name": "Saved meanwhile"}
    assert raw_row(both)["version"] == version + 1  # the save's bump only


def test_resume_compares_the_birth_date_after_decrypting(make_app):
    """resume.py compares the date of birth in Python, after loading."""
    app = make_app(KEY_A)
    with app.app_context():
        application = storage.create_application("nl")
        code = resume.issue_code(application, "1976-05-04")
        assert resume.resume(code, "1976-05-05", "127.0.0.1").outcome is resume.Outcome.WRONG
        assert resume.resume(code, "1976-05-04", "127.0.0.1").outcome is resume.Outcome.RESUMED


# -- file modes -------------------------------------------------------------
def test_database_upload_and_key_files_are_private(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(instance))
    database = instance / "webform.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    try:
        with app.app_context():
            db.create_all()
            fill(app)
            with app.test_request_context(), uploads.SpoolingRequest({})._get_file_stream(0, "x"):
                pass  # makes uploads/incoming, as an upload does
            db.session.execute(text("SELECT 1")).all()
            assert Path(f"{database}-wal").exists() and Path(f"{database}-shm").exists()
            for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"),
                         instance / "encryption_keys", instance / "search_key", instance / "secret_key"):
                assert mode(path) == 0o600, path
            folder = Path(app.config["UPLOAD_FOLDER"])
            for path in (instance, folder, folder / "incoming"):
                assert mode(path) == 0o700, path
            stored = [p for p in folder.iterdir() if p.is_file()]
            assert len(stored) == 2 and all(mode(p) == 0o600 for p in stored)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_files_left_readable_by_an_older_release_are_tightened(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    (instance / "uploads").mkdir(parents=True)
    database = instance / "webform.sqlite"
    database.touch()
    for path, old in ((instance, 0o755), (instance / "uploads", 0o755), (database, 0o644)):
        os.chmod(path, old)
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(instance))
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        db.create_all()
        uploads.storage()
        assert mode(database) == 0o600 and mode(instance) == 0o700 and mode(instance / "uploads") == 0o700
        db.engine.dispose()


def test_the_embedded_default_makes_its_keys_once(tmp_path, monkeypatch):
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(tmp_path / "instance"))
    for name in config.SHARED_SECRETS:
        monkeypatch.delenv(name, raising=False)
    first = create_app({"TESTING": True})
    second = create_app({"TESTING": True})
    assert first.extensions[crypto.EXTENSION] == second.extensions[crypto.EXTENSION]
    assert mode(tmp_path / "instance" / "encryption_keys") == 0o600
    other = crypto.load_keyring(None, None, tmp_path / "elsewhere")
    assert other.primary_id != first.extensions[crypto.EXTENSION].primary_id


# -- production start -------------------------------------------------------
@pytest.mark.parametrize("how", ["WEBFORM_ENV", "gunicorn"])
@pytest.mark.parametrize("missing", [["SECRET_KEY"], ["ENCRYPTION_KEYS"], ["SEARCH_KEY"], list(config.SHARED_SECRETS)])
def test_production_start_without_shared_keys_is_refused(tmp_path, monkeypatch, how, missing):
    instance = tmp_path / "instance"
    monkeypatch.setenv("WEBFORM_INSTANCE_PATH", str(instance))
    values = {"SECRET_KEY": "shared-secret", "ENCRYPTION_KEYS": KEY_A, "SEARCH_KEY": SEARCH}
    for name, value in values.items():
        if name in missing:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    if how == "WEBFORM_ENV":
        monkeypatch.setenv("WEBFORM_ENV", "production")
    else:
        monkeypatch.delenv("WEBFORM_ENV", raising=False)
        monkeypatch.setitem(sys.modules, "gunicorn", types.ModuleType("gunicorn"))
    with pytest.raises(config.MissingSecret) as refused:
        create_app()
    message = str(refused.value)
    for name in missing:
        assert name in message
    assert "python -c" in message  # how to make one
    assert not (instance / "secret_key").exists() and not (instance / "encryption_keys").exists()
    for name in missing:
        monkeypatch.setenv(name, values[name])
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}"})  # all set: it starts
    assert app.extensions[crypto.EXTENSION].primary_id == crypto.key_id(crypto.parse_keys(KEY_A)[0])
    assert not (instance / "encryption_keys").exists()
