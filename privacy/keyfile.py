"""The key ring from settings, or (on a laptop) from a key file created on first use.

Production sets ``ENROLLFLOW_PRIVACY_KEYS`` (comma-separated ``<id>:<base64>``, active first) and
``ENROLLFLOW_PRIVACY_HASH_KEY``. When they are unset, ``<data>/privacy.keys`` (mode 0600) is
created with one fresh key of each, so ``make demo`` encrypts without setup.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from privacy.crypto import KeyRing, new_key


def load_keyring(keys: str | None, hash_key: str | None, key_file: Path) -> KeyRing:
    """Parse the settings; fall back to (or create) ``key_file`` when both are unset."""
    if keys or hash_key:
        if not (keys and hash_key):
            raise ValueError(
                "set both ENROLLFLOW_PRIVACY_KEYS and ENROLLFLOW_PRIVACY_HASH_KEY (or neither, to "
                "use a local key file)"
            )
        return KeyRing.parse(keys, hash_key)
    key_file = Path(key_file)
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        doc = {"keys": new_key("k1"), "hash_key": new_key("h1")}
        # written whole under a temporary name, then linked into place: two processes creating
        # it at once agree on one file (the loser's link fails and it reads the winner's)
        fd, tmp = tempfile.mkstemp(dir=key_file.parent, prefix=".privacy-keys-")
        try:
            with os.fdopen(fd, "w") as fh:
                json.dump(doc, fh)
            with contextlib.suppress(FileExistsError):
                os.link(tmp, key_file)
        finally:
            os.unlink(tmp)
    doc = json.loads(key_file.read_text())
    return KeyRing.parse(doc["keys"], doc["hash_key"])


def settings_keyring() -> KeyRing:
    """The key ring of the current settings (what an ops store opened without keys uses)."""
    from enrollflow.settings import get_settings

    settings = get_settings()
    return load_keyring(
        settings.privacy_keys, settings.privacy_hash_key, settings.data_dir / "privacy.keys"
    )
