"""Shared fixtures. Each fixture family lives in its own module under tests/fixtures/."""

pytest_plugins = [
    "tests.fixtures.postgres",
    "tests.fixtures.business",
    "tests.fixtures.warehouse",
    "tests.fixtures.logging_state",
    # one Chromium per test session for every browser test (two sync Playwright drivers in one
    # process refuse to start: "using Playwright Sync API inside the asyncio loop")
    "tests.studio.browser",
]

# anyio is a pytest plugin, so pytest rewrites the assertions of its modules as it imports them.
# anyio imports its file module lazily, on the first `anyio.open_file` (Starlette's FileResponse),
# which under TestClient happens in the client's portal thread; CPython 3.11.7 tracks the AST
# constructor's recursion depth per interpreter, not per thread, and a rewrite there racing one
# in the main thread can fail with "SystemError: AST constructor recursion depth mismatch" (seen once in
# tests/studio/test_access.py). Imported here, in the main thread, before any test runs.
import anyio._core._fileio  # noqa: E402, F401
