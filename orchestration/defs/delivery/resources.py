"""Delivery resources: the ops store (stable key ``ops_store``) and the sandbox dispatch target."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from delivery.store import Store, open_store
from enrollflow.settings import get_settings


class OpsStoreResource(dg.ConfigurableResource):
    """The operational store (SQLite by default, Postgres in production)."""

    url: str

    @contextlib.contextmanager
    def open(self) -> Iterator[Store]:
        """Open the store at its Alembic head; disposed on exit."""
        store = open_store(self.url)
        try:
            yield store
        finally:
            store.dispose()


def ops_store_resource() -> OpsStoreResource:
    """The resource for the current settings."""
    return OpsStoreResource(url=get_settings().ops_store)


class SandboxDeliveryResource(dg.ConfigurableResource):
    """Where the step job dispatches: the sandbox providers (files under ``outbox_dir``).

    Only the sandbox is wired here; SendGrid/SMTP/Twilio resources (with their secrets) are
    the delivery layer's to add under the stable keys ``email`` and ``sms``.
    """

    outbox_dir: str
    from_email: str = "admissions@northbridge.example.edu"
    from_name: str = "Northbridge Academy"
    organisation: str = "Northbridge Academy"
    postal_address: str = "1 College Road, Leeds LS1 1AA, United Kingdom"
    public_base_url: str = "http://127.0.0.1:8000"
    unsubscribe_secret: str = "change-me"

    def providers(self) -> list:
        """One sandbox provider per channel."""
        from delivery.providers.sandbox import SandboxProvider

        root = Path(self.outbox_dir)
        return [
            SandboxProvider(root / "email", channel="email", account="email"),
            SandboxProvider(root / "sms", channel="sms", account="sms"),
        ]

    def sender(self):
        """The email sender identity (CAN-SPAM footer, RFC 8058 unsubscribe)."""
        from delivery.rendering.email import Sender

        return Sender(
            from_email=self.from_email,
            from_name=self.from_name,
            organisation=self.organisation,
            postal_address=self.postal_address,
            unsubscribe_base_url=self.public_base_url,
            unsubscribe_secret=self.unsubscribe_secret,
        )


def sandbox_delivery_resource() -> SandboxDeliveryResource:
    """Sandbox outbox under ``$ENROLLFLOW_DATA_DIR/outbox``."""
    return SandboxDeliveryResource(outbox_dir=str((get_settings().data_dir / "outbox").resolve()))
