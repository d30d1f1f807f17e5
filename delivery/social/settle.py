"""Settle ``unknown`` posts from evidence, never by posting again blindly.

None of the four APIs takes an idempotency key, so a publish whose answer was lost is looked up:

- **Instagram** with a container id: the container's ``status_code`` says it — ``PUBLISHED``: the
  media is found in the account's media list by caption hash → ``published``; ``FINISHED``:
  never published → ``approved``, resuming at ``media_publish`` with the *same* container;
  ``ERROR``/``EXPIRED``: → ``approved`` with a new container next time; ``IN_PROGRESS``: wait.
- **Everyone else** (and Instagram without a container): the account's posts since just before
  the attempt are listed and matched on the hash of the text the platform echoes back
  (``text_sha256``), each remote post matching at most one row → ``published``. Only when
  nothing matches ``not_found_after`` (15 min) after the attempt is the row ``approved`` again,
  because by then the platform would list it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

import sqlalchemy as sa

from delivery.social import accounts as acc
from delivery.social import ledger
from delivery.social.content import text_sha256
from delivery.social.errors import RateLimited, SocialError, TokenDead
from delivery.social.platforms.base import PlatformClient, RemotePost
from delivery.store import Store
from privacy.crypto import KeyRing

if TYPE_CHECKING:
    from delivery.social.publish import PublishReport

NOT_FOUND_AFTER = dt.timedelta(minutes=15)
LOOKBACK = dt.timedelta(minutes=10)


def _claimed_remote_ids(store: Store, account_id: str) -> set[str]:
    with store.engine.connect() as conn:
        return set(
            conn.execute(
                sa.select(ledger.P.c.remote_post_id).where(
                    ledger.P.c.account_id == account_id, ledger.P.c.remote_post_id.is_not(None)
                )
            ).scalars()
        )


def _match(row: ledger.PostRow, listed: list[RemotePost], taken: set[str]) -> RemotePost | None:
    for post in sorted(listed, key=lambda p: (p.created_at or dt.datetime.min, p.remote_post_id)):
        if post.remote_post_id in taken or text_sha256(post.text) != row.text_sha256:
            continue
        early = row.publishing_at is not None and post.created_at is not None
        if early and post.created_at < row.publishing_at - LOOKBACK:
            continue
        return post
    return None


def _settle_container(
    store: Store, client: PlatformClient, row: ledger.PostRow, token: str, now: dt.datetime
) -> str | None:
    """Instagram: what the container says (a settled state, or None to fall through / wait)."""
    status = client.container_status(row.container_id, token)  # type: ignore[attr-defined]
    if status == "FINISHED":
        ledger.settle(store, row.post_id, "approved", now=now, cost_amount=None,
                      last_error="container FINISHED but not published: resuming media_publish")  # fmt: skip
        return "approved"
    if status in ("ERROR", "EXPIRED"):
        ledger.settle(store, row.post_id, "approved", now=now, cost_amount=None, container_id=None,
                      last_error=f"container {status}: a new one will be made")  # fmt: skip
        return "approved"
    if status == "IN_PROGRESS":
        return "wait"
    return None  # PUBLISHED: find the media


def settle_unknown(
    store: Store,
    keys: KeyRing,
    clients: Mapping[str, PlatformClient],
    *,
    now: dt.datetime,
    report: PublishReport,
    not_found_after: dt.timedelta = NOT_FOUND_AFTER,
) -> None:
    """Settle every ``unknown`` row whose account can be asked now (see the module docstring)."""
    by_account: dict[str, list[ledger.PostRow]] = defaultdict(list)
    for row in ledger.in_state(store, "unknown"):
        by_account[row.account_id].append(row)
    for account_id, rows in by_account.items():
        account = acc.get_account(store, account_id)
        client = clients.get(account.platform)
        if client is None or account.status != "active":
            continue
        if account.paused_until is not None and account.paused_until > now:
            continue
        try:
            token = acc.access_token(store, keys, account_id)
            listed: list[RemotePost] | None = None
            taken = _claimed_remote_ids(store, account_id)
            for row in rows:
                if row.container_id and client.uses_containers:
                    verdict = _settle_container(store, client, row, token, now)
                    if verdict is not None:
                        if verdict != "wait":
                            report.settled.append(row.post_id)
                        continue
                if listed is None:
                    since = min(r.publishing_at or now for r in rows) - LOOKBACK
                    listed = client.recent_posts(account.remote_id, token, since)
                found = _match(row, listed, taken)
                if found is not None:
                    taken.add(found.remote_post_id)
                    ledger.settle(
                        store, row.post_id, "published", now=now, remote_post_id=found.remote_post_id,
                        published_at=found.created_at or row.publishing_at,
                        last_error="settled: found among the account's posts",
                    )  # fmt: skip
                    report.settled.append(row.post_id)
                elif row.publishing_at is None or row.publishing_at + not_found_after <= now:
                    ledger.settle(
                        store, row.post_id, "approved", now=now, cost_amount=None,
                        last_error=f"settled: not among the account's posts {not_found_after} after the attempt",
                    )  # fmt: skip
                    report.settled.append(row.post_id)
        except TokenDead as exc:
            if acc.mark_needs_reauth(store, account_id, str(exc), now=now):
                report.needs_reauth.append(account_id)
        except RateLimited as exc:
            acc.pause(store, account_id, now + exc.retry_after, exc.usage_pct, now=now)
        except SocialError as exc:
            report.notes.append(f"settle {account_id}: {exc}")
