"""``enrollflow studio``: serve the Campaign Studio (what ``make studio`` runs).

Reads ``ENROLLFLOW_OPS_STORE_URL`` and the warehouse snapshot the pipeline publishes beside
``ENROLLFLOW_WAREHOUSE_PATH`` (``warehouse.snapshot.duckdb``, read-only; never the pipeline's file). Users come from ``enrollflow users``
(or the two ``make demo`` prints).
"""

from __future__ import annotations

from typing import Annotated

import typer

from enrollflow.settings import get_settings


def studio(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Mark cookies Secure (behind HTTPS).")
    ] = False,
) -> None:
    """Serve the Campaign Studio on http://HOST:PORT."""
    import uvicorn

    from enrollflow.snapshot import snapshot_path
    from studio.app import create_app
    from studio.config import StudioConfig

    settings = get_settings()
    config = StudioConfig(
        store_url=settings.ops_store,
        warehouse_path=snapshot_path(settings.warehouse),
        secure_cookies=secure_cookies,
        assets_dir=settings.data_dir.resolve() / "assets",
    )
    typer.echo(f"Campaign Studio on http://{host}:{port}  (ops store {settings.ops_store})")
    uvicorn.run(create_app(config), host=host, port=port, log_level="info", ws="websockets")
