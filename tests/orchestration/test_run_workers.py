"""Several run workers, one Postgres ops store: the exactly-once ledger holds across processes.

A deployment beyond one machine runs Dagster's queue with several run workers (docs/scale.md).
Here the campaign step the ``campaign_scheduler`` sensor asks for is executed *twice at once*, by
two worker processes on the same Postgres-backed Dagster instance (``deploy/dagster.yaml``) and
the same Postgres ops store — what a replayed tick on a second daemon, or a run re-launched while
the first still runs, would do. Every contact's message is still admitted, enqueued and sent once.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import dagster as dg
import pytest

from delivery.store import open_store
from orchestration.definitions import defs
from orchestration.pools import pools_of, set_up_pools
from tests.fixtures.postgres import _create_database, _drop_database, _url_for
from tests.journeys.conftest import _DEMO, World, launch
from tests.orchestration.send_path import Production, ledger, outbox_counts, sandbox_resources

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_YAML = ROOT / "deploy" / "dagster.yaml"
LONDON_9AM = dt.datetime(2026, 3, 2, 9, 0)
AUDIENCE = 100


@pytest.fixture
def dagster_home(pg_url, tmp_path):
    """The production instance (Postgres run/event storage, queued runs) in its own database."""
    name = _create_database("enrollflow_dg")
    url = urlparse(_url_for(name))
    env = {
        "DAGSTER_PG_HOST": url.hostname or "127.0.0.1",
        "DAGSTER_PG_PORT": str(url.port or 5432),
        "DAGSTER_PG_USERNAME": url.username or "postgres",
        "DAGSTER_PG_PASSWORD": url.password or "unused-with-trust-auth",
        "DAGSTER_PG_DB": name,
    }
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(DEPLOY_YAML, home / "dagster.yaml")
    yield home, env
    _drop_database(name)


@pytest.mark.postgres
def test_two_workers_running_the_same_step_send_each_message_once(
    pg_url, dagster_home, tmp_path, monkeypatch
):
    home, dagster_env = dagster_home
    for key, value in {**dagster_env, "DAGSTER_HOME": str(home)}.items():
        monkeypatch.setenv(key, value)
    store = open_store(pg_url)
    warehouse = tmp_path / "warehouse.duckdb"
    world = World(str(warehouse))
    world.add_contacts(AUDIENCE, timezone="Europe/London")
    world.conn.close()
    launch(store, copy.deepcopy(_DEMO), audience_size=AUDIENCE)
    outbox = tmp_path / "outbox"
    resources = sandbox_resources(pg_url, warehouse, outbox)

    # the run the scheduler sensor asks for at 09:00 London, with its now pinned
    instance = dg.DagsterInstance.get()
    try:
        # as a deployment does before any run (deploy/staging.py): without it the two first
        # runs race to create the pool and one fails (dagster-io/dagster#33552)
        assert set_up_pools(instance, pools_of(defs)) == ["campaign_steps", "duckdb_warehouse"]
        [request] = Production(instance, resources, monkeypatch).requests(LONDON_9AM)
    finally:
        instance.dispose()
    config = request.run_config
    config = config.to_config_dict() if hasattr(config, "to_config_dict") else config
    config["ops"]["advance_campaign_step"]["config"]["now"] = LONDON_9AM.isoformat()
    request_file = tmp_path / "request.json"
    request_file.write_text(json.dumps({"run_config": config, "tags": request.tags}))

    go = tmp_path / "go"
    cmd = [
        sys.executable, "-m", "tests.orchestration.run_worker", "--store", pg_url,
        "--warehouse", str(warehouse), "--outbox", str(outbox),
        "--request", str(request_file), "--go", str(go),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    workers = [
        subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    go.touch()  # both start the same run now
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err.decode()[-3000:]
        reports.append(json.loads(out.decode().strip().splitlines()[-1]))

    # two processes, two runs recorded in the shared Postgres instance
    assert len({r["pid"] for r in reports} | {os.getpid()}) == 3
    assert all(r["success"] for r in reports), "\n".join(e for r in reports for e in r["errors"])
    instance = dg.DagsterInstance.get()
    try:
        runs = instance.get_runs(dg.RunsFilter(run_ids=[r["run_id"] for r in reports]))
        assert {r.status for r in runs} == {dg.DagsterRunStatus.SUCCESS} and len(runs) == 2
    finally:
        instance.dispose()

    # each contact admitted once between the two runs; each message enqueued once and sent once
    assert sum(r["admitted"] for r in reports) == AUDIENCE
    rows = ledger(store)
    assert len(rows) == sum(r["enqueued"] for r in reports) > AUDIENCE // 2
    assert not rows.duplicated(["campaign_id", "step_id", "contact_id", "channel"]).any()
    assert set(rows["state"]) == {"submitted"}, rows["state"].value_counts()
    counts = outbox_counts(outbox)
    assert {lid: counts[lid] for lid in rows["ledger_id"]} == {lid: 1 for lid in rows["ledger_id"]}
    store.dispose()
