"""Launch the Dagster jobs in process (used by ``enrollflow demo`` and ``enrollflow run``).

The jobs themselves live in ``orchestration/defs/pipeline``; this module only launches them against
the Dagster instance in ``DAGSTER_HOME`` (so the runs show up in ``make ui``), or an ephemeral instance
when ``DAGSTER_HOME`` is unset.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import dagster as dg

# Dagster's own console logging is noisy for a CLI: keep warnings and errors only.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


class PipelineRunError(RuntimeError):
    """A pipeline run failed; the message names the steps that failed and how to inspect them."""


@dataclass(frozen=True)
class RunSummary:
    """What one launched job did.

    ``success`` is False only when a step broke; steps stopped by a failing blocking check are
    listed in ``stopped_by_checks`` (``check_messages`` says why) and do not fail the pipeline.
    ``check_warnings`` are the failed checks of severity WARN, e.g. a model not promoted because
    it did not beat its baseline: the run went on.
    """

    job_name: str
    run_id: str
    success: bool
    materialized: tuple[str, ...]
    failed_steps: tuple[str, ...]
    failed_checks: tuple[str, ...]
    stopped_by_checks: tuple[str, ...] = ()
    check_messages: tuple[str, ...] = ()
    check_warnings: tuple[str, ...] = ()


def instance() -> dg.DagsterInstance:
    """The Dagster instance of ``DAGSTER_HOME``, or an ephemeral one when it is not set.

    A ``DAGSTER_HOME`` without a ``dagster.yaml`` gets the local instance's
    (:func:`orchestration.local_instance.ensure_local_home`); one that has its own is used as is.
    """
    if os.environ.get("DAGSTER_HOME"):
        from orchestration.local_instance import ensure_local_home

        ensure_local_home(os.environ["DAGSTER_HOME"])
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def _definitions() -> dg.Definitions:
    from orchestration.definitions import defs

    return defs


def _summarise(job_name: str, result: dg.ExecuteInProcessResult) -> RunSummary:
    materialized = tuple(
        sorted({e.asset_key.to_user_string() for e in result.get_asset_materialization_events()})
    )
    failures = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    # A blocking asset check that fails (e.g. an ML model that did not beat its baseline) fails
    # its step on purpose, to stop promotion; it is reported, but it is not a broken pipeline.
    check_stops = tuple(e.step_key or "?" for e in failures if _is_check_stop(e))
    failed_steps = tuple(e.step_key or "?" for e in failures if not _is_check_stop(e))
    failed_checks = tuple(
        f"{e.asset_check_evaluation_data.asset_key.to_user_string()}:"
        f"{e.asset_check_evaluation_data.check_name}"
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and not e.asset_check_evaluation_data.passed
    )
    return RunSummary(
        job_name,
        result.run_id,
        not failed_steps,
        materialized,
        failed_steps,
        failed_checks,
        check_stops,
        _failed_check_lines(result, dg.AssetCheckSeverity.ERROR),
        _failed_check_lines(result, dg.AssetCheckSeverity.WARN),
    )


def _failed_check_lines(
    result: dg.ExecuteInProcessResult, severity: dg.AssetCheckSeverity
) -> tuple[str, ...]:
    """``asset: description`` of each failed check of ``severity``."""
    return tuple(
        f"{e.asset_check_evaluation_data.asset_key.to_user_string()}: "
        f"{e.asset_check_evaluation_data.description or e.asset_check_evaluation_data.check_name}"
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and not e.asset_check_evaluation_data.passed
        and e.asset_check_evaluation_data.severity == severity
    )


def _is_check_stop(event: dg.DagsterEvent) -> bool:
    error = event.step_failure_data.error if event.step_failure_data else None
    return error is not None and error.cls_name == "DagsterAssetCheckFailedError"


def run_ingest(start: dt.date, end: dt.date, inst: dg.DagsterInstance | None = None) -> RunSummary:
    """Ingest every landing day in ``[start, end]`` in one run of ``ingest_job``."""
    job = _definitions().resolve_job_def("ingest_job")
    tags = {
        "dagster/asset_partition_range_start": start.isoformat(),
        "dagster/asset_partition_range_end": end.isoformat(),
    }
    result = job.execute_in_process(
        instance=inst or instance(), tags=tags, run_config=QUIET_RUN_CONFIG, raise_on_error=False
    )
    return _checked("ingest_job", result)


def run_warehouse(inst: dg.DagsterInstance | None = None) -> RunSummary:
    """Build everything downstream of ingest (dbt models, segments, ML) in one run."""
    job = _definitions().resolve_job_def("warehouse_job")
    result = job.execute_in_process(
        instance=inst or instance(), run_config=QUIET_RUN_CONFIG, raise_on_error=False
    )
    summary = _checked("warehouse_job", result)
    publish_snapshot(inst)
    return summary


def publish_snapshot(inst: dg.DagsterInstance | None = None) -> RunSummary:
    """Publish the readers' snapshot of the warehouse (what ``publish_after_warehouse`` starts
    after a build under the daemon; in-process runs start no sensors, so the CLI calls it)."""
    job = _definitions().resolve_job_def("publish_snapshot_job")
    result = job.execute_in_process(
        instance=inst or instance(), run_config=QUIET_RUN_CONFIG, raise_on_error=False
    )
    return _checked("publish_snapshot_job", result)


def run_intraday(
    start: dt.date,
    end: dt.date,
    inst: dg.DagsterInstance | None = None,
    sources: tuple[str, ...] = ("sendgrid", "twilio", "lms"),
    marts: tuple[str, ...] | None = None,
) -> RunSummary:
    """What the ``intraday_refresh`` sensor launches, for the days ``[start, end]``: the ops-store
    export (when defined), ingest of ``sources`` and the dbt build of the live marts -- or only
    of the models up to ``marts`` when given (a caller that reads nothing else, such as the demo
    campaign's engine between two steps).

    The range always reaches today: the ops-store export lands its files in today's folder.
    """
    from orchestration.defs.pipeline.intraday import LIVE_MARTS, affected_assets

    defs = _definitions()
    job = defs.resolve_job_def("intraday_job")
    selection = affected_assets(
        defs.resolve_asset_graph(), list(sources), ops_changed=True, marts=marts or LIVE_MARTS
    )
    today = dt.datetime.now(dt.UTC).date()
    tags = {
        "dagster/asset_partition_range_start": min(start, today).isoformat(),
        "dagster/asset_partition_range_end": max(end, today).isoformat(),
    }
    result = job.execute_in_process(
        instance=inst or instance(),
        tags=tags,
        asset_selection=selection,
        run_config=QUIET_RUN_CONFIG,
        raise_on_error=False,
    )
    return _checked("intraday_job", result)


def _checked(job_name: str, result: dg.ExecuteInProcessResult) -> RunSummary:
    summary = _summarise(job_name, result)
    if not summary.success:
        raise PipelineRunError(
            f"{job_name} failed (run {summary.run_id}); failed steps: "
            f"{', '.join(summary.failed_steps) or 'none recorded'}. "
            "Open `make ui` → Runs to read the step logs."
        )
    return summary
