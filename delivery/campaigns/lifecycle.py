"""Campaign lifecycle in the ops store: versions, approval, launch, pause/resume, archive.

``draft -> approved -> scheduled -> running <-> paused -> completed -> archived``. Approval is
needed when the audience exceeds 1000 contacts, by a user with the ``approver`` (or ``manager``)
role who is not the campaign's author; it records the audience it covers, and a campaign whose
audience outgrows it, or that gets a new version above 1000 contacts while active, is paused
(``approval: ...``) until approved again. Launching enforces the 10-active-campaigns-per-
organisation limit (serialised per organisation) and the A/B minimum audience. Every action is
written to ``audit_log`` with who and the database server's time, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from delivery.campaigns.errors import LifecycleError, NotFoundError, RuleViolation
from delivery.campaigns.models import Campaign
from delivery.campaigns.rules import MAX_ACTIVE_CAMPAIGNS, needs_approval, utc_naive
from delivery.campaigns.tables import (
    ACTIVE_STATUSES,
    campaign_approvals,
    campaign_versions,
    campaigns,
)
from delivery.campaigns.validation import check_ab_audience
from delivery.content.review import unapproved_content
from delivery.ledger import Ledger
from delivery.store import Store, write_audit
from delivery.store.schema import audit_log, user_roles

APPROVER_ROLES = ("approver", "manager")
#: ``status_reason`` prefix of a campaign paused until an approver signs its audience/version off
APPROVAL_HOLD = "approval"
_PG_ORG_LOCK = 742_003  # pg_advisory_xact_lock class id: one lock per organisation (launches)

#: action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve": (("draft",), "approved"),
    "launch": (("draft", "approved"), "scheduled"),
    "start": (("scheduled",), "running"),
    "pause": (("running", "scheduled"), "paused"),
    "resume": (("paused",), "running"),
    "complete": (("running", "paused"), "completed"),
    "archive": (("draft", "approved", "completed", "paused"), "archived"),
}


@dataclass(frozen=True)
class CampaignRecord:
    """A campaign row and its current spec."""

    campaign_id: str
    organisation: str
    name: str
    owner: str
    status: str
    current_version: int
    audience_size: int | None
    status_reason: str | None
    spec: Campaign


def _spec_json(campaign: Campaign) -> str:
    return json.dumps(campaign.model_dump(mode="json"), sort_keys=True)


def _audit(
    conn: sa.Connection, now: dt.datetime, actor: str, action: str, subject: str, **detail: Any
) -> None:
    """Append an audit entry; its time is the database server's clock, never ``now`` (a caller
    cannot back-date the audit log). ``now`` is the domain instant the action took effect at."""
    write_audit(
        conn,
        now=now,
        actor=actor,
        action=f"campaign.{action}",
        subject=subject,
        detail=detail or None,
    )


def apply_campaign(
    store: Store,
    campaign: Campaign,
    *,
    actor: str,
    now: dt.datetime,
    source: str | None = None,
    audience_size: int | None = None,
    restored_from: int | None = None,
) -> int:
    """Store a validated campaign as a new version (or a new campaign, status ``draft``).

    Applying the same content twice keeps the current version. A new version of an approved
    campaign returns it to ``draft`` (the approval was for the old content). A new version of
    an active campaign (scheduled, running, paused) whose audience is above 1000 contacts --
    ``audience_size`` if given, else the size recorded at launch -- is paused with reason
    ``approval: ...`` until an approver approves that version. A new version also lifts the
    campaign's budget holds (its messages are re-checked against the new budget).

    Parameters
    ----------
    store : Store
        The ops store.
    campaign : Campaign
        Validated spec (see :func:`delivery.campaigns.validation.load_campaign_file`).
    actor : str
        Who applies it (audited).
    now : datetime.datetime
        Current time (UTC).
    source : str, optional
        File the spec came from.
    audience_size : int, optional
        The new version's audience now (the CLI computes it from the warehouse).
    restored_from : int, optional
        The earlier version this document restores (audited as ``campaign.restore``; see
        :mod:`delivery.campaigns.versions`).

    Returns
    -------
    int
        The campaign's current version after the call.

    Raises
    ------
    LifecycleError
        If the campaign is completed or archived, or its organisation changed.
    """
    ts = utc_naive(now)
    text = _spec_json(campaign)
    digest = hashlib.sha256(text.encode()).hexdigest()
    cid = campaign.campaign_id
    with store.begin() as conn:
        row = (
            conn.execute(sa.select(campaigns).where(campaigns.c.campaign_id == cid))
            .mappings()
            .first()
        )
        if row is None:
            version, status = 1, "draft"
            conn.execute(
                campaigns.insert().values(
                    campaign_id=cid,
                    organisation=campaign.organisation,
                    name=campaign.name,
                    owner=campaign.owner,
                    status=status,
                    current_version=version,
                    created_at=ts,
                    updated_at=ts,
                )
            )
        else:
            if row["status"] in ("completed", "archived"):
                raise LifecycleError(
                    f"campaign {cid!r} is {row['status']}: it cannot be edited; "
                    "copy the file under a new campaign_id instead"
                )
            if row["organisation"] != campaign.organisation:
                raise LifecycleError(
                    f"campaign {cid!r} belongs to {row['organisation']!r}, the file says "
                    f"{campaign.organisation!r}: an existing campaign cannot change organisation"
                )
            current = conn.execute(
                sa.select(campaign_versions.c.spec_sha256).where(
                    campaign_versions.c.campaign_id == cid,
                    campaign_versions.c.version == row["current_version"],
                )
            ).scalar_one()
            if current == digest:
                return row["current_version"]
            version = row["current_version"] + 1
            status = "draft" if row["status"] == "approved" else row["status"]
            reason = row["status_reason"]
            size = audience_size if audience_size is not None else row["audience_size"]
            if status in ACTIVE_STATUSES and size is not None and needs_approval(size):
                status = "paused"
                reason = (
                    f"{APPROVAL_HOLD}: version {version} reaches {size} contacts (> 1000) and "
                    f"needs approval: enrollflow campaign approve {cid} --by <approver>"
                )
            conn.execute(
                campaigns.update()
                .where(campaigns.c.campaign_id == cid)
                .values(
                    name=campaign.name,
                    owner=campaign.owner,
                    current_version=version,
                    status=status,
                    status_reason=reason,
                    updated_at=ts,
                )
            )
            Ledger(store).lift_holds(cid, now=now, conn=conn)
        conn.execute(
            campaign_versions.insert().values(
                campaign_id=cid,
                version=version,
                spec_json=text,
                spec_sha256=digest,
                source=source,
                applied_by=actor,
                applied_at=ts,
            )
        )
        action = "apply" if version == 1 else ("restore" if restored_from else "edit")
        detail = {"restored_from": restored_from} if restored_from else {}
        _audit(conn, now, actor, action, cid, version=version, source=source, **detail)
    return version


def get_campaign(
    store: Store, campaign_id: str, conn: sa.Connection | None = None
) -> CampaignRecord:
    """The campaign row with its current spec.

    Raises
    ------
    NotFoundError
        If there is no such campaign.
    """
    stmt = (
        sa.select(campaigns, campaign_versions.c.spec_json)
        .join(
            campaign_versions,
            sa.and_(
                campaign_versions.c.campaign_id == campaigns.c.campaign_id,
                campaign_versions.c.version == campaigns.c.current_version,
            ),
        )
        .where(campaigns.c.campaign_id == campaign_id)
    )
    row = store.first(stmt, conn)
    if row is None:
        raise NotFoundError(
            f"no campaign {campaign_id!r}: apply its file first (enrollflow campaign apply FILE)"
        )
    fields = {k: row[k] for k in CampaignRecord.__dataclass_fields__ if k != "spec"}
    return CampaignRecord(**fields, spec=Campaign.model_validate_json(row["spec_json"]))


def list_campaigns(store: Store, organisation: str | None = None) -> list[dict[str, Any]]:
    """Campaign rows (id, organisation, name, status, version, ...), ordered by id."""
    stmt = sa.select(campaigns).order_by(campaigns.c.campaign_id)
    if organisation:
        stmt = stmt.where(campaigns.c.organisation == organisation)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def history(store: Store, campaign_id: str) -> dict[str, list[dict[str, Any]]]:
    """Versions, approvals and audit entries of one campaign (for ``campaign show``)."""
    with store.engine.connect() as conn:
        versions = (
            conn.execute(
                sa.select(
                    campaign_versions.c.version,
                    campaign_versions.c.applied_by,
                    campaign_versions.c.applied_at,
                    campaign_versions.c.source,
                )
                .where(campaign_versions.c.campaign_id == campaign_id)
                .order_by(campaign_versions.c.version)
            )
            .mappings()
            .all()
        )
        approvals = (
            conn.execute(
                sa.select(campaign_approvals)
                .where(campaign_approvals.c.campaign_id == campaign_id)
                .order_by(campaign_approvals.c.approval_id)
            )
            .mappings()
            .all()
        )
        audit = (
            conn.execute(
                sa.select(audit_log)
                .where(audit_log.c.subject == campaign_id)
                .order_by(audit_log.c.audit_id)
            )
            .mappings()
            .all()
        )
    return {
        "versions": [dict(r) for r in versions],
        "approvals": [dict(r) for r in approvals],
        "audit": [dict(r) for r in audit],
    }


def _transition(
    conn: sa.Connection,
    record: CampaignRecord,
    action: str,
    *,
    actor: str,
    now: dt.datetime,
    reason: str | None = None,
    target: str | None = None,
    allowed: tuple[str, ...] | None = None,
    **detail: Any,
) -> str:
    allowed_from, to_status = TRANSITIONS[action]
    allowed_from = allowed or allowed_from
    to_status = target or to_status
    if record.status not in allowed_from:
        raise LifecycleError(
            f"cannot {action} campaign {record.campaign_id!r}: it is {record.status}, "
            f"{action} needs {' or '.join(allowed_from)}"
        )
    changed = conn.execute(
        campaigns.update()
        .where(campaigns.c.campaign_id == record.campaign_id, campaigns.c.status == record.status)
        .values(status=to_status, status_reason=reason, updated_at=utc_naive(now))
    ).rowcount
    if changed != 1:
        raise LifecycleError(f"campaign {record.campaign_id!r} changed status meanwhile; retry")
    _audit(conn, now, actor, action, record.campaign_id, status=to_status, reason=reason, **detail)
    return to_status


def check_approver(conn: sa.Connection, approver: str, what: str) -> None:
    """Raise :class:`RuleViolation` unless ``approver`` holds the approver or manager role."""
    roles = set(
        conn.execute(sa.select(user_roles.c.role).where(user_roles.c.user_id == approver)).scalars()
    )
    if not roles & set(APPROVER_ROLES):
        raise RuleViolation(
            f"user {approver!r} cannot approve {what}: needs the approver role "
            f"(has {sorted(roles) or 'none'}); ask an admin to grant it"
        )


def approve(
    store: Store, campaign_id: str, *, approver: str, audience_size: int, now: dt.datetime
) -> str:
    """Approve the current version for ``audience_size`` contacts.

    The approver needs the ``approver`` or ``manager`` role and may not be the campaign's
    author (its owner, or whoever applied the current version). A draft becomes ``approved``;
    a campaign paused for approval (``approval: ...``: its audience outgrew the approval, or a
    new version needs one) is resumed (``running``). The approval records the audience size it
    covers: the engine holds the campaign again if it grows past it.

    Raises
    ------
    RuleViolation
        If ``approver`` lacks the role or is the author.
    LifecycleError
        If the campaign is neither a draft nor paused for approval.
    """
    with store.begin() as conn:
        check_approver(conn, approver, f"campaign {campaign_id!r}")
        record = get_campaign(store, campaign_id, conn)
        applied_by = conn.execute(
            sa.select(campaign_versions.c.applied_by).where(
                campaign_versions.c.campaign_id == campaign_id,
                campaign_versions.c.version == record.current_version,
            )
        ).scalar()
        if approver in (record.owner, applied_by):
            raise RuleViolation(
                f"user {approver!r} cannot approve campaign {campaign_id!r}: they are its author "
                f"(owner {record.owner!r}, version {record.current_version} applied by "
                f"{applied_by!r}); another approver must sign it off"
            )
        held = record.status == "paused" and (record.status_reason or "").startswith(APPROVAL_HOLD)
        if held and needs_approval(audience_size) and unapproved_content(conn, record.spec):
            raise RuleViolation(
                f"campaign {campaign_id!r} cannot resume for {audience_size} contacts: its content "
                f"{', '.join(unapproved_content(conn, record.spec))} is not approved in the "
                "content library (have it reviewed first)"
            )
        status = _transition(
            conn,
            record,
            "approve",
            actor=approver,
            now=now,
            target="running" if held else None,
            allowed=("draft", "paused") if held else None,
            version=record.current_version,
            audience_size=audience_size,
        )
        conn.execute(
            campaign_approvals.insert().values(
                campaign_id=campaign_id,
                version=record.current_version,
                approver=approver,
                audience_size=audience_size,
                approved_at=utc_naive(now),
            )
        )
        if held:
            conn.execute(
                campaigns.update()
                .where(campaigns.c.campaign_id == campaign_id)
                .values(audience_size=audience_size)
            )
    return status


def launch(
    store: Store, campaign_id: str, *, actor: str, audience_size: int, now: dt.datetime
) -> str:
    """Launch a draft/approved campaign: ``scheduled`` (``running`` once its start is reached).

    Checks, each refused with a :class:`RuleViolation` naming the fix: A/B test with fewer than
    100 contacts, more than 1000 contacts without an approval of the current version (covering
    at least this audience) or with content that is not approved in the content library
    (:func:`delivery.content.review.unapproved_content`), and more than 10 active campaigns in
    the organisation. Launches of
    one organisation are serialised (a Postgres advisory lock per organisation, held to commit;
    SQLite's write lock), so concurrent launches cannot make an 11th active campaign.
    """
    with store.begin() as conn:
        record = get_campaign(store, campaign_id, conn)
        if store.dialect == "postgresql":
            # one launch per organisation at a time: the count below and the status change
            # commit before the next launch counts (SQLite: BEGIN IMMEDIATE serialises writers)
            conn.execute(
                sa.select(
                    sa.func.pg_advisory_xact_lock(
                        _PG_ORG_LOCK, sa.func.hashtext(record.organisation)
                    )
                )
            )
        check_ab_audience(record.spec, audience_size)
        if needs_approval(audience_size):
            approved = conn.execute(
                sa.select(sa.func.max(campaign_approvals.c.audience_size)).where(
                    campaign_approvals.c.campaign_id == campaign_id,
                    campaign_approvals.c.version == record.current_version,
                )
            ).scalar()
            if approved is None or approved < audience_size:
                raise RuleViolation(
                    f"campaign {campaign_id!r} reaches {audience_size} contacts (> 1000): version "
                    f"{record.current_version} needs approval first "
                    f"(enrollflow campaign approve {campaign_id} --by <approver>)"
                )
            unapproved = unapproved_content(conn, record.spec)
            if unapproved:
                raise RuleViolation(
                    f"campaign {campaign_id!r} reaches {audience_size} contacts (> 1000) and its "
                    f"content {', '.join(unapproved)} is not approved: each template must say "
                    "exactly what an approved library item says (studio: Content library -> "
                    f"submit for review; CLI: enrollflow content review-campaign {campaign_id} "
                    "--by <author> then enrollflow content approve ITEM --by <approver>)"
                )
        active = conn.execute(
            sa.select(sa.func.count()).where(
                campaigns.c.organisation == record.organisation,
                campaigns.c.status.in_(ACTIVE_STATUSES),
                campaigns.c.campaign_id != campaign_id,
            )
        ).scalar_one()
        if active >= MAX_ACTIVE_CAMPAIGNS:
            raise RuleViolation(
                f"organisation {record.organisation!r} already has {active} active campaigns "
                f"(limit {MAX_ACTIVE_CAMPAIGNS}): complete, pause-and-archive or wait for one to end"
            )
        target = "running" if record.spec.start_at <= utc_naive(now) else "scheduled"
        status = _transition(
            conn,
            record,
            "launch",
            actor=actor,
            now=now,
            target=target,
            audience_size=audience_size,
            version=record.current_version,
        )
        conn.execute(
            campaigns.update()
            .where(campaigns.c.campaign_id == campaign_id)
            .values(audience_size=audience_size)
        )
    return status


def set_status(
    store: Store,
    campaign_id: str,
    action: str,
    *,
    actor: str,
    now: dt.datetime,
    reason: str | None = None,
) -> str:
    """Apply a plain transition (``start``, ``pause``, ``resume``, ``complete``, ``archive``).

    Returns
    -------
    str
        The new status.
    """
    if action not in TRANSITIONS or action in ("approve", "launch"):
        raise LifecycleError(
            f"unknown action {action!r}: use start, pause, resume, complete or archive"
        )
    if action == "resume":
        return resume(store, campaign_id, actor=actor, now=now)
    with store.begin() as conn:
        record = get_campaign(store, campaign_id, conn)
        return _transition(conn, record, action, actor=actor, now=now, reason=reason)


def pause(
    store: Store, campaign_id: str, *, actor: str, now: dt.datetime, reason: str | None = None
) -> str:
    """Pause: takes effect before the engine's next batch."""
    return set_status(store, campaign_id, "pause", actor=actor, now=now, reason=reason)


def resume(store: Store, campaign_id: str, *, actor: str, now: dt.datetime) -> str:
    """Resume a paused campaign where it stopped (its budget-held messages are re-checked).

    A campaign paused for approval (``approval: ...``) is resumed by ``approve``, not here.
    """
    record = get_campaign(store, campaign_id)
    if record.status == "paused" and (record.status_reason or "").startswith(APPROVAL_HOLD):
        raise LifecycleError(
            f"campaign {campaign_id!r} waits for approval ({record.status_reason}); "
            f"an approver resumes it: enrollflow campaign approve {campaign_id} --by <approver>"
        )
    with store.begin() as conn:
        status = _transition(conn, record, "resume", actor=actor, now=now)
        Ledger(store).lift_holds(campaign_id, now=now, conn=conn)
    return status


def archive(store: Store, campaign_id: str, *, actor: str, now: dt.datetime) -> str:
    """Archive a draft, approved, paused or completed campaign."""
    return set_status(store, campaign_id, "archive", actor=actor, now=now)


def grant_role(
    store: Store, user_id: str, role: str, *, email: str, actor: str, now: dt.datetime
) -> None:
    """Create the user if needed (``email`` checked and sealed as :func:`delivery.identity.
    add_user` does) and grant ``role`` (audited)."""
    from delivery.identity.emails import check_email, sealed_email
    from delivery.store.schema import users

    with store.begin() as conn:
        exists = conn.execute(sa.select(users.c.user_id).where(users.c.user_id == user_id)).first()
        if exists is None:
            sealed = sealed_email(store.keys, check_email(email))
            conn.execute(
                users.insert().values(user_id=user_id, **sealed, created_at=utc_naive(now))
            )
        has = conn.execute(
            sa.select(user_roles.c.role).where(
                user_roles.c.user_id == user_id, user_roles.c.role == role
            )
        ).first()
        if has is None:
            conn.execute(user_roles.insert().values(user_id=user_id, role=role))
        _audit(conn, now, actor, "grant_role", user_id, role=role)
