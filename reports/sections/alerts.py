"""The report's "Open alerts" section, from the warehouse's ``alerts`` table."""

from __future__ import annotations

import pandas as pd

from reports.alerts import state
from reports.model import Section
from reports.sections.context import ReportContext

ORDER = {"critical": 0, "warning": 1, "info": 2}


def open_alerts(ctx: ReportContext) -> Section:
    """Alerts open at the time of the report, most severe first (``alerts``)."""
    table = state.read(ctx.con)
    table = table[table["status"] == "open"]
    if table.empty:
        return Section("alerts", "Open alerts", ["No alert is open."], source="alerts")
    table = table.assign(order=table["severity"].map(ORDER).fillna(3)).sort_values(
        ["order", "opened_at"]
    )
    bullets = [
        f"{r.severity.capitalize()} since {pd.Timestamp(r.opened_at):%-d %b}: {r.message}"
        for r in table.itertuples()
    ]
    return Section(
        "alerts", "Open alerts", [f"{len(bullets)} open."], bullets=bullets, source="alerts"
    )
