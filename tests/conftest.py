"""Shared fixtures. Each fixture family lives in its own module under tests/fixtures/."""

pytest_plugins = [
    "tests.fixtures.postgres",
    "tests.fixtures.business",
    "tests.fixtures.warehouse",
]
