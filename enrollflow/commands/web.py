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
) -> None:
    """Serve /t.js and /collect with uvicorn (events land in the web landing source)."""
    import uvicorn

    from enrollflow.settings import get_settings
    from tracking.app import create_app

    tracking = create_app(get_settings().landing, key=key.encode(), allowed_origins=origin)
    # no access log: request lines would carry the page URLs visitors came from
    uvicorn.run(tracking, host=host, port=port, access_log=False)


@app.command("link-token")
def link_token(contact_id: str, key: Key, ttl_days: int = 90) -> None:
    """Print the signed token that identifies CONTACT_ID on the website (the `eft` parameter)."""
    from tracking.links import sign_contact

    typer.echo(
        sign_contact(contact_id, key.encode(), now=dt.datetime.now(dt.UTC), ttl_days=ttl_days)
    )
