"""The experiment assets through Dagster: dg.materialize on small warehouses.

A synthetic warehouse plants a clear winner, a broken split (SRM) and, in the assignments mart,
a holdout with a planted incremental effect; the dbt-built tiny business checks the assets run
on the real marts (its tests are all under 100 contacts: inconclusive, by the rule)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from ml.runs.experiments import bandit_shares, split_decision
from ml.warehouse_io import write_table
from orchestration.defs.ml.experiments import EXPERIMENT_ASSETS, SRM_CHECK
from orchestration.resources import WarehouseResource
from tests.ml.conftest import ops_store_holding

NOW = "2026-04-01T00:00:00"
HOLD = "spring_data_enrollment"  # the example campaign: split subject_test A/B 50/50, 10 % holdout
EXAMPLE = Path(__file__).resolve().parents[2] / "delivery/campaigns/examples/spring_enrollment.yml"
SENT = pd.Timestamp("2026-03-01 09:00")


def _arm(rng, campaign, variant, n, click, start, enroll=0.0):
    ids = [f"{campaign}_{variant}_{i}" for i in range(start, start + n)]
    clicked = rng.random(n) < click
    enrolled = rng.random(n) < enroll
    return pd.DataFrame(
        {
            "campaign_id": campaign,
            "variant_id": None if variant == "holdout" else f"{variant}",
            "channel": "email",
            "contact_id": ids,
            "sent_at": SENT,
            "opened_at": pd.Series(
                np.where(clicked | (rng.random(n) < 0.3), SENT + pd.Timedelta(hours=2), pd.NaT)
            ),
            "clicked_at": pd.Series(np.where(clicked, SENT + pd.Timedelta(hours=3), pd.NaT)),
            "cost_amount": 0.01,
            "conversions": enrolled.astype(int),
            "_enrolled": enrolled,
            "_variant": variant,
        }
    )


def _warehouse(path, *, with_assignments: bool) -> pd.DataFrame:
    rng = np.random.default_rng(20)
    arms = [
        _arm(rng, "cmp_win", "A", 3_000, 0.03, 0),
        _arm(rng, "cmp_win", "B", 3_000, 0.06, 0),
        _arm(rng, "cmp_srm", "A", 1_000, 0.03, 0),
        _arm(rng, "cmp_srm", "B", 1_300, 0.03, 0),
        _arm(rng, HOLD, "A", 4_500, 0.03, 0, enroll=0.04),
        _arm(rng, HOLD, "B", 4_500, 0.03, 0, enroll=0.04),
        _arm(rng, HOLD, "holdout", 1_000, 0.0, 0, enroll=0.02),
    ]
    everyone = pd.concat(arms, ignore_index=True)
    sends = everyone[everyone["_variant"] != "holdout"].drop(columns=["_enrolled", "_variant"])
    enrolled = everyone[everyone["_enrolled"]]
    enrollments = pd.DataFrame(
        {
            "contact_id": enrolled["contact_id"],
            "occurred_at": SENT + pd.Timedelta(days=3),
            "revenue_amount": 500.0,
            "is_refund": False,
        }
    )
    activity = pd.DataFrame(
        {
            "contact_id": everyone["contact_id"],
            "activity_type": "opened",
            "occurred_at": SENT - pd.Timedelta(days=20),
        }
    ).sample(frac=0.4, random_state=1)
    variants = lambda ids: json.dumps([{"variant_id": v, "weight": 0.5} for v in ids])  # noqa: E731
    campaigns = pd.DataFrame(
        {
            "campaign_id": ["cmp_win", "cmp_srm", HOLD],
            "conversion_window_days": 14,
            "variants": [variants("AB"), variants("AB"), variants("AB")],
        }
    )
    with duckdb.connect(str(path)) as con:
        write_table(con, "fct_sends", sends)
        write_table(con, "stg_lms__enrollments", enrollments)
        write_table(con, "fct_contact_activity", activity)
        write_table(con, "stg_marketing__campaigns", campaigns)
        if with_assignments:
            write_table(
                con,
                "fct_experiment_assignments",
                pd.DataFrame(
                    {
                        "contact_id": everyone["contact_id"],
                        "campaign_id": everyone["campaign_id"],
                        "split_node_id": np.where(
                            everyone["campaign_id"] == HOLD, "subject_test", "ab_test"
                        ),
                        # the imported history's rows read the control off its SMS: wrong,
                        # so the readout takes the history's arms from its emails instead
                        "variant": np.where(
                            everyone["campaign_id"] == HOLD, everyone["_variant"], "A"
                        ),
                        "assigned_at": SENT,
                        "campaign_source": np.where(
                            everyone["campaign_id"] == HOLD, "enrollflow", "imported"
                        ),
                    }
                ),
            )
    return everyone


def _ops_store(tmp_path, *campaign_files):
    return ops_store_holding(tmp_path, *campaign_files, now=dt.datetime(2026, 2, 1))


def _materialise(path, *extra, cuped=False, ops_store=None):
    ops_store = ops_store or _ops_store(path.parent)
    return dg.materialize(
        [*EXPERIMENT_ASSETS, *extra],
        resources={"warehouse": WarehouseResource(path=str(path)), "ops_store": ops_store},
        run_config={"ops": {"experiment_assets": {"config": {"now": NOW, "cuped": cuped}}}},
        raise_on_error=False,
    )


def test_srm_fails_the_blocking_check_and_withholds_the_verdict(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    _warehouse(path, with_assignments=False)
    ran = []

    @dg.asset(deps=["experiment_results"])
    def verdict_email() -> None:  # a downstream reader: must not run on a broken split
        ran.append(True)

    result = _materialise(path, verdict_email)
    (check,) = result.get_asset_check_evaluations()
    assert check.check_name == SRM_CHECK and not check.passed
    assert check.severity == dg.AssetCheckSeverity.ERROR
    assert "cmp_srm:ab_test" in check.description and "cmp_win" not in check.description
    assert not ran, "a failed blocking SRM check must stop downstream assets"
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "select test_id, variant, metric, status, verdict, srm_p_value, sequential_p_value, "
            "adjusted_p_value, power, mde from experiment_results where not is_control"
        ).df()
        tables = {r[0] for r in con.execute("show tables").fetchall()}
    srm = rows[rows.test_id == "cmp_srm:ab_test"]
    assert (srm.status == "inconclusive").all()
    assert srm.verdict.str.startswith("inconclusive: sample ratio mismatch").all()
    win = rows[(rows.test_id == "cmp_win:ab_test") & (rows.metric == "click_rate")].iloc[0]
    assert win.status == "winner" and win.verdict.startswith("B wins: +")
    assert win.srm_p_value > 0.001 and win.sequential_p_value < 0.05 and 0 < win.mde < 0.03
    assert "experiment_incrementality" not in tables  # no holdout is visible in fct_sends
    with duckdb.connect(str(path), read_only=True) as con:
        win_decision = split_decision(con, "cmp_win", "ab_test")
        srm_decision = split_decision(con, "cmp_srm", "ab_test")
        unknown = split_decision(con, "cmp_win", "no_such_split")
        shares = bandit_shares(con, "cmp_win", "ab_test", np.random.default_rng(0))
    assert set(shares) == {"A", "B"} and shares["B"] > 0.99  # B's 6 % beats A's 3 % clearly
    assert win_decision.conclusive and win_decision.winner == "B"
    assert not srm_decision.conclusive and "sample ratio mismatch" in srm_decision.reason
    assert not unknown.conclusive and unknown.winner is None
    (mat,) = [
        m
        for m in result.get_asset_materialization_events()
        if m.asset_key.to_user_string() == "experiment_results"
    ]
    meta = mat.materialization.metadata
    schema = {c.name: c.description for c in meta["dagster/column_schema"].value.columns}
    assert all(schema.values()), [k for k, v in schema.items() if not v]
    assert "cmp_win:ab_test — click_rate lift vs control" in meta["lift_chart"].value
    assert "B wins" in meta["verdicts"].value
    assert meta["tests_with_srm"].value == 1


def test_assignments_mart_with_a_holdout_gives_incrementality(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    everyone = _warehouse(path, with_assignments=True)
    result = _materialise(path, cuped=True, ops_store=_ops_store(tmp_path, EXAMPLE))
    written = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert written == {"experiment_results", "experiment_incrementality"}
    with duckdb.connect(str(path), read_only=True) as con:
        inc = con.execute("select * from experiment_incrementality").df()
        holdout_rows = con.execute(
            "select status, contacts from experiment_results where variant = 'holdout'"
        ).fetchall()
        srm_p = con.execute(
            "select distinct srm_p_value from experiment_results where campaign_id = ?", [HOLD]
        ).fetchall()
        history = con.execute(
            "select campaign_id, variant, contacts from experiment_results "
            "where campaign_id = 'cmp_win' and metric = 'click_rate' order by variant"
        ).fetchall()
        methods = con.execute(
            "select distinct test_method from experiment_results where test_method is not null"
        ).fetchall()
    assert methods == [("welch_cuped",)]  # the run asked for CUPED on every test
    assert history == [("cmp_win", "A", 3_000), ("cmp_win", "B", 3_000)]
    assert set(holdout_rows) == {("holdout", 1_000)}
    # the spec's plan (45 / 45 / 10 % held out) is what the arm sizes are checked against
    expected = stats.chisquare([4_500, 4_500, 1_000], [4_500, 4_500, 1_000]).pvalue
    assert srm_p == [(pytest.approx(expected),)]
    (row,) = inc.itertuples(index=False)
    assert (row.campaign_id, row.treated_contacts, row.holdout_contacts) == (
        HOLD,
        9_000,
        1_000,
    )
    planted = 0.02 * 9_000  # 4 % treated vs 2 % held out
    assert row.incremental_enrollments_low <= planted <= row.incremental_enrollments_high
    assert row.incremental_revenue == pytest.approx(500 * row.incremental_enrollments, rel=1e-9)
    treated = everyone[(everyone.campaign_id == HOLD) & (everyone._variant != "holdout")]
    assert row.attributed_enrollments == treated["_enrolled"].sum()
    assert row.cost_per_incremental_enrollment == pytest.approx(
        0.01 * 9_000 / row.incremental_enrollments
    )
    assert row.cost_per_attributed_enrollment < row.cost_per_incremental_enrollment


def test_assets_run_on_the_dbt_built_tiny_business(tiny_warehouse, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(tiny_warehouse, path)
    result = dg.materialize(
        EXPERIMENT_ASSETS,
        resources={
            "warehouse": WarehouseResource(path=str(path)),
            "ops_store": _ops_store(tmp_path),
        },
        raise_on_error=False,
    )
    (check,) = result.get_asset_check_evaluations()
    assert check.passed, check.description
    with duckdb.connect(str(path), read_only=True) as con:
        df = con.execute("select * from experiment_results").df()
        ab = con.execute(
            "select count(*) from stg_marketing__campaigns where is_ab_test"
        ).fetchall()[0][0]
    assert ab >= 1 and df["campaign_id"].nunique() >= 1
    assert set(df["metric"]) == {
        "open_rate", "click_rate", "application_rate", "enrollment_rate", "revenue_per_contact"
    }  # fmt: skip
    challengers = df[~df.is_control & ~df.is_holdout]  # holdout arms: experiment_incrementality
    per_test = df[df.metric == "click_rate"].groupby("test_id")["contacts"].sum()
    small = challengers[challengers.test_id.map(per_test) < 100]
    assert (
        len(small)
        and (
            small.verdict == "inconclusive: fewer than 100 contacts in the test: no A/B test"
        ).all()
    )
    assert not df.verdict.str.contains("nan", case=False).any()
    # the history's holdouts (the CRM's campaign-member export): incrementality per campaign
    with duckdb.connect(str(path), read_only=True) as con:
        inc = con.execute("select * from experiment_incrementality").df()
        listed = con.execute(
            "select campaign_id, sum(case when is_holdout then 0 else 1 end) as treated, "
            "sum(case when is_holdout then 1 else 0 end) as held from stg_marketing__campaign_members "
            "group by 1 having sum(case when is_holdout then 1 else 0 end) > 0"
        ).df()
    history = inc[inc.split_node_id == "holdout"].set_index("campaign_id")
    assert len(history) == len(listed) > 0
    listed = listed.set_index("campaign_id").loc[history.index]
    assert (history.treated_contacts == listed.treated).all()
    assert (history.holdout_contacts == listed.held).all()
    assert (history.incremental_enrollments_low <= history.incremental_enrollments).all()
    assert (history.cost_amount > 0).any()
    held = df[(df.split_node_id == "holdout") & df.is_holdout]
    assert set(held.campaign_id) == set(history.index) and (held.status == "holdout").all()


def test_lift_chart_line_places_interval_point_and_zero_on_one_axis():
    from orchestration.defs.ml.charts import WIDTH, interval_line

    line = interval_line(-1.0, 0.5, 2.0, span=2.0)  # axis -2 .. +2
    assert len(line) == WIDTH
    assert line.index("[") == 10 and line.index("]") == 40  # -1 and +2 on 41 cells
    assert line.index("|") == 20 and line.index("●") == 25  # zero and the point
    clipped = interval_line(-5.0, -4.0, -3.0, span=2.0)
    assert clipped.index("●") == 0 and "|" in clipped  # outside the axis: pinned to the edge
    assert "]" not in clipped[1:]  # the whole interval is pinned, nothing wraps around
