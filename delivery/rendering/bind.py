"""Bind a renderer to the contacts of a run, giving the ``render(row)`` that dispatch calls."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from delivery.ledger import LedgerRow
from delivery.messages import Message, RenderError


class RowRenderer(Protocol):
    """Anything with ``render(row, contact)`` (:class:`EmailRenderer`, :class:`SmsRenderer`)."""

    def render(self, row: LedgerRow, contact: Mapping[str, Any]) -> Message: ...


def render_fn(
    renderer: RowRenderer, contacts: Mapping[str, Mapping[str, Any]]
) -> Callable[[LedgerRow], Message]:
    """Return ``render(row)`` for :func:`delivery.dispatch.dispatch`, looking contacts up by id.

    Parameters
    ----------
    renderer : EmailRenderer or SmsRenderer
        Renders one row for one contact.
    contacts : mapping
        ``{contact_id: dim_contacts record}``.

    Returns
    -------
    callable
        A row missing from ``contacts`` raises :class:`RenderError` (that message fails, with the
        reason in the ledger).
    """

    def render(row: LedgerRow) -> Message:
        contact = contacts.get(row.contact_id)
        if contact is None:
            raise RenderError(f"contact {row.contact_id} is not in dim_contacts")
        return renderer.render(row, contact)

    return render
