/**
 * The nodes of a very large cluster (lod.ts: more than DOTS_ABOVE) as dots on one canvas, coloured as the cards
 * are by state (leader, candidate, follower or replica, down), with a partition side as a coloured rim. Hovering
 * a dot shows a tooltip naming the node and its state; clicking it selects it (clicking it again clears the
 * selection), as hovering a card does. The selected node, the leader and the nodes the oracle's anomalies name
 * get a ring and their id in text, so they stay readable among a thousand dots.
 *
 * Like the message canvas it bypasses React: it subscribes to the store and redraws only when a node's state,
 * the selection or the anomalous nodes change, not on every snapshot. Tests read `data-dots` (dots drawn),
 * `data-labelled` (the ids written beside their dots) and `data-sample` (JSON of the first few dots,
 * `[{id, x, y}]` in CSS pixels of the canvas).
 */
import { useEffect, useRef } from 'react';
import { type LabState, labStore, selectNode } from '../store.ts';
import type { Layout } from './layout.ts';
import { NodeIndex, type NodeState, nodeState } from './lod.ts';
import { anomalousNodes } from './NodeChips.tsx';

interface Props {
  readonly layout: Layout;
  readonly nodes: readonly string[];
}

const STATES: readonly NodeState[] = ['follower', 'replica', 'leader', 'candidate', 'down'];
const STATE_VARS: Record<NodeState, [string, string]> = {
  follower: ['--text-muted', '#8b93b0'],
  replica: ['--text-muted', '#8b93b0'],
  leader: ['--accent', '#4da3ff'],
  candidate: ['--warn', '#ffb547'],
  down: ['--danger', '#ff5468'],
};
const SIDE_VARS = ['--side-1', '--side-2', '--side-3', '--side-4'];
const SELECTED_COLOUR = '#ffd166';
/** How close (CSS pixels) the pointer must be to a dot to name it. */
const HOVER_RADIUS_PX = 8;
const SAMPLE = 5;

/** What a frame depends on, as one string: redraw only when it changes. */
function signature(state: LabState, nodes: readonly string[], codes: Uint8Array): string {
  const byId = new Map((state.snapshot?.nodes ?? []).map((n) => [n.id, n]));
  nodes.forEach((id, i) => {
    const n = byId.get(id);
    codes[i] = n ? STATES.indexOf(nodeState(n)) + 8 * Math.min(4, n.side) : 0;
  });
  const anomalous = anomalousNodes(state.oracle.answer?.anomalies ?? []);
  return `${state.selectedNode ?? ''}|${anomalous.join(',')}|${String.fromCharCode(...codes)}`;
}

export function NodeDots({ layout, nodes }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const tip = tipRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !tip || !ctx) return;
    const style = getComputedStyle(canvas);
    const cssVar = ([name, fallback]: [string, string]) => style.getPropertyValue(name).trim() || fallback;
    const colours = STATES.map((s) => cssVar(STATE_VARS[s]));
    const sideColours = SIDE_VARS.map((v) => cssVar([v, '#38c5a8']));
    const index = new NodeIndex(layout.positions, nodes);
    const codes = new Uint8Array(nodes.length);
    let drawn = '';

    // viewBox -> CSS pixels, as the SVG's preserveAspectRatio="xMidYMid meet" maps it.
    let scale = 1;
    let offsetX = 0;
    let offsetY = 0;
    let dpr = 1;
    const measure = () => {
      const rect = canvas.getBoundingClientRect();
      dpr = window.devicePixelRatio || 1;
      canvas.width = Math.max(1, Math.round(rect.width * dpr));
      canvas.height = Math.max(1, Math.round(rect.height * dpr));
      const vb = layout.viewBox;
      scale = Math.min(rect.width / vb.width, rect.height / vb.height) || 1;
      offsetX = (rect.width - vb.width * scale) / 2 - vb.x * scale;
      offsetY = (rect.height - vb.height * scale) / 2 - vb.y * scale;
      drawn = '';
    };
    const toCss = (id: string) => {
      const p = layout.positions.get(id) ?? { x: 0, y: 0 };
      return { x: p.x * scale + offsetX, y: p.y * scale + offsetY };
    };

    const draw = (state: LabState) => {
      const sig = signature(state, nodes, codes);
      if (sig === drawn) return;
      drawn = sig;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      const r = Math.max(1.5, Math.min(5, (layout.card.width / 2) * scale));
      // One path per colour: a thousand arcs cost a few fills, not a thousand.
      for (let s = 0; s < STATES.length; s++) {
        ctx.beginPath();
        nodes.forEach((id, i) => {
          if ((codes[i] ?? 0) % 8 !== s) return;
          const p = toCss(id);
          ctx.moveTo(p.x + r, p.y);
          ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
        });
        ctx.fillStyle = colours[s] ?? '#8b93b0';
        ctx.fill();
      }
      for (let side = 1; side <= 4; side++) {
        ctx.beginPath();
        nodes.forEach((id, i) => {
          if (Math.floor((codes[i] ?? 0) / 8) !== side) return;
          const p = toCss(id);
          ctx.moveTo(p.x + r + 1.5, p.y);
          ctx.arc(p.x, p.y, r + 1.5, 0, 2 * Math.PI);
        });
        ctx.strokeStyle = sideColours[side - 1] ?? '#38c5a8';
        ctx.lineWidth = 1;
        ctx.stroke();
      }
      const labelled = labels(state, nodes, codes);
      ctx.font = '11px system-ui, sans-serif';
      ctx.textAlign = 'center';
      for (const { id, colour } of labelled) {
        const p = toCss(id);
        ctx.beginPath();
        ctx.arc(p.x, p.y, r + 3.5, 0, 2 * Math.PI);
        ctx.strokeStyle = colour;
        ctx.lineWidth = 2;
        ctx.stroke();
        // Text only: ids come from the scenario and are drawn as text, never parsed as markup.
        ctx.fillStyle = colour;
        ctx.fillText(id, p.x, p.y - r - 7);
      }
      canvas.dataset.dots = String(nodes.length);
      canvas.dataset.labelled = labelled.map((l) => l.id).join(' ');
      canvas.dataset.sample = JSON.stringify(
        nodes.slice(0, SAMPLE).map((id) => {
          const p = toCss(id);
          return { id, x: Math.round(p.x), y: Math.round(p.y) };
        }),
      );
    };

    /** The ids written out: the selected node, the anomalous ones and the leaders (at most a dozen). */
    const labels = (state: LabState, ids: readonly string[], states: Uint8Array) => {
      const out = new Map<string, string>();
      const selected = state.selectedNode;
      if (selected !== null && layout.positions.has(selected)) out.set(selected, SELECTED_COLOUR);
      for (const id of anomalousNodes(state.oracle.answer?.anomalies ?? []))
        if (out.size < 12 && layout.positions.has(id) && !out.has(id)) out.set(id, colours[4] ?? '#ff5468');
      ids.forEach((id, i) => {
        if (out.size < 12 && !out.has(id) && (states[i] ?? 0) % 8 === STATES.indexOf('leader'))
          out.set(id, colours[2] ?? '#4da3ff');
      });
      return [...out].map(([id, colour]) => ({ id, colour }));
    };

    const nodeAt = (event: MouseEvent): string | null => {
      const rect = canvas.getBoundingClientRect();
      const x = (event.clientX - rect.left - offsetX) / scale;
      const y = (event.clientY - rect.top - offsetY) / scale;
      return index.nearest(x, y, HOVER_RADIUS_PX / scale);
    };
    const host = canvas.closest('.graph');
    const onMove = (event: Event) => {
      if (!(event instanceof MouseEvent)) return;
      const id = nodeAt(event);
      if (id === null) {
        tip.hidden = true;
        return;
      }
      const node = labStore.getState().snapshot?.nodes.find((n) => n.id === id);
      const text = `${id}: ${node ? nodeState(node) : 'starting'}${node && !node.up ? '' : ', up'}`;
      if (tip.textContent !== text) tip.textContent = text;
      const p = toCss(id);
      tip.style.transform = `translate(${Math.round(p.x)}px, ${Math.round(p.y - 10)}px) translate(-50%, -100%)`;
      tip.hidden = false;
    };
    const onLeave = () => {
      tip.hidden = true;
    };
    const onClick = (event: Event) => {
      if (!(event instanceof MouseEvent)) return;
      const id = nodeAt(event);
      if (id !== null) selectNode(labStore.getState().selectedNode === id ? null : id);
    };
    host?.addEventListener('pointermove', onMove);
    host?.addEventListener('pointerleave', onLeave);
    host?.addEventListener('click', onClick);
    const resize = new ResizeObserver(() => {
      measure();
      draw(labStore.getState());
    });
    resize.observe(canvas);
    measure();
    draw(labStore.getState());
    const unsubscribe = labStore.subscribe((state) => draw(state));
    return () => {
      unsubscribe();
      resize.disconnect();
      host?.removeEventListener('pointermove', onMove);
      host?.removeEventListener('pointerleave', onLeave);
      host?.removeEventListener('click', onClick);
    };
  }, [layout, nodes]);

  return (
    <div className="graph-canvas-layer">
      <canvas
        ref={canvasRef}
        className="graph-canvas"
        data-testid="node-dots"
        role="img"
        aria-label={`${nodes.length} nodes drawn as dots; point at one for its name, click to select it`}
      />
      <div ref={tipRef} className="message-tip" hidden />
    </div>
  );
}
