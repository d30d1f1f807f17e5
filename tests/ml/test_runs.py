"""Model runs over a temporary DuckDB warehouse holding hand-made marts."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from ml.errors import MLInputError
from ml.runs import (
    credit_share_table,
    run_attribution,
    run_budget,
    run_campaign_success,
    run_contact_ltv,
    run_course_recommendations,
    run_lookalikes,
    run_send_time,
)
from ml.warehouse_io import append_registry, data_now, read_table, write_table


def test_send_time_run_is_gated_on_each_contacts_mode_hour(warehouse):
    now = data_now(warehouse)
    latest = warehouse.execute("select max(event_at) from fct_message_events").fetchone()[0]
    assert now == pd.Timestamp(latest).floor("D") + pd.Timedelta(days=1)
    run = run_send_time(warehouse, now=now, default_tz="Europe/London", holdout_days=14)
    (evaluation,) = run.evaluations
    assert run.promoted, evaluation.verdict()
    assert evaluation.baseline_name == "contact_mode_hour"
    assert evaluation.baseline_score == run.figures["holdout_contact_mode_share"]
    assert evaluation.model_score > evaluation.baseline_score + 0.03  # measured: 0.49 vs 0.43
    assert evaluation.model_score > run.figures["holdout_global_hour_share"] + 0.1
    assert {
        "contact_id",
        "best_hour_of_week",
        "baseline_local_hour",
        "model_version",
        "is_promoted",
    } <= set(run.table)
    assert run.table["baseline_local_hour"].between(0, 23).all()
    cut = f"{now - dt.timedelta(days=14):%Y%m%d}"
    assert run.table["model_version"].iloc[0].startswith(f"send_time_eb@{cut}-")


def test_ltv_run_and_registry_round_trip(warehouse):
    run = run_contact_ltv(warehouse, now=dt.datetime(2027, 1, 1), holdout_days=120)
    assert run.promoted, run.evaluations[0].verdict()
    assert run.figures["bgnbd_r"] > 0
    append_registry(warehouse, run.evaluations)
    append_registry(warehouse, run.evaluations)  # same version again: replaced, not duplicated
    reg = read_table(warehouse, "ml_model_registry", ["model_name", "is_promoted", "params_json"])
    assert list(reg["model_name"]) == ["ltv_bgnbd_gamma_gamma"]
    assert bool(reg["is_promoted"].iloc[0]) and '"r":' in reg["params_json"].iloc[0]


def test_attribution_run_credits_email_and_beats_base_rate(warehouse):
    run = run_attribution(warehouse, now=dt.datetime(2026, 5, 1), holdout_days=30)
    assert run.promoted, [e.verdict() for e in run.evaluations]
    share = credit_share_table(run)
    assert set(share.columns) == {"markov_first_order", "shapley", "last_touch", "linear"}
    for model in share.columns:
        assert share[model].sum() == pytest.approx(1.0)
    assert share.loc["email", "shapley"] > share.loc["email", "last_touch"] + 0.1
    totals = run.table.groupby("attribution_model")["attributed_conversions"].sum()
    assert totals.to_numpy() == pytest.approx([run.figures["conversions"]] * 4)


def test_missing_mart_is_a_clear_error(tmp_path):
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    with pytest.raises(MLInputError, match="table fct_message_events does not exist"):
        data_now(con)
    write_table(con, "dim_contacts", pd.DataFrame({"contact_id": ["a"]}))
    with pytest.raises(MLInputError, match=r"dim_contacts: missing column\(s\) \['timezone'\]"):
        read_table(con, "dim_contacts", ["contact_id", "timezone"])


def test_course_recommendations_run_uses_interests_for_cold_starts(warehouse):
    run = run_course_recommendations(warehouse, now=dt.datetime(2026, 5, 1), k=3)
    assert run.promoted, run.evaluations[0].verdict()
    assert run.figures["recall_at_k"] > 2 * run.figures["recall_at_k_popular"]
    # contacts of the other worlds have no course activity: they get content or popular courses
    sources = run.table.groupby("source")["contact_id"].nunique()
    assert sources["cf"] > 2000 and sources["popular"] > 0


def test_lookalike_run_scores_non_members_for_segments(warehouse):
    run = run_lookalikes(warehouse, now=dt.datetime(2026, 5, 1), top_n=200)
    assert run.promoted, run.evaluations[0].verdict()
    assert run.figures["auc"] > 0.65 and run.figures["seed_size"] > 300
    assert run.table["is_expansion"].sum() == 200
    assert {"lookalike_score", "lookalike_percentile", "model_version"} <= set(run.table)


def test_budget_run_keeps_each_campaign_total(warehouse):
    run = run_budget(warehouse, now=dt.datetime(2026, 5, 1))
    table = run.table
    assert set(table["channel"]) == {"email", "sms", "paid_social"}  # organic has no spend
    totals = table.groupby("campaign_id")[["current_spend_amount", "recommended_spend_amount"]]
    sums = totals.sum()
    assert sums["recommended_spend_amount"].to_numpy() == pytest.approx(
        sums["current_spend_amount"].to_numpy()
    )
    ratio = table["recommended_spend_amount"] / table["current_spend_amount"]
    assert ratio.between(0.7 - 1e-9, 1.3 + 1e-9).all()
    (evaluation,) = run.evaluations
    assert evaluation.n_holdout > 0 and evaluation.baseline_score > 0


def test_campaign_success_run_scores_every_campaign(warehouse):
    run = run_campaign_success(warehouse, now=dt.datetime(2026, 5, 1))
    assert run.promoted, run.evaluations[0].verdict()
    scored = run.table.set_index("campaign_id")
    assert scored.index.str.startswith("cmp_00").sum() == 40  # campaign_world's campaigns
    world = scored[scored.index.str.startswith("cmp_00")]
    assert (world["conversion_rate_low"] <= world["predicted_conversion_rate"]).all()
    assert world["predicted_cpa_amount"].gt(0).all()
    assert run.figures["mae_model"] < run.figures["mae_baseline"]
