"""A harness that does what production does, at a simulated instant, and nothing else.

:class:`Production` evaluates the delivery sensors through Dagster on a real
``DagsterInstance`` and executes every run they request (as the daemon would launch it), with
the job's ``now`` pinned to the simulated instant. Tests inject a fault, then call only
:meth:`Production.tick` / :meth:`Production.settle`: no recovery function is called by hand.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import dagster as dg
import pandas as pd
import sqlalchemy as sa

from delivery.ledger import open_address
from delivery.providers.sandbox import outbox_records
from delivery.store import Store
from delivery.store.schema import send_ledger
from orchestration.defs.delivery import sensors
from orchestration.defs.delivery.jobs import campaign_step_job
from orchestration.defs.delivery.providers import SandboxEmailResource, SandboxSmsResource
from orchestration.defs.delivery.resources import OpsStoreResource, SenderResource
from orchestration.resources import WarehouseResource

SENSORS = (sensors.campaign_scheduler, sensors.delivery_dispatcher)


def sandbox_resources(store_url: str, warehouse: Path, outbox: Path) -> dict:
    return {
        "ops_store": OpsStoreResource(url=store_url),
        "warehouse": WarehouseResource(path=str(warehouse)),
        "delivery": SenderResource(),
        "email": SandboxEmailResource(outbox_dir=str(outbox)),
        "sms": SandboxSmsResource(outbox_dir=str(outbox)),
    }


class Production:
    """The sensors and the step job on one Dagster instance, at simulated instants."""

    def __init__(self, instance: dg.DagsterInstance, resources: dict, monkeypatch) -> None:
        self.instance = instance
        self.resources = resources
        self.monkeypatch = monkeypatch
        #: seconds added to real time for the retry backoff (Dagster stamps runs in real time)
        self.wall_offset = 0.0
        self.runs: list[dg.ExecuteInProcessResult] = []
        monkeypatch.setattr(
            sensors,
            "_wall",
            lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.wall_offset),
        )

    def requests(self, now: dt.datetime) -> list[dg.RunRequest]:
        self.monkeypatch.setattr(sensors, "_now", lambda: now)
        out: list[dg.RunRequest] = []
        for sensor in SENSORS:
            context = dg.build_sensor_context(instance=self.instance, resources=self.resources)
            result = sensor(context)
            if isinstance(result, dg.SkipReason):
                continue
            out.extend(result.run_requests if isinstance(result, dg.SensorResult) else result)
        return out

    def execute(self, request: dg.RunRequest, now: dt.datetime) -> dg.ExecuteInProcessResult:
        config = request.run_config
        config = config.to_config_dict() if hasattr(config, "to_config_dict") else config
        config["ops"]["advance_campaign_step"]["config"]["now"] = now.isoformat()
        result = campaign_step_job.execute_in_process(
            run_config=config,
            instance=self.instance,
            resources=self.resources,
            tags={**request.tags, "dagster/run_key": request.run_key},
            raise_on_error=False,
        )
        self.runs.append(result)
        return result

    def tick(self, now: dt.datetime) -> list[dg.ExecuteInProcessResult]:
        """One sensor tick at ``now`` and the runs it asks for."""
        done: set[str] = set()
        results = []
        for request in self.requests(now):
            if request.run_key in done:  # Dagster launches one run per run_key
                continue
            done.add(request.run_key)
            results.append(self.execute(request, now))
        return results

    def settle(self, now: dt.datetime, *, rounds: int = 6) -> None:
        """Ticks at ``now`` until production asks for nothing more (each minute of wall time
        apart, so a step still due after a successful run may be asked again)."""
        for _ in range(rounds):
            if not self.tick(now):
                return
            self.wall_offset += sensors.STILL_DUE_RERUN.total_seconds() + 1


def ledger(store: Store) -> pd.DataFrame:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(send_ledger)).mappings().all()
    frame = pd.DataFrame(rows, columns=[c.name for c in send_ledger.c])
    frame["to_address"] = [open_address(store, e) for e in frame["to_address_enc"]]  # sealed
    return frame


def outbox_counts(outbox: Path) -> Counter:
    """How many times each ledger id left through the sandbox (its JSON envelopes)."""
    counts: Counter = Counter()
    for channel_dir in sorted(p for p in Path(outbox).glob("*") if p.is_dir()):
        for record in outbox_records(channel_dir):
            counts[record["ledger_id"]] += 1
    return counts
