"""A local HTTP endpoint that speaks Slack's incoming-webhook contract and checks each payload."""

from __future__ import annotations

from tests.fakes.http import FakeServer, Fault, Request, Response


class FakeSlackWebhook(FakeServer):
    """Accepts ``POST /services/...`` JSON with ``text`` and optional section ``blocks``; answers
    ``ok`` like Slack, or 400 ``invalid_payload`` for anything else."""

    def __init__(self) -> None:
        super().__init__()
        self.payloads: list[dict] = []

    def handle(self, request: Request) -> Response:
        if request.method != "POST" or not request.path.startswith("/services/"):
            return Response(404, b"no_service", content_type="text/plain")
        if not request.headers.get("Content-Type", "").startswith("application/json"):
            return Response(400, b"invalid_payload", content_type="text/plain")
        try:
            payload = request.json()
        except ValueError:
            return Response(400, b"invalid_payload", content_type="text/plain")
        blocks = payload.get("blocks", [])
        valid = (
            isinstance(payload.get("text"), str)
            and payload["text"]
            and isinstance(blocks, list)
            and len(blocks) <= 50
            and all(
                b.get("type") == "section"
                and b.get("text", {}).get("type") == "mrkdwn"
                and 0 < len(b["text"].get("text", "")) <= 3000
                for b in blocks
            )
        )
        if not valid:
            return Response(400, b"invalid_blocks", content_type="text/plain")
        self.payloads.append(payload)
        return Response(200, b"ok", content_type="text/plain")

    def fault_response(self, fault: Fault) -> Response:
        return Response(fault.status, b"internal_error", content_type="text/plain")

    @property
    def hook_url(self) -> str:
        return f"{self.url}/services/T000/B000/XXXX"
