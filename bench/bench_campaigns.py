"""Benchmarks: one campaign step over 100k due contacts, and one scheduler tick over 100 campaigns.

``campaign_step`` (SQLite ops store) and ``campaign_step_postgres`` (a throw-away database on
``ENROLLFLOW_POSTGRES_URL``): a campaign whose segment-entry trigger admits 100k contacts (20
time zones) and runs split -> send in one tick: eligibility rules (consent, suppression,
3-per-7-days cap read from the ledger, quiet hours per zone), A/B assignment and the ledger
write, all set-based (:func:`delivery.journeys.engine.advance_campaign`, what the step job's
first op runs); then rendering of every enqueued message with the campaign's sandboxed templates,
as dispatch renders it once in the claim's check before the provider call (sealed recipient
opened, recipient checked, signed unsubscribe token, the message object). The figure is CPU
seconds of engine + rendering: this process's CPU plus, on Postgres, the CPU of the server
backends serving it (``/proc/<pid>/stat``; the server is local); the engine alone (what the step
job's op runs, rendering excluded) is ``step_cpu_s`` in the details. Not in the figure: reading the
pending rows and the contacts' attributes back for rendering (``dispatch_reads_cpu_s`` in the
details), and the rest of dispatch -- claims, the dispatch-time check, ``sending`` marks, the
provider (``send_check_overhead``, ``sandbox_dispatch``). The step renders nothing: every
message is rendered once, at dispatch. Both run in a Dagster run worker, which has loaded the
code location first: the benchmark loads it too (not timed), so the step's allocations share
that heap, frozen out of the collector's full passes as in production (``orchestration/heap.py``).
Beside it, the naive way on the same store: a Python loop per contact (one query per contact
for attributes and the cap, zoneinfo per contact, one INSERT + commit per message, rendering
each message afresh), timed on a sample and extrapolated. First names are drawn from 5,000
names with 1/rank weights (about 3,900 distinct among 100k, as real first names are skewed),
so the rendering memo sees a realistic number of distinct inputs; the details also give the
rendering cost when every contact's name is distinct (no memo hits).

``campaign_scheduler_tick``: 100 running campaigns across 10 organisations, 1,000 journey rows
each (a third of them due), 20 zones; the figure is :func:`delivery.journeys.scheduling.due_steps`
(what the Dagster scheduler sensor runs each tick); the baseline loops over campaigns and rows.

The contacts are synthetic (numpy, fixed seed), not the simulator's business. Run::

    python -m bench campaign_step campaign_scheduler_tick
    python -m bench.bench_campaigns --contacts 20000          # quick look
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import gc
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pandas as pd
import sqlalchemy as sa
import yaml

from bench.runner import Result, benchmark, throwaway_postgres
from delivery.campaigns import lifecycle
from delivery.campaigns.tables import journey_state
from delivery.campaigns.validation import validate_campaign
from delivery.content.review import approve_campaign_content
from delivery.journeys.demo import DEMO_FILE, DEMO_SENDER
from delivery.journeys.engine import advance_campaign
from delivery.journeys.render import CampaignRenderer
from delivery.journeys.scheduling import due_steps
from delivery.journeys.sources import WarehouseSource
from delivery.ledger import Ledger, sealed_columns
from delivery.store import open_store
from delivery.store.schema import send_ledger

STEP_CONTACTS = 100_000
ZONES = [
    "Europe/London",
    "Europe/Madrid",
    "Europe/Berlin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Warsaw",
    "Europe/Athens",
    "Africa/Lagos",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "America/Mexico_City",
    "UTC",
]
NOW_STEP = dt.datetime(2026, 3, 2, 14, 0)
FIRST_NAMES = 5000
UNIQUE_SAMPLE = 5000


def _warehouse(n: int, seed: int = 42) -> duckdb.DuckDBPyConnection:
    rng = np.random.default_rng(seed)
    ids = [f"c_{i:07d}" for i in range(n)]
    weights = 1 / np.arange(1, FIRST_NAMES + 1)
    names = [f"Name{k:04d}" for k in range(FIRST_NAMES)]
    contacts = pd.DataFrame(
        {
            "contact_id": ids,
            "first_name": rng.choice(names, n, p=weights / weights.sum()),
            "email": [f"{c}@example.edu" for c in ids],
            "phone": [f"+447911{i % 1_000_000:06d}" for i in range(n)],
            "timezone": np.where(rng.random(n) < 0.05, None, rng.choice(ZONES, n)),
            "locale": rng.choice(["en", "es", "fr"], n, p=[0.7, 0.2, 0.1]),
            "has_email_consent": rng.random(n) < 0.92,
            "has_sms_consent": rng.random(n) < 0.6,
            "is_email_suppressed": rng.random(n) < 0.01,
            "is_sms_suppressed": rng.random(n) < 0.01,
        }
    )
    members = pd.DataFrame(
        {
            "segment_name": "new_leads_no_application_14d",
            "contact_id": ids,
            "valid_from": dt.datetime(2026, 3, 2),
            "valid_to": pd.NaT,
        }
    )
    conn = duckdb.connect()
    for name, frame in (("dim_contacts", contacts), ("segment_memberships", members)):
        conn.register("_f", frame)
        conn.execute(f"CREATE TABLE {name} AS SELECT * FROM _f")
        conn.unregister("_f")
    conn.execute(
        "CREATE TABLE fct_contact_activity (contact_id VARCHAR, activity_type VARCHAR, occurred_at TIMESTAMP)"
    )
    return conn


def _step_document() -> dict:
    doc = yaml.safe_load(DEMO_FILE.read_text())
    nodes = {n["id"]: n for n in doc["workflow"]["nodes"]}
    nodes["invite"]["next"] = "done"
    nodes["subject_test"]["holdout"] = 0.0
    nodes["subject_test"].pop("holdout_next")
    doc["workflow"]["nodes"] = [nodes[k] for k in ("start", "subject_test", "invite", "done")]
    doc["workflow"]["step_time_limit_seconds"] = 3600
    doc["rules"]["email_window"] = None
    doc["budget"]["amount"] = 1_000_000
    doc["channels"] = ["email"]
    doc["content"] = [c for c in doc["content"] if c["channel"] == "email"]
    # every contact entered the segment today: all of them are due in this one step
    doc["workflow"]["nodes"][0]["trigger"] = {
        "kind": "segment_entry",
        "segment": "new_leads_no_application_14d",
    }
    doc["start_at"] = "2026-03-01T00:00:00"
    return doc


def _prior_sends(store, n: int, seed: int = 7, per_contact: tuple[int, ...] = (1, 2, 3)) -> None:
    """A realistic ledger: ~10 % of contacts already got ``per_contact`` emails (1-3 by default,
    drawn per contact) in the days before this week's step (the cap applies)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in rng.choice(n, n // 10, replace=False):
        for k in range(int(rng.choice(per_contact))):
            sent_at = NOW_STEP - dt.timedelta(days=k + 1)
            rows.append(
                {
                    "ledger_id": f"older:s{k}:c_{i:07d}:email:1",
                    "campaign_id": "older",
                    "step_id": f"s{k}",
                    "contact_id": f"c_{i:07d}",
                    "channel": "email",
                    "occurrence": 1,
                    "state": "delivered",
                    "attempts": 1,
                    "created_at": sent_at,
                    "reserved_at": sent_at,
                    "updated_at": NOW_STEP,
                }
            )
    with store.begin() as conn:
        conn.execute(send_ledger.insert(), rows)


@contextlib.contextmanager
def ops_store_url(kind: str, tmp: Path, name: str = "ops") -> Iterator[str]:
    """A fresh ops store URL: a SQLite file in ``tmp``, or a throw-away Postgres database."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp / f'{name}.sqlite'}"
        return
    with throwaway_postgres(f"bench_{name}") as url:
        yield url


def server_cpu(store) -> float:
    """CPU seconds used so far by the Postgres backends serving ``store``'s database (0 on
    SQLite, which runs in this process and is in ``time.process_time``)."""
    if store.engine.dialect.name != "postgresql":
        return 0.0
    with store.engine.connect() as conn:
        pids = conn.execute(
            sa.text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_type = 'client backend'"
            )
        ).scalars()
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # the server is not on this machine: client CPU only
                continue
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


class _Clock:
    """Wall seconds and CPU seconds (this process + the store's server backends)."""

    def __init__(self, store) -> None:
        self.store = store
        self.wall, self.cpu, self.server = (
            time.perf_counter(),
            time.process_time(),
            server_cpu(store),
        )

    def lap(self) -> tuple[float, float, float]:
        """(wall, process CPU, server CPU) since the last lap."""
        now = (time.perf_counter(), time.process_time(), server_cpu(self.store))
        out = (now[0] - self.wall, now[1] - self.cpu, now[2] - self.server)
        self.wall, self.cpu, self.server = now
        return out


def _launched(url: str, n: int):
    store = open_store(url, create=True)
    campaign = validate_campaign(_step_document(), "bench")
    lifecycle.apply_campaign(store, campaign, actor="bench", now=NOW_STEP)
    lifecycle.grant_role(
        store, "approver", "approver", email="a@x.edu", actor="bench", now=NOW_STEP
    )
    lifecycle.approve(
        store, campaign.campaign_id, approver="approver", audience_size=n, now=NOW_STEP
    )
    approve_campaign_content(store, campaign, author="bench", approver="approver", now=NOW_STEP)
    lifecycle.launch(store, campaign.campaign_id, actor="bench", audience_size=n, now=NOW_STEP)
    _prior_sends(store, n)
    return store, campaign


def _fresh_renderer(campaign) -> CampaignRenderer:
    """Templates compiled once (the renderer is shared) but every message rendered afresh."""
    renderer = CampaignRenderer(campaign, DEMO_SENDER, "http://127.0.0.1:8000")
    for template_id, variant in renderer.sets:
        renderer._renderer(template_id, variant).memo = None
    return renderer


def _render_all(campaign, rows, records) -> tuple[CampaignRenderer, int]:
    renderer = CampaignRenderer(campaign, DEMO_SENDER, "http://127.0.0.1:8000")
    for row in rows:
        renderer.render(row, records[row.contact_id])
    return renderer, len(rows)


def run_step(n: int, url: str) -> dict:
    """Time one engine step and the rendering of what it enqueued; return figures."""
    conn = _warehouse(n)
    source = WarehouseSource(conn)
    store, campaign = _launched(url, n)
    clock = _Clock(store)
    report = advance_campaign(store, source, campaign.campaign_id, now=NOW_STEP, batch_size=n)
    engine_s, engine_cpu, engine_server = clock.lap()
    rows = [r for r in Ledger(store).rows(state="pending") if r.campaign_id == campaign.campaign_id]
    contacts = source.contacts([r.contact_id for r in rows]).set_index("contact_id", drop=False)
    records = dict(zip(contacts.index, contacts.to_dict("records"), strict=True))
    _, reads_cpu, reads_server = clock.lap()  # not in the figure (see the module docstring)
    renderer, rendered = _render_all(campaign, rows, records)
    render_s, render_cpu, _ = clock.lap()
    memos = [r.memo for r in renderer._renderers.values() if r.memo is not None]
    # worst case: every contact has a name of their own (each value sanitised once), on a
    # sample rendered by a renderer that has already built its templates (per-message cost only)
    sample = rows[:UNIQUE_SAMPLE]
    unique = {r.contact_id: {**records[r.contact_id], "first_name": r.contact_id} for r in sample}
    warm = CampaignRenderer(campaign, DEMO_SENDER, "http://127.0.0.1:8000")
    for r in {(r.step_id, r.variant_id, records[r.contact_id]["locale"]): r for r in rows}.values():
        warm.render(r, {**records[r.contact_id], "first_name": "Warm"})
    clock.lap()
    for row in sample:
        warm.render(row, unique[row.contact_id])
    _, unique_cpu, _ = clock.lap()
    store.dispose()
    conn.close()
    return {
        "store": store.engine.dialect.name,
        "due_contacts": report.admitted,
        "enqueued": report.enqueued,
        "deferred": report.deferred,
        "skipped": sum(report.skipped.values()),
        "engine_s": engine_s,
        "engine_cpu_s": engine_cpu,  # this process (SQLite included)
        "engine_server_cpu_s": engine_server,  # Postgres backends
        # the step job's op alone (planning + ledger and journey writes), without rendering
        "step_cpu_s": engine_cpu + engine_server,
        "dispatch_reads_cpu_s": reads_cpu + reads_server,  # rows + contacts, not in cpu_s
        "render_s": render_s,
        "render_cpu_s": render_cpu,
        "render_per_message_ms": 1000 * render_cpu / max(rendered, 1),
        "render_distinct_inputs": sum(len(m) for m in memos),
        "render_memo_hit_rate": sum(m.hits for m in memos)
        / max(sum(m.hits + m.misses for m in memos), 1),
        "render_cpu_s_if_all_names_distinct": unique_cpu * rendered / max(len(sample), 1),
        "cpu_s": engine_cpu + engine_server + render_cpu,
        "wall_s": engine_s + render_s,
    }


def naive_step(n: int, sample: int, url: str) -> dict:
    """The naive per-contact loop on ``sample`` contacts, extrapolated to ``n``: wall and CPU."""
    conn = _warehouse(n)
    store = open_store(url, create=True)
    _prior_sends(store, n)
    campaign = validate_campaign(_step_document(), "bench")
    ids = [f"c_{i:07d}" for i in range(sample)]
    renderer = _fresh_renderer(campaign)
    clock = _Clock(store)
    for cid in ids:
        row = (
            conn.execute("SELECT * FROM dim_contacts WHERE contact_id = ?", [cid])
            .df()
            .to_dict("records")[0]
        )
        if not row["has_email_consent"] or row["is_email_suppressed"]:
            continue
        with store.engine.connect() as c:
            recent = c.execute(
                sa.select(sa.func.count()).where(
                    send_ledger.c.contact_id == cid,
                    send_ledger.c.channel == "email",
                    send_ledger.c.created_at > NOW_STEP - dt.timedelta(days=7),
                )
            ).scalar_one()
        if recent >= 3:
            continue
        zone = row["timezone"] or "Europe/London"
        local = NOW_STEP.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone))
        if not 0 <= local.hour < 24:
            continue
        variant = "A" if int(hashlib.sha256(f"x:{cid}".encode()).hexdigest(), 16) % 2 else "B"
        ledger_id = f"naive:invite:{cid}:email:1"
        with store.begin() as c:
            c.execute(
                send_ledger.insert().values(
                    ledger_id=ledger_id,
                    campaign_id="naive",
                    step_id="invite",
                    contact_id=cid,
                    channel="email",
                    occurrence=1,
                    variant_id=variant,
                    **sealed_columns(store, "email", row["email"]),
                    state="pending",
                    attempts=0,
                    created_at=NOW_STEP,
                    updated_at=NOW_STEP,
                )
            )
        ledger_row = Ledger(store).get(ledger_id)
        renderer.render(ledger_row, row)
    wall, cpu, server = clock.lap()
    store.dispose()
    conn.close()
    scale = n / sample
    return {"wall_s": wall * scale, "cpu_s": (cpu + server) * scale}


def run_scheduler_tick(
    tmp: Path, campaigns: int = 100, orgs: int = 10, rows: int = 1000
) -> tuple[float, float, int]:
    """(set-based seconds, naive seconds, due steps found) for one scheduler tick."""
    store = open_store(f"sqlite:///{tmp / 'sched.sqlite'}", create=True)
    base = _step_document()
    states = []
    rng = np.random.default_rng(3)
    for i in range(campaigns):
        doc = copy.deepcopy(base)
        doc["campaign_id"] = f"cmp_{i:03d}"
        doc["organisation"] = f"org_{i % orgs:02d}"
        campaign = validate_campaign(doc, "bench")
        lifecycle.apply_campaign(store, campaign, actor="bench", now=NOW_STEP)
        lifecycle.launch(
            store, campaign.campaign_id, actor="bench", audience_size=500, now=NOW_STEP
        )
        due = NOW_STEP + pd.to_timedelta(rng.integers(-3600, 7200, rows), unit="s")
        for j in range(rows):
            states.append(
                {
                    "campaign_id": campaign.campaign_id,
                    "contact_id": f"c_{j:07d}",
                    "occurrence": 20260302,
                    "node_id": "invite",
                    "status": "active",
                    "due_at": due[j].to_pydatetime(),
                    "entered_at": NOW_STEP,
                    "updated_at": NOW_STEP,
                }
            )
    with store.begin() as conn:
        conn.execute(journey_state.insert(), states)
    began = time.perf_counter()
    found = due_steps(store, ZONES, NOW_STEP)
    fast = time.perf_counter() - began
    began = time.perf_counter()
    naive_found = 0
    for record in lifecycle.list_campaigns(store):
        spec = lifecycle.get_campaign(store, record["campaign_id"]).spec
        with store.engine.connect() as conn:
            for row in conn.execute(
                sa.select(journey_state).where(journey_state.c.campaign_id == spec.campaign_id)
            ).mappings():
                if row["status"] == "active" and row["due_at"] <= NOW_STEP:
                    naive_found += 1
                    break
    slow = time.perf_counter() - began
    store.dispose()
    return fast, slow, len(found)


def _as_a_run_worker() -> float:
    """Load the code location, as the run worker of the step job (and of dispatch) has before
    its op runs: its heap (Dagster, dbt, our definitions) is the one the step's allocations
    share, frozen out of the collector's full passes as production does
    (``orchestration/heap.py``). Returns the seconds it took (once per process)."""
    started = time.perf_counter()
    import orchestration.definitions  # noqa: F401

    return time.perf_counter() - started


def _step_result(kind: str, n: int = STEP_CONTACTS, sample: int = 500) -> Result:
    loaded_s = _as_a_run_worker()
    with tempfile.TemporaryDirectory() as tmp:
        with ops_store_url(kind, Path(tmp), "step") as url:
            figures = run_step(n, url)
        with ops_store_url(kind, Path(tmp), "naive") as url:
            naive = naive_step(n, sample, url)
    return Result(
        figure=figures["cpu_s"],
        unit="CPU-s",
        baseline=naive["cpu_s"],
        baseline_label=(
            f"per-contact Python loop on {kind} (queries, zoneinfo, INSERT+commit, render; "
            f"templates compiled once, no memo), {sample}-contact sample extrapolated"
        ),
        higher_is_better=False,
        details={
            **figures,
            "naive_wall_s": naive["wall_s"],
            "naive_cpu_s": naive["cpu_s"],
            "code_location_load_s": round(loaded_s, 2),
            "frozen_objects": gc.get_freeze_count(),
        },
    )


@benchmark("campaign_step")
def campaign_step() -> Result:
    """One workflow step for 100k due contacts on SQLite vs a per-contact Python loop."""
    return _step_result("sqlite")


@benchmark("campaign_step_postgres")
def campaign_step_postgres() -> Result:
    """The same step on a Postgres ops store (server CPU counted)."""
    return _step_result("postgres")


@benchmark("campaign_scheduler_tick")
def campaign_scheduler_tick() -> Result:
    """One scheduler tick over 100 running campaigns in 10 organisations."""
    with tempfile.TemporaryDirectory() as tmp:
        fast, slow, found = run_scheduler_tick(Path(tmp))
    return Result(
        figure=fast,
        unit="s",
        baseline=slow,
        baseline_label="loop over campaigns and their journey rows in Python",
        higher_is_better=False,
        details={"due_steps": found, "campaigns": 100, "organisations": 10},
    )


def main() -> None:  # pragma: no cover - manual runs
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=STEP_CONTACTS)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    print(_step_result(args.store, args.contacts, args.sample))


if __name__ == "__main__":  # pragma: no cover
    main()
