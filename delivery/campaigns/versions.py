"""Campaign versions: list, read one, restore (as a new version), for the studio's diff view.

Every ``apply_campaign`` stores a version (``campaign_versions``); restoring version N applies
N's document again, which makes a new version (audited as ``campaign.restore``) -- the history
is never rewritten.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import NotFoundError
from delivery.campaigns.models import Campaign
from delivery.campaigns.tables import campaign_versions
from delivery.store import Store


def list_versions(store: Store, campaign_id: str) -> list[dict[str, Any]]:
    """Versions of a campaign (number, who, when, source), newest first."""
    stmt = (
        sa.select(
            campaign_versions.c.version,
            campaign_versions.c.applied_by,
            campaign_versions.c.applied_at,
            campaign_versions.c.source,
        )  # fmt: skip
        .where(campaign_versions.c.campaign_id == campaign_id)
        .order_by(campaign_versions.c.version.desc())
    )
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def _stored(store: Store, campaign_id: str, version: int) -> Campaign:
    with store.engine.connect() as conn:
        text = conn.execute(
            sa.select(campaign_versions.c.spec_json).where(
                campaign_versions.c.campaign_id == campaign_id,
                campaign_versions.c.version == version,
            )
        ).scalar()
    if text is None:
        raise NotFoundError(f"campaign {campaign_id!r} has no version {version}")
    return Campaign.model_validate(json.loads(text))


def version_document(store: Store, campaign_id: str, version: int) -> dict[str, Any]:
    """The stored document of one version (as ``enrollflow campaign show`` would print it).

    Raises
    ------
    NotFoundError
    """
    return _stored(store, campaign_id, version).model_dump(mode="json", exclude_defaults=True)


def restore(store: Store, campaign_id: str, version: int, *, actor: str, now: dt.datetime) -> int:
    """Apply version ``version``'s document again; returns the campaign's version after.

    Same rules as any edit (an approved campaign returns to draft; a completed or archived one
    cannot change). Restoring the current text keeps the current version.
    """
    return lifecycle.apply_campaign(
        store, _stored(store, campaign_id, version), actor=actor, now=now,
        source=f"restore of version {version}", restored_from=version,
    )  # fmt: skip
