"""What the ops-store export reads: one :class:`Stream` per ``raw_ops__*`` table.

A stream names the ops-store table it reads, the column its watermark follows (``cursor``), the
key of one row, and how a stored row becomes the landing record(s) of docs/data-contract.md
(``records``). Campaign versions are flattened here -- type, objective, KPIs, budget, channels,
timeline -- so dbt reads typed columns, not the stored spec JSON; their split nodes become the
``campaign_split_variants`` stream (one record per version x split x variant, holdout included).

``suppressions`` is the one table whose rows are deleted (a START lifts a STOP): it is exported as
changes against the previous export (``change_type`` ``upsert`` or ``delete``), not by watermark.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa

from delivery.campaigns.tables import (
    campaign_approvals,
    campaign_versions,
    campaigns,
    journey_state,
)
from delivery.journeys.nodes import HOLDOUT
from delivery.store.schema import audit_log, consent_events, send_ledger, suppressions
from privacy.crypto import KeyRing
from privacy.tables import consent_ledger, privacy_objections

Record = dict[str, Any]


@dataclass(frozen=True)
class Stream:
    """One ops-store table exported to ``<landing>/ops/<day>/<name>-<stamp>.jsonl``.

    Attributes
    ----------
    name : str
        File stem; the raw table is ``raw_ops__<name>``.
    table : sqlalchemy.Table
        The ops-store table read.
    key : tuple of str
        Columns of ``table`` identifying a row (keyset pagination and version de-duplication).
    cursor : str or None
        Watermark column (``updated_at``, ``applied_at`` or an integer id); ``None`` for a table
        exported as changes against the previous export (``suppressions``).
    cursor_kind : {"time", "id", "none"}
        How the overlap below the watermark is measured.
    record_key : tuple of str
        Keys of a landing record identifying its row (differs from ``key`` when one row becomes
        several records).
    records : callable
        Stored row (mapping) -> landing records.
    sealed : tuple of str
        Address columns stored sealed (``<name>_enc`` + ``<name>_hash``), opened on export.
    """

    name: str
    table: sa.Table
    key: tuple[str, ...]
    cursor: str | None
    cursor_kind: Literal["time", "id", "none"]
    record_key: tuple[str, ...]
    records: Callable[[Mapping[str, Any]], list[Record]]
    sealed: tuple[str, ...] = ()

    @property
    def raw_table(self) -> str:
        return f"raw_ops__{self.name}"

    def records_of(self, row: Mapping[str, Any], keys: KeyRing | None) -> list[Record]:
        """The landing records of a stored row, its sealed columns opened.

        A column ``x`` in :attr:`sealed` is stored as ``x_enc`` (AES-256-GCM) + ``x_hash``; the
        landing record carries the clear ``x`` (the landing zone and warehouse are the places
        that hold it, docs/privacy.md), never the ciphertext or the hash.
        """
        if self.sealed:
            row = dict(row)
            for name in self.sealed:
                token = row.pop(f"{name}_enc", None)
                row.pop(f"{name}_hash", None)
                if name not in row:
                    row[name] = (
                        None
                        if token is None or keys is None
                        else keys.decrypt(token, column=f"{self.table.name}.{name}_enc")
                    )
        return self.records(row)


def _copy(renames: Mapping[str, str] | None = None) -> Callable[[Mapping[str, Any]], list[Record]]:
    renames = renames or {}

    def records(row: Mapping[str, Any]) -> list[Record]:
        return [{renames.get(k, k): v for k, v in row.items()}]

    return records


def _spec(row: Mapping[str, Any]) -> dict[str, Any]:
    return json.loads(row["spec_json"])


def version_record(row: Mapping[str, Any]) -> list[Record]:
    """A ``campaign_versions`` row flattened: the spec's type, objective, KPIs, budget, timeline."""
    spec = _spec(row)
    kpis = spec.get("kpis") or {}
    budget = spec.get("budget") or {}
    costs = budget.get("cost_per_message") or {}
    nodes = (spec.get("workflow") or {}).get("nodes") or []
    return [
        {
            "campaign_id": row["campaign_id"],
            "version": row["version"],
            "spec_sha256": row["spec_sha256"],
            "source": row["source"],
            "applied_by": row["applied_by"],
            "applied_at": row["applied_at"],
            "campaign_name": spec.get("name"),
            "campaign_type": spec.get("type"),
            "objective": spec.get("objective"),
            "organisation": spec.get("organisation"),
            "owner": spec.get("owner"),
            "target_conversion_rate": kpis.get("target_conversion_rate"),
            "target_cpa_amount": kpis.get("target_cpa_amount"),
            "conversion_window_days": kpis.get("conversion_window_days"),
            "budget_amount": budget.get("amount"),
            "currency": budget.get("currency"),
            "cost_per_email_amount": costs.get("email"),
            "cost_per_sms_amount": costs.get("sms"),
            "channels": spec.get("channels"),
            "start_at": spec.get("start_at"),
            "end_at": spec.get("end_at"),
            "organisation_timezone": spec.get("organisation_timezone"),
            "audience_segments": (spec.get("audience") or {}).get("segments"),
            "exit_on": spec.get("exit_on"),
            "is_ab_test": any(n.get("type") == "split" for n in nodes),
            "workflow_node_count": len(nodes),
            "spec_json": row["spec_json"],
        }
    ]


def split_variant_records(row: Mapping[str, Any]) -> list[Record]:
    """One record per split node x variant of a version (the holdout is variant ``holdout``).

    ``traffic_share`` is the share of the contacts reaching the split that get the variant:
    the holdout takes ``holdout``, the variants share the rest by weight
    (:func:`delivery.journeys.nodes.assign_variants`).
    """
    out: list[Record] = []
    for node in (_spec(row).get("workflow") or {}).get("nodes") or []:
        if node.get("type") != "split":
            continue
        holdout = float(node.get("holdout") or 0.0)
        variants = node.get("variants") or []
        total = sum(float(v["weight"]) for v in variants) or 1.0
        base = {
            "campaign_id": row["campaign_id"],
            "version": row["version"],
            "split_node_id": node["id"],
            "applied_at": row["applied_at"],
        }
        for v in variants:
            share = (1 - holdout) * float(v["weight"]) / total
            out.append(
                base
                | {
                    "variant_id": v["id"],
                    "weight": float(v["weight"]),
                    "traffic_share": share,
                    "next_node_id": v.get("next"),
                    "is_holdout": False,
                }
            )
        if holdout > 0:
            out.append(
                base
                | {
                    "variant_id": HOLDOUT,
                    "weight": None,
                    "traffic_share": holdout,
                    "next_node_id": node.get("holdout_next"),
                    "is_holdout": True,
                }
            )
    return out


_LEDGER_COLUMNS = (
    "ledger_id", "campaign_id", "step_id", "contact_id", "channel", "occurrence", "variant_id",
    "to_address", "provider", "state", "attempts", "content_sha256", "provider_message_id",
    "last_error", "created_at", "updated_at", "sending_at", "submitted_at", "completed_at",
    "cost_amount",
)  # fmt: skip


_CONSENT_COLUMNS = (
    "consent_id", "contact_id", "channel", "topic", "status", "source", "wording_version",
    "occurred_at", "recorded_at", "external_id",
)  # fmt: skip


def _consent_record(row: Mapping[str, Any]) -> list[Record]:
    # provenance only: the address, IP and user agent stay sealed in the ops store
    return [{c: row[c] for c in _CONSENT_COLUMNS}]


def _ledger_record(row: Mapping[str, Any]) -> list[Record]:
    # owner and lease_expires_at are the sender's fencing internals, not facts about the message
    return [{c: row[c] for c in _LEDGER_COLUMNS}]


STREAMS: tuple[Stream, ...] = (
    Stream(
        "campaigns", campaigns, ("campaign_id",), "updated_at", "time", ("campaign_id",), _copy()
    ),
    Stream(
        "campaign_versions",
        campaign_versions,
        ("campaign_id", "version"),
        "applied_at",
        "time",
        ("campaign_id", "version"),
        version_record,
    ),
    Stream(
        "campaign_split_variants",
        campaign_versions,
        ("campaign_id", "version"),
        "applied_at",
        "time",
        ("campaign_id", "version", "split_node_id", "variant_id"),
        split_variant_records,
    ),
    Stream(
        "campaign_approvals",
        campaign_approvals,
        ("approval_id",),
        "approval_id",
        "id",
        ("approval_id",),
        _copy(),
    ),
    Stream(
        "journeys",
        journey_state,
        ("campaign_id", "contact_id", "occurrence"),
        "updated_at",
        "time",
        ("campaign_id", "contact_id", "occurrence"),
        _copy(),
    ),
    Stream(
        "send_ledger",
        send_ledger,
        ("ledger_id",),
        "updated_at",
        "time",
        ("ledger_id",),
        _ledger_record,
        sealed=("to_address",),
    ),
    Stream(
        "consent_events",
        consent_events,
        ("consent_event_id",),
        "consent_event_id",
        "id",
        ("consent_event_id",),
        _copy(),
        sealed=("address",),
    ),
    Stream(
        "suppressions",
        suppressions,
        ("channel", "address_hash"),
        None,
        "none",
        ("channel", "address"),
        _copy(),
        sealed=("address",),
    ),
    Stream(
        "consent_ledger",
        consent_ledger,
        ("consent_id",),
        "consent_id",
        "id",
        ("consent_id",),
        _consent_record,
    ),
    Stream(  # withdrawn or erased flags disappear: exported as changes, like suppressions
        "privacy_objections",
        privacy_objections,
        ("contact_id", "scope"),
        None,
        "none",
        ("contact_id", "scope"),
        _copy(),
    ),
    Stream(
        "audit_log",
        audit_log,
        ("audit_id",),
        "audit_id",
        "id",
        ("audit_id",),
        _copy({"at": "occurred_at"}),
    ),
)

STREAMS_BY_NAME: dict[str, Stream] = {s.name: s for s in STREAMS}


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()  # naive datetimes mean UTC (how the ops store keeps time)
    return str(value)


def record_json(record: Mapping[str, Any]) -> str:
    """Canonical JSON of a record (sorted keys, datetimes as ISO text): the landing line's body
    and the input of its ``row_hash``."""
    return json.dumps(record, sort_keys=True, default=_default, ensure_ascii=False)


def keys_of(stream: Stream, records: Iterable[Record]) -> list[str]:
    """The record keys of ``records`` as one string each (what the export state remembers)."""
    return ["\x1f".join(str(r[k]) for k in stream.record_key) for r in records]
