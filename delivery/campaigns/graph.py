"""Text views of a campaign workflow a marketer can paste into a Markdown page (Mermaid)."""

from __future__ import annotations

from delivery.campaigns.models import Campaign
from delivery.campaigns.validation import node_edges

_SHAPES = {
    "entry": ("([", "])"),
    "exit": ("((", "))"),
    "branch": ("{", "}"),
    "split": ("{{", "}}"),
    "wait": ("[/", "/]"),
    "send": ("[", "]"),
}


def _label(node) -> str:
    if node.type == "entry":
        trigger = node.trigger
        detail = {
            "segment_entry": lambda: f"enters segment {trigger.segment}",
            "event": lambda: (
                f"event {trigger.event}"
                + (f", no {trigger.without} within {trigger.within}" if trigger.without else "")
            ),
            "schedule": lambda: (
                f"schedule {trigger.cron or trigger.once_on} at {trigger.local_time} local"
            ),
        }[trigger.kind]()
    elif node.type == "wait":
        detail = (
            f"wait {node.duration}"
            if node.duration
            else f"until {node.until_local_time} local"
            if node.until_local_time
            else f"until {node.until_event}, max {node.timeout}"
        )
    elif node.type == "branch":
        c = node.condition
        detail = {
            "attribute": lambda: f"{c.field} {c.op} {c.value}",
            "segment": lambda: f"in segment {c.segment}?",
            "engagement": lambda: f"{c.event} since {c.since_node}?",
        }[c.kind]()
    elif node.type == "split":
        detail = "split " + " / ".join(f"{v.id}:{v.weight:g}" for v in node.variants)
        if node.holdout:
            detail += f" holdout {node.holdout:.0%}"
    elif node.type == "send":
        detail = f"send {node.channel}: {node.template}" + (
            " (best time)" if node.best_send_time else ""
        )
    else:
        detail = "exit"
    return f"{node.id}: {detail}".replace('"', "'")


def _edge_label(node, field: str) -> str:
    if node.type == "branch":
        return "yes" if field == "if_true" else "no"
    if node.type == "split":
        return "holdout" if field == "holdout_next" else node.variants[int(field[9:-6])].id
    if field == "on_timeout":
        return "timeout"
    if node.type == "wait" and node.until_event:
        return node.until_event
    return ""


def to_mermaid(campaign: Campaign) -> str:
    """Render the workflow as a Mermaid ``flowchart``.

    Parameters
    ----------
    campaign : Campaign
        A validated campaign.

    Returns
    -------
    str
        Mermaid text, one line per node and per edge; the conversion exit is shown as a note.
    """
    lines = ["flowchart TD"]
    for node in campaign.workflow.nodes:
        left, right = _SHAPES[node.type]
        lines.append(f'    {node.id}{left}"{_label(node)}"{right}')
    for node in campaign.workflow.nodes:
        for field, target in node_edges(node).items():
            label = _edge_label(node, field)
            arrow = f"-->|{label}|" if label else "-->"
            lines.append(f"    {node.id} {arrow} {target}")
    if campaign.exit_on:
        lines.append(f'    auto_exit(["exits on {", ".join(campaign.exit_on)}"])')
    return "\n".join(lines) + "\n"
