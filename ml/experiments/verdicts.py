"""Plain-language verdicts with the numbers, one per analysed arm.

Examples: "B wins: +1.8 pts click rate (95 % CI +0.9 to +2.7), 99 % chance to beat A, safe to
stop"; "no significant difference yet — about 3,100 more contacts per arm to detect 1 pt";
"inconclusive: sample ratio mismatch (p = 2e-05)". A winner's interval is the always-valid
confidence sequence (valid at whichever look the reader stops); a "leading" arm's is the
fixed-horizon interval, with the warning that it is not yet safe to stop.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["metric_label", "verdict_sentences"]

_LABELS = {
    "open_rate": "open rate",
    "click_rate": "click rate",
    "application_rate": "application rate",
    "enrollment_rate": "enrollment rate",
    "revenue_per_contact": "revenue per contact",
}


def metric_label(metric: str) -> str:
    """The metric as a marketer reads it (``click_rate`` -> ``click rate``)."""
    return _LABELS.get(metric, metric.replace("_", " "))


def _amount(value: float, kind: str) -> str:
    if kind == "proportion":
        return f"{value * 100:+.1f} pts"
    return f"{value:+,.2f}"


def _bound(value: float, kind: str) -> str:
    return f"{value * 100:+.1f}" if kind == "proportion" else f"{value:+,.2f}"


def _round2(x: float) -> str:
    """Two significant figures, with thousands separators (3,137 -> 3,100)."""
    if x <= 0:
        return "0"
    digits = max(0, int(math.floor(math.log10(x))) - 1)
    return f"{round(x, -digits):,.0f}"


def _target(value: float, kind: str, control: float) -> str:
    if kind == "proportion":
        pts = value * 100
        return f"{pts:g} pt" if pts == 1 else f"{pts:g} pts"
    share = value / abs(control) if control else float("nan")
    return f"a {share:.0%} lift" if math.isfinite(share) else f"{value:,.2f}"


def _pct(x: float) -> str:
    return f"{x:.0%}" if 0.01 <= x <= 0.99 else ("> 99 %" if x > 0.99 else "< 1 %")


def verdict_sentences(results: pd.DataFrame, reasons: np.ndarray, alpha: float) -> list[str]:
    """One sentence per row of :func:`ml.experiments.analysis.analyse_experiments`' output."""
    level = f"{1 - alpha:.0%}".replace("%", " %")
    out = []
    for row, reason in zip(results.itertuples(index=False), reasons, strict=True):
        kind, label = row.metric_kind, metric_label(row.metric)
        if row.status == "control":
            shown = f"{row.value:.1%}" if kind == "proportion" else f"{row.value:,.2f}"
            out.append(
                f"control {row.variant}: {shown} {label} ({row.contacts:,} contacts)"
                if row.contacts
                else f"control {row.variant}: no contacts yet"
            )
            continue
        if row.status == "holdout":
            out.append(
                f"holdout: {row.contacts:,} contacts held out (see experiment incrementality)"
            )
            continue
        if row.status == "inconclusive":
            extra = f" (p = {row.srm_p_value:.2g})" if reason == "sample ratio mismatch" else ""
            out.append(f"inconclusive: {reason}{extra}")
            continue
        v, a = row.variant, row.control_variant
        chance = f"{_pct(row.chance_to_beat_control)} chance to beat {a}"
        if row.status in ("winner", "loser"):
            ci = f"({level} CI {_bound(row.sequential_low, kind)} to {_bound(row.sequential_high, kind)})"
            word = "wins" if row.status == "winner" else "loses"
            tail = "safe to stop" + ("" if row.status == "winner" else f", keep {a}")
            out.append(
                f"{v} {word}: {_amount(row.absolute_lift, kind)} {label} {ci}, {chance}, {tail}"
            )
            continue
        ci = (
            f"({level} CI {_bound(row.absolute_lift_low, kind)} to "
            f"{_bound(row.absolute_lift_high, kind)})"
        )
        if row.status == "leading":
            out.append(
                f"{v} leads: {_amount(row.absolute_lift, kind)} {label} {ci} at this look, "
                f"{chance}; not yet safe to stop (keep the test running)"
            )
            continue
        target = _target(row.target_lift, kind, row.control_value)
        have = min(row.contacts, row.control_contacts)
        more = (row.contacts_needed_per_arm or 0) - have
        now = f"{v} {_amount(row.absolute_lift, kind)} {label} {ci}"
        if more > 0:
            out.append(
                f"no significant difference yet — about {_round2(more)} more contacts per arm to "
                f"detect {target} ({now})"
            )
        else:
            out.append(
                f"no significant difference: {now}; the test could detect {target}, so any "
                "difference is likely smaller"
            )
    return out
