"""One training + scoring run per model over the warehouse: what each ML asset calls.

Each run reads the marts it needs through a DuckDB connection, evaluates the model on a time
holdout beside its baseline, refits on all data up to ``now`` and returns the output table with the
version stamp. Nothing here writes: the caller (the Dagster asset) writes the table and the
registry row, so a run is easy to test on a temporary warehouse. One module per model.
"""

from ml.runs.attribution import credit_share_table, run_attribution
from ml.runs.budget import run_budget, weekly_spend_and_revenue
from ml.runs.campaign_success import campaign_messages, run_campaign_success
from ml.runs.common import ModelRun
from ml.runs.lookalikes import run_lookalikes
from ml.runs.ltv import run_contact_ltv
from ml.runs.recommendations import run_course_recommendations
from ml.runs.send_time import run_send_time

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
