"""Key rotation (``flask rotate-keys``): seal again, under the first key of
ENCRYPTION_KEYS, every encrypted column and every stored file that another
key sealed, and seal what was stored before encryption existed.

It runs while the form is in use (no downtime), so it never holds much at
once and never overwrites a save made meanwhile:

- rows are read in small batches by id, one short transaction per batch;
- each value is written back with a plain ``UPDATE ... WHERE id = :id AND
  column = :old_ciphertext``: if the applicant saved in between, the row
  no longer holds the old ciphertext, nothing is written, and their save
  (already sealed with the first key) stands. The ``version`` column of
  the optimistic lock is not bumped, so no open page looks stale;
- files are written to a new name and moved over the old one
  (``os.replace``): a reader gets the old file or the new one, whole.

Which columns are encrypted is read from the models (every ``SealedText``
column), so a column sealed later is rotated without touching this module.
Running it again finds nothing to do: it is idempotent.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import String, Text, column, select, table, update

from . import crypto
from .models import SealedText, db, national_number_hmac

BATCH = 100


@dataclass
class Rotated:
    rows: int = 0
    files: int = 0


def sealed_columns() -> dict[str, list[tuple[str, str]]]:
    """Table name -> [(column name, associated data)] of the encrypted columns."""
    found: dict[str, list[tuple[str, str]]] = {}
    for model_table in db.metadata.sorted_tables:
        for model_column in model_table.columns:
            if isinstance(model_column.type, SealedText):
                found.setdefault(model_table.name, []).append((model_column.name, model_column.type.column))
    return found


def _with_search_hash(table_name: str, name: str, plaintext: str) -> dict:
    """The answers carry the national register number: its keyed hash is
    written with them (rows stored before the hash existed get it here)."""
    if (table_name, name) != ("applications", "answers"):
        return {}
    answers = json.loads(plaintext)
    number = answers.get("national_number") if isinstance(answers, dict) else None
    return {"national_number_hmac": national_number_hmac(number)}


def rotate_rows(table_name: str, columns: list[tuple[str, str]]) -> int:
    keys = crypto.keyring()
    extra = [column("national_number_hmac", String)] if table_name == "applications" else []
    raw = table(table_name, column("id"), *(column(name, Text) for name, _ in columns), *extra)
    changed_rows, last = 0, 0
    while True:
        batch = db.session.execute(
            select(raw.c.id, *(raw.c[name] for name, _ in columns)).where(raw.c.id > last).order_by(raw.c.id).limit(BATCH)
        ).all()
        if not batch:
            return changed_rows
        for row in batch:
            changed = False
            for name, context in columns:
                old = row._mapping[name]
                if not keys.needs_rotation(old):
                    continue
                try:
                    plaintext = keys.decrypt_value(old, context)
                except crypto.CryptoError as error:
                    raise crypto.CryptoError(f"{table_name} row {row.id}: {error}") from None
                values = {name: keys.encrypt_value(plaintext, context), **_with_search_hash(table_name, name, plaintext)}
                written = db.session.execute(
                    update(raw).where(raw.c.id == row.id, raw.c[name] == old).values(**values)
                ).rowcount
                changed = changed or written == 1
            changed_rows += changed
        db.session.commit()
        last = batch[-1].id


def rotate_keys() -> Rotated:
    """Re-encrypt every row and file not sealed with the first key."""
    from .uploads import storage

    result = Rotated()
    for table_name, columns in sealed_columns().items():
        result.rows += rotate_rows(table_name, columns)
    files = storage()
    for key in files.keys():
        result.files += files.reencrypt(key)
    return result
