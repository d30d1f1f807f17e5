"""What the studio needs to run: where the ops store and the warehouse are, and a clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from delivery.journeys.demo import DEMO_SENDER
from delivery.rendering.email import Sender
from delivery.social.config import SocialConfig

REPO = Path(__file__).resolve().parents[1]
#: previews only (nothing is sent): the demo's sender, whose footer facts a preview shows
PREVIEW_SENDER = DEMO_SENDER


def utc_now() -> dt.datetime:
    """The server's time (UTC, aware): what the audit log records."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class StudioConfig:
    """Settings of one studio app.

    Attributes
    ----------
    store_url : str
        Ops store (SQLite or Postgres URL).
    warehouse_path : Path
        The warehouse snapshot the pipeline publishes (``enrollflow.snapshot.snapshot_path``),
        opened read-only; never the pipeline's own file.
    segments_dir : Path
        Segment definitions (names offered in the audience picker and checked on save).
    secure_cookies : bool
        Mark the session cookie ``Secure`` (set behind HTTPS).
    clock : callable
        Returns "now" (UTC); tests move it.
    live_interval : float
        Seconds between two reads of the ops store by the live monitor.
    snapshot_max_age : float
        Seconds between two checks for a newly published snapshot.
    organisation : str
        Organisation new campaigns belong to.
    sender : Sender
        From-address and compliance facts shown in content previews (nothing is sent).
    assets_dir : Path
        Where uploaded brand assets are stored, content-addressed (``<aa>/<sha256>.<ext>``).
    reports_dir : Path
        Where the weekly schedule and ``enrollflow report`` keep reports (``data/reports/``):
        the Reports page lists them.
    social : SocialConfig
        The platforms' OAuth apps and the callback URL (``ENROLLFLOW_SOCIAL_REDIRECT_URI``, this
        studio's ``/social/callback``) the Social accounts page connects with; none by default.
    """

    store_url: str
    warehouse_path: Path
    segments_dir: Path = REPO / "segments" / "definitions"
    secure_cookies: bool = False
    clock: Callable[[], dt.datetime] = field(default=utc_now)
    live_interval: float = 0.25
    snapshot_max_age: float = 60.0
    organisation: str = "northbridge_academy"
    sender: Sender = field(default_factory=lambda: PREVIEW_SENDER)
    assets_dir: Path = REPO / "data" / "assets"
    reports_dir: Path = REPO / "data" / "reports"
    social: SocialConfig = field(default_factory=SocialConfig)
