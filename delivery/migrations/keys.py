"""The key ring a revision seals, opens or hashes existing rows with.

``delivery.store.migrate`` hands its store to Alembic (``config.attributes["store"]``), so a
revision run by the application uses that store's keys; the ``alembic`` command line reads them
from the settings (:func:`privacy.keyfile.settings_keyring`).
"""

from __future__ import annotations

from alembic import context


def migration_keys():
    """The store's :class:`~privacy.crypto.KeyRing` for the revision being run."""
    store = context.config.attributes.get("store")
    if store is not None:
        return store.keys
    from privacy.keyfile import settings_keyring  # the `alembic` command line

    return settings_keyring()
