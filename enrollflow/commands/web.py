"""``enrollflow web``: the website tracking app (snippet + collector) and signed link tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

app = typer.Typer(
    help="Website tracking: serve the snippet and collector, sign a link token.",
    no_args_is_help=True,
    add_completion=False,
)

Key = Annotated[
    str,
    typer.Option(
        envvar="ENROLLFLOW_TRACKING_KEY", show_default=False, help="Key of the link tokens."
    ),
]


@app.command("serve")
def serve(
    key: Key,
    origin: Annotated[
        list[str],
        typer.Option("--origin", help="A site origin allowed to post (repeat for several)."),
    ],
    host: str = "127.0.0.1",
    port: int = 8002,
    banners: Annotated[
        bool,
        typer.Option(help="Serve the web channel's banners (reads the ops store and snapshot)."),
    ] = True,
) -> None:
    """Serve /t.js, /collect, /banners and /t.css with uvicorn (events land in the web source)."""
    import uvicorn

    tracking = build_app(key, origin, banners=banners)
    # no access log: request lines would carry the page URLs visitors came from
    uvicorn.run(tracking, host=host, port=port, access_log=False)


def build_app(key: str, origins: list[str], *, banners: bool = True):
    """The tracking app for the settings: landing zone, and banners from the ops store
    (``ENROLLFLOW_OPS_STORE_URL``) and the warehouse's published snapshot."""
    from delivery.store import StoreError, open_store
    from enrollflow.settings import get_settings
    from enrollflow.snapshot import snapshot_path
    from tracking.app import create_app
    from tracking.banners import BannerSource

    settings = get_settings()
    source = None
    if banners:
        try:
            store = open_store(settings.ops_store)
        except StoreError as exc:
            raise typer.BadParameter(
                f"{exc} (the banners read the ops store; --no-banners serves tracking only)"
            ) from None
        source = BannerSource(store, snapshot_path(settings.warehouse))
    return create_app(settings.landing, key=key.encode(), allowed_origins=origins, banners=source)


@app.command("link-token")
def link_token(contact_id: str, key: Key, ttl_days: int = 90) -> None:
    """Print the signed token that identifies CONTACT_ID on the website (the `eft` parameter)."""
    from tracking.links import sign_contact

    typer.echo(
        sign_contact(contact_id, key.encode(), now=dt.datetime.now(dt.UTC), ttl_days=ttl_days)
    )
