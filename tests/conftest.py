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


def pytest_configure(config) -> None:
    """Tests never read the checkout's ``data/``: after a ``make demo`` there, its landing
    manifest would move the ingest's first partition (settings read it when the code location is
    imported) and its keys, snapshot and stores would leak into tests. Tests that need a data
    directory make their own; this one is only the default for everything else. xdist's workers
    inherit it from the controlling process, which removes it at the end."""
    import os
    import shutil
    import tempfile

    if os.environ.get("ENROLLFLOW_DATA_DIR"):
        return
    path = tempfile.mkdtemp(prefix="enrollflow-tests-data-")
    os.environ["ENROLLFLOW_DATA_DIR"] = path
    config.add_cleanup(lambda: shutil.rmtree(path, ignore_errors=True))
