"""``enrollflow studio``: serve the Campaign Studio (what ``make studio`` runs).

Reads ``ENROLLFLOW_OPS_STORE_URL`` and the warehouse snapshot the pipeline publishes beside
``ENROLLFLOW_WAREHOUSE_PATH`` (``warehouse.snapshot.duckdb``, read-only; never the pipeline's file). Users come from ``enrollflow users``
(or the two ``make demo`` prints). The Social accounts page
connects the platforms configured by ``ENROLLFLOW_*`` variables (``delivery/social/config.py``).
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
    import os

    import uvicorn

    from delivery.social.config import SocialConfig
    from delivery.social.errors import SocialError
    from enrollflow.snapshot import snapshot_path
    from studio.app import create_app
    from studio.config import StudioConfig

    settings = get_settings()
    try:
        social = SocialConfig.from_mapping(os.environ)
    except SocialError as exc:
        raise typer.BadParameter(str(exc)) from None
    config = StudioConfig(
        store_url=settings.ops_store,
        warehouse_path=snapshot_path(settings.warehouse),
        secure_cookies=secure_cookies,
        assets_dir=settings.data_dir.resolve() / "assets",
        reports_dir=settings.data_dir.resolve() / "reports",
        social=social,
    )
    typer.echo(f"Campaign Studio on http://{host}:{port}  (ops store {settings.ops_store})")
    uvicorn.run(create_app(config), host=host, port=port, log_level="info", ws="websockets")
