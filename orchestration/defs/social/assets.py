"""``social_post_insights``: post engagement into the landing zone (then ingest → dbt)."""

# no `from __future__ import annotations`: Dagster reads the Config annotation at runtime
from pathlib import Path

import dagster as dg

from delivery.social.engagement import pull_engagement
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.privacy.resources import PrivacyKeysResource
from orchestration.defs.social.jobs import PublishConfig, _now
from orchestration.defs.social.resources import SocialResource
from orchestration.resources import LandingResource


@dg.asset(
    name="social_post_insights",
    group_name="social",
    kinds={"python"},
    owners=["team:data-platform"],
    description=(
        "Engagement snapshots (impressions, reactions, comments, shares, link clicks) of every "
        "post published in the last 28 days, pulled from Facebook, Instagram, LinkedIn and X into "
        "`landing/social/<day>/insights-<platform>.jsonl`; ingested as `raw_social__post_insights` "
        "and counted per campaign and channel in the marts (fct_social_posts, "
        "fct_campaign_performance channel `social`)."
    ),
)
def social_post_insights(
    context: dg.AssetExecutionContext,
    config: PublishConfig,
    ops_store: OpsStoreResource,
    privacy_keys: PrivacyKeysResource,
    social: SocialResource,
    landing: LandingResource,
) -> dg.MaterializeResult:
    now = _now(config.now)
    settings = social.config()
    clients = settings.clients()
    try:
        with ops_store.open() as store:
            report = pull_engagement(
                store, privacy_keys.keyring(), clients, Path(landing.root), now=now
            )
    finally:
        for client in clients.values():
            client.close()
    for error in report.errors:
        context.log.warning(f"engagement not pulled (next run asks again): {error}")
    return dg.MaterializeResult(
        metadata={
            "posts": report.posts,
            "dagster/row_count": report.landed,
            "files": ", ".join(sorted(report.files)) or "none",
            "errors": "; ".join(report.errors) or "none",
            "needs_reauth": ", ".join(report.needs_reauth) or "none",
        }
    )


social_insights_job = dg.define_asset_job(
    "social_insights_job",
    selection=dg.AssetSelection.assets(social_post_insights),
    description="Pull social post engagement into the landing zone.",
    tags={"enrollflow/domain": "social"},
)

social_insights_schedule = dg.ScheduleDefinition(
    name="social_insights_schedule",
    job=social_insights_job,
    cron_schedule="40 * * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Hourly: engagement of recent social posts into the landing zone.",
)
