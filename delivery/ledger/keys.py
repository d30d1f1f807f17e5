"""The key of a ledger row: :class:`LedgerKey` and its id string (:func:`ledger_id_for`).

The id ``<campaign>:<step>:<contact>:<channel>:<occurrence>`` is what every message carries to
its provider (SendGrid ``custom_args``, Twilio callback URL), so webhooks and reconciliation find
their row by it.
"""

from __future__ import annotations

from dataclasses import dataclass

CHANNELS = ("email", "sms")


class LedgerKeyError(ValueError):
    """A ledger key is malformed (the message names the field and what is expected)."""


def ledger_id_for(
    campaign_id: str, step_id: str, contact_id: str, channel: str, occurrence: int
) -> str:
    """Return the ledger id ``<campaign>:<step>:<contact>:<channel>:<occurrence>``.

    Parameters
    ----------
    campaign_id, step_id, contact_id : str
        Identifiers; must be non-empty and contain no ``:``.
    channel : str
        ``email`` or ``sms``.
    occurrence : int
        1 for the first send of this step to this contact, 2 for a re-entry, ...

    Returns
    -------
    str
        The ledger id, as carried by the message (SendGrid ``custom_args``, Twilio callback URL).

    Raises
    ------
    LedgerKeyError
        If a part is empty, contains ``:``, the channel is unknown or the occurrence is < 1.
    """
    for name, value in (
        ("campaign_id", campaign_id),
        ("step_id", step_id),
        ("contact_id", contact_id),
    ):
        if not isinstance(value, str) or not value or ":" in value:
            raise LedgerKeyError(
                f"ledger key field {name}={value!r}: expected a non-empty id without ':'"
            )
    if channel not in CHANNELS:
        raise LedgerKeyError(f"ledger key field channel={channel!r}: expected one of {CHANNELS}")
    if not isinstance(occurrence, int) or occurrence < 1:
        raise LedgerKeyError(
            f"ledger key field occurrence={occurrence!r}: expected an integer >= 1"
        )
    return f"{campaign_id}:{step_id}:{contact_id}:{channel}:{occurrence}"


@dataclass(frozen=True)
class LedgerKey:
    """The unique key of one message (plus the two facts known when it is enqueued)."""

    campaign_id: str
    step_id: str
    contact_id: str
    channel: str
    occurrence: int = 1
    variant_id: str | None = None
    to_address: str | None = None

    @property
    def ledger_id(self) -> str:
        """The ledger id string for this key."""
        return ledger_id_for(
            self.campaign_id, self.step_id, self.contact_id, self.channel, self.occurrence
        )
