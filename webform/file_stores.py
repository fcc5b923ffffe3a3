"""Where files live: a local folder (the embedded default) or an
S3-compatible object store (several servers).

Both keep the same promises: random names, every file sealed client-side
with the application's keyring (crypto.py) before it leaves the process, so
neither the disk nor the object store ever holds plain health data; files
copied in chunks, never whole in memory. Sizes and SHA-256 are those of the
plaintext. uploads.storage() chooses one from the configuration
(FILE_STORE); the form never knows which.
"""
from __future__ import annotations

import hashlib
import io
import os
import secrets
import tempfile
from collections.abc import Callable
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Protocol

from . import crypto

CHUNK = 64 * 1024
# A sealed file being sent to or read from the object store stays in memory
# up to this size, then goes to a temporary file (sealed: no plaintext).
SPOOL_MEMORY = 1024 * 1024


class FileStorage(Protocol):
    def save(self, stream: BinaryIO, limit: int) -> tuple[str, int, str]: ...
    def open(self, key: str) -> BinaryIO: ...
    def delete(self, key: str) -> None: ...
    def keys(self) -> list[str]: ...
    def sweep(self, keep: set[str], older_than: float) -> int: ...
    def reencrypt(self, key: str) -> bool: ...
    def healthy(self) -> bool: ...


class TooLarge(Exception):
    def __init__(self, size: int):
        self.size = size


def _new_key(on_new_key: Callable[[str], None] | None) -> str:
    """A random name, announced (see uploads.record_pending) before any byte is stored."""
    key = secrets.token_hex(32)
    if on_new_key is not None:
        on_new_key(key)
    return key


def _seal(stream: BinaryIO, target: BinaryIO, keyring: crypto.Keyring, key: str, limit: int) -> tuple[int, str]:
    """Copy ``stream`` sealed into ``target`` up to ``limit`` bytes; the
    plaintext's size (read to the end, to say how large a refused file is)
    and SHA-256."""
    digest, size = hashlib.sha256(), 0
    with crypto.EncryptingWriter(target, keyring, key) as sealed:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size <= limit:
                digest.update(chunk)
                sealed.write(chunk)
    return size, digest.hexdigest()


class LocalFileStorage:
    """A folder outside static/ (0700), one file per attachment under a
    random name (0600), encrypted at rest (crypto.py): ``save`` seals the
    stream chunk by chunk as it is copied, ``open`` gives a seekable view of
    the plaintext."""

    def __init__(self, root: Path, keyring: crypto.Keyring | None = None, on_new_key: Callable[[str], None] | None = None):
        self.root = crypto.private_folder(root)
        self._keyring = keyring
        self.on_new_key = on_new_key

    @property
    def keyring(self) -> crypto.Keyring:
        return self._keyring or crypto.keyring()

    def save(self, stream: BinaryIO, limit: int) -> tuple[str, int, str]:
        key = _new_key(self.on_new_key)
        partial = self.root / f"{key}.part"
        try:
            with crypto.create_private(partial) as target:
                size, sha256 = _seal(stream, target, self.keyring, key, limit)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if size > limit:
            partial.unlink()
            raise TooLarge(size)
        os.replace(partial, self.root / key)
        return key, size, sha256

    def open(self, key: str) -> BinaryIO:
        return crypto.open_file(self.root / key, self.keyring, key)

    def delete(self, key: str) -> None:
        """The file, and what a save cut short (a worker that died) left of it."""
        (self.root / key).unlink(missing_ok=True)
        (self.root / f"{key}.part").unlink(missing_ok=True)

    def sweep(self, keep: set[str], older_than: float) -> int:
        """Delete every file not in ``keep`` last changed before the
        ``older_than`` timestamp (``flask sweep-files``: it lists the whole
        folder; the daily purge deletes only the files it knows were left,
        see retention.py). Younger ones may belong to an upload in progress."""
        count = 0
        for path in self.root.iterdir():
            if path.is_file() and path.name not in keep and path.stat().st_mtime < older_than:
                path.unlink(missing_ok=True)
                count += 1
        return count

    def keys(self) -> list[str]:
        """Every stored file (not the partial ones being written)."""
        return sorted(p.name for p in self.root.iterdir() if p.is_file() and "." not in p.name)

    def healthy(self) -> bool:
        """The folder is there and a file can be written into it (tried:
        permissions alone do not say whether the disk is read-only)."""
        try:
            with tempfile.TemporaryFile(dir=self.root):
                return True
        except OSError:
            return False

    def reencrypt(self, key: str) -> bool:
        """Seal a stored file again with the first key, if it is not yet
        (``flask rotate-keys``); a legacy plaintext file is sealed too.

        The new file is written beside the old one and moved over it in one
        step (os.replace): a reader has either the old file or the new one,
        both readable while the old key is still configured.
        """
        path = self.root / key
        try:
            if crypto.file_key_id(path) == self.keyring.primary_id:
                return False
            source = self.open(key)
        except FileNotFoundError:
            return False  # deleted meanwhile
        partial = self.root / f"{key}.rotate-{secrets.token_hex(4)}"
        try:
            with source, crypto.create_private(partial) as target:
                with crypto.EncryptingWriter(target, self.keyring, key) as sealed:
                    while chunk := source.read(CHUNK):
                        sealed.write(chunk)
                target.flush()
                os.fsync(target.fileno())
            if not path.exists():  # deleted while it was copied: not brought back
                partial.unlink()
                return False
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return True


@lru_cache(maxsize=8)
def s3_client(endpoint_url: str | None, region: str | None):
    """One client per process and endpoint: making one costs tens of
    milliseconds, and clients are thread-safe. Credentials come from boto3's
    usual chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, an
    instance role)."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3", endpoint_url=endpoint_url or None, region_name=region or None,
        config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30),
    )


class S3FileStorage:
    """Files in a bucket of an S3-compatible object store (Ceph RGW, MinIO,
    a cloud store), shared by every server.

    A file is sealed as it is read into a spooled temporary file (memory up
    to 1 MB, then ``spool``, the upload folder's incoming/), then sent in
    one PUT; reading fetches the sealed object the same way and decrypts
    only the chunk asked for. The store sees random names and sealed bytes.
    """

    def __init__(self, bucket: str, client=None, keyring: crypto.Keyring | None = None,
                 spool: Path | None = None, on_new_key: Callable[[str], None] | None = None):
        self.bucket = bucket
        self.client = client or s3_client(None, None)
        self._keyring = keyring
        self.spool = spool
        self.on_new_key = on_new_key

    @property
    def keyring(self) -> crypto.Keyring:
        return self._keyring or crypto.keyring()

    def _temporary(self) -> BinaryIO:
        folder = crypto.private_folder(self.spool) if self.spool else None
        return tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY, mode="w+b", dir=folder)

    def save(self, stream: BinaryIO, limit: int) -> tuple[str, int, str]:
        key = _new_key(self.on_new_key)
        with self._temporary() as sealed:
            size, sha256 = _seal(stream, sealed, self.keyring, key, limit)
            if size > limit:
                raise TooLarge(size)
            sealed.seek(0)
            self.client.put_object(Bucket=self.bucket, Key=key, Body=sealed)
        return key, size, sha256

    def _fetch(self, key: str) -> BinaryIO:
        """The sealed object in a (spooled) temporary file; FileNotFoundError if there is none."""
        from botocore.exceptions import ClientError

        try:
            body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise FileNotFoundError(key) from None
            raise
        copy = self._temporary()
        try:
            with body:
                for chunk in body.iter_chunks(CHUNK):
                    copy.write(chunk)
            copy.seek(0)
        except BaseException:
            copy.close()
            raise
        return copy

    def open(self, key: str) -> BinaryIO:
        source = self._fetch(key)
        try:
            if source.read(len(crypto.FILE_MAGIC)) != crypto.FILE_MAGIC:
                source.seek(0)
                return source  # a plaintext file copied in from before encryption
            source.seek(0)
            return io.BufferedReader(crypto.DecryptingReader(source, self.keyring, key), buffer_size=CHUNK)
        except BaseException:
            source.close()
            raise

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)  # no error if there is none

    def _objects(self):
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            yield from page.get("Contents", ())

    def keys(self) -> list[str]:
        return sorted(item["Key"] for item in self._objects())

    def sweep(self, keep: set[str], older_than: float) -> int:
        """Like LocalFileStorage.sweep: lists the whole bucket (``flask sweep-files`` only)."""
        cutoff = datetime.fromtimestamp(older_than, timezone.utc)
        count = 0
        for item in list(self._objects()):
            if item["Key"] not in keep and item["LastModified"] < cutoff:
                self.delete(item["Key"])
                count += 1
        return count

    def healthy(self) -> bool:
        """The bucket answers (HEAD, no listing)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError):
            return False
        return True

    def reencrypt(self, key: str) -> bool:
        """Seal an object again with the first key if it is not yet. The new
        object replaces the old one in one PUT: a reader gets one or the other."""
        try:
            source = self._fetch(key)
        except FileNotFoundError:
            return False
        with source:
            header = source.read(crypto.HEADER_BYTES)
            if header.startswith(crypto.FILE_MAGIC) and header[len(crypto.FILE_MAGIC):len(crypto.FILE_MAGIC) + crypto.KID_CHARS].decode("ascii", "replace") == self.keyring.primary_id:
                return False
            source.seek(0)
            plain = source
            if header.startswith(crypto.FILE_MAGIC):
                plain = io.BufferedReader(crypto.DecryptingReader(source, self.keyring, key), buffer_size=CHUNK)
            with self._temporary() as sealed:
                _seal(plain, sealed, self.keyring, key, limit=float("inf"))
                sealed.seek(0)
                if not self._exists(key):  # deleted while it was copied: not brought back
                    return False
                self.client.put_object(Bucket=self.bucket, Key=key, Body=sealed)
        return True

    def _exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError:
            return False
        return True


def from_config(config, on_new_key: Callable[[str], None] | None = None) -> FileStorage:
    """The store FILE_STORE names: "local" (UPLOAD_FOLDER) or "s3" (S3_BUCKET)."""
    if config["FILE_STORE"] == "s3":
        client = s3_client(config["S3_ENDPOINT_URL"], config["S3_REGION"])
        spool = Path(config["UPLOAD_FOLDER"]) / "incoming"
        return S3FileStorage(config["S3_BUCKET"], client, spool=spool, on_new_key=on_new_key)
    return LocalFileStorage(Path(config["UPLOAD_FOLDER"]), on_new_key=on_new_key)
