"""deploy/dagster.yaml limits campaign step runs to one per campaign (tag concurrency)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg
import yaml

from delivery.journeys.scheduling import DueStep
from orchestration.defs.delivery.jobs import CAMPAIGN_TAG
from orchestration.defs.delivery.sensors import _request

DEPLOY_YAML = Path(__file__).resolve().parents[2] / "deploy" / "dagster.yaml"


def _instance_without_postgres(tmp_path: Path) -> dg.DagsterInstance:
    """The production instance config with local storage (Postgres storage is tested elsewhere)."""
    config = yaml.safe_load(DEPLOY_YAML.read_text())
    config.pop("storage")
    (tmp_path / "dagster.yaml").write_text(yaml.safe_dump(config))
    return dg.DagsterInstance.from_config(str(tmp_path))


def test_production_instance_queues_runs_with_one_run_per_campaign(tmp_path):
    instance = _instance_without_postgres(tmp_path)
    try:
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        queue = instance.get_concurrency_config().run_queue_config
        assert queue.max_concurrent_runs == 2
        assert queue.tag_concurrency_limits == [
            {"key": CAMPAIGN_TAG, "value": {"applyLimitPerUniqueValue": True}, "limit": 1}
        ]
    finally:
        instance.dispose()


def test_campaign_step_runs_carry_the_limited_tag():
    """The sensor tags every run with the campaign, the key the limit applies per value to."""
    step = DueStep(dt.datetime(2026, 3, 2, 9), "spring", "northbridge", "start", 20260302)
    request = _request(step, step.run_key)
    limited = yaml.safe_load(DEPLOY_YAML.read_text())["concurrency"]["runs"]
    [limit] = limited["tag_concurrency_limits"]
    assert request.tags[limit["key"]] == "spring"
