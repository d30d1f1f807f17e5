"""Fixtures of the ML tests: a temporary warehouse holding marts built from the synthetic worlds."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import numpy as np
import pandas as pd
import pytest

from ml.warehouse_io import write_table
from tests.ml.synthetic import (
    attribution_world,
    campaign_world,
    course_world,
    enrollment_world,
    lookalike_world,
    send_time_world,
)


@pytest.fixture(scope="session")
def ml_warehouse_path(tmp_path_factory):
    """Marts from the synthetic worlds: send-time (Jan-Feb 2026), attribution and course activity
    (to May 2026), enrollments (to 2027). Returns the DuckDB file path."""
    path = tmp_path_factory.mktemp("ml_wh") / "warehouse.duckdb"
    events, st_contacts, _ = send_time_world()
    touches, conv = attribution_world()
    enrollments, ltv_contacts = enrollment_world()
    enrollments = enrollments.assign(is_refund=enrollments["type"] == "refund")
    look_contacts, enrollers = lookalike_world()
    look_contacts["last_enrolled_at"] = pd.NaT
    look_contacts.loc[look_contacts["contact_id"].isin(enrollers), "last_enrolled_at"] = (
        pd.Timestamp("2026-04-15")
    )
    contacts = st_contacts.merge(ltv_contacts, on="contact_id", how="outer").merge(
        look_contacts, on="contact_id", how="outer"
    )
    all_enrollments = pd.concat(
        [enrollments[["contact_id", "occurred_at", "revenue_amount", "is_refund"]], conv]
    )
    activity, courses, course_contacts = course_world()
    interests = course_contacts.explode("interests").rename(columns={"interests": "interest"})
    cost = {"email": 2.0, "sms": 5.0}
    paid = touches["channel"].isin(list(cost))
    sends = touches[paid].rename(columns={"touch_at": "sent_at"})
    sends = sends.assign(cost_amount=sends["channel"].map(cost))
    social = touches[touches["channel"] == "paid_social"]
    ads = (
        social.assign(spend_date=social["touch_at"].dt.floor("D"))
        .groupby(["campaign_id", "channel", "spend_date"], as_index=False)
        .size()
        .assign(spend_amount=lambda d: 8.0 * d["size"])
        .drop(columns="size")
    )
    sends = sends.assign(converted_at=pd.NaT, revenue_amount=0.0)
    sends = pd.concat([sends, _campaign_sends()], ignore_index=True)
    campaigns = (
        sends[["campaign_id"]]
        .drop_duplicates()
        .merge(
            _campaign_sends()[
                ["campaign_id", "campaign_type", "course_category"]
            ].drop_duplicates(),
            how="left",
        )
    )
    campaigns = campaigns.fillna({"campaign_type": "nurture", "course_category": "cat0"})
    # the marts' timing / content / budget columns (the synthetic worlds plant no effect on them)
    campaigns = campaigns.assign(budget_amount=5_000.0, variants=None)
    sends = sends.assign(variant_id=None)
    with duckdb.connect(str(path)) as con:
        write_table(con, "stg_marketing__campaigns", campaigns)
        write_table(
            con,
            "fct_sends",
            sends[
                [
                    "campaign_id",
                    "variant_id",
                    "channel",
                    "contact_id",
                    "sent_at",
                    "cost_amount",
                    "converted_at",
                    "revenue_amount",
                ]
            ],  # fmt: skip
        )
        write_table(con, "stg_ads__spend", ads)
        write_table(con, "fct_contact_activity", activity)
        write_table(con, "dim_courses", courses)
        write_table(con, "dim_contact_interests", interests)
        # one message per event (the mart's message_id; no delivery events in this world)
        ids = events.index.map(lambda i: f"m{i:07d}")
        write_table(con, "fct_message_events", events.assign(message_id=ids))
        write_table(con, "dim_contacts", contacts)
        write_table(con, "fct_touchpoints", touches)
        write_table(con, "stg_lms__enrollments", all_enrollments)
    return path


def _campaign_sends() -> pd.DataFrame:
    """campaign_world messages as fct_sends rows (March-April 2026), with campaign attributes."""
    msgs = campaign_world()
    rng = np.random.default_rng(3)
    sent = pd.Timestamp("2026-03-01") + pd.to_timedelta(rng.uniform(0, 55, len(msgs)), unit="D")
    return msgs.assign(
        contact_id=[f"c_{i:07d}" for i in rng.integers(0, 4000, len(msgs))],
        sent_at=sent,
        cost_amount=0.5,
        converted_at=np.where(msgs["is_converted"], sent + pd.Timedelta(days=2), pd.NaT),
        revenue_amount=np.where(msgs["is_converted"], 500.0, 0.0),
    )


@pytest.fixture()
def warehouse(ml_warehouse_path, tmp_path):
    """A private read-write copy of the ML test warehouse."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(ml_warehouse_path, path)
    with duckdb.connect(str(path)) as con:
        yield con


@pytest.fixture(scope="session")
def small_business(tmp_path_factory):
    """A simulated business larger than ``tiny_business`` (3,000 contacts x 150 days, ~8 s), big
    enough for the models to recover the planted truth; generated once per session."""
    from tests.fixtures.business import simulate_small

    return simulate_small(tmp_path_factory.mktemp("ml_business"), contacts=3000, days=150, seed=11)


def ops_store_holding(tmp_path, *campaign_files, now: dt.datetime):
    """An ops store (SQLite under ``tmp_path``) holding each campaign file as a draft applied at
    ``now``; returns the ``OpsStoreResource`` the ML assets take."""
    from delivery.campaigns import lifecycle
    from delivery.campaigns.validation import load_campaign_file
    from delivery.store import open_store
    from orchestration.defs.delivery.resources import OpsStoreResource

    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    store = open_store(url, create=True)
    try:
        for file in campaign_files:
            lifecycle.apply_campaign(
                store, load_campaign_file(file), actor="test", now=now, source="test"
            )
    finally:
        store.dispose()
    return OpsStoreResource(url=url)
