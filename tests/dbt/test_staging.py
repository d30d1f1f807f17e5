"""Staging views on the tiny business (duckdb target): built, tested, documented, faithful to raw.

Built once per session by the ``tiny_dbt_build`` fixture (``dbt build`` of every model).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from enrollflow.ingest import TABLE_SPECS
from enrollflow.transform import DBT_PROJECT_DIR
from tests.fixtures.warehouse import empty_on_simulated_history

STAGING_DIR = DBT_PROJECT_DIR / "models" / "staging"


def _documented_models() -> dict[str, dict]:
    models = {}
    for path in sorted(STAGING_DIR.glob("*/_*__models.yml")):
        for model in yaml.safe_load(Path(path).read_text())["models"]:
            models[model["name"]] = model
    return models


def _sources() -> dict[str, str]:
    """raw table name -> source name, from the sources YAML."""
    tables = {}
    for path in sorted(STAGING_DIR.glob("*/_*__sources.yml")):
        for source in yaml.safe_load(Path(path).read_text())["sources"]:
            for table in source["tables"]:
                tables[table["name"]] = source["name"]
    return tables


MODELS = _documented_models()


def test_one_documented_staging_view_per_raw_table_of_the_contract():
    # the contract's raw tables, named stg_<source>__<entity> after raw_<source>__<entity>
    raw_tables = _sources()
    assert set(raw_tables) == set(TABLE_SPECS)  # 13 provider/CRM tables + 9 of the ops store
    assert set(MODELS) == {"stg_" + t.removeprefix("raw_") for t in raw_tables}
    for name, model in MODELS.items():
        assert (STAGING_DIR / name.split("__")[0].removeprefix("stg_") / f"{name}.sql").exists()
        assert model.get("description"), name
        assert all(c.get("description") for c in model["columns"]), name


def test_staging_nodes_built_and_their_tests_passed(tiny_dbt_build):
    manifest = json.loads((tiny_dbt_build.result.target_path / "manifest.json").read_text())

    def staging_model(unique_id: str) -> str | None:
        node = manifest["nodes"].get(unique_id, {})  # unit tests live under "unit_tests"
        if node.get("resource_type") == "test":
            node = manifest["nodes"].get(node.get("attached_node") or "", {})
        return node.get("name") if node.get("name") in MODELS else None

    results = {n.unique_id: n for n in tiny_dbt_build.result.nodes if staging_model(n.unique_id)}
    built = {staging_model(u) for u in results if u.startswith("model.")}
    assert built == set(MODELS)
    assert sum(u.startswith("test.") for u in results) >= 2 * len(MODELS)
    failed = [
        (u, n.status, n.message) for u, n in results.items() if n.status not in ("success", "pass")
    ]
    # orphan-key relationship tests are warnings by design; on the tiny business they must be clean
    assert not failed, failed


@pytest.mark.parametrize("model", sorted(MODELS))
def test_staging_view_is_non_empty_with_the_documented_columns(tiny_dbt_build, model):
    info = tiny_dbt_build.rows(
        "SELECT table_type FROM information_schema.tables "
        f"WHERE table_schema = 'main' AND table_name = '{model}'"
    )
    assert info == [{"table_type": "VIEW"}]
    columns = [
        r["column_name"]
        for r in tiny_dbt_build.rows(
            "SELECT column_name FROM information_schema.columns "
            f"WHERE table_schema = 'main' AND table_name = '{model}' ORDER BY ordinal_position"
        )
    ]
    assert columns == [c["name"] for c in MODELS[model]["columns"]]
    rows = tiny_dbt_build.scalar(f"SELECT count(*) FROM {model}")
    # views of what only EnrollFlow itself produces are empty on the simulated history
    assert rows == 0 if empty_on_simulated_history(model) else rows > 0


def test_snapshots_keep_the_latest_record_per_key(tiny_dbt_build):
    q = tiny_dbt_build.scalar
    assert q("SELECT count(*) FROM stg_crm__contacts") == q(
        "SELECT count(DISTINCT contact_id) FROM raw_crm__contacts"
    )
    assert q("SELECT count(*) FROM stg_lms__courses") == q(
        "SELECT count(DISTINCT course_id) FROM raw_lms__courses"
    )
    stale = q(
        "SELECT count(*) FROM stg_crm__contacts s JOIN ("
        "  SELECT contact_id, max(updated_at) AS latest FROM raw_crm__contacts GROUP BY 1"
        ") r USING (contact_id) WHERE s.updated_at <> r.latest"
    )
    assert stale == 0


def test_event_models_keep_one_row_per_raw_row(tiny_dbt_build):
    q = tiny_dbt_build.scalar
    # SendGrid's repeated deliveries stay in staging (marts de-duplicate them)
    assert q("SELECT count(*) FROM stg_sendgrid__events") == q(
        "SELECT count(*) FROM raw_sendgrid__events"
    )
    assert q("SELECT count(*) FROM stg_twilio__callbacks") == q(
        "SELECT count(*) FROM raw_twilio__callbacks"
    )
    assert q("SELECT count(*) FROM stg_ledger__sends") == q(
        "SELECT count(*) FROM raw_ledger__sends"
    )


def test_refunds_are_negative_revenue(tiny_dbt_build):
    rows = tiny_dbt_build.rows(
        "SELECT is_refund, min(revenue_amount) AS lo, max(revenue_amount) AS hi, count(*) AS n "
        "FROM stg_lms__enrollments GROUP BY is_refund"
    )
    by_kind = {r["is_refund"]: r for r in rows}
    assert by_kind[False]["lo"] >= 0
    if True in by_kind:
        assert by_kind[True]["hi"] <= 0
    raw_refund_total = tiny_dbt_build.scalar(
        "SELECT coalesce(sum(amount), 0) FROM raw_lms__enrollments WHERE type = 'refund'"
    )
    staged = tiny_dbt_build.scalar(
        "SELECT coalesce(sum(revenue_amount), 0) FROM stg_lms__enrollments WHERE is_refund"
    )
    assert staged == pytest.approx(-raw_refund_total)


def test_provider_events_join_to_sends_through_message_id(tiny_dbt_build):
    q = tiny_dbt_build.scalar
    orphans = q(
        "SELECT count(*) FROM stg_sendgrid__events e "
        "LEFT JOIN stg_ledger__sends s USING (message_id) WHERE s.message_id IS NULL"
    )
    assert orphans == 0
    twilio_status = q(
        "SELECT count(*) FROM stg_twilio__callbacks c JOIN stg_ledger__sends s USING (message_id) "
        "WHERE c.callback_kind = 'status'"
    )
    assert twilio_status == q(
        "SELECT count(*) FROM stg_twilio__callbacks WHERE callback_kind = 'status'"
    )


def test_twilio_statuses_map_to_provider_neutral_event_types(tiny_dbt_build):
    pairs = {
        (r["message_status"], r["event_type"])
        for r in tiny_dbt_build.rows(
            "SELECT DISTINCT message_status, event_type FROM stg_twilio__callbacks "
            "WHERE callback_kind = 'status'"
        )
    }
    mapping = {"queued": "queued", "sent": "processed", "delivered": "delivered",
               "undelivered": "bounce", "failed": "dropped"}  # fmt: skip
    assert pairs and all(mapping[status] == event for status, event in pairs)
    inbound = tiny_dbt_build.rows(
        "SELECT DISTINCT opt_out_type, event_type FROM stg_twilio__callbacks "
        "WHERE callback_kind = 'inbound'"
    )
    for row in inbound:
        expected = {"STOP": "unsubscribe", "START": "resubscribe", "HELP": "help"}
        assert row["event_type"] == expected.get(row["opt_out_type"], "inbound_message")
