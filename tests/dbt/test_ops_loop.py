"""The loop closed in the warehouse: EnrollFlow's own campaign and the imported history in one set
of marts, reconciled against the ops store, on both targets (a SQLite ops store with the DuckDB
warehouse, a Postgres ops store with the Postgres target).

The campaign, its messages, provider events (duplicated and out of order) and enrollments are
written by ``tests/dbt/ops_loop.py`` through the production APIs and landing formats; every
expected figure below is counted from what it wrote, or from the ops store itself.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from delivery.store import Store, open_store
from delivery.store.schema import send_ledger
from enrollflow.transform import dbt_build, profile_env
from tests.dbt.ops_loop import CAMPAIGN, Loop, campaign_doc, export_and_ingest, start_loop
from tests.fixtures.postgres import _create_database, _drop_database, _require_postgres, _url_for
from tests.fixtures.warehouse import (
    PG_MODEL_SCHEMA,
    PG_RAW_SCHEMA,
    TinyBuild,
    copy_raw_to_postgres,
    simulated_now,
)
from tests.ingest.ops_store_rows import apply_doc

pytestmark = pytest.mark.slow

HEALTH = "+fct_campaign_health"


@dataclass
class LoopWarehouse:
    """A built warehouse with the loop in it, and how to rebuild it after a change."""

    build: TinyBuild
    store: Store
    loop: Loop
    raw: Path
    target_dir: Path
    pg_url: str | None

    def rebuild(self, select: str | None = None) -> None:
        if self.pg_url is None:
            result = dbt_build(
                env=profile_env(warehouse_path=self.raw),
                target_path=self.target_dir,
                select=select,
            )
        else:
            _drop_models(self.pg_url)  # their views hold the raw tables the copy replaces
            copy_raw_to_postgres(self.raw, self.pg_url)
            result = dbt_build(
                target="postgres",
                env=profile_env(postgres_url=self.pg_url, postgres_schema=PG_MODEL_SCHEMA),
                vars={"raw_schema": PG_RAW_SCHEMA},
                target_path=self.target_dir,
                select=select,
            )
        self.build = TinyBuild(self.build.target, self.build.location, self.build.schema, result)


def _drop_models(pg_url: str) -> None:
    import psycopg2

    with psycopg2.connect(pg_url) as con, con.cursor() as cur:
        cur.execute(f'DROP SCHEMA IF EXISTS "{PG_MODEL_SCHEMA}" CASCADE')


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def loop_wh(request, tiny_raw_warehouse, tiny_business, tmp_path_factory) -> LoopWarehouse:
    out = tmp_path_factory.mktemp(f"loop_{request.param}")
    raw = out / "warehouse.duckdb"
    shutil.copyfile(tiny_raw_warehouse, raw)
    landing = out / "landing"
    pg_url = None
    if request.param == "duckdb":
        store = open_store(f"sqlite:///{out / 'ops.sqlite'}", create=True)
    else:
        _require_postgres()
        database = _create_database("enrollflow_loop")
        request.addfinalizer(lambda: _drop_database(database))
        pg_url = _url_for(database)  # ops store and warehouse share this module's own database
        store = open_store(pg_url)
    now = simulated_now(tiny_business.manifest).replace(tzinfo=None) + dt.timedelta(hours=6)
    with duckdb.connect(str(raw)) as con:
        loop = start_loop(store, con, landing, now)
    location = str(raw) if pg_url is None else pg_url
    schema = "main" if pg_url is None else PG_MODEL_SCHEMA
    wh = LoopWarehouse(
        TinyBuild(request.param, location, schema, None), store, loop, raw, out / "dbt", pg_url
    )
    wh.rebuild()
    yield wh
    store.dispose()


def _sent_in_store(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return dict(
            conn.execute(
                sa.select(send_ledger.c.campaign_id, sa.func.count())
                .where(send_ledger.c.sending_at.is_not(None))
                .group_by(send_ledger.c.campaign_id)
            ).all()
        )


def test_every_enrollflow_message_is_one_fct_sends_row(loop_wh):
    assert loop_wh.build.result.success, [n.unique_id for n in loop_wh.build.result.failed_nodes]
    in_marts = {
        r["campaign_id"]: r["n"]
        for r in loop_wh.build.rows(
            "SELECT campaign_id, count(*) AS n FROM fct_sends "
            "WHERE campaign_source = 'enrollflow' GROUP BY campaign_id"
        )
    }
    assert in_marts == _sent_in_store(loop_wh.store) == {CAMPAIGN: len(loop_wh.loop.message_ids)}
    imported = loop_wh.build.scalar(
        "SELECT count(*) FROM fct_sends WHERE campaign_source = 'imported'"
    )
    assert imported == loop_wh.build.scalar("SELECT count(*) FROM stg_ledger__sends") > 0


def test_provider_events_count_once_per_message_whatever_their_order(loop_wh):
    loop = loop_wh.loop
    rows = loop_wh.build.by_key("fct_sends", "message_id")
    mine = {k[0]: r for k, r in rows.items() if r["campaign_id"] == CAMPAIGN}
    assert {m for m, r in mine.items() if r["is_delivered"]} == loop.delivered
    assert {m for m, r in mine.items() if r["is_bounced"]} == loop.bounced
    assert {m for m, r in mine.items() if r["opened_at"] is not None} == loop.opened
    assert {m for m, r in mine.items() if r["clicked_at"] is not None} == loop.clicked
    assert {m for m, r in mine.items() if r["is_unsubscribed"]} == loop.unsubscribed
    perf = loop_wh.build.rows(
        "SELECT sum(sends) AS sends, sum(deliveries) AS deliveries, sum(unique_opens) AS opens, "
        "sum(unique_clicks) AS clicks, sum(bounces) AS bounces, sum(unsubscribes) AS unsubscribes, "
        "sum(conversions) AS conversions, min(campaign_source) AS source "
        f"FROM fct_campaign_performance WHERE campaign_id = '{CAMPAIGN}'"
    )[0]
    assert perf == {
        "sends": len(loop.message_ids),
        "deliveries": len(loop.delivered),
        "opens": len(loop.opened),
        "clicks": len(loop.clicked),
        "bounces": len(loop.bounced),
        "unsubscribes": len(loop.unsubscribed),
        "conversions": len(loop.enrolled),
        "source": "enrollflow",
    }
    metrics = {
        r["metric"]: r["v"]
        for r in loop_wh.build.rows(
            "SELECT metric, sum(metric_value) AS v FROM fct_campaign_metrics "
            f"WHERE campaign_id = '{CAMPAIGN}' GROUP BY metric"
        )
    }
    assert metrics["opens"] == len(loop.opened) and metrics["clicks"] == len(loop.clicked)
    assert metrics["conversions"] == len(loop.enrolled) and metrics["revenue"] == 900.0 * 2


def test_credited_conversions_never_exceed_enrollments(loop_wh):
    enrollments = loop_wh.build.scalar(
        "SELECT count(DISTINCT enrollment_id) FROM int_enrollments_netted"
    )
    credited = loop_wh.build.scalar("SELECT sum(conversions) FROM fct_campaign_performance")
    assert 0 < credited <= enrollments
    for row in loop_wh.build.rows(
        "SELECT attribution_model, sum(attributed_conversions) AS c FROM fct_campaign_attribution "
        "GROUP BY attribution_model"
    ):
        assert row["c"] <= enrollments + 1e-9
    test_ids = [n.unique_id for n in loop_wh.build.result.nodes]
    assert any("assert_credited_conversions_within_enrollments" in t for t in test_ids)


def test_campaign_kpis_budget_and_experiment_come_from_the_campaign_file(loop_wh):
    dim = loop_wh.build.by_key("dim_campaigns", "campaign_id")[(CAMPAIGN,)]
    assert dim["campaign_source"] == "enrollflow" and dim["owner"] == "maria.lopez"
    assert dim["target_conversion_rate"] == 0.5 and dim["budget_amount"] == 500.0
    assert dim["approved_by"] == "ana.approver" and dim["campaign_type"] == "enrollment"
    pacing = loop_wh.build.rows(
        f"SELECT DISTINCT budget_amount FROM fct_budget_pacing WHERE campaign_id = '{CAMPAIGN}'"
    )
    assert pacing == [{"budget_amount": 500.0}]
    assignments = {
        r["contact_id"]: (r["split_node_id"], r["variant"])
        for r in loop_wh.build.rows(
            f"SELECT contact_id, split_node_id, variant FROM fct_experiment_assignments WHERE campaign_id = '{CAMPAIGN}'"
        )
    }
    assert assignments == {c: ("subject_test", v) for c, v in loop_wh.loop.filled.variants.items()}
    assert "holdout" in {v for _, v in assignments.values()}
    imported_tests = loop_wh.build.scalar(
        "SELECT count(*) FROM fct_experiment_assignments WHERE campaign_source = 'imported'"
    )
    assert imported_tests > 0


def test_ops_store_unsubscribe_reaches_dim_contacts(loop_wh):
    (lid,) = loop_wh.loop.unsubscribed
    contact = lid.split(":")[2]
    row = loop_wh.build.by_key("dim_contacts", "contact_id")[(contact,)]
    assert row["is_email_suppressed"] and row["is_unsubscribed"] and not row["has_email_consent"]


WEIGHTS = {"delivery": 0.3, "engagement": 0.3, "complaint": 0.2, "pacing": 0.2, "cost": 0.2}


def _weighted(row: dict) -> float:
    parts = {k: row[f"{k}_score"] for k in WEIGHTS if row[f"{k}_score"] is not None}
    return sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts)


# (before the test that rebuilds only the health marts)
def test_enrollflow_consent_ledger_joins_the_consent_history_with_its_provenance(loop_wh):
    contact = loop_wh.loop.preferences
    rows = loop_wh.build.rows(
        "SELECT topic, consent_status, consent_source, wording_version, recorded_in, "
        "valid_to, is_current, occurred_at FROM fct_consent_history "
        f"WHERE contact_id = '{contact}' AND recorded_in = 'enrollflow' ORDER BY occurred_at"
    )
    # the preference centre's grant then withdrawal; the CRM import copy is not counted twice
    assert [(r["topic"], r["consent_status"], r["consent_source"], r["wording_version"])
            for r in rows] == [
        ("newsletter", "granted", "preference_centre", "preferences-v1"),
        ("newsletter", "withdrawn", "preference_centre", "preferences-v1"),
    ]  # fmt: skip
    assert rows[0]["valid_to"] == rows[1]["occurred_at"] and not rows[0]["is_current"]
    assert rows[1]["is_current"] and rows[1]["valid_to"] is None
    crm = loop_wh.build.scalar("SELECT count(*) FROM fct_consent_history WHERE recorded_in = 'crm'")
    assert crm == loop_wh.build.scalar("SELECT count(*) FROM stg_crm__consent_events") > 0
    # no address, IP or user agent travels: the mart has none, nor does the raw export
    columns = {r["column_name"] for r in loop_wh.build.rows(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name IN ('fct_consent_history', 'stg_ops__consent_ledger')"
    )}  # fmt: skip
    assert not {"address", "ip", "user_agent", "address_enc", "ip_enc"} & columns


def test_objections_reach_dim_contacts_targeting_and_the_analytics_sync(loop_wh):
    loop = loop_wh.loop
    flags = {
        r["contact_id"]: (r["has_objected_to_marketing"], r["has_objected_to_tracking"])
        for r in loop_wh.build.rows(
            "SELECT contact_id, has_objected_to_marketing, has_objected_to_tracking "
            "FROM dim_contacts WHERE has_objected_to_marketing OR has_objected_to_tracking"
        )
    }
    assert flags == {
        loop.objected["marketing"]: (True, False),
        loop.objected["sell_share"]: (False, True),
    }
    if loop_wh.pg_url is not None:
        return  # the segment compiler and the analytics sync read the DuckDB warehouse
    from integrations.analytics.events import pseudonymous_id, read_events
    from segments.compiler import consent_condition

    with duckdb.connect(loop_wh.build.location, read_only=True) as con:
        reachable = {
            r[0]
            for r in con.execute(
                "SELECT contact_id FROM dim_contacts AS c WHERE "
                + consent_condition("email", "c").sql(dialect="duckdb")
            ).fetchall()
        }
        events = read_events(con, since=None, until=dt.datetime(2100, 1, 1), id_key=b"k")
        touched = {
            r[0] for r in con.execute("SELECT DISTINCT contact_id FROM fct_touchpoints").fetchall()
        }
    assert loop.objected["marketing"] not in reachable  # segments never target them
    assert loop.objected["sell_share"] in touched  # they were touched, yet never synced
    assert pseudonymous_id(loop.objected["sell_share"], b"k") not in {e.user_id for e in events}


def test_a_new_kpi_version_moves_the_health_score(loop_wh):
    """Change the KPIs in the file, apply, export + ingest + rebuild: health follows the targets."""

    def send_day_health() -> dict:
        return loop_wh.build.rows(
            "SELECT conversion_rate, target_conversion_rate, engagement_score, target_cpa_amount, "
            "conversions_to_date, cpa_to_date_amount, delivery_score, complaint_score, "
            "pacing_score, cost_score, health_score "
            f"FROM fct_campaign_health WHERE campaign_id = '{CAMPAIGN}' AND messages_sent > 0"
        )[0]

    before = send_day_health()
    assert (before["target_conversion_rate"], before["target_cpa_amount"]) == (0.5, 40.0)
    assert before["engagement_score"] == pytest.approx(100 * before["conversion_rate"] / 0.5)
    assert before["conversions_to_date"] == len(loop_wh.loop.enrolled)
    assert before["cost_score"] == pytest.approx(100.0)  # CPA to date far below 40
    assert before["health_score"] == pytest.approx(_weighted(before))
    loop = loop_wh.loop
    later = loop.now + dt.timedelta(hours=4)
    cpa = before["cpa_to_date_amount"]
    kpis = {"target_conversion_rate": 0.1, "target_cpa_amount": round(cpa / 2, 4)}
    doc = campaign_doc(CAMPAIGN, loop.now - dt.timedelta(days=1), kpis=kpis)
    assert apply_doc(loop_wh.store, doc, later) == 2
    with duckdb.connect(str(loop_wh.raw)) as con:
        export_and_ingest(loop_wh.store, con, loop, later + dt.timedelta(minutes=1))
    loop_wh.rebuild(select=f"{HEALTH} dim_campaign_versions")
    after = send_day_health()
    assert after["target_conversion_rate"] == 0.1
    assert after["engagement_score"] == pytest.approx(100 * min(after["conversion_rate"] / 0.1, 1))
    assert after["cost_score"] == pytest.approx(100 * kpis["target_cpa_amount"] / cpa)
    assert after["health_score"] == pytest.approx(_weighted(after))
    assert after["health_score"] != pytest.approx(before["health_score"])
    versions = loop_wh.build.rows(
        "SELECT version, is_current, target_conversion_rate FROM dim_campaign_versions "
        f"WHERE campaign_id = '{CAMPAIGN}' ORDER BY version"
    )
    assert versions == [
        {"version": 1, "is_current": False, "target_conversion_rate": 0.5},
        {"version": 2, "is_current": True, "target_conversion_rate": 0.1},
    ]


def test_each_ledger_row_resolves_to_its_state_in_the_store(loop_wh):
    """The export lands one line per state a row was seen in; the marts keep the latest one."""
    with loop_wh.store.engine.connect() as conn:
        in_store = dict(conn.execute(sa.select(send_ledger.c.ledger_id, send_ledger.c.state)).all())
    resolved = {
        r["message_id"]: r["send_state"]
        for r in loop_wh.build.rows("SELECT message_id, send_state FROM int_ops_sends_latest")
    }
    assert resolved == in_store
    assert {in_store[i] for i in loop_wh.loop.sms_ids} == {"delivered", "failed"}
