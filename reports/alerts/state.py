"""The ``alerts`` table: one row per occurrence of an alert, de-duplicated across ticks.

An alert *opens* the first tick its condition holds, stays one open row (``last_seen_at`` moves,
nothing is re-sent) while it keeps holding, and is *resolved* the first tick it no longer holds. If
it comes back later it is a new occurrence. Each opening and each resolution is notified once:
``opened_notified_at`` / ``resolved_notified_at`` are set when every notifier has delivered it, so
a failed delivery is retried on the next tick.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from reports import data
from reports.alerts.rules import Alert

TABLE = "alerts"
COLUMNS = [
    "alert_id",
    "occurrence",
    "rule",
    "subject",
    "severity",
    "message",
    "status",
    "opened_at",
    "last_seen_at",
    "resolved_at",
    "opened_notified_at",
    "resolved_notified_at",
]
_TIMES = ["opened_at", "last_seen_at", "resolved_at", "opened_notified_at", "resolved_notified_at"]


@dataclass(frozen=True)
class Notice:
    """One opening or resolution to deliver."""

    alert_id: str
    occurrence: int
    kind: str  # "opened" | "resolved"
    rule: str
    subject: str
    severity: str
    message: str

    @property
    def notice_id(self) -> str:
        """Unique per alert, occurrence and kind: the ledger step id of its email."""
        return f"{self.alert_id}.{self.occurrence}.{self.kind}"

    def headline(self) -> str:
        word = "Resolved" if self.kind == "resolved" else self.severity.capitalize()
        return f"[{word}] {self.rule.replace('_', ' ')}: {self.subject}"

    def text(self) -> str:
        if self.kind == "resolved":
            return f"No longer the case: {self.message}"
        return self.message


def empty() -> pd.DataFrame:
    """An ``alerts`` table with no rows."""
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    frame["occurrence"] = frame["occurrence"].astype("int64")
    for c in _TIMES:
        frame[c] = pd.to_datetime(frame[c])
    return frame


def read(con: data.Connection) -> pd.DataFrame:
    """The ``alerts`` table of the warehouse (empty when it was never written)."""
    if not data.table_columns(con, TABLE):
        return empty()
    return con.execute(
        f"select {', '.join(COLUMNS)} from {TABLE} order by opened_at, alert_id"
    ).df()


def write(con: data.Connection, table: pd.DataFrame) -> int:
    """Replace the ``alerts`` table with ``table``; returns its row count."""
    con.register("_alerts_frame", table[COLUMNS])
    try:
        con.execute(f"create or replace table {TABLE} as select * from _alerts_frame")
    finally:
        con.unregister("_alerts_frame")
    return len(table)


def reconcile(previous: pd.DataFrame, firing: list[Alert], now: dt.datetime) -> pd.DataFrame:
    """The new table: open what is new, touch what still holds, resolve what stopped."""
    table = previous.copy() if not previous.empty else empty()
    ts = pd.Timestamp(now)
    open_rows = table.index[table["status"] == "open"]
    open_by_id = {table.at[i, "alert_id"]: i for i in open_rows}
    last = table.groupby("alert_id")["occurrence"].max().to_dict() if not table.empty else {}
    new_rows = []
    for a in firing:
        if a.alert_id in open_by_id:
            i = open_by_id.pop(a.alert_id)
            table.loc[i, ["last_seen_at", "message", "severity"]] = [ts, a.message, a.severity]
            continue
        new_rows.append(
            {
                "alert_id": a.alert_id,
                "occurrence": int(last.get(a.alert_id, 0)) + 1,
                "rule": a.rule,
                "subject": a.subject,
                "severity": a.severity,
                "message": a.message,
                "status": "open",
                "opened_at": ts,
                "last_seen_at": ts,
                "resolved_at": pd.NaT,
                "opened_notified_at": pd.NaT,
                "resolved_notified_at": pd.NaT,
            }
        )
    for i in open_by_id.values():  # held before, not any more
        table.loc[i, ["status", "resolved_at"]] = ["resolved", ts]
    if new_rows:
        table = pd.concat([table, pd.DataFrame(new_rows, columns=COLUMNS)], ignore_index=True)
    for c in _TIMES:
        table[c] = pd.to_datetime(table[c])
    table["occurrence"] = table["occurrence"].astype("int64")
    return table.reset_index(drop=True)


def pending(table: pd.DataFrame) -> list[Notice]:
    """Openings and resolutions not notified yet (oldest first)."""
    out = []
    for r in table.itertuples():
        base = (r.alert_id, int(r.occurrence))
        rest = (r.rule, r.subject, r.severity, r.message)
        if pd.isna(r.opened_notified_at) and r.status == "open":
            out.append(Notice(*base, "opened", *rest))
        if r.status == "resolved" and pd.isna(r.resolved_notified_at):
            if pd.isna(r.opened_notified_at):
                continue  # opened and resolved between two deliveries: nothing worth telling
            out.append(Notice(*base, "resolved", *rest))
    return out


def mark_notified(table: pd.DataFrame, notices: list[Notice], now: dt.datetime) -> pd.DataFrame:
    """Record that ``notices`` were delivered at ``now``."""
    table = table.copy()
    ts = pd.Timestamp(now)
    for n in notices:
        row = (table["alert_id"] == n.alert_id) & (table["occurrence"] == n.occurrence)
        table.loc[row, f"{n.kind}_notified_at"] = ts
    return table
