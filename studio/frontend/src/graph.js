// Campaign document <-> React Flow graph. A workflow node's edges (next, if_true, if_false,
// holdout_next, on_timeout, variants[].next) become edges; everything else stays in node.data.spec,
// so a document opened and saved unchanged comes back identical.
import dagre from "@dagrejs/dagre";

export const EDGE_FIELDS = ["next", "if_true", "if_false", "holdout_next", "on_timeout"];
export const NODE_W = 210;
export const NODE_H = 72;

export function outputs(spec) {
  switch (spec.type) {
    case "entry":
    case "send":
      return ["next"];
    case "wait":
      return spec.until_event ? ["next", "on_timeout"] : ["next"];
    case "branch":
      return ["if_true", "if_false"];
    case "split":
      return [
        ...(spec.variants || []).map((v) => `variant:${v.id}`),
        ...(spec.holdout ? ["holdout_next"] : []),
      ];
    default:
      return [];
  }
}

export function handleLabel(handle) {
  if (handle.startsWith("variant:")) return handle.slice(8);
  return { next: "next", if_true: "yes", if_false: "no", holdout_next: "holdout", on_timeout: "timeout" }[handle];
}

export function toGraph(docNodes) {
  const nodes = [];
  const edges = [];
  for (const n of docNodes) {
    const spec = {};
    for (const [k, v] of Object.entries(n)) {
      if (EDGE_FIELDS.includes(k)) continue;
      spec[k] = k === "variants" ? v.map(({ next, ...rest }) => rest) : v;
    }
    nodes.push({ id: n.id, type: "step", position: { x: 0, y: 0 }, data: { spec } });
    for (const field of EDGE_FIELDS) {
      if (n[field]) edges.push(edge(n.id, field, n[field]));
    }
    for (const v of n.variants || []) {
      if (v.next) edges.push(edge(n.id, `variant:${v.id}`, v.next));
    }
  }
  return { nodes, edges };
}

export function edge(source, handle, target) {
  return { id: `${source}:${handle}`, source, sourceHandle: handle, target, label: handleLabel(handle) };
}

export function toDocument(nodes, edges) {
  return nodes.map((node) => {
    const spec = node.data.spec;
    const out = { id: node.id, type: spec.type };
    for (const [k, v] of Object.entries(spec)) {
      if (k === "id" || k === "type") continue;
      out[k] = k === "variants" ? v.map((variant) => ({ ...variant })) : v;
    }
    for (const e of edges.filter((e) => e.source === node.id)) {
      if (e.sourceHandle.startsWith("variant:")) {
        const variant = (out.variants || []).find((v) => `variant:${v.id}` === e.sourceHandle);
        if (variant) variant.next = e.target;
      } else if (outputs(spec).includes(e.sourceHandle)) {
        out[e.sourceHandle] = e.target;
      }
    }
    if (out.variants) {
      out.variants = out.variants.map(({ id, weight, next }) => (next ? { id, weight, next } : { id, weight }));
    }
    return out;
  });
}

export function layout(nodes, edges) {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: NODE_W, height: NODE_H });
  for (const e of edges) if (g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  return nodes.map((n) => {
    const p = g.node(n.id);
    return { ...n, position: { x: p.x - NODE_W / 2, y: p.y - NODE_H / 2 } };
  });
}

export function defaults(type, setup, existing) {
  let i = 1;
  while (existing.has(`${type}_${i}`)) i += 1;
  const id = `${type}_${i}`;
  const firstTemplate = (channel) =>
    Object.entries(setup.templates).find(([, ch]) => ch === channel)?.[0] || "";
  const channel = setup.channels[0] || "email";
  const spec = {
    entry: { trigger: { kind: "segment_entry", segment: setup.segments[0] || "" } },
    send: { channel, template: firstTemplate(channel) },
    wait: { duration: "24h" },
    branch: { condition: { kind: "engagement", event: "opened", since_node: "" } },
    split: { variants: [{ id: "A", weight: 50 }, { id: "B", weight: 50 }], holdout: 0 },
    exit: {},
  }[type];
  return { id, spec: { id, type, ...spec } };
}

export function summary(spec) {
  switch (spec.type) {
    case "entry": {
      const t = spec.trigger || {};
      return t.kind === "segment_entry" ? `joins ${t.segment}` : t.kind === "event" ? `on ${t.event}` : `schedule ${t.once_on || t.cron || ""} ${t.local_time || ""}`;
    }
    case "send":
      return `${spec.channel} · ${spec.template}${spec.best_send_time ? " · best time" : ""}`;
    case "wait":
      return spec.duration || (spec.until_local_time && `until ${spec.until_local_time}`) || (spec.until_event && `until ${spec.until_event}`) || "";
    case "branch": {
      const c = spec.condition || {};
      return c.kind === "engagement" ? `${c.event} since ${c.since_node}` : c.kind === "segment" ? `in ${c.segment}` : `${c.field} ${c.op} ${c.value ?? ""}`;
    }
    case "split":
      return (spec.variants || []).map((v) => `${v.id} ${v.weight}`).join(" / ") + (spec.holdout ? ` · holdout ${Math.round(spec.holdout * 100)} %` : "");
    default:
      return "";
  }
}
