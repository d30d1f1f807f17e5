"""Reading the ops store's sealed address columns back in tests (privacy.codec seals them)."""

from __future__ import annotations

import sqlalchemy as sa


def opened_rows(store, table) -> list[dict]:
    """The table's rows, their sealed address opened (``address``) as the webhook stored it."""
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sa.select(table)).mappings()]
    for r in rows:
        if "address_enc" in r:
            r["address"] = store.keys.decrypt(r["address_enc"], column=f"{table.name}.address_enc")
    return rows
