""" "Send the rest to the winner": is a held-back split conclusive, and which arm gets the rest?

A split may hold back part of its audience until its sequential test is conclusive; this pure
function reads the test's rows of :func:`ml.experiments.analysis.analyse_experiments` for the
deciding metric and says whether to route the remainder, and where. Only always-valid (sequential,
Holm-adjusted) evidence counts, so checking it at every engine tick is safe; an SRM, a test below
the minimum size or any degenerate arm withholds the decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ml.errors import MLInputError

__all__ = ["FIGURE_COLUMNS", "WinnerDecision", "decide_winner", "decision_figures"]


@dataclass(frozen=True)
class WinnerDecision:
    """``conclusive``: route the rest now; ``winner``: the arm to send it to; ``reason``: why;
    ``figures``: per arm, the numbers behind it (what the audit log records)."""

    conclusive: bool
    winner: str | None
    reason: str
    figures: dict[str, dict[str, float | int | str | None]] = field(
        default_factory=dict, compare=False
    )


#: The columns of a test's rows that justify a decision (audit log, run metadata).
FIGURE_COLUMNS = (
    "contacts",
    "total",
    "value",
    "absolute_lift",
    "sequential_low",
    "sequential_high",
    "sequential_adjusted_p_value",
    "chance_to_beat_control",
    "srm_p_value",
    "status",
)


def decision_figures(rows: pd.DataFrame) -> dict[str, dict[str, float | int | str | None]]:
    """``{variant: {column: value}}`` of :data:`FIGURE_COLUMNS` (NULLs as None, numbers rounded)."""
    out: dict[str, dict[str, float | int | str | None]] = {}
    for row in rows.to_dict("records"):
        figures: dict[str, float | int | str | None] = {}
        for col in FIGURE_COLUMNS:
            value = row.get(col)
            if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
                figures[col] = None
            elif isinstance(value, str):
                figures[col] = value
            elif col in ("contacts", "total") and float(value).is_integer():
                figures[col] = int(value)
            else:
                figures[col] = round(float(value), 6)
        out[str(row["variant"])] = figures
    return out


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
    figures = decision_figures(rows)
    if bool(rows["is_srm"].any()):
        why = "sample ratio mismatch: fix the split before deciding"
        return WinnerDecision(False, None, why, figures)
    if (arms["status"] == "inconclusive").any():
        why = arms.loc[arms["status"] == "inconclusive", "verdict"].iloc[0]
        return WinnerDecision(False, None, str(why), figures)
    winners = arms[arms["status"] == "winner"]
    if not winners.empty:
        best = winners.sort_values("absolute_lift", ascending=False).iloc[0]
        return WinnerDecision(True, str(best["variant"]), str(best["verdict"]), figures)
    if len(arms) and (arms["status"] == "loser").all():
        return WinnerDecision(True, str(control), f"every challenger loses to {control}", figures)
    why = "not conclusive yet: keep the held-back contacts waiting"
    return WinnerDecision(False, None, why, figures)
