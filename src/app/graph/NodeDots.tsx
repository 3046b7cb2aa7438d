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
 * `[{id, x, y}]` in CSS pixels of the canvas). The painting is nodeDotsPainter.ts; this file wires it to the
 * store, the pointer and the canvas's size.
 */
import { useEffect, useRef } from 'react';
import { labStore, selectNode } from '../store.ts';
import { deposedLeaders, roleWord } from './deposed.ts';
import type { Layout } from './layout.ts';
import { nodeState } from './lod.ts';
import { NodeDotsPainter } from './nodeDotsPainter.ts';

interface Props {
  readonly layout: Layout;
  readonly nodes: readonly string[];
}

export function NodeDots({ layout, nodes }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const tip = tipRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !tip || !ctx) return;
    return wire(new NodeDotsPainter(ctx, layout, nodes), tip);
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

/**
 * Redraws on every store change (the painter skips frames that would look the same) and on resize; the pointer
 * over the graph names the dot under it in the tooltip, a click selects it (or clears the selection). Returns
 * the clean-up.
 */
function wire(painter: NodeDotsPainter, tip: HTMLElement): () => void {
  const canvas = painter.canvas;
  const host = canvas.closest('.graph');
  const onMove = (event: Event) => {
    if (!(event instanceof MouseEvent)) return;
    const id = painter.nodeAt(event.clientX, event.clientY);
    if (id === null) {
      tip.hidden = true;
      return;
    }
    const snapshot = labStore.getState().snapshot;
    const node = snapshot?.nodes.find((n) => n.id === id);
    const deposed = deposedLeaders(snapshot?.nodes, snapshot?.view).includes(id);
    const text = `${id}: ${node ? roleWord(nodeState(node), deposed) : 'starting'}${node && !node.up ? '' : ', up'}`;
    if (tip.textContent !== text) tip.textContent = text;
    const p = painter.toCss(id);
    tip.style.transform = `translate(${Math.round(p.x)}px, ${Math.round(p.y - 10)}px) translate(-50%, -100%)`;
    tip.hidden = false;
  };
  const onLeave = () => {
    tip.hidden = true;
  };
  const onClick = (event: Event) => {
    if (!(event instanceof MouseEvent)) return;
    const id = painter.nodeAt(event.clientX, event.clientY);
    if (id !== null) selectNode(labStore.getState().selectedNode === id ? null : id);
  };
  host?.addEventListener('pointermove', onMove);
  host?.addEventListener('pointerleave', onLeave);
  host?.addEventListener('click', onClick);
  const resize = new ResizeObserver(() => {
    painter.measure();
    painter.draw(labStore.getState());
  });
  resize.observe(canvas);
  painter.measure();
  painter.draw(labStore.getState());
  const unsubscribe = labStore.subscribe((state) => painter.draw(state));
  return () => {
    unsubscribe();
    resize.disconnect();
    host?.removeEventListener('pointermove', onMove);
    host?.removeEventListener('pointerleave', onLeave);
    host?.removeEventListener('click', onClick);
  };
}
