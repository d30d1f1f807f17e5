"""Post engagement reaches the marts the way every channel's data does: the
``social_post_insights`` asset lands it, ``ingest_social`` loads ``raw_social__post_insights``,
dbt builds ``fct_social_posts`` and the ``social`` rows of ``fct_campaign_performance``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from delivery.social import ledger
from delivery.social.platforms.base import PostContent
from delivery.store import open_store
from enrollflow.transform import dbt_build, profile_env
from orchestration.defs.ingest.assets import build_source_asset
from orchestration.defs.social.assets import social_post_insights
from orchestration.resources import LandingResource, WarehouseResource
from tests.social.conftest import connect_all, resources, utcnow
from tests.social.test_publish_path import run_job, schedule


def pull(res: dict, now: dt.datetime) -> dg.MaterializeResult:
    result = dg.materialize(
        [social_post_insights], resources=res,
        run_config={"ops": {"social_post_insights": {"config": {"now": now.isoformat()}}}},
    )  # fmt: skip
    assert result.success
    return result.asset_materializations_for_node("social_post_insights")[0]


def ingest(landing: Path, warehouse: Path, day: dt.date) -> None:
    asset = build_source_asset(
        "social", dg.DailyPartitionsDefinition(start_date="2026-01-01", end_offset=2)
    )
    result = dg.materialize(
        [asset], partition_key=day.isoformat(),
        resources={"warehouse": WarehouseResource(path=str(warehouse)),
                   "landing": LandingResource(path=str(landing))},
    )  # fmt: skip
    assert result.success


def expected(fakes, row: dict) -> dict:
    platform, rid = row["platform"], row["remote_post_id"]
    if platform == "x":
        return fakes.x.metrics(rid)
    if platform == "linkedin":
        return fakes.linkedin.metrics(rid)
    m = fakes.graph.metrics(rid)
    return {**m, "link_clicks": 0} if platform == "instagram" else m


def test_engagement_lands_and_reaches_fct_social_posts(tmp_path, fakes, key_file, file_keys):
    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)
    now = utcnow()
    ids = connect_all(store, file_keys, fakes, now)
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    res = resources(store, key_file, fakes, landing)
    schedule(store, ids, "Open day on Saturday!", now)
    assert run_job(res, now)["published"] == 4
    first = pull(res, now)
    assert first.metadata["dagster/row_count"].value == 4
    later = now + dt.timedelta(minutes=10)
    pull(res, later)  # a second snapshot of each post
    lines = [json.loads(line) for f in sorted(landing.glob("social/*/insights-*.jsonl"))
             for line in f.read_text().splitlines()]  # fmt: skip
    assert len(lines) == 8 and {ln["platform"] for ln in lines} == {
        "facebook",
        "instagram",
        "linkedin",
        "x",
    }
    ingest(landing, warehouse, now.date())
    if later.date() != now.date():
        ingest(landing, warehouse, later.date())
    dbt_build(
        env=profile_env(warehouse_path=warehouse), target_path=tmp_path / "dbt_target",
        select=["stg_social__post_insights", "fct_social_posts"],
    )  # fmt: skip
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cur = con.execute("select * from fct_social_posts order by post_id")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    assert len(rows) == 4 and all(r["snapshots"] == 2 for r in rows)
    for r in rows:
        want = expected(fakes, r)
        got = {k: r[k] for k in ("impressions", "reactions", "comments", "shares", "link_clicks")}
        assert got == want, r["post_id"]
        engaged = sum(v for k, v in want.items() if k != "impressions")
        assert r["engagement_rate"] == pytest.approx(engaged / want["impressions"])
    store.dispose()


@pytest.mark.slow
def test_campaign_posts_count_in_campaign_performance_as_channel_social(
    tiny_raw_warehouse, tmp_path, fakes, key_file, file_keys
):
    """A published campaign post's link clicks and price land in fct_campaign_performance."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(tiny_raw_warehouse, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (campaign_id,) = con.execute(
            "select min(campaign_id) from raw_marketing__campaigns"
        ).fetchone()
    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)
    now = utcnow()
    x = next(a for a in connect_all(store, file_keys, fakes, now) if a.startswith("x:"))
    landing = tmp_path / "landing"
    res = resources(store, key_file, fakes, landing)
    # an imported campaign's post, published by hand through the ledger (no running EnrollFlow
    # campaign here): written approved, claimed and published by the job like any other
    ledger.schedule_post(store, post_key=f"{campaign_id}:post", account_ids=[x],
                         content=PostContent("Spring intake: apply now"), scheduled_at=now,
                         actor="ana", now=now, approved_by="tom")  # fmt: skip
    with store.begin() as conn:
        conn.execute(ledger.P.update().values(campaign_id=None))  # publish as standalone ...
    run_job(res, now)
    with store.begin() as conn:
        conn.execute(
            ledger.P.update().values(campaign_id=campaign_id, cost_amount=0.5)
        )  # ... credit it
    pull(res, now)
    ingest(landing, warehouse, now.date())
    dbt_build(env=profile_env(warehouse_path=warehouse), target_path=tmp_path / "dbt_target",
              select=["+fct_campaign_performance"])  # fmt: skip
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute(
            "select sends, unique_clicks, spend_amount from fct_campaign_performance "
            "where campaign_id = ? and channel = 'social'",
            [campaign_id],
        ).fetchone()
    tid = fakes.x.accepted[0]["id"]
    assert row == (1, fakes.x.metrics(tid)["link_clicks"], 0.5)
    store.dispose()
