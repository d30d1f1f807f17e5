"""One client per platform, all speaking :class:`delivery.social.platforms.base.PlatformClient`.

``client_for(platform, base_urls=...)`` builds the client for a platform name; base URLs are
overridable (tests point them at local fakes).
"""

from __future__ import annotations

import httpx

from delivery.social.errors import ConfigError
from delivery.social.platforms.base import (
    Engagement,
    PlatformClient,
    PostContent,
    Published,
    RemotePost,
)

__all__ = ["Engagement", "PlatformClient", "PostContent", "Published", "RemotePost", "client_for"]


def client_for(platform: str, base_url: str | None = None, **kw) -> PlatformClient:
    """The client of ``platform`` (``facebook``, ``instagram``, ``linkedin``, ``x``)."""
    if platform == "facebook":
        from delivery.social.platforms.facebook import FacebookClient as cls
    elif platform == "instagram":
        from delivery.social.platforms.instagram import InstagramClient as cls
    elif platform == "linkedin":
        from delivery.social.platforms.linkedin import LinkedInClient as cls
    elif platform == "x":
        from delivery.social.platforms.x import XClient as cls
    else:
        raise ConfigError(f"unknown platform {platform!r}: use facebook, instagram, linkedin or x")
    if "timeout" in kw:
        timeout = float(kw.pop("timeout"))
        kw["timeout"] = httpx.Timeout(timeout, connect=min(5.0, timeout))
    return cls(base_url=base_url, **kw) if base_url else cls(**kw)
