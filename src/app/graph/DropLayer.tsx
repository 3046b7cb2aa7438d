/**
 * Dropped messages: a red burst where the message died, fading out over about 600 ms of wall time (animated
 * by the browser's Web Animations; with the system's reduced motion on, the mark simply shows for that long, without growing). Each
 * drop is shown once, tracked by id; a new run or a reset (time running backwards) starts the tracking afresh. Like the message layer it works on the DOM directly, so a burst of drops under a partition
 * costs no React renders.
 */
import { useEffect, useRef } from 'react';
import { prefersReducedMotion } from '../page/theme.ts';
import { type LabState, labStore } from '../store.ts';
import { createLinkCache } from './geometry.ts';
import type { Layout } from './layout.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** More bursts than this at once would only be noise (a partition under heavy traffic). */
const MAX_BURSTS = 40;
const BURST_SECONDS = 0.6;

interface Props {
  readonly layout: Layout;
  readonly clients: readonly string[];
}

export function DropLayer({ layout, clients }: Props) {
  const group = useRef<SVGGElement>(null);

  useEffect(() => {
    const g = group.current;
    if (!g) return;
    const links = createLinkCache(layout, new Set(clients));
    const state0 = labStore.getState();
    // Drops already in the snapshot when the layer (re)mounts are history, not news.
    let seen = new Set((state0.snapshot?.drops ?? []).map((d) => d.id));
    let lastEpoch = state0.epoch;
    let lastNowUs = state0.snapshot?.nowUs ?? 0;
    const live = new Set<SVGGElement>();

    const update = (state: LabState) => {
      const snapshot = state.snapshot;
      if (!snapshot) return;
      if (state.epoch !== lastEpoch || snapshot.nowUs < lastNowUs) seen = new Set();
      lastEpoch = state.epoch;
      lastNowUs = snapshot.nowUs;
      for (const drop of snapshot.drops) {
        if (seen.has(drop.id)) continue;
        seen.add(drop.id);
        if (!state.showHeartbeats && drop.kind === 'heartbeat') continue;
        if (live.size >= MAX_BURSTS) continue;
        const link = links.get(drop.from, drop.to);
        if (!link) continue;
        const at = { x: link.x1 + link.dx * drop.position, y: link.y1 + link.dy * drop.position };
        addBurst(g, live, at, drop.kind, drop.reason);
      }
      // Ids leave the snapshot's window of recent drops; forget them so the set stays small.
      if (seen.size > 4 * snapshot.drops.length + 256) seen = new Set(snapshot.drops.map((d) => d.id));
    };

    const unsubscribe = labStore.subscribe((state, previous) => {
      if (state.snapshot !== previous.snapshot) update(state);
    });
    return () => {
      unsubscribe();
      for (const el of live) el.remove();
      live.clear();
    };
  }, [layout, clients]);

  return <g className="drops" ref={group} />;
}

/** A burst's elements: a ring and a cross (the part that animates), placed at the drop, with the test hooks. */
function burstElement(
  at: { x: number; y: number },
  kind: string,
  reason: string,
): { outer: SVGGElement; inner: SVGGElement } {
  const outer = document.createElementNS(SVG_NS, 'g');
  outer.setAttribute('transform', `translate(${at.x.toFixed(1)},${at.y.toFixed(1)})`);
  outer.setAttribute('data-testid', 'drop');
  outer.setAttribute('data-kind', kind);
  outer.setAttribute('data-reason', reason);
  outer.setAttribute('class', 'drop');
  const inner = document.createElementNS(SVG_NS, 'g');
  inner.setAttribute('class', 'drop-burst');
  const ring = document.createElementNS(SVG_NS, 'circle');
  ring.setAttribute('r', '9');
  ring.setAttribute('class', 'drop-ring');
  const cross = document.createElementNS(SVG_NS, 'path');
  cross.setAttribute('d', 'M -5 -5 L 5 5 M 5 -5 L -5 5');
  cross.setAttribute('class', 'drop-x');
  inner.append(ring, cross);
  outer.appendChild(inner);
  return { outer, inner };
}

/** Adds a burst to the layer, kept in `live` until it has faded out (or, under reduced motion, shown). */
function addBurst(
  layer: SVGGElement,
  live: Set<SVGGElement>,
  at: { x: number; y: number },
  kind: string,
  reason: string,
): void {
  const { outer, inner } = burstElement(at, kind, reason);
  layer.appendChild(outer);
  live.add(outer);
  const finish = () => {
    outer.remove();
    live.delete(outer);
  };
  if (prefersReducedMotion()) {
    setTimeout(finish, BURST_SECONDS * 1000);
    return;
  }
  // The browser's own Web Animations (what motion's `animate` from motion/mini wraps), so the first load carries
  // no animation library for the bursts; a browser without `Element.animate` shows the mark for as long.
  if (typeof inner.animate !== 'function') {
    setTimeout(finish, BURST_SECONDS * 1000);
    return;
  }
  inner
    .animate(
      [
        { opacity: 1, transform: 'scale(0.6)' },
        { opacity: 0, transform: 'scale(1.5)' },
      ],
      { duration: BURST_SECONDS * 1000, easing: 'ease-out', fill: 'forwards' },
    )
    .finished.then(finish, finish);
}
