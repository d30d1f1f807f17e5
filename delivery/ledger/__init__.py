"""The exactly-once send ledger.

One row per message, keyed ``(campaign_id, step_id, contact_id, channel, occurrence)`` and written
*before* any provider call. States::

    pending --claim--> claimed --mark_sending--> sending --mark_submitted--> submitted
       ^                  |                         |                           |
       +--release / lease expiry (never left)       +--lease expiry--> unknown  +--> delivered
                                                    +--permanent error--> failed     bounced / failed
    claimed --rules at send time--> skipped (suppressed, no consent) / failed (render error)

Every transition made by a sender is *fenced* by the claim's ``owner`` token, so a sender whose
lease expired (and whose rows another sender took over) cannot move them any more. ``unknown`` rows
are resolved only by evidence -- provider events or the provider's own records
(:func:`delivery.reconcile.reconcile_unknown`) -- never by resending blindly.

Before a row is claimed for sending, :meth:`Ledger.claim_checked` lets the dispatch-time check
(:mod:`delivery.send_check`) decide each candidate *in the claim's transaction*: send (claimed,
its cap slot reserved and its cost charged), skip/fail for good, defer (``not_before``) or hold
(``held_reason``, e.g. the budget).

Public API (import it from here): :class:`LedgerKey`, :func:`ledger_id_for`, :class:`LedgerRow`,
:class:`Ledger`, :class:`Verdict`, :class:`CheckedClaim`, :data:`RESERVING_STATES`,
:data:`IN_FLIGHT_STATES`, and the sealed recipient's :func:`seal_addresses`,
:func:`sealed_columns`, :func:`open_address`, :data:`ADDRESS_COLUMN`.

The modules, by what they do:

- :mod:`~delivery.ledger.keys` -- :class:`LedgerKey`, :func:`ledger_id_for`, ``LedgerKeyError``.
- :mod:`~delivery.ledger.states` -- the states and the groups of them others count by.
- :mod:`~delivery.ledger.rows` -- :class:`LedgerRow`, :class:`Verdict`, :class:`CheckedClaim`.
- :mod:`~delivery.ledger.addresses` -- sealing and opening the recipient.
- :mod:`~delivery.ledger.statements` -- SQL shared by the operations (claimable rows, claim
  values, outcome updates, chunking).
- :class:`Ledger` below is made of one part per concern, each on
  :class:`~delivery.ledger.base.LedgerBase` (store, codec): :mod:`~delivery.ledger.enqueue`,
  :mod:`~delivery.ledger.claims` (``claim``, ``claim_checked``, ``lift_holds``),
  :mod:`~delivery.ledger.transitions` (the owner-fenced ``mark_*``, ``release``,
  ``requeue_unknown``, ``extend_lease``), :mod:`~delivery.ledger.outcomes` (``apply_outcome``,
  ``expire_leases``) and :mod:`~delivery.ledger.reads` (``get``, ``rows``, ``counts``).
"""

from __future__ import annotations

from delivery.ledger.addresses import ADDRESS_COLUMN, open_address, seal_addresses, sealed_columns
from delivery.ledger.claims import ERASED, Claims
from delivery.ledger.enqueue import Enqueue
from delivery.ledger.keys import CHANNELS, LedgerKey, LedgerKeyError, ledger_id_for
from delivery.ledger.outcomes import Outcomes
from delivery.ledger.reads import Reads
from delivery.ledger.rows import CheckedClaim, LedgerRow, Verdict
from delivery.ledger.states import IN_FLIGHT_STATES, RESERVING_STATES, TERMINAL_STATES
from delivery.ledger.transitions import Transitions

__all__ = [
    "ADDRESS_COLUMN",
    "CHANNELS",
    "ERASED",
    "IN_FLIGHT_STATES",
    "RESERVING_STATES",
    "TERMINAL_STATES",
    "CheckedClaim",
    "Ledger",
    "LedgerKey",
    "LedgerKeyError",
    "LedgerRow",
    "Verdict",
    "ledger_id_for",
    "open_address",
    "seal_addresses",
    "sealed_columns",
]


class Ledger(Enqueue, Claims, Transitions, Outcomes, Reads):
    """Set-based operations on the send ledger of one :class:`~delivery.store.Store`.

    Every method takes ``now`` (UTC) and either opens its own transaction or joins the caller's
    (``conn=``), so a caller can commit a ledger change together with other writes.
    """
