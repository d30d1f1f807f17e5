"""Load and validate campaign files: schema (pydantic) first, then the workflow graph.

Every problem names the file, the path inside it and the fix, and all problems are reported at
once so an author can correct a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from delivery.campaigns.errors import CampaignFileError, Problem, RuleViolation
from delivery.campaigns.models import NODE_TYPES, Campaign, Workflow
from delivery.campaigns.templates import social_text_problems, template_problems
from privacy.topics import CONSENT_TOPICS
from segments.safe_yaml import UnsafeYaml, load_yaml

MIN_AB_AUDIENCE = 100

_FIXES = {
    "extra_forbidden": "remove the key or check its spelling against the JSON Schema",
    "missing": "add the key",
    "union_tag_invalid": "use one of the allowed values listed",
    "string_pattern_mismatch": "match the expected format",
    "literal_error": "use one of the allowed values listed",
    "finite_number": "write a finite number (not .inf or .nan)",
    "float_type": "write a number (not true/false, not quoted)",
    "int_type": "write a whole number (not true/false, not quoted)",
    "less_than_equal": "use a smaller value",
    "greater_than": "use a larger value",
    "value_error": "see the message",
}


def _format_loc(loc: Iterable[Any], data: Any) -> str:
    """``('workflow','nodes',2,'send','template')`` -> ``workflow.nodes[2](id=x).template``."""
    parts: list[str] = []
    node: Any = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            node = node[item] if isinstance(node, list) and item < len(node) else None
            if isinstance(node, dict) and "id" in node:
                label += f"(id={node['id']})"
            parts.append(label)
            continue
        if isinstance(node, dict) and item in node:
            node = node[item]
        elif isinstance(node, dict):
            # a discriminated-union tag (e.g. 'send') that is not a key of the data: skip it
            if item in NODE_TYPES or item in {"segment_entry", "event", "schedule"}:
                continue
            if item in {"attribute", "segment", "engagement"} and "kind" in node:
                continue
            node = None
        parts.append(f".{item}" if parts else str(item))
    return "".join(parts) or "(top level)"


def _pydantic_problems(exc: ValidationError, data: Any) -> list[Problem]:
    problems = []
    for err in exc.errors():
        message = err["msg"]
        if (
            err["type"] == "union_tag_invalid"
            and err["loc"][-1:] == ("nodes",)
            or (err["type"] == "union_tag_invalid" and "type" in str(err.get("ctx", {})))
        ):
            message = f"{message}; node types are: {', '.join(NODE_TYPES)}"
        problems.append(
            Problem(_format_loc(err["loc"], data), message, _FIXES.get(err["type"], ""))
        )
    return problems


def parse_campaign(data: Any, source: str = "<campaign>") -> Campaign:
    """Validate a parsed campaign document (schema only).

    Parameters
    ----------
    data : Any
        The YAML/JSON document.
    source : str
        Where it came from, for messages.

    Returns
    -------
    Campaign

    Raises
    ------
    CampaignFileError
        When the document does not match the schema.
    """
    if not isinstance(data, dict):
        raise CampaignFileError(
            source,
            [
                Problem(
                    "(top level)",
                    f"expected a mapping, got {type(data).__name__}",
                    "start the file with 'campaign_id: ...'",
                )
            ],
        )
    try:
        return Campaign.model_validate(data)
    except ValidationError as exc:
        raise CampaignFileError(source, _pydantic_problems(exc, data)) from None


def graph_problems(workflow: Workflow) -> list[Problem]:
    """Structural problems of a workflow graph: duplicate ids, dangling edges, entry, cycles.

    Parameters
    ----------
    workflow : Workflow

    Returns
    -------
    list of Problem
        Empty when the graph is sound.
    """
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    for i, node in enumerate(workflow.nodes):
        if node.id in ids:
            problems.append(
                Problem(
                    f"workflow.nodes[{i}](id={node.id})",
                    f"duplicate node id {node.id!r}",
                    "give every node a unique id",
                )
            )
        ids.setdefault(node.id, i)
    edges = {node.id: list(node_edges(node).items()) for node in workflow.nodes}
    for node in workflow.nodes:
        for field, target in edges[node.id]:
            if target not in ids:
                problems.append(
                    Problem(
                        f"workflow.nodes[{ids[node.id]}](id={node.id}).{field}",
                        f"edge points to unknown node {target!r}",
                        f"use one of: {', '.join(sorted(ids))}",
                    )
                )
    entries = [n for n in workflow.nodes if n.type == "entry"]
    if len(entries) != 1:
        problems.append(
            Problem(
                "workflow.nodes",
                f"a workflow needs exactly one entry node, found {len(entries)}",
                "keep one node with type: entry",
            )
        )
    if not any(n.type == "exit" for n in workflow.nodes):
        problems.append(Problem("workflow.nodes", "no exit node", "add a node with type: exit"))
    for node in workflow.nodes:
        for _field, target in edges[node.id]:
            if target in ids and workflow.nodes[ids[target]].type == "entry":
                problems.append(
                    Problem(
                        f"workflow.nodes[{ids[node.id]}](id={node.id})",
                        "an edge leads back into the entry node",
                        "point it at a wait or another step",
                    )
                )
    problems.extend(_cycles_without_wait(workflow, ids, edges))
    if entries and not problems:
        reachable = _reachable(entries[0].id, edges)
        for node in workflow.nodes:
            if node.id not in reachable:
                problems.append(
                    Problem(
                        f"workflow.nodes[{ids[node.id]}](id={node.id})",
                        "node cannot be reached from the entry",
                        "connect it or remove it",
                    )
                )
    return problems


def node_edges(node: Any) -> dict[str, str]:
    """Outgoing edges of a node as ``{field path: target id}``."""
    if node.type == "exit":
        return {}
    if node.type == "branch":
        return {"if_true": node.if_true, "if_false": node.if_false}
    if node.type == "split":
        out = {f"variants[{i}].next": v.next for i, v in enumerate(node.variants)}
        if node.holdout_next:
            out["holdout_next"] = node.holdout_next
        return out
    out = {"next": node.next}
    if node.type == "wait" and node.on_timeout:
        out["on_timeout"] = node.on_timeout
    return out


def _reachable(start: str, edges: dict[str, list[tuple[str, str]]]) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for _f, target in edges.get(stack.pop(), []):
            if target in edges and target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _cycles_without_wait(workflow: Workflow, ids: dict[str, int], edges: dict) -> list[Problem]:
    """A cycle made only of instant nodes would loop forever inside one step."""
    instant = {n.id for n in workflow.nodes if n.type != "wait"}
    colour: dict[str, int] = {}
    problems: list[Problem] = []

    def visit(node_id: str, path: list[str]) -> None:
        colour[node_id] = 1
        for _f, target in edges[node_id]:
            if target not in instant:
                continue
            if colour.get(target) == 1:
                cycle = path[path.index(target) :] + [target]
                problems.append(
                    Problem(
                        f"workflow.nodes[{ids[target]}](id={target})",
                        f"cycle without a wait: {' -> '.join(cycle)}",
                        "put a wait node inside the loop (or break the loop)",
                    )
                )
            elif target not in colour:
                visit(target, path + [target])
        colour[node_id] = 2

    for node_id in sorted(instant):
        if node_id not in colour:
            visit(node_id, [node_id])
    return problems


def reference_problems(campaign: Campaign, known_segments: set[str] | None) -> list[Problem]:
    """Unknown templates, channels, segments; bad cron; templates that do not match the send."""
    problems: list[Problem] = []
    if campaign.topic is not None and campaign.topic not in CONSENT_TOPICS:
        problems.append(
            Problem(
                "topic",
                f"unknown topic {campaign.topic!r}",
                f"use one the preference centre offers: {', '.join(CONSENT_TOPICS)}",
            )
        )
    templates = {t.id: t for t in campaign.content}
    split_variants = {
        v.id for n in campaign.workflow.nodes if n.type == "split" for v in n.variants
    }
    for i, node in enumerate(campaign.workflow.nodes):
        where = f"workflow.nodes[{i}](id={node.id})"
        if node.type == "send":
            template = templates.get(node.template)
            if template is None:
                problems.append(
                    Problem(
                        f"{where}.template",
                        f"unknown template {node.template!r}",
                        f"define it under content, or use one of: {', '.join(sorted(templates))}",
                    )
                )
            elif template.channel != node.channel:
                problems.append(
                    Problem(
                        f"{where}.template",
                        f"template {node.template!r} is for {template.channel}, the node sends {node.channel}",
                        "use a template of the same channel",
                    )
                )
            if node.channel not in campaign.channels:
                problems.append(
                    Problem(
                        f"{where}.channel",
                        f"channel {node.channel!r} is not in the campaign's channels",
                        f"add {node.channel} to channels",
                    )
                )
        if node.type == "entry" and node.trigger.kind == "schedule" and node.trigger.cron:
            cron = node.trigger.cron
            from croniter import croniter  # only campaigns with a cron entry need it

            if len(cron.split()) != 5 or not croniter.is_valid(cron):
                problems.append(
                    Problem(
                        f"{where}.trigger.cron",
                        f"invalid cron expression {cron!r}",
                        "use 5 fields: minute hour day-of-month month day-of-week, e.g. '0 9 * * 1'",
                    )
                )
        if node.type == "branch" and node.condition.kind == "engagement":
            target = node.condition.since_node
            kinds = {n.id: n.type for n in campaign.workflow.nodes}
            if kinds.get(target) != "send":
                problems.append(
                    Problem(
                        f"{where}.condition.since_node",
                        f"{target!r} is not a send node",
                        "name the send node whose message you ask about",
                    )
                )
    for template in campaign.content:
        for variant in template.variants:
            if variant not in split_variants:
                problems.append(
                    Problem(
                        f"content(id={template.id}).variants.{variant}",
                        f"variant {variant!r} is not produced by any split node",
                        f"use one of: {', '.join(sorted(split_variants)) or '(no split in workflow)'}",
                    )
                )
    if known_segments is not None:
        referenced = [("audience.segments", s) for s in campaign.audience.segments]
        referenced += [("audience.exclude_segments", s) for s in campaign.audience.exclude_segments]
        for i, node in enumerate(campaign.workflow.nodes):
            segment = getattr(getattr(node, "trigger", None), "segment", None) or getattr(
                getattr(node, "condition", None), "segment", None
            )
            if segment:
                referenced.append((f"workflow.nodes[{i}](id={node.id})", segment))
        for i, banner in enumerate(campaign.banners):
            where = f"banners[{i}](id={banner.id})"
            referenced += [(f"{where}.segments", s) for s in banner.segments]
            referenced += [(f"{where}.exclude_segments", s) for s in banner.exclude_segments]
        for path, segment in referenced:
            if segment not in known_segments:
                problems.append(
                    Problem(
                        path,
                        f"unknown segment {segment!r}",
                        f"define it in segments/definitions/ or use one of: {', '.join(sorted(known_segments))}",
                    )
                )
    for i, node in enumerate(campaign.workflow.nodes):
        if node.type == "split" and len({v.id for v in node.variants}) != len(node.variants):
            problems.append(
                Problem(
                    f"workflow.nodes[{i}](id={node.id}).variants",
                    "duplicate variant ids",
                    "name each variant once",
                )
            )
    return problems


def validate_campaign(
    data: Any,
    source: str = "<campaign>",
    known_segments: set[str] | None = None,
    audience_size: int | None = None,
) -> Campaign:
    """Validate a campaign document completely: schema, graph, references, A/B audience size.

    Parameters
    ----------
    data : Any
        Parsed YAML/JSON document.
    source : str
        File name used in messages.
    known_segments : set of str, optional
        Segment names that exist; when given, unknown references are errors.
    audience_size : int, optional
        Contacts in the audience; when given, an A/B test below 100 contacts is refused.

    Returns
    -------
    Campaign

    Raises
    ------
    CampaignFileError
        Listing every problem with its path and fix.
    """
    campaign = parse_campaign(data, source)
    problems = graph_problems(campaign.workflow) + reference_problems(campaign, known_segments)
    problems += template_problems(campaign) + social_text_problems(campaign)
    if audience_size is not None:
        try:
            check_ab_audience(campaign, audience_size)
        except RuleViolation as exc:
            problems.append(Problem("workflow", str(exc), "widen the audience or remove the split"))
    if problems:
        raise CampaignFileError(source, problems)
    return campaign


def check_ab_audience(campaign: Campaign, audience_size: int) -> None:
    """Refuse an A/B test on fewer than 100 contacts (too small to tell variants apart)."""
    if campaign.has_ab_test and audience_size < MIN_AB_AUDIENCE:
        raise RuleViolation(
            f"campaign {campaign.campaign_id!r}: A/B tests need at least {MIN_AB_AUDIENCE} contacts "
            f"in the audience, this one has {audience_size}"
        )


def load_campaign_file(
    path: Path | str, known_segments: set[str] | None = None, audience_size: int | None = None
) -> Campaign:
    """Read and fully validate a campaign YAML file (see :func:`validate_campaign`)."""
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CampaignFileError(
            str(path), [Problem("(file)", "file not found", "check the path")]
        ) from None
    except UnsafeYaml as exc:
        raise CampaignFileError(str(path), [Problem(exc.where, exc.problem, exc.fix)]) from None
    except yaml.YAMLError as exc:
        raise CampaignFileError(
            str(path), [Problem("(file)", f"not valid YAML: {exc}", "fix the YAML syntax")]
        ) from None
    return validate_campaign(data, str(path), known_segments, audience_size)


def segment_names_in(definitions_dir: Path | str) -> set[str]:
    """Names of the segments defined in ``segments/definitions/*.yml`` (``name`` key or file stem)."""
    names = set()
    for path in sorted(Path(definitions_dir).glob("*.y*ml")):
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except (UnsafeYaml, yaml.YAMLError):
            data = None  # the segment loader reports it; its name is the file stem
        name = data.get("name") if isinstance(data, dict) else None
        names.add(str(name) if name else path.stem)
    return names
