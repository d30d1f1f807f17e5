"""Delivery domain: the campaign step job, the scheduler and behavioural-trigger sensors."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.delivery.jobs import campaign_step_job
from orchestration.defs.delivery.providers import email_resource, sms_resource
from orchestration.defs.delivery.resources import ops_store_resource, sender_resource
from orchestration.defs.delivery.sensors import (
    behavioural_triggers,
    campaign_scheduler,
    delivery_dispatcher,
)

defs = dg.Definitions(
    jobs=[campaign_step_job],
    sensors=[campaign_scheduler, behavioural_triggers, delivery_dispatcher],
    resources={
        "ops_store": ops_store_resource(),
        "delivery": sender_resource(),
        "email": email_resource(),
        "sms": sms_resource(),
    },
)
