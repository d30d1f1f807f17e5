"""Shared fixtures. Each fixture family lives in its own module under tests/fixtures/."""

pytest_plugins = [
    "tests.fixtures.postgres",
    "tests.fixtures.business",
    "tests.fixtures.warehouse",
    # one Chromium per test session for every browser test (two sync Playwright drivers in one
    # process refuse to start: "using Playwright Sync API inside the asyncio loop")
    "tests.studio.browser",
]
