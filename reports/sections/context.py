"""What every section needs: the warehouse, the period, the campaign filter and display names."""

from __future__ import annotations

import datetime as dt
from collections import Counter
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
    #: the currency totals are shown in: the most common one among the campaigns in scope
    currency: str = "EUR"
    #: each campaign's own currency (its rows are shown in it)
    currencies: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(
        cls,
        con: data.Connection,
        period: Period,
        now: dt.datetime,
        campaign_ids: Sequence[str] | None = None,
    ) -> ReportContext:
        codes = data.currencies(con)
        scoped = [codes[c] for c in campaign_ids or codes if c in codes]
        main = Counter(scoped).most_common(1)[0][0] if scoped else data.currency(con)
        return cls(con, period, now, campaign_ids, data.names(con), main, codes)

    def currency_of(self, campaign_id: str | None) -> str:
        """The currency ``campaign_id``'s amounts are in (the report's when it names none)."""
        return self.currencies.get(campaign_id or "", self.currency)

    def currency_note(self) -> str | None:
        """A warning when the campaigns in scope are in more than one currency: the marts do not
        convert, so totals add the amounts as they are."""
        scope = self.campaign_ids if self.campaign_ids is not None else list(self.currencies)
        codes = sorted({self.currencies[c] for c in scope if c in self.currencies})
        if len(codes) < 2:
            return None
        others = [
            self.name(c)
            for c in sorted(scope)
            if self.currencies.get(c, self.currency) != self.currency
        ]
        named = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        return (
            f"The campaigns are in {' and '.join(codes)}: totals add their amounts as they are, "
            f"without conversion, and show them in {self.currency}; {named} "
            f"{'is' if len(others) == 1 else 'are'} in another currency (their own rows show it)."
        )

    def name(self, campaign_id: str | None) -> str:
        """The campaign's name (never its id, unless it has no name at all)."""
        if campaign_id is None:
            return "(no campaign)"
        return self.names.get(campaign_id, campaign_id)
