/**
 * Dropped messages: a red burst where the message died, fading out over about 600 ms of wall time. Each drop
 * is shown once, tracked by id; a reset (time running backwards) or a new run starts the tracking afresh.
 */
import { motion } from 'motion/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DropView } from '../../sim/types.ts';
import { useLab, useLabStable } from '../hooks.ts';
import { linkSegment, pointAt } from './geometry.ts';
import type { Layout } from './layout.ts';

interface Props {
  readonly layout: Layout;
  readonly clients: readonly string[];
}

interface Burst {
  readonly key: string;
  readonly drop: DropView;
  readonly x: number;
  readonly y: number;
}

/** More bursts than this at once would only be noise (a partition under heavy traffic). */
const MAX_BURSTS = 40;

export function DropLayer({ layout, clients }: Props) {
  const drops = useLabStable((s) => s.snapshot?.drops ?? []);
  const nowUs = useLab((s) => s.snapshot?.nowUs ?? 0);
  const epoch = useLab((s) => s.epoch);
  const showHeartbeats = useLab((s) => s.showHeartbeats);
  const clientSet = useMemo(() => new Set(clients), [clients]);
  const [bursts, setBursts] = useState<readonly Burst[]>([]);
  const seen = useRef(new Set<number>());
  const lastRun = useRef({ epoch, nowUs });

  useEffect(() => {
    // A new run, or a reset to t = 0: ids start over, so forget which ones were shown.
    if (epoch !== lastRun.current.epoch || nowUs < lastRun.current.nowUs) {
      seen.current = new Set();
      setBursts([]);
    }
    lastRun.current = { epoch, nowUs };
  }, [epoch, nowUs]);

  useEffect(() => {
    const fresh: Burst[] = [];
    for (const drop of drops) {
      if (seen.current.has(drop.id)) continue;
      seen.current.add(drop.id);
      if (!showHeartbeats && drop.kind === 'heartbeat') continue;
      const segment = linkSegment(layout, clientSet, drop.from, drop.to);
      if (!segment) continue;
      const { x, y } = pointAt(segment, drop.position);
      fresh.push({ key: `${epoch}:${drop.id}`, drop, x, y });
    }
    if (fresh.length > 0) setBursts((current) => [...current, ...fresh].slice(-MAX_BURSTS));
  }, [drops, layout, clientSet, showHeartbeats, epoch]);

  const remove = (key: string) => setBursts((current) => current.filter((b) => b.key !== key));

  return (
    <g className="drops">
      {bursts.map((b) => (
        <motion.g
          key={b.key}
          data-testid="drop"
          data-kind={b.drop.kind}
          data-reason={b.drop.reason}
          className="drop"
          style={{ x: b.x, y: b.y }}
          initial={{ opacity: 1, scale: 0.6 }}
          animate={{ opacity: 0, scale: 1.5 }}
          transition={{ duration: 0.6, ease: 'easeOut' }}
          onAnimationComplete={() => remove(b.key)}
        >
          <circle r={9} className="drop-ring" />
          <path d="M -5 -5 L 5 5 M 5 -5 L -5 5" className="drop-x" />
        </motion.g>
      ))}
    </g>
  );
}
