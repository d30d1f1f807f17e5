"""ML assets: each trains on the marts, evaluates on a holdout beside a baseline, writes its table
and a row of ``ml_model_registry``, and says through its ``beats_baseline`` check whether it was
promoted.

A model that does not beat its baseline is an expected outcome, not a broken pipeline: its rows say
``is_promoted = false``, every reader (the campaign engine's best send time, the studio, the
reports) then uses the baseline, and the check fails with severity WARN, saying why. It does not
stop the run: the readers' snapshot and the alerts downstream still get the fresh marts, and the
run shows as a success with a warning in the Dagster UI. (A model that cannot be trained at all —
too little data — warns the same way and writes nothing.)
"""

# No `from __future__ import annotations` here: Dagster reads the config/resource annotations of
# the nested asset functions at decoration time and cannot resolve them from strings.
import datetime as dt
from collections.abc import Callable

import dagster as dg
import duckdb

from delivery.campaigns import lifecycle
from enrollflow.settings import get_settings
from ml.errors import MLInputError
from ml.runs import (
    ModelRun,
    credit_share_table,
    run_attribution,
    run_budget,
    run_campaign_success,
    run_contact_ltv,
    run_course_recommendations,
    run_lookalikes,
    run_send_time,
)
from ml.warehouse_io import REGISTRY_TABLE, append_registry, data_now, write_table
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.ml.metadata import check_result, not_trained_result, run_metadata
from orchestration.resources import WarehouseResource

GROUP = "ml"
#: ``ml_model_registry`` rows are keyed by these (a re-run of a version replaces its rows)
REGISTRY_KEY = ("model_version", "metric_name")
# The DuckDB single-writer pool the ingest assets also use (orchestration/defs/ingest/assets.py);
# not imported from there to keep the domains free of import cycles.
WAREHOUSE_POOL = "duckdb_warehouse"
UNSENT_STATUSES = ("draft", "approved", "scheduled")  # scored from their planned messages


class MLRunConfig(dg.Config):
    """Run configuration shared by the ML assets."""

    now: str = ""  # ISO timestamp (UTC); empty = midnight after the latest message event
    seed: int = 0

    def resolve_now(self, con: duckdb.DuckDBPyConnection) -> dt.datetime:
        if self.now:
            return dt.datetime.fromisoformat(self.now).replace(tzinfo=None)
        return data_now(con)


COMMON_COLUMNS = {
    "model_version": "model name @ training cut-off - hash of its parameters (ml_model_registry)",
    "is_promoted": "whether this version beat its baseline on the holdout",
    "scored_at": "the run's now (UTC)",
}


def _unsent_campaigns(ops_store: OpsStoreResource) -> list:
    """Specs of the ops store's campaigns that have not sent yet (draft, approved, scheduled)."""
    with ops_store.open() as store:
        rows = lifecycle.list_campaigns(store)
        return [
            lifecycle.get_campaign(store, r["campaign_id"]).spec
            for r in rows
            if r["status"] in UNSENT_STATUSES
        ]


def _ml_asset(
    name: str,
    deps: list[str],
    description: str,
    columns: dict[str, str],
    run: Callable[..., ModelRun],
    extra: Callable[[ModelRun], dict] | None = None,
    reads_drafts: bool = False,
    also_reads: tuple[str, ...] = (),
) -> dg.AssetsDefinition:
    """An ML asset calling ``run(con, now, config)``, or ``run(con, now, config, drafts)`` with
    the ops store's unsent campaigns when ``reads_drafts``.

    ``con`` is the warehouse's workspace holding ``deps`` + ``also_reads`` (tables read beside
    the lineage's), ``fct_message_events`` (the data's now) and the model registry.
    """
    reads = [*deps, *also_reads, "fct_message_events", REGISTRY_TABLE]
    decorate = dg.asset(
        name=name,
        deps=[dg.AssetKey(d) for d in deps],
        group_name=GROUP,
        kinds={"python", "duckdb"},
        description=description,
        owners=["team:ml"],
        pool=WAREHOUSE_POOL,  # one DuckDB writer at a time, shared with ingest
        check_specs=[
            dg.AssetCheckSpec(
                "beats_baseline",
                asset=name,
                description=(
                    "The model beats its baseline on the holdout. When it does not, this check "
                    "warns and the model is not promoted: its rows say is_promoted = false and "
                    "the readers keep the baseline; the run goes on."
                ),
            )
        ],
    )

    def materialise(
        context: dg.AssetExecutionContext,
        config: MLRunConfig,
        warehouse: WarehouseResource,
        *args: object,
    ) -> dg.MaterializeResult:
        with warehouse.workspace(reads) as con:
            now = config.resolve_now(con)
            context.log.info(f"training {name} with now={now:%Y-%m-%d %H:%M}")
            try:
                result = run(con, now, config, *args)
            except MLInputError as exc:
                # too little data (a young business): say so, keep the run going, write nothing
                context.log.warning(f"{name} not trained: {exc}")
                return dg.MaterializeResult(
                    metadata={"skipped": str(exc), "now": now.isoformat()},
                    check_results=[not_trained_result(str(exc))],
                )
            write_table(con, name, result.table)
            append_registry(con, result.evaluations)
            warehouse.save(con, name)
            warehouse.save(con, REGISTRY_TABLE, merge_on=REGISTRY_KEY)
        for evaluation in result.evaluations:
            context.log.info(evaluation.verdict())
        return dg.MaterializeResult(
            metadata=run_metadata(
                result, columns | COMMON_COLUMNS, extra(result) if extra else None
            ),
            check_results=[check_result(result)],
        )

    if reads_drafts:

        def _asset_with_drafts(
            context: dg.AssetExecutionContext,
            config: MLRunConfig,
            warehouse: WarehouseResource,
            ops_store: OpsStoreResource,
        ) -> dg.MaterializeResult:
            drafts = _unsent_campaigns(ops_store)
            context.log.info(f"{len(drafts)} unsent campaign(s) in the ops store to score")
            return materialise(context, config, warehouse, drafts)

        return decorate(_asset_with_drafts)

    def _asset(
        context: dg.AssetExecutionContext, config: MLRunConfig, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        return materialise(context, config, warehouse)

    return decorate(_asset)


send_time_recommendations = _ml_asset(
    "send_time_recommendations",
    ["fct_message_events", "dim_contacts"],
    "Best local hour of week per contact from human opens/clicks (one per message, weighted by the "
    "chance it was not just prompted by the delivery, pooled across days), shrunk towards the "
    "contact's time-zone segment and the global pattern when history is thin (empirical Bayes). "
    "Used by the campaign engine's 'best send time' only when promoted (else the baseline hour). "
    "Evaluated on the last 28 days: share of engagements within ±1 h of the recommended hour, "
    "beside each contact's most common earlier engagement hour.",
    {
        "contact_id": "contact",
        "best_hour_of_week": "recommended local hour of week (0 = Monday 00:00-00:59)",
        "best_day_of_week": "0 = Monday",
        "best_local_hour": "best local hour of day (0-23) over all days",
        "window_probability": "posterior share of engagement within ±1 h of the best hour",
        "n_engagements": "human opens + clicks used",
        "evidence_weight": "n / (n + prior weight): 0 = all segment prior, 1 = own history",
        "segment": "segment shrunk towards (time zone)",
        "baseline_hour_of_week": "the baseline: the contact's most common engagement hour of week",
        "baseline_local_hour": "its hour of day: what the engine uses when the model is not promoted",
    },
    lambda con, now, cfg: run_send_time(
        con, now=now, default_tz=get_settings().organisation_tz, seed=cfg.seed
    ),
)

contact_ltv_predictions = _ml_asset(
    "contact_ltv_predictions",
    ["stg_lms__enrollments", "dim_contacts"],
    "Predicted enrollments over the next 365 days, probability still active (BG/NBD) and value "
    "per enrollment (Gamma-Gamma), fitted by maximum likelihood; predicted LTV = their product. "
    "Evaluated on the last 90 days (RMSE of enrollments per contact) beside the run rate.",
    {
        "contact_id": "contact",
        "enrollments_to_date": "paid enrollment days since sign-up",
        "recency_weeks": "weeks from sign-up to the last enrollment",
        "age_weeks": "weeks since sign-up",
        "expected_enrollments": "expected enrollments in the horizon (BG/NBD)",
        "probability_alive": "P(still active) (BG/NBD)",
        "expected_value_per_enrollment_amount": "expected revenue per enrollment (Gamma-Gamma)",
        "predicted_ltv_amount": "expected revenue in the horizon",
        "horizon_days": "prediction horizon",
    },
    lambda con, now, cfg: run_contact_ltv(con, now=now),
)

fct_attribution_data_driven = _ml_asset(
    "fct_attribution_data_driven",
    ["fct_touchpoints", "stg_lms__enrollments"],
    "Enrollment credit per campaign × channel from data-driven models (first-order Markov removal "
    "effect, Shapley over channel sets) beside last-touch and linear over the same journeys "
    "(30-day look-back). Credits of each model sum to the enrollments. The journey models are "
    "scored on the last 28 days' journeys (log loss) against the base conversion rate.",
    {
        "attribution_model": "markov_first_order, shapley, last_touch or linear",
        "campaign_id": "campaign of the touches (null: no campaign, e.g. organic)",
        "channel": "touch channel",
        "attributed_conversions": "enrollments credited",
        "attributed_revenue_amount": "enrollment revenue credited",
    },
    lambda con, now, cfg: run_attribution(con, now=now),
    extra=lambda run: {"credit_share_by_channel": credit_share_table(run)},
)

course_recommendations = _ml_asset(
    "course_recommendations",
    ["fct_contact_activity", "dim_courses", "dim_contacts", "dim_contact_interests"],
    "Top-5 courses per contact for template personalisation: item-item collaborative filtering "
    "over course page views, applications and enrollments, falling back to popular courses in the "
    "contact's interests (cold start) and then overall; courses already taken are excluded. "
    "Evaluated on the last 60 days' enrollments (recall@5) beside the most-popular list.",
    {
        "contact_id": "contact",
        "rank": "1 = best",
        "course_id": "recommended course",
        "score": "ranking score (>= 2 collaborative, 1-2 interest match, < 1 popularity)",
        "source": "cf, content (interests) or popular",
    },
    lambda con, now, cfg: run_course_recommendations(con, now=now),
)

contact_lookalike_scores = _ml_asset(
    "contact_lookalike_scores",
    ["dim_contacts"],
    "Audience expansion: every contact outside the seed 'enrolled in the last 90 days', scored by "
    "how much they resemble it (logistic regression on CRM attributes and engagement). Segments "
    "can select `lookalike_percentile > 0.9` or `is_expansion` (the top 1,000, or 10 % of the "
    "others if fewer). Evaluated by hiding 30 % of the seed: ROC AUC of the hidden members vs 0.5.",
    {
        "contact_id": "contact outside the seed",
        "lookalike_score": "P(seed-like) from the classifier (0-1)",
        "lookalike_percentile": "rank among non-members (1 = most seed-like)",
        "lookalike_rank": "1 = most seed-like",
        "is_expansion": "in the top-N expansion segment",
        "seed_segment": "the seed definition",
    },
    lambda con, now, cfg: run_lookalikes(con, now=now, seed=cfg.seed),
)

budget_recommendations = _ml_asset(
    "budget_recommendations",
    ["fct_sends", "stg_ads__spend", "fct_touchpoints", "stg_lms__enrollments"],
    "Suggested weekly spend per campaign x channel: diminishing-returns curves (revenue = a x "
    "spend^b per channel, fitted in revenue units on weekly spend vs the Shapley-attributed revenue "
    "of that week's touches) move each active campaign's budget towards equal marginal ROI, at "
    "most ±30 % per channel, with the expected weekly revenue gain and its 80 % bootstrap interval. "
    "Evaluated on the last 4 weeks (RMSE of weekly revenue, also per channel) beside a constant-ROI "
    "model; with no evidence of diminishing returns the curves are that model and not promoted.",
    {
        "campaign_id": "campaign",
        "channel": "channel",
        "current_spend_amount": "mean weekly spend over the last 4 weeks",
        "recommended_spend_amount": "suggested weekly spend (campaign total unchanged)",
        "change_amount": "recommended - current",
        "marginal_roi": "revenue of the next unit of spend at the current level",
        "expected_revenue_gain_amount": "expected weekly revenue gain of the move",
        "gain_p10_amount": "10th percentile of the gain (bootstrap), split by channel",
        "gain_p90_amount": "90th percentile of the gain (bootstrap), split by channel",
        "response_elasticity": "b: 1 = constant returns, lower = faster saturation",
    },
    lambda con, now, cfg: run_budget(con, now=now, seed=cfg.seed),
)

campaign_success_scores = _ml_asset(
    "campaign_success_scores",
    ["fct_sends", "stg_marketing__campaigns", "dim_contacts", "dim_contact_interests"],
    "Predicted conversion rate, conversions, CPA and ROI per campaign with 80 % intervals "
    "(split-conformal on campaign-grouped cross-validation residuals), from a message-level "
    "model of campaign type, course category, channel, audience interest match, engagement, "
    "timing (local daypart, weekend), content (format, subject length and urgency) and budget "
    "per contact. "
    "Campaigns not sent yet (draft, approved or scheduled in the ops store) are scored from their "
    "planned messages (audience from segment_memberships x send nodes; cost capped at the budget) "
    "and flagged is_draft. Gate: send-weighted MAE of the campaign conversion rate out of fold vs "
    "the overall rate.",
    {
        "campaign_id": "campaign",
        "sends": "messages scored",
        "predicted_conversion_rate": "mean predicted P(conversion) over its messages",
        "conversion_rate_low": "80 % interval, low",
        "conversion_rate_high": "80 % interval, high",
        "predicted_conversions": "rate x sends",
        "cost_amount": "cost of its sends",
        "predicted_cpa_amount": "cost / predicted conversions",
        "cpa_low_amount": "80 % interval of the CPA, low",
        "cpa_high_amount": "80 % interval of the CPA, high",
        "predicted_roi": "(predicted revenue - cost) / cost",
        "actual_conversion_rate": "observed so far",
        "out_of_fold_conversion_rate": "prediction when the campaign was held out",
        "budget_amount": "drafts: the campaign file's budget (planned cost is capped at it)",
        "is_draft": "not sent yet: scored from planned messages (sends and cost are upper bounds)",
    },
    lambda con, now, cfg, drafts: run_campaign_success(con, now=now, seed=cfg.seed, drafts=drafts),
    reads_drafts=True,
    also_reads=("segment_memberships",),  # drafts' planned audiences
)

ML_ASSETS = [
    send_time_recommendations,
    contact_ltv_predictions,
    fct_attribution_data_driven,
    course_recommendations,
    contact_lookalike_scores,
    budget_recommendations,
    campaign_success_scores,
]
