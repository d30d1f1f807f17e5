"""An ops store (SQLite, and the same test on the real Postgres) with one user per role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from delivery.identity import add_user
from delivery.store import Store, open_store

NOW = dt.datetime(2026, 3, 1, 9, 0)
USERS = {"maria": ["marketer"], "olga": ["approver"], "root": ["admin", "approver"],
         "vera": ["viewer"]}  # fmt: skip


def _seed(store: Store) -> None:
    for user, roles in USERS.items():
        add_user(store, user, f"{user}@northbridge.edu", actor="test", now=NOW, roles=roles)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    opened = open_store(url, create=True)
    _seed(opened)
    yield opened
    opened.dispose()
