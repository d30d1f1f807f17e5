"""Experiment assets: ``experiment_results`` (test x variant x metric) and
``experiment_incrementality`` (campaign vs its holdout), with a blocking sample-ratio check.

The statistics live in ``ml.experiments`` / ``ml.runs.experiments``; this module only reads the
warehouse, writes the two tables and turns the run into metadata (a verdict table and a
lift-with-interval chart per test) and the ``no_sample_ratio_mismatch`` check. An SRM fails that
check with severity ERROR (blocking: nothing downstream reads verdicts of a broken split) and is
logged as an error naming the tests — the alert an operator sees in the run and the UI.
"""

# No `from __future__ import annotations`: Dagster reads the config/resource annotations.
import dagster as dg
import pandas as pd

from delivery.campaigns import lifecycle
from ml.experiments.analysis import RESULT_COLUMNS
from ml.runs.experiments import ExperimentRun, run_experiments
from ml.warehouse_io import write_table
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.ml.assets import GROUP, WAREHOUSE_POOL, MLRunConfig
from orchestration.defs.ml.charts import lift_chart_markdown
from orchestration.defs.ml.metadata import markdown_table, table_schema
from orchestration.resources import WarehouseResource
from orchestration.tags import INTRADAY_TAG

SRM_CHECK = "no_sample_ratio_mismatch"
EXPERIMENT_DEPS = (
    "fct_experiment_assignments",
    "fct_sends",
    "fct_contact_activity",
    "stg_lms__enrollments",
    "stg_marketing__campaigns",
)
#: what the readout reads: its lineage, the data's now (fct_message_events)
EXPERIMENT_READS = (*EXPERIMENT_DEPS, "fct_message_events")
KEY_COLUMNS = {
    "campaign_id": "campaign of the test",
    "split_node_id": "split node (ab_test for the imported history's tests)",
    "analysed_at": "the run's now (UTC): the look these figures belong to",
}


class ExperimentRunConfig(MLRunConfig):
    """``now`` and ``seed`` as every ML asset, plus the readout's level and CUPED."""

    alpha: float = 0.05  # significance level of every test and interval
    cuped: bool = False  # adjust with each contact's opens + clicks in the 90 days before
    correction: str = "holm"  # across a test's challengers: holm (FWER) or bh (FDR)


INCREMENTALITY_COLUMNS = {
    "campaign_id": "campaign",
    "split_node_id": "split with the holdout",
    "treated_contacts": "contacts in every non-holdout arm",
    "holdout_contacts": "contacts held out",
    "enrollment_lift": "enrollment rate treated - holdout",
    "incremental_enrollments": "enrollments caused: lift x treated contacts",
    "incremental_enrollments_low": "95 % interval, low",
    "incremental_enrollments_high": "95 % interval, high",
    "incremental_revenue": "revenue caused: revenue per contact lift x treated contacts",
    "incremental_revenue_low": "95 % interval, low",
    "incremental_revenue_high": "95 % interval, high",
    "cost_per_incremental_enrollment": "cost / incremental enrollments (null unless > 0)",
    "cost_per_incremental_enrollment_low": "95 % interval, low",
    "cost_per_incremental_enrollment_high": "95 % interval, high (null = unbounded)",
    "cost_per_attributed_enrollment": "cost / enrollments credited to the sends",
    "cost_amount": "the campaign's send cost",
    "attributed_enrollments": "enrollments credited to the campaign's sends (fct_sends)",
}


def _campaign_specs(ops_store: OpsStoreResource) -> list:
    """Every ops-store campaign's current spec (their splits' planned weights and holdouts)."""
    with ops_store.open() as store:
        return [
            lifecycle.get_campaign(store, row["campaign_id"]).spec
            for row in lifecycle.list_campaigns(store)
        ]


def _srm_check(run: ExperimentRun) -> dg.AssetCheckResult:
    bad = run.srm_tests
    results = run.results
    p = (
        results.loc[results["test_id"].isin(bad)].groupby("test_id")["srm_p_value"].first()
        if bad
        else pd.Series(dtype=float)
    )
    return dg.AssetCheckResult(
        check_name=SRM_CHECK,
        asset_key="experiment_results",
        passed=not bad,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            "sample ratio mismatch (chi-square p < 0.001) in "
            + ", ".join(f"{t} (p = {v:.2g})" for t, v in p.items())
            + ": their verdicts are withheld; check the split and the assignment data"
            if bad
            else "every test's arm sizes match its planned weights"
        ),
        metadata={
            "tests_with_srm": len(bad),
            "tests": int(results["test_id"].nunique()) if len(results) else 0,
        },
    )


def _verdict_table(results: pd.DataFrame, limit: int = 40) -> str:
    """The challengers' verdicts (whole sentences), conclusive ones first."""
    shown = results[~results["is_control"] & ~results["is_holdout"]]
    shown = shown.sort_values("is_conclusive", ascending=False, kind="stable").head(limit)
    lines = ["| test | metric | variant | verdict |", "|---|---|---|---|"]
    lines += [
        f"| {r.test_id} | {r.metric} | {r.variant} | {str(r.verdict).replace('|', '/')} |"
        for r in shown.itertuples(index=False)
    ]
    return "\n".join(lines)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "experiment_results",
            deps=[dg.AssetKey(k) for k in EXPERIMENT_DEPS],
            group_name=GROUP,
            kinds={"python", "duckdb"},
            owners=["team:ml"],
            tags={INTRADAY_TAG: "live"},
            description=(
                "Every A/B/n test x arm x metric (open, click, application, enrollment rate; revenue "
                "per contact), keyed by campaign_id: z / chi-square and Welch with intervals for "
                "the absolute and relative lift (as statsmodels), Holm-adjusted p-values, "
                "always-valid sequential p-values and confidence sequences (GrowthBook's method), "
                "Bayesian chance to beat control and expected loss (gbstats), the SRM p-value, "
                "power and MDE at the current size, CUPED on pre-period engagement, a status and "
                "a plain-language verdict. Fewer than 100 contacts, an SRM or degenerate data give "
                "an explicit inconclusive verdict."
            ),
        ),
        dg.AssetSpec(
            "experiment_incrementality",
            deps=["experiment_results"],
            group_name=GROUP,
            kinds={"python", "duckdb"},
            owners=["team:ml"],
            tags={INTRADAY_TAG: "live"},
            description=(
                "Per campaign split with a holdout: incremental enrollments and revenue "
                "(treated - holdout, scaled to the treated contacts, 95 % intervals) and the cost "
                "per incremental enrollment beside the cost per attributed one."
            ),
            skippable=True,
        ),
    ],
    check_specs=[
        dg.AssetCheckSpec(
            SRM_CHECK,
            asset="experiment_results",
            blocking=True,
            description="Every test's arm sizes match its planned split (chi-square p >= 0.001).",
        )
    ],
    pool=WAREHOUSE_POOL,
)
def experiment_assets(
    context: dg.AssetExecutionContext,
    config: ExperimentRunConfig,
    warehouse: WarehouseResource,
    ops_store: OpsStoreResource,
):
    specs = _campaign_specs(ops_store)
    with warehouse.workspace(EXPERIMENT_READS) as con:
        now = config.resolve_now(con)
        run = run_experiments(
            con, now, alpha=config.alpha, cuped=config.cuped, correction=config.correction,
            specs=specs,
        )  # fmt: skip
        if not run.results.empty:
            write_table(con, "experiment_results", run.results)
            warehouse.save(con, "experiment_results")
        if not run.incrementality.empty:
            write_table(con, "experiment_incrementality", run.incrementality)
            warehouse.save(con, "experiment_incrementality")
    for note in run.notes:
        context.log.info(note)
    if run.srm_tests:
        context.log.error(
            f"ALERT sample ratio mismatch: {', '.join(run.srm_tests)} — verdicts withheld"
        )
    results = run.results
    meta: dict[str, object] = {
        "now": now.isoformat(),
        "notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in run.notes)),
    }
    if not results.empty:
        meta |= {
            "dagster/row_count": len(results),
            "dagster/column_schema": table_schema(results, RESULT_COLUMNS | KEY_COLUMNS),
            "tests": int(results["test_id"].nunique()),
            "conclusive": int(results["is_conclusive"].sum()),
            "tests_with_srm": len(run.srm_tests),
            "verdicts": dg.MetadataValue.md(_verdict_table(results)),
            "lift_chart": dg.MetadataValue.md(lift_chart_markdown(results)),
        }
    yield dg.MaterializeResult(asset_key="experiment_results", metadata=meta)
    yield _srm_check(run)
    if not run.incrementality.empty:
        inc = run.incrementality
        yield dg.MaterializeResult(
            asset_key="experiment_incrementality",
            metadata={
                "dagster/row_count": len(inc),
                "dagster/column_schema": table_schema(inc, INCREMENTALITY_COLUMNS),
                "preview": dg.MetadataValue.md(markdown_table(inc.head(10))),
            },
        )


EXPERIMENT_ASSETS = [experiment_assets]
