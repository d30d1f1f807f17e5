"""What the journey engine reads from the warehouse: audiences, contacts, activity, send times.

:class:`WarehouseSource` answers set-based questions with one DuckDB query each (contact ids are
joined as a registered frame, never pasted into SQL). It reads the marts ``dim_contacts``,
``fct_contact_activity``, the segments' ``segment_memberships`` and, when ML has written them,
``send_time_recommendations`` and ``experiment_results`` (held-back and bandit splits).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import duckdb
import pandas as pd

from delivery.journeys.audience import (
    AUDIENCE_SQL,
    SourceError,
    audience_params,
    require_table,
)
from delivery.journeys.contact_columns import CONTACT_COLUMNS

__all__ = ["SourceError", "WarehouseSource"]


class WarehouseSource:
    """Read-only queries over a DuckDB warehouse connection.

    Parameters
    ----------
    conn : duckdb.DuckDBPyConnection
        Open connection (the caller owns it; read-only is enough).
    """

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.conn = conn
        self._tables = {
            r[0]
            for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }

    def _require(self, table: str, produced_by: str) -> None:
        require_table(self._tables, table, produced_by)

    def _with_ids(self, contact_ids: Iterable[str], sql: str, params: dict | None = None):
        """Run ``sql`` with the ids registered as the relation ``ids``; returns the relation."""
        if isinstance(contact_ids, pd.Series):  # whole column, no Python iteration
            ids = contact_ids.astype(str).reset_index(drop=True)
        else:
            ids = pd.Series(list(contact_ids), dtype=str)
        frame = pd.DataFrame({"contact_id": ids})
        self.conn.register("ids", frame)
        try:
            return self.conn.execute(sql, params or {}).df()
        finally:
            self.conn.unregister("ids")

    def audience(
        self, segments: Sequence[str], exclude: Sequence[str], at: dt.datetime
    ) -> pd.Series:
        """Contacts in any of ``segments`` and none of ``exclude`` at instant ``at`` (sorted)."""
        self._require("segment_memberships", "the segment assets")
        sql = f"{AUDIENCE_SQL} ORDER BY contact_id"
        params = audience_params(segments, exclude, at)
        return self.conn.execute(sql, params).df()["contact_id"].astype(str)

    def entries(self, segment: str, since: dt.datetime, at: dt.datetime) -> pd.Series:
        """Contacts whose current stay in ``segment`` began in ``[since, at]`` (segment entry)."""
        self._require("segment_memberships", "the segment assets")
        return (
            self.conn.execute(
                """SELECT DISTINCT contact_id FROM segment_memberships
               WHERE segment_name = $s AND valid_from >= $since AND valid_from <= $at
                 AND (valid_to IS NULL OR valid_to > $at) ORDER BY contact_id""",
                {"s": segment, "since": since, "at": at},
            )
            .df()["contact_id"]
            .astype(str)
        )

    def members(self, segment: str, contact_ids: Iterable[str], at: dt.datetime) -> set[str]:
        """Which of ``contact_ids`` are in ``segment`` at ``at``."""
        self._require("segment_memberships", "the segment assets")
        rows = self._with_ids(
            contact_ids,
            """SELECT m.contact_id FROM segment_memberships m JOIN ids USING (contact_id)
               WHERE m.segment_name = $s AND m.valid_from <= $at
                 AND (m.valid_to IS NULL OR m.valid_to > $at)""",
            {"s": segment, "at": at},
        )
        return set(rows["contact_id"])

    def contacts(self, contact_ids: Iterable[str], extra: Sequence[str] = ()) -> pd.DataFrame:
        """Attributes of ``contact_ids`` from ``dim_contacts`` (the engine's columns + ``extra``)."""
        self._require("dim_contacts", "the dbt marts (dim_contacts)")
        columns = list(dict.fromkeys([*CONTACT_COLUMNS, *extra]))
        available = {
            r[0]
            for r in self.conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'dim_contacts'"
            ).fetchall()
        }
        missing = [c for c in columns if c not in available]
        if missing:
            raise SourceError(f"dim_contacts lacks column(s) {missing}: rebuild the marts")
        select = ", ".join(f"d.{c}" for c in columns)
        return self._with_ids(
            contact_ids, f"SELECT {select} FROM dim_contacts d JOIN ids USING (contact_id)"
        )

    def activity(
        self, types: Sequence[str], since: dt.datetime, until: dt.datetime
    ) -> pd.DataFrame:
        """``[contact_id, activity_type, occurred_at]`` with ``since < occurred_at <= until``."""
        self._require("fct_contact_activity", "the dbt marts (fct_contact_activity)")
        return self.conn.execute(
            """SELECT contact_id, activity_type, occurred_at FROM fct_contact_activity
               WHERE activity_type IN (SELECT unnest($t)) AND occurred_at > $since
                 AND occurred_at <= $until AND contact_id IS NOT NULL""",
            {"t": list(types), "since": since, "until": until},
        ).df()

    def send_time_model(self) -> str:
        """The send-time model's state: ``promoted``, ``not promoted`` or ``not built``.

        Only a promoted model (it beat the global best hour on the holdout, the ML asset's
        ``beats_baseline`` check) is used: otherwise "best send time" falls back to sending at
        the step's time, within the send window.
        """
        if "send_time_recommendations" not in self._tables:
            return "not built"
        ((rows, promoted),) = self.conn.execute(
            "SELECT count(*), coalesce(bool_or(is_promoted), false) FROM send_time_recommendations"
        ).fetchall()  # fetched to the end: the connection is free for the next query
        if not rows:
            return "not built"
        return "promoted" if promoted else "not promoted"

    def best_hours(self, contact_ids: Iterable[str]) -> pd.DataFrame:
        """``[contact_id, best_local_hour]`` from the send-time model; empty when the model is
        not built or not promoted (:meth:`send_time_model`): the engine then sends at the
        step's time."""
        if self.send_time_model() != "promoted":
            return pd.DataFrame({"contact_id": [], "best_local_hour": []})
        return self._with_ids(
            contact_ids,
            """SELECT r.contact_id, r.best_local_hour FROM send_time_recommendations r
               JOIN ids USING (contact_id) WHERE r.is_promoted""",
        )

    def split_decision(self, campaign_id: str, split_node_id: str, metric: str):
        """The latest readout's send-the-rest-to-the-winner decision for a held-back split
        (:func:`ml.runs.experiments.split_decision` over ``experiment_results``)."""
        from ml.runs.experiments import split_decision  # ml builds on delivery: import late

        return split_decision(self.conn, campaign_id, split_node_id, metric)

    def bandit_shares(
        self, campaign_id: str, split_node_id: str, metric: str, rng
    ) -> dict[str, float]:
        """Thompson-sampling shares of a bandit split's next batch (empty: no readout yet;
        :func:`ml.runs.experiments.bandit_shares`)."""
        from ml.runs.experiments import bandit_shares

        return bandit_shares(self.conn, campaign_id, split_node_id, rng, metric)

    def send_time_rows(self, contact_ids: Iterable[str]) -> pd.DataFrame | None:
        """The send-time table's rows for ``contact_ids`` with its promotion verdict.

        ``[contact_id, best_local_hour, baseline_local_hour, is_promoted, model_version]``; a
        column the table lacks (written before it had one) comes back NULL. None when the table
        is not built.
        """
        wanted = ("best_local_hour", "baseline_local_hour", "is_promoted", "model_version")
        if "send_time_recommendations" not in self._tables:
            return None
        present = {
            r[0]
            for r in self.conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'send_time_recommendations'"
            ).fetchall()
        }
        select = ", ".join(f"r.{c}" if c in present else f"NULL AS {c}" for c in wanted)
        return self._with_ids(
            contact_ids,
            f"SELECT r.contact_id, {select} FROM send_time_recommendations r "
            "JOIN ids USING (contact_id)",
        )

    def zones(self) -> list[str]:
        """Distinct contact time zones (what the scheduler evaluates "09:00 local" over)."""
        self._require("dim_contacts", "the dbt marts (dim_contacts)")
        rows = self.conn.execute(
            "SELECT DISTINCT timezone FROM dim_contacts WHERE timezone IS NOT NULL ORDER BY 1"
        ).fetchall()
        return [r[0] for r in rows]

    def activity_watermark(self) -> str:
        """A token that changes whenever activity is ingested (row count and latest time)."""
        if "fct_contact_activity" not in self._tables:
            return "none"
        # fetchall, not fetchone: an unfinished result makes DuckDB refuse the next register()
        [(count, latest)] = self.conn.execute(
            "SELECT count(*), max(occurred_at) FROM fct_contact_activity"
        ).fetchall()
        return f"{count}:{latest:%Y%m%dT%H%M%S}" if latest else f"{count}:-"
