"""`make staging`: the production shape comes up as separate processes, runs a campaign step, stops.

The Dagster webserver and daemon run on a Dagster instance stored in the real PostgreSQL
(deploy/dagster.yaml, queued run coordinator), the ops store is PostgreSQL too, and the webhooks app
and the studio run beside them. A campaign step is launched through the webserver's GraphQL API,
queued, picked up by the daemon, run in its own process, and its messages land in the ledger; the
studio's API lists the campaign and pauses it in the same ops store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg2
import pytest
import sqlalchemy as sa

from delivery.campaigns.lifecycle import get_campaign
from delivery.identity import add_user, create_token
from delivery.journeys.scheduling import due_steps
from delivery.store import open_store
from privacy.crypto import KeyRing, new_key
from tests.fixtures.postgres import _create_database, _drop_database, _require_postgres, _url_for
from tests.journeys.conftest import World, launch

ROOT = Path(__file__).resolve().parents[2]
LONDON_9AM = dt.datetime(2026, 3, 2, 9, 0)

LAUNCH = """
mutation($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
  }
}"""
STATUS = "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query: str, variables: dict) -> dict:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        body = json.loads(resp.read())
    assert "errors" not in body, body
    return body["data"]


@pytest.fixture
def databases():
    _require_postgres()
    names = [_create_database("ef_staging_dagster"), _create_database("ef_staging_ops")]
    yield [_url_for(n) for n in names]
    for name in names:
        _drop_database(name)


def _processes_with_env(name: str, prefix: str) -> list[str]:
    """Command lines of live processes whose environment has ``name`` starting with ``prefix``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            env = (proc / "environ").read_bytes().split(b"\0")
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone, or not ours to read
            continue
        if any(v.startswith(f"{name}={prefix}".encode()) for v in env):
            found.append(cmd)
    return found


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_staging_runs_a_campaign_step_through_the_daemon(databases, tmp_path, demo_doc):
    dagster_url, ops_url = databases
    world = World(str(tmp_path / "warehouse.duckdb"))
    world.add_contacts(120, timezone="Europe/London")
    world.conn.close()
    # one key ring for this test and every staging process (the studio opens the users' sealed
    # emails the test writes), given to them as production gives it: in the environment
    keys = {"ENROLLFLOW_PRIVACY_KEYS": new_key("k1"), "ENROLLFLOW_PRIVACY_HASH_KEY": new_key("h1")}
    ring = KeyRing.parse(keys["ENROLLFLOW_PRIVACY_KEYS"], keys["ENROLLFLOW_PRIVACY_HASH_KEY"])
    store = open_store(ops_url, keys=ring)
    campaign = launch(store, demo_doc, audience_size=120)
    [step] = [s for s in due_steps(store, ["Europe/London"], LONDON_9AM) if s.step_id == "start"]

    dagster_port, webhooks_port, studio_port = _free_port(), _free_port(), _free_port()
    add_user(store, "ops.bot", "bot@school.edu", actor="test", now=LONDON_9AM, roles=["marketer"])
    token = create_token(store, "ops.bot", "staging test", actor="test", now=LONDON_9AM)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ENROLLFLOW_", "DAGSTER_"))}
    env |= {
        "STAGING_DAGSTER_PG_URL": dagster_url,
        "ENROLLFLOW_OPS_STORE_URL": ops_url,
        "ENROLLFLOW_DATA_DIR": str(tmp_path / "data"),
        "ENROLLFLOW_WAREHOUSE_PATH": str(tmp_path / "warehouse.duckdb"),
        **keys,
    }
    launcher = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy" / "staging.py"), "--home", str(tmp_path / "staging")]
        + ["--dagster-port", str(dagster_port), "--webhooks-port", str(webhooks_port)]
        + ["--studio-port", str(studio_port)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        line = launcher.stdout.readline()
        assert line.startswith("staging up"), line or launcher.wait(timeout=5)
        config = {
            "campaign_id": step.campaign_id,
            "step_id": step.step_id,
            "occurrence": step.occurrence,
            "now": LONDON_9AM.isoformat(),
        }
        params = {
            "selector": {
                "repositoryLocationName": "enrollflow",
                "repositoryName": "__repository__",
                "jobName": "campaign_step_job",
            },
            "runConfigData": {"ops": {"advance_campaign_step": {"config": config}}},
            "executionMetadata": {"tags": [{"key": "enrollflow/campaign", "value": campaign}]},
        }
        launched = _graphql(dagster_port, LAUNCH, {"params": params})["launchRun"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        run_id = launched["run"]["runId"]
        deadline = time.monotonic() + 600
        status = None
        while time.monotonic() < deadline:
            status = _graphql(dagster_port, STATUS, {"id": run_id})["runOrError"]["status"]
            if status in ("SUCCESS", "FAILURE", "CANCELED"):
                break
            time.sleep(2)
        assert status == "SUCCESS", (status, _tail(tmp_path / "staging" / "logs"))
        # the studio, its own process on the same Postgres ops store, lists and pauses it
        listed = _studio(studio_port, token, "GET", "/api/campaigns")
        assert {c["campaign_id"]: c["status"] for c in listed["campaigns"]}[campaign] == "running"
        paused = _studio(studio_port, token, "POST", f"/api/campaigns/{campaign}/pause")
        assert paused == {"campaign_id": campaign, "status": "paused"}
        assert get_campaign(store, campaign).status == "paused"
    finally:
        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(timeout=120) == 0
    # nothing of staging is left running (a code server once outlived the webserver)
    home = str(tmp_path / "staging")
    assert _processes_with_env("DAGSTER_HOME", home) == []

    # the messages left through the sandbox, once each, recorded in the Postgres ops store
    with store.engine.connect() as conn:
        states = dict(
            conn.execute(
                sa.text(
                    "SELECT state, count(*) FROM send_ledger WHERE campaign_id = :c GROUP BY state"
                ),
                {"c": campaign},
            ).fetchall()
        )
    store.dispose()
    assert states.get("submitted", 0) > 0 and set(states) == {"submitted"}, states
    # the run lived in the Postgres-backed Dagster instance, not in local files
    with psycopg2.connect(dagster_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT status FROM runs WHERE run_id = %s", [run_id])
        assert cur.fetchone() == ("SUCCESS",)


def _studio(port: int, token: str, method: str, path: str) -> dict:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        method=method,
        headers={"Authorization": f"Bearer {token}"},
        data=b"" if method == "POST" else None,
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read())


def _tail(logs: Path) -> str:
    return "\n".join(f"{p.name}: {p.read_text()[-1500:]}" for p in sorted(logs.glob("*.log")))


@pytest.fixture
def demo_doc():
    import copy

    from tests.journeys.conftest import _DEMO

    return copy.deepcopy(_DEMO)
