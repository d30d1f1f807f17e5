"""Benchmark: the ops-store export of N send-ledger rows into ``raw_ops__send_ledger``, rows/s,
beside a plain read of the same table (SQLite: ``SELECT *`` fetched; Postgres: ``COPY ... TO
STDOUT``).

``ops_export_sqlite`` / ``ops_export_postgres``: N = ``--contacts`` (default 1,000,000) ledger rows
in a fresh ops store (one message per contact, sent and submitted, ``updated_at`` spread over a
day), then, timed: ``export_ops_store(streams=["send_ledger"])`` -- keyset-chunked short reads,
``row_hash`` per row, the overlap's hashes kept, JSON lines written and renamed into
``landing/ops/<day>/`` -- plus the ordinary ``ingest_source`` of that day into the raw table. The
baseline reads the same rows once, with nothing else (no chunks, no hashing, no files, no load).
Also reported: a re-run with nothing changed (the incremental cost: the overlap is re-read).

Run small: ``python -m bench ops_export_sqlite ops_export_postgres --contacts 50000``.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from bench.runner import Result, benchmark, config, throwaway_postgres
from delivery.journeys.bulk import insert_ignore
from delivery.ledger import seal_addresses
from delivery.store import Store, open_store
from delivery.store.schema import send_ledger
from enrollflow.ingest import ingest_source
from enrollflow.ingest.ops_export import export_ops_store

START = dt.datetime(2026, 6, 1)
_FILL_CHUNK = 100_000


def _fill(store: Store, n: int) -> None:
    """``n`` submitted email rows of one campaign, ``updated_at`` spread evenly over a day."""
    for lo in range(0, n, _FILL_CHUNK):
        i = np.arange(lo, min(lo + _FILL_CHUNK, n))
        contacts = pd.Series(i).map(lambda k: f"c_{k:07d}")
        stamps = pd.Series(START + pd.to_timedelta(i * (86_400 / max(n, 1)), unit="s"))
        frame = pd.DataFrame(
            {
                "ledger_id": "bench:invite:" + contacts + ":email:1",
                "campaign_id": "bench",
                "step_id": "invite",
                "contact_id": contacts,
                "channel": "email",
                "occurrence": 1,
                "variant_id": np.where(i % 2 == 0, "A", "B"),
                **dict(
                    zip(
                        ("to_address_enc", "to_address_hash"),
                        seal_addresses(store, "email", contacts + "@example.edu"),
                        strict=True,
                    )
                ),
                "provider": "sendgrid",
                "state": "submitted",
                "attempts": 1,
                "content_sha256": "ab" * 32,
                "provider_message_id": "sg-" + contacts,
                "created_at": stamps,
                "updated_at": stamps,
                "sending_at": stamps,
                "submitted_at": stamps,
            }
        )
        with store.begin() as conn:
            insert_ignore(conn, send_ledger, frame, list(frame.columns))


def _plain_read(store: Store) -> tuple[float, int]:
    """Seconds and rows of one plain read of the whole ledger (the floor)."""
    raw = store.engine.raw_connection()
    try:
        began = time.perf_counter()
        cur = raw.cursor()
        if store.dialect == "postgresql":
            buffer = io.StringIO()
            cur.copy_expert("COPY send_ledger TO STDOUT", buffer)
            rows = buffer.getvalue().count("\n")
        else:
            cur.execute("SELECT * FROM send_ledger")
            rows = len(cur.fetchall())
        return time.perf_counter() - began, rows
    finally:
        raw.close()


def _run(store: Store, label: str) -> Result:
    n = config().contacts
    scratch = config().data_dir / "bench" / f"ops_export_{label}"
    shutil.rmtree(scratch, ignore_errors=True)
    landing = scratch / "landing"
    began = time.perf_counter()
    _fill(store, n)
    fill_seconds = time.perf_counter() - began
    now = START + dt.timedelta(days=1, hours=1)
    try:
        began = time.perf_counter()
        exported = export_ops_store(store, landing, now, streams=["send_ledger"])
        export_seconds = time.perf_counter() - began
        with duckdb.connect(str(scratch / "warehouse.duckdb")) as con:
            ingest_source(
                con, landing, "ops", now.date(), now.date(), now, tables=["raw_ops__send_ledger"]
            )
            seconds = time.perf_counter() - began
            landed = con.execute("SELECT count(*) FROM raw_ops__send_ledger").fetchone()[0]
        began = time.perf_counter()
        rerun = export_ops_store(
            store, landing, now + dt.timedelta(minutes=1), streams=["send_ledger"]
        )
        rerun_seconds = time.perf_counter() - began
        floor_seconds, floor_rows = _plain_read(store)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Result(
        figure=landed / seconds,
        unit="rows/s",
        baseline=floor_rows / floor_seconds,
        baseline_label=(
            "COPY send_ledger TO STDOUT"
            if label == "postgres"
            else "SELECT * FROM send_ledger, fetched"
        ),
        details={
            "ledger_rows": n,
            "rows_landed": landed,
            "records_exported": exported.records_written,
            "export_seconds": round(export_seconds, 3),
            "export_and_ingest_seconds": round(seconds, 3),
            "export_rows_per_s": round(n / export_seconds, 1),
            "rerun_records": rerun.records_written,
            "rerun_seconds": round(rerun_seconds, 3),
            "baseline_seconds": round(floor_seconds, 3),
            "fill_seconds": round(fill_seconds, 3),
        },
    )


@benchmark("ops_export_sqlite")
def ops_export_sqlite() -> Result:
    scratch = Path(config().data_dir) / "bench" / "ops_export_store"
    shutil.rmtree(scratch, ignore_errors=True)
    store = open_store(f"sqlite:///{scratch / 'ops.sqlite'}", create=True)
    try:
        return _run(store, "sqlite")
    finally:
        store.dispose()
        shutil.rmtree(scratch, ignore_errors=True)


@benchmark("ops_export_postgres")
def ops_export_postgres() -> Result:
    with throwaway_postgres("ops_export") as url:
        store = open_store(url)
        try:
            return _run(store, "postgres")
        finally:
            store.dispose()
