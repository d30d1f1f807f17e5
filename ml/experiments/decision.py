""" "Send the rest to the winner": is a held-back split conclusive, and which arm gets the rest?

A split may hold back part of its audience until its sequential test is conclusive; this pure
function reads the test's rows of :func:`ml.experiments.analysis.analyse_experiments` for the
deciding metric and says whether to route the remainder, and where. Only always-valid (sequential,
Holm-adjusted) evidence counts, so checking it at every engine tick is safe; an SRM, a test below
the minimum size or any degenerate arm withholds the decision.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ml.errors import MLInputError

__all__ = ["WinnerDecision", "decide_winner"]


@dataclass(frozen=True)
class WinnerDecision:
    """``conclusive``: route the rest now; ``winner``: the arm to send it to; ``reason``: why."""

    conclusive: bool
    winner: str | None
    reason: str


def decide_winner(results: pd.DataFrame, test_id: str, metric: str) -> WinnerDecision:
    """The send-the-rest-to-the-winner decision for one test on its deciding metric.

    Rules: a sample-ratio mismatch or an inconclusive arm -> not conclusive; some challenger a
    ``winner`` (sequential adjusted p < alpha, positive lift) -> the winner with the largest lift;
    every challenger a ``loser`` -> the control; otherwise keep testing.
    """
    rows = results[(results["test_id"] == test_id) & (results["metric"] == metric)]
    if rows.empty:
        raise MLInputError(f"no results for test {test_id!r} and metric {metric!r}")
    arms = rows[~rows["is_control"] & ~rows["is_holdout"]]
    control = rows.loc[rows["is_control"], "variant"].iloc[0]
    if bool(rows["is_srm"].any()):
        return WinnerDecision(False, None, "sample ratio mismatch: fix the split before deciding")
    if (arms["status"] == "inconclusive").any():
        why = arms.loc[arms["status"] == "inconclusive", "verdict"].iloc[0]
        return WinnerDecision(False, None, str(why))
    winners = arms[arms["status"] == "winner"]
    if not winners.empty:
        best = winners.sort_values("absolute_lift", ascending=False).iloc[0]
        return WinnerDecision(True, str(best["variant"]), str(best["verdict"]))
    if len(arms) and (arms["status"] == "loser").all():
        return WinnerDecision(True, str(control), f"every challenger loses to {control}")
    return WinnerDecision(False, None, "not conclusive yet: keep the held-back contacts waiting")
