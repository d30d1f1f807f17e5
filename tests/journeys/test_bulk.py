"""The engine's bulk writes: INSERT-or-ignore semantics on both stores, whichever path runs.

On Postgres the rows are first COPied straight into the table and, on a unique violation,
written again through a staging table with ``ON CONFLICT DO NOTHING``; on SQLite it is
multi-row ``INSERT OR IGNORE`` statements of up to 500 rows. Either way existing rows stay as
they were and only new keys are added.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from delivery.journeys import bulk
from delivery.journeys.sending import LEDGER_COLUMNS
from delivery.store.schema import send_ledger as L

NOW = dt.datetime(2026, 3, 2, 9, 0)


def _ledger(contacts: list[str], variant: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ledger_id": [f"cmp:s1:{c}:email:1" for c in contacts],
            "campaign_id": "cmp",
            "step_id": "s1",
            "contact_id": contacts,
            "channel": "email",
            "occurrence": 1,
            "variant_id": variant,
            # the bulk writer only carries text: a stand-in for the sealed recipient
            "to_address_enc": [f"{c}@x.edu" for c in contacts],
            "to_address_hash": None,
            "state": "pending",
            "attempts": 0,
            "created_at": NOW,
            "updated_at": NOW,
        }
    )


def _variants(store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.select(L.c.contact_id, L.c.variant_id)).all())


def test_insert_ignore_adds_new_keys_and_keeps_existing_rows(store):
    # unsorted on purpose: the writer orders rows by key itself
    with store.begin() as conn:
        bulk.insert_ignore(conn, L, _ledger(["c3", "c1", "c2"], "A"), LEDGER_COLUMNS)
    assert _variants(store) == {"c1": "A", "c2": "A", "c3": "A"}
    # a rerun overlapping the first (c2, c3), with new keys (c4, c5) and a duplicate in the frame
    rerun = _ledger(["c5", "c2", "c4", "c3", "c4"], "B")
    with store.begin() as conn:
        bulk.insert_ignore(conn, L, rerun, LEDGER_COLUMNS)
        # the transaction is still usable after the fallback (the savepoint was rolled back)
        assert conn.execute(sa.select(sa.func.count()).select_from(L)).scalar_one() == 5
    assert _variants(store) == {"c1": "A", "c2": "A", "c3": "A", "c4": "B", "c5": "B"}
    with store.engine.connect() as conn:
        attempts = conn.execute(sa.select(sa.func.sum(L.c.attempts))).scalar_one()
    assert attempts == 0


def test_insert_ignore_of_only_existing_keys_changes_nothing(store):
    with store.begin() as conn:
        bulk.insert_ignore(conn, L, _ledger(["c1", "c2"], "A"), LEDGER_COLUMNS)
    with store.begin() as conn:
        bulk.insert_ignore(conn, L, _ledger(["c2", "c1"], "B"), LEDGER_COLUMNS)
    assert _variants(store) == {"c1": "A", "c2": "A"}


def test_many_rows_with_awkward_text_and_nulls_arrive_intact(store):
    # more rows than one chunk of the COPY stream and than one multi-row INSERT on SQLite (the
    # last statement shorter than the others), with values CSV must quote and NULLs
    contacts = [f"c{i:05d}" for i in range(2_750)]
    frame = _ledger(contacts, "A")
    addresses = [f'"{c}", line\nbreak@x.edu' if i % 7 else None for i, c in enumerate(contacts)]
    variants = [None if i % 3 == 0 else "B,2" for i in range(len(contacts))]
    frame["to_address_enc"] = addresses
    frame["variant_id"] = variants
    with store.begin() as conn:
        bulk.insert_ignore(conn, L, frame.iloc[::-1], LEDGER_COLUMNS)
    with store.engine.connect() as conn:
        got = conn.execute(
            sa.select(L.c.contact_id, L.c.to_address_enc, L.c.variant_id).order_by(L.c.contact_id)
        ).all()
    assert [tuple(r) for r in got] == list(zip(contacts, addresses, variants, strict=True))
    # a staged update of the same rows (COPY into a temporary table, then UPDATE ... FROM)
    moved = frame[["ledger_id"]].assign(state="skipped")
    with store.begin() as conn:
        bulk.update_by_key(conn, L, moved, ["ledger_id"], ["state"])
    with store.engine.connect() as conn:
        states = conn.execute(sa.select(L.c.state).distinct()).scalars().all()
    assert states == ["skipped"]
