"""The global holdout at send time, through the campaign step job: contacts of this period's
holdout are not admitted (recorded as exited journeys with variant ``global_holdout``, what the
ops-store export carries to ``fct_experiment_assignments``), and a message enqueued before the
holdout was switched on is skipped at dispatch."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import pytest

from delivery.holdout import GlobalHoldout
from delivery.journeys.engine import advance_campaign
from delivery.journeys.sources import WarehouseSource
from delivery.store import open_store
from enrollflow.settings import Settings
from ml.experiments.holdout import global_holdout
from orchestration.defs.delivery.resources import SenderResource, sender_resource
from tests.journeys.conftest import World, launch
from tests.journeys.test_engine import journeys, ledger_frame
from tests.orchestration.send_path import Production, outbox_counts, sandbox_resources

NINE = dt.datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def env(tmp_path, demo_doc):
    warehouse = tmp_path / "warehouse.duckdb"
    world = World(str(warehouse))
    world.add_contacts(400, timezone="Europe/London")
    world.conn.close()
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    store = open_store(url, create=True)
    launch(store, demo_doc, audience_size=400)
    yield {"store": store, "warehouse": warehouse, "url": url, "outbox": tmp_path / "outbox"}
    store.dispose()


def _production(env, monkeypatch, instance, share):
    resources = sandbox_resources(env["url"], env["warehouse"], env["outbox"])
    resources["delivery"] = SenderResource(global_holdout_share=share)
    return Production(instance, resources, monkeypatch)


def test_held_out_contacts_are_never_admitted_and_are_recorded(env, monkeypatch):
    with dg.instance_for_test() as instance:
        _production(env, monkeypatch, instance, 0.2).settle(NINE)
    rows = journeys(env["store"])
    held = rows[rows["variant_id"] == "global_holdout"]
    expected = global_holdout(rows["contact_id"], 0.2, "2026-Q1")
    assert set(held["contact_id"]) == set(rows.loc[expected.to_numpy(), "contact_id"])
    assert 40 < len(held) < 120
    assert set(held["status"]) == {"exited"}
    assert set(held["exit_reason"]) == {"global holdout 2026-Q1"}
    sent = ledger_frame(env["store"])
    assert len(sent) and not set(sent["contact_id"]) & set(held["contact_id"])
    assert set(outbox_counts(env["outbox"]).values()) == {1}


def test_a_message_enqueued_before_the_holdout_is_skipped_at_dispatch(env, monkeypatch):
    import duckdb

    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        advance_campaign(env["store"], WarehouseSource(con), "spring_data_enrollment", now=NINE)
    pending = ledger_frame(env["store"])
    assert len(pending) and set(pending["state"]) == {"pending"}
    with dg.instance_for_test() as instance:
        _production(env, monkeypatch, instance, 0.2).settle(NINE + dt.timedelta(minutes=5))
    after = ledger_frame(env["store"]).set_index("contact_id")
    held = GlobalHoldout(0.2).members(after.index.to_series(), NINE).to_numpy()
    assert held.any()
    assert set(after.loc[held, "state"]) == {"skipped"}
    assert set(after.loc[held, "last_error"]) == {"global holdout 2026-Q1"}
    assert set(after.loc[~held, "state"]) == {"submitted"}


def test_the_setting_reaches_the_delivery_resource(monkeypatch):
    monkeypatch.setenv("ENROLLFLOW_GLOBAL_HOLDOUT_SHARE", "0.05")
    monkeypatch.setenv("ENROLLFLOW_GLOBAL_HOLDOUT_PERIOD", "month")
    policy = sender_resource().global_holdout()
    assert (
        policy == GlobalHoldout(0.05, "month") and policy.reason(NINE) == "global holdout 2026-03"
    )
    monkeypatch.setenv("ENROLLFLOW_GLOBAL_HOLDOUT_SHARE", "0.7")
    with pytest.raises(ValueError, match="global_holdout_share"):
        Settings()
    with pytest.raises(ValueError, match="must be in"):
        GlobalHoldout(0.5)
