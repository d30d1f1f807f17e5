"""Which banner or pop-up a visitor sees: the web channel's decision, served by the tracking app.

The tracking app never opens the pipeline's warehouse: campaigns (status, current version's
``banners:``) come from the ops store, and current segment members from the warehouse's published
read-only snapshot (``segment_memberships``, :mod:`enrollflow.snapshot`), reloaded only when a new
snapshot is published. A banner is eligible for a known contact while its campaign is ``running``
and inside ``start_at``..``end_at``, the contact is a current member of one of its segments (the
campaign's audience by default) and of none of its excluded ones. The visitor's own history
(impression times, dismissals: kept by the snippet in ``localStorage`` after consent) applies the
cap and the dismissal; the snippet applies them too, so a visitor never depends on one side only.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import sqlalchemy as sa

from delivery.campaigns.banners import Banner
from delivery.campaigns.models import Campaign, parse_duration
from delivery.campaigns.tables import campaign_versions, campaigns
from delivery.store import Store
from tracking.links import decorate_url

log = logging.getLogger("enrollflow.tracking.banners")
MAX_HISTORY_KEYS = 20
MAX_SHOWN = 10
MAX_LANGUAGES = 10
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}\.[a-z][a-z0-9_]{0,63}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,3}$")


class BannerRequestError(ValueError):
    """A banner request the app refuses; the message names the field (HTTP 400)."""


@dataclass(frozen=True)
class ActiveBanner:
    """A banner of a running campaign, with the segments that decide who sees it."""

    campaign_id: str
    banner: Banner
    include: frozenset[str]
    exclude: frozenset[str]

    @property
    def key(self) -> str:
        return f"{self.campaign_id}.{self.banner.id}"

    @cached_property
    def window_seconds(self) -> float:
        """The cap's window (computed once per load, not per decision)."""
        return parse_duration(self.banner.cap.per).total_seconds()

    @cached_property
    def cta_url(self) -> str | None:
        """The call to action with the campaign's UTM parameters (computed once per load)."""
        if not self.banner.cta_url:
            return None
        utm = {
            "utm_source": "enrollflow",
            "utm_medium": f"web_{self.banner.kind}",
            "utm_campaign": self.campaign_id,
            "utm_content": self.banner.id,
        }
        return decorate_url(self.banner.cta_url, utm)


@dataclass(frozen=True)
class Seen:
    """What one visitor's snippet reports about one banner."""

    shown: tuple[int, ...] = ()  # unix seconds of each impression (the latest ones)
    dismissed: bool = False


def active_banners(store: Store, now: dt.datetime) -> list[ActiveBanner]:
    """Banners of the campaigns ``running`` at ``now`` (current version), in campaign order."""
    C, V = campaigns, campaign_versions
    query = (
        sa.select(C.c.campaign_id, V.c.spec_json)
        .join(V, sa.and_(V.c.campaign_id == C.c.campaign_id, V.c.version == C.c.current_version))
        .where(C.c.status == "running")
        .order_by(C.c.campaign_id)
    )
    naive = now.astimezone(dt.UTC).replace(tzinfo=None) if now.tzinfo else now
    out: list[ActiveBanner] = []
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    for campaign_id, spec_json in rows:
        if '"banners"' not in spec_json:
            continue
        spec = Campaign.model_validate_json(spec_json)
        if spec.start_at > naive or (spec.end_at is not None and spec.end_at <= naive):
            continue
        for banner in spec.banners:
            include = frozenset(banner.segments or spec.audience.segments)
            exclude = frozenset(banner.exclude_segments or spec.audience.exclude_segments)
            out.append(ActiveBanner(campaign_id, banner, include, exclude))
    return out


def current_members(snapshot: Path, segments: set[str]) -> dict[str, frozenset[str]]:
    """``{segment: contact ids}`` of the current members (``valid_to IS NULL``) in ``snapshot``.

    A missing snapshot or table means no members yet (logged): no banner is shown.
    """
    if not segments:
        return {}
    if not snapshot.exists():
        log.warning("no warehouse snapshot at %s yet: no banner has members", snapshot)
        return {}
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        rows = con.execute(
            "SELECT segment_name, contact_id FROM segment_memberships "
            "WHERE valid_to IS NULL AND segment_name IN (SELECT unnest(?))",
            [sorted(segments)],
        ).fetchall()
    except duckdb.CatalogException:
        log.warning("the snapshot %s has no segment_memberships: no banner has members", snapshot)
        return {}
    finally:
        con.close()
    members: dict[str, set[str]] = {s: set() for s in segments}
    for segment, contact in rows:
        members[segment].add(contact)
    return {s: frozenset(c) for s, c in members.items()}


@dataclass(frozen=True)
class BannerIndex:
    """The banners in force and the members of their segments, as of one load."""

    banners: tuple[ActiveBanner, ...] = ()
    members: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def eligible(self, contact_id: str) -> list[ActiveBanner]:
        def member(segments: frozenset[str]) -> bool:
            return any(contact_id in self.members.get(s, ()) for s in segments)

        return [b for b in self.banners if member(b.include) and not member(b.exclude)]


def decide(
    index: BannerIndex,
    contact_id: str | None,
    *,
    languages: list[str],
    history: Mapping[str, Seen],
    now: dt.datetime,
) -> list[dict[str, Any]]:
    """What the snippet shows: at most one banner and one pop-up, each ready to render.

    A banner is skipped when the visitor dismissed it or has seen it ``cap.impressions`` times
    within the last ``cap.per``. Anonymous visitors (no valid link token) see nothing: targeting is
    by segment, and segments are made of known contacts.
    """
    if not contact_id:
        return []
    epoch = now.timestamp() if now.tzinfo else now.replace(tzinfo=dt.UTC).timestamp()
    chosen: dict[str, dict[str, Any]] = {}
    for active in index.eligible(contact_id):
        banner = active.banner
        if banner.kind in chosen:
            continue
        seen = history.get(active.key, Seen())
        if seen.dismissed and banner.dismissible:
            continue
        window = active.window_seconds
        if sum(1 for t in seen.shown if epoch - t < window) >= banner.cap.impressions:
            continue
        locale, text = banner.text_for(languages)
        cta_url = active.cta_url
        chosen[banner.kind] = {
            "key": active.key,
            "campaign_id": active.campaign_id,
            "banner_id": banner.id,
            "kind": banner.kind,
            "locale": locale,
            "title": text.title,
            "body": text.body,
            "cta_label": text.cta_label if cta_url else None,
            "cta_url": cta_url,
            "dismiss_label": text.dismiss_label,
            "dismissible": banner.dismissible,
            "cap": {"impressions": banner.cap.impressions, "per_seconds": int(window)},
        }
    return list(chosen.values())


def parse_languages(value: Any) -> list[str]:
    """``navigator.languages`` as sent; malformed tags are dropped, a non-list is an error."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise BannerRequestError("languages: expected a list of language tags")
    return [v for v in value[:MAX_LANGUAGES] if isinstance(v, str) and _LANGUAGE.match(v)]


def parse_history(value: Any) -> dict[str, Seen]:
    """The snippet's ``history`` object: ``{"<campaign>.<banner>": {"shown": [...], "dismissed": bool}}``.

    Raises
    ------
    BannerRequestError
        On anything else (field named in the message).
    """
    if value is None:
        return {}
    if not isinstance(value, dict) or len(value) > MAX_HISTORY_KEYS:
        raise BannerRequestError(f"history: expected an object of at most {MAX_HISTORY_KEYS} keys")
    out: dict[str, Seen] = {}
    for key, item in value.items():
        if not _KEY.match(key) or not isinstance(item, dict):
            raise BannerRequestError(
                "history: keys are '<campaign_id>.<banner_id>', values objects"
            )
        shown = item.get("shown", [])
        if (
            not isinstance(shown, list)
            or len(shown) > MAX_SHOWN
            or not all(isinstance(t, int) and not isinstance(t, bool) and t >= 0 for t in shown)
        ):
            raise BannerRequestError(
                f"history.{key}.shown: expected at most {MAX_SHOWN} unix seconds"
            )
        dismissed = item.get("dismissed", False)
        if not isinstance(dismissed, bool):
            raise BannerRequestError(f"history.{key}.dismissed: expected true or false")
        out[key] = Seen(tuple(shown), dismissed)
    return out


class BannerSource:
    """The current :class:`BannerIndex`, reloaded at most every ``ttl`` (thread-safe).

    Campaigns are re-read from the ops store every ``ttl``; segment members only when the
    snapshot file changed (a new publication) or another set of segments is needed. A failed
    reload keeps serving the last good index (and logs why).
    """

    def __init__(
        self,
        store: Store,
        snapshot: Path,
        *,
        ttl: dt.timedelta = dt.timedelta(seconds=30),
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.store, self.snapshot, self.ttl, self.clock = store, Path(snapshot), ttl, clock
        self._lock = threading.Lock()
        self._index = BannerIndex()
        self._loaded_at: dt.datetime | None = None
        self._members_key: tuple[float, frozenset[str]] | None = None

    def current(self) -> BannerIndex:
        now = self.clock()
        with self._lock:
            if self._loaded_at is None or now - self._loaded_at >= self.ttl:
                self._reload(now)
            return self._index

    def _reload(self, now: dt.datetime) -> None:
        try:
            banners = active_banners(self.store, now)
            segments = frozenset(s for b in banners for s in b.include | b.exclude)
            mtime = self.snapshot.stat().st_mtime if self.snapshot.exists() else -1.0
            members = self._index.members
            if self._members_key != (mtime, segments):
                members = current_members(self.snapshot, set(segments))
                self._members_key = (mtime, segments)
            self._index = BannerIndex(tuple(banners), members)
        except (sa.exc.SQLAlchemyError, duckdb.Error, OSError, ValueError) as exc:
            log.error("banner reload failed (%s); serving the previous banners", exc)
        self._loaded_at = now
