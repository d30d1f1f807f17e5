"""One alerts tick: evaluate the rules, update the ``alerts`` table, deliver what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from reports import data
from reports.alerts import rules, state
from reports.alerts.notify import Notifier, deliver


@dataclass
class AlertRun:
    """What a tick did: the table written, alerts opened / resolved, notices delivered."""

    table: pd.DataFrame
    firing: list[rules.Alert]
    opened: int
    resolved: int
    delivered: int
    failures: list[str] = field(default_factory=list)


def run_alerts(
    con: data.Connection,
    now: dt.datetime,
    *,
    provider_states: Iterable[rules.ProviderState] = (),
    notifiers: Sequence[Notifier] = (),
    thresholds: rules.Thresholds | None = None,
    social_states: Iterable[rules.SocialAccountState] = (),
) -> AlertRun:
    """Evaluate, reconcile with the previous ``alerts`` table, notify, and write the table.

    ``con`` must be writable (the ``alerts`` table is replaced). Notices that every notifier
    delivered are marked notified; if one failed they stay pending for the next tick.
    """
    previous = state.read(con)
    firing = rules.evaluate(con, now, provider_states, thresholds, social_states)
    table = state.reconcile(previous, firing, now)
    before_open = set(previous.loc[previous["status"] == "open", "alert_id"])
    now_open = set(table.loc[table["status"] == "open", "alert_id"])
    notices = state.pending(table)
    failures = deliver(notifiers, notices, now) if notices and notifiers else []
    if notices and not failures:
        table = state.mark_notified(table, notices, now)
    state.write(con, table)
    return AlertRun(
        table=table,
        firing=firing,
        opened=len(now_open - before_open),
        resolved=len(before_open - now_open),
        delivered=0 if failures else len(notices) if notifiers else 0,
        failures=failures,
    )
