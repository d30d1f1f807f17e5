"""Fixtures of the orchestration tests: the journeys' ``store`` (a fresh ops store on SQLite and
on the real Postgres) for the production-path tests of the send path."""

from tests.journeys.conftest import _migrated_store_file, _pg_template, store  # noqa: F401
