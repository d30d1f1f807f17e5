"""One recipient per message: refuse addresses that would become a header injection or a list.

An address from the CRM goes into a ``To`` header (SMTP) or a JSON ``to`` (SendGrid). A CR or LF
in it injects headers; a comma or semicolon turns one message into a message to two people;
angle brackets or a display name smuggle a second address past a naive check. Such an address
fails its own message (:class:`~delivery.messages.RenderError` at render time,
:class:`~delivery.messages.Rejected` inside the providers) and never the batch.

Public API: :func:`email_recipient_problem`, :func:`check_email_recipient`.
"""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

from delivery.messages import RenderError

_FORBIDDEN = {
    "\r": "a carriage return",
    "\n": "a line feed",
    ",": "a comma (two recipients)",
    ";": "a semicolon (two recipients)",
    "<": "an angle bracket",
    ">": "an angle bracket",
    "\x00": "a NUL byte",
}

_ANY_FORBIDDEN = re.compile("[" + re.escape("".join(_FORBIDDEN)) + "]")


#: Plain ASCII addresses (nearly all of them) pass on this pattern alone: RFC 5322 dot-atom
#: local part, LDH domain labels, a TLD of letters. Anything else goes to email-validator
#: (internationalised addresses, and the precise reason for a refusal) -- it costs ~200 us.
_PLAIN = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


def email_recipient_problem(address: str) -> str | None:
    """Return why ``address`` is not one valid email recipient, or ``None`` if it is.

    The reason never repeats the address (it ends up in logs and the ledger's ``last_error``).
    """
    if _ANY_FORBIDDEN.search(address):  # then name the first of them in _FORBIDDEN's order
        for char, what in _FORBIDDEN.items():
            if char in address:
                return f"the email address contains {what}"
    if len(address) <= 254 and address.find("@") <= 64 and _PLAIN.fullmatch(address):
        return None
    try:
        validate_email(address, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        return f"the email address is not valid ({type(exc).__name__})"
    return None


def check_email_recipient(ledger_id: str, address: str) -> None:
    """Raise :class:`RenderError` naming the ledger row if ``address`` is not one recipient."""
    problem = email_recipient_problem(address)
    if problem is not None:
        raise RenderError(f"ledger row {ledger_id}: {problem}")
