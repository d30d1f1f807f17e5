"""Sensors that start campaign step runs: production drives every admitted message on its own.

- ``campaign_scheduler``: every due step of every running campaign (journey rows due, an entry
  schedule reaching its local time in some zone, a scheduled campaign reaching its start) gets a
  run request whose ``run_key`` is ``<campaign>:<step>:<occurrence>:<due minute>``. A tick
  evaluated twice (replayed after a crash) asks for the same keys; Dagster starts a run per key
  once, and the sensor itself skips keys that already have a run. A run that *failed* does not
  count as done: the same work is asked again as ``<key>#<attempt>`` after an exponential
  backoff (1 min, 2 min, ... capped at 1 h; never given up, each failure visible in the UI);
  a journey step still due after a successful run (its time limit stopped it, or the campaign
  was paused and resumed) is asked again the same way.
- ``delivery_dispatcher``: the safety net under the ledger. Each tick it expires stale leases
  (``claimed`` -> ``pending``, ``sending`` -> ``unknown``), then asks a step run (step
  ``dispatch``) for every campaign with claimable ``pending`` rows on a provider that is not
  held or stopped -- messages released after a provider hold, a stop + ``ops resume``, a pause +
  resume, a deferral that came due, the last send step -- and for every campaign with
  ``unknown`` rows to reconcile (the step job reconciles each provider before it dispatches).
  One run per campaign at a time; run keys ``<campaign>:dispatch#<attempt>`` with the same
  backoff after failures.
- ``behavioural_triggers``: when new activity lands in the warehouse (the cursor is the
  activity watermark), each running campaign that reacts to behaviour gets one run for it;
  the engine admits each contact once (journey key campaign, contact, occurrence 1). A failed
  run of it is asked again with the same backoff.
"""

# no `from __future__ import annotations`: Dagster reads resource annotations at runtime
import datetime as dt
from collections.abc import Iterator

import dagster as dg

from delivery import breaker
from delivery.journeys.scheduling import DueStep, due_steps, event_campaigns, pending_work
from delivery.journeys.sources import WarehouseSource
from delivery.ledger import Ledger
from delivery.store import Store
from orchestration.defs.delivery.jobs import (
    CAMPAIGN_TAG,
    ORGANISATION_TAG,
    STEP_TAG,
    campaign_step_job,
)
from orchestration.defs.delivery.providers import EmailProviderResource, SmsProviderResource
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.resources import WarehouseResource

SCHEDULER_INTERVAL_SECONDS = 60
RUN_KEY_BASE_TAG = "enrollflow/run_key_base"
ATTEMPT_TAG = "enrollflow/attempt"
#: first wait after a failed run; doubles with each consecutive failure, up to the maximum
RETRY_BACKOFF = dt.timedelta(minutes=1)
RETRY_BACKOFF_MAX = dt.timedelta(hours=1)
#: a journey step (or a campaign's pending rows) still there after a successful run is asked again
STILL_DUE_RERUN = dt.timedelta(seconds=SCHEDULER_INTERVAL_SECONDS)
#: unknown rows only (a provider's records may lag): reconcile at most this often
RECONCILE_EVERY = dt.timedelta(minutes=5)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _wall() -> dt.datetime:
    """Real time, for backoff against Dagster's own run timestamps."""
    return dt.datetime.now(dt.UTC)


_FINISHED = (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED)


def next_attempt(
    context: dg.SensorEvaluationContext,
    base_key: str,
    *,
    rerun_after_success: dt.timedelta | None,
) -> tuple[str, int] | None:
    """The run key to ask for ``base_key`` now, or ``None`` if it must not run now.

    No run yet: ``base_key`` (attempt 1). A run queued or in progress: ``None``. The latest run
    failed (or was canceled): ``<base_key>#<n+1>`` once ``RETRY_BACKOFF * 2**(failures-1)``
    (at most ``RETRY_BACKOFF_MAX``) has passed since it ended. It succeeded: ``None``, or the
    next attempt after ``rerun_after_success`` when the work is still there.
    """
    records = context.instance.get_run_records(
        filters=dg.RunsFilter(tags={RUN_KEY_BASE_TAG: base_key}), limit=20
    ) or context.instance.get_run_records(
        filters=dg.RunsFilter(tags={"dagster/run_key": base_key}), limit=1
    )
    if not records:
        return base_key, 1
    latest = records[0].dagster_run
    if latest.status not in _FINISHED:
        return None
    attempt = int(latest.tags.get(ATTEMPT_TAG, "1"))
    ended = records[0].end_time or records[0].update_timestamp.timestamp()
    if latest.status == dg.DagsterRunStatus.SUCCESS:
        if rerun_after_success is None:
            return None
        wait = rerun_after_success
    else:
        failures = 0
        for record in records:
            if record.dagster_run.status == dg.DagsterRunStatus.SUCCESS:
                break
            failures += 1
        wait = min(RETRY_BACKOFF * 2 ** (failures - 1), RETRY_BACKOFF_MAX)
    if _wall().timestamp() < ended + wait.total_seconds():
        return None
    return f"{base_key}#{attempt + 1}", attempt + 1


def _campaign_busy(context: dg.SensorEvaluationContext, campaign_id: str) -> bool:
    records = context.instance.get_run_records(
        filters=dg.RunsFilter(
            tags={CAMPAIGN_TAG: campaign_id},
            statuses=[
                dg.DagsterRunStatus.QUEUED,
                dg.DagsterRunStatus.NOT_STARTED,
                dg.DagsterRunStatus.STARTING,
                dg.DagsterRunStatus.STARTED,
                dg.DagsterRunStatus.CANCELING,
            ],
        ),
        limit=1,
    )
    return bool(records)


def _request(step: DueStep, run_key: str, attempt: int = 1, base_key: str | None = None):
    return dg.RunRequest(
        run_key=run_key,
        run_config=dg.RunConfig(
            ops={
                "advance_campaign_step": {
                    "config": {
                        "campaign_id": step.campaign_id,
                        "step_id": step.step_id,
                        "occurrence": step.occurrence,
                    }
                }
            }
        ),
        tags={
            CAMPAIGN_TAG: step.campaign_id,
            ORGANISATION_TAG: step.organisation,
            STEP_TAG: step.step_id,
            RUN_KEY_BASE_TAG: base_key or run_key,
            ATTEMPT_TAG: str(attempt),
        },
    )


def scheduler_requests(
    context: dg.SensorEvaluationContext, store: Store, source: WarehouseSource, now: dt.datetime
) -> Iterator[dg.RunRequest]:
    """Run requests for the due steps at ``now`` (one per campaign, step and occurrence)."""
    seen: set[tuple[str, str, int]] = set()
    for step in due_steps(store, source.zones(), now):
        key = (step.campaign_id, step.step_id, step.occurrence)
        if key in seen:
            continue
        rerun = STILL_DUE_RERUN if step.kind == "journey" else None
        nxt = next_attempt(context, step.run_key, rerun_after_success=rerun)
        if nxt is not None:
            seen.add(key)
            yield _request(step, nxt[0], nxt[1], step.run_key)


def dispatcher_requests(
    context: dg.SensorEvaluationContext, store: Store, held: set[str], now: dt.datetime
) -> Iterator[dg.RunRequest]:
    """Run requests for campaigns with pending rows to send (on channels not in ``held``) or
    unknown rows to reconcile."""
    for work in pending_work(store, now):
        sendable = [c for c in work.channels if c not in held]
        if not sendable and not work.unknown:
            continue
        if _campaign_busy(context, work.campaign_id):
            continue
        base = f"{work.campaign_id}:dispatch"
        rerun = STILL_DUE_RERUN if sendable else RECONCILE_EVERY
        nxt = next_attempt(context, base, rerun_after_success=rerun)
        if nxt is not None:
            step = DueStep(now, work.campaign_id, work.organisation, "dispatch", 0, "dispatch")
            yield _request(step, nxt[0], nxt[1], base)


@dg.sensor(
    job=campaign_step_job,
    minimum_interval_seconds=SCHEDULER_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Starts a campaign step run for every due (campaign, step, occurrence).",
)
def campaign_scheduler(
    context: dg.SensorEvaluationContext, ops_store: OpsStoreResource, warehouse: WarehouseResource
):
    with ops_store.open() as store, warehouse.reader() as conn:
        requests = list(scheduler_requests(context, store, WarehouseSource(conn), _now()))
    if not requests:
        return dg.SkipReason("no campaign step is due")
    return requests


@dg.sensor(
    job=campaign_step_job,
    minimum_interval_seconds=SCHEDULER_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Reacts to newly ingested contact activity (behavioural triggers, conversions).",
)
def behavioural_triggers(
    context: dg.SensorEvaluationContext, ops_store: OpsStoreResource, warehouse: WarehouseResource
):
    with ops_store.open() as store, warehouse.reader() as conn:
        watermark = WarehouseSource(conn).activity_watermark()
        campaigns = event_campaigns(store)
    now = _now()
    fresh = watermark != context.cursor
    requests = []
    for cid, org, entry in campaigns:
        base = f"{cid}:{entry}:activity:{watermark}"
        if not fresh and not context.instance.get_run_records(
            filters=dg.RunsFilter(tags={RUN_KEY_BASE_TAG: base}), limit=1
        ):
            continue  # nothing new, and nothing of this activity failed
        nxt = next_attempt(context, base, rerun_after_success=None)
        if nxt is not None:  # new activity, or a failed run of it after its backoff
            requests.append(_request(DueStep(now, cid, org, entry, 1), nxt[0], nxt[1], base))
    if not fresh and not requests:
        return dg.SkipReason(f"no new activity since {watermark}")
    return dg.SensorResult(run_requests=requests, cursor=watermark)


@dg.sensor(
    job=campaign_step_job,
    minimum_interval_seconds=SCHEDULER_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description=(
        "Expires stale ledger leases, then starts a dispatch run for every campaign with "
        "pending messages on a provider that is not held, or unknown ones to reconcile."
    ),
)
def delivery_dispatcher(
    context: dg.SensorEvaluationContext,
    ops_store: OpsStoreResource,
    email: EmailProviderResource,
    sms: SmsProviderResource,
):
    now = _now()
    with ops_store.open() as store:
        expired = Ledger(store).expire_leases(now=now)
        held = {
            channel
            for channel, resource in (("email", email), ("sms", sms))
            if breaker.check(store, resource.provider().name, now=now) is not None
        }
        requests = list(dispatcher_requests(context, store, held, now))
    if expired["pending"] or expired["unknown"]:
        context.log.warning(
            f"expired leases: {expired['pending']} claimed row(s) back to pending (never left), "
            f"{expired['unknown']} sending row(s) to unknown (reconciled next)"
        )
    if not requests:
        return dg.SkipReason("no campaign has messages to dispatch or reconcile")
    return requests
