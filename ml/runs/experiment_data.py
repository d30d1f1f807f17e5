"""Experiment data from the warehouse: who was assigned to which arm, and what each did.

:func:`assignment_sql` is the one place that knows where assignments come from;
:func:`contact_outcomes_sql` adds each assigned contact's outcomes within the campaign's
conversion window (opened / clicked the campaign's email, applied, enrolled, revenue) and
pre-period engagement (human opens and clicks in the 90 days before the assignment, the CUPED
covariate); :func:`experiment_statistics` aggregates them in DuckDB to the sufficient
statistics :func:`ml.experiments.analysis.analyse_experiments` takes, with each arm's planned
weight (:func:`split_plans` from EnrollFlow's campaign specs, else the history's definitions).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

import duckdb
import pandas as pd

from delivery.campaigns.models import Campaign
from ml.runs.base_rates import email_click_rate, has_table
from ml.runs.common import before
from ml.warehouse_io import read_table

__all__ = [
    "HOLDOUT",
    "METRICS",
    "assignment_sql",
    "contact_outcomes_sql",
    "email_click_rate",
    "experiment_statistics",
    "has_table",
    "split_plans",
]

HOLDOUT = "holdout"
PLAN_KEYS = ["campaign_id", "split_node_id", "variant"]
PRE_PERIOD_DAYS = 90
DEFAULT_WINDOW_DAYS = 14
#: metric -> (kind, per-contact outcome column)
METRICS = {
    "open_rate": ("proportion", "opened"),
    "click_rate": ("proportion", "clicked"),
    "application_rate": ("proportion", "applied"),
    "enrollment_rate": ("proportion", "enrolled"),
    "revenue_per_contact": ("mean", "revenue"),
}


HISTORY_SPLIT = "ab_test"  # the imported history's tests have no split node (as the loop's mart)
HISTORY_HOLDOUT = "holdout"  # the history's holdout test (the CRM's campaign-member export)

_FROM_EMAILS = f"""
    with email as (
        select campaign_id, contact_id, variant_id, sent_at
        from fct_sends
        where channel = 'email' and variant_id is not null
    ),
    tests as (
        select campaign_id from email group by campaign_id
        having count(distinct variant_id) >= 2
    )
    select contact_id, campaign_id, '{HISTORY_SPLIT}' as split_node_id,
           arg_min(variant_id, sent_at) as variant, min(sent_at) as assigned_at
    from email
    where campaign_id in (select campaign_id from tests)
    group by contact_id, campaign_id
"""


def assignment_sql(con: duckdb.DuckDBPyConnection) -> str:
    """SQL of the experiment assignments: contact_id, campaign_id, split_node_id, variant, assigned_at.

    The one place that knows where assignments come from:

    - ``fct_experiment_assignments`` (the loop's mart) for EnrollFlow's own splits, holdouts
      included, and for the imported history's holdout tests (split ``holdout``: ``treated`` vs
      ``holdout`` over each campaign's audience, from the CRM's campaign-member export), when it
      is built;
    - for the imported history's A/B tests (and for everything while the mart is not built), from
      ``fct_sends``: a contact's arm is the variant of its first *email* of the campaign, for
      campaigns whose emails carry two or more variants; ``assigned_at`` is that email's send
      time. Emails only, because the history's SMS rows carry the control's variant id whatever
      the contact's arm (reading them would move contacts to the control and fake an SRM);
      holdouts get no send, so none is visible this way (the mart's ``holdout`` tests carry them).
    """
    read_table(con, "fct_sends", ["campaign_id", "variant_id", "channel", "contact_id", "sent_at"])
    if not has_table(con, "fct_experiment_assignments"):
        return _FROM_EMAILS
    cols = "contact_id, campaign_id, split_node_id, variant, assigned_at"
    columns = {
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns where table_name = ?",
            ["fct_experiment_assignments"],
        ).fetchall()
    }
    if "campaign_source" not in columns:
        return f"select {cols} from fct_experiment_assignments"
    return f"""
        select {cols} from fct_experiment_assignments
        where campaign_source <> 'imported' or split_node_id = '{HISTORY_HOLDOUT}'
        union all
        select {cols} from ({_FROM_EMAILS}) as history
        where campaign_id not in (
            select campaign_id from fct_experiment_assignments where campaign_source <> 'imported'
        )
    """


def split_plans(specs: Iterable[Campaign]) -> pd.DataFrame:
    """Planned share of the split's entrants per arm, from EnrollFlow's campaign specs.

    A variant's share is (1 - holdout) x (1 - holdback) x weight / sum of weights (contacts a
    split holds back are not part of the randomised test); the holdout arm's is the holdout
    share. A bandit split's arms have no fixed plan (NaN: no sample-ratio check).
    Columns: campaign_id, split_node_id, variant, planned_weight, variant_order.
    """
    rows = []
    for spec in specs:
        for node in spec.workflow.nodes:
            if node.type != "split":
                continue
            total = sum(v.weight for v in node.variants)
            held = node.holdback.share if node.holdback is not None else 0.0
            for order, v in enumerate(node.variants):
                share = (1 - node.holdout) * (1 - held) * v.weight / total
                if node.mode == "bandit":
                    share = float("nan")
                rows.append((spec.campaign_id, node.id, v.id, share, order))
            if node.holdout:
                rows.append((spec.campaign_id, node.id, HOLDOUT, node.holdout, len(node.variants)))
    return pd.DataFrame(rows, columns=[*PLAN_KEYS, "planned_weight", "variant_order"])


def _planned(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Planned weight and order of the history's variants (the campaign definitions' JSON)."""
    if not has_table(con, "stg_marketing__campaigns"):
        return pd.DataFrame(columns=["campaign_id", "variant", "planned_weight", "variant_order"])
    campaigns = read_table(con, "stg_marketing__campaigns", ["campaign_id", "variants"])
    rows = []
    for campaign_id, text in campaigns.itertuples(index=False):
        try:
            variants = json.loads(text) if isinstance(text, str) and text else []
        except json.JSONDecodeError:
            variants = []
        for order, v in enumerate(v for v in variants if isinstance(v, dict)):
            if "variant_id" in v:
                weight = v.get("weight")
                rows.append((campaign_id, str(v["variant_id"]), weight, order))
    return pd.DataFrame(rows, columns=["campaign_id", "variant", "planned_weight", "variant_order"])


def contact_outcomes_sql(assignments: str, now: dt.datetime) -> str:
    """Per assigned contact: outcomes within the campaign's conversion window, and pre-period engagement."""
    cutoff = before("{col}", now)
    return f"""
        with a as (
            select * from ({assignments}) where {cutoff.format(col="assigned_at")}
        ),
        windows as (
            select a.*, coalesce(c.conversion_window_days, {DEFAULT_WINDOW_DAYS}) as window_days
            from a left join stg_marketing__campaigns c using (campaign_id)
        ),
        email as (
            select campaign_id, contact_id,
                   max(case when opened_at is not null then 1 else 0 end) as opened,
                   max(case when clicked_at is not null then 1 else 0 end) as clicked
            from fct_sends where channel = 'email' and {cutoff.format(col="sent_at")}
            group by 1, 2
        ),
        applied as (
            select w.campaign_id, w.split_node_id, w.contact_id, 1 as applied
            from windows w join fct_contact_activity x
              on x.contact_id = w.contact_id and x.activity_type = 'applied'
             and x.occurred_at >= w.assigned_at
             and x.occurred_at < w.assigned_at + w.window_days * interval 1 day
             and {cutoff.format(col="x.occurred_at")}
            group by 1, 2, 3
        ),
        enrolled as (
            select w.campaign_id, w.split_node_id, w.contact_id, 1 as enrolled,
                   sum(e.revenue_amount) as revenue
            from windows w join stg_lms__enrollments e
              on e.contact_id = w.contact_id and not e.is_refund
             and e.occurred_at >= w.assigned_at
             and e.occurred_at < w.assigned_at + w.window_days * interval 1 day
             and {cutoff.format(col="e.occurred_at")}
            group by 1, 2, 3
        ),
        pre as (
            select w.campaign_id, w.split_node_id, w.contact_id, count(*) as engagement
            from windows w join fct_contact_activity x
              on x.contact_id = w.contact_id and x.activity_type in ('opened', 'clicked')
             and x.occurred_at < w.assigned_at
             and x.occurred_at >= w.assigned_at - interval {PRE_PERIOD_DAYS} day
            group by 1, 2, 3
        )
        select w.campaign_id, w.split_node_id, w.variant, w.contact_id,
               coalesce(email.opened, 0) as opened, coalesce(email.clicked, 0) as clicked,
               coalesce(applied.applied, 0) as applied, coalesce(enrolled.enrolled, 0) as enrolled,
               coalesce(enrolled.revenue, 0.0) as revenue,
               coalesce(pre.engagement, 0) as engagement
        from windows w
        left join email using (campaign_id, contact_id)
        left join applied using (campaign_id, split_node_id, contact_id)
        left join enrolled using (campaign_id, split_node_id, contact_id)
        left join pre using (campaign_id, split_node_id, contact_id)
    """


def experiment_statistics(
    con: duckdb.DuckDBPyConnection,
    now: dt.datetime,
    *,
    cuped: bool = False,
    specs: Iterable[Campaign] = (),
) -> pd.DataFrame:
    """Sufficient statistics per campaign x split x variant x metric, with the CUPED sums
    (``use_cuped`` = ``cuped``: the analysis adjusts with them only where asked).

    Planned weights come from ``specs`` (EnrollFlow's campaigns, by split node) and else from
    the history's campaign definitions; a test whose plan is unknown gets no SRM check.
    """
    for table, cols in (
        ("fct_sends", ["campaign_id", "contact_id", "opened_at", "clicked_at", "cost_amount"]),
        ("fct_contact_activity", ["contact_id", "activity_type", "occurred_at"]),
        ("stg_lms__enrollments", ["contact_id", "occurred_at", "revenue_amount", "is_refund"]),
        ("stg_marketing__campaigns", ["campaign_id", "conversion_window_days"]),
    ):
        read_table(con, table, cols, where="false")  # a clear error naming a missing mart
    outcomes = contact_outcomes_sql(assignment_sql(con), now)
    sums = ", ".join(
        f"sum({col}) as {col}_sum, sum({col} * {col}) as {col}_sq, "
        f"sum({col} * engagement) as {col}_x"
        for col in dict.fromkeys(c for _, c in METRICS.values())
    )
    per_arm = con.execute(
        f"""
        select campaign_id, split_node_id, variant, count(*) as n, {sums},
               sum(engagement) as x_sum, sum(engagement * engagement) as x_sq
        from ({outcomes}) group by 1, 2, 3
        """
    ).df()
    if per_arm.empty:
        return pd.DataFrame()
    per_arm = per_arm.merge(split_plans(specs), on=PLAN_KEYS, how="left")
    history = _planned(con).rename(
        columns={"planned_weight": "_weight", "variant_order": "_order_json"}
    )
    per_arm = per_arm.merge(history, on=["campaign_id", "variant"], how="left")
    per_arm["planned_weight"] = per_arm["planned_weight"].fillna(per_arm.pop("_weight"))
    per_arm["variant_order"] = per_arm["variant_order"].fillna(per_arm.pop("_order_json"))
    per_arm["is_holdout"] = per_arm["variant"] == HOLDOUT
    # control: the first planned variant, else the first variant id in order (A before B)
    per_arm["_order"] = per_arm["variant_order"].fillna(1e6)
    per_arm = per_arm.sort_values(
        ["campaign_id", "split_node_id", "is_holdout", "_order", "variant"]
    )
    first = (
        per_arm[~per_arm["is_holdout"]].groupby(["campaign_id", "split_node_id"])["variant"].first()
    )
    per_arm["is_control"] = (
        per_arm["variant"].to_numpy()
        == first.reindex(
            pd.MultiIndex.from_frame(per_arm[["campaign_id", "split_node_id"]])
        ).to_numpy()
    )
    frames = []
    for metric, (kind, col) in METRICS.items():
        frames.append(
            per_arm.assign(
                test_id=per_arm["campaign_id"] + ":" + per_arm["split_node_id"],
                metric=metric,
                metric_kind=kind,
                total=per_arm[f"{col}_sum"].astype(float),
                total_sq=per_arm[f"{col}_sq"].astype(float),
                pre_total=per_arm["x_sum"].astype(float),
                pre_sq=per_arm["x_sq"].astype(float),
                pre_cross=per_arm[f"{col}_x"].astype(float),
                use_cuped=cuped,
            )
        )
    keep = [
        "test_id", "campaign_id", "split_node_id", "variant", "is_control", "is_holdout",
        "planned_weight", "metric", "metric_kind", "n", "total", "total_sq",
        "pre_total", "pre_sq", "pre_cross", "use_cuped",
    ]  # fmt: skip
    out = pd.concat(frames, ignore_index=True)[keep]
    return out.sort_values(["test_id", "metric", "is_holdout", "variant"], ignore_index=True)
