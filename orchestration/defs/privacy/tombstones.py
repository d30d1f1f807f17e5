"""The erased people's tombstones for the ingest assets (read from the ops store and settings)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from delivery.store import open_store
from enrollflow.settings import get_settings
from privacy.keyfile import load_keyring
from privacy.tombstones import TombstoneFilter


def ingest_tombstones() -> TombstoneFilter | None:
    """The tombstones, or ``None`` when no erasure ever ran (no SQLite store file or no key)."""
    settings = get_settings()
    url = sa.make_url(settings.ops_store)
    key_file = settings.data_dir / "privacy.keys"
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        return None
    if not (settings.privacy_keys or key_file.exists()):
        return None  # no key was ever made, so no tombstone can exist
    store = open_store(settings.ops_store)
    try:
        keys = load_keyring(settings.privacy_keys, settings.privacy_hash_key, key_file)
        return TombstoneFilter.load(store, keys)
    finally:
        store.dispose()
