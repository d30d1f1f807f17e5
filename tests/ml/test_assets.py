"""The ML Dagster assets: materialise on a temporary warehouse, checks refuse a no-better model."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from ml.warehouse_io import write_table
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.ml import defs
from orchestration.defs.ml.assets import ML_ASSETS, send_time_recommendations
from orchestration.resources import WarehouseResource
from tests.ml.conftest import ops_store_holding

EXAMPLE_CAMPAIGN = (
    Path(__file__).resolve().parents[2] / "delivery/campaigns/examples/spring_enrollment.yml"
)

NOW = {
    "send_time_recommendations": "",  # from the data: midnight after the last message event
    "contact_ltv_predictions": "2027-01-01T00:00:00",
    "fct_attribution_data_driven": "2026-05-01T00:00:00",
    "course_recommendations": "2026-05-01T00:00:00",
    "contact_lookalike_scores": "2026-05-01T00:00:00",
    "budget_recommendations": "2026-05-01T00:00:00",
    "campaign_success_scores": "2026-05-01T00:00:00",
}


def test_asset_keys_are_deliberate():
    with_resources = dg.Definitions.merge(
        defs,
        dg.Definitions(
            resources={
                "warehouse": WarehouseResource(path="unused.duckdb"),
                "ops_store": OpsStoreResource(url="sqlite:///unused.sqlite"),
            }
        ),
    )
    keys = {k.to_user_string() for k in with_resources.resolve_asset_graph().get_all_asset_keys()}
    assert {
        "send_time_recommendations",
        "contact_ltv_predictions",
        "fct_attribution_data_driven",
        "course_recommendations",
        "contact_lookalike_scores",
        "budget_recommendations",
        "campaign_success_scores",
    } <= keys
    assert {"fct_message_events", "dim_contacts", "fct_touchpoints"} <= keys  # upstream marts
    for asset in ML_ASSETS:
        (spec,) = asset.check_specs
        assert spec.name == "beats_baseline" and not spec.blocking


def test_materialise_writes_tables_registry_and_passing_checks(ml_warehouse_path, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(ml_warehouse_path, path)
    ops_store = _ops_store_with_a_draft(tmp_path, path)
    result = dg.materialize(
        ML_ASSETS,
        resources={"warehouse": WarehouseResource(path=str(path)), "ops_store": ops_store},
        run_config={"ops": {name: {"config": {"now": now}} for name, now in NOW.items()}},
        raise_on_error=False,  # a failed blocking check fails its step, by design
    )
    events = result.get_asset_materialization_events()
    written = {e.asset_key.to_user_string() for e in events}
    assert written == set(NOW)
    checks = result.get_asset_check_evaluations()
    by_asset = {c.asset_key.to_user_string(): c for c in checks}
    assert len(by_asset) == 7
    # the synthetic spend is proportional to touches, so constant ROI is about right and the
    # budget curves need not win; every other model must
    budget = by_asset.pop("budget_recommendations")
    assert "constant_roi" in budget.description
    assert all(c.passed for c in by_asset.values()), [c.description for c in by_asset.values()]
    with duckdb.connect(str(path), read_only=True) as con:
        registry = con.execute("select model_name, is_promoted from ml_model_registry").df()
        shares = con.execute(
            "select attribution_model, sum(attributed_conversions) from fct_attribution_data_driven "
            "group by 1"
        ).fetchall()
    assert sorted(registry["model_name"]) == [
        "attribution_markov",
        "attribution_shapley",
        "budget_response_curves",
        "campaign_success_logit",
        "course_recs_item_item",
        "lookalike_recent_enrollers",
        "ltv_bgnbd_gamma_gamma",
        "send_time_eb",
    ]
    promoted = dict(zip(registry["model_name"], registry["is_promoted"], strict=True))
    assert promoted["budget_response_curves"] == budget.passed
    assert all(v for k, v in promoted.items() if k != "budget_response_curves")
    assert len({round(v, 6) for _, v in shares}) == 1  # every model credits all enrollments
    with duckdb.connect(str(path), read_only=True) as con:
        drafts = con.execute(
            "select campaign_id, sends from campaign_success_scores where is_draft"
        ).fetchall()
    assert drafts == [("spring_data_enrollment", 2 * round(300 * 0.9))]
    mat = result.asset_materializations_for_node("contact_ltv_predictions")[0]
    assert mat.metadata["dagster/row_count"].value == 4000  # contacts with a sign-up time
    assert "run_rate" in mat.metadata["evaluation"].value


def _ops_store_with_a_draft(tmp_path, warehouse_path) -> OpsStoreResource:
    """An ops store holding the example enrollment campaign as a draft, and 300 members of one
    of its segments in the warehouse."""
    import datetime as dt

    ops_store = ops_store_holding(tmp_path, EXAMPLE_CAMPAIGN, now=dt.datetime(2026, 4, 30))
    members = pd.DataFrame(
        {
            "contact_id": [f"c_{i:07d}" for i in range(300)],
            "segment_name": "new_leads_no_application_14d",
            "valid_from": pd.Timestamp("2026-04-01"),
            "valid_to": pd.NaT,
        }
    )
    with duckdb.connect(str(warehouse_path)) as con:
        write_table(con, "segment_memberships", members)
    return ops_store


def test_a_model_no_better_than_its_baseline_is_not_promoted_and_the_run_goes_on(tmp_path):
    # everyone engages at the same hour: the recommendation can only equal each contact's mode
    path = tmp_path / "warehouse.duckdb"
    ids = [f"c_{i}" for i in range(50)]
    times = pd.date_range("2026-01-05 09:10", periods=40, freq="7D")
    events = pd.DataFrame(
        [(c, "open", t, False) for c in ids for t in times],
        columns=["contact_id", "event_type", "event_at", "is_machine_open"],
    )
    with duckdb.connect(str(path)) as con:
        write_table(con, "fct_message_events", events)
        write_table(con, "dim_contacts", pd.DataFrame({"contact_id": ids, "timezone": "UTC"}))
    result = dg.materialize(
        [send_time_recommendations],
        resources={"warehouse": WarehouseResource(path=str(path))},
        raise_on_error=False,
    )
    assert result.success  # an expected refusal: a warning, not a failed run
    (check,) = result.get_asset_check_evaluations()
    assert not check.passed
    assert check.severity == dg.AssetCheckSeverity.WARN
    assert check.description.startswith("not promoted, the baseline stays: ")
    assert "does NOT beat contact_mode_hour" in check.description
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select bool_or(is_promoted) from ml_model_registry").fetchone() == (
            False,
        )


def test_too_little_data_skips_with_a_warning_instead_of_failing_the_run(tmp_path):
    from orchestration.defs.ml.assets import contact_lookalike_scores

    path = tmp_path / "warehouse.duckdb"
    contacts = pd.DataFrame(
        {
            "contact_id": ["a", "b"],
            "created_at": pd.Timestamp("2026-01-01"),
            "last_enrolled_at": pd.NaT,
            **{c: "x" for c in ("country", "age_band", "education_level", "lead_source")},
            "locale": "en",
            **{c: 0 for c in ("opens_90d", "clicks_90d", "site_visits_90d")},
        }
    )
    with duckdb.connect(str(path)) as con:
        write_table(con, "dim_contacts", contacts)
    result = dg.materialize(
        [contact_lookalike_scores],
        resources={"warehouse": WarehouseResource(path=str(path))},
        run_config={"ops": {"contact_lookalike_scores": {"config": {"now": "2026-02-01"}}}},
    )
    assert result.success
    (check,) = result.get_asset_check_evaluations()
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN
    assert "at least 5 seed members" in check.description
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {
            r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
        }
    assert "contact_lookalike_scores" not in tables
