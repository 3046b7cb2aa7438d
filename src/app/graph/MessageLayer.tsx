/**
 * Every in-flight message as a dot on its link. The dot's place is a pure function of simulated time,
 * (now - sentAt) / (deliverAt - sentAt), so pause, speed changes and seeking need no animation state at all.
 *
 * This is the one layer that changes every frame, with hundreds of dots in a large cluster, so it bypasses
 * React: it subscribes to the store and moves plain <circle> elements itself (zustand's "transient updates").
 * A dot is created when its message appears and removed when it is delivered or dropped.
 */
import { useEffect, useRef } from 'react';
import type { MessageView } from '../../sim/types.ts';
import { type LabState, labStore } from '../store.ts';
import { createLinkCache, isClient, progress } from './geometry.ts';
import type { Layout } from './layout.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

interface Props {
  readonly layout: Layout;
  readonly clients: readonly string[];
}

interface Dot {
  readonly el: SVGCircleElement;
  /** Last position written, in tenths of a pixel, to skip writes for dots that did not move. */
  x: number;
  y: number;
  readonly from: string;
  readonly to: string;
  /** Identifies the message beyond its id, which restarts from 1 after a reset. */
  readonly identity: string;
  generation: number;
}

export function MessageLayer({ layout, clients }: Props) {
  const group = useRef<SVGGElement>(null);

  useEffect(() => {
    const g = group.current;
    if (!g) return;
    const clientSet = new Set(clients);
    const links = createLinkCache(layout, clientSet);
    const dots = new Map<number, Dot>();
    let generation = 0;

    let selected: string | null = null;
    const related = (m: { from: string; to: string }) => m.from === selected || m.to === selected;

    const createDot = (m: MessageView, identity: string): Dot => {
      const el = document.createElementNS(SVG_NS, 'circle');
      const client = isClient(layout, m.from, clientSet) || isClient(layout, m.to, clientSet);
      el.setAttribute('data-testid', 'message');
      el.setAttribute('data-id', String(m.id));
      el.setAttribute('data-kind', m.kind);
      el.setAttribute(
        'class',
        `message kind-${m.kind}${m.doomed ? ' doomed' : ''}${client ? ' client-link' : ''}`,
      );
      el.setAttribute('r', m.kind === 'heartbeat' ? '3.5' : '5.5');
      const title = document.createElementNS(SVG_NS, 'title');
      // Text only: labels come from the simulation, never parsed as markup.
      title.textContent = `${m.label} (${m.kind}, ${m.from} → ${m.to})`;
      el.appendChild(title);
      g.appendChild(el);
      if (selected !== null && related(m)) el.classList.add('related');
      return { el, identity, generation, x: Number.NaN, y: Number.NaN, from: m.from, to: m.to };
    };

    /** Focusing or hovering a node highlights its traffic and dims the rest. */
    const select = (node: string | null) => {
      selected = node;
      g.classList.toggle('has-selection', node !== null);
      for (const dot of dots.values()) dot.el.classList.toggle('related', node !== null && related(dot));
    };

    const draw = (state: LabState) => {
      generation++;
      const snapshot = state.snapshot;
      if (snapshot) {
        for (const m of snapshot.messages) {
          if (!state.showHeartbeats && m.kind === 'heartbeat') continue;
          const link = links.get(m.from, m.to);
          if (!link) continue;
          const identity = `${m.from}>${m.to}@${m.sentAt}`;
          let dot = dots.get(m.id);
          if (dot && dot.identity !== identity) {
            dot.el.remove();
            dot = undefined;
          }
          if (!dot) {
            dot = createDot(m, identity);
            dots.set(m.id, dot);
          }
          dot.generation = generation;
          const f = progress(snapshot.nowUs, m.sentAt, m.deliverAt);
          const x = Math.round((link.x1 + link.dx * f) * 10);
          const y = Math.round((link.y1 + link.dy * f) * 10);
          if (x !== dot.x || y !== dot.y) {
            dot.x = x;
            dot.y = y;
            // Numeric SVG DOM setters: no attribute strings to build or parse, hundreds of times a frame.
            dot.el.cx.baseVal.value = x / 10;
            dot.el.cy.baseVal.value = y / 10;
          }
        }
      }
      for (const [id, dot] of dots) {
        if (dot.generation !== generation) {
          dot.el.remove();
          dots.delete(id);
        }
      }
    };

    select(labStore.getState().selectedNode);
    draw(labStore.getState());
    const unsubscribe = labStore.subscribe((state, previous) => {
      if (state.selectedNode !== previous.selectedNode) select(state.selectedNode);
      if (state.snapshot !== previous.snapshot || state.showHeartbeats !== previous.showHeartbeats)
        draw(state);
    });
    return () => {
      unsubscribe();
      for (const dot of dots.values()) dot.el.remove();
      dots.clear();
    };
  }, [layout, clients]);

  return <g className="messages" ref={group} />;
}
