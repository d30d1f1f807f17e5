"""What every section needs: the warehouse, the period, the campaign filter and display names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from reports import data
from reports.period import Period


@dataclass
class ReportContext:
    """The warehouse connection and the report's scope (``campaign_ids`` None = every campaign)."""

    con: data.Connection
    period: Period
    now: dt.datetime
    campaign_ids: Sequence[str] | None = None
    names: dict[str, str] = field(default_factory=dict)
    currency: str = "EUR"

    @classmethod
    def open(
        cls,
        con: data.Connection,
        period: Period,
        now: dt.datetime,
        campaign_ids: Sequence[str] | None = None,
    ) -> ReportContext:
        return cls(con, period, now, campaign_ids, data.names(con), data.currency(con))

    def name(self, campaign_id: str | None) -> str:
        """The campaign's name (never its id, unless it has no name at all)."""
        if campaign_id is None:
            return "(no campaign)"
        return self.names.get(campaign_id, campaign_id)
