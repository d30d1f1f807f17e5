"""``enrollflow ops``: the ops store and the delivery machinery, for operators.

- ``migrate``: bring the ops store (``ENROLLFLOW_OPS_STORE_URL``) to the Alembic head.
- ``status``: ledger counts by state and every provider's breaker (held/stopped, why, until when).
- ``resume PROVIDER --by USER``: let a held or stopped provider send again (audited).
- ``reconcile``: expire stale leases and resolve *unknown* ledger rows from SendGrid's records
  (production does this on its own: the ``delivery_dispatcher`` sensor and the step job).
- ``decide resend|abandon LEDGER_ID... --by USER``: resolve rows in the decision queue --
  *unknown* outcomes a provider cannot look up (SMTP) -- audited.
- ``webhooks``: serve the webhooks app (SendGrid events, Twilio callbacks, unsubscribes).

Secrets come from options bound to environment variables (``ENROLLFLOW_SENDGRID_API_KEY``,
``ENROLLFLOW_UNSUBSCRIBE_SECRET``, ``ENROLLFLOW_TWILIO_AUTH_TOKEN``,
``ENROLLFLOW_SENDGRID_WEBHOOK_TOKEN``) and are never printed.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from delivery import breaker
from delivery.ledger import Ledger
from delivery.reconcile import awaiting_decision
from delivery.store import StoreError, current_revision, open_store
from enrollflow.settings import Settings, get_settings

app = typer.Typer(
    help="Ops store and delivery: migrate, status, resume a provider, reconcile, decide, webhooks.",
    no_args_is_help=True,
    add_completion=False,
)
StoreUrl = Annotated[
    str | None,
    typer.Option("--store", help="Ops store URL (default: ENROLLFLOW_OPS_STORE_URL or data/)."),
]


def _store(url: str | None, *, create: bool = False):
    try:
        return open_store(url or get_settings().ops_store, create=create)
    except StoreError as exc:
        raise typer.BadParameter(str(exc)) from None


@app.command()
def migrate(store: StoreUrl = None) -> None:
    """Create the ops store if it does not exist, and upgrade its schema to the Alembic head."""
    s = _store(store, create=True)
    Console().print(f"{escape(repr(s))} at revision [bold]{current_revision(s)}[/bold]")


@app.command()
def status(store: StoreUrl = None) -> None:
    """Show ledger rows by state and the state of every provider."""
    s = _store(store)
    console = Console()
    counts = Ledger(s).counts()
    ledger_table = Table("state", "rows", title="send ledger")
    for state, n in sorted(counts.items()):
        ledger_table.add_row(state, f"{n:,}")
    console.print(ledger_table)
    providers = Table("provider", "status", "reason", "retry at (UTC)", title="providers")
    for hold in breaker.status(s):
        when = f"{hold.retry_at:%Y-%m-%d %H:%M:%S}" if hold.retry_at else "-"
        providers.add_row(hold.provider, hold.status, hold.reason or "-", when)
    console.print(providers)
    held = _held_counts(s)
    if held:
        holds = Table("campaign", "held by", "rows", "act", title="held messages (pending)")
        for (campaign, reason), n in sorted(held.items()):
            holds.add_row(
                campaign,
                reason,
                f"{n:,}",
                f"raise the budget (enrollflow campaign apply) or enrollflow campaign resume {campaign}",
            )
        console.print(holds)
    queue = awaiting_decision(s)
    decisions = Table(
        "ledger id", "campaign", "provider", "queued at (UTC)", "reason", title="decision queue"
    )
    for lid, item in queue.items():
        decisions.add_row(
            lid,
            str(item["campaign_id"]),
            str(item["provider"]),
            f"{item['queued_at']:%Y-%m-%d %H:%M:%S}",
            str(item["reason"])[:80],
        )
    console.print(decisions)
    if queue:
        console.print(
            f"{len(queue)} message(s) with an unknown outcome wait for a decision: "
            "enrollflow ops decide resend|abandon LEDGER_ID... --by USER"
        )


def _held_counts(store) -> dict[tuple[str, str], int]:
    import sqlalchemy as sa

    from delivery.store.schema import send_ledger as T

    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(T.c.campaign_id, T.c.held_reason, sa.func.count())
            .where(T.c.state == "pending", T.c.held_reason.is_not(None))
            .group_by(T.c.campaign_id, T.c.held_reason)
        ).all()
    return {(c, r): n for c, r, n in rows}


@app.command()
def decide(
    decision: Annotated[str, typer.Argument(help="resend (send again) or abandon (close).")],
    ledger_ids: Annotated[
        list[str], typer.Argument(help="Ledger ids from the decision queue (ops status).")
    ],
    by: Annotated[str, typer.Option("--by", help="Who decides (audit log).")],
    store: StoreUrl = None,
) -> None:
    """Resolve unknown outcomes a provider cannot look up (SMTP): resend or abandon them."""
    from delivery.reconcile import DecisionError
    from delivery.reconcile import decide as decide_rows

    try:
        done = decide_rows(
            _store(store), ledger_ids, decision, actor=by, now=dt.datetime.now(dt.UTC)
        )
    except DecisionError as exc:
        raise typer.BadParameter(str(exc)) from None
    Console().print(f"{len(done)} row(s): {decision} (by {by})", markup=False)


@app.command()
def resume(
    provider: Annotated[str, typer.Argument(help="Provider account, e.g. sendgrid:default.")],
    by: Annotated[str, typer.Option("--by", help="Who resumes it (audit log).")],
    store: StoreUrl = None,
) -> None:
    """Let a held or stopped provider send again."""
    s = _store(store)
    breaker.resume(s, provider, now=dt.datetime.now(dt.UTC), actor=by)
    Console().print(f"{provider} resumed by {by}", markup=False)


@app.command()
def reconcile(
    api_key: Annotated[
        str,
        typer.Option(
            "--sendgrid-api-key", envvar="ENROLLFLOW_SENDGRID_API_KEY", show_default=False
        ),
    ],
    not_found_after_minutes: Annotated[
        int, typer.Option("--not-found-after", help="Minutes before a missing message is resent.")
    ] = 60,
    host: Annotated[str, typer.Option("--sendgrid-host")] = "https://api.sendgrid.com",
    store: StoreUrl = None,
) -> None:
    """Expire stale leases and resolve unknown SendGrid rows from SendGrid's records."""
    from delivery.providers.sendgrid import SendGridProvider
    from delivery.reconcile import reconcile_unknown

    report = reconcile_unknown(
        _store(store),
        SendGridProvider(api_key, host=host),
        now=dt.datetime.now(dt.UTC),
        not_found_after=dt.timedelta(minutes=not_found_after_minutes),
    )
    Console().print(report)


@app.command()
def webhooks(
    public_url: Annotated[str, typer.Option("--public-url", help="The app's public https URL.")],
    unsubscribe_secret: Annotated[
        str, typer.Option(envvar="ENROLLFLOW_UNSUBSCRIBE_SECRET", show_default=False)
    ],
    twilio_auth_token: Annotated[
        str | None, typer.Option(envvar="ENROLLFLOW_TWILIO_AUTH_TOKEN", show_default=False)
    ] = None,
    sendgrid_token: Annotated[
        str | None, typer.Option(envvar="ENROLLFLOW_SENDGRID_WEBHOOK_TOKEN", show_default=False)
    ] = None,
    sendgrid_public_key: Annotated[
        str | None,
        typer.Option(
            envvar="ENROLLFLOW_SENDGRID_WEBHOOK_PUBLIC_KEY",
            show_default=False,
            help="Signed Event Webhook verification key (SendGrid Mail Settings).",
        ),
    ] = None,
    mandrill_webhook_key: Annotated[
        str | None,
        typer.Option(
            envvar="ENROLLFLOW_MANDRILL_WEBHOOK_KEY",
            show_default=False,
            help="The Mailchimp Transactional webhook's key (X-Mandrill-Signature).",
        ),
    ] = None,
    host: str = "127.0.0.1",
    port: int = 8080,
    store: StoreUrl = None,
    insecure_dev: Annotated[
        bool,
        typer.Option(
            "--insecure-dev",
            envvar="ENROLLFLOW_WEBHOOKS_INSECURE_DEV",
            help="Development only: serve routes that have no credentials unauthenticated.",
        ),
    ] = False,
    tls_cert: Annotated[
        str | None,
        typer.Option(envvar="ENROLLFLOW_TLS_CERTFILE", help="Serve HTTPS (TLS 1.3 only)."),
    ] = None,
    tls_key: Annotated[str | None, typer.Option(envvar="ENROLLFLOW_TLS_KEYFILE")] = None,
) -> None:
    """Serve the webhooks app and the email preference centre with uvicorn (no query strings
    or addresses in its logs; HTTPS with TLS 1.3 only when a certificate is given)."""
    import uvicorn

    from delivery.webhooks.app import InsecureConfiguration
    from delivery.webhooks.logs import install_filters, uvicorn_log_config
    from privacy.transport import uvicorn_tls_options

    if insecure_dev:
        typer.secho(
            "WARNING: --insecure-dev: webhook routes without credentials accept anyone's "
            "requests. Never expose this server.",
            fg="red",
            bold=True,
            err=True,
        )
    install_filters()
    try:
        tls = uvicorn_tls_options(tls_cert, tls_key)
        app_ = served_webhooks_app(
            _store(store),
            get_settings(),
            unsubscribe_secret=unsubscribe_secret,
            public_url=public_url,
            twilio_auth_token=twilio_auth_token,
            sendgrid_token=sendgrid_token,
            sendgrid_public_key=sendgrid_public_key,
            mandrill_webhook_key=mandrill_webhook_key,
            insecure_dev=insecure_dev,
        )
    except (InsecureConfiguration, OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc)) from None
    uvicorn.run(
        app_, host=host, port=port, log_level="info", log_config=uvicorn_log_config(), **tls
    )


def optin_provider(settings: Settings):
    """The email provider of double-opt-in confirmations: the campaigns' provider setting
    (``ENROLLFLOW_EMAIL_PROVIDER``: the sandbox outbox by default, or SendGrid)."""
    kind = os.environ.get("ENROLLFLOW_EMAIL_PROVIDER", "sandbox")
    if kind == "sendgrid":
        from delivery.providers.sendgrid import SendGridProvider

        key = os.environ.get("ENROLLFLOW_SENDGRID_API_KEY")
        if not key:
            raise ValueError("ENROLLFLOW_EMAIL_PROVIDER=sendgrid needs ENROLLFLOW_SENDGRID_API_KEY")
        return SendGridProvider(key)
    if kind != "sandbox":
        raise ValueError(
            f"double opt-in confirmations go through the sandbox or SendGrid, not {kind!r}"
        )
    from delivery.providers.sandbox import SandboxProvider

    outbox = (settings.data_dir / "campaign" / "outbox" / "email").resolve()
    return SandboxProvider(outbox, channel="email", account="email")


def served_webhooks_app(
    ops_store,
    settings: Settings,
    *,
    unsubscribe_secret: str,
    public_url: str,
    twilio_auth_token: str | None,
    sendgrid_token: str | None,
    sendgrid_public_key: str | None,
    insecure_dev: bool,
    mandrill_webhook_key: str | None = None,
):
    """What ``enrollflow ops webhooks`` serves: the provider webhooks, the footer's signed
    preference centre and the double opt-in of web sign-ups (``POST /signup`` -> confirmation
    email through :func:`optin_provider` -> ``GET|POST /confirm``), all on ``ops_store``."""
    from delivery.webhooks.app import create_app
    from privacy.optin_mail import OptinSender, confirmation_sender
    from privacy.web import DEFAULT_TOPICS, privacy_routes

    app_ = create_app(
        ops_store,
        settings.landing,
        unsubscribe_secret=unsubscribe_secret,
        public_base_url=public_url,
        twilio_auth_token=twilio_auth_token,
        sendgrid_token=sendgrid_token,
        sendgrid_public_key=sendgrid_public_key,
        mandrill_webhook_key=mandrill_webhook_key,
        allow_unauthenticated=insecure_dev,
    )
    who = OptinSender(
        from_email=os.environ.get("ENROLLFLOW_FROM_EMAIL", "admissions@northbridge.example.edu"),
        from_name=os.environ.get("ENROLLFLOW_FROM_NAME", "Northbridge Academy"),
        organisation=os.environ.get("ENROLLFLOW_ORGANISATION", "Northbridge Academy"),
        postal_address=os.environ.get(
            "ENROLLFLOW_POSTAL_ADDRESS", "1 College Road, Leeds LS1 1AA, United Kingdom"
        ),
    )
    app_.router.routes.extend(
        privacy_routes(
            ops_store,
            ops_store.keys,
            unsubscribe_secret=unsubscribe_secret,
            public_base_url=public_url,
            topics=DEFAULT_TOPICS,
            wording_version="preferences-v1",
            send_confirmation=confirmation_sender(optin_provider(settings), who),
        )
    )
    return app_
