"""The sandbox provider: writes rendered messages to files instead of sending (``make demo``).

Each accepted message becomes ``<outbox>/<provider_message_id>.json`` (envelope, headers, ledger
id) plus ``.html``/``.txt`` bodies for email, so a demo shows exactly what would have gone out.
``lookup`` reads the files back: crashes are reconciled as with a real provider.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from delivery.ledger import LedgerRow
from delivery.messages import Accepted, EmailMessage, Message, Outcome, SmsMessage


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class SandboxProvider:
    """Write messages of one channel to ``outbox`` (email by default)."""

    kind = "sandbox"
    max_batch = 1000

    def __init__(self, outbox: Path, *, channel: str = "email", account: str = "default") -> None:
        self.outbox = Path(outbox)
        self.channel = channel
        self.name = f"sandbox:{account}"

    def __repr__(self) -> str:
        return f"SandboxProvider(outbox={str(self.outbox)!r}, channel={self.channel!r})"

    def send(self, messages: Sequence[Message]) -> dict[str, Outcome]:
        """Write each message; the JSON envelope is written last (it marks acceptance)."""
        self.outbox.mkdir(parents=True, exist_ok=True)
        done: dict[str, Outcome] = {}
        for m in messages:
            pmid = f"sbx-{uuid.uuid4().hex}"
            record = asdict(m)
            if isinstance(m, EmailMessage):
                _write_atomic(self.outbox / f"{pmid}.html", m.html)
                _write_atomic(self.outbox / f"{pmid}.txt", m.text)
                record.pop("html")
                record.pop("text")
            elif not isinstance(m, SmsMessage):
                raise TypeError(f"SandboxProvider cannot send {type(m).__name__}")
            record["provider_message_id"] = pmid
            _write_atomic(
                self.outbox / f"{pmid}.json", json.dumps(record, indent=1, sort_keys=True)
            )
            done[m.ledger_id] = Accepted(pmid)
        return done

    def lookup(self, rows: Sequence[LedgerRow]) -> dict[str, str]:
        """Return ``{ledger_id: provider_message_id}`` for messages found in the outbox."""
        wanted = {r.ledger_id for r in rows}
        found: dict[str, str] = {}
        if not self.outbox.exists():
            return found
        for f in self.outbox.glob("sbx-*.json"):
            record = json.loads(f.read_text(encoding="utf-8"))
            if record["ledger_id"] in wanted:
                found[record["ledger_id"]] = record["provider_message_id"]
        return found
