"""Connected social accounts: tokens encrypted at rest, refreshed ahead of expiry, and
``needs_reauth`` (audited, alerted) the moment a token is found dead.

Tokens are AES-256-GCM under the privacy key ring (:mod:`privacy.crypto`; the column name is the
associated data, so a token copied into another row's column does not decrypt) and never appear
in a message, log or ``repr``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from delivery.social.errors import ConfigError, OAuthFlowError, TokenDead, Unavailable
from delivery.social.oauth import OAuthApp, TokenSet, refresh
from delivery.social.platforms.graph import GRAPH_URL, GraphClient
from delivery.social.platforms.x import X_URL, XClient
from delivery.social.tables import PLATFORMS, social_accounts, social_posts
from delivery.store import Store, to_utc_naive
from privacy.crypto import KeyRing

ACCESS = "social_accounts.access_token_enc"
REFRESH = "social_accounts.refresh_token_enc"
#: Refresh this long before expiry (X tokens live 2 h, LinkedIn's 60 days).
REFRESH_AHEAD = {"x": dt.timedelta(minutes=15), "linkedin": dt.timedelta(days=7)}
SYSTEM = "enrollflow.social"


@dataclass(frozen=True)
class Account:
    """A connected account as listed (no token)."""

    account_id: str
    platform: str
    remote_id: str
    name: str
    status: str
    token_expires_at: dt.datetime | None
    has_refresh_token: bool
    status_reason: str | None
    needs_reauth_since: dt.datetime | None
    paused_until: dt.datetime | None
    usage_pct: float | None


@dataclass(frozen=True)
class Discovered:
    """An account a token can post as (a Page, an IG user, an organisation, an X user)."""

    platform: str
    remote_id: str
    name: str
    token: TokenSet


def account_id_for(platform: str, remote_id: str) -> str:
    if platform not in PLATFORMS:
        raise ConfigError(f"unknown platform {platform!r}: use {', '.join(PLATFORMS)}")
    ident = f"{platform}:{remote_id}"
    if len(ident) > 64 or not remote_id or any(c.isspace() for c in remote_id):
        raise ConfigError(f"remote id {remote_id!r} is not a platform id")
    return ident


def _account(row: sa.Row) -> Account:
    return Account(
        row.account_id, row.platform, row.remote_id, row.name, row.status, row.token_expires_at,
        row.refresh_token_enc is not None, row.status_reason, row.needs_reauth_since,
        row.paused_until, row.usage_pct,
    )  # fmt: skip


def save_account(
    store: Store, keys: KeyRing, found: Discovered, *, actor: str, now: dt.datetime
) -> Account:
    """Insert or update (reconnect) an account: ``active``; posts waiting on it resume."""
    now = to_utc_naive(now)
    account_id = account_id_for(found.platform, found.remote_id)
    t = found.token
    values = dict(
        name=found.name[:200],
        status="active",
        access_token_enc=keys.encrypt(t.access_token, column=ACCESS),
        refresh_token_enc=keys.encrypt(t.refresh_token, column=REFRESH),
        token_expires_at=t.expires_at,
        refresh_expires_at=t.refresh_expires_at,
        scopes=t.scope,
        status_reason=None,
        needs_reauth_since=None,
        connected_by=actor,
        updated_at=now,
    )
    with store.begin() as conn:
        exists = conn.execute(
            sa.select(social_accounts.c.account_id).where(
                social_accounts.c.account_id == account_id
            )
        ).first()
        if exists:
            conn.execute(
                social_accounts.update()
                .where(social_accounts.c.account_id == account_id)
                .values(**values)
            )
        else:
            conn.execute(
                social_accounts.insert().values(
                    account_id=account_id, platform=found.platform, remote_id=found.remote_id,
                    connected_at=now, **values,
                )
            )  # fmt: skip
        resumed = conn.execute(
            social_posts.update()
            .where(social_posts.c.account_id == account_id, social_posts.c.state == "needs_reauth")
            .values(state="approved", last_error=None, updated_at=now)
        ).rowcount
        store.audit(
            conn, now=now, actor=actor, action="social.account_connected", subject=account_id,
            detail={"platform": found.platform, "posts_resumed": resumed,
                    "expires_at": t.expires_at.isoformat() if t.expires_at else None},
        )  # fmt: skip
    return get_account(store, account_id)


def get_account(store: Store, account_id: str) -> Account:
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(social_accounts).where(social_accounts.c.account_id == account_id)
        ).first()
    if row is None:
        raise ConfigError(f"no social account {account_id!r} (see `enrollflow social accounts`)")
    return _account(row)


def list_accounts(store: Store) -> list[Account]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(social_accounts).order_by(social_accounts.c.account_id)).all()
    return [_account(r) for r in rows]


def access_token(store: Store, keys: KeyRing, account_id: str) -> str:
    """The account's access token, decrypted (only for the call that needs it)."""
    with store.engine.connect() as conn:
        enc = conn.execute(
            sa.select(social_accounts.c.access_token_enc).where(
                social_accounts.c.account_id == account_id
            )
        ).scalar()
    if enc is None:
        raise TokenDead(f"{account_id}: no token stored")
    return keys.decrypt(enc, column=ACCESS)


def mark_needs_reauth(store: Store, account_id: str, reason: str, *, now: dt.datetime) -> bool:
    """Put the account in ``needs_reauth`` (audited); True when it was not already there."""
    now = to_utc_naive(now)
    with store.begin() as conn:
        changed = conn.execute(
            social_accounts.update()
            .where(social_accounts.c.account_id == account_id, social_accounts.c.status == "active")
            .values(
                status="needs_reauth",
                status_reason=reason[:500],
                needs_reauth_since=now,
                updated_at=now,
            )
        ).rowcount
        if changed:
            store.audit(
                conn, now=now, actor=SYSTEM, action="social.account_needs_reauth",
                subject=account_id, detail={"reason": reason[:500]},
            )  # fmt: skip
    return bool(changed)


def pause(
    store: Store, account_id: str, until: dt.datetime, usage_pct: float | None, *, now: dt.datetime
) -> None:
    """Record the platform's rate limit: no call for this account before ``until``."""
    with store.begin() as conn:
        conn.execute(
            social_accounts.update()
            .where(social_accounts.c.account_id == account_id)
            .values(
                paused_until=to_utc_naive(until), usage_pct=usage_pct, updated_at=to_utc_naive(now)
            )
        )


def record_usage(store: Store, account_id: str, usage_pct: float, *, now: dt.datetime) -> None:
    with store.begin() as conn:
        conn.execute(
            social_accounts.update()
            .where(social_accounts.c.account_id == account_id)
            .values(usage_pct=usage_pct, updated_at=to_utc_naive(now))
        )


@dataclass
class RefreshReport:
    refreshed: list[str]
    needs_reauth: list[str]
    errors: list[str]


def refresh_due(
    store: Store, keys: KeyRing, apps: dict[str, OAuthApp], *, now: dt.datetime
) -> RefreshReport:
    """Refresh every active token expiring within its platform's margin; an expired token that
    cannot be refreshed (none, or refused) puts its account in ``needs_reauth``."""
    now = to_utc_naive(now)
    report = RefreshReport([], [], [])
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(social_accounts).where(
                social_accounts.c.status == "active",
                social_accounts.c.token_expires_at.is_not(None),
            )
        ).all()
    for row in rows:
        ahead = REFRESH_AHEAD.get(row.platform, dt.timedelta(0))
        if row.token_expires_at - ahead > now:
            continue
        app = apps.get(row.platform)
        refresh_alive = row.refresh_token_enc is not None and (
            row.refresh_expires_at is None or row.refresh_expires_at > now
        )
        if app is None or not refresh_alive:
            if row.token_expires_at <= now:
                why = f"token expired {row.token_expires_at:%Y-%m-%d %H:%M} UTC and cannot be refreshed"
                if mark_needs_reauth(store, row.account_id, why, now=now):
                    report.needs_reauth.append(row.account_id)
            continue
        try:
            new = refresh(app, keys.decrypt(row.refresh_token_enc, column=REFRESH), now=now)
        except TokenDead as exc:
            if mark_needs_reauth(store, row.account_id, str(exc), now=now):
                report.needs_reauth.append(row.account_id)
            continue
        except Unavailable as exc:
            report.errors.append(f"{row.account_id}: {exc}")
            continue
        store_token(
            store, keys, row.account_id, new, now=now, keep_refresh_expiry=row.refresh_expires_at
        )
        report.refreshed.append(row.account_id)
    return report


def store_token(
    store: Store, keys: KeyRing, account_id: str, token: TokenSet, *, now: dt.datetime,
    keep_refresh_expiry: dt.datetime | None = None,
) -> None:  # fmt: skip
    with store.begin() as conn:
        conn.execute(
            social_accounts.update()
            .where(social_accounts.c.account_id == account_id)
            .values(
                access_token_enc=keys.encrypt(token.access_token, column=ACCESS),
                refresh_token_enc=keys.encrypt(token.refresh_token, column=REFRESH),
                token_expires_at=token.expires_at,
                refresh_expires_at=token.refresh_expires_at or keep_refresh_expiry,
                updated_at=to_utc_naive(now),
            )
        )
        store.audit(
            conn, now=now, actor=SYSTEM, action="social.token_refreshed", subject=account_id,
            detail={"expires_at": token.expires_at.isoformat() if token.expires_at else None},
        )  # fmt: skip


def discover(
    app: OAuthApp, token: TokenSet, *, remote_id: str | None = None, api_base: str | None = None
) -> list[Discovered]:
    """The accounts ``token`` can post as.

    Facebook / Instagram: the user token is exchanged for a long-lived one, then each Page of
    ``/me/accounts`` (with its Page token; Instagram: the Page's ``instagram_business_account``).
    LinkedIn: the organisation URN given as ``remote_id``. X: ``/2/users/me``.
    """
    p = app.platform
    if p in ("facebook", "instagram"):
        graph = GraphClient(api_base or GRAPH_URL)
        try:
            long = graph.graph(
                "GET", "oauth/access_token", token.access_token, grant_type="fb_exchange_token",
                client_id=app.client_id, client_secret=app.client_secret,
                fb_exchange_token=token.access_token,
            )  # fmt: skip
            user_token = long.get("access_token") or token.access_token
            pages = graph.graph(
                "GET", "me/accounts", user_token, fields="id,name,access_token"
            ).get("data", [])
            out = []
            for page in pages:
                page_token = TokenSet(page["access_token"], None, scope=token.scope)
                if p == "facebook":
                    out.append(
                        Discovered(p, str(page["id"]), page.get("name") or page["id"], page_token)
                    )
                    continue
                doc = graph.graph("GET", str(page["id"]), page["access_token"],
                                  fields="instagram_business_account{id,username}")  # fmt: skip
                ig = doc.get("instagram_business_account")
                if ig:
                    out.append(
                        Discovered(p, str(ig["id"]), ig.get("username") or ig["id"], page_token)
                    )
        finally:
            graph.close()
        if remote_id:
            out = [d for d in out if d.remote_id == remote_id]
        if not out:
            raise OAuthFlowError(f"the {p} login grants no {'Page' if p == 'facebook' else 'Instagram account'}"
                                 f"{' ' + remote_id if remote_id else ''} to post as")  # fmt: skip
        return out
    if p == "linkedin":
        if not remote_id or not remote_id.startswith("urn:li:organization:"):
            raise ConfigError(
                "LinkedIn: pass the organisation to post as, --remote-id urn:li:organization:<id>"
            )
        return [Discovered(p, remote_id, remote_id, token)]
    if p == "x":
        client = XClient(api_base or X_URL)
        try:
            me = client._api("GET", "/2/users/me", token.access_token)["data"]
        finally:
            client.close()
        return [Discovered(p, str(me["id"]), "@" + str(me.get("username") or me["id"]), token)]
    raise ConfigError(f"unknown platform {p!r}")
