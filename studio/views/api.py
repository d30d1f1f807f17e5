"""JSON API for automation (``Authorization: Bearer ef_...`` from ``enrollflow users token``).

The same roles as the pages; actions go through the same lifecycle functions and are audited
under the token's user.
"""

from __future__ import annotations

import json

from starlette.responses import JSONResponse, Response

from delivery.campaigns.errors import CampaignError
from delivery.journeys.sources import SourceError
from studio import queries
from studio.views.campaigns import ACTIONS, _act_status
from studio.web import READ, Ctx, page


@page("/api/campaigns", READ)
def api_campaigns(ctx: Ctx) -> Response:
    rows = queries.campaign_summaries(ctx.app.store, ctx.app.snapshot)
    body = json.loads(json.dumps({"campaigns": rows}, default=str))
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


def _api_action(action: str):
    def view(ctx: Ctx, campaign_id: str) -> Response:
        try:
            status = _act_status(ctx, campaign_id, action)
        except (CampaignError, SourceError) as exc:
            return JSONResponse({"error": str(exc)}, 409)
        return JSONResponse({"campaign_id": campaign_id, "status": status})

    view.__name__ = f"api_campaign_{action}"
    return page(f"/api/campaigns/{{campaign_id}}/{action}", ACTIONS[action], methods=("POST",))(
        view
    )


ROUTES = [api_campaigns, *[_api_action(a) for a in ACTIONS]]
