"""Social settings from a mapping of ``ENROLLFLOW_*`` variables (the caller passes the environment).

=====================================  ==============================================================
Variable                               Meaning
=====================================  ==============================================================
``ENROLLFLOW_FACEBOOK_APP_ID``,        Meta app (Facebook Pages and Instagram); unset: both off
``ENROLLFLOW_FACEBOOK_APP_SECRET``
``ENROLLFLOW_LINKEDIN_CLIENT_ID``,     LinkedIn app with Community Management API access
``ENROLLFLOW_LINKEDIN_CLIENT_SECRET``
``ENROLLFLOW_X_CLIENT_ID``,            X app (OAuth 2.0, confidential client, PKCE)
``ENROLLFLOW_X_CLIENT_SECRET``
``ENROLLFLOW_SOCIAL_REDIRECT_URI``     where platforms send the marketer back with the code
``ENROLLFLOW_X_POST_PRICE``            what one X post costs (your plan's price), charged to the
                                       campaign budget; default 0
``ENROLLFLOW_SOCIAL_BACKOFF_PCT``      pause an account when a usage header reaches this % (90)
``ENROLLFLOW_SOCIAL_TIMEOUT``          seconds to wait for a platform's answer (20); a publish
                                       without an answer in time is ``unknown``
``ENROLLFLOW_SOCIAL_<P>_API_URL``,     override a platform's API / OAuth host (``<P>`` = FACEBOOK,
``ENROLLFLOW_SOCIAL_<P>_OAUTH_URL``    INSTAGRAM, LINKEDIN, X; proxies and local fakes)
=====================================  ==============================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from delivery.social.errors import ConfigError
from delivery.social.limits import Limits
from delivery.social.oauth import OAuthApp, default_app
from delivery.social.platforms import PlatformClient, client_for
from delivery.social.tables import PLATFORMS

_CREDENTIALS = {
    "facebook": ("ENROLLFLOW_FACEBOOK_APP_ID", "ENROLLFLOW_FACEBOOK_APP_SECRET"),
    "instagram": ("ENROLLFLOW_FACEBOOK_APP_ID", "ENROLLFLOW_FACEBOOK_APP_SECRET"),
    "linkedin": ("ENROLLFLOW_LINKEDIN_CLIENT_ID", "ENROLLFLOW_LINKEDIN_CLIENT_SECRET"),
    "x": ("ENROLLFLOW_X_CLIENT_ID", "ENROLLFLOW_X_CLIENT_SECRET"),
}


@dataclass(frozen=True)
class SocialConfig:
    """Which platforms are configured, their apps, API hosts and the publisher's limits."""

    apps: dict[str, OAuthApp] = field(default_factory=dict)
    api_urls: dict[str, str] = field(default_factory=dict)
    redirect_uri: str = "http://127.0.0.1:8000/social/callback"
    limits: Limits = field(default_factory=Limits)
    timeout: float = 20.0

    def __repr__(self) -> str:
        return f"SocialConfig(platforms={sorted(self.apps)})"

    @classmethod
    def from_mapping(cls, env: Mapping[str, str]) -> SocialConfig:
        apps, urls = {}, {}
        for p in PLATFORMS:
            cid, secret = (env.get(k, "") for k in _CREDENTIALS[p])
            if not cid:
                continue
            if not secret:
                raise ConfigError(
                    f"{_CREDENTIALS[p][1]} is empty: set it with {_CREDENTIALS[p][0]}"
                )
            oauth_url = env.get(f"ENROLLFLOW_SOCIAL_{p.upper()}_OAUTH_URL") or None
            apps[p] = default_app(p, cid, secret).at(oauth_url, oauth_url)
            if env.get(f"ENROLLFLOW_SOCIAL_{p.upper()}_API_URL"):
                urls[p] = env[f"ENROLLFLOW_SOCIAL_{p.upper()}_API_URL"]
        try:
            limits = Limits(
                x_post_price=float(env.get("ENROLLFLOW_X_POST_PRICE") or 0.0),
                backoff_at_pct=float(env.get("ENROLLFLOW_SOCIAL_BACKOFF_PCT") or 90.0),
            )
        except ValueError as exc:
            raise ConfigError(f"ENROLLFLOW_X_POST_PRICE / _SOCIAL_BACKOFF_PCT: {exc}") from None
        if limits.x_post_price < 0 or not 0 < limits.backoff_at_pct <= 100:
            raise ConfigError(
                "ENROLLFLOW_X_POST_PRICE must be >= 0 and _SOCIAL_BACKOFF_PCT in (0, 100]"
            )
        redirect = env.get("ENROLLFLOW_SOCIAL_REDIRECT_URI") or cls.redirect_uri
        try:
            timeout = float(env.get("ENROLLFLOW_SOCIAL_TIMEOUT") or 20.0)
        except ValueError:
            raise ConfigError("ENROLLFLOW_SOCIAL_TIMEOUT must be a number of seconds") from None
        return cls(apps, urls, redirect, limits, timeout)

    def app(self, platform: str) -> OAuthApp:
        if platform not in _CREDENTIALS:
            raise ConfigError(f"unknown platform {platform!r}: use {', '.join(PLATFORMS)}")
        if platform not in self.apps:
            a, b = _CREDENTIALS[platform]
            raise ConfigError(f"{platform} is not configured: set {a} and {b}")
        return self.apps[platform]

    def clients(self) -> dict[str, PlatformClient]:
        """One API client per configured platform."""
        return {p: client_for(p, self.api_urls.get(p), timeout=self.timeout) for p in self.apps}
