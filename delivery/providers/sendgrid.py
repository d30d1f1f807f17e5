"""SendGrid v3 ``mail/send`` through the official SDK.

One request carries up to 1000 personalizations (one per message). Each personalization has its
own ``to``, ``subject``, ``headers`` (``List-Unsubscribe``), ``custom_args`` (``ledger_id``, ...)
and ``substitutions`` holding the message's own rendered body, so per-contact content still goes
out in one request. A message whose substitutions would exceed SendGrid's 10,000 bytes per
personalization is sent in a request of its own with its content inline.

Every request has a timeout (the SDK has none by default); a request that gets no answer within
it raises :class:`~delivery.providers.base.ProviderTimeout` (dispatch holds the provider).
HTTP errors are handled as :data:`delivery.providers.codes.SENDGRID_HTTP` says. ``X-Message-Id`` of the response is
recorded as the provider message id of every message in that request (SendGrid events carry it
as the prefix of ``sg_message_id``).
"""

from __future__ import annotations

import base64
import http.client
import json
import time
import urllib.error
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from python_http_client import exceptions as http_exc
from sendgrid import SendGridAPIClient

from delivery.ledger import LedgerRow
from delivery.messages import Accepted, EmailMessage, Message, Outcome, Rejected
from delivery.providers.base import (
    AuthenticationFailed,
    OutcomeUnknown,
    ProviderError,
    ProviderHeld,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)
from delivery.providers.codes import Action, sendgrid_rule
from delivery.providers.redact import register_secret
from delivery.rendering.recipient import email_recipient_problem

MAX_PERSONALIZATIONS = 1000
MAX_SUBSTITUTION_BYTES = 10_000
HTML_TAG = "%%enrollflow_html%%"
TEXT_TAG = "%%enrollflow_text%%"
_PERMANENT_FIELD_HINTS = ("email", "to")
LOOKUP_CHUNK = 50  # ledger ids per Email Activity query (keeps the URL short)


def _group_key(m: EmailMessage) -> tuple[Any, ...]:
    return (m.from_email, m.from_name, m.categories, m.asm_group_id, m.reply_to, m.attachments)


def _substitution_bytes(m: EmailMessage) -> int:
    return len(m.html.encode()) + len(m.text.encode()) + len(HTML_TAG) + len(TEXT_TAG)


def _personalization(m: EmailMessage, *, inline: bool) -> dict[str, Any]:
    p: dict[str, Any] = {
        "to": [{"email": m.to}],
        "subject": m.subject,
        "custom_args": {"ledger_id": m.ledger_id, **m.custom_args},
    }
    if m.headers:
        p["headers"] = dict(m.headers)
    if not inline:
        p["substitutions"] = {HTML_TAG: m.html, TEXT_TAG: m.text}
    return p


def build_requests(messages: Sequence[EmailMessage]) -> list[tuple[list[str], dict[str, Any]]]:
    """Group messages into SendGrid ``mail/send`` bodies (≤ 1000 personalizations each).

    Parameters
    ----------
    messages : sequence of EmailMessage
        Rendered messages.

    Returns
    -------
    list of (ledger ids, request body)
        The ledger ids in personalization order, and the JSON body for ``mail/send``.
    """
    groups: dict[tuple[Any, ...], list[EmailMessage]] = defaultdict(list)
    singles: list[EmailMessage] = []
    for m in messages:
        if _substitution_bytes(m) > MAX_SUBSTITUTION_BYTES:
            singles.append(m)
        else:
            groups[_group_key(m)].append(m)
    out: list[tuple[list[str], dict[str, Any]]] = []

    def envelope(first: EmailMessage, personalizations: list[dict[str, Any]], html: str, text: str):
        body: dict[str, Any] = {
            "from": {"email": first.from_email, "name": first.from_name},
            "personalizations": personalizations,
            "content": [
                {"type": "text/plain", "value": text},
                {"type": "text/html", "value": html},
            ],
        }
        if first.categories:
            body["categories"] = list(first.categories)
        if first.asm_group_id is not None:
            body["asm"] = {"group_id": first.asm_group_id}
        if first.reply_to:
            body["reply_to"] = {"email": first.reply_to}
        if first.attachments:  # one request's messages share their attachments (_group_key)
            body["attachments"] = [
                {
                    "content": base64.b64encode(a.content).decode("ascii"),
                    "type": a.content_type,
                    "filename": a.filename,
                    "disposition": "attachment",
                }
                for a in first.attachments
            ]
        return body

    for members in groups.values():
        for i in range(0, len(members), MAX_PERSONALIZATIONS):
            chunk = members[i : i + MAX_PERSONALIZATIONS]
            ps = [_personalization(m, inline=False) for m in chunk]
            out.append(([m.ledger_id for m in chunk], envelope(chunk[0], ps, HTML_TAG, TEXT_TAG)))
    for m in singles:
        out.append(([m.ledger_id], envelope(m, [_personalization(m, inline=True)], m.html, m.text)))
    return out


def _header(headers: Any, name: str) -> str | None:
    if headers is None:
        return None
    value = headers.get(name) if hasattr(headers, "get") else None
    return str(value) if value is not None else None


def _retry_after(headers: Any) -> float | None:
    reset = _header(headers, "X-RateLimit-Reset")
    if reset is not None:
        try:
            return max(0.0, float(reset) - time.time())
        except ValueError:
            return None
    after = _header(headers, "Retry-After")
    try:
        return float(after) if after is not None else None
    except ValueError:
        return None


def _field_errors(body: bytes | str | None) -> list[tuple[str | None, str]]:
    try:
        data = json.loads(body or b"{}")
    except (ValueError, TypeError):
        return [(None, str(body)[:300])]
    return [(e.get("field"), e.get("message", "")) for e in data.get("errors", [])]


class SendGridProvider:
    """Email through SendGrid's v3 API with the official ``sendgrid`` SDK.

    Parameters
    ----------
    api_key : str
        SendGrid API key (kept private: never in ``repr``, logs or errors).
    account : str
        Account label; the provider's ``name`` is ``sendgrid:<account>``.
    host : str
        API base URL (tests point it at the local fake).
    timeout : float
        Seconds for each HTTP request (connect and read).
    """

    kind = "sendgrid"
    channel = "email"
    max_batch = MAX_PERSONALIZATIONS

    def __init__(
        self,
        api_key: str,
        *,
        account: str = "default",
        host: str = "https://api.sendgrid.com",
        timeout: float = 10.0,
    ) -> None:
        self.name = f"sendgrid:{account}"
        register_secret(api_key)
        self._client = SendGridAPIClient(api_key=api_key, host=host)
        self._client.client.timeout = timeout
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"SendGridProvider(name={self.name!r}, host={self._client.host!r})"

    def _post(self, ids: list[str], body: dict[str, Any]) -> str:
        try:
            response = self._client.client.mail.send.post(request_body=body, timeout=self._timeout)
        except http_exc.HTTPError as exc:
            raise _http_error(exc) from None
        except urllib.error.URLError as exc:
            # urllib wraps failures while connecting or writing the request: it never arrived whole.
            raise ProviderUnavailable(f"SendGrid unreachable: {exc.reason}") from None
        except TimeoutError:
            raise ProviderTimeout(
                f"SendGrid took the request but gave no answer within {self._timeout:g} s",
                affected=ids,
            ) from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise OutcomeUnknown(
                f"SendGrid gave no answer after the request was sent ({type(exc).__name__})",
                affected=ids,
            ) from None
        if response.status_code not in (200, 202):
            raise OutcomeUnknown(f"SendGrid answered {response.status_code}", affected=ids)
        return _header(response.headers, "X-Message-Id") or ""

    def send(self, messages: Sequence[Message]) -> dict[str, Outcome]:
        """Send email messages; see :class:`~delivery.providers.base.Provider`.

        Each answer is handled as :data:`delivery.providers.codes.SENDGRID_HTTP` says: a 400
        fails (or, for an invalid address, suppresses) the recipients its ``errors[].field``
        names and re-sends the rest (a 400 means nothing was sent); a 413 splits the request in
        halves; a recipient that is not one valid address fails alone before any request.
        """
        emails = [m for m in messages if isinstance(m, EmailMessage)]
        if len(emails) != len(messages):
            raise TypeError("SendGridProvider.send accepts EmailMessage only")
        done: dict[str, Outcome] = {}
        sendable = []
        for m in emails:
            problem = email_recipient_problem(m.to)
            if problem is None:
                sendable.append(m)
            else:
                done[m.ledger_id] = Rejected(f"not sent: {problem}", suppress=False)
        for ids, body in build_requests(sendable):
            try:
                done.update(self._send_one(ids, body))
            except ProviderError as exc:
                exc.done = {**done, **exc.done}
                if exc.affected is None and isinstance(exc, OutcomeUnknown):
                    exc.affected = ids
                raise
        return done

    def _send_one(self, ids: list[str], body: dict[str, Any]) -> dict[str, Outcome]:
        """Send one request body; 400s drop the refused recipients, 413s split the request."""
        rejected: dict[str, Outcome] = {}
        while body["personalizations"]:
            try:
                message_id = self._post(ids, body)
            except _BadRequest as bad:
                by_index = bad.personalization_outcomes()
                if not by_index:
                    reason = f"SendGrid {bad.status}: " + "; ".join(m for _, m in bad.errors)
                    return {**rejected, **{i: Rejected(reason, suppress=False) for i in ids}}
                rejected.update({ids[idx]: out for idx, out in by_index.items()})
                keep = [k for k in range(len(ids)) if k not in by_index]
                ids = [ids[k] for k in keep]
                body = {**body, "personalizations": [body["personalizations"][k] for k in keep]}
                continue
            except _TooLarge:
                return {**rejected, **self._split(ids, body)}
            except ProviderError as exc:
                exc.done = {**rejected, **exc.done}
                raise
            return {**rejected, **{i: Accepted(message_id) for i in ids}}
        return rejected

    def _split(self, ids: list[str], body: dict[str, Any]) -> dict[str, Outcome]:
        """HTTP 413: send each half on its own; one message still too large fails alone."""
        if len(ids) == 1:
            return {ids[0]: Rejected("SendGrid 413: the message is too large", suppress=False)}
        half = len(ids) // 2
        done: dict[str, Outcome] = {}
        ps = body["personalizations"]
        for part_ids, part in ((ids[:half], ps[:half]), (ids[half:], ps[half:])):
            try:
                done.update(self._send_one(part_ids, {**body, "personalizations": part}))
            except ProviderError as exc:
                exc.done = {**done, **exc.done}
                raise
        return done

    def lookup(self, rows: Sequence[LedgerRow]) -> dict[str, str]:
        """Find messages SendGrid accepted, by ``custom_args.ledger_id`` (Email Activity API).

        In bulk: one query per chunk of :data:`LOOKUP_CHUNK` rows (``unique_args['ledger_id']
        ="a" OR ...``). The activity list does not echo the custom args, so a hit is matched
        back by recipient; rows of a chunk sharing a recipient are asked one by one.

        Returns
        -------
        dict
            ``{ledger_id: msg_id}`` for rows SendGrid has a record of.
        """
        found: dict[str, str] = {}
        rows = list(rows)
        for i in range(0, len(rows), LOOKUP_CHUNK):
            chunk = rows[i : i + LOOKUP_CHUNK]
            by_to: dict[str, list[LedgerRow]] = defaultdict(list)
            for row in chunk:
                by_to[(row.to_address or "").strip().lower()].append(row)
            query = " OR ".join(_ledger_query(r.ledger_id) for r in chunk)
            for message in self._activity(query, limit=MAX_PERSONALIZATIONS):
                hits = by_to.get(str(message.get("to_email", "")).strip().lower(), [])
                if len(hits) == 1:
                    found[hits[0].ledger_id] = str(message["msg_id"]).split(".")[0]
            for shared in (rs for rs in by_to.values() if len(rs) > 1):
                for row in shared:
                    messages = self._activity(_ledger_query(row.ledger_id), limit=10)
                    if messages:
                        found[row.ledger_id] = str(messages[0]["msg_id"]).split(".")[0]
        return found

    def _activity(self, query: str, *, limit: int) -> list[dict[str, Any]]:
        try:
            response = self._client.client.messages.get(
                query_params={"query": query, "limit": limit}, timeout=self._timeout
            )
        except http_exc.HTTPError as exc:
            if exc.status_code in (401, 403):
                raise AuthenticationFailed(
                    f"SendGrid {exc.status_code} on Email Activity lookup"
                ) from None
            raise ProviderUnavailable(f"SendGrid lookup failed: {exc.status_code}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise ProviderUnavailable(f"SendGrid lookup failed: {exc}") from None
        return json.loads(response.body or b"{}").get("messages", [])


def _ledger_query(ledger_id: str) -> str:
    return f"unique_args['ledger_id']=\"{ledger_id}\""


def _http_error(exc: http_exc.HTTPError) -> Exception:
    """The error for a SendGrid HTTP error status, as :data:`SENDGRID_HTTP` says."""
    status = exc.status_code
    rule = sendgrid_rule(status)
    what = f"SendGrid {status} ({rule.meaning})"
    if status == 429:
        return RateLimited(what, retry_after=_retry_after(exc.headers))
    if rule.action is Action.STOP:
        return AuthenticationFailed(
            f"{what}: check ENROLLFLOW_SENDGRID_API_KEY, its 'Mail Send' permission and the "
            "verified sender"
        )
    if rule.action is Action.RETRY:
        return ProviderUnavailable(what)
    if rule.action is Action.SPLIT:
        return _TooLarge(what)
    if rule.action is Action.FAIL:
        return _BadRequest(status, _field_errors(exc.body))
    return ProviderHeld(f"{what}: check ENROLLFLOW_SENDGRID_HOST")


class _TooLarge(Exception):
    """HTTP 413: the request body is over SendGrid's limit."""


class _BadRequest(Exception):
    def __init__(self, status: int, errors: list[tuple[str | None, str]]) -> None:
        super().__init__(f"SendGrid {status}")
        self.status = status
        self.errors = errors

    def personalization_outcomes(self) -> dict[int, Outcome]:
        """Map personalization index -> outcome, when every error names a personalization.

        ``personalizations.N.to.M.email`` (an invalid address) suppresses the recipient; any
        other ``personalizations.N.*`` field fails that message only. An error on a shared field
        (``from``, ``content``, ...) returns ``{}``: the whole request's messages fail.
        """
        out: dict[int, Outcome] = {}
        for field, message in self.errors:
            parts = (field or "").split(".")
            if parts[0] != "personalizations" or len(parts) < 3 or not parts[1].isdigit():
                return {}
            address = parts[-1] in _PERMANENT_FIELD_HINTS and parts[2] in ("to", "cc", "bcc")
            out[int(parts[1])] = Rejected(f"SendGrid: {message}", suppress=address)
        return out
