"""Email through Mailchimp Transactional (Mandrill) ``messages/send``, with the official SDK.

One request per message (each message is rendered for its recipient; Mandrill's merge variables
would batch them but make a repeated recipient in one request ambiguous in the answer). The
message carries ``metadata`` (``ledger_id``, ``campaign_id``, ``contact_id``, ``variant_id``):
webhook events echo it (the webhooks app joins them to the ledger row) and ``messages/search``
finds it (``u_ledger_id:...``), which reconciles an ``unknown`` row. Mandrill's ``_id`` of the
recipient is the provider message id.

Answers are handled as :data:`delivery.providers.codes.MANDRILL_ERRORS` (API errors, by their
``name``) and :data:`~delivery.providers.codes.MANDRILL_REJECTS` (a recipient ``rejected`` or
``invalid``) say. The SDK sends with ``requests`` and no retries of its own; its single timeout
is set per request (connect, read): a connect failure is :class:`ProviderUnavailable` (nothing
left), a read timeout :class:`ProviderTimeout` and a connection dropped after sending
:class:`OutcomeUnknown`, for that message only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import mailchimp_transactional
import requests
from mailchimp_transactional.api_client import ApiClientError

from delivery.ledger import LedgerRow
from delivery.messages import Accepted, EmailMessage, Message, Outcome, Rejected
from delivery.providers.base import (
    AuthenticationFailed,
    OutcomeUnknown,
    ProviderHeld,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    send_each,
)
from delivery.providers.codes import MANDRILL_REJECTS, Action, Rule, mandrill_rule
from delivery.providers.redact import register_secret
from delivery.rendering.recipient import email_recipient_problem

ACCEPTED = ("sent", "queued", "scheduled")
LOOKUP_CHUNK = 50  # ledger ids per messages/search query (Mandrill allows 20 searches a minute)
DEFAULT_HOST = "https://mandrillapp.com/api/1.3"


class MandrillProvider:
    """Email through Mailchimp Transactional with the ``mailchimp-transactional`` SDK.

    Parameters
    ----------
    api_key : str
        The Transactional API key (never in ``repr``, logs or errors).
    host : str
        API base URL (``https://mandrillapp.com/api/1.3``; tests point it at the local fake).
    timeout : float
        Seconds to connect (at most 5) and to read each answer.
    account : str
        Account label; ``name`` is ``mandrill:<account>``.
    subaccount : str, optional
        Mandrill subaccount to send through.
    """

    kind = "mandrill"
    channel = "email"
    max_batch = 50

    def __init__(
        self,
        api_key: str,
        *,
        host: str = DEFAULT_HOST,
        timeout: float = 10.0,
        account: str = "default",
        subaccount: str | None = None,
    ) -> None:
        self.name = f"mandrill:{account}"
        register_secret(api_key)
        self._client = mailchimp_transactional.Client(api_key)
        self._client.api_client.host = host.rstrip("/")
        self._client.api_client.set_timeout((min(5.0, timeout), timeout))
        self._timeout = timeout
        self._subaccount = subaccount

    def __repr__(self) -> str:
        return f"MandrillProvider(name={self.name!r}, host={self._client.api_client.host!r})"

    def _body(self, m: EmailMessage) -> dict[str, Any]:
        headers = dict(m.headers)
        if m.reply_to:
            headers["Reply-To"] = m.reply_to
        metadata = {"ledger_id": m.ledger_id, **m.custom_args}
        message: dict[str, Any] = {
            "html": m.html,
            "text": m.text,
            "subject": m.subject,
            "from_email": m.from_email,
            "from_name": m.from_name,
            "to": [{"email": m.to, "type": "to"}],
            "headers": headers,
            "metadata": metadata,
            "tags": [t[:50] for t in m.categories if not t.startswith("_")][:10],
            "preserve_recipients": False,
            "track_opens": True,
            "track_clicks": True,
        }
        if self._subaccount:
            message["subaccount"] = self._subaccount
        return {"message": message, "async": False}

    def _call(self, call, body: dict[str, Any], ids: list[str]) -> Any:
        """One SDK call; every failure becomes the taxonomy's error for ``ids``."""
        try:
            result = call(body)
        except ApiClientError as exc:
            raise _api_error(exc.text, exc.status_code) from None
        except requests.exceptions.ConnectTimeout:
            raise ProviderUnavailable("Mandrill did not accept the connection in time") from None
        except requests.exceptions.ReadTimeout:
            raise ProviderTimeout(
                f"Mandrill took the request but gave no answer within {self._timeout:g} s",
                affected=ids,
            ) from None
        except requests.exceptions.ConnectionError as exc:
            if _before_sending(exc):
                raise ProviderUnavailable(f"Mandrill unreachable ({type(exc).__name__})") from None
            raise OutcomeUnknown(
                "Mandrill gave no answer after the request was sent", affected=ids
            ) from None
        if isinstance(result, requests.Response):  # the SDK hands back an empty or unread answer
            if result.ok:
                try:
                    return result.json()  # e.g. an empty list: the SDK treats it as no data
                except ValueError:
                    raise OutcomeUnknown(
                        f"Mandrill answered {result.status_code} without a JSON body", affected=ids
                    ) from None
            raise _api_error(None, result.status_code, result.headers)
        return result

    def _send_one(self, m: EmailMessage) -> Outcome:
        problem = email_recipient_problem(m.to)
        if problem is not None:
            return Rejected(f"not sent: {problem}", suppress=False)
        try:
            answer = self._call(self._client.messages.send, self._body(m), [m.ledger_id])
        except _Refused as exc:
            return Rejected(str(exc), suppress=False)
        mine = [
            r
            for r in (answer if isinstance(answer, list) else [])
            if isinstance(r, dict) and str(r.get("email", "")).lower() == m.to.lower()
        ]
        if len(mine) != 1:
            raise OutcomeUnknown(
                "Mandrill's answer does not name the recipient", affected=[m.ledger_id]
            )
        result = mine[0]
        status = result.get("status")
        if status in ACCEPTED:
            return Accepted(str(result.get("_id", "")))
        reason = "invalid" if status == "invalid" else str(result.get("reject_reason") or "custom")
        rule = MANDRILL_REJECTS.get(reason) or Rule(reason, "undocumented reason", Action.FAIL)
        if rule.action is Action.HOLD:
            raise ProviderHeld(f"Mandrill rejected the message: {reason} ({rule.meaning})")
        return Rejected(
            f"Mandrill {status}: {reason} ({rule.meaning})", suppress=rule.action is Action.SUPPRESS
        )

    def send(self, messages: Sequence[Message]) -> dict[str, Outcome]:
        """Send email messages, one request each; see :class:`~delivery.providers.base.Provider`."""
        return send_each(messages, self._send_one, accepts=EmailMessage)

    def lookup(self, rows: Sequence[LedgerRow]) -> dict[str, str]:
        """Find messages Mandrill accepted, by their ``ledger_id`` metadata (``messages/search``).

        One search per :data:`LOOKUP_CHUNK` rows (``u_ledger_id:"a" OR ...``) from the earliest
        row's creation; Mandrill echoes the metadata, so each hit is matched to its row.
        """
        found: dict[str, str] = {}
        rows = list(rows)
        for i in range(0, len(rows), LOOKUP_CHUNK):
            chunk = rows[i : i + LOOKUP_CHUNK]
            wanted = {r.ledger_id for r in chunk}
            since = min((r.created_at for r in chunk if r.created_at), default=None)
            body: dict[str, Any] = {
                "query": " OR ".join(f'u_ledger_id:"{r.ledger_id}"' for r in chunk),
                "limit": 1000,
            }
            if since is not None:
                body["date_from"] = (since - dt.timedelta(days=1)).date().isoformat()
            try:
                hits = self._call(self._client.messages.search, body, [])
            except OutcomeUnknown as exc:  # a search sends nothing: its failure is transient
                raise ProviderUnavailable(f"Mandrill search failed: {exc}") from None
            except _Refused as exc:
                raise ProviderHeld(f"Mandrill refused the search: {exc}") from None
            for hit in hits if isinstance(hits, list) else []:
                ledger_id = (hit.get("metadata") or {}).get("ledger_id")
                if ledger_id in wanted and hit.get("_id"):
                    found[ledger_id] = str(hit["_id"])
        return found


def _before_sending(exc: requests.exceptions.ConnectionError) -> bool:
    """Whether a connection error happened before the request left (refused, DNS, TLS)."""
    text = repr(exc)
    return any(
        s in text
        for s in ("NewConnectionError", "Connection refused", "NameResolutionError", "SSLError")
    )


def _api_error(body: Any, status: int, headers: Any = None) -> Exception:
    """The taxonomy's error for a Mandrill error answer (``body`` is its parsed JSON, if any)."""
    name = body.get("name") if isinstance(body, dict) else None
    text = body.get("message") if isinstance(body, dict) else None
    rule = mandrill_rule(name, status)
    what = f"Mandrill {status} {name or ''}".rstrip() + f" ({rule.meaning})"
    if text:
        what += f": {str(text)[:200]}"
    if rule.code == 429 or status == 429:
        after = (headers or {}).get("Retry-After") if headers is not None else None
        return RateLimited(what, retry_after=float(after) if after and after.isdigit() else None)
    if rule.action is Action.STOP:
        return AuthenticationFailed(f"{what}: check ENROLLFLOW_MANDRILL_API_KEY and the account")
    if rule.action is Action.RETRY:
        return ProviderUnavailable(what)
    if rule.action is Action.FAIL:
        return _Refused(what)
    return ProviderHeld(f"{what}: check ENROLLFLOW_MANDRILL_HOST")


class _Refused(Exception):
    """A ValidationError: Mandrill refused this message's parameters (nothing was sent)."""
