"""OAuth 2.0 authorization code flow (with PKCE where the platform requires it), through authlib.

Each platform is an :class:`OAuthApp` (endpoints, scopes, whether PKCE is used, whether refresh
tokens exist). :func:`authorization_url` makes the URL the marketer opens, with a random
``state`` (and an S256 ``code_verifier`` for PKCE) kept in ``social_oauth_states`` — the verifier
encrypted — valid for 15 minutes and usable once. :func:`exchange_code` trades the code for a
token; :func:`refresh` renews one.

=========  ==========================  ====================================================
platform   PKCE                        token lifetime / refresh
=========  ==========================  ====================================================
facebook   no (confidential client)    long-lived user token (~60 days) → Page tokens; no
           / instagram                 refresh: a dead token (Graph code 190) needs a reconnect
linkedin   no (confidential client)    60-day access token; refresh token (1 year) when the
                                       app has programmatic refresh
x          **required** (S256)         2-hour access token; refresh token (``offline.access``)
=========  ==========================  ====================================================
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field, replace

import sqlalchemy as sa
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session

from delivery.social.errors import OAuthFlowError, TokenDead, Unavailable
from delivery.social.tables import social_oauth_states
from delivery.store import Store, to_utc_naive
from privacy.crypto import KeyRing

STATE_TTL = dt.timedelta(minutes=15)
#: associated data of the encrypted verifier (``table.column``, as key rotation re-encrypts it)
VERIFIER = "social_oauth_states.code_verifier_enc"


@dataclass(frozen=True)
class OAuthApp:
    """One platform's OAuth client registration and endpoints."""

    platform: str
    client_id: str
    client_secret: str
    authorize_url: str
    token_url: str
    scopes: tuple[str, ...]
    pkce: bool = False
    refreshable: bool = False
    token_auth: str = "client_secret_post"
    extra: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:  # never show the secret
        return f"OAuthApp({self.platform!r}, client_id={self.client_id!r})"

    def at(self, authorize_base: str | None = None, token_base: str | None = None) -> OAuthApp:
        """The same app with its endpoints' scheme+host replaced (local fakes)."""

        def move(url: str, base: str | None) -> str:
            if not base:
                return url
            path = url.split("://", 1)[1].split("/", 1)[1]
            return f"{base.rstrip('/')}/{path}"

        return replace(
            self,
            authorize_url=move(self.authorize_url, authorize_base),
            token_url=move(self.token_url, token_base),
        )


def default_app(platform: str, client_id: str, client_secret: str) -> OAuthApp:
    """The production endpoints and scopes of ``platform``."""
    if platform in ("facebook", "instagram"):
        return OAuthApp(
            platform, client_id, client_secret,
            "https://www.facebook.com/v21.0/dialog/oauth",
            "https://graph.facebook.com/v21.0/oauth/access_token",
            ("pages_show_list", "pages_manage_posts", "pages_read_engagement", "read_insights",
             "instagram_basic", "instagram_content_publish", "instagram_manage_insights"),
        )  # fmt: skip
    if platform == "linkedin":
        return OAuthApp(
            platform, client_id, client_secret,
            "https://www.linkedin.com/oauth/v2/authorization",
            "https://www.linkedin.com/oauth/v2/accessToken",
            ("w_organization_social", "r_organization_social"),
            refreshable=True,
        )  # fmt: skip
    if platform == "x":
        return OAuthApp(
            platform, client_id, client_secret,
            "https://x.com/i/oauth2/authorize",
            "https://api.x.com/2/oauth2/token",
            ("tweet.read", "tweet.write", "users.read", "offline.access"),
            pkce=True, refreshable=True, token_auth="client_secret_basic",
        )  # fmt: skip
    raise OAuthFlowError(f"unknown platform {platform!r}: use facebook, instagram, linkedin or x")


@dataclass(frozen=True)
class TokenSet:
    """A token as the platform issued it (times naive UTC)."""

    access_token: str
    expires_at: dt.datetime | None
    refresh_token: str | None = None
    refresh_expires_at: dt.datetime | None = None
    scope: str | None = None

    def __repr__(self) -> str:
        return f"TokenSet(expires_at={self.expires_at}, refresh={'yes' if self.refresh_token else 'no'})"


def _token_set(token: dict, now: dt.datetime) -> TokenSet:
    if not token.get("access_token"):
        raise OAuthFlowError("the token endpoint answered without an access_token")
    expires_in = token.get("expires_in")
    refresh_in = token.get("refresh_token_expires_in")
    return TokenSet(
        access_token=token["access_token"],
        expires_at=now + dt.timedelta(seconds=int(expires_in)) if expires_in else None,
        refresh_token=token.get("refresh_token"),
        refresh_expires_at=now + dt.timedelta(seconds=int(refresh_in)) if refresh_in else None,
        scope=token.get("scope"),
    )


TIMEOUT = 20.0


def _client(app: OAuthApp, redirect_uri: str | None = None) -> OAuth2Session:
    return OAuth2Session(
        client_id=app.client_id,
        client_secret=app.client_secret,
        scope=" ".join(app.scopes),
        redirect_uri=redirect_uri,
        token_endpoint_auth_method=app.token_auth,
        code_challenge_method="S256" if app.pkce else None,
    )


def authorization_url(
    store: Store, keys: KeyRing, app: OAuthApp, redirect_uri: str, *, actor: str, now: dt.datetime
) -> tuple[str, str]:
    """``(url, state)``: the URL to open; its ``state`` (and PKCE verifier) kept for 15 min."""
    if not redirect_uri.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise OAuthFlowError(f"redirect URI {redirect_uri!r} must be https (or a local address)")
    now = to_utc_naive(now)
    state = secrets.token_urlsafe(24)
    verifier = generate_token(64) if app.pkce else None
    with _client(app, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            app.authorize_url, state=state, code_verifier=verifier, **app.extra
        )
    with store.begin() as conn:
        conn.execute(
            social_oauth_states.insert().values(
                state=state,
                platform=app.platform,
                code_verifier_enc=keys.encrypt(verifier, column=VERIFIER),
                redirect_uri=redirect_uri,
                created_by=actor,
                created_at=now,
                expires_at=now + STATE_TTL,
            )
        )
    return url, state


def state_platform(store: Store, state: str) -> str | None:
    """The platform an authorization ``state`` was made for (None: not one of ours)."""
    with store.engine.connect() as conn:
        return conn.execute(
            sa.select(social_oauth_states.c.platform).where(social_oauth_states.c.state == state)
        ).scalar()


def exchange_code(
    store: Store,
    keys: KeyRing,
    app: OAuthApp,
    *,
    code: str,
    state: str,
    now: dt.datetime,
    actor: str | None = None,
) -> TokenSet:
    """Trade an authorization ``code`` for a token; the ``state`` must be ours, fresh and unused.

    With ``actor`` (the studio's signed-in user) the state must also have been made by that user:
    a callback URL carrying someone else's code and state is refused without using the state.
    """
    now = to_utc_naive(now)
    with store.begin() as conn:
        row = conn.execute(
            sa.select(social_oauth_states).where(social_oauth_states.c.state == state)
        ).first()
        if row is None or row.platform != app.platform:
            raise OAuthFlowError(
                "unknown OAuth state: start again with `enrollflow social connect`"
            )
        if actor is not None and row.created_by != actor:
            raise OAuthFlowError(
                "this authorization was started by another user: start again with Connect"
            )
        if row.used_at is not None:
            raise OAuthFlowError("this authorization was already used (a replayed callback)")
        if row.expires_at < now:
            raise OAuthFlowError("the authorization is older than 15 minutes: start again")
        taken = conn.execute(
            social_oauth_states.update()
            .where(social_oauth_states.c.state == state, social_oauth_states.c.used_at.is_(None))
            .values(used_at=now)
        ).rowcount
        if taken != 1:
            raise OAuthFlowError("this authorization was already used (a replayed callback)")
    verifier = keys.decrypt(row.code_verifier_enc, column=VERIFIER)
    try:
        with _client(app, row.redirect_uri) as client:
            token = client.fetch_token(
                app.token_url,
                code=code,
                code_verifier=verifier,
                redirect_uri=row.redirect_uri,
                timeout=TIMEOUT,
            )
    except OAuthError as exc:
        raise OAuthFlowError(f"{app.platform} refused the code: {exc.error}") from None
    except Exception as exc:  # requests transport errors, bad JSON
        raise Unavailable(f"{app.platform} token endpoint: {type(exc).__name__}") from None
    return _token_set(dict(token), now)


def refresh(app: OAuthApp, refresh_token: str, *, now: dt.datetime) -> TokenSet:
    """A new token from ``refresh_token``; a refused refresh is :class:`TokenDead`."""
    now = to_utc_naive(now)
    try:
        with _client(app) as client:
            token = client.refresh_token(
                app.token_url, refresh_token=refresh_token, timeout=TIMEOUT
            )
    except OAuthError as exc:
        raise TokenDead(f"{app.platform} refused the refresh token ({exc.error})") from None
    except Exception as exc:
        raise Unavailable(f"{app.platform} token endpoint: {type(exc).__name__}") from None
    out = _token_set(dict(token), now)
    if out.refresh_token is None:  # platforms that do not rotate keep the old refresh token
        out = replace(out, refresh_token=refresh_token)
    return out
