"""The experiments readout over the warehouse: assignments + per-contact outcomes -> every figure.

Reads the sufficient statistics of every test (:mod:`ml.runs.experiment_data`), hands them to
:func:`ml.experiments.analysis.analyse_experiments` and, for splits with a holdout, computes the
incrementality (:func:`ml.experiments.holdout.incrementality`). Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from delivery.campaigns.models import Campaign
from ml.experiments.analysis import analyse_experiments
from ml.experiments.bandit import thompson_weights
from ml.experiments.decision import WinnerDecision, decide_winner
from ml.experiments.holdout import incrementality
from ml.runs.experiment_data import (
    assignment_sql,
    email_click_rate,
    experiment_statistics,
    has_table,
    split_plans,
)

__all__ = [
    "ExperimentRun",
    "assignment_sql",
    "email_click_rate",
    "experiment_statistics",
    "run_experiments",
    "bandit_shares",
    "split_decision",
    "split_plans",
]


@dataclass(frozen=True)
class ExperimentRun:
    """The results table, the incrementality table and remarks for the asset's metadata."""

    results: pd.DataFrame
    incrementality: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def srm_tests(self) -> list[str]:
        """Tests whose split is broken (sample ratio mismatch)."""
        if self.results.empty:
            return []
        return sorted(self.results.loc[self.results["is_srm"], "test_id"].unique())


def _incrementality(
    con: duckdb.DuckDBPyConnection, stats: pd.DataFrame, alpha: float
) -> pd.DataFrame:
    """Treated (every non-holdout arm) vs holdout, per campaign split that has a holdout."""
    enr = stats[stats["metric"] == "enrollment_rate"]
    rev = stats[stats["metric"] == "revenue_per_contact"]
    with_holdout = enr.loc[enr["is_holdout"] & (enr["n"] > 0), "test_id"].unique()
    if len(with_holdout) == 0:
        return pd.DataFrame()
    keys = ["test_id", "campaign_id", "split_node_id"]
    e = enr[enr["test_id"].isin(with_holdout)].groupby(keys + ["is_holdout"])[["n", "total"]].sum()
    r = (
        rev[rev["test_id"].isin(with_holdout)]
        .groupby(keys + ["is_holdout"])[["total", "total_sq"]]
        .sum()
    )
    e, r = e.unstack("is_holdout"), r.unstack("is_holdout")
    costs = (
        con.execute(
            "select campaign_id, sum(cost_amount) as cost, sum(conversions) as attributed "
            "from fct_sends group by 1"
        )
        .df()
        .set_index("campaign_id")
    )
    campaign = e.index.get_level_values("campaign_id")
    cost = costs["cost"].reindex(campaign).fillna(0).to_numpy()
    attributed = costs["attributed"].reindex(campaign).fillna(0).to_numpy()
    inc = incrementality(
        e[("n", False)].to_numpy(), e[("total", False)].to_numpy(),
        e[("n", True)].to_numpy(), e[("total", True)].to_numpy(),
        r[("total", False)].to_numpy(), r[("total_sq", False)].to_numpy(),
        r[("total", True)].to_numpy(), r[("total_sq", True)].to_numpy(),
        cost, attributed, alpha,
    )  # fmt: skip
    frame = inc.frame()
    frame.insert(0, "campaign_id", campaign)
    frame.insert(1, "split_node_id", e.index.get_level_values("split_node_id"))
    frame.insert(2, "treated_contacts", e[("n", False)].to_numpy().astype(int))
    frame.insert(3, "holdout_contacts", e[("n", True)].to_numpy().astype(int))
    frame["cost_amount"] = cost
    frame["attributed_enrollments"] = attributed
    frame = frame.replace([np.inf, -np.inf], np.nan)
    return frame.astype({c: "Float64" for c in frame.columns if frame[c].dtype.kind == "f"})


def run_experiments(
    con: duckdb.DuckDBPyConnection,
    now: dt.datetime,
    *,
    alpha: float = 0.05,
    cuped: bool = False,
    correction: str = "holm",
    specs: Iterable[Campaign] = (),
) -> ExperimentRun:
    """Every experiment's readout as of ``now`` (see the module docstring); ``cuped`` adjusts
    every test with the contacts' pre-period engagement; ``specs`` (the ops store's campaigns)
    give EnrollFlow's splits their planned weights and holdout shares."""
    stats = experiment_statistics(con, now, cuped=cuped, specs=specs)
    notes = []
    source = (
        "fct_experiment_assignments for EnrollFlow's splits and the imported history's holdouts "
        "(the CRM's campaign members), fct_sends for the history's A/B tests (first email's variant)"
        if has_table(con, "fct_experiment_assignments")
        else "fct_sends (first email's variant; holdouts not visible)"
    )
    notes.append(f"assignments from {source}")
    if not stats.empty:
        unplanned = sorted(
            stats.loc[stats["planned_weight"].isna() & ~stats["is_holdout"], "test_id"].unique()
        )
        if unplanned:
            notes.append(
                f"no planned weights for {', '.join(unplanned)}: no sample-ratio check there"
            )
    if stats.empty:
        notes.append("no experiments with assigned contacts before now")
        return ExperimentRun(pd.DataFrame(), pd.DataFrame(), notes)
    results = analyse_experiments(
        stats.drop(columns=["campaign_id", "split_node_id"]), alpha=alpha, correction=correction
    )
    results.insert(0, "campaign_id", stats["campaign_id"].to_numpy())
    results.insert(1, "split_node_id", stats["split_node_id"].to_numpy())
    results["analysed_at"] = pd.Timestamp(now)
    return ExperimentRun(results, _incrementality(con, stats, alpha), notes)


def split_decision(
    con: duckdb.DuckDBPyConnection, campaign_id: str, split_node_id: str, metric: str = "click_rate"
) -> WinnerDecision:
    """ "Send the rest to the winner" for one split, from the latest ``experiment_results``.

    The hook a held-back split calls at each engine tick: conclusive only on always-valid,
    Holm-adjusted evidence with no sample-ratio mismatch (:func:`ml.experiments.decision.decide_winner`).
    """
    if not has_table(con, "experiment_results"):
        return WinnerDecision(False, None, "no experiment readout yet (experiment_results)")
    rows = con.execute(
        "select * from experiment_results where campaign_id = ? and split_node_id = ?",
        [campaign_id, split_node_id],
    ).df()
    if rows.empty or not (rows["metric"] == metric).any():
        return WinnerDecision(False, None, f"no {metric} readout for this split yet")
    return decide_winner(rows, f"{campaign_id}:{split_node_id}", metric)


def bandit_shares(
    con: duckdb.DuckDBPyConnection,
    campaign_id: str,
    split_node_id: str,
    rng: np.random.Generator,
    metric: str = "click_rate",
) -> dict[str, float]:
    """Thompson-sampling shares of the next batch per variant of a split (holdout excluded), from
    the latest ``experiment_results`` counts of a rate metric; empty when there is no readout yet
    (the engine then keeps the split's planned weights)."""
    if not has_table(con, "experiment_results"):
        return {}
    rows = con.execute(
        "select variant, contacts, total from experiment_results where campaign_id = ? "
        "and split_node_id = ? and metric = ? and metric_kind = 'proportion' and not is_holdout "
        "order by variant",
        [campaign_id, split_node_id, metric],
    ).fetchall()
    if len(rows) < 2:
        return {}
    variants = [r[0] for r in rows]
    shares = thompson_weights(np.array([r[2] for r in rows]), np.array([r[1] for r in rows]), rng)
    return dict(zip(variants, shares.tolist(), strict=True))
