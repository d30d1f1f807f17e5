"""Hand-made ``ops/<day>/*.jsonl`` records in the shape the ops-store export writes (one per row
version, with ``row_hash`` and ``exported_at``), for the generic ingest tests."""

from __future__ import annotations

import datetime as dt


def _at(day: dt.date, hour: int, minute: int = 0) -> str:
    return dt.datetime(day.year, day.month, day.day, hour, minute).isoformat()


def ops_day_records(day: dt.date, n: int = 2) -> dict[tuple[str, str], list[dict]]:
    """Valid records of every ``ops`` file family for one day: (source, stem) → records."""
    d = day.strftime("%m%d")
    exported = {"exported_at": _at(day, 23)}

    def rows(make):
        return [make(i) | {"row_hash": f"h{d}{i:03d}"} | exported for i in range(n)]

    campaign = f"loop_{d}"
    return {
        ("ops", "campaigns"): rows(
            lambda i: {
                "campaign_id": f"{campaign}_{i}", "organisation": "northbridge_academy",
                "name": "Spring", "owner": "maria.lopez", "status": "running",
                "current_version": 1, "audience_size": 1200, "status_reason": None,
                "created_at": _at(day, 8), "updated_at": _at(day, 9, i),
            }
        ),
        ("ops", "campaign_versions"): rows(
            lambda i: {
                "campaign_id": f"{campaign}_{i}", "version": 1, "spec_sha256": "ab" * 32,
                "source": "spring.yml", "applied_by": "maria.lopez", "applied_at": _at(day, 8),
                "campaign_name": "Spring", "campaign_type": "enrollment", "objective": "Fill it.",
                "organisation": "northbridge_academy", "owner": "maria.lopez",
                "target_conversion_rate": 0.03, "target_cpa_amount": 40.0,
                "conversion_window_days": 14, "budget_amount": 500.0, "currency": "EUR",
                "cost_per_email_amount": 0.001, "cost_per_sms_amount": 0.04,
                "channels": ["email", "sms"], "start_at": _at(day, 0), "end_at": None,
                "organisation_timezone": "Europe/London", "audience_segments": ["new_leads"],
                "exit_on": ["enrolled"], "is_ab_test": True, "workflow_node_count": 7,
                "spec_json": "{}",
            }
        ),
        ("ops", "campaign_split_variants"): rows(
            lambda i: {
                "campaign_id": campaign, "version": 1, "split_node_id": "subject_test",
                "variant_id": "holdout" if i == 0 else f"V{i}", "weight": None if i == 0 else 1.0,
                "traffic_share": 0.1 if i == 0 else 0.9 / max(n - 1, 1),
                "next_node_id": "done" if i == 0 else "invite", "is_holdout": i == 0,
                "applied_at": _at(day, 8),
            }
        ),
        ("ops", "campaign_approvals"): rows(
            lambda i: {
                "approval_id": int(d) * 1000 + i, "campaign_id": campaign, "version": 1,
                "approver": "ana.approver", "audience_size": 1200, "approved_at": _at(day, 8, 30),
            }
        ),
        ("ops", "journeys"): rows(
            lambda i: {
                "campaign_id": campaign, "contact_id": f"c_{d}{i:03d}", "occurrence": 1,
                "node_id": "invite", "status": "active", "due_at": _at(day, 9),
                "variant_id": "A", "waiting_since": None, "entered_at": _at(day, 8),
                "updated_at": _at(day, 9, i), "exit_reason": None,
            }
        ),
        ("ops", "send_ledger"): rows(
            lambda i: {
                "ledger_id": f"{campaign}:invite:c_{d}{i:03d}:email:1", "campaign_id": campaign,
                "step_id": "invite", "contact_id": f"c_{d}{i:03d}", "channel": "email",
                "occurrence": 1, "variant_id": "A", "to_address": f"ana{i}@example.edu",
                "provider": "sendgrid", "state": "submitted", "attempts": 1,
                "content_sha256": "cd" * 32, "provider_message_id": f"sg{d}{i}",
                "last_error": None, "created_at": _at(day, 9), "updated_at": _at(day, 9, i),
                "sending_at": _at(day, 9, i), "submitted_at": _at(day, 9, i), "completed_at": None,
                "cost_amount": 0.001,
            }
        ),
        ("ops", "consent_events"): rows(
            lambda i: {
                "consent_event_id": int(d) * 1000 + i, "contact_id": f"c_{d}{i:03d}",
                "channel": "email", "address": f"ana{i}@example.edu", "status": "revoked",
                "source": "unsubscribe_link", "ledger_id": None, "occurred_at": _at(day, 12, i),
            }
        ),
        ("ops", "suppressions"): rows(
            lambda i: {
                "channel": "email", "address": f"ana{d}{i}@example.edu", "reason": "unsubscribe",
                "source": "sendgrid", "ledger_id": None, "created_at": _at(day, 12, i),
                "change_type": "upsert",
            }
        ),
        ("ops", "consent_ledger"): rows(
            lambda i: {
                "consent_id": int(d) * 1000 + i, "contact_id": f"c_{d}{i:03d}",
                "channel": "email", "topic": "all", "status": "granted", "source": "web_form",
                "wording_version": "signup-v2", "occurred_at": _at(day, 11, i),
                "recorded_at": _at(day, 11, i), "external_id": None,
            }
        ),
        ("ops", "privacy_objections"): rows(
            lambda i: {
                "contact_id": f"c_{d}{i:03d}", "scope": "analytics", "source": "preference_centre",
                "recorded_at": _at(day, 13, i), "change_type": "upsert",
            }
        ),
        ("ops", "audit_log"): rows(
            lambda i: {
                "audit_id": int(d) * 1000 + i, "occurred_at": _at(day, 8, i),
                "actor": "maria.lopez", "action": "campaign.apply", "subject": campaign,
                "detail": {"version": 1},
            }
        ),
    }  # fmt: skip
