"""Delivery resources: the ops store (key ``ops_store``) and the sender identity (``delivery``)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

import dagster as dg

from delivery.store import Store, open_store
from enrollflow.settings import get_settings
from orchestration.defs.delivery.providers import ProviderSettings


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


class SenderResource(dg.ConfigurableResource):
    """Who campaign emails come from and where their links point (key ``delivery``), and the
    delivery policy every campaign shares: the global holdout (``ENROLLFLOW_GLOBAL_HOLDOUT_*``).

    The providers themselves are the ``email`` and ``sms`` resources
    (``orchestration/defs/delivery/providers.py``).
    """

    from_email: str = "admissions@northbridge.example.edu"
    from_name: str = "Northbridge Academy"
    organisation: str = "Northbridge Academy"
    postal_address: str = "1 College Road, Leeds LS1 1AA, United Kingdom"
    public_base_url: str = "http://127.0.0.1:8000"
    unsubscribe_secret: str = "change-me"
    global_holdout_share: float = 0.0
    global_holdout_period: str = "quarter"
    tracked_hosts: str = ""
    tracking_key: str | None = None

    def global_holdout(self):
        """This deployment's global holdout (:class:`delivery.holdout.GlobalHoldout`)."""
        from delivery.holdout import GlobalHoldout

        return GlobalHoldout(self.global_holdout_share, self.global_holdout_period)

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

    def links(self, now: dt.datetime):
        """The message links' decoration (``eft`` + UTM to ``tracked_hosts``), or ``None``."""
        if not self.tracked_hosts.strip():
            return None
        from delivery.rendering.links import LinkDecorator

        return LinkDecorator(
            key=(self.tracking_key or "").encode(),
            site_hosts=self.tracked_hosts.split(","),
            now=now,
            untouched_prefixes=(self.public_base_url,),
        )


def sender_resource(settings: ProviderSettings | None = None) -> SenderResource:
    """The sender for the current settings; with a real provider the unsubscribe secret must
    come from ``ENROLLFLOW_UNSUBSCRIBE_SECRET``."""
    s = settings or ProviderSettings()
    app = get_settings()
    policy = {
        "global_holdout_share": app.global_holdout_share,
        "global_holdout_period": app.global_holdout_period,
    }
    real = s.email_provider != "sandbox" or s.sms_provider != "sandbox"
    links = (
        {"tracked_hosts": s.tracked_hosts, "tracking_key": dg.EnvVar("ENROLLFLOW_TRACKING_KEY")}
        if s.tracked_hosts.strip()
        else {}
    )
    if real:
        return SenderResource(
            public_base_url=s.public_base_url,
            unsubscribe_secret=dg.EnvVar("ENROLLFLOW_UNSUBSCRIBE_SECRET"),
            **policy,
            **links,
        )
    return SenderResource(public_base_url=s.public_base_url, **policy, **links)
