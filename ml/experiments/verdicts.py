"""Plain-language verdicts with the numbers, one per analysed arm.

Examples: "B wins: +1.8 pts click rate (95 % CI +0.9 to +2.7), 99 % chance to beat A, safe to
stop"; "no significant difference yet — about 3,100 more contacts per arm to detect 1 pt";
"inconclusive: sample ratio mismatch (p = 2e-05)". A winner's interval is the always-valid
confidence sequence (valid at whichever look the reader stops); a "leading" / "trailing" arm's is the
fixed-horizon interval, with the warning that it is not yet safe to stop.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

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
    return f"a {round(share * 100)} % lift" if math.isfinite(share) else f"{value:,.2f}"


def _contacts(n: int) -> str:
    return f"{n:,} contact" if n == 1 else f"{n:,} contacts"


def _pct(x: float) -> str:
    if x > 0.99:
        return "> 99 %"
    return f"{round(x * 100)} %" if x >= 0.01 else "< 1 %"


_FIELDS = (
    "status", "metric", "metric_kind", "variant", "control_variant", "contacts",
    "control_contacts", "value", "control_value", "absolute_lift", "absolute_lift_low",
    "absolute_lift_high", "sequential_low", "sequential_high", "chance_to_beat_control",
    "srm_p_value", "target_lift", "contacts_needed_per_arm",
)  # fmt: skip


def verdict_sentences(
    columns: Mapping[str, np.ndarray], reasons: np.ndarray, alpha: float
) -> list[str]:
    """One sentence per analysed arm, from the result columns (arrays) of
    :func:`ml.experiments.analysis.analyse_experiments`."""
    level = f"{1 - alpha:.0%}".replace("%", " %")
    # plain Python values (tolist) format several times faster than numpy scalars
    values = [np.asarray(columns[f]).tolist() for f in _FIELDS]
    return [
        _sentence(*row, reason, level)
        for *row, reason in zip(*values, np.asarray(reasons).tolist(), strict=True)
    ]


def _sentence(
    status, metric, kind, variant, control, contacts, control_contacts, value, control_value,
    lift, low, high, seq_low, seq_high, chance, srm_p, target_lift, needed, reason, level,
) -> str:  # fmt: skip
    label = metric_label(metric)
    if status == "control":
        if not contacts:
            return f"control {variant}: no contacts yet"
        shown = f"{value:.1%}" if kind == "proportion" else f"{value:,.2f}"
        return f"control {variant}: {shown} {label} ({_contacts(contacts)})"
    if status == "holdout":
        return f"holdout: {_contacts(contacts)} held out (see experiment_incrementality)"
    if status == "inconclusive":
        extra = f" (p = {srm_p:.2g})" if reason == "sample ratio mismatch" else ""
        return f"inconclusive: {reason}{extra}"
    amount = _amount(lift, kind)
    beat = f"{_pct(chance)} chance to beat {control}"
    if status in ("winner", "loser"):
        ci = f"({level} CI {_bound(seq_low, kind)} to {_bound(seq_high, kind)})"
        if status == "winner":
            return f"{variant} wins: {amount} {label} {ci}, {beat}, safe to stop"
        return f"{variant} loses: {amount} {label} {ci}, {beat}, safe to stop, keep {control}"
    ci = f"({level} CI {_bound(low, kind)} to {_bound(high, kind)})"
    if status in ("leading", "trailing"):
        word = "leads" if status == "leading" else "trails"
        return (
            f"{variant} {word}: {amount} {label} {ci} at this look, {beat}; "
            "not yet safe to stop (keep the test running)"
        )
    target = _target(target_lift, kind, control_value)
    more = needed - min(contacts, control_contacts) if needed == needed else 0
    now = f"{variant} {amount} {label} {ci}"
    if more > 0:
        return (
            f"no significant difference yet — about {_round2(more)} more contacts per arm to "
            f"detect {target} ({now})"
        )
    return (
        f"no significant difference: {now}; the test could detect {target}, "
        "so any difference is likely smaller"
    )
