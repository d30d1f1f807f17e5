"""``enrollflow social``: connect accounts, schedule and approve posts, see the publish ledger.

- ``connect PLATFORM --by USER``: prints the authorization URL to open (state kept 15 min; PKCE
  for X); then ``connect PLATFORM --callback-url URL --by USER`` (the URL the platform sent you
  back to) or ``--code C --state S`` stores the account(s), tokens encrypted.
- ``accounts``: every connected account, its status and token expiry (never a token).
- ``post TEXT --key KEY --account ID... --by USER [--link --image-url --at]``: a standalone post,
  ``scheduled`` until ``approve KEY --by APPROVER`` (approver role, not its author).
- ``status [KEY]``: the publish ledger (counts by state, then rows).

Posts are published by the ``social_publish_job`` (the ``social_publisher`` sensor starts it).
Settings: ``delivery/social/config.py``; keys: ``ENROLLFLOW_PRIVACY_KEYS`` (or the local key file).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from typing import Annotated
from urllib.parse import parse_qs, urlsplit

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from delivery.social import accounts as acc
from delivery.social import ledger, oauth
from delivery.social.config import SocialConfig
from delivery.social.content import PostContent
from delivery.social.errors import SocialError
from delivery.store import Store, StoreError, open_store
from enrollflow.commands.privacy import keyring
from enrollflow.settings import get_settings

app = typer.Typer(
    help="Social posting: connect accounts, schedule and approve posts, the publish ledger.",
    no_args_is_help=True,
    add_completion=False,
)
Actor = Annotated[str, typer.Option("--by", help="Who acts (audit log).")]


def _console() -> Console:
    return Console(width=140, soft_wrap=True)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _fail(message: str) -> None:
    _console().print(f"[red]{escape(str(message))}[/red]", markup=True, highlight=False)
    raise typer.Exit(1)


@contextlib.contextmanager
def _store() -> Iterator[Store]:
    try:
        store = open_store(get_settings().ops_store)
    except StoreError as exc:
        raise typer.BadParameter(str(exc), param_hint="ENROLLFLOW_OPS_STORE_URL") from None
    try:
        yield store
    except SocialError as exc:
        _fail(str(exc))
    finally:
        store.dispose()


def _config() -> SocialConfig:
    try:
        return SocialConfig.from_mapping(os.environ)
    except SocialError as exc:
        raise typer.BadParameter(str(exc)) from None


@app.command()
def connect(
    platform: Annotated[str, typer.Argument(help="facebook, instagram, linkedin or x")],
    by: Actor,
    callback_url: Annotated[
        str | None, typer.Option(help="The URL the platform sent you back to.")
    ] = None,
    code: Annotated[str | None, typer.Option(help="The authorization code.")] = None,
    state: Annotated[str | None, typer.Option(help="The state that came with the code.")] = None,
    remote_id: Annotated[
        str | None, typer.Option(help="Only this Page / IG account / organisation URN.")
    ] = None,
    redirect_uri: Annotated[
        str | None, typer.Option(help="Override ENROLLFLOW_SOCIAL_REDIRECT_URI.")
    ] = None,
) -> None:
    """Connect an account with OAuth 2.0 (two steps: open the URL, then give back the callback)."""
    config = _config()
    try:
        app_ = config.app(platform)
    except SocialError as exc:
        raise typer.BadParameter(str(exc), param_hint="PLATFORM") from None
    keys = keyring(get_settings())
    if callback_url:
        q = parse_qs(urlsplit(callback_url).query)
        if "error" in q:
            _fail(
                f"{platform} did not authorize: {q['error'][0]} {q.get('error_description', [''])[0]}"
            )
        code, state = (q.get("code") or [None])[0], (q.get("state") or [None])[0]
    with _store() as store:
        if not code:
            url, _ = oauth.authorization_url(
                store, keys, app_, redirect_uri or config.redirect_uri, actor=by, now=_now()
            )
            _console().print(
                f"Open this URL, sign in and allow access (valid 15 minutes):\n{url}", markup=False
            )
            _console().print(
                f"Then run: enrollflow social connect {platform} --callback-url '<the URL you land on>' --by {by}"
            )
            return
        if not state:
            raise typer.BadParameter("--state is required with --code")
        token = oauth.exchange_code(store, keys, app_, code=code, state=state, now=_now())
        found = acc.discover(
            app_, token, remote_id=remote_id, api_base=config.api_urls.get(platform)
        )
        for f in found:
            a = acc.save_account(store, keys, f, actor=by, now=_now())
            expiry = (
                f"token expires {a.token_expires_at:%Y-%m-%d %H:%M} UTC"
                if a.token_expires_at
                else "no token expiry"
            )
            _console().print(f"connected {a.account_id} ({a.name}): {expiry}", markup=False)


@app.command("accounts")
def accounts_cmd() -> None:
    """List connected accounts (status, token expiry, why one needs a new authorization)."""
    with _store() as store:
        rows = acc.list_accounts(store)
    table = Table("account", "name", "status", "token expires", "refresh", "paused until", "reason")
    for a in rows:
        table.add_row(
            a.account_id, a.name, a.status,
            f"{a.token_expires_at:%Y-%m-%d %H:%M}" if a.token_expires_at else "-",
            "yes" if a.has_refresh_token else "no",
            f"{a.paused_until:%Y-%m-%d %H:%M}" if a.paused_until else "-",
            a.status_reason or "",
        )  # fmt: skip
    _console().print(table if rows else "no social account connected (enrollflow social connect)")


@app.command()
def post(
    text: Annotated[str, typer.Argument(help="The post's text (caption).")],
    key: Annotated[str, typer.Option("--key", help="A name for the post (unique).")],
    account: Annotated[list[str], typer.Option("--account", help="Account id (repeat).")],
    by: Actor,
    link: Annotated[str | None, typer.Option(help="An https link to share.")] = None,
    image_url: Annotated[str | None, typer.Option(help="An https image URL (Instagram).")] = None,
    at: Annotated[str | None, typer.Option(help="When to publish, ISO 8601 (default now).")] = None,
) -> None:
    """Schedule a standalone post on one or more accounts (needs approval)."""
    try:
        when = dt.datetime.fromisoformat(at) if at else _now()
    except ValueError:
        raise typer.BadParameter(
            f"{at!r}: expected ISO 8601 like 2026-03-02T09:00", param_hint="--at"
        ) from None
    with _store() as store:
        ids = ledger.schedule_post(
            store, post_key=key, account_ids=account, content=PostContent(text, link, image_url),
            scheduled_at=when, actor=by, now=_now(),
        )  # fmt: skip
    _console().print(
        f"scheduled {len(ids)} post(s) as {key!r}: approve with `enrollflow social approve {key} --by APPROVER`"
    )


@app.command()
def approve(key: Annotated[str, typer.Argument(help="The post key.")], by: Actor) -> None:
    """Approve a scheduled post (approver role; not its author)."""
    with _store() as store:
        n = ledger.approve(store, key, actor=by, now=_now())
    _console().print(f"approved {n} post(s) of {key!r}", markup=False)


@app.command()
def status(key: Annotated[str | None, typer.Argument(help="Only this post key.")] = None) -> None:
    """The publish ledger: counts by state, then each row."""
    with _store() as store:
        counts = ledger.counts(store)
        rows = ledger.posts(store, post_key=key)
    _console().print(", ".join(f"{s}: {n}" for s, n in sorted(counts.items())) or "no post yet")
    table = Table("post", "state", "scheduled", "remote id", "container", "note")
    for r in rows:
        table.add_row(
            r["post_id"], r["state"], f"{r['scheduled_at']:%Y-%m-%d %H:%M}", r["remote_post_id"] or "",
            r["container_id"] or "", r["held_reason"] or r["last_error"] or "",
        )  # fmt: skip
    if rows:
        _console().print(table)
