"""``social_publish_job`` and the ``social_publisher`` sensor that starts it."""

# no `from __future__ import annotations`: Dagster reads the Config annotation at runtime
import datetime as dt

import dagster as dg

from delivery.social.campaigns import schedule_campaign_posts
from delivery.social.publish import run_publisher
from delivery.social.work import pending_work, reauth_needed
from enrollflow.ingest.ops_export import missing_sqlite_store
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.privacy.resources import PrivacyKeysResource
from orchestration.defs.reporting.jobs import alerts_job
from orchestration.defs.social.resources import SocialResource

INTERVAL_SECONDS = 60


class PublishConfig(dg.Config):
    """``now`` (ISO, UTC) pins the run's clock (tests, replays); default: the wall clock."""

    now: str = ""


def _now(text: str = "") -> dt.datetime:
    if text:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dg.op(description="Schedule campaign social steps, refresh tokens, settle unknown posts, publish.")
def publish_social_posts(
    context: dg.OpExecutionContext,
    config: PublishConfig,
    ops_store: OpsStoreResource,
    privacy_keys: PrivacyKeysResource,
    social: SocialResource,
) -> dict:
    now = _now(config.now)
    settings = social.config()
    keys = privacy_keys.keyring()
    clients = settings.clients()
    try:
        with ops_store.open() as store:
            scheduled, problems = schedule_campaign_posts(store, now=now)
            for p in problems:
                context.log.warning(f"campaign social step not scheduled: {p}")
            report = run_publisher(
                store, keys, clients, now=now, apps=settings.apps, limits=settings.limits
            )
    finally:
        for client in clients.values():
            client.close()
    for note in report.notes:
        context.log.warning(note)
    for account in report.needs_reauth:
        context.log.error(
            f"{account} needs a new authorization (alerted): `enrollflow social connect`"
        )
    summary = report.summary()
    context.add_output_metadata({**summary, "campaign_rows": len(scheduled)})
    return summary


@dg.job(
    description="Publish due social posts through the publish ledger (exactly once per account).",
    tags={"enrollflow/domain": "social"},
)
def social_publish_job() -> None:
    publish_social_posts()


@dg.sensor(
    jobs=[social_publish_job, alerts_job],
    minimum_interval_seconds=INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Starts the social publisher when posts are due, unknown, stranded or tokens need a "
        "refresh; starts an alerts run the first time an account needs a new authorization."
    ),
)
def social_publisher(context: dg.SensorEvaluationContext, ops_store: OpsStoreResource):
    missing = missing_sqlite_store(ops_store.url)
    if missing is not None:  # a new checkout's `make ui` before anything created the store
        return dg.SkipReason(
            f"no ops store yet ({missing}): nothing to publish; `make demo` or "
            "`enrollflow ops migrate` creates it"
        )
    now = _now()
    with ops_store.open() as store:
        work = pending_work(store, now=now)
        dead = reauth_needed(store)
    requests = [
        dg.RunRequest(
            job_name=alerts_job.name,
            run_key=f"social-reauth-{account}-{since:%Y%m%dT%H%M%S}",
            tags={"enrollflow/social_account": account},
        )
        for account, since, _ in dead
    ]
    if any(work.values()):
        requests.append(
            dg.RunRequest(
                job_name=social_publish_job.name,
                run_key=f"social-publish-{now:%Y%m%dT%H%M}",
                run_config={"ops": {"publish_social_posts": {"config": {"now": now.isoformat()}}}},
                tags={"enrollflow/social": "publisher"},
            )
        )
    if not requests:
        return dg.SkipReason("no social post is due, unknown or stranded")
    return requests
