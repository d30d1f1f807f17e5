// The workflow canvas: palette, drag and connect, side panel, auto-layout, undo/redo, server
// validation shown on the node that is wrong, save (a new campaign version) — keyboard-accessible:
// palette buttons add a node, the side panel's "goes to" selects connect it.
import React, { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import {
  ReactFlow, ReactFlowProvider, Background, Controls, Handle, Position, useReactFlow,
  applyNodeChanges, applyEdgeChanges,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./canvas.css";
import { defaults, edge, handleLabel, layout, outputs, summary, toDocument, toGraph } from "./graph.js";

const setup = JSON.parse(document.getElementById("workflow-setup").textContent);
const root = document.getElementById("canvas-root");
const csrf = root.dataset.csrf;
const LABELS = { entry: "Entry / trigger", send: "Send", wait: "Wait", branch: "Branch", split: "Split / A-B", exit: "Exit" };

function StepNode({ id, data, selected }) {
  const { spec, problems = [] } = data;
  const outs = outputs(spec);
  return (
    <div className={`step step-${spec.type}${problems.length ? " has-problems" : ""}${selected ? " selected" : ""}`}
         aria-label={`${LABELS[spec.type]} ${id}${problems.length ? `, ${problems.length} problem(s)` : ""}`}>
      {spec.type !== "entry" && <Handle type="target" position={Position.Top} />}
      <div className="step-type">{LABELS[spec.type]}</div>
      <div className="step-id">{id}</div>
      <div className="step-summary">{summary(spec)}</div>
      {problems.length > 0 && <ul className="step-problems" role="alert">{problems.map((p, i) => <li key={i}>{p}</li>)}</ul>}
      {outs.map((h, i) => (
        <Handle key={h} id={h} type="source" position={Position.Bottom}
                style={{ left: `${((i + 1) * 100) / (outs.length + 1)}%` }} title={handleLabel(h)} />
      ))}
    </div>
  );
}
const nodeTypes = { step: StepNode };

function Field({ label, children }) {
  const id = useMemo(() => `f-${Math.random().toString(36).slice(2)}`, []);
  return <div className="panel-field"><label htmlFor={id}>{label}</label>{React.cloneElement(children, { id })}</div>;
}

function Panel({ node, nodes, edges, onSpec, onRename, onConnect, onDelete }) {
  if (!node) return <aside className="panel" aria-label="Node settings"><p>Select a node to configure it, or add one from the palette.</p></aside>;
  const spec = node.data.spec;
  const set = (patch) => onSpec(node.id, { ...spec, ...patch });
  const setIn = (key, patch) => set({ [key]: { ...(spec[key] || {}), ...patch } });
  const others = nodes.filter((n) => n.id !== node.id).map((n) => n.id);
  const target = (h) => edges.find((e) => e.source === node.id && e.sourceHandle === h)?.target || "";
  const t = spec.trigger || {};
  const c = spec.condition || {};
  return (
    <aside className="panel" aria-label="Node settings">
      <h2>{LABELS[spec.type]}</h2>
      <Field label="Node id"><input value={node.id} onChange={(e) => onRename(node.id, e.target.value)} /></Field>
      {spec.type === "entry" && <>
        <Field label="Trigger">
          <select value={t.kind} onChange={(e) => set({ trigger: e.target.value === "segment_entry" ? { kind: "segment_entry", segment: setup.segments[0] } : e.target.value === "event" ? { kind: "event", event: "visited_course_page" } : { kind: "schedule", once_on: "", local_time: "09:00" } })}>
            <option value="segment_entry">joins a segment</option><option value="event">an event</option><option value="schedule">a schedule</option>
          </select>
        </Field>
        {t.kind === "segment_entry" && <Field label="Segment"><select value={t.segment} onChange={(e) => setIn("trigger", { segment: e.target.value })}>{setup.segments.map((s) => <option key={s}>{s}</option>)}</select></Field>}
        {t.kind === "event" && <Field label="Event"><input value={t.event || ""} onChange={(e) => setIn("trigger", { event: e.target.value })} /></Field>}
        {t.kind === "schedule" && <>
          <Field label="Once on (date)"><input type="date" value={t.once_on || ""} onChange={(e) => setIn("trigger", { once_on: e.target.value })} /></Field>
          <Field label="Local time"><input value={t.local_time || ""} onChange={(e) => setIn("trigger", { local_time: e.target.value })} /></Field>
        </>}
      </>}
      {spec.type === "send" && <>
        <Field label="Channel"><select value={spec.channel} onChange={(e) => set({ channel: e.target.value })}>{setup.channels.map((ch) => <option key={ch}>{ch}</option>)}</select></Field>
        <Field label="Template"><select value={spec.template} onChange={(e) => set({ template: e.target.value })}>{Object.keys(setup.templates).map((tid) => <option key={tid} value={tid}>{tid} ({setup.templates[tid]})</option>)}</select></Field>
        <div className="panel-check"><input id="best-time" type="checkbox" checked={!!spec.best_send_time} onChange={(e) => set({ best_send_time: e.target.checked || undefined })} /><label htmlFor="best-time">Best time per contact</label></div>
      </>}
      {spec.type === "wait" && <>
        <Field label="Duration (e.g. 48h, 2d)"><input value={spec.duration || ""} onChange={(e) => set({ duration: e.target.value || undefined })} /></Field>
        <Field label="Or until local time (HH:MM)"><input value={spec.until_local_time || ""} onChange={(e) => set({ until_local_time: e.target.value || undefined })} /></Field>
      </>}
      {spec.type === "branch" && <>
        <Field label="Condition">
          <select value={c.kind} onChange={(e) => set({ condition: e.target.value === "segment" ? { kind: "segment", segment: setup.segments[0] } : { kind: "engagement", event: "opened", since_node: "" } })}>
            <option value="engagement">engaged since a send</option><option value="segment">is in a segment</option>
            {c.kind === "attribute" && <option value="attribute">attribute (edit in YAML)</option>}
          </select>
        </Field>
        {c.kind === "engagement" && <>
          <Field label="Event"><select value={c.event} onChange={(e) => setIn("condition", { event: e.target.value })}>{["opened", "clicked", "replied", "applied", "enrolled"].map((ev) => <option key={ev}>{ev}</option>)}</select></Field>
          <Field label="Since send node"><select value={c.since_node} onChange={(e) => setIn("condition", { since_node: e.target.value })}><option value="">—</option>{nodes.filter((n) => n.data.spec.type === "send").map((n) => <option key={n.id}>{n.id}</option>)}</select></Field>
        </>}
        {c.kind === "segment" && <Field label="Segment"><select value={c.segment} onChange={(e) => setIn("condition", { segment: e.target.value })}>{setup.segments.map((s) => <option key={s}>{s}</option>)}</select></Field>}
      </>}
      {spec.type === "split" && <>
        {(spec.variants || []).map((v, i) => (
          <Field key={i} label={`Weight of variant ${v.id}`}>
            <input type="number" min="1" value={v.weight} onChange={(e) => set({ variants: spec.variants.map((w, j) => j === i ? { ...w, weight: Number(e.target.value) } : w) })} />
          </Field>
        ))}
        <button type="button" onClick={() => set({ variants: [...spec.variants, { id: String.fromCharCode(65 + spec.variants.length), weight: 50 }] })}>Add variant</button>
        <Field label="Holdout (share, 0–0.49)"><input type="number" step="0.01" min="0" max="0.49" value={spec.holdout || 0} onChange={(e) => set({ holdout: Number(e.target.value) })} /></Field>
      </>}
      {outputs(spec).map((h) => (
        <Field key={h} label={`Goes to (${handleLabel(h)})`}>
          <select value={target(h)} onChange={(e) => onConnect({ source: node.id, sourceHandle: h, target: e.target.value })}>
            <option value="">— not connected —</option>{others.map((o) => <option key={o}>{o}</option>)}
          </select>
        </Field>
      ))}
      <button type="button" className="danger" onClick={() => onDelete(node.id)}>Delete node</button>
    </aside>
  );
}

function Canvas() {
  const initial = useMemo(() => {
    const g = toGraph(setup.nodes);
    return { nodes: layout(g.nodes, g.edges), edges: g.edges };
  }, []);
  const [nodes, setNodes] = useState(initial.nodes);
  const [edges, setEdges] = useState(initial.edges);
  const [selected, setSelected] = useState(null);
  const [problems, setProblems] = useState({ nodes: {}, general: [] });
  const [status, setStatus] = useState("");
  const history = useRef({ past: [], future: [] });
  const flow = useReactFlow();
  const wrapper = useRef(null);

  const commit = useCallback((nextNodes, nextEdges) => {
    history.current.past.push({ nodes, edges });
    history.current.future = [];
    setNodes(nextNodes);
    setEdges(nextEdges);
  }, [nodes, edges]);

  const undo = useCallback(() => {
    const prev = history.current.past.pop();
    if (!prev) return;
    history.current.future.push({ nodes, edges });
    setNodes(prev.nodes); setEdges(prev.edges);
  }, [nodes, edges]);
  const redo = useCallback(() => {
    const next = history.current.future.pop();
    if (!next) return;
    history.current.past.push({ nodes, edges });
    setNodes(next.nodes); setEdges(next.edges);
  }, [nodes, edges]);

  useEffect(() => {
    const onKey = (e) => {
      if (!(e.ctrlKey || e.metaKey) || ["INPUT", "SELECT", "TEXTAREA"].includes(e.target.tagName)) return;
      if (e.key === "z" && !e.shiftKey) { e.preventDefault(); undo(); }
      if (e.key === "y" || (e.key === "z" && e.shiftKey)) { e.preventDefault(); redo(); }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo]);

  useEffect(() => {  // keep the whole workflow in view when the window changes size
    const onResize = () => flow.fitView({ padding: 0.1 });
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, [flow]);

  // the version this canvas stands on: opened on, then each of its own saves
  const version = useRef(setup.version);
  const post = useCallback(async (url, signal) => {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin", signal,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ nodes: toDocument(nodes, edges), version: version.current }),
    });
    return response.json();
  }, [nodes, edges]);

  useEffect(() => {  // the server's validator, a moment after each change
    // An answer about an older graph must never replace the newer one's: a change aborts the
    // check in flight, and an answer that still arrives for it is dropped.
    let current = true;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const result = await post(`/campaigns/${setup.campaignId}/workflow/check`, controller.signal);
        if (current) setProblems({ nodes: result.nodes || {}, general: result.general || (result.error ? [result.error] : []) });
      } catch (error) {
        if (error.name !== "AbortError") throw error;
      }
    }, 350);
    return () => { current = false; controller.abort(); clearTimeout(timer); };
  }, [post]);

  const shown = nodes.map((n) => ({ ...n, data: { ...n.data, problems: problems.nodes[n.id] || [] } }));

  const addNode = useCallback((type, position) => {
    const { id, spec } = defaults(type, setup, new Set(nodes.map((n) => n.id)));
    const at = position || flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
    commit([...nodes, { id, type: "step", position: at, data: { spec } }], edges);
    setSelected(id);
  }, [nodes, edges, commit, flow]);

  const connect = useCallback(({ source, sourceHandle, target }) => {
    const rest = edges.filter((e) => !(e.source === source && e.sourceHandle === sourceHandle));
    commit(nodes, target ? [...rest, edge(source, sourceHandle, target)] : rest);
  }, [nodes, edges, commit]);

  const setSpec = (id, spec) => {
    const handles = outputs(spec);
    commit(nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, spec } } : n)),
           edges.filter((e) => e.source !== id || handles.includes(e.sourceHandle)));
  };
  const rename = (old, id) => {
    if (!id || nodes.some((n) => n.id === id)) return;
    const renameSpec = (spec) => spec.condition?.since_node === old ? { ...spec, condition: { ...spec.condition, since_node: id } } : spec;
    commit(nodes.map((n) => n.id === old ? { ...n, id, data: { ...n.data, spec: { ...n.data.spec, id } } } : { ...n, data: { ...n.data, spec: renameSpec(n.data.spec) } }),
           edges.map((e) => ({ ...edge(e.source === old ? id : e.source, e.sourceHandle, e.target === old ? id : e.target) })));
    setSelected(id);
  };
  const remove = (id) => { commit(nodes.filter((n) => n.id !== id), edges.filter((e) => e.source !== id && e.target !== id)); setSelected(null); };

  const onDrop = (e) => {
    e.preventDefault();
    const type = e.dataTransfer.getData("application/x-enrollflow-node");
    if (type) addNode(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  const save = async () => {
    setStatus("saving…");
    const result = await post(`/campaigns/${setup.campaignId}/workflow`);
    if (result.ok) { version.current = result.version; setStatus(`Saved as version ${result.version}.`); return; }
    setProblems({ nodes: result.nodes || {}, general: result.general || [] });
    setStatus(result.stale ? "Not saved: reload the page first." : "Not saved: fix the problems shown.");
  };

  const count = Object.values(problems.nodes).reduce((a, p) => a + p.length, 0) + problems.general.length;
  return (
    <div className="canvas-app">
      <div className="toolbar" role="toolbar" aria-label="Workflow tools">
        <button type="button" onClick={undo}>Undo</button>
        <button type="button" onClick={redo}>Redo</button>
        <button type="button" onClick={() => { commit(layout(nodes, edges), edges); setTimeout(() => flow.fitView({ padding: 0.1 }), 50); }}>Auto-layout</button>
        <button type="button" className="primary" onClick={save}>Save workflow</button>
        <span className={`status${status.startsWith("Not saved") ? " not-saved" : ""}`} role="status">{status}</span>
        <span className={`validity ${count ? "bad" : "good"}`} data-testid="validity">{count ? `${count} problem(s)` : "valid"}</span>
      </div>
      <div className="canvas-body">
        <nav className="palette" aria-label="Node palette">
          <h2>Add a step</h2>
          {Object.entries(LABELS).map(([type, label]) => (
            <button key={type} type="button" className={`palette-item step-${type}`} draggable
                    data-node-type={type}
                    onDragStart={(e) => { e.dataTransfer.setData("application/x-enrollflow-node", type); e.dataTransfer.effectAllowed = "move"; }}
                    onClick={() => addNode(type)}>{label}</button>
          ))}
          <p className="hint">Drag a step onto the canvas, or press it to add it. Connect by dragging from a node's bottom dot, or with “Goes to” in the panel.</p>
        </nav>
        <div className="flow" ref={wrapper} onDrop={onDrop} onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = "move"; }}>
          <ReactFlow nodes={shown} edges={edges} nodeTypes={nodeTypes} fitView
                     onNodesChange={(changes) => {
                       const removed = changes.filter((c) => c.type === "remove").map((c) => c.id);
                       if (removed.length) { commit(nodes.filter((n) => !removed.includes(n.id)), edges.filter((e) => !removed.includes(e.source) && !removed.includes(e.target))); return; }
                       setNodes((ns) => applyNodeChanges(changes, ns));
                     }}
                     onEdgesChange={(changes) => {
                       if (changes.some((c) => c.type === "remove")) commit(nodes, applyEdgeChanges(changes, edges));
                       else setEdges((es) => applyEdgeChanges(changes, es));
                     }}
                     onConnect={connect}
                     onSelectionChange={({ nodes: sel }) => setSelected(sel[0]?.id ?? selected)}
                     onNodeDragStart={() => history.current.past.push({ nodes, edges })}>
            <Background />
            <Controls />
          </ReactFlow>
        </div>
        <Panel node={nodes.find((n) => n.id === selected)} nodes={nodes} edges={edges}
               onSpec={setSpec} onRename={rename} onConnect={connect} onDelete={remove} />
      </div>
      {problems.general.length > 0 && <ul className="general-problems" role="alert">{problems.general.map((p, i) => <li key={i}>{p}</li>)}</ul>}
    </div>
  );
}

createRoot(root).render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
