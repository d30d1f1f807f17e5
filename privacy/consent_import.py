"""Import the CRM's consent decisions into the consent ledger, keeping their provenance.

Each ``raw_crm__consent_events`` row becomes one ledger row with ``source="import"``, the CRM's
own source in ``wording_version`` (``crm:signup_form``, ``crm:checkout``, ...), its event id in
``external_id`` (``crm:<id>``, so a re-import adds nothing) and its own ``occurred_at``. The
address is the contact's latest email (or phone for SMS) in the send path's canonical form
(:func:`privacy.consent.consent_address`: E.164 phones, lower-case emails), encrypted, with its
keyed hash: a CRM phone written ``+44 (0)7911 123456`` is found as ``+447911123456``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import sqlalchemy as sa

from delivery.store import Store, to_utc_naive
from privacy.consent import ConsentError, consent_address
from privacy.crypto import KeyRing
from privacy.tables import consent_ledger

BATCH = 5_000
_QUERY = """
    WITH latest AS (
        SELECT contact_id, email, phone,
               row_number() OVER (PARTITION BY contact_id ORDER BY updated_at DESC) AS n
        FROM raw_crm__contacts
    )
    SELECT e.consent_event_id, e.contact_id, e.channel, e.status, e.source, e.occurred_at,
           CASE WHEN e.channel = 'sms' THEN l.phone ELSE l.email END AS address
    FROM raw_crm__consent_events e JOIN latest l ON l.contact_id = e.contact_id AND l.n = 1
    ORDER BY e.occurred_at, e.consent_event_id
"""


def import_crm_consent(
    store: Store, keys: KeyRing, warehouse: Path, *, now: dt.datetime
) -> dict[str, int]:
    """Add the CRM consent events not yet in the ledger; return ``imported`` / ``skipped`` /
    ``unaddressable`` counts.

    Events whose contact has no address for the channel are skipped (counted); those whose
    address has no canonical form (a phone that is not a valid number,
    :func:`~privacy.consent.consent_address`) are not written either, counted as
    ``unaddressable`` (and tried again by the next import, once the CRM record is fixed). A
    warehouse without the CRM's raw tables (nothing ingested yet) imports nothing.
    """
    if not Path(warehouse).exists():
        return {"imported": 0, "skipped": 0, "unaddressable": 0}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if not {"raw_crm__consent_events", "raw_crm__contacts"} <= present:
            return {"imported": 0, "skipped": 0, "unaddressable": 0}
        rows = con.execute(_QUERY).fetchall()
    with store.engine.connect() as conn:
        known = set(
            conn.execute(
                sa.select(consent_ledger.c.external_id).where(consent_ledger.c.source == "import")
            ).scalars()
        )
    recorded = to_utc_naive(now)
    batch: list[dict] = []
    imported = skipped = unaddressable = 0
    for event_id, contact_id, channel, status, source, occurred_at, address in rows:
        external = f"crm:{event_id}"
        if external in known:
            continue
        if not address or channel not in ("email", "sms"):
            skipped += 1
            continue
        try:
            canonical = consent_address(channel, address)
        except ConsentError:
            unaddressable += 1
            continue
        known.add(external)
        batch.append(
            {
                "contact_id": contact_id,
                "channel": channel,
                "topic": "marketing",
                "status": "granted" if status == "granted" else "withdrawn",
                "source": "import",
                "wording_version": f"crm:{source}" if source else "crm",
                "address_hash": keys.hash("address", canonical),
                "address_enc": keys.encrypt(canonical, column="consent_ledger.address_enc"),
                "occurred_at": to_utc_naive(occurred_at),
                "recorded_at": recorded,
                "external_id": external,
            }
        )
        if len(batch) >= BATCH:
            imported += _flush(store, batch)
    imported += _flush(store, batch)
    return {"imported": imported, "skipped": skipped, "unaddressable": unaddressable}


def _flush(store: Store, batch: list[dict]) -> int:
    if not batch:
        return 0
    with store.begin() as conn:
        conn.execute(consent_ledger.insert(), batch)
    n = len(batch)
    batch.clear()
    return n
