"""Tags shared by the domains' assets and the pipeline's jobs (no domain imports, so no cycles)."""

#: Assets outside dbt the intraday run also refreshes carry ``{INTRADAY_TAG: "live"}``: the
#: experiment readout (``experiment_results``), so a held-back split ("send the rest to the
#: winner") and a bandit split act on today's engagement within minutes, not after the nightly
#: build. See :mod:`orchestration.defs.pipeline.intraday`.
INTRADAY_TAG = "enrollflow/intraday"

#: Every pipeline job's stage (``ingest``, ``warehouse``, ``publish``, ``intraday``), a run tag:
#: the dbt asset leaves dbt's unit tests (fixed inputs, no warehouse data) to the nightly build
#: when it runs in an ``intraday`` run.
STAGE_TAG = "enrollflow/stage"
