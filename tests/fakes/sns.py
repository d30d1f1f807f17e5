"""A local fake of AWS SNS ``Publish`` (AWS Query protocol), for the error codes moto cannot make.

Requests are form-encoded (``Action=Publish&PhoneNumber=…&Message=…``) and signed with SigV4
(the fake checks the ``Authorization`` header names the access key); answers are the XML of the
real API: ``PublishResponse/PublishResult/MessageId`` or an ``ErrorResponse`` with ``Type``,
``Code`` and ``Message``. ``Fault("status", status=…, payload={"code": …, "message": …})`` makes
the next request fail with that error.
"""

from __future__ import annotations

import uuid

from tests.fakes.http import FakeServer, Fault, Request, Response

NS = "http://sns.amazonaws.com/doc/2010-03-31/"


def error_xml(code: str, message: str, sender: bool = True) -> bytes:
    kind = "Sender" if sender else "Receiver"
    return (
        f'<ErrorResponse xmlns="{NS}"><Error><Type>{kind}</Type><Code>{code}</Code>'
        f"<Message>{message}</Message></Error><RequestId>{uuid.uuid4()}</RequestId>"
        "</ErrorResponse>"
    ).encode()


class FakeSns(FakeServer):
    access_key = "AKIAFAKESNS000000000"
    secret_key = "fake-sns-secret-key-0000000000000000000"

    def fault_response(self, fault: Fault, request: Request) -> Response:
        payload = fault.payload or {}
        code = payload.get("code", "InternalError")
        message = payload.get("message", "fault")
        return Response(fault.status, error_xml(code, message, fault.status < 500),
                        content_type="text/xml")  # fmt: skip

    def handle(self, request: Request) -> Response:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith(f"AWS4-HMAC-SHA256 Credential={self.access_key}/"):
            body = error_xml(
                "InvalidClientTokenId", "The security token included in the request is invalid."
            )
            return Response(403, body, content_type="text/xml")
        form = request.form()
        if form.get("Action") != "Publish":
            return Response(400, error_xml("InvalidAction", "unsupported"), content_type="text/xml")
        message_id = str(uuid.uuid4())
        with self.lock:
            self.accepted.append(
                {"ledger_id": form.get("Message", ""), "to": form.get("PhoneNumber"),
                 "message_id": message_id, "form": form}
            )  # fmt: skip
        body = (
            f'<PublishResponse xmlns="{NS}"><PublishResult><MessageId>{message_id}</MessageId>'
            f"</PublishResult><ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId>"
            "</ResponseMetadata></PublishResponse>"
        ).encode()
        return Response(200, body, content_type="text/xml")
