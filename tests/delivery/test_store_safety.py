"""The ops store never hangs the sender and is never silently re-created."""

from __future__ import annotations

import threading
import time

import dagster as dg
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from delivery.store import StoreError, open_store
from enrollflow.cli import app
from orchestration.defs.delivery.jobs import campaign_step_job
from orchestration.defs.delivery.providers import SandboxEmailResource, SandboxSmsResource
from orchestration.defs.delivery.resources import OpsStoreResource, SenderResource
from orchestration.resources import WarehouseResource
from tests.fakes.blackhole import BlackHole


def test_a_missing_sqlite_store_is_an_error_and_is_not_created(tmp_path):
    path = tmp_path / "typo" / "ops.sqlite"
    with pytest.raises(StoreError, match="does not exist.*enrollflow ops migrate"):
        open_store(f"sqlite:///{path}")
    assert not path.exists() and not path.parent.exists()


def test_only_ops_migrate_creates_the_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    runner = CliRunner()
    status = runner.invoke(app, ["ops", "status", "--store", url])
    assert status.exit_code != 0 and "enrollflow ops migrate" in status.output
    assert not (tmp_path / "ops.sqlite").exists()
    assert runner.invoke(app, ["ops", "migrate", "--store", url]).exit_code == 0
    open_store(url).dispose()


def _step_job(url: str, tmp_path) -> dg.ExecuteInProcessResult:
    """The campaign step job as the sensors run it, with its ops store at ``url``."""
    return campaign_step_job.execute_in_process(
        run_config={"ops": {"advance_campaign_step": {"config": {"campaign_id": "cmp_x"}}}},
        resources={
            "ops_store": OpsStoreResource(url=url),
            "warehouse": WarehouseResource(path=str(tmp_path / "warehouse.duckdb")),
            "delivery": SenderResource(),
            "email": SandboxEmailResource(outbox_dir=str(tmp_path / "outbox")),
            "sms": SandboxSmsResource(outbox_dir=str(tmp_path / "outbox")),
        },
        raise_on_error=False,
    )


def test_the_step_job_refuses_a_missing_store(tmp_path):
    """What sensors and the step job open: a missing file fails the run, creating nothing."""
    result = _step_job(f"sqlite:///{tmp_path / 'ops.sqlite'}", tmp_path)
    assert not result.success
    failure = result.get_step_failure_events()[0].event_specific_data.error
    assert "does not exist" in failure.to_string()
    assert not (tmp_path / "ops.sqlite").exists()


def _finishes(fn, *, within: float = 60.0):
    """Run ``fn`` in a thread; return its exception (a hang guard, not a speed assertion)."""
    box: dict = {}

    def run():
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            box["exc"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(within)
    assert not t.is_alive(), "the store call hung on a black-holed connection"
    return box.get("exc")


def test_a_black_holed_postgres_fails_the_open_instead_of_hanging():
    """The listener accepts TCP and never speaks: connect_timeout bounds the wait."""
    with BlackHole() as hole:
        exc = _finishes(
            lambda: open_store(
                f"postgresql://enrollflow@127.0.0.1:{hole.port}/ops?connect_timeout=2"
            )
        )
    assert isinstance(exc, StoreError) and "cannot be reached" in str(exc)
    assert hole.connections >= 1


def test_a_black_holed_postgres_fails_the_step_job_instead_of_hanging(tmp_path):
    """Through the production job and resource with the default timeouts (no URL overrides)."""
    results: list = []
    with BlackHole() as hole:
        url = f"postgresql://enrollflow@127.0.0.1:{hole.port}/ops"
        _finishes(lambda: results.append(_step_job(url, tmp_path)))
    assert results and not results[0].success
    failure = results[0].get_step_failure_events()[0].event_specific_data.error
    assert "cannot be reached" in failure.to_string()


@pytest.mark.postgres
def test_postgres_sessions_carry_timeouts_and_keepalives(pg_url):
    store = open_store(pg_url)
    try:
        with store.engine.connect() as conn:
            shown = {
                name: conn.exec_driver_sql(f"SHOW {name}").scalar()
                for name in ("statement_timeout", "idle_in_transaction_session_timeout")
            }
            dsn = conn.connection.dbapi_connection.get_dsn_parameters()
        assert shown == {"statement_timeout": "1min", "idle_in_transaction_session_timeout": "1min"}
        assert dsn["keepalives"] == "1" and dsn["connect_timeout"] == "10"
        assert dsn["tcp_user_timeout"] == "30000"
    finally:
        store.dispose()


@pytest.mark.postgres
def test_a_transaction_left_open_is_ended_by_the_server(pg_url):
    """The URL may tighten a limit; a transaction left idle loses its locks and connection."""
    # the schema is built first under the default limits: on a loaded machine the DDL
    # transaction itself can sit idle between statements for longer than a tight limit
    open_store(pg_url).dispose()
    sep = "&" if "?" in pg_url else "?"
    store = open_store(f"{pg_url}{sep}options=-c%20idle_in_transaction_session_timeout%3D1000")
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW idle_in_transaction_session_timeout").scalar() == "1s"
            conn.commit()  # ends the autobegun transaction; the next one is left idle
            conn.begin()
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            conn.exec_driver_sql("SELECT count(*) FROM send_ledger")
            # idle in the transaction: another session watches the server end it (a loaded
            # machine may take longer than the limit to get there; no fixed sleep)
            deadline = time.monotonic() + 60
            with store.engine.connect() as watcher:
                while time.monotonic() < deadline:
                    alive = watcher.exec_driver_sql(
                        f"SELECT count(*) FROM pg_stat_activity WHERE pid = {int(pid)}"
                    ).scalar()
                    watcher.commit()
                    if not alive:
                        break
                    time.sleep(0.1)
            assert not alive, "the server did not end the idle transaction within 60 s"
            with pytest.raises(sa.exc.OperationalError):
                conn.exec_driver_sql("SELECT 1")
    finally:
        store.dispose()
