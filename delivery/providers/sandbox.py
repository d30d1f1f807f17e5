"""The sandbox provider: writes rendered messages to files instead of sending (``make demo``).

Each :meth:`SandboxProvider.send` call (one batch, up to ``max_batch`` messages) becomes one file
``<outbox>/batch-<id>.jsonl``: one JSON line per accepted message with its envelope, headers,
ledger id, ``provider_message_id`` and (email) bodies and attachments (name, type, size,
SHA-256, base64 content), so a demo shows exactly what would have
gone out. The file is written under a temporary name and renamed into place, so a batch is
accepted whole or not at all (the rename is the acceptance). ``lookup`` reads the files back:
crashes are reconciled as with a real provider.

Provider message ids follow the real providers' shapes, so the engagement model
(:mod:`delivery.providers.sandbox_engagement`) can emit events as they would:
one id per batch for email (as SendGrid's ``X-Message-Id``, which the ledger records; events
carry it as the prefix of their ``sg_message_id``) and ``SM`` + 32 hex digits per SMS (a Twilio
``MessageSid``).
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from delivery.ledger import LedgerRow
from delivery.messages import Accepted, Attachment, EmailMessage, Message, Outcome, SmsMessage

BATCH_GLOB = "batch-*.jsonl"


def _attachment_record(a: Attachment) -> dict[str, Any]:
    """An attachment as JSON: name, type, size, SHA-256 and the content in base64."""
    return {
        "filename": a.filename,
        "content_type": a.content_type,
        "size": len(a.content),
        "sha256": a.sha256,
        "content_base64": base64.b64encode(a.content).decode("ascii"),
    }


def outbox_records(outbox: Path) -> Iterator[dict[str, Any]]:
    """Every message record written to ``outbox`` (batch files in name order, lines in order)."""
    outbox = Path(outbox)
    if not outbox.exists():
        return
    for path in sorted(outbox.glob(BATCH_GLOB)):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


class SandboxProvider:
    """Write messages of one channel to ``outbox`` (email by default), one file per batch."""

    kind = "sandbox"
    max_batch = 1000

    def __init__(self, outbox: Path, *, channel: str = "email", account: str = "default") -> None:
        if channel not in ("email", "sms"):
            raise ValueError(f"channel={channel!r}: expected 'email' or 'sms'")
        self.outbox = Path(outbox)
        self.channel = channel
        self.name = f"sandbox:{account}"

    def __repr__(self) -> str:
        return f"SandboxProvider(outbox={str(self.outbox)!r}, channel={self.channel!r})"

    def send(self, messages: Sequence[Message]) -> dict[str, Outcome]:
        """Write the batch as one JSONL file (renamed into place last: that is the acceptance)."""
        wanted = EmailMessage if self.channel == "email" else SmsMessage
        for m in messages:
            if not isinstance(m, wanted):
                raise TypeError(f"SandboxProvider({self.channel}) cannot send {type(m).__name__}")
        if not messages:
            return {}
        self.outbox.mkdir(parents=True, exist_ok=True)
        batch = uuid.uuid4().hex
        done: dict[str, Outcome] = {}
        lines: list[str] = []
        for m in messages:
            pmid = f"sbx{batch}" if self.channel == "email" else f"SM{uuid.uuid4().hex}"
            record = dict(vars(m))  # shallow: asdict deep-copies every body
            if record.get("attachments"):
                record["attachments"] = [_attachment_record(a) for a in m.attachments]
            record["provider_message_id"] = pmid
            record["channel"] = self.channel
            lines.append(json.dumps(record, sort_keys=True, separators=(",", ":")))
            done[m.ledger_id] = Accepted(pmid)
        path = self.outbox / f"batch-{batch}.jsonl"
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return done

    def lookup(self, rows: Sequence[LedgerRow]) -> dict[str, str]:
        """Return ``{ledger_id: provider_message_id}`` for messages found in the outbox."""
        wanted = {r.ledger_id for r in rows}
        return {
            rec["ledger_id"]: rec["provider_message_id"]
            for rec in outbox_records(self.outbox)
            if rec["ledger_id"] in wanted
        }
