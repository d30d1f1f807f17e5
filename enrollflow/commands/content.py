"""``enrollflow content``: the content library's review flow from the command line.

- ``list``: library items with their status and version.
- ``review-campaign ID --by AUTHOR``: put a campaign's templates in the library (one item per
  template, ``<campaign>__<template>``) and submit them for review.
- ``submit|approve ITEM --by USER``, ``request-changes ITEM --comment TEXT --by USER``: the same
  transitions and rules as the studio (the approver needs the approver role and is not the
  author); each is audited.

A campaign over 1,000 contacts launches only when its content is approved
(``enrollflow campaign launch`` applies the rule).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Annotated

import typer

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import CampaignError
from delivery.content import ContentError, library, review
from enrollflow.commands.campaign import By, _console, _fail, _store

app = typer.Typer(
    help="Content library: list items, submit, approve or request changes.",
    no_args_is_help=True,
    add_completion=False,
)


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except (ContentError, CampaignError) as exc:
        _fail(str(exc))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@app.command("list")
def list_items() -> None:
    """Library items: id, channel, status, version, owner."""
    with _store() as store:
        for item in library.list_items(store):
            _console().print(
                f"{item['item_id']}  {item['channel']}  {item['status']}  "
                f"v{item['current_version']}  {item['owner']}",
                markup=False,
            )


@app.command("review-campaign")
def review_campaign(campaign_id: str, by: By) -> None:
    """Put a campaign's templates in the library (as BY) and submit them for review."""
    with _errors(), _store() as store:
        spec = lifecycle.get_campaign(store, campaign_id).spec
        for item_id in review.submit_campaign_content(store, spec, author=by, now=_now()):
            _console().print(f"{item_id}: {library.get_item(store, item_id).status}", markup=False)


def _transition(action: str):
    def command(
        item_id: str,
        by: By,
        comment: Annotated[str | None, typer.Option("--comment", help="Review comment.")] = None,
    ) -> None:
        with _errors(), _store() as store:
            if action == "request_changes":
                status = review.request_changes(
                    store, item_id, actor=by, now=_now(), comment=comment or ""
                )
            else:
                fn = getattr(review, action)
                status = fn(store, item_id, actor=by, now=_now(), comment=comment)
        _console().print(f"{item_id}: {status}", markup=False)

    command.__doc__ = f"{action.replace('_', ' ').capitalize()} a library item (audited)."
    return command


for _action in ("submit", "approve", "request_changes"):
    app.command(_action.replace("_", "-"))(_transition(_action))
