"""Revision 0011_privacy creates exactly what privacy/tables.py declares (SQLite and Postgres)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from delivery.store import current_revision, head_revision, migrate
from delivery.store.schema import metadata
from privacy.tables import PRIVACY_TABLES


def test_privacy_tables_match_the_migration_and_downgrade(any_store):
    assert current_revision(any_store) == head_revision()
    names = {t.name for t in PRIVACY_TABLES}
    with any_store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    ours = [d for d in diffs if names & set(map(str, _names(d)))]
    assert ours == [], ours
    migrate(any_store, "0011_privacy")  # idempotent at its own revision
    from alembic import command

    from delivery.store import _alembic_config

    cfg = _alembic_config(any_store.url)
    with any_store.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0011_privacy-1")
        conn.commit()
    with any_store.engine.connect() as conn:
        left = set(MigrationContext.configure(conn).connection.dialect.get_table_names(conn))
    assert not names & left
    migrate(any_store)
    assert current_revision(any_store) == head_revision()


def _names(diff) -> list:
    if isinstance(diff, list):
        return [diff[0][2]]
    return [getattr(x, "name", x) for x in diff[1:3]] + [
        getattr(getattr(x, "table", None), "name", None) for x in diff[1:2]
    ]
