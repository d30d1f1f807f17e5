"""The demo campaign, end to end against the sandbox providers (what ``make demo`` runs).

``run_demo_campaign`` applies ``delivery/campaigns/examples/spring_enrollment.yml`` (re-dated:
it starts ``days`` before ``now``, the invitation fires the next day at 09:00 local), approves
and launches it, then runs the engine hour by hour up to ``now``: the invitation leaves zone by
zone with a subject-line A/B test and a holdout, non-openers get an SMS reminder after 48 h, and
contacts who enroll exit. Every message goes through the ledger and the sandbox providers (batch
files under ``out_dir/outbox``).

The loop is closed the way production closes it: the sandbox's recipients engage
(:mod:`simulator.engagement`, with a planted uplift for subject B), their events reach the
webhooks app as signed SendGrid / Twilio POSTs and the LMS exports land as files
(:mod:`delivery.journeys.sandbox_loop`); ``refresh`` -- the pipeline's intraday run (ops-store
export, ingest, dbt build of the live marts) -- takes them to the warehouse, where the engine
reads opens and enrollments. It runs before a step that moves contacts already in flight (the
48-hour branch on opens and its SMS reminder: what they did since their email decides), at most
once per :data:`REFRESH_EVERY` of simulated time, over the days since the previous run, building
only the :data:`ENGINE_MARTS`; and once more at the end, into every live mart. The entry's
zone-by-zone invitations admit new contacts and need none. The
summary is read back from the marts and the ops store (:mod:`delivery.journeys.demo_summary`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import NotFoundError
from delivery.campaigns.graph import to_mermaid
from delivery.campaigns.rules import needs_approval, utc_naive
from delivery.campaigns.validation import validate_campaign
from delivery.content.review import approve_campaign_content
from delivery.journeys.demo_summary import summarise
from delivery.journeys.engine import advance_campaign
from delivery.journeys.render import dispatch_campaign
from delivery.journeys.sandbox_loop import (
    DEMO_TWILIO_AUTH_TOKEN,
    EngagementReplay,
    in_process_webhooks,
)
from delivery.journeys.scheduling import DueStep, due_steps
from delivery.journeys.sources import WarehouseSource
from delivery.ledger import Ledger
from delivery.providers.sandbox import SandboxProvider
from delivery.rendering.email import Sender
from delivery.store import open_store
from simulator.engagement import write_planted_truth
from simulator.provider_posts import ProviderSigner

DEMO_FILE = Path(__file__).resolve().parents[1] / "campaigns" / "examples" / "spring_enrollment.yml"
PUBLIC_URL = "http://127.0.0.1:8000"
DEMO_SENDER = Sender(
    from_email="admissions@northbridge.example.edu",
    from_name="Northbridge Academy",
    organisation="Northbridge Academy",
    postal_address="1 College Road, Leeds LS1 1AA, United Kingdom",
    unsubscribe_base_url=PUBLIC_URL,
    unsubscribe_secret="demo-only-secret",
)
REFRESH_EVERY = dt.timedelta(hours=24)
#: The marts the engine reads of what contacts did (:meth:`WarehouseSource.activity`: exits,
#: engagement branches, waits for an event); a refresh between two steps builds only these.
ENGINE_MARTS = ("fct_contact_activity",)
DEMO_COURSE_CATEGORY = "data"


def demo_document(start: dt.datetime) -> dict:
    """The demo file re-dated: starts at ``start``, the invitation fires the next local day."""
    doc = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    doc["start_at"] = start.isoformat()
    doc["end_at"] = (start + dt.timedelta(days=30)).isoformat()
    entry = doc["workflow"]["nodes"][0]
    entry["trigger"]["once_on"] = (start + dt.timedelta(days=1)).date().isoformat()
    return doc


def _courses(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Courses the demo's applications are for: the data courses (any course if none; no
    applications when the warehouse has no catalogue)."""
    tables = {
        r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    if "stg_lms__courses" not in tables:
        return pd.DataFrame(columns=["course_id", "price_amount", "currency"])
    sql = "SELECT course_id, price_amount, currency_code AS currency FROM stg_lms__courses"
    courses = conn.execute(
        sql + " WHERE course_category = ? ORDER BY course_id", [DEMO_COURSE_CATEGORY]
    ).df()
    return courses if len(courses) else conn.execute(sql + " ORDER BY course_id").df()


class ReplaySource(WarehouseSource):
    """The warehouse, reading segment membership no earlier than ``asof``.

    The demo replays the last days before ``now`` while the segments were computed once, at the
    end of the simulated history: an instant before that reads the memberships as of then.
    """

    def __init__(self, conn: duckdb.DuckDBPyConnection, asof: dt.datetime | None) -> None:
        super().__init__(conn)
        self.asof = asof

    def _at(self, at: dt.datetime) -> dt.datetime:
        return max(at, self.asof) if self.asof is not None else at

    def audience(self, segments, exclude, at: dt.datetime) -> pd.Series:
        return super().audience(segments, exclude, self._at(at))

    def members(self, segment: str, contact_ids, at: dt.datetime) -> set[str]:
        return super().members(segment, contact_ids, self._at(at))


def _segments_asof(conn: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """When the segments were last computed (the latest membership start), if they were."""
    try:
        value = conn.execute("SELECT max(valid_from) FROM segment_memberships").fetchone()[0]
    except duckdb.CatalogException:
        return None
    return None if value is None else pd.Timestamp(value).to_pydatetime()


def _signer(out: Path) -> ProviderSigner:
    """The demo's SendGrid signing key, kept under ``out`` so a re-run signs with the same key."""
    path = out / "sendgrid_signing_key.pem"
    if path.exists():
        return ProviderSigner.from_pem(DEMO_TWILIO_AUTH_TOKEN, path.read_bytes())
    signer = ProviderSigner.generate(DEMO_TWILIO_AUTH_TOKEN)
    path.write_bytes(signer.private_pem())
    path.chmod(0o600)
    return signer


def run_demo_campaign(
    store_url: str,
    warehouse_path: str | Path,
    now: dt.datetime,
    out_dir: str | Path,
    *,
    landing: str | Path,
    truth_dir: str | Path,
    refresh: Callable[[dt.date, dt.date, tuple[str, ...] | None], object] | None = None,
    days: int = 4,
    seed: int = 0,
) -> dict[str, Any]:
    """Run the demo campaign over the ``days`` before ``now``, round the loop.

    Parameters
    ----------
    store_url : str
        Ops store URL (migrated to head if needed).
    warehouse_path : str or Path
        DuckDB warehouse with the marts and ``segment_memberships``.
    now : datetime.datetime
        The end of the run (UTC); the campaign starts ``days`` earlier, on the hour.
    out_dir : str or Path
        Where the sandbox outbox, the workflow graph and ``campaign_summary.json`` go.
    landing : str or Path
        The landing zone (the webhooks app lands events there; LMS exports go there).
    truth_dir : str or Path
        The simulator's planted truth (``contact_preferences.parquet``); the engagement
        model's own truth is written there too.
    refresh : callable, optional
        ``refresh(first_day, last_day, marts)`` brings the landing days into the marts (the
        pipeline's intraday run): between two steps only into ``marts`` =
        :data:`ENGINE_MARTS` (what the engine reads of the day's activity), at the end into
        every live mart (``marts`` None: the summary and the report read them). Without it
        the engine never sees engagement.
    days : int
        Simulated days to run, ticking hourly.
    seed : int
        Seed of the engagement model.

    Returns
    -------
    dict
        Audience, messages, per-variant funnel, holdout, enrollments, spend against budget and
        KPIs against target (also written to ``out_dir/campaign_summary.json``).
    """
    end = utc_naive(now)
    start = (end - dt.timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    campaign = validate_campaign(demo_document(start), str(DEMO_FILE))
    cid = campaign.campaign_id
    store = open_store(store_url, create=True)  # the demo is a fresh start: it may create
    conn = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        asof = _segments_asof(conn)
        source = ReplaySource(conn, asof)
        audience = len(
            source.audience(campaign.audience.segments, campaign.audience.exclude_segments, start)
        )
        if not _already_launched(store, cid):
            _apply_and_launch(store, campaign, audience, start)
        write_planted_truth(Path(truth_dir))
        outboxes = [out / "outbox" / "email", out / "outbox" / "sms"]
        providers = [
            SandboxProvider(outboxes[0], channel="email", account="demo-email"),
            SandboxProvider(outboxes[1], channel="sms", account="demo-sms"),
        ]
        contacts = pd.read_parquet(Path(truth_dir) / "contact_preferences.parquet")
        replay = EngagementReplay(
            store, outboxes, contacts, _courses(conn), Path(landing), _signer(out), seed=seed
        )
        alerts: list[str] = []
        zones = source.zones()
        started: set[str] = set()
        refreshed = start
        with in_process_webhooks(
            store,
            Path(landing),
            replay.signer,
            twilio_auth_token=DEMO_TWILIO_AUTH_TOKEN,
            public_base_url=PUBLIC_URL,
            unsubscribe_secret=DEMO_SENDER.unsubscribe_secret,
            start=start,
            follow_arrivals=False,  # received now, as the replayed days' events would be
        ) as target:

            def catch_up(moment: dt.datetime, marts: tuple[str, ...] | None) -> None:
                # engagement so far reaches the webhooks app, then the pipeline's intraday run
                # over the days it can have landed on since the last one (LMS exports land on
                # their arrival day, the webhooks app on today: the run always reaches today)
                nonlocal conn, source, refreshed
                replay.advance(target, moment)
                if refresh is not None:
                    conn.close()
                    refresh(refreshed.date(), moment.date(), marts)
                    conn = duckdb.connect(str(warehouse_path), read_only=True)
                    source = ReplaySource(conn, asof)
                refreshed = moment

            for hour in range(int((end - start).total_seconds() // 3600) + 1):
                moment = start + dt.timedelta(hours=hour)
                # what the Dagster scheduler does: run a step when one is due (once per run_key)
                due = [
                    s
                    for s in due_steps(store, zones, moment)
                    if s.campaign_id == cid and s.run_key not in started
                ]
                if not due:
                    continue
                if _reads_engagement(due) and moment - refreshed >= REFRESH_EVERY:
                    catch_up(moment, ENGINE_MARTS)
                started |= {s.run_key for s in due}
                alerts += advance_campaign(store, source, cid, now=moment).alerts
                if Ledger(store).counts(campaign_id=cid).get("pending"):
                    for provider in providers:
                        dispatch_campaign(
                            store, source, campaign, provider, sender=DEMO_SENDER,
                            status_callback_base=PUBLIC_URL, now=moment,
                        )  # fmt: skip
            catch_up(end, None)
            # what behavioural_triggers does on fresh activity: conversions exit at once
            alerts += advance_campaign(store, source, cid, now=end).alerts
        summary = summarise(store, conn, campaign, audience, start, alerts)
        summary |= {"outbox": str(out / "outbox"), "graph": str(out / "campaign_graph.mmd")}
    finally:
        conn.close()
        store.dispose()
    (out / "campaign_graph.mmd").write_text(to_mermaid(campaign), encoding="utf-8")
    (out / "campaign_summary.json").write_text(
        json.dumps(summary, indent=2, default=str), encoding="utf-8"
    )
    return summary


def _reads_engagement(due: list[DueStep]) -> bool:
    """Whether a step among ``due`` moves contacts already in flight, whose next move can depend
    on what they did since they were sent to (exit on enrollment, engagement branches, waits for
    an event, split readouts). An entry fire only admits new contacts: it reads their
    attributes and segments, which the nightly build provides and the intraday run does not
    change, so it needs no refresh."""
    return any(s.kind == "journey" for s in due)


def _already_launched(store, cid: str) -> bool:
    try:
        return lifecycle.get_campaign(store, cid).status not in ("draft", "approved")
    except NotFoundError:
        return False


def _apply_and_launch(store, campaign, audience: int, now: dt.datetime) -> None:
    cid = campaign.campaign_id
    lifecycle.apply_campaign(store, campaign, actor="demo.marketer", now=now, source=str(DEMO_FILE))
    if needs_approval(audience):
        lifecycle.grant_role(
            store,
            "demo.approver",
            "approver",
            email="approver@example.edu",
            actor="demo.admin",
            now=now,
        )
        lifecycle.approve(store, cid, approver="demo.approver", audience_size=audience, now=now)
        # and its content, reviewed in the content library by the approver
        approve_campaign_content(
            store, campaign, author="demo.marketer", approver="demo.approver", now=now
        )
    lifecycle.launch(store, cid, actor="demo.marketer", audience_size=audience, now=now)
