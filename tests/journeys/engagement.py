"""Simulated engagement for EnrollFlow's own sends, written to the marts the experiment readout
reads, as the loop would bring it back (ledger -> fct_sends / fct_experiment_assignments;
planted click rates per variant -> clicks in fct_sends and fct_contact_activity).

``fct_experiment_assignments`` follows the dbt mart's rule: a contact's arm is the variant of
its ledger row, and contacts whose journey was held back (``held``, ``held>W``) are not part of
the randomised test."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from pathlib import Path

import dagster as dg
import duckdb
import numpy as np
import pandas as pd
import sqlalchemy as sa

from delivery.campaigns.tables import journey_state
from delivery.store import Store
from delivery.store.schema import send_ledger
from ml.warehouse_io import write_table
from orchestration.defs.ml.experiments import EXPERIMENT_ASSETS
from orchestration.resources import WarehouseResource


def _frame(store: Store, table) -> pd.DataFrame:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(table)).mappings().all()
    return pd.DataFrame(rows, columns=[c.name for c in table.c])


def feed_engagement(
    warehouse: Path,
    store: Store,
    campaign_id: str,
    split_node_id: str,
    click_rates: dict[str, float],
    *,
    seed: int,
) -> pd.DataFrame:
    """Write the marts for every email of ``campaign_id`` in the ledger; clicks drawn with the
    planted per-variant ``click_rates`` (one draw per ledger row, stable across calls)."""
    sent = _frame(store, send_ledger)
    sent = sent[(sent["campaign_id"] == campaign_id) & (sent["state"] != "skipped")]
    sent = sent.sort_values("ledger_id", ignore_index=True)
    draws = np.array(
        [np.random.default_rng([seed, zlib.crc32(i.encode())]).random() for i in sent["ledger_id"]]
    )
    clicked = draws < sent["variant_id"].map(click_rates).astype(float).to_numpy()
    at = pd.to_datetime(sent["created_at"])
    sends = pd.DataFrame(
        {
            "campaign_id": campaign_id,
            "contact_id": sent["contact_id"],
            "variant_id": sent["variant_id"],
            "channel": "email",
            "sent_at": at,
            "is_delivered": True,
            "opened_at": pd.Series(np.where(clicked, at + pd.Timedelta(hours=1), pd.NaT)),
            "clicked_at": pd.Series(np.where(clicked, at + pd.Timedelta(hours=2), pd.NaT)),
            "cost_amount": 0.001,
            "conversions": 0,
        }
    )
    journeys = _frame(store, journey_state)
    journeys = journeys[journeys["campaign_id"] == campaign_id]
    held = set(journeys.loc[journeys["variant_id"].fillna("").str.startswith("held"), "contact_id"])
    holdout = journeys[journeys["variant_id"] == "holdout"]
    arms = pd.concat(
        [
            sends.loc[~sends["contact_id"].isin(held), ["contact_id", "variant_id", "sent_at"]],
            pd.DataFrame(
                {
                    "contact_id": holdout["contact_id"],
                    "variant_id": "holdout",
                    "sent_at": pd.to_datetime(holdout["updated_at"]),
                }
            ),
        ],
        ignore_index=True,
    )
    assignments = pd.DataFrame(
        {
            "contact_id": arms["contact_id"],
            "campaign_id": campaign_id,
            "split_node_id": split_node_id,
            "variant": arms["variant_id"],
            "assigned_at": arms["sent_at"],
            "campaign_source": "enrollflow",
        }
    )
    with duckdb.connect(str(warehouse)) as con:
        write_table(con, "fct_sends", sends)
        write_table(con, "fct_experiment_assignments", assignments)
        con.execute("delete from fct_contact_activity where activity_type = 'clicked'")
        clicks = sends[clicked]
        con.register("_clicks", clicks)
        con.execute(
            "insert into fct_contact_activity select contact_id, 'clicked', clicked_at from _clicks"
        )
        con.unregister("_clicks")
        write_table(
            con,
            "stg_lms__enrollments",
            pd.DataFrame(
                {
                    "contact_id": pd.Series([], dtype=str),
                    "occurred_at": pd.Series([], dtype="datetime64[us]"),
                    "revenue_amount": pd.Series([], dtype=float),
                    "is_refund": pd.Series([], dtype=bool),
                }
            ),
        )
        write_table(
            con,
            "stg_marketing__campaigns",
            pd.DataFrame(
                {
                    "campaign_id": [campaign_id],
                    "conversion_window_days": [14],
                    "variants": [json.dumps([])],
                }
            ),
        )
    return sends


def materialise_readout(warehouse: Path, ops_store, now: dt.datetime) -> dg.ExecuteInProcessResult:
    """The ``experiment_results`` asset as the pipeline materialises it (SRM check included)."""
    return dg.materialize(
        EXPERIMENT_ASSETS,
        resources={"warehouse": WarehouseResource(path=str(warehouse)), "ops_store": ops_store},
        run_config={"ops": {"experiment_assets": {"config": {"now": now.isoformat()}}}},
        raise_on_error=False,
    )
