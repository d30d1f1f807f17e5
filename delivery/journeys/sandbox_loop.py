"""Close the loop for the sandbox: its recipients engage, and the providers' webhooks say so.

:class:`EngagementReplay` takes what the sandbox providers accepted (outbox records joined to
the ledger's ``submitted_at``), lets the simulator's engagement model
(:mod:`simulator.engagement`) draw what each contact does, and delivers the result the way
production receives it: signed SendGrid / Twilio POSTs to the webhooks app
(:mod:`simulator.provider_posts`), which lands them in the landing zone and applies them to the
ops store, and LMS export files in the landing zone. From there ingest and dbt take them to the
marts like any provider's data.

:func:`in_process_webhooks` builds the real webhooks app (:func:`delivery.webhooks.app.create_app`)
with the demo's keys and a clock the replay moves to each POST's arrival time, behind an
:class:`~delivery.journeys.asgi_client.AsgiClient` (its ASGI app called with each request's
scope and body on one event loop, in this thread). Point the replay at a running app with an
``httpx.Client`` instead (``set_clock=None``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from delivery.providers.sandbox import outbox_records
from delivery.store import Store
from delivery.store.schema import send_ledger
from simulator.engagement import engagement
from simulator.provider_posts import Client, DeliveryReport, ProviderSigner, deliver

#: The demo's Twilio auth token (the webhooks app checks X-Twilio-Signature with it).
DEMO_TWILIO_AUTH_TOKEN = "demo-twilio-auth-token"


def sandbox_sends(store: Store, outboxes: Sequence[Path]) -> pd.DataFrame:
    """Messages the sandbox accepted: outbox records joined to their ledger rows.

    Returns a frame with the columns :func:`simulator.engagement.engagement` reads
    (``submitted_at`` in unix seconds).
    """
    records = [r for outbox in outboxes for r in outbox_records(outbox)]
    columns = ["ledger_id", "to", "provider_message_id", "categories", "asm_group_id"]
    sent = pd.DataFrame(
        [
            {c: r.get(c) for c in columns} | {"status_callback": r.get("status_callback")}
            for r in records
        ],
        columns=[*columns, "status_callback"],
    )
    L = send_ledger
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                L.c.ledger_id,
                L.c.campaign_id,
                L.c.contact_id,
                L.c.variant_id,
                L.c.channel,
                L.c.submitted_at,
            ).where(L.c.provider == "sandbox", L.c.submitted_at.is_not(None))
        ).all()
    ledger = pd.DataFrame(
        rows,
        columns=["ledger_id", "campaign_id", "contact_id", "variant_id", "channel", "submitted_at"],
    )
    frame = ledger.merge(sent, on="ledger_id", how="inner")
    stamps = pd.to_datetime(frame["submitted_at"]).dt.tz_localize(None)
    frame["submitted_at"] = (stamps.astype("datetime64[s]").astype("int64")).astype("int64")
    return frame.sort_values("ledger_id").reset_index(drop=True)


@dataclass
class WebhookTarget:
    """Where the replay POSTs: a client, the app's public URL, and its clock (if in process)."""

    client: Client
    public_base_url: str
    set_clock: Callable[[dt.datetime], None] | None = None


class _Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def set(self, at: dt.datetime) -> None:
        self.at = at


def in_process_webhooks(
    store: Store,
    landing: Path,
    signer: ProviderSigner,
    *,
    twilio_auth_token: str,
    public_base_url: str,
    unsubscribe_secret: str,
    start: dt.datetime,
    follow_arrivals: bool = True,
):
    """The real webhooks app, authenticated with ``signer``'s keys, behind an ``AsgiClient``.

    Returns a context manager yielding a :class:`WebhookTarget`. With ``follow_arrivals`` its
    ``set_clock`` moves the app's clock to each POST's simulated arrival (``received_at`` and the
    landing day); without it the app keeps the wall clock, as a deployed app does -- what a replay
    of past days needs, since the incremental marts pick up what was *received* recently.
    """
    from delivery.journeys.asgi_client import AsgiClient
    from delivery.webhooks.app import create_app

    clock = _Clock(start)
    app = create_app(
        store,
        landing,
        unsubscribe_secret=unsubscribe_secret,
        public_base_url=public_base_url,
        twilio_auth_token=twilio_auth_token,
        sendgrid_public_key=signer.sendgrid_public_key,
        clock=clock if follow_arrivals else (lambda: dt.datetime.now(dt.UTC)),
    )

    class _Target:
        def __enter__(self) -> WebhookTarget:
            self.client = AsgiClient(app, public_base_url)
            return WebhookTarget(
                self.client, public_base_url, clock.set if follow_arrivals else None
            )

        def __exit__(self, *exc: object) -> None:
            self.client.close()

    return _Target()


class EngagementReplay:
    """Deliver the engagement of the sandbox's sends, window by window, through ``target``.

    Parameters
    ----------
    store : Store
        The ops store (ledger).
    outboxes : sequence of Path
        The sandbox providers' outbox folders.
    contacts : pandas.DataFrame
        Planted truth per contact (``truth/contact_preferences.parquet``).
    courses : pandas.DataFrame
        ``course_id``, ``price_amount``, ``currency`` of the courses applications are for.
    landing : Path
        Landing zone root (LMS exports).
    signer : ProviderSigner
        Signs as SendGrid and Twilio.
    seed : int
        Salt of the engagement draws and of the delivery's batching and retries.
    duplicate_share : float
        Share of webhook POSTs delivered twice, as providers retry.
    """

    def __init__(
        self,
        store: Store,
        outboxes: Sequence[Path],
        contacts: pd.DataFrame,
        courses: pd.DataFrame,
        landing: Path,
        signer: ProviderSigner,
        *,
        seed: int = 0,
        duplicate_share: float = 0.03,
    ) -> None:
        self.store = store
        self.outboxes = list(outboxes)
        self.contacts = contacts
        self.courses = courses
        self.landing = Path(landing)
        self.signer = signer
        self.seed = seed
        self.duplicate_share = duplicate_share
        self.since: int | None = None

    def advance(self, target: WebhookTarget, until: dt.datetime) -> DeliveryReport:
        """POST what arrives after the previous call and up to ``until``; export the LMS files."""
        horizon = int(until.replace(tzinfo=until.tzinfo or dt.UTC).timestamp())
        drawn = engagement(
            sandbox_sends(self.store, self.outboxes),
            self.contacts,
            courses=self.courses,
            until=horizon,
            seed=self.seed,
        )
        report = deliver(
            target.client,
            drawn,
            signer=self.signer,
            public_base_url=target.public_base_url,
            landing=self.landing,
            since=self.since,
            until=horizon,
            seed=self.seed,
            set_clock=target.set_clock,
            duplicate_share=self.duplicate_share,
        )
        self.since = horizon
        return report
