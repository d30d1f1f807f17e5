"""SMS through Twilio's official SDK (one request per message; Messaging Service or From number).

Each message carries ``StatusCallback=<webhooks>/twilio/status?ledger_id=<id>``. Error codes are
handled as :data:`delivery.providers.codes.TWILIO_CODES` says (suppress, fail this message, retry,
hold or stop); connection refused or a connect timeout is :class:`ProviderUnavailable` (nothing
left); a read timeout is :class:`ProviderTimeout` and a connection dropped after sending is
:class:`OutcomeUnknown`, both for that message only.

``lookup`` lists the account's messages once for all rows (since the earliest row left) and
matches each row by recipient + body hash, created no earlier than the row's own send, each message
once (Twilio cannot search by our ledger id; the status callback URL is not returned by the API).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

from delivery.ledger import LedgerRow
from delivery.messages import (
    Accepted,
    Message,
    Outcome,
    Rejected,
    SmsMessage,
    content_sha256,
)
from delivery.providers.base import (
    AuthenticationFailed,
    OutcomeUnknown,
    ProviderHeld,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    send_each,
)
from delivery.providers.codes import Action, twilio_rule
from delivery.providers.redact import register_secret

#: clock difference tolerated between our ``sending_at`` and Twilio's ``date_created``
LOOKUP_SKEW = dt.timedelta(minutes=2)

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def _rest_error(exc: TwilioRestException) -> Outcome:
    """Return this message's outcome, or raise, as :data:`TWILIO_CODES` says for the code."""
    rule = twilio_rule(exc.code, exc.status)
    what = f"Twilio {rule.code}: {rule.meaning}"
    if rule.action is Action.STOP:
        raise AuthenticationFailed(
            f"{what} (check the account SID, auth token and sender settings)"
        ) from None
    if rule.action is Action.RETRY:
        if rule.code == 20429 or exc.status == 429:
            raise RateLimited(what) from None
        raise ProviderUnavailable(what) from None
    if rule.action is Action.HOLD:
        raise ProviderHeld(f"{what} (check ENROLLFLOW_TWILIO_BASE_URL and the account SID)")
    return Rejected(what, suppress=rule.action is Action.SUPPRESS)


def _never_left(exc: requests.exceptions.RequestException) -> bool:
    """Whether a requests error proves the HTTP request never reached Twilio."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        return isinstance(reason, NewConnectionError | ConnectionRefusedError)
    return False


class TwilioProvider:
    """SMS through Twilio.

    Parameters
    ----------
    account_sid, auth_token : str
        Credentials (the token is never logged or shown in ``repr``).
    messaging_service_sid, from_number : str, optional
        One of them is required (the Messaging Service wins when both are given).
    base_url : str, optional
        API base URL (tests point it at the local fake).
    timeout : float
        Seconds per HTTP request.
    account : str
        Account label; ``name`` is ``twilio:<account>``.
    """

    kind = "twilio"
    channel = "sms"
    max_batch = 100
    #: one sid per message: reconciliation never lets one sid resolve two ledger rows
    message_ids_unique = True

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        messaging_service_sid: str | None = None,
        from_number: str | None = None,
        base_url: str | None = None,
        timeout: float = 10.0,
        account: str = "default",
    ) -> None:
        if not messaging_service_sid and not from_number:
            raise ValueError(
                "TwilioProvider needs messaging_service_sid or from_number "
                "(ENROLLFLOW_TWILIO_MESSAGING_SERVICE_SID or ENROLLFLOW_TWILIO_FROM)"
            )
        register_secret(auth_token)
        self._timeout = timeout
        self.name = f"twilio:{account}"
        self._sender = (
            {"messaging_service_sid": messaging_service_sid}
            if messaging_service_sid
            else {"from_": from_number}
        )
        self._client = Client(
            account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout)
        )
        if base_url:
            self._client.api.base_url = base_url.rstrip("/")

    def __repr__(self) -> str:
        return f"TwilioProvider(name={self.name!r}, base_url={self._client.api.base_url!r})"

    def _create(self, m: SmsMessage) -> Outcome:
        if not _E164.match(m.to):
            return Rejected("not sent: the phone number is not one E.164 number", suppress=False)
        kwargs = dict(self._sender)
        if m.status_callback:
            kwargs["status_callback"] = m.status_callback
        try:
            created = self._client.messages.create(to=m.to, body=m.body, **kwargs)
        except TwilioRestException as exc:
            return _rest_error(exc)
        except requests.exceptions.ReadTimeout:
            raise ProviderTimeout(
                f"Twilio took the request but gave no answer within {self._timeout:g} s",
                affected=[m.ledger_id],
            ) from None
        except requests.exceptions.RequestException as exc:
            if _never_left(exc):
                raise ProviderUnavailable(f"Twilio unreachable ({type(exc).__name__})") from None
            raise OutcomeUnknown(
                f"Twilio gave no answer after the request was sent ({type(exc).__name__})",
                affected=[m.ledger_id],
            ) from None
        return Accepted(created.sid)

    def send(self, messages: Sequence[Message]) -> dict[str, Outcome]:
        """Send SMS messages one request each; see :class:`~delivery.providers.base.Provider`."""
        return send_each(messages, self._create, accepts=SmsMessage)

    def lookup(self, rows: Sequence[LedgerRow]) -> dict[str, str]:
        """Find accepted messages of ``rows`` in one message list (not one request per row).

        Twilio cannot search by our ledger id (the StatusCallback URL that carries it is not
        returned by the API; callbacks resolve rows through the webhooks app). So the account's
        messages created since the earliest row's ``sending_at`` (less :data:`LOOKUP_SKEW`)
        are listed once, and each row is matched to a message with its recipient + body hash
        (``content_sha256``) created no earlier than its own ``sending_at - LOOKUP_SKEW``, each
        message at most once, earliest first: an earlier occurrence of the same text (an older
        campaign, a previous step) can never resolve a later row.
        """
        wanted = [r for r in rows if r.to_address and r.content_sha256 and r.sending_at]
        if not wanted:
            return {}
        since = min(r.sending_at for r in wanted) - LOOKUP_SKEW
        try:
            listed = self._client.messages.list(
                date_sent_after=since.replace(tzinfo=dt.UTC), page_size=1000
            )
        except TwilioRestException as exc:
            raise ProviderUnavailable(f"Twilio lookup failed: {exc.code}") from None
        except requests.exceptions.RequestException as exc:
            raise ProviderUnavailable(f"Twilio lookup failed ({type(exc).__name__})") from None
        candidates: dict[str, list[tuple[dt.datetime, str]]] = defaultdict(list)
        for msg in listed:
            created = msg.date_created
            if created is None:
                continue
            created = created.astimezone(dt.UTC).replace(tzinfo=None)
            probe = SmsMessage(ledger_id="", to=msg.to, body=msg.body)
            candidates[content_sha256(probe)].append((created, msg.sid))
        for hits in candidates.values():
            hits.sort()
        used: set[str] = set()
        found: dict[str, str] = {}
        for row in sorted(wanted, key=lambda r: (r.sending_at, r.ledger_id)):
            earliest = row.sending_at - LOOKUP_SKEW
            for created, sid in candidates.get(row.content_sha256, []):
                if created >= earliest and sid not in used:
                    used.add(sid)
                    found[row.ledger_id] = sid
                    break
        return found
