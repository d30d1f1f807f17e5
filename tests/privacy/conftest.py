"""Fixtures of the privacy tests: a key ring, stores, and a whole business to erase someone from."""

from __future__ import annotations

import collections
import datetime as dt
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from delivery.store import Store, migrate, open_store
from privacy.crypto import KeyRing, new_key
from tests.journeys.conftest import _migrated_store_file, _pg_template, store  # noqa: F401

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def keys() -> KeyRing:
    return KeyRing.parse(new_key("k1"), new_key("h1"))


@pytest.fixture
def sqlite_store(tmp_path, keys) -> Iterator[Store]:
    # the store seals its address columns with the same keys the privacy code is given
    opened = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True, keys=keys)
    yield opened
    opened.dispose()


@pytest.fixture
def pg_store(pg_url, keys) -> Iterator[Store]:
    opened = open_store(pg_url, keys=keys)
    yield opened
    opened.dispose()


def store_at(revision: str, kind: str, tmp_path: Path, request) -> Store:
    """A store (``kind``: sqlite or postgres) migrated only up to ``revision``, with fresh keys:
    a migration test writes rows as that revision did, then migrates further."""
    url = (
        f"sqlite:///{tmp_path / 'ops.sqlite'}"
        if kind == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
    opened = Store(url=url, engine=engine, _keys=KeyRing.parse(new_key("k1"), new_key("h1")))
    migrate(opened, revision)
    return opened


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request) -> Store:
    return request.getfixturevalue("sqlite_store" if request.param == "sqlite" else "pg_store")


@dataclass(frozen=True)
class Subject:
    """The contact a test erases: their CRM record (as the simulator wrote it)."""

    contact_id: str
    first_name: str
    last_name: str
    email: str
    phone: str


@dataclass(frozen=True)
class Copy:
    """A private copy of the tiny business: landing zone, built warehouse, data dir."""

    data: Path
    landing: Path
    warehouse: Path


@pytest.fixture
def business_copy(tiny_business, tiny_warehouse, tmp_path) -> Copy:
    data = tmp_path / "data"
    shutil.copytree(tiny_business.landing, data / "landing")
    shutil.copyfile(tiny_warehouse, data / "warehouse.duckdb")
    return Copy(data, data / "landing", data / "warehouse.duckdb")


def pick_subject(landing: Path, warehouse: Path) -> Subject:
    """A contact with a phone, names nobody else has, and the most SendGrid events."""
    records: dict[str, dict] = {}
    for path in sorted((landing / "crm").glob("*/contacts*.jsonl")):
        for line in path.read_text().splitlines():
            r = json.loads(line)
            records[r["contact_id"]] = r
    names = collections.Counter(
        n for r in records.values() for n in (r["first_name"], r["last_name"])
    )
    unique = [
        r
        for r in records.values()
        if r["phone"] and names[r["first_name"]] == 1 and names[r["last_name"]] == 1
    ]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        events = dict(
            con.execute(
                "SELECT contact_id, count(*) FROM raw_sendgrid__events GROUP BY 1"
            ).fetchall()
        )
    best = max(unique, key=lambda r: (events.get(r["contact_id"], 0), r["contact_id"]))
    assert events.get(best["contact_id"], 0) > 0, "the tiny business should email this contact"
    return Subject(
        best["contact_id"], best["first_name"], best["last_name"], best["email"], best["phone"]
    )
