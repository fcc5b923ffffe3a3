"""The daily purge (`flask purge-expired`) with 100,000 drafts against 1,000,
a handful expired in each, on SQLite and on PostgreSQL, side by side.

    .venv/bin/python bench/purge_scale.py [--quick]

Figure `purge_100k_vs_1k_<database>`: the purge's time with the large table
over its time with the small one (min of interleaved rounds). Every
statement of the purge goes through an index, so it should not grow with
the table: <= 1.5. `--quick` uses 20,000 drafts for the large table.

Rows are written in bulk (executemany of one sealed value), not through the
form: only their number matters here. Each round sets the expiry of five
drafts (and the sending date of one sent application) in the past, then
times one purge, which deletes them. PostgreSQL uses the database
webform_bench_store (created if needed: BENCH_PURGE_PG_URL to change it),
one schema per size.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure, load_average, note, side_by_side  # noqa: E402

# What the runner (bench/runner.py) expects this script to print, and its time budgets.
FIGURES = ["purge_100k_vs_1k_sqlite", "purge_100k_vs_1k_postgresql"]
QUICK_SECONDS = 90
FULL_SECONDS = 900

PG_URL = os.environ.get("BENCH_PURGE_PG_URL", "postgresql+psycopg://webform:webform@127.0.0.1:5432/webform_bench_store")
EXPIRED_PER_ROUND = 5
BATCH = 5_000


def make_app(url: str, folder: Path):
    os.environ["WEBFORM_INSTANCE_PATH"] = str(folder)
    from webform import create_app

    return create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})


def fill(app, drafts: int) -> None:
    """``drafts`` drafts valid for 90 days, each with a draft session, one
    attachment per 50 drafts, and 1 % sent applications."""
    from sqlalchemy import insert

    from webform import crypto
    from webform.models import Application, Attachment, DraftSession, db, utcnow

    with app.app_context():
        db.drop_all()
        db.create_all()
        keyring = crypto.keyring()
        answers = keyring.encrypt_value("{}", "applications.answers")
        steps = keyring.encrypt_value("[]", "applications.completed_steps")
        pending = keyring.encrypt_value("{}", "applications.pending_input")
        name = keyring.encrypt_value("rapport.pdf", "attachments.original_name")
        now = utcnow()
        table = Application.__table__
        for start in range(0, drafts, BATCH):
            rows = []
            for i in range(start, min(start + BATCH, drafts)):
                sent = i % 100 == 99
                rows.append({
                    "public_id": f"p{i:08d}", "language": "fr", "status": "submitted" if sent else "draft",
                    "answers": answers, "completed_steps": steps, "pending_input": pending,
                    "reference": f"r{i:010d}" if sent else None, "created_at": now, "updated_at": now,
                    "submitted_at": now if sent else None, "version": 1, "resume_failures": 0, "resume_locks": 0,
                    "expires_at": now + timedelta(days=90),
                })
            with db.engine.begin() as connection:
                connection.execute(insert(table).execution_options(render_nulls=True), rows)
                ids = [row.id for row in connection.execute(table.select().with_only_columns(table.c.id).where(table.c.id > start).order_by(table.c.id).limit(len(rows)))]
                connection.execute(insert(DraftSession.__table__), [
                    {"token_hash": f"t{i:063d}", "application_id": i, "created_at": now} for i in ids
                ])
                connection.execute(insert(Attachment.__table__), [
                    {"application_id": i, "public_id": f"a{i:030d}", "storage_key": f"{i:064d}", "original_name": name,
                     "kind": "other", "media_type": "application/pdf", "size": 1000, "sha256": "0" * 64, "created_at": now}
                    for i in ids[::50]
                ])
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("ANALYZE")


def timed_purge(app, drafts: int, round_number: list[int]):
    """One round: a few drafts and one sent application expire, then the purge (timed)."""
    from sqlalchemy import update

    from webform.models import Application, db, utcnow
    from webform.retention import purge

    def measure() -> float:
        round_number[0] += 1
        with app.app_context():
            now = utcnow()
            ids = [round_number[0] * 10 + k * 100 + 1 for k in range(EXPIRED_PER_ROUND)]  # drafts (sent: id % 100 == 0)
            db.session.execute(update(Application).where(Application.id.in_(ids)).values(expires_at=now - timedelta(days=1)))
            db.session.execute(update(Application).where(Application.id == round_number[0] * 100).values(submitted_at=now - timedelta(days=400)))
            db.session.commit()
            started = time.perf_counter()
            purged = purge()
            elapsed = time.perf_counter() - started
            assert purged.drafts == EXPIRED_PER_ROUND, purged
            db.session.remove()
        return elapsed * 1000
    return measure


def ensure_pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1].split("?")[0]
    exists = subprocess.run(["su", "postgres", "-c", f"psql -tAc \"SELECT 1 FROM pg_database WHERE datname='{name}'\""],
                            capture_output=True, text=True, timeout=30)
    if exists.returncode == 0 and exists.stdout.strip() != "1":
        subprocess.run(["su", "postgres", "-c", f"createdb -O webform {name}"], check=True, timeout=30)


def pg_schema_url(url: str, schema: str) -> str:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {schema} AUTHORIZATION webform")
    engine.dispose()
    return f"{url}?options=-csearch_path%3D{schema}"


def run(database: str, small: int, large: int, folder: Path) -> None:
    from webform.models import db

    if database == "sqlite":
        urls = {n: f"sqlite:///{folder / f'purge_{n}.sqlite'}" for n in (small, large)}
    else:
        ensure_pg_database(PG_URL)
        urls = {n: pg_schema_url(PG_URL, f"purge_{n}") for n in (small, large)}
    apps = {}
    for n, url in urls.items():
        started = time.perf_counter()
        apps[n] = make_app(url, folder / f"instance_{database}_{n}")
        fill(apps[n], n)
        note(f"{database}: {n:,} drafts written in {time.perf_counter() - started:.1f} s")
    counters = {n: [0] for n in apps}
    results = side_by_side({n: timed_purge(apps[n], n, counters[n]) for n in apps}, rounds=5)
    low = {n: min(values) for n, values in results.items()}
    note(f"{database}: purge {low[small]:.1f} ms with {small:,} drafts, {low[large]:.1f} ms with {large:,} "
         f"(min of 5 interleaved rounds; all: {', '.join(f'{n}: ' + ' '.join(f'{v:.1f}' for v in vs) for n, vs in results.items())})")
    figure(f"purge_100k_vs_1k_{database}", low[large] / low[small], 1.5)
    for app in apps.values():
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 drafts for the large table")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    note(load_average())
    large = 20_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory(prefix="bench-purge-") as folder:
        for database in args.databases.split(","):
            run(database, 1_000, large, Path(folder))


if __name__ == "__main__":
    main()
