"""Content previews: a campaign's templates rendered for a sample contact by the real renderers
(``delivery.rendering``: the same Jinja2 sandbox, nh3 sanitising and compliance footer as
sending), served as a document that is itself sandboxed (CSP ``sandbox``) and shown only inside a
``<iframe sandbox>`` on the campaign page. Nothing is sent."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html

from starlette.responses import HTMLResponse, Response

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import NotFoundError
from delivery.campaigns.templates import sample_context, template_context, template_sets
from delivery.journeys.sources import CONTACT_COLUMNS
from delivery.ledger import LedgerRow
from delivery.messages import RenderError
from delivery.rendering.email import EmailRenderer
from delivery.rendering.sms import SmsRenderer
from studio.web import READ, Ctx, page

#: the preview document: no scripts, no forms, no network but images; framed by this site only
PREVIEW_CSP = (
    "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'"
)


def _sample_contact(ctx: Ctx, spec) -> dict:
    """What a template is rendered with at dispatch (``template_context``), for the first
    audience member's ``dim_contacts`` record (or the validator's sample contact)."""
    sample = {k: v for k, v in sample_context("sms").items() if k in CONTACT_COLUMNS}
    found: dict = {}
    with ctx.app.snapshot.cursor() as cur:
        if cur is not None and "segment_memberships" in ctx.app.snapshot.tables():
            rows = cur.execute(
                """SELECT d.* FROM dim_contacts d JOIN segment_memberships m USING (contact_id)
                   WHERE m.segment_name IN (SELECT unnest($s)) AND m.valid_to IS NULL
                   ORDER BY d.contact_id LIMIT 1""",
                {"s": list(spec.audience.segments)},
            )
            names = [d[0] for d in rows.description]
            row = rows.fetchone()
            if row:
                record = dict(zip(names, row, strict=True))
                found = {c: record[c] for c in CONTACT_COLUMNS if c in record}
    return template_context({**sample, **found}, spec.name)


def _row(campaign_id: str, channel: str, to: str, variant: str | None, now: dt.datetime):
    """A ledger row that exists only for the preview (never stored)."""
    values = {f.name: None for f in dataclasses.fields(LedgerRow)}
    values.update(
        ledger_id=f"preview:{campaign_id}", campaign_id=campaign_id, step_id="preview",
        contact_id="preview", channel=channel, occurrence=1, variant_id=variant, to_address=to,
        state="pending", attempts=0, created_at=now, updated_at=now,
    )  # fmt: skip
    return LedgerRow.from_mapping(values)  # the clear ``to_address`` of a row never stored


def render_preview(
    sender, tset, channel: str, contact: dict, *, key: str, variant: str | None, now
) -> str:
    """The HTML shown in the preview frame: the email (subject + sanitised body + footer) or the
    SMS text rendered by the sending renderers for ``contact``, or why it cannot render."""
    try:
        if channel == "email":
            row = _row(key, "email", contact.get("email") or "ana@example.edu", variant, now)
            message = EmailRenderer(tset, sender).render(row, contact)
            return (
                f"<p style='font:14px sans-serif;color:#333'><b>Subject:</b> "
                f"{html.escape(message.subject)}</p><hr>{message.html}"
            )
        renderer = SmsRenderer(tset, status_callback_base="https://preview.invalid")
        row = _row(key, "sms", contact.get("phone") or "+447911123456", variant, now)
        text = html.escape(renderer.render(row, contact).body)
        return f"<pre style='font:14px sans-serif;white-space:pre-wrap'>{text}</pre>"
    except RenderError as exc:
        return f"<p>cannot render: {html.escape(str(exc))}</p>"


def preview_response(body: str) -> Response:
    """``body`` as a sandboxed document (no scripts, framed by this site only, not cached)."""
    return HTMLResponse(
        f"<!doctype html><meta charset='utf-8'>{body}",
        headers={
            "Content-Security-Policy": PREVIEW_CSP,
            "X-Frame-Options": "SAMEORIGIN",
            "Cache-Control": "no-store",
        },
    )


@page("/campaigns/{campaign_id}/preview/{template_id}", READ)
def preview(ctx: Ctx, campaign_id: str, template_id: str) -> Response:
    try:
        spec = lifecycle.get_campaign(ctx.app.store, campaign_id).spec
        template = spec.template(template_id)
    except (NotFoundError, KeyError):
        return HTMLResponse("no such campaign or template", 404)
    variant = ctx.request.query_params.get("variant") or None
    sets = template_sets(spec)
    if (template_id, variant) not in sets:
        variant = None
    contact = _sample_contact(ctx, spec)
    body = render_preview(
        ctx.app.config.sender, sets[(template_id, variant)], template.channel, contact,
        key=campaign_id, variant=variant, now=ctx.now.replace(tzinfo=None),
    )  # fmt: skip
    return preview_response(body)


ROUTES = [preview]
