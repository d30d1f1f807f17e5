"""One training + scoring run per model over the warehouse: what each ML asset calls.

Each run reads the marts it needs through a DuckDB connection, evaluates the model on a time
holdout beside its baseline, refits on all data up to ``now`` and returns the output table with the
version stamp. Nothing here writes: the caller (the Dagster asset) writes the table and the
registry row, so a run is easy to test on a temporary warehouse. One module per model.
"""

from ml.lazy import lazy_attributes

# the public names, each imported from its module on first use (PEP 562): importing one
# run's module (ml.runs.experiment_data for a campaign file's validation) must not load sklearn
_LAZY = {
    "credit_share_table": "ml.runs.attribution",
    "run_attribution": "ml.runs.attribution",
    "run_budget": "ml.runs.budget",
    "weekly_spend_and_revenue": "ml.runs.budget",
    "campaign_messages": "ml.runs.campaign_success",
    "run_campaign_success": "ml.runs.campaign_success",
    "ModelRun": "ml.runs.common",
    "run_lookalikes": "ml.runs.lookalikes",
    "run_contact_ltv": "ml.runs.ltv",
    "run_course_recommendations": "ml.runs.recommendations",
    "run_send_time": "ml.runs.send_time",
}


__getattr__ = lazy_attributes(__name__, _LAZY)

__all__ = [
    "ModelRun",
    "campaign_messages",
    "credit_share_table",
    "run_attribution",
    "run_budget",
    "run_campaign_success",
    "run_contact_ltv",
    "run_course_recommendations",
    "run_lookalikes",
    "run_send_time",
    "weekly_spend_and_revenue",
]
