"""The states of a ledger row, and the groups of them that other modules count by.

::

    pending --claim--> claimed --mark_sending--> sending --mark_submitted--> submitted
       ^                  |                         |                           |
       +--release / lease expiry (never left)       +--lease expiry--> unknown  +--> delivered
                                                    +--permanent error--> failed     bounced / failed
    claimed --rules at send time--> skipped (suppressed, no consent) / failed (render error)

Every transition made by a sender is *fenced* by the claim's ``owner`` token
(:mod:`delivery.ledger.transitions`); ``unknown`` rows are resolved only by evidence
(:mod:`delivery.ledger.outcomes`, :func:`delivery.reconcile.reconcile_unknown`).
"""

#: States a row never leaves.
TERMINAL_STATES = frozenset({"delivered", "bounced", "failed", "skipped"})
#: States in which a message has taken its slot of the frequency cap and is charged to the
#: budget: it left, is leaving, or may have left.
RESERVING_STATES = ("claimed", "sending", "submitted", "delivered", "bounced", "unknown")
#: States of a message that has not reached a terminal state yet.
IN_FLIGHT_STATES = ("pending", "claimed", "sending", "unknown")
