"""The workflow canvas: a page hosting the built React Flow bundle, and two JSON endpoints that
check and save the edited workflow with the CLI's validator (``validate_campaign``) and
versioning (``apply_campaign``). The canvas sends the workflow's nodes exactly as the campaign
document holds them; node positions are not part of the document (the canvas lays it out). A save
carries the version the canvas was opened on (or last saved): when another save came in between,
nothing is saved (409), so the canvas never silently undoes another person's change."""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.responses import JSONResponse, Response

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import CampaignError, CampaignFileError, NotFoundError
from delivery.campaigns.models import NODE_TYPES
from delivery.campaigns.validation import segment_names_in, validate_campaign
from studio.forms import stale_edit
from studio.web import EDIT, Ctx, page

_NODE = re.compile(r"^workflow\.nodes\[(\d+)\](?:\(id=([^)]*)\))?")


def problems_by_node(exc: CampaignFileError, nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """Split validation problems into those of one node (by node id) and the rest."""
    by_node: dict[str, list[str]] = {}
    general: list[str] = []
    for problem in exc.problems:
        match = _NODE.match(problem.path)
        if match:
            index = int(match.group(1))
            node_id = match.group(2) or (
                str(nodes[index].get("id")) if index < len(nodes) else str(index)
            )
            detail = problem.path[match.end() :].lstrip(".")
            text = f"{detail + ': ' if detail else ''}{problem.message}"
            by_node.setdefault(node_id, []).append(
                text + (f" — {problem.fix}" if problem.fix else "")
            )
        else:
            general.append(str(problem))
    return {"nodes": by_node, "general": general}


def _document(ctx: Ctx, campaign_id: str) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    """The stored document with the posted nodes, those nodes, and the stored version."""
    record = lifecycle.get_campaign(ctx.app.store, campaign_id)
    doc = record.spec.model_dump(mode="json", exclude_defaults=True)
    body = ctx.json if isinstance(ctx.json, dict) else {}
    nodes = body.get("nodes")
    if not isinstance(nodes, list):
        raise CampaignError('send the workflow as {"nodes": [...]}')
    doc["workflow"] = {**doc.get("workflow", {}), "nodes": nodes}
    return doc, nodes, record.current_version


def _check(ctx: Ctx, campaign_id: str, save: bool) -> Response:
    try:
        doc, nodes, current = _document(ctx, campaign_id)
    except NotFoundError as exc:
        return JSONResponse({"error": str(exc)}, 404)
    except CampaignError as exc:
        return JSONResponse({"error": str(exc)}, 400)
    stale = stale_edit(ctx.json, current) if save else None
    if stale:  # the canvas was opened (or last saved) on an earlier version than the stored one
        return JSONResponse({"ok": False, "stale": True, "nodes": {}, "general": [stale]}, 409)
    known = set(segment_names_in(ctx.app.config.segments_dir))
    try:
        campaign = validate_campaign(doc, f"{campaign_id} (canvas)", known)
    except CampaignFileError as exc:
        return JSONResponse({"ok": False, **problems_by_node(exc, nodes)}, 422 if save else 200)
    if not save:
        return JSONResponse({"ok": True, "nodes": {}, "general": []})
    try:
        version = lifecycle.apply_campaign(
            ctx.app.store, campaign, actor=ctx.user.user_id, now=ctx.now, source="studio canvas"
        )
    except CampaignError as exc:
        return JSONResponse({"ok": False, "nodes": {}, "general": [str(exc)]}, 409)
    return JSONResponse({"ok": True, "version": version, "nodes": {}, "general": []})


@page("/campaigns/{campaign_id}/workflow", EDIT)
def workflow_page(ctx: Ctx, campaign_id: str) -> Response:
    try:
        record = lifecycle.get_campaign(ctx.app.store, campaign_id)
    except NotFoundError as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    spec = record.spec
    setup = {
        "campaignId": campaign_id,
        "version": record.current_version,  # sent back with a save (a stale page saves nothing)
        "nodes": spec.model_dump(mode="json", exclude_defaults=True)["workflow"]["nodes"],
        "nodeTypes": list(NODE_TYPES),
        "templates": {t.id: t.channel for t in spec.content},
        "channels": list(spec.channels),
        "segments": sorted(segment_names_in(ctx.app.config.segments_dir)),
    }
    # "<" escaped so no value can close the <script> element that carries the JSON
    return ctx.render(
        "workflow.html", record=record, setup=json.dumps(setup).replace("<", "\\u003c")
    )


@page("/campaigns/{campaign_id}/workflow/check", EDIT, methods=("POST",))
def workflow_check(ctx: Ctx, campaign_id: str) -> Response:
    return _check(ctx, campaign_id, save=False)


@page("/campaigns/{campaign_id}/workflow", EDIT, methods=("POST",))
def workflow_save(ctx: Ctx, campaign_id: str) -> Response:
    return _check(ctx, campaign_id, save=True)


ROUTES = [workflow_page, workflow_check, workflow_save]
