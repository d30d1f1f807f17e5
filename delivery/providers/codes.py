"""What each documented provider error means for a message: one table per provider.

Every answer a provider documents is mapped to one :class:`Action`. The providers raise or return
according to these tables (never ad hoc), ``delivery/README.md`` shows them, and
``tests/delivery/test_provider_error_codes.py`` sends through each official SDK against the fakes
in ``tests/fakes/`` answering each code in its real wire format.

========  ===============================================================================
action    what happens
========  ===============================================================================
retry     nothing was sent; the request is retried with backoff (429s wait for the reset);
          when retries run out the breaker holds the provider (``open``, probes again later)
hold      nothing was sent and retrying at once will not help (wrong URL, our request is
          malformed for the API): the provider is held by the breaker with the reason, alert
stop      credentials or account are refused: nothing more goes until ``enrollflow ops resume``
split     the request was too large (HTTP 413): it is split in halves and each half re-sent;
          a single message still too large fails alone
defer     this recipient is refused for now (SMTP 4xx greylisting, mailbox busy): the message
          goes back to ``pending`` and is sent by a later run; the rest of the batch goes on
suppress  this recipient is refused for good: the message fails and the address is suppressed
fail      this message is refused (content, region, size): it fails alone, address not
          suppressed
========  ===============================================================================

Sources: SendGrid v3 Mail Send "Responses" and "Errors" pages; Twilio's error dictionary
(www.twilio.com/docs/api/errors); RFC 5321 §4.2 reply codes and RFC 3463 enhanced codes; the SNS API reference (Publish
"Errors" and the common errors of AWS Query APIs); Mailchimp Transactional's API reference (error
``name`` of ``messages/send``, and the ``reject_reason`` of a rejected recipient).

Public API: :class:`Action`, :class:`Rule`, :data:`SENDGRID_HTTP`, :data:`TWILIO_CODES`,
:data:`SMTP_REPLIES`, :data:`SNS_ERRORS`, :data:`MANDRILL_ERRORS`, :data:`MANDRILL_REJECTS`,
:func:`sendgrid_rule`, :func:`twilio_rule`, :func:`smtp_rule`, :func:`sns_rule`,
:func:`mandrill_rule`,
:func:`markdown_tables`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    """What a provider answer does to the message (see the module table)."""

    RETRY = "retry"
    HOLD = "hold"
    STOP = "stop"
    SPLIT = "split"
    DEFER = "defer"
    SUPPRESS = "suppress"
    FAIL = "fail"


@dataclass(frozen=True)
class Rule:
    """One documented answer: its code, what the provider says it means, our action."""

    code: int | str
    meaning: str
    action: Action


def _table(*rules: Rule) -> dict:
    return {r.code: r for r in rules}


#: SendGrid v3 ``POST /v3/mail/send`` HTTP statuses. A 400 is decided per error ``field``:
#: ``personalizations.N.to.M.email`` suppresses that recipient, another ``personalizations.N.*``
#: field fails that message, a field of the shared envelope fails the request's messages.
SENDGRID_HTTP = _table(
    Rule(400, "Bad Request: a field is invalid (errors[].field names it)", Action.FAIL),
    Rule(401, "Unauthorized: API key missing or invalid", Action.STOP),
    Rule(403, "Forbidden: key lacks Mail Send, sender not verified, account blocked", Action.STOP),
    Rule(404, "Not Found: wrong API host or path", Action.HOLD),
    Rule(405, "Method Not Allowed: wrong API host or path", Action.HOLD),
    Rule(408, "Request Timeout: the request was not processed", Action.RETRY),
    Rule(409, "Conflict: a concurrent change; the request was not processed", Action.RETRY),
    Rule(413, "Payload Too Large: the request exceeds 30 MB", Action.SPLIT),
    Rule(415, "Unsupported Media Type: not JSON", Action.HOLD),
    Rule(429, "Too Many Requests: wait for X-RateLimit-Reset", Action.RETRY),
    Rule(500, "Internal Server Error", Action.RETRY),
    Rule(502, "Bad Gateway", Action.RETRY),
    Rule(503, "Service Unavailable", Action.RETRY),
    Rule(504, "Gateway Timeout", Action.RETRY),
)

#: Twilio error codes, from the Messages create call (REST) or a status callback's ``ErrorCode``.
#: For a callback the message has already left: ``retry``/``hold``/``stop`` codes there fail the
#: message (no resend) and are logged; ``suppress`` codes suppress the number.
TWILIO_CODES = _table(
    Rule(20003, "Authentication failed (account SID / auth token)", Action.STOP),
    Rule(20005, "Account not active", Action.STOP),
    Rule(20404, "Resource not found (wrong account SID or base URL)", Action.HOLD),
    Rule(20429, "Too Many Requests", Action.RETRY),
    Rule(20500, "Internal Server Error", Action.RETRY),
    Rule(20503, "Service Unavailable", Action.RETRY),
    Rule(21211, "Invalid 'To' phone number", Action.SUPPRESS),
    Rule(21408, "Permission to send to this region is not enabled", Action.FAIL),
    Rule(21602, "Message body is required", Action.FAIL),
    Rule(21603, "'From' phone number is required", Action.STOP),
    Rule(21606, "'From' number is not a valid, SMS-capable number of this account", Action.STOP),
    Rule(21610, "Attempt to send to unsubscribed recipient (replied STOP)", Action.SUPPRESS),
    Rule(21612, "'To' cannot be reached from this 'From' number", Action.FAIL),
    Rule(21614, "'To' number is not a valid mobile number", Action.SUPPRESS),
    Rule(21617, "Message body exceeds the 1600 character limit", Action.FAIL),
    Rule(30001, "Queue overflow", Action.RETRY),
    Rule(30002, "Account suspended", Action.STOP),
    Rule(30003, "Unreachable destination handset", Action.FAIL),
    Rule(30004, "Message blocked (recipient blocked the sender)", Action.SUPPRESS),
    Rule(30005, "Unknown destination handset", Action.SUPPRESS),
    Rule(30006, "Landline or unreachable carrier", Action.SUPPRESS),
    Rule(30007, "Message filtered by the carrier", Action.FAIL),
    Rule(30008, "Unknown error", Action.FAIL),
)

#: SMTP reply codes (RFC 5321) at the stage they are met. Before a message is accepted,
#: 421 and a refused session are ``hold``; a recipient's 4xx defers that message, its 5xx
#: fails or suppresses it. 535/530/534 during AUTH stop the provider.
SMTP_REPLIES = _table(
    Rule(421, "Service not available, closing channel", Action.RETRY),
    Rule(450, "Mailbox unavailable for now (busy, greylisted)", Action.DEFER),
    Rule(451, "Local error in processing", Action.DEFER),
    Rule(452, "Insufficient system storage / too many recipients", Action.DEFER),
    Rule(530, "Authentication required", Action.STOP),
    Rule(534, "Authentication mechanism too weak", Action.STOP),
    Rule(535, "Authentication credentials invalid", Action.STOP),
    Rule(550, "Mailbox unavailable (does not exist)", Action.SUPPRESS),
    Rule(551, "User not local", Action.SUPPRESS),
    Rule(552, "Exceeded storage allocation / message too large", Action.FAIL),
    Rule(553, "Mailbox name not allowed (syntax)", Action.SUPPRESS),
    Rule(554, "Transaction failed (refused by policy)", Action.FAIL),
)


#: AWS SNS ``Publish`` to a phone number: the error ``Code`` of the AWS Query error response
#: (botocore's ``ClientError``), with the HTTP status for an undocumented one.
SNS_ERRORS = _table(
    Rule("AuthorizationError", "The user is not authorized to publish (IAM policy)", Action.STOP),
    Rule("AccessDenied", "Access denied (IAM policy)", Action.STOP),
    Rule("InvalidClientTokenId", "The access key id does not exist", Action.STOP),
    Rule("SignatureDoesNotMatch", "The secret access key is wrong", Action.STOP),
    Rule("InvalidSecurity", "The request was not signed with SigV4", Action.STOP),
    Rule("Throttled", "Rate exceeded for the account (SMS spend or TPS)", Action.RETRY),
    Rule("Throttling", "Rate exceeded", Action.RETRY),
    Rule("ThrottledException", "Rate exceeded", Action.RETRY),
    Rule("InternalError", "Internal error of the service", Action.RETRY),
    Rule("InternalFailure", "Internal failure of the service", Action.RETRY),
    Rule("ServiceUnavailable", "The service is unavailable", Action.RETRY),
    Rule("NotFound", "Resource not found (wrong region or endpoint)", Action.HOLD),
    Rule(
        "InvalidParameter",
        "A parameter is invalid; 'PhoneNumber' or 'opted out' in the "
        "message: the number is refused for good",
        Action.FAIL,
    ),  # fmt: skip
    Rule(
        "InvalidParameterValue",
        "A parameter value is invalid (message too long, attribute)",
        Action.FAIL,
    ),  # fmt: skip
    Rule("ValidationError", "The request does not validate", Action.FAIL),
)


def sns_rule(code: str, status: int, message: str = "") -> Rule:
    """The rule for an SNS error; an invalid or opted-out phone number suppresses the number."""
    rule = SNS_ERRORS.get(code)
    if rule is not None:
        if rule.code == "InvalidParameter" and (
            "PhoneNumber" in message or "opted out" in message.lower()
        ):
            return Rule(code, "the phone number is invalid or opted out", Action.SUPPRESS)
        return rule
    if status == 429 or status >= 500:
        return Rule(code, "server error", Action.RETRY)
    if status in (401, 403):
        return Rule(code, "credentials refused", Action.STOP)
    return Rule(code, "undocumented error", Action.HOLD)


#: Mailchimp Transactional (Mandrill) API errors: the ``name`` of the error body
#: ``{"status": "error", "code": N, "name": ..., "message": ...}`` (Mandrill answers them with a
#: non-200 status, historically 500 for all). No message of the request was sent.
MANDRILL_ERRORS = _table(
    Rule("Invalid_Key", "The API key is invalid", Action.STOP),
    Rule("PaymentRequired", "The account needs payment for this feature", Action.STOP),
    Rule("Unknown_Subaccount", "The subaccount does not exist", Action.STOP),
    Rule("ValidationError", "The request's parameters do not validate", Action.FAIL),
    Rule("GeneralError", "An unexpected error at Mandrill; the request was not processed", Action.RETRY),
    Rule(429, "Too Many Requests", Action.RETRY),
    Rule(500, "Internal Server Error (no error body)", Action.RETRY),
    Rule(502, "Bad Gateway", Action.RETRY),
    Rule(503, "Service Unavailable", Action.RETRY),
    Rule(504, "Gateway Timeout", Action.RETRY),
)  # fmt: skip

#: A recipient ``messages/send`` answered with ``status: rejected`` (its ``reject_reason``) or
#: ``status: invalid``; ``sent``, ``queued`` and ``scheduled`` are accepted.
MANDRILL_REJECTS = _table(
    Rule("hard-bounce", "The address hard-bounced before (Mandrill's rejection list)", Action.SUPPRESS),
    Rule("soft-bounce", "The address soft-bounced recently", Action.FAIL),
    Rule("spam", "The recipient marked a message as spam", Action.SUPPRESS),
    Rule("unsub", "The recipient unsubscribed", Action.SUPPRESS),
    Rule("invalid", "The address is not valid", Action.SUPPRESS),
    Rule("custom", "A custom rejection (the account's denylist)", Action.FAIL),
    Rule("rule", "A sending rule of the account refused it", Action.FAIL),
    Rule("invalid-sender", "The sender address is not valid", Action.HOLD),
    Rule("unsigned", "The sending domain is not verified (SPF/DKIM)", Action.HOLD),
    Rule("test-mode-limit", "A test key's sending limit is reached", Action.HOLD),
)  # fmt: skip


def mandrill_rule(name: str | None, status: int) -> Rule:
    """The rule for a Mandrill API error ``name`` (the HTTP ``status`` without one)."""
    if name and name in MANDRILL_ERRORS:
        return MANDRILL_ERRORS[name]
    if status in MANDRILL_ERRORS:
        return MANDRILL_ERRORS[status]
    if status in (401, 403):
        return MANDRILL_ERRORS["Invalid_Key"]
    if status >= 500:
        return Rule(name or status, "server error", Action.RETRY)
    return Rule(name or status, "undocumented error", Action.HOLD)


def sendgrid_rule(status: int) -> Rule:
    """The rule for a SendGrid HTTP status; an undocumented one holds the provider."""
    if status in SENDGRID_HTTP:
        return SENDGRID_HTTP[status]
    if status >= 500:
        return Rule(status, "server error", Action.RETRY)
    return Rule(status, "undocumented status", Action.HOLD)


def twilio_rule(code: int | None, status: int) -> Rule:
    """The rule for a Twilio error ``code`` (HTTP ``status`` when the code is unknown)."""
    if code is not None and code in TWILIO_CODES:
        return TWILIO_CODES[code]
    if status == 401:
        return TWILIO_CODES[20003]
    if status == 429:
        return TWILIO_CODES[20429]
    if status >= 500:
        return Rule(code or status, "server error", Action.RETRY)
    if status == 404:
        return Rule(code or status, "not found", Action.HOLD)
    return Rule(code or status, "request refused for this message", Action.FAIL)


def smtp_rule(code: int) -> Rule:
    """The rule for an SMTP reply code met on a recipient or the message data."""
    if code in SMTP_REPLIES:
        return SMTP_REPLIES[code]
    if 400 <= code < 500:
        return Rule(code, "transient negative completion", Action.DEFER)
    return Rule(code, "permanent negative completion", Action.FAIL)


def markdown_tables() -> str:
    """The tables as Markdown (what ``delivery/README.md`` shows; a test compares them)."""
    parts = []
    for title, head, table in (
        ("SendGrid `mail/send`", "HTTP", SENDGRID_HTTP),
        ("Twilio", "error code", TWILIO_CODES),
        ("SMTP", "reply", SMTP_REPLIES),
        ("AWS SNS `Publish` (SMS)", "error code", SNS_ERRORS),
        ("Mailchimp Transactional `messages/send`", "error name / HTTP", MANDRILL_ERRORS),
        ("Mailchimp Transactional rejected recipients", "reject_reason", MANDRILL_REJECTS),
    ):
        lines = [f"**{title}**", "", f"| {head} | meaning | action |", "|---|---|---|"]
        lines += [f"| {r.code} | {r.meaning} | {r.action} |" for r in table.values()]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
