"""Social domain: the publisher job and sensor, and the engagement pull into the landing zone.

- ``social_publish_job`` (op ``publish_social_posts``): writes the ledger rows of running
  campaigns' social steps, refreshes tokens ahead of expiry, expires leases, settles ``unknown``
  posts by listing each account's posts, and publishes what is due (``delivery.social.publish``).
- ``social_publisher`` (sensor, every 60 s): asks for a publisher run when there is work
  (``run_key`` per minute, so a replayed tick starts nothing twice), and for an ``alerts_job`` run
  the first time an account goes ``needs_reauth`` (``run_key`` per account and occurrence).
- ``social_post_insights`` (asset, hourly ``social_insights_schedule``): engagement snapshots of
  the posts published in the last 28 days into ``landing/social/<day>/``; the ``intraday_refresh``
  sensor then ingests them (``raw_social__post_insights``) and builds the marts.

Settings: ``delivery/social/config.py`` (``ENROLLFLOW_FACEBOOK_APP_ID`` ... ``ENROLLFLOW_X_POST_PRICE``).
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.social.assets import (
    social_insights_job,
    social_insights_schedule,
    social_post_insights,
)
from orchestration.defs.social.jobs import social_publish_job, social_publisher
from orchestration.defs.social.resources import social_resource_from_env

defs = dg.Definitions(
    assets=[social_post_insights],
    jobs=[social_publish_job, social_insights_job],
    sensors=[social_publisher],
    schedules=[social_insights_schedule],
    resources={"social": social_resource_from_env()},
)
