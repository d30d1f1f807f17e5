"""The privacy key ring as a resource (key ``privacy_keys``), built from settings."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from enrollflow.settings import get_settings
from privacy.crypto import KeyRing
from privacy.keyfile import load_keyring


class PrivacyKeysResource(dg.ConfigurableResource):
    """``ENROLLFLOW_PRIVACY_KEYS`` / ``_HASH_KEY``, or the local key file when both are unset."""

    encryption_keys: str | None = None
    hash_key: str | None = None
    key_file: str

    def keyring(self) -> KeyRing:
        return load_keyring(self.encryption_keys, self.hash_key, Path(self.key_file))


def privacy_keys_resource() -> PrivacyKeysResource:
    """The resource for the current settings (secrets through ``dg.EnvVar`` when set)."""
    settings = get_settings()
    key_file = str((settings.data_dir / "privacy.keys").resolve())
    if settings.privacy_keys:
        return PrivacyKeysResource(
            encryption_keys=dg.EnvVar("ENROLLFLOW_PRIVACY_KEYS"),
            hash_key=dg.EnvVar("ENROLLFLOW_PRIVACY_HASH_KEY"),
            key_file=key_file,
        )
    return PrivacyKeysResource(key_file=key_file)
