"""What a social post says: its content and the hash platforms' echoes are matched by.

Kept apart from the platform clients (``delivery.social.platforms``, which load ``httpx``) so that
validating a campaign's social nodes does not load an HTTP client.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

__all__ = ["PostContent", "text_sha256"]


def text_sha256(text: str) -> str:
    """Hash of a post's text as platforms echo it back (NFC, trimmed, CRLF → LF)."""
    norm = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()
    return hashlib.sha256(norm.encode()).hexdigest()


@dataclass(frozen=True)
class PostContent:
    """What to publish: the text (caption), an optional link and image URL."""

    text: str
    link: str | None = None
    image_url: str | None = None

    @property
    def full_text(self) -> str:
        """The text as posted where the platform has no link field (text + link)."""
        return f"{self.text}\n{self.link}" if self.link else self.text
