"""Audience assets: one per segment file, materialised on a DuckDB file with hand-made marts."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.defs.audiences import build_defs
from orchestration.defs.audiences.assets import CONSENT_CHECK, build_segment_assets
from orchestration.resources import LandingResource, WarehouseResource
from segments import DEFINITIONS_DIR
from segments.history import members_at, was_member
from segments.warehouse import Warehouse
from tests.segments.conftest import write_definitions
from tests.segments.marts import NOW, load_marts

STARTER_KEYS = {
    "segment__course_browsers_no_application_7d",
    "segment__dormant_sms_reachable_90d",
    "segment__engaged_prospects_spain_data",
    "segment__high_value_learners",
    "segment__lapsed_learners_6_12m",
    "segment__new_leads_no_application_14d",
    "segment__spanish_speakers_not_engaged",
}


@pytest.fixture
def definitions(tmp_path: Path) -> Path:
    return write_definitions(tmp_path / "definitions")


@pytest.fixture
def resources(tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        load_marts(Warehouse(conn))
    return {
        "warehouse": WarehouseResource(path=str(path)),
        "landing": LandingResource(path=str(tmp_path / "landing")),
    }


def _config(assets: list[dg.AssetsDefinition], now: str) -> dict:
    return {"ops": {a.key.path[0]: {"config": {"now": now}} for a in assets}}


def test_starter_set_asset_keys() -> None:
    """A rename of a segment file renames its asset: make it a deliberate act."""
    keys = {a.key.to_user_string() for a in build_defs().assets}
    assert keys == STARTER_KEYS


def test_one_asset_per_file_with_group_and_deps(definitions: Path) -> None:
    assets = {a.key.to_user_string(): a for a in build_segment_assets(definitions)}
    assert set(assets) == {
        "segment__spain",
        "segment__data_fans",
        "segment__nobody",
        "segment__broken",
    }
    data_fans = assets["segment__data_fans"]
    assert data_fans.group_names_by_key[data_fans.key] == "audiences"
    schema = data_fans.metadata_by_key[data_fans.key]["dagster/column_schema"]
    assert [c.name for c in schema.columns] == [
        "segment_name",
        "contact_id",
        "valid_from",
        "valid_to",
    ]
    assert set(data_fans.dependency_keys) == {
        dg.AssetKey("dim_contacts"),
        dg.AssetKey("dim_contact_interests"),
    }
    assert (
        "'opend' is not allowed"
        in assets["segment__broken"].descriptions_by_key[assets["segment__broken"].key]
    )
    # only the channel segment carries the blocking consent check
    assert [s.name for s in assets["segment__spain"].check_specs] == [CONSENT_CHECK]
    assert list(assets["segment__data_fans"].check_specs) == []


def test_adding_a_file_adds_an_asset(definitions: Path) -> None:
    before = {a.key for a in build_segment_assets(definitions)}
    shutil.copy(DEFINITIONS_DIR / "lapsed_learners_6_12m.yml", definitions / "win_back.yml")
    after = {a.key for a in build_segment_assets(definitions)}
    assert after - before == {dg.AssetKey("segment__win_back")}


def test_materialise_valid_segments_while_the_invalid_one_fails(
    definitions: Path, resources: dict[str, object]
) -> None:
    assets = build_segment_assets(definitions)
    result = dg.materialize(
        assets,
        resources=resources,
        run_config=_config(assets, NOW.isoformat()),
        raise_on_error=False,
    )
    assert not result.success
    materialised = {
        e.asset_key.to_user_string(): e.materialization.metadata
        for e in result.get_asset_materialization_events()
    }
    assert set(materialised) == {"segment__spain", "segment__data_fans", "segment__nobody"}
    spain = materialised["segment__spain"]
    assert spain["size"].value == 2 and spain["entered"].value == 2 and spain["exited"].value == 0
    assert "too small for an A/B test" in spain["warnings"].value
    assert "| ES | 2 |" in spain["by_country"].value
    assert "FROM dim_contacts AS c" in spain["sql"].value
    assert materialised["segment__nobody"]["warnings"].value.startswith("empty segment")
    assert materialised["segment__nobody"]["size"].value == 0
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert failure.step_key == "segment__broken"
    assert "broken.yml: where.behaviour: 'opend' is not allowed" in str(
        failure.event_specific_data.error
    )
    checks = {e.asset_key.to_user_string(): e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {"segment__spain": True}

    with duckdb.connect(resources["warehouse"].path, read_only=True) as conn:
        wh = Warehouse(conn)
        assert members_at(wh, "spain") == ["c01", "c03"]
        assert members_at(wh, "data_fans") == ["c01", "c02", "c04", "c09"]
        assert was_member(wh, "spain", "c01", NOW)


def test_second_materialisation_records_history(
    definitions: Path, resources: dict[str, object]
) -> None:
    assets = [a for a in build_segment_assets(definitions) if a.key.path[0] == "segment__spain"]
    dg.materialize(assets, resources=resources, run_config=_config(assets, NOW.isoformat()))
    with duckdb.connect(resources["warehouse"].path) as conn:
        conn.execute("UPDATE dim_contacts SET is_email_suppressed = TRUE WHERE contact_id = 'c03'")
    later = "2026-03-02T00:00:00"
    result = dg.materialize(assets, resources=resources, run_config=_config(assets, later))
    (event,) = result.get_asset_materialization_events()
    assert event.materialization.metadata["exited"].value == 1
    with duckdb.connect(resources["warehouse"].path, read_only=True) as conn:
        wh = Warehouse(conn)
        assert was_member(wh, "spain", "c03", NOW)
        assert not was_member(wh, "spain", "c03", NOW.replace(day=2))
