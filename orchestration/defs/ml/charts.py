"""Text charts for asset metadata: each test's lift with its interval, readable in the Dagster UI.

Markdown has no plotting, and the UI shows code blocks in a fixed-width font, so each arm is a
line: the interval as ``[----●----]`` on a common axis with ``|`` at zero.
"""

from __future__ import annotations

import math

import pandas as pd

WIDTH = 41
MAX_TESTS = 15
PRIMARY_METRICS = ("click_rate", "open_rate", "enrollment_rate")


def _axis_position(value: float, span: float) -> int:
    """Cell of ``value`` on the axis -span .. +span (values outside are pinned to its ends)."""
    return round((min(max(value / span, -1.0), 1.0) + 1) / 2 * (WIDTH - 1))


def interval_line(low: float, point: float, high: float, span: float) -> str:
    """One arm: its interval and point estimate on an axis from -span to +span, zero marked."""
    cells = [" "] * WIDTH
    a, b = _axis_position(low, span), _axis_position(high, span)
    for i in range(a, b + 1):
        cells[i] = "-"
    cells[_axis_position(0.0, span)] = "|"
    cells[a], cells[b] = "[", "]"
    cells[_axis_position(point, span)] = "●"
    return "".join(cells)


def lift_chart_markdown(results: pd.DataFrame) -> str:
    """Per test (largest first), the absolute lift of each challenger with its interval.

    Proportions in percentage points, means in currency; the confidence sequence (valid at any
    look) when it exists, else the fixed-horizon interval; inconclusive arms are listed without
    a bar. A test with no challenger (treated vs holdout only) is left out: its figure is the
    incrementality, not a lift over a control.
    """
    if results.empty:
        return "no experiments"
    blocks = []
    sizes = results.groupby("test_id")["contacts"].sum().sort_values(ascending=False)
    for test_id in sizes.index[:MAX_TESTS]:
        rows = results[results["test_id"] == test_id]
        metric = next(
            (m for m in PRIMARY_METRICS if (rows["metric"] == m).any()), rows["metric"].iloc[0]
        )
        rows = rows[(rows["metric"] == metric) & ~rows["is_control"] & ~rows["is_holdout"]]
        if rows.empty:  # treated vs holdout only (a holdout test): experiment_incrementality
            continue
        scale = 100.0 if rows["metric_kind"].iloc[0] == "proportion" else 1.0
        unit = "pts" if scale == 100.0 else ""
        lows = (
            pd.to_numeric(rows["sequential_low"], errors="coerce")
            .fillna(rows["absolute_lift_low"])
            .astype(float)
        )
        highs = (
            pd.to_numeric(rows["sequential_high"], errors="coerce")
            .fillna(rows["absolute_lift_high"])
            .astype(float)
        )
        finite = [abs(v) for v in list(lows) + list(highs) if v is not None and math.isfinite(v)]
        span = max(finite) * scale * 1.05 if finite and max(finite) > 0 else 1.0
        lines = [f"{test_id} — {metric} lift vs control ({unit or 'amount'}, axis ±{span:.2g})"]
        for row, low, high in zip(rows.itertuples(index=False), lows, highs, strict=True):
            if row.status == "inconclusive" or not (math.isfinite(low) and math.isfinite(high)):
                lines.append(f"{row.variant:>14} (inconclusive)")
                continue
            bar = interval_line(low * scale, float(row.absolute_lift) * scale, high * scale, span)
            lines.append(
                f"{row.variant:>14} {bar} {row.absolute_lift * scale:+.2f} "
                f"({low * scale:+.2f} to {high * scale:+.2f}) {row.status}"
            )
        blocks.append("\n".join(lines))
    if not blocks:
        return "no A/B tests (holdout tests only: see experiment_incrementality)"
    return "```\n" + "\n\n".join(blocks) + "\n```"
