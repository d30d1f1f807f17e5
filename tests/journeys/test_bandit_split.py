"""A Thompson-sampling split in the journey engine, against the simulator's planted best arm.

The lab (:mod:`delivery.journeys.split_lab`) runs the real engine batch by batch, rebuilding the
readout between batches; the planted truth is the simulator's subject-line effect on opens
(:data:`simulator.engagement.VARIANT_OPEN_MULT`: B opens 1.3x as often as A)."""

from __future__ import annotations

import duckdb
import pytest

from delivery.campaigns.errors import CampaignFileError
from delivery.campaigns.validation import validate_campaign
from delivery.journeys.split_lab import lab_campaign, run_split_lab
from delivery.store import open_store
from simulator.engagement import VARIANT_OPEN_MULT

BASE_OPEN = 0.2
PLANTED = {v: BASE_OPEN * m for v, m in VARIANT_OPEN_MULT.items()}


def _lab(tmp_path, mode, **kw):
    store = open_store(f"sqlite:///{tmp_path / f'{mode}.sqlite'}", create=True)
    con = duckdb.connect(str(tmp_path / f"{mode}.duckdb"))
    try:
        return run_split_lab(store, con, mode=mode, rates=PLANTED, seed=3, **kw)
    finally:
        con.close()
        store.dispose()


def test_bandit_split_moves_traffic_to_the_planted_best_arm_and_regrets_less(tmp_path):
    bandit = _lab(tmp_path, "bandit", batches=5, batch_size=400)
    uniform = _lab(tmp_path, "ab", batches=5, batch_size=400)
    assert bandit.best_arm == uniform.best_arm == "B"  # the simulator's planted best arm
    assert sum(bandit.contacts.values()) == sum(uniform.contacts.values()) == 2_000
    # the first batch has no readout: the planned weights; later ones follow the posterior
    assert bandit.shares_by_batch[0] == {"A": 0.5, "B": 0.5}
    assert bandit.shares_by_batch[-1]["B"] > 0.9
    assert abs(uniform.contacts["B"] / 2_000 - 0.5) < 0.05
    assert bandit.regret < 0.5 * uniform.regret


def test_bandit_split_refuses_a_holdback():
    doc = lab_campaign("bandit", PLANTED, "open_rate")
    doc["workflow"]["nodes"][1]["holdback"] = {"share": 0.5}
    with pytest.raises(CampaignFileError, match="holdback applies to mode ab only"):
        validate_campaign(doc, "bandit.yml")
