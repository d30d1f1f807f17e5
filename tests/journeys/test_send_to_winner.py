"""A held-back split through production: the campaign file, the scheduler sensor and the campaign
step job, simulated engagement, the ``experiment_results`` asset -- and the decision firing on
its own at the held contacts' next look, routed to the winner, audited, nobody messaged twice."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import dagster as dg
import pytest
import yaml

from delivery.identity.audit import query_audit
from delivery.store import open_store
from orchestration.defs.delivery.resources import OpsStoreResource
from tests.journeys.conftest import World, launch
from tests.journeys.engagement import feed_engagement, materialise_readout
from tests.journeys.test_engine import journeys, ledger_frame
from tests.orchestration.send_path import Production, outbox_counts, sandbox_resources

EXAMPLE = Path(__file__).resolve().parents[2] / "delivery/campaigns/examples/send_to_winner.yml"
CID = "autumn_open_day_invite"
NINE = dt.datetime(2026, 3, 2, 9, 0)
CONTACTS = 1_000


@pytest.fixture
def prod(tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse.duckdb"
    world = World(str(warehouse))
    world.add_contacts(CONTACTS, timezone="Europe/London")
    world.conn.close()
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    store = open_store(url, create=True)
    launch(store, yaml.safe_load(EXAMPLE.read_text()), audience_size=CONTACTS)
    with dg.instance_for_test() as instance:
        resources = sandbox_resources(url, warehouse, tmp_path / "outbox")
        production = Production(instance, resources, monkeypatch)
        production.store, production.warehouse = store, warehouse
        production.ops = OpsStoreResource(url=url)
        production.outbox = tmp_path / "outbox"
        yield production
    store.dispose()


def _look(prod, now, rates, seed=7):
    """Engagement of everything sent so far, the readout as of ``now``, then production ticks."""
    feed_engagement(prod.warehouse, prod.store, CID, "subject_test", rates, seed=seed)
    readout = materialise_readout(prod.warehouse, prod.ops, now)
    assert readout.success
    prod.settle(now)


def _split_audit(prod):
    return query_audit(prod.store, action="split.", subject=f"{CID}:subject_test")


def _no_contact_twice(prod):
    sent = ledger_frame(prod.store)
    assert sent["contact_id"].is_unique, "a contact got two messages"
    counts = outbox_counts(prod.outbox)
    assert set(counts.values()) == {1} and set(counts) == set(sent["ledger_id"])
    return sent


def test_the_rest_goes_to_the_winner_once_the_sequential_test_is_conclusive(prod):
    prod.settle(NINE)
    first = journeys(prod.store)
    held = first[first["variant_id"] == "held"]
    tested = ledger_frame(prod.store)
    # 10 % holdout, then half of the rest held back: about 450 tested, 450 held
    assert 380 < len(held) < 520 and 380 < len(tested) < 520
    assert set(tested["variant_id"]) == {"A", "B"}
    assert (held["due_at"] == NINE + dt.timedelta(hours=1)).all()
    assert not set(held["contact_id"]) & set(tested["contact_id"])

    # an hour later, no readout yet: the held contacts look, keep waiting, nothing is decided
    prod.settle(NINE + dt.timedelta(hours=1))
    assert _split_audit(prod) == []
    assert len(ledger_frame(prod.store)) == len(tested)

    # engagement comes back (B's click rate far above A's); the readout is rebuilt; the held
    # contacts' next look decides on its own and sends the rest the winner's message
    _look(prod, NINE + dt.timedelta(hours=6), {"A": 0.04, "B": 0.25})
    [audit] = _split_audit(prod)
    assert audit["action"] == "split.winner" and audit["actor"] == "journey-engine"
    detail = json.loads(audit["detail"])
    assert detail["winner"] == "B" and detail["metric"] == "click_rate"
    assert detail["held_back"] == len(held)
    figures = detail["figures"]
    assert figures["B"]["status"] == "winner" and figures["B"]["sequential_adjusted_p_value"] < 0.05
    assert figures["A"]["contacts"] + figures["B"]["contacts"] == len(tested)
    assert figures["B"]["srm_p_value"] > 0.001
    sent = _no_contact_twice(prod)
    routed = sent[sent["contact_id"].isin(held["contact_id"])]
    assert len(routed) == len(held) and set(routed["variant_id"]) == {"B"}
    assert set(routed["state"]) == {"submitted"}
    after = journeys(prod.store)
    assert set(after.loc[after["contact_id"].isin(held["contact_id"]), "variant_id"]) == {"held>B"}
    # the holdout got nothing; everyone else exactly one email
    holdout = set(after.loc[after["variant_id"] == "holdout", "contact_id"])
    assert not holdout & set(sent["contact_id"])
    assert len(sent) + len(holdout) == CONTACTS

    # a later readout that would say otherwise changes nothing: the first decision stands
    _look(prod, NINE + dt.timedelta(days=1), {"A": 0.25, "B": 0.04}, seed=8)
    assert len(_split_audit(prod)) == 1
    assert len(_no_contact_twice(prod)) == len(sent)


def test_without_a_verdict_the_held_contacts_fall_back_to_the_control_after_max_wait(prod):
    prod.settle(NINE)
    held = journeys(prod.store).query("variant_id == 'held'")
    _look(prod, NINE + dt.timedelta(days=1), {"A": 0.08, "B": 0.08})
    assert _split_audit(prod) == []  # no difference yet: keep holding
    assert len(ledger_frame(prod.store)) < CONTACTS // 2
    _look(prod, NINE + dt.timedelta(days=3, hours=1), {"A": 0.08, "B": 0.08})
    [audit] = _split_audit(prod)
    detail = json.loads(audit["detail"])
    assert audit["action"] == "split.fallback" and detail["winner"] == "A"
    assert "max_wait 3d" in detail["rule"] and detail["readout"]
    sent = _no_contact_twice(prod)
    routed = sent[sent["contact_id"].isin(held["contact_id"])]
    assert len(routed) == len(held) and set(routed["variant_id"]) == {"A"}


@pytest.mark.parametrize(
    ("holdback", "variants", "message"),
    [
        ({"share": 0.5, "fallback": "C"}, ["A", "B"], "holdback.fallback 'C' is not a variant"),
        ({"share": 0.95}, ["A", "B"], "less than or equal to 0.9"),
        ({"share": 0}, ["A", "B"], "greater than 0"),
        ({"share": 0.5, "max_wait": "forever"}, ["A", "B"], "max_wait"),
        ({"share": 0.5}, ["A", "held"], "reserved for held-back contacts"),
        ({"share": 0.5}, ["A", "B" * 30], "at most 27 characters"),
        ({"share": 0.5, "metric": "revenue_per_contact"}, ["A", "B"], "metric"),
    ],
)
def test_bad_holdback_settings_are_refused_naming_the_field(holdback, variants, message):
    from delivery.campaigns.errors import CampaignFileError
    from delivery.campaigns.validation import validate_campaign

    doc = yaml.safe_load(EXAMPLE.read_text())
    split = doc["workflow"]["nodes"][1]
    split["holdback"] = holdback
    split["variants"] = [{"id": v, "weight": 1, "next": "invite"} for v in variants]
    doc["content"][0]["variants"] = {}
    with pytest.raises(CampaignFileError, match=message) as caught:
        validate_campaign(doc, "bad.yml")
    assert str(caught.value).startswith("bad.yml: ")
    assert "workflow.nodes[1]" in str(caught.value)
