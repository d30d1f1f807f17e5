"""The studio on the tiny business: a real dbt build plus the segment assets' memberships, an
ops store (SQLite, and Postgres where marked) with one user per role, and a controllable clock."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
import uvicorn
from starlette.testclient import TestClient

from delivery.identity import add_user
from delivery.store import open_store
from segments.compiler import compile_segment
from segments.history import materialise
from segments.loader import load_definitions
from segments.warehouse import Warehouse
from studio.app import create_app
from studio.config import REPO, StudioConfig
from tests.fixtures.warehouse import simulated_now

PASSWORD = "studio-test-password"
USERS = {
    "vera": "viewer",
    "ana": "analyst",
    "maria": "marketer",
    "olga": "approver",
    "root": "admin",
}
ROLE_USER = {role: user for user, role in USERS.items()}


@pytest.fixture(scope="session")
def studio_warehouse(tiny_warehouse, tiny_business, tmp_path_factory) -> tuple[Path, dt.datetime]:
    """A copy of the tiny dbt build with every segment materialised at the simulated now."""
    path = tmp_path_factory.mktemp("studio_wh") / "warehouse.duckdb"
    shutil.copyfile(tiny_warehouse, path)
    now = simulated_now(tiny_business.manifest)
    catalog = load_definitions(REPO / "segments" / "definitions")
    with duckdb.connect(str(path)) as conn:
        wh = Warehouse(conn)
        for segment in catalog.segments.values():
            materialise(wh, compile_segment(segment, now=now, segments=catalog.segments), now)
    return path, now


@dataclass
class Clock:
    """The studio's clock: the simulated business's now, moved by tests."""

    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now.replace(tzinfo=dt.UTC) if self.now.tzinfo is None else self.now


@dataclass
class StudioEnv:
    config: StudioConfig
    clock: Clock
    app: object = None
    clients: dict[str, TestClient] = field(default_factory=dict)

    @property
    def store(self):
        return self.app.state.studio.store

    def client(self, user: str | None = None) -> TestClient:
        """A test client, signed in as ``user`` (a user id) unless None."""
        client = TestClient(self.app)
        if user:
            login(client, user)
        return client


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


def login(client: TestClient, user: str, password: str = PASSWORD):
    page = client.get("/login")
    r = client.post(
        "/login",
        data={"username": user, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    return r


def _seed_users(store, now: dt.datetime) -> None:
    for user, role in USERS.items():
        add_user(
            store, user, f"{user}@northbridge.edu", actor="test", now=now, password=PASSWORD,
            roles=[role], display_name=user.capitalize(),
        )  # fmt: skip


def _env(url: str, studio_warehouse, tmp_path: Path, **extra: object) -> StudioEnv:
    path, now = studio_warehouse
    clock = Clock(now + dt.timedelta(hours=9))
    config = StudioConfig(
        store_url=url,
        warehouse_path=path,
        clock=clock,
        live_interval=0.05,
        assets_dir=tmp_path / "assets",
        reports_dir=tmp_path / "reports",
        **extra,
    )
    env = StudioEnv(config=config, clock=clock)
    open_store(url, create=True).dispose()  # as `enrollflow ops migrate` does before a deployment
    env.app = create_app(config)
    _seed_users(env.store, clock())
    return env


@pytest.fixture
def studio(studio_warehouse, tmp_path) -> Iterator[StudioEnv]:
    """The studio on a fresh SQLite ops store."""
    env = _env(f"sqlite:///{tmp_path / 'ops.sqlite'}", studio_warehouse, tmp_path)
    yield env
    env.store.dispose()


@pytest.fixture
def pg_studio(studio_warehouse, tmp_path, pg_url) -> Iterator[StudioEnv]:
    """The studio on a fresh Postgres ops store."""
    env = _env(pg_url, studio_warehouse, tmp_path)
    yield env
    env.store.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    env: StudioEnv


def serve(env: StudioEnv) -> Iterator[LiveServer]:
    """Run the studio under uvicorn in a thread (what ``enrollflow studio`` does)."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(env.app, host="127.0.0.1", port=port, log_level="warning", ws="websockets")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield LiveServer(f"http://127.0.0.1:{port}", env)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def live_server(studio) -> Iterator[LiveServer]:
    yield from serve(studio)


#: a segment the big audience fixture grows past the 1,000-contact approval threshold
BIG_SEGMENT = "new_leads_no_application_14d"


@pytest.fixture(scope="session")
def big_studio_warehouse(studio_warehouse, tmp_path_factory) -> tuple[Path, dt.datetime]:
    """The studio warehouse with 1,200 more members in :data:`BIG_SEGMENT` (an audience over
    1,000 contacts: approval rules apply)."""
    path, now = studio_warehouse
    big = tmp_path_factory.mktemp("studio_big") / "warehouse.duckdb"
    shutil.copyfile(path, big)
    with duckdb.connect(str(big)) as conn:
        conn.execute(
            """INSERT INTO segment_memberships (segment_name, contact_id, valid_from, valid_to)
               SELECT $s, 'big_' || lpad(i::VARCHAR, 5, '0'), $at, NULL FROM range(1200) t(i)""",
            {"s": BIG_SEGMENT, "at": now - dt.timedelta(days=1)},
        )
    return big, now


@pytest.fixture
def big_studio(big_studio_warehouse, tmp_path) -> Iterator[StudioEnv]:
    """The studio on a fresh SQLite ops store and the big-audience warehouse."""
    env = _env(f"sqlite:///{tmp_path / 'ops.sqlite'}", big_studio_warehouse, tmp_path)
    yield env
    env.store.dispose()


@pytest.fixture
def big_live_server(big_studio) -> Iterator[LiveServer]:
    yield from serve(big_studio)
