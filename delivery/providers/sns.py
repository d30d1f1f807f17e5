"""SMS through AWS SNS ``Publish`` to a phone number, with the official SDK (boto3).

One request per message; the SDK's own retries are off (``total_max_attempts=1``) so that dispatch's
backoff, rate limit and circuit breaker decide (an SDK retry after a read timeout could
send the SMS twice), as for the other providers. Errors are handled as
:data:`delivery.providers.codes.SNS_ERRORS` says; a connect failure is
:class:`ProviderUnavailable` (nothing left), a read timeout :class:`ProviderTimeout` and a dropped
connection after sending :class:`OutcomeUnknown`, for that message only.

SNS keeps no record of a message that can be searched by the API (delivery status goes to
CloudWatch Logs when enabled), so ``lookup`` raises :class:`LookupNotSupported`: an ``unknown``
SNS message goes to the audited decision queue (``enrollflow ops decide``), never resent blindly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from delivery.ledger import LedgerRow
from delivery.messages import Accepted, Message, Outcome, Rejected, SmsMessage
from delivery.providers.base import (
    AuthenticationFailed,
    LookupNotSupported,
    OutcomeUnknown,
    ProviderHeld,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    send_each,
)
from delivery.providers.codes import Action, sns_rule
from delivery.providers.redact import register_secret

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


class SnsSmsProvider:
    """SMS through AWS SNS.

    Parameters
    ----------
    region : str
        AWS region of the SNS account (``eu-west-1``).
    access_key_id, secret_access_key : str, optional
        Credentials; default: the SDK's chain (environment, instance role). The secret is never
        logged or shown in ``repr``.
    endpoint_url : str, optional
        API endpoint (tests point it at moto's server on 127.0.0.1).
    sender_id, origination_number : str, optional
        Alphanumeric sender id / the origination number where the destination country needs one.
    sms_type : str
        ``Transactional`` (default; highest reliability) or ``Promotional``.
    timeout : float
        Seconds to connect and to read.
    account : str
        Account label; ``name`` is ``sns:<account>``.
    """

    kind = "sns"
    channel = "sms"
    max_batch = 100

    def __init__(
        self,
        region: str,
        *,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        endpoint_url: str | None = None,
        sender_id: str | None = None,
        origination_number: str | None = None,
        sms_type: str = "Transactional",
        timeout: float = 10.0,
        account: str = "default",
    ) -> None:
        import boto3
        from botocore.config import Config

        if sms_type not in ("Transactional", "Promotional"):
            raise ValueError(f"sms_type must be Transactional or Promotional, not {sms_type!r}")
        if secret_access_key:
            register_secret(secret_access_key)
        self.name = f"sns:{account}"
        self._timeout = timeout
        self._endpoint = endpoint_url
        self._client = boto3.client(
            "sns",
            region_name=region,
            endpoint_url=endpoint_url,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(
                connect_timeout=timeout,
                read_timeout=timeout,
                # no SDK retry: a retried read timeout could send the SMS twice
                retries={"total_max_attempts": 1, "mode": "standard"},
            ),
        )
        attributes = {"AWS.SNS.SMS.SMSType": sms_type}
        if sender_id:
            attributes["AWS.SNS.SMS.SenderID"] = sender_id
        if origination_number:
            attributes["AWS.MM.SMS.OriginationNumber"] = origination_number
        self._attributes = {
            k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()
        }

    def __repr__(self) -> str:
        return f"SnsSmsProvider(name={self.name!r}, endpoint={self._endpoint!r})"

    def _client_error(self, exc: Exception) -> Outcome:
        error = getattr(exc, "response", {}).get("Error", {})
        status = getattr(exc, "response", {}).get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        rule = sns_rule(str(error.get("Code", "")), int(status or 0), str(error.get("Message", "")))
        what = f"SNS {rule.code}: {rule.meaning}"
        if rule.action is Action.STOP:
            raise AuthenticationFailed(f"{what} (check the AWS credentials and IAM policy)")
        if rule.action is Action.RETRY:
            if "Throttl" in str(rule.code) or status == 429:
                raise RateLimited(what)
            raise ProviderUnavailable(what)
        if rule.action is Action.HOLD:
            raise ProviderHeld(f"{what} (check ENROLLFLOW_SNS_REGION and the endpoint)")
        return Rejected(what, suppress=rule.action is Action.SUPPRESS)

    def _publish(self, m: SmsMessage) -> Outcome:
        from botocore.exceptions import (
            ClientError,
            ConnectionClosedError,
            ConnectTimeoutError,
            EndpointConnectionError,
            ReadTimeoutError,
        )

        if not _E164.match(m.to):
            return Rejected("not sent: the phone number is not one E.164 number", suppress=False)
        try:
            answer = self._client.publish(
                PhoneNumber=m.to, Message=m.body, MessageAttributes=self._attributes
            )
        except ClientError as exc:
            return self._client_error(exc)
        except ReadTimeoutError:
            raise ProviderTimeout(
                f"SNS took the request but gave no answer within {self._timeout:g} s",
                affected=[m.ledger_id],
            ) from None
        except (EndpointConnectionError, ConnectTimeoutError) as exc:
            raise ProviderUnavailable(f"SNS unreachable ({type(exc).__name__})") from None
        except ConnectionClosedError:
            raise OutcomeUnknown(
                "SNS closed the connection after the request was sent", affected=[m.ledger_id]
            ) from None
        return Accepted(answer["MessageId"])

    def send(self, messages: Sequence[Message]) -> dict[str, Outcome]:
        """Publish SMS messages one request each; see :class:`~delivery.providers.base.Provider`."""
        return send_each(messages, self._publish, accepts=SmsMessage)

    def lookup(self, rows: Sequence[LedgerRow]) -> dict[str, str]:
        """SNS keeps no searchable record of a published SMS."""
        raise LookupNotSupported(
            "AWS SNS keeps no searchable record of an SMS; decide with `enrollflow ops decide`"
        )
