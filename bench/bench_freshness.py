"""Benchmark: an event posted to the webhooks app → visible in the campaign marts (freshness).

``freshness``: a simulated business (demo scale by default: 20k contacts, 60 days) is ingested
and built with dbt; the demo campaign is launched and one step sends through the sandbox. Then,
``ROUNDS`` times: a batch of new SendGrid events (opens of messages not yet opened) is POSTed,
signed, to the real webhooks app; the ``intraday_refresh`` sensor is evaluated (through Dagster)
and the run it asks for is executed (``intraday_job``: ingest of the changed landing days + dbt
build of the live marts); the latency is from the POST until the campaign's open count in
``fct_campaign_performance`` (or, while that mart does not hold EnrollFlow's own campaigns,
``fct_message_events`` -- the details say which) includes the new opens. The figure is the p95
latency (p50 in the details); add up to the sensor's interval (30 s) for the wait before the
next tick. The baseline is the nightly path's own cost for the same event: a full ``dbt build``
of every model after the ingest (what ``warehouse_job`` runs), measured once.

Run::

    python -m bench freshness                            # demo scale
    python -m bench.bench_freshness --contacts 2000 --days 30 --rounds 2   # quick look
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import importlib
import importlib.util
import tempfile
import time
from pathlib import Path

import dagster as dg
import duckdb
import numpy as np
import yaml

from bench.runner import Result, benchmark
from enrollflow.settings import environ

DEMO_CONTACTS, DEMO_DAYS, ROUNDS, OPENS_PER_ROUND = 20_000, 60, 5, 50
PUBLIC_URL = "http://127.0.0.1:8000"


def _visible_opens(warehouse: Path, cid: str) -> tuple[int, str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        perf = con.execute(
            "SELECT sum(unique_opens) FROM fct_campaign_performance WHERE campaign_id = ?", [cid]
        ).fetchone()[0]
        if perf is not None:
            return int(perf), "fct_campaign_performance"
        opens = con.execute(
            "SELECT count(DISTINCT message_id) FROM fct_message_events "
            "WHERE campaign_id = ? AND event_type = 'open'",
            [cid],
        ).fetchone()[0]
        return int(opens), "fct_message_events"


def run(contacts: int, days: int, rounds: int, tmp: Path) -> dict:
    """Build the business, send the campaign, then time ``rounds`` post → visible cycles."""
    from delivery.campaigns import lifecycle
    from delivery.campaigns.validation import validate_campaign
    from delivery.journeys.demo import DEMO_FILE, DEMO_SENDER
    from delivery.journeys.engine import advance_campaign
    from delivery.journeys.render import dispatch_campaign
    from delivery.journeys.sandbox_loop import DEMO_TWILIO_AUTH_TOKEN, in_process_webhooks
    from delivery.journeys.sources import WarehouseSource
    from delivery.ledger import Ledger
    from delivery.providers.sandbox import SandboxProvider, outbox_records
    from delivery.store import open_store
    from enrollflow.ingest import ingest_all
    from enrollflow.transform import dbt_build, profile_env
    from orchestration.defs import ingest as ingest_defs
    from orchestration.defs import pipeline as pipeline_defs
    from orchestration.defs import transform as transform_defs
    from orchestration.defs.delivery.resources import OpsStoreResource
    from orchestration.defs.pipeline import intraday
    from orchestration.defs.transform.resources import dbt_resource
    from orchestration.resources import LandingResource, WarehouseResource
    from simulator import simulate
    from simulator.provider_posts import ProviderSigner

    # a live system: history up to yesterday, the campaign and its events today, on the wall
    # clock (the ops-store export and the webhooks app stamp what they land with it)
    wall = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    day = wall.date()
    manifest = simulate(
        tmp, contacts=contacts, days=days, seed=42, start_date=day - dt.timedelta(days=days)
    )
    landing, warehouse = tmp / "landing", tmp / "warehouse.duckdb"
    start = dt.date.fromisoformat(manifest["start_date"])
    end = dt.date.fromisoformat(manifest["end_date"])
    ingest_all(warehouse, landing, start, end, dt.datetime.now(dt.UTC))
    dbt_build(
        env=profile_env(warehouse_path=warehouse), target_path=tmp / "dbt_target", check=False
    )
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "CREATE OR REPLACE TABLE segment_memberships AS SELECT 'new_leads_no_application_14d' "
            "AS segment_name, contact_id, TIMESTAMP '2000-01-01' AS valid_from, "
            "CAST(NULL AS TIMESTAMP) AS valid_to FROM dim_contacts"
        )
    doc = copy.deepcopy(yaml.safe_load(DEMO_FILE.read_text()))
    nodes = {n["id"]: n for n in doc["workflow"]["nodes"]}
    nodes["invite"]["next"] = "done"
    nodes["start"]["trigger"] = {
        "kind": "schedule",
        "once_on": end.isoformat(),
        "local_time": "09:00",
    }
    doc["workflow"]["nodes"] = [nodes[k] for k in ("start", "subject_test", "invite", "done")]
    doc["audience"] = {"segments": ["new_leads_no_application_14d"]}
    doc["rules"]["email_window"] = None
    doc["budget"]["amount"] = 1_000_000
    doc["start_at"], doc["end_at"] = f"{end}T00:00:00Z", f"{day + dt.timedelta(days=30)}T00:00:00Z"
    url = f"sqlite:///{tmp / 'ops.sqlite'}"
    store = open_store(url, create=True)
    campaign = validate_campaign(doc, "bench")
    cid, applied_at = campaign.campaign_id, dt.datetime.combine(end, dt.time())
    lifecycle.apply_campaign(store, campaign, actor="bench", now=applied_at)
    lifecycle.launch(store, cid, actor="bench", audience_size=500, now=applied_at)
    sent_at = dt.datetime.combine(end, dt.time(23))  # yesterday's 09:00-local fires, all sent
    with duckdb.connect(str(warehouse), read_only=True) as con:
        source = WarehouseSource(con)
        advance_campaign(store, source, cid, now=sent_at)
        outbox = tmp / "outbox"
        dispatch_campaign(
            store, source, campaign, SandboxProvider(outbox), sender=DEMO_SENDER,
            status_callback_base=PUBLIC_URL, now=sent_at,
        )  # fmt: skip
    messages = list(outbox_records(outbox))
    sent = Ledger(store).counts(campaign_id=cid)
    if len(messages) < OPENS_PER_ROUND * (rounds + 1):
        raise RuntimeError(
            f"the campaign sent {len(messages)} emails; the benchmark needs "
            f"{OPENS_PER_ROUND * (rounds + 1)}: raise --contacts"
        )
    resources = {
        "ops_store": OpsStoreResource(url=url),
        "warehouse": WarehouseResource(path=str(warehouse)),
        "landing": LandingResource(path=str(landing)),
        "dbt": dbt_resource(),
    }
    domains = [ingest_defs.build_defs(start), transform_defs.defs, pipeline_defs.defs]
    if importlib.util.find_spec("orchestration.defs.ops_export"):  # the ops-store export
        domains.append(importlib.import_module("orchestration.defs.ops_export").defs)
    defs = dg.Definitions.merge(*domains, dg.Definitions(resources=resources))
    job = defs.resolve_job_def("intraday_job")
    signer = ProviderSigner.generate(DEMO_TWILIO_AUTH_TOKEN)
    latencies: list[float] = []
    mart = ""
    rng = np.random.default_rng(0)
    order = rng.permutation(len(messages))
    with (
        environ({"ENROLLFLOW_WAREHOUSE_PATH": str(warehouse), "ENROLLFLOW_DBT_TARGET": "duckdb"}),
        dg.instance_for_test() as instance,
        in_process_webhooks(
            store,
            landing,
            signer,
            twilio_auth_token=DEMO_TWILIO_AUTH_TOKEN,
            public_base_url=PUBLIC_URL,
            unsubscribe_secret="s",
            start=wall.replace(tzinfo=dt.UTC),
        ) as target,  # fmt: skip
    ):
        context = dg.build_sensor_context(instance=instance, resources=resources, definitions=defs)
        cursor = intraday.intraday_refresh(context).cursor  # baseline look
        for r in range(rounds + 1):  # round 0 warms up (first run after the build)
            before, mart = _visible_opens(warehouse, cid)
            batch = [messages[i] for i in order[r * OPENS_PER_ROUND : (r + 1) * OPENS_PER_ROUND]]
            began = time.perf_counter()
            _post_opens(target, signer, batch, cid, dt.datetime.now(dt.UTC), r)
            context = dg.build_sensor_context(
                instance=instance, resources=resources, cursor=cursor, definitions=defs
            )
            tick = intraday.intraday_refresh(context)
            cursor = tick.cursor
            for request in tick.run_requests:
                job.execute_in_process(
                    instance=instance,
                    asset_selection=list(request.asset_selection),
                    tags={**request.tags, "dagster/run_key": request.run_key},
                    raise_on_error=False,
                )
            after, mart = _visible_opens(warehouse, cid)
            elapsed = time.perf_counter() - began
            if after >= before + len(batch) and r > 0:
                latencies.append(elapsed)
        began = time.perf_counter()
        dbt_build(
            env=profile_env(warehouse_path=warehouse), target_path=tmp / "dbt_full", check=False
        )
        full = time.perf_counter() - began
    store.dispose()
    return {
        "latencies_s": latencies,
        "p50_s": float(np.percentile(latencies, 50)) if latencies else float("nan"),
        "p95_s": float(np.percentile(latencies, 95)) if latencies else float("nan"),
        "rounds_visible": len(latencies),
        "rounds": rounds,
        "mart": mart,
        "messages_sent": sum(sent.values()),
        "full_dbt_build_s": full,
        "sensor_interval_s": intraday.INTERVAL_SECONDS,
        "contacts": contacts,
        "days": days,
    }


def _post_opens(target, signer, batch: list[dict], cid: str, at: dt.datetime, r: int) -> None:
    import json

    ts = int(at.timestamp())
    events = [
        {
            "email": m["to"],
            "timestamp": ts,
            "event": "open",
            "sg_event_id": f"bench-{r}-{m['ledger_id']}",
            "sg_message_id": f"{m['provider_message_id']}.b",
            "ledger_id": m["ledger_id"],
            "campaign_id": cid,
            "contact_id": m["custom_args"]["contact_id"],
            "variant_id": m["custom_args"].get("variant_id"),
            "sg_machine_open": False,
        }  # fmt: skip
        for m in batch
    ]
    body = json.dumps(events).encode()
    target.set_clock(at)
    response = target.client.post(
        "/sendgrid/events", content=body, headers=signer.sendgrid_headers(body, ts)
    )
    response.raise_for_status()


def freshness_result(
    contacts: int = DEMO_CONTACTS, days: int = DEMO_DAYS, rounds: int = ROUNDS
) -> Result:
    """p95 of post → visible through the intraday path, beside a full dbt build."""
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(contacts, days, rounds, Path(tmp))
    return Result(
        figure=figures["p95_s"],
        unit="s",
        baseline=figures["full_dbt_build_s"],
        baseline_label="the nightly path's full dbt build of every model (warehouse_job's dbt step)",
        higher_is_better=False,
        details=figures,
    )


@benchmark("freshness")
def freshness() -> Result:
    """Event posted to the webhooks app → visible in the campaign marts, at demo scale."""
    return freshness_result()


def main() -> None:  # pragma: no cover - manual runs
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=DEMO_CONTACTS)
    parser.add_argument("--days", type=int, default=DEMO_DAYS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    r = freshness_result(args.contacts, args.days, args.rounds)
    print(
        f"freshness p95 {r.figure:.1f} s (p50 {r.details['p50_s']:.1f} s, in {r.details['mart']}) "
        f"| full dbt build {r.baseline:.1f} s | {r.details}"
    )


if __name__ == "__main__":  # pragma: no cover
    main()
