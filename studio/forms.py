"""The new-campaign form → the campaign document the CLI validates (``campaign.schema.json``).

The form is a front for the same YAML a marketer could write by hand: :func:`campaign_document`
turns its fields into that document (a standard journey: scheduled entry → optional A/B split
with holdout → email → wait 48 h → SMS to non-openers → exit), and the studio then validates it
with :func:`delivery.campaigns.validation.validate_campaign` and stores it with
:func:`delivery.campaigns.lifecycle.apply_campaign`, exactly as ``enrollflow campaign apply``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from typing import Any

FIELDS_DEFAULTS = {
    "type": "enrollment",
    "currency": "EUR",
    "cost_email": "0.001",
    "cost_sms": "0.04",
    "send_time": "09:00",
    "holdout": "10",
    "weight_a": "50",
    "timezone": "Europe/London",
}


def slug(text: str) -> str:
    """A campaign id from a name: lower-case words joined by ``_`` (at most 64 characters)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:64] or "campaign"


def _number(form: Mapping[str, Any], key: str, scale: float = 1.0) -> float | str | None:
    raw = str(form.get(key) or "").strip()
    if not raw:
        return None
    try:
        return round(float(raw) * scale, 12)  # "3" % is 0.03, not 0.030000000000000002
    except ValueError:
        return raw  # left as text: the validator names the field and what it expected


def _kpis(form: Mapping[str, Any], stored: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The KPI targets from the form over ``stored`` ones (an empty field removes its target)."""
    typed = {
        "target_conversion_rate": _number(form, "target_conversion_pct", 0.01),
        "target_cpa_amount": _number(form, "target_cpa_amount"),
    }
    return {k: v for k, v in {**(stored or {}), **typed}.items() if v is not None}


def campaign_document(
    form: Mapping[str, Any], *, owner: str, organisation: str, lists: Mapping[str, list[str]]
) -> dict[str, Any]:
    """Build the campaign document from the form fields (``lists`` holds multi-valued fields).

    Nothing is checked here beyond shaping: every rule is the validator's.
    """
    name = str(form.get("name") or "").strip()
    cid = str(form.get("campaign_id") or "").strip() or slug(name)
    channels = lists.get("channels", [])
    start = str(form.get("start_date") or "").strip()
    end = str(form.get("end_date") or "").strip()
    doc: dict[str, Any] = {
        "campaign_id": cid,
        "name": name,
        "type": form.get("type") or FIELDS_DEFAULTS["type"],
        "organisation": organisation,
        "owner": owner,
        "objective": str(form.get("objective") or "").strip(),
        "kpis": _kpis(form),
        "budget": {
            "amount": _number(form, "budget_amount"),
            "currency": str(form.get("currency") or "EUR").strip().upper(),
            "cost_per_message": {
                ch: _number(form, f"cost_{ch}") or 0.0 for ch in ("email", "sms") if ch in channels
            },
        },
        "start_at": f"{start}T00:00:00Z" if start else None,
        "organisation_timezone": str(form.get("timezone") or FIELDS_DEFAULTS["timezone"]),
        "channels": channels,
        "audience": {
            "segments": lists.get("segments", []),
            "exclude_segments": lists.get("exclude_segments", []),
        },
        "content": [],
        "workflow": {"nodes": []},
    }
    if end:
        doc["end_at"] = f"{end}T00:00:00Z"
    topic = str(form.get("topic") or "").strip()
    if topic:  # a preference-centre topic (the validator names the ones offered)
        doc["topic"] = topic
    ab = bool(form.get("ab_enabled")) and "email" in channels
    nodes: list[dict[str, Any]] = [
        {
            "id": "start",
            "type": "entry",
            "trigger": {
                "kind": "schedule",
                "once_on": start or None,
                "local_time": str(form.get("send_time") or "09:00"),
            },
            "next": "subject_test" if ab else ("invite" if "email" in channels else "sms_invite"),
        }
    ]
    if ab:
        weight_a = _number(form, "weight_a") or 50
        weight_b = 100 - weight_a if isinstance(weight_a, float) else weight_a
        nodes.append(
            {
                "id": "subject_test",
                "type": "split",
                "variants": [
                    {"id": "A", "weight": weight_a, "next": "invite"},
                    {"id": "B", "weight": weight_b, "next": "invite"},
                ],
                "holdout": _number(form, "holdout", 0.01) or 0.0,
                "holdout_next": "done",
            }
        )
    if "email" in channels:
        template: dict[str, Any] = {
            "id": "invite_email",
            "channel": "email",
            "default_locale": "en",
            "locales": {
                "en": {
                    "subject": str(form.get("subject_a") or ""),
                    "body": str(form.get("email_body") or ""),
                }
            },
        }
        if ab:
            template["variants"] = {
                "A": {},
                "B": {"en": {"subject": str(form.get("subject_b") or "")}},
            }
        doc["content"].append(template)
        follow = "wait_48h" if "sms" in channels else "done"
        nodes.append(
            {
                "id": "invite",
                "type": "send",
                "channel": "email",
                "template": "invite_email",
                "best_send_time": bool(form.get("best_send_time")),
                "next": follow,
            }
        )
        if "sms" in channels:
            nodes += [
                {"id": "wait_48h", "type": "wait", "duration": "48h", "next": "opened_invite"},
                {
                    "id": "opened_invite",
                    "type": "branch",
                    "condition": {"kind": "engagement", "event": "opened", "since_node": "invite"},
                    "if_true": "done",
                    "if_false": "sms_invite",
                },
            ]
    if "sms" in channels:
        doc["content"].append(
            {
                "id": "reminder_sms",
                "channel": "sms",
                "default_locale": "en",
                "locales": {"en": {"body": str(form.get("sms_body") or "")}},
            }
        )
        nodes.append(
            {
                "id": "sms_invite",
                "type": "send",
                "channel": "sms",
                "template": "reminder_sms",
                "next": "done",
            }
        )
    nodes.append({"id": "done", "type": "exit"})
    doc["workflow"]["nodes"] = nodes
    return doc


#: the plan editor's fields (``/campaigns/{id}/plan``): the campaign-level settings a marketer
#: changes after the draft exists; the rest of the document is kept as stored
PLAN_FIELDS = (
    "name",
    "objective",
    "topic",
    "target_conversion_pct",
    "target_cpa_amount",
    "budget_amount",
    "end_date",
)


def _text(value: object) -> str:
    """A stored value as the form shows it: numbers in full, without a trailing ``.0``
    (``:g`` alone keeps 6 digits: a budget of 1,234,567.89 became ``1.23457e+06``)."""
    if isinstance(value, float):
        return f"{value:.15g}"
    return "" if value is None else str(value)


def plan_values(doc: Mapping[str, Any]) -> dict[str, str]:
    """The plan editor's field values of a stored campaign document."""
    kpis, end = doc.get("kpis") or {}, doc.get("end_at")
    rate = kpis.get("target_conversion_rate")
    return {
        "name": _text(doc.get("name")),
        "objective": _text(doc.get("objective")),
        "topic": _text(doc.get("topic")),
        "target_conversion_pct": "" if rate is None else _text(round(rate * 100, 10)),
        "target_cpa_amount": _text(kpis.get("target_cpa_amount")),
        "budget_amount": _text((doc.get("budget") or {}).get("amount")),
        "end_date": str(end)[:10] if end else "",
    }


def plan_document(doc: Mapping[str, Any], form: Mapping[str, Any]) -> dict[str, Any]:
    """``doc`` (a stored campaign document) with the plan editor's fields from ``form``.

    An empty optional field removes its setting (topic, KPI targets, end date); an end date left
    as it was keeps the stored moment; nothing is checked here beyond shaping -- every rule is the
    validator's, as for the new-campaign form.
    """
    out = dict(doc)
    out["name"] = str(form.get("name") or "").strip()
    out["objective"] = str(form.get("objective") or "").strip()
    topic = str(form.get("topic") or "").strip()
    if topic:
        out["topic"] = topic
    else:
        out.pop("topic", None)
    out["kpis"] = _kpis(form, doc.get("kpis") or {})
    out["budget"] = {**(doc.get("budget") or {}), "amount": _number(form, "budget_amount")}
    end = str(form.get("end_date") or "").strip()
    if not end:
        out.pop("end_at", None)
    elif end != plan_values(doc)["end_date"]:
        out["end_at"] = f"{end}T00:00:00Z"
    return out


def stale_edit(form: Mapping[str, Any], current_version: int) -> str | None:
    """Why a save must not go through, when the page it came from was opened on an earlier
    version than ``current_version`` (its ``version`` field); ``None`` when it may (or the form
    names no version, as a script posting the document may not)."""
    opened = str(form.get("version") or "")
    if not opened or opened == str(current_version):
        return None
    return (
        f"the campaign changed since you opened this page (now version {current_version}): "
        "reload the page, then make your change again"
    )


def copy_ids(campaign_id: str) -> Iterator[str]:
    """The ids a copy of ``campaign_id`` takes, in order: ``<id>_copy``, ``_copy_2``,
    ``_copy_3``... (within the 64 characters an id may have)."""
    for n in itertools.count(1):
        suffix = "_copy" if n == 1 else f"_copy_{n}"
        yield campaign_id[: 64 - len(suffix)] + suffix


def copy_id(campaign_id: str, taken: set[str]) -> str:
    """The first of :func:`copy_ids` not in ``taken``."""
    return next(c for c in copy_ids(campaign_id) if c not in taken)


def copy_document(doc: Mapping[str, Any], campaign_id: str, owner: str) -> dict[str, Any]:
    """``doc`` as a new campaign ``campaign_id`` owned by ``owner``, named "<name> (copy)"."""
    name = str(doc.get("name") or campaign_id)
    return {**doc, "campaign_id": campaign_id, "name": f"{name[:193]} (copy)", "owner": owner}
