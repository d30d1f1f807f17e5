"""The key ring from settings, or (on a laptop) from a key file created on first use.

Production sets ``ENROLLFLOW_PRIVACY_KEYS`` (comma-separated ``<id>:<base64>``, active first) and
``ENROLLFLOW_PRIVACY_HASH_KEY``. When they are unset, ``<data>/privacy.keys`` (mode 0600) is
created with one fresh key of each, so ``make demo`` encrypts without setup.
"""

from __future__ import annotations

import json
import os
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
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(doc, fh)
    doc = json.loads(key_file.read_text())
    return KeyRing.parse(doc["keys"], doc["hash_key"])
