"""The intraday path: new landing files reach the marts within minutes, not the next night.

``intraday_refresh`` (sensor, every 30 s) compares the landing zone's day folders of the last
:data:`LOOKBACK_DAYS` days (:mod:`enrollflow.ingest.freshness`: count, size and latest mtime per
source and day) and an ops-store token (latest ``updated_at``/ids of the exported tables) with
its cursor. When something changed it requests one ``intraday_job`` run: the ops-store export
(``ops_landing_files``, when defined, if the ops store changed), the ingest assets of the
changed sources over the changed days (one run for the range; re-ingesting a day replaces it, so
it is idempotent), and the dbt models between their raw tables and the :data:`LIVE_MARTS` --
``dbt build --select`` of exactly those (incremental marts process only what is new), with the
live marts their blocking checks also read -- then the experiment readout fed by them
(:data:`INTRADAY_TAG`); the other marts and models are rebuilt by the nightly ``warehouse_job``;
the readers' snapshot is republished. The ``run_key`` is the cursor's digest, so a replayed tick
starts nothing twice. After the run the snapshot's ``fct_contact_activity`` holds the new
activity, and ``behavioural_triggers`` (which reads the snapshot) reacts to it.

Daily partitions stay for backfills and the 02:00 run of yesterday; the partitions include
today (``end_offset=1``), the day the intraday path keeps topping up.
"""

# no `from __future__ import annotations`: Dagster reads resource annotations at runtime
import datetime as dt
import hashlib
import json

import dagster as dg

from enrollflow.ingest import SOURCES
from enrollflow.ingest.freshness import changed, decode, encode, landing_state, ops_store_token
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.resources import LandingResource
from orchestration.tags import INTRADAY_TAG, STAGE_TAG

LOOKBACK_DAYS = 2
INTERVAL_SECONDS = 30
DBT_GROUPS = ("staging", "intermediate", "marts")
#: The marts the intraday path keeps fresh (those in the graph): what behavioural triggers and
#: the campaign views read. The rest (attribution paths, cohorts, LTV, RFM) is rebuilt nightly.
LIVE_MARTS = (
    "fct_contact_activity",
    "fct_message_events",
    "fct_sends",
    "fct_campaign_performance",
    "fct_campaign_metrics",
    "fct_budget_pacing",
    "fct_campaign_health",
    "dim_campaigns",
    "fct_experiment_assignments",
    "fct_social_posts",
)
#: The asset that exports the ops store's changes to ``landing/ops`` (when it is defined).
OPS_EXPORT = dg.AssetKey("ops_landing_files")
#: The readers' read-only copy of the warehouse, republished after the marts (when defined).
SNAPSHOT = dg.AssetKey("warehouse_snapshot")

intraday_job = dg.define_asset_job(
    "intraday_job",
    selection=dg.AssetSelection.groups("ingest", *DBT_GROUPS, "publish")
    | dg.AssetSelection.tag(INTRADAY_TAG, "live"),
    description=(
        "Ingest the landing days that changed (and the ops store's changes) and dbt-build the "
        "live marts downstream of them (launched by the intraday_refresh sensor with the exact "
        "asset selection)."
    ),
    tags={STAGE_TAG: "intraday"},
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def affected_assets(
    asset_graph, sources: list[str], ops_changed: bool, marts: tuple[str, ...] = LIVE_MARTS
) -> list[dg.AssetKey]:
    """The ops export (if the ops store changed), the raw tables of ``sources`` (plus ``ops``
    then), the dbt models between them and ``marts`` (default: the :data:`LIVE_MARTS`) with the
    models their blocking checks also read, the experiment readouts those models feed, and the
    readers' snapshot."""
    keys = set(asset_graph.get_all_asset_keys())
    export = [OPS_EXPORT] if ops_changed and OPS_EXPORT in keys else []
    if export and "ops" in SOURCES and "ops" not in sources:
        sources = [*sources, "ops"]
    raw = [dg.AssetKey(table) for source in sources for table in SOURCES[source]]
    live = [dg.AssetKey(m) for m in marts if dg.AssetKey(m) in keys]
    between = (
        dg.AssetSelection.assets(*raw).downstream()
        & dg.AssetSelection.assets(*live).upstream()
        & dg.AssetSelection.groups(*DBT_GROUPS)
    )
    models = between.resolve(asset_graph)
    every_live = {dg.AssetKey(m) for m in (*LIVE_MARTS, *marts) if dg.AssetKey(m) in keys}
    partners = _blocking_check_partners(asset_graph, models, every_live)
    models = sorted(models | partners, key=lambda k: k.to_user_string())
    readouts = _live_readouts(asset_graph, set(models))
    publish = [SNAPSHOT] if SNAPSHOT in keys else []
    return export + raw + models + readouts + publish


def _blocking_check_partners(
    asset_graph, models: set[dg.AssetKey], live: set[dg.AssetKey]
) -> set[dg.AssetKey]:
    """The live marts the blocking checks of ``models`` also read (a relationships test of
    ``fct_message_events`` reads ``fct_sends``), and theirs in turn.

    dbt's selection is cautious (``dbt_project.yml``): a test runs only when every model it
    reads is built. The demo's engine refresh asks for ``fct_contact_activity`` alone, which
    rebuilt ``fct_message_events`` but not ``fct_sends``, so the blocking check emitted no result
    and the snapshot was published without it. Building the partner too (from the data it
    already has) lets the check run and gate the snapshot. Partners come from every live mart,
    whichever marts the caller asked for; the intraday path never rebuilds a nightly model for
    a check.
    """
    selected, partners = set(models), set()
    while True:
        found = {
            dep.asset_key
            for check in asset_graph.get_check_keys_for_assets(selected)
            if (spec := asset_graph.get_check_spec(check)).blocking
            for dep in spec.additional_deps
        } & live
        new = found - selected
        if not new:
            return partners
        partners |= new
        selected |= new


def _live_readouts(asset_graph, models: set[dg.AssetKey]) -> list[dg.AssetKey]:
    """The tagged non-dbt assets (:data:`INTRADAY_TAG`) whose inputs this run rebuilds."""
    tagged = dg.AssetSelection.tag(INTRADAY_TAG, "live").resolve(asset_graph)
    fed = [k for k in tagged if asset_graph.get(k).parent_keys & models]
    whole = dg.AssetSelection.assets(*fed).required_multi_asset_neighbors().resolve(asset_graph)
    return sorted(whole, key=lambda k: k.to_user_string())


def intraday_request(
    asset_graph, by_day: dict[dt.date, list[str]], ops_changed: bool, today: dt.date, token: str
) -> dg.RunRequest:
    """One run over the changed days' range (and today when the ops store is exported)."""
    days = set(by_day) | ({today} if ops_changed else set())
    first, last = min(days), max(days)
    sources = sorted({s for day_sources in by_day.values() for s in day_sources})
    digest = hashlib.sha256(token.encode()).hexdigest()[:16]
    return dg.RunRequest(
        run_key=f"intraday:{first}:{last}:{digest}",
        asset_selection=affected_assets(asset_graph, sources, ops_changed),
        tags={
            "dagster/asset_partition_range_start": first.isoformat(),
            "dagster/asset_partition_range_end": last.isoformat(),
            STAGE_TAG: "intraday",
            "enrollflow/sources": ",".join(sources + (["ops_store"] if ops_changed else [])),
        },
    )


@dg.sensor(
    job=intraday_job,
    minimum_interval_seconds=INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description=(
        "Watches the landing zone (webhooks app, CRM exports) and the ops store, and launches "
        "intraday_job for what changed, so the live marts are minutes behind."
    ),
)
def intraday_refresh(
    context: dg.SensorEvaluationContext, landing: LandingResource, ops_store: OpsStoreResource
):
    today = _now().date()
    previous = json.loads(context.cursor) if context.cursor else {}
    before = decode(previous.get("landing", {}))
    after = landing_state(landing.root, today - dt.timedelta(days=LOOKBACK_DAYS), today)
    with ops_store.open() as store:
        ops = ops_store_token(store)
    first_day = _first_partition_day(context)
    by_day = {
        d: s for d, s in changed(before, after).items() if first_day is None or d >= first_day
    }
    ops_changed = ops != previous.get("ops")
    # the export writes the ops store's changes into the landing zone: the next tick sees them
    # as files of a day it has just ingested, so files of source ``ops`` never trigger a run
    cursor_state = encode(after)
    cursor = json.dumps({"landing": cursor_state, "ops": ops}, sort_keys=True)
    by_day = {d: [s for s in srcs if s != "ops"] for d, srcs in by_day.items()}
    by_day = {d: srcs for d, srcs in by_day.items() if srcs}
    if not by_day and not ops_changed:
        return dg.SensorResult(
            skip_reason="no new landing files, no ops-store change", cursor=cursor
        )
    request = intraday_request(
        context.repository_def.asset_graph, by_day, ops_changed, today, cursor
    )
    return dg.SensorResult(run_requests=[request], cursor=cursor)


def _first_partition_day(context: dg.SensorEvaluationContext) -> dt.date | None:
    job = context.repository_def.get_job("intraday_job")
    partitions = job.partitions_def
    return dt.date.fromisoformat(partitions.get_first_partition_key()) if partitions else None
