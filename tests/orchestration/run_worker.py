"""A Dagster run worker in its own process: executes one ``campaign_step_job`` run.

Started by ``tests/orchestration/test_run_workers.py`` (``python -m tests.orchestration.run_worker``)
as two processes at once, each on the same Dagster instance (``DAGSTER_HOME``, Postgres storage)
and the same Postgres ops store, as two run workers of a queued deployment would be. It waits for
the ``--go`` file so that both runs start together, then prints its outcome as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import dagster as dg

from orchestration.defs.delivery.jobs import campaign_step_job
from tests.orchestration.send_path import sandbox_resources


def main() -> None:
    parser = argparse.ArgumentParser()
    for flag in ("--store", "--warehouse", "--outbox", "--request", "--go"):
        parser.add_argument(flag, required=True)
    args = parser.parse_args()
    request = json.loads(Path(args.request).read_text())
    resources = sandbox_resources(args.store, Path(args.warehouse), Path(args.outbox))
    instance = dg.DagsterInstance.get()  # DAGSTER_HOME: the production dagster.yaml
    try:
        deadline = time.monotonic() + 120
        while not Path(args.go).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        result = campaign_step_job.execute_in_process(
            run_config=request["run_config"],
            instance=instance,
            resources=resources,
            tags=request["tags"],
            raise_on_error=False,
        )
        step = result.output_for_node("advance_campaign_step") if result.success else {}
        errors = [
            f"{event.event_type_value} {event.step_key or ''}: {event.message}"
            + (f"\n{_error(event)}" if event.is_failure else "")
            for event in result.all_events
            if not result.success and (event.is_failure or event.event_type_value == "ENGINE_EVENT")
        ]
        print(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "run_id": result.run_id,
                    "success": result.success,
                    "admitted": step.get("admitted"),
                    "enqueued": step.get("enqueued"),
                    "errors": errors,  # why a step failed (the test shows it)
                }
            )
        )
    finally:
        instance.dispose()


def _error(event: dg.DagsterEvent) -> str:
    """The error a failure event carries (a step's, or the run's own), as text."""
    data = event.event_specific_data
    error = getattr(data, "error", None)
    return error.to_string() if error is not None else ""


if __name__ == "__main__":
    main()
