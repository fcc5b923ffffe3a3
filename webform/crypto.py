"""Encryption at rest: the keys, sealed values, sealed files, keyed hashes.

The form keeps health data (GDPR article 9), national register numbers and
medical reports. A copy of the database, of its write-ahead log or of the
upload folder (a backup, a stolen disk, another local user) must not reveal
them, so every such value and file is sealed with AES-GCM, an AEAD: it hides
the content and detects any change to it.

This module is the only one that knows a key exists. ``models.py`` seals
columns through a column type, the file stores (``file_stores.py``) seal files
through :class:`EncryptingWriter` and :func:`open_file`; nothing else in the
application sees a key or a ciphertext.

Keys
    ``ENCRYPTION_KEYS``: comma-separated url-safe base64 keys of 32 bytes.
    The first encrypts; all of them decrypt, so a new key can be put first
    on every server, ``flask rotate-keys`` re-encrypts what the old one
    sealed, and only then is the old key removed: no moment where some data
    cannot be read (rotation without downtime). Every ciphertext names its
    key by a short key id (a hash of the key, which reveals nothing of it).
    Without the variable (``scripts/serve``, the tests), a key is generated
    once into ``instance/encryption_keys`` (0600). A production start refuses
    to do that (see ``config.require_shared_secrets``): each server would
    invent its own key and could not read the others' data.

    ``SEARCH_KEY``: the key of the keyed hashes (HMAC-SHA256) kept beside
    values that must be found again (the national register number, for the
    staff's caseload). It is separate from the encryption keys and never
    rotates with them: rotating it would mean recomputing every hash.

Values
    ``enc1:<kid>:<base64(nonce | ciphertext)>``. The associated data names
    the column ("applications.answers"), so a value copied from one column
    into another (a name into the answers, say) no longer opens. A value
    without the prefix is a legacy plaintext from before encryption: it is
    read as it is, and ``flask rotate-keys`` seals it.

Files
    A header (magic, key id, random base nonce), then chunks of 64 KiB, each
    sealed on its own with the nonce base + index. The associated data holds
    the header, the file's storage key, the chunk's index and whether it is
    the last one, so that a chunk moved, dropped, swapped with another
    file's, or a file cut short at a chunk boundary, is detected. Files are
    never held whole in memory; reading gives a seekable file object that
    decrypts only the chunk that holds the position asked for (pypdf and
    Pillow seek back and forth), so no plaintext copy is ever written.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import io
import logging
import os
import re
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
KID_CHARS = 8
VALUE_PREFIX = "enc1:"
_VALUE = re.compile(r"^enc1:([0-9a-f]{8}):([A-Za-z0-9_=-]+)$")

FILE_MAGIC = b"WFENC\x01"
HEADER_BYTES = len(FILE_MAGIC) + KID_CHARS + NONCE_BYTES
CHUNK = 64 * 1024
SEALED_CHUNK = CHUNK + TAG_BYTES

KEY_FILE = "encryption_keys"
SEARCH_KEY_FILE = "search_key"
EXTENSION = "webform.crypto"
GENERATE_HINT = 'python -c "import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())"'


class CryptoError(Exception):
    """A value or file that cannot be opened: changed, cut short, moved, or
    sealed with a key that is no longer configured. The message never holds
    any of the content."""


class KeyConfigError(CryptoError):
    """A key that is missing or malformed in the configuration."""


def key_id(key: bytes) -> str:
    """A short name for a key, written in each ciphertext so that the key
    that opens it is found without trying them all."""
    return hashlib.sha256(b"webform key id\0" + key).hexdigest()[:KID_CHARS]


def parse_keys(text: str, name: str = "ENCRYPTION_KEYS") -> list[bytes]:
    """Keys separated by commas (or lines, in a key file)."""
    keys = []
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        try:
            key = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != KEY_BYTES:
            raise KeyConfigError(f"{name}: each key must be {KEY_BYTES} bytes in url-safe base64; generate one with {GENERATE_HINT}")
        keys.append(key)
    if not keys:
        raise KeyConfigError(f"{name} holds no key; generate one with {GENERATE_HINT}")
    return keys


def new_key_text() -> str:
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()


@dataclass(frozen=True)
class Keyring:
    """The encryption keys (the first encrypts) and the search key."""

    keys: tuple[bytes, ...]
    search_key: bytes

    def __post_init__(self):
        if not self.keys:
            raise KeyConfigError("no encryption key")
        ids = [key_id(k) for k in self.keys]
        if len(set(ids)) != len(ids):
            raise KeyConfigError("ENCRYPTION_KEYS lists the same key twice")
        object.__setattr__(self, "_aeads", {kid: AESGCM(k) for kid, k in zip(ids, self.keys)})

    @property
    def primary_id(self) -> str:
        return key_id(self.keys[0])

    def aead(self, kid: str) -> AESGCM:
        try:
            return self._aeads[kid]
        except KeyError:
            raise CryptoError(
                f"no configured key has the id {kid}: was it removed from ENCRYPTION_KEYS before "
                "flask rotate-keys had re-encrypted everything?"
            ) from None

    # -- values -----------------------------------------------------------
    def encrypt_value(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self.aead(self.primary_id).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
        return f"{VALUE_PREFIX}{self.primary_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt_value(self, stored: str, context: str) -> str:
        """The plaintext of a stored value; a legacy plaintext is returned as it is."""
        if not is_sealed(stored):
            return stored
        match = _VALUE.match(stored)
        try:
            blob = base64.urlsafe_b64decode(match.group(2)) if match else b""
        except (binascii.Error, ValueError):
            blob = b""
        if len(blob) < NONCE_BYTES + TAG_BYTES:
            raise CryptoError(f"a sealed value of {context} is malformed")
        try:
            plain = self.aead(match.group(1)).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode())
        except InvalidTag:
            raise CryptoError(f"a sealed value of {context} was changed, or belongs to another column") from None
        return plain.decode("utf-8")

    def needs_rotation(self, stored: str | None) -> bool:
        """A stored value not sealed with the first key (legacy plaintext included)."""
        return stored is not None and not stored.startswith(f"{VALUE_PREFIX}{self.primary_id}:")

    # -- keyed hashes -----------------------------------------------------
    def search_hash(self, purpose: str, value: str) -> str:
        """HMAC-SHA256 of a normalised value: equal values give equal hashes,
        so a column of them can be searched, but without the search key a
        national register number (11 digits, easy to enumerate) cannot be
        found back from its hash."""
        return hmac.new(self.search_key, f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()


def is_sealed(stored: str) -> bool:
    return stored.startswith(VALUE_PREFIX)


# -- files -----------------------------------------------------------------
def _chunk_nonce(base: bytes, index: int) -> bytes:
    return ((int.from_bytes(base, "big") + index) % (1 << 96)).to_bytes(NONCE_BYTES, "big")


def _chunk_aad(header: bytes, name: str, index: int, last: bool) -> bytes:
    return header + name.encode() + b"\0" + struct.pack(">QB", index, last)


class EncryptingWriter:
    """Writes the sealed form of what is written to it into ``target``.

    Bytes are buffered up to one chunk; a chunk is sealed once more bytes
    follow it, so that the last one, sealed at ``close``, is known to be
    last (an empty file is one empty last chunk). ``name`` is the file's
    storage key, bound to every chunk.
    """

    def __init__(self, target: BinaryIO, keyring: Keyring, name: str):
        self._target, self._name = target, name
        self._aead = keyring.aead(keyring.primary_id)
        self._base = os.urandom(NONCE_BYTES)
        self._header = FILE_MAGIC + keyring.primary_id.encode() + self._base
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        target.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, last: bool) -> None:
        nonce = _chunk_nonce(self._base, self._index)
        self._target.write(self._aead.encrypt(nonce, plain, _chunk_aad(self._header, self._name, self._index, last)))
        self._index += 1

    def close(self) -> None:
        """Seal the last chunk (the target itself is the caller's to close)."""
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True

    def __enter__(self) -> "EncryptingWriter":
        return self

    def __exit__(self, kind, *_):
        if kind is None:
            self.close()


class DecryptingReader(io.RawIOBase):
    """A seekable, read-only view of the plaintext of a sealed file.

    The plaintext size follows from the file's size (every chunk but the
    last is full); the last chunk is opened at once, so a file cut short is
    refused before anything is read. Only the chunk that holds the current
    position is kept in memory.
    """

    def __init__(self, source: BinaryIO, keyring: Keyring, name: str):
        super().__init__()
        self._source, self._name = source, name
        header = source.read(HEADER_BYTES)
        if len(header) != HEADER_BYTES or not header.startswith(FILE_MAGIC):
            raise CryptoError("not a sealed file")
        self._header = header
        kid = header[len(FILE_MAGIC):len(FILE_MAGIC) + KID_CHARS].decode("ascii", "replace")
        self.key_id = kid
        self._aead = keyring.aead(kid)
        self._base = header[-NONCE_BYTES:]
        body = source.seek(0, io.SEEK_END) - HEADER_BYTES
        if body < TAG_BYTES:
            raise CryptoError("a sealed file is cut short")
        self._chunks = (body + SEALED_CHUNK - 1) // SEALED_CHUNK
        last_sealed = body - (self._chunks - 1) * SEALED_CHUNK
        if last_sealed < TAG_BYTES:
            raise CryptoError("a sealed file is cut short")
        self._size = (self._chunks - 1) * CHUNK + last_sealed - TAG_BYTES
        self._position = 0
        self._cached: tuple[int, bytes] | None = None
        self._chunk(self._chunks - 1)  # checks the end: a file cut short is refused now

    @property
    def size(self) -> int:
        return self._size

    def _chunk(self, index: int) -> bytes:
        if self._cached and self._cached[0] == index:
            return self._cached[1]
        last = index == self._chunks - 1
        self._source.seek(HEADER_BYTES + index * SEALED_CHUNK)
        sealed = self._source.read(SEALED_CHUNK)
        try:
            plain = self._aead.decrypt(
                _chunk_nonce(self._base, index), sealed, _chunk_aad(self._header, self._name, index, last)
            )
        except InvalidTag:
            raise CryptoError("a sealed file was changed, cut short, reordered or belongs to another name") from None
        self._cached = (index, plain)
        return plain

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def readinto(self, buffer) -> int:
        if self._position >= self._size:
            return 0
        index, within = divmod(self._position, CHUNK)
        piece = self._chunk(index)[within:within + len(buffer)]
        buffer[:len(piece)] = piece
        self._position += len(piece)
        return len(piece)

    def close(self) -> None:
        if not self.closed:
            self._source.close()
            self._cached = None
        super().close()


def open_file(path: Path, keyring: Keyring, name: str) -> BinaryIO:
    """The plaintext of a stored file, seekable; a legacy plaintext file
    (stored before encryption, not yet rewritten by ``flask rotate-keys``)
    is opened as it is."""
    source = open(path, "rb")
    try:
        if source.read(len(FILE_MAGIC)) != FILE_MAGIC:
            source.seek(0)
            return source
        source.seek(0)
        return io.BufferedReader(DecryptingReader(source, keyring, name), buffer_size=CHUNK)
    except BaseException:
        source.close()
        raise


def file_key_id(path: Path) -> str | None:
    """The key id a stored file is sealed with; None for a legacy plaintext file."""
    with open(path, "rb") as source:
        header = source.read(HEADER_BYTES)
    if len(header) != HEADER_BYTES or not header.startswith(FILE_MAGIC):
        return None
    return header[len(FILE_MAGIC):len(FILE_MAGIC) + KID_CHARS].decode("ascii", "replace")


# -- private files and folders --------------------------------------------
def private_folder(path: Path) -> Path:
    """Create the folder if needed and make it 0700: other local users must
    not even list the random names of the files inside."""
    if not path.parent.exists():
        private_folder(path.parent)  # folders made here are private too
    path.mkdir(mode=0o700, exist_ok=True)
    if path.stat().st_mode & 0o077:
        try:
            os.chmod(path, 0o700)
        except PermissionError:  # another user's folder: say so, but still start
            logging.getLogger(__name__).warning("cannot make %s private (0700): it belongs to another user", path)
    return path


def create_private(path: Path) -> BinaryIO:
    """A new file only its owner may read (0600), failing if it exists."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _key_file(path: Path) -> str:
    """The key kept in ``path``, written once if it does not exist yet.

    Written to a temporary name and linked into place: the link fails if
    another worker made the file first (like O_EXCL), and nobody can read a
    file that exists but is still empty.
    """
    if not path.exists():
        private_folder(path.parent)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        with create_private(temporary) as handle:
            handle.write(f"{new_key_text()}\n".encode())
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text()


def load_keyring(encryption_keys: str | None, search_key: str | None, instance_path: Path) -> Keyring:
    """Keys from the configuration, else from key files in the instance folder."""
    keys = parse_keys(encryption_keys or _key_file(instance_path / KEY_FILE))
    search = parse_keys(search_key or _key_file(instance_path / SEARCH_KEY_FILE), "SEARCH_KEY")
    if len(search) != 1:
        raise KeyConfigError("SEARCH_KEY holds one key only: it never rotates")
    return Keyring(tuple(keys), search[0])


def init_app(app) -> None:
    app.extensions[EXTENSION] = load_keyring(
        app.config.get("ENCRYPTION_KEYS"), app.config.get("SEARCH_KEY"), Path(app.instance_path)
    )


def keyring() -> Keyring:
    """The running application's keys."""
    from flask import current_app

    return current_app.extensions[EXTENSION]
