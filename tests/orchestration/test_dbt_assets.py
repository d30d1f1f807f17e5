"""dbt models as Dagster assets: lineage from raw_* ingest assets, groups, checks, a real run.

The run test ingests the tiny simulated business through the real ingest assets, then materialises
the staging models, fct_sends and the ops marts through ``@dbt_assets`` with the shared ``dbt`` resource.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import uuid
from pathlib import Path

import dagster as dg
import pytest

from enrollflow.ingest import SOURCES
from orchestration.definitions import defs
from orchestration.defs.ingest.assets import build_ingest_assets
from orchestration.defs.transform import resources as transform_resources
from orchestration.defs.transform.assets import dbt_models
from orchestration.defs.transform.project import dbt_project
from orchestration.defs.transform.resources import dbt_resource
from orchestration.resources import LandingResource, WarehouseResource

RAW_TABLES = sorted(t for tables in SOURCES.values() for t in tables)
STAGING = {
    "stg_crm__contacts": "raw_crm__contacts",
    "stg_crm__consent_events": "raw_crm__consent_events",
    "stg_lms__courses": "raw_lms__courses",
    "stg_lms__applications": "raw_lms__applications",
    "stg_lms__enrollments": "raw_lms__enrollments",
    "stg_marketing__campaigns": "raw_marketing__campaigns",
    "stg_marketing__cost_lines": "raw_marketing__cost_lines",
    "stg_marketing__campaign_members": "raw_marketing__campaign_members",
    "stg_ledger__sends": "raw_ledger__sends",
    "stg_sendgrid__events": "raw_sendgrid__events",
    "stg_twilio__callbacks": "raw_twilio__callbacks",
    "stg_twilio__clicks": "raw_twilio__clicks",
    "stg_web__events": "raw_web__events",
    "stg_web__banner_events": "raw_web__banner_events",
    "stg_mandrill__events": "raw_mandrill__events",
    "stg_social__post_insights": "raw_social__post_insights",
    "stg_ads__clicks": "raw_ads__clicks",
    "stg_ads__spend": "raw_ads__spend",
    # EnrollFlow's own ops store, exported to the landing zone and ingested like a provider
    **{"stg_" + t.removeprefix("raw_"): t for t in SOURCES["ops"]},
}
OPS_MARTS = ["fct_budget_pacing", "fct_campaign_health", "fct_deliverability"]
# the ops marts read fct_sends (through int_sends_outcomes_joined), so it is built with its parents
SENDS = [
    # both histories in one shape: the imported one and EnrollFlow's own (the ops store)
    "int_ops_campaigns_current",
    "int_ops_sends_latest",
    "int_campaigns_unioned",
    "int_sends_unioned",
    "int_message_events_unioned",
    "fct_message_events",
    "int_campaign_outreach_unioned",
    "int_enrollments_netted",
    "int_campaign_conversions_matched",
    "fct_sends",
]
RUN_KEYS = [*STAGING, *SENDS, "int_sends_outcomes_joined", *OPS_MARTS]
# the assets and their own checks only: AssetSelection.assets() would also select relationship
# checks of unselected marts that merely depend on a selected model
RUN_SELECTION = dg.AssetSelection.assets(*RUN_KEYS).without_checks() | dg.AssetSelection.checks(
    *(c.key for c in dbt_models.check_specs if c.asset_key.to_user_string() in RUN_KEYS)
)


def _spec(key: str) -> dg.AssetSpec:
    return dbt_models.specs_by_key[dg.AssetKey(key)]


def test_every_staging_model_is_downstream_of_its_raw_ingest_asset():
    assert sorted(STAGING.values()) == RAW_TABLES  # one staging model per raw table
    graph_keys = {k.to_user_string() for k in defs.resolve_all_asset_keys()}
    for model, raw in STAGING.items():
        assert model in graph_keys
        assert raw in graph_keys  # produced by an ingest asset, not a dangling source stub
        assert [d.asset_key for d in _spec(model).deps] == [dg.AssetKey(raw)]


def test_dbt_asset_keys_groups_kinds_and_docs():
    keys = {k.to_user_string() for k in dbt_models.keys}
    assert set(STAGING) | set(OPS_MARTS) | {"int_sends_outcomes_joined"} <= keys
    for key in keys:
        spec = dbt_models.specs_by_key[dg.AssetKey(key)]
        layer = key.split("_", 1)[0]
        expected = {"stg": "staging", "int": "intermediate"}.get(layer, "marts")
        assert spec.group_name == expected, key
        assert {"dbt", "duckdb"} <= set(spec.kinds)
        assert spec.description, f"{key} has no description in its YAML"
    health = _spec("fct_campaign_health")
    columns = {c.name: c for c in health.metadata["dagster/column_schema"].columns}
    assert {"health_score", "delivery_score", "pacing_score"} <= set(columns)
    assert columns["health_score"].type == "double precision"
    assert "0-100" in columns["health_score"].description
    assert {d.asset_key for d in health.deps} == {
        dg.AssetKey("fct_budget_pacing"),
        dg.AssetKey("int_sends_outcomes_joined"),
        dg.AssetKey("int_campaigns_unioned"),  # each campaign's own KPIs, whichever its source
    }


def test_dbt_tests_are_asset_checks():
    checks = {(c.asset_key.to_user_string(), c.name) for c in dbt_models.check_specs}
    assert ("stg_crm__contacts", "unique_stg_crm__contacts_contact_id") in checks
    assert ("stg_ledger__sends", "not_null_stg_ledger__sends") in checks  # not_null_columns
    assert (
        "fct_deliverability",
        "unique_combination_fct_deliverability_sending_domain__recipient_domain__send_date",
    ) in checks


@pytest.fixture(scope="module")
def tiny_runs(tiny_business, tmp_path_factory):
    """Ingest the tiny business (one range run), then build staging + ops marts through Dagster."""
    tmp = tmp_path_factory.mktemp("dbt_assets")
    warehouse = tmp / "warehouse.duckdb"
    start = dt.date.fromisoformat(tiny_business.manifest["start_date"])
    end = dt.date.fromisoformat(tiny_business.manifest["end_date"])
    ingest = build_ingest_assets(start)
    resources = {
        "warehouse": WarehouseResource(path=str(warehouse)),
        "landing": LandingResource(path=str(Path(tiny_business.landing))),
        "dbt": dbt_resource(),
    }
    instance = dg.DagsterInstance.ephemeral()
    # two run folders of earlier builds, two hours old: the build removes them (keeping one)
    target_root = Path(dbt_project.project_dir) / "target"
    planted = [target_root / f"dbt_models-planted-{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for folder in planted:
        folder.mkdir(parents=True)
        (folder / "run_results.json").write_text("{}")
        os.utime(folder, (time.time() - 7200, time.time() - 7200))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(transform_resources, "KEEP_RUN_TARGETS", 1)
        # profiles.yml reads these; the dbt CLI resource passes the process environment to dbt
        mp.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(warehouse))
        mp.setenv("ENROLLFLOW_DBT_TARGET", "duckdb")
        raw = dg.materialize(
            ingest,
            resources=resources,
            instance=instance,
            tags={
                "dagster/asset_partition_range_start": start.isoformat(),
                "dagster/asset_partition_range_end": end.isoformat(),
            },
        )
        built = dg.materialize(
            [dbt_models],
            selection=RUN_SELECTION,
            resources=resources,
            instance=instance,
            raise_on_error=False,
        )
    yield raw, built, warehouse, planted
    instance.dispose()


def _materialized(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetMaterialization]:
    return {
        e.asset_key.to_user_string(): e.event_specific_data.materialization
        for e in result.get_asset_materialization_events()
    }


@pytest.mark.slow
def test_materialize_raw_then_dbt_assets(tiny_runs):
    raw, built, _, planted = tiny_runs
    assert raw.success
    assert set(_materialized(raw)) == set(RAW_TABLES)
    assert built.success, [e.message for e in built.all_events if e.is_failure]
    materialized = _materialized(built)
    assert set(materialized) == set(RUN_KEYS)
    # tables carry their row count (dagster-dbt does not count views)
    for mart in OPS_MARTS:
        assert materialized[mart].metadata["dagster/row_count"].value > 0, mart
    # the build's own run folder stays, earlier ones past the newest go
    assert not any(folder.exists() for folder in planted)
    [own] = (Path(dbt_project.project_dir) / "target").glob(f"dbt_models-{built.run_id[:7]}-*")
    assert (own / "run_results.json").exists()
    # its dbt.log keeps dbt's info lines (each node's result), not the debug stream
    levels = {
        json.loads(line)["info"]["level"] for line in (own / "dbt.log").read_text().splitlines()
    }
    assert "info" in levels and "debug" not in levels, levels


@pytest.mark.slow
def test_dbt_tests_ran_as_asset_checks(tiny_runs):
    _, built, _, _ = tiny_runs
    evaluations = {
        (e.asset_key.to_user_string(), e.check_name): e for e in built.get_asset_check_evaluations()
    }
    assert evaluations[("stg_crm__contacts", "unique_stg_crm__contacts_contact_id")].passed
    pacing_grain = "unique_combination_fct_budget_pacing_campaign_id__pacing_date"
    assert evaluations[("fct_budget_pacing", pacing_grain)].passed

    # every check of a selected model was evaluated, except relationships to an unselected model
    # (dbt's cautious indirect selection skips a test unless all of its models are selected)
    def runs(check_name: str) -> bool:
        if not check_name.startswith("relationships_"):
            return True
        return any(f"__ref_{key}_" in check_name for key in RUN_KEYS)

    expected = {
        (c.asset_key.to_user_string(), c.name)
        for c in dbt_models.check_specs
        if c.asset_key.to_user_string() in RUN_KEYS and runs(c.name)
    }
    assert expected <= set(evaluations)


@pytest.mark.slow
def test_incremental_models_keep_old_rows_until_a_full_refresh(tiny_runs):
    """A daily run leaves rows older than the lookback alone; run config ``full_refresh`` rebuilds."""
    import duckdb

    _, _, warehouse, _ = tiny_runs
    selection = dg.AssetSelection.assets("int_message_events_unioned", "fct_message_events")
    resources = {"warehouse": WarehouseResource(path=str(warehouse)), "dbt": dbt_resource()}

    def build(full_refresh: bool) -> None:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(warehouse))
            mp.setenv("ENROLLFLOW_DBT_TARGET", "duckdb")
            result = dg.materialize(
                [dbt_models],
                selection=selection.without_checks(),
                resources=resources,
                run_config={"ops": {"dbt_models": {"config": {"full_refresh": full_refresh}}}},
            )
        assert result.success

    def stale_rows() -> int:
        with duckdb.connect(str(warehouse)) as con:
            sql = "select count(*) from fct_message_events where event_id = 'stale'"
            return con.execute(sql).fetchall()[0][0]

    build(full_refresh=False)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "insert into fct_message_events (event_id, message_id, provider, channel, event_type, "
            "event_at, received_at, is_machine_open, event_order) values ('stale', 'm-stale', "
            "'sendgrid', 'email', 'delivered', '2000-01-01', '2000-01-01', false, 1)"
        ).fetchall()
    build(full_refresh=False)
    assert stale_rows() == 1, "an incremental run must not rebuild rows older than its lookback"
    build(full_refresh=True)
    assert stale_rows() == 0, "full_refresh must rebuild the incremental model from the raw rows"


@pytest.mark.slow
def test_a_build_through_the_warm_dbt_worker_is_the_same_build(tiny_runs, tmp_path):
    """The dbt asset under ``enrollflow demo``'s warm worker (``enrollflow.dbt_worker``): the
    same assets materialised with the same row counts, the same checks with the same outcomes,
    and dbt's run folder as before -- the worker only saves dbt's start-up."""
    import duckdb

    from enrollflow.dbt_worker import running_worker

    _, built, warehouse, _ = tiny_runs
    log = tmp_path / "worker.log"
    with running_worker(log) as worker, pytest.MonkeyPatch.context() as mp:
        assert worker is not None
        mp.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(warehouse))
        mp.setenv("ENROLLFLOW_DBT_TARGET", "duckdb")
        dbt = dbt_resource()  # as the definitions build it, with the worker's variable set
        assert Path(dbt.dbt_executable).name == "enrollflow-dbt"
        again = dg.materialize(
            [dbt_models],
            selection=RUN_SELECTION,
            resources={"warehouse": WarehouseResource(path=str(warehouse)), "dbt": dbt},
            raise_on_error=False,
        )
    assert again.success, [e.message for e in again.all_events if e.is_failure]
    assert "parsed" in log.read_text()  # the call went through the worker

    def rows(result) -> dict[str, object]:
        return {k: m.metadata.get("dagster/row_count") for k, m in _materialized(result).items()}

    def outcomes(result) -> dict[tuple[str, str], bool]:
        return {
            (e.asset_key.to_user_string(), e.check_name): e.passed
            for e in result.get_asset_check_evaluations()
        }

    assert rows(again) == rows(built)
    assert outcomes(again) == outcomes(built)
    [own] = (Path(dbt_project.project_dir) / "target").glob(f"dbt_models-{again.run_id[:7]}-*")
    assert (own / "run_results.json").exists() and (own / "dbt.log").exists()
    with duckdb.connect(str(warehouse)) as con:  # the worker's dbt process let go of the file
        con.execute("create table worker_probe as select 1 as x")


def test_the_dbt_readme_names_the_groups_the_models_are_in():
    import re

    readme = (Path(__file__).resolve().parents[2] / "dbt_project" / "README.md").read_text()
    sentence = readme.split("In Dagster every model is an asset")[1].split(")")[0]
    named = set(re.findall(r"`([a-z_]+)`", sentence))
    graph = defs.resolve_asset_graph()
    assert named == {graph.get(k).group_name for k in dbt_models.keys}
