/**
 * Lost acknowledged writes on the node that dropped them, from the moment it did: a pill above the card with the
 * write struck through ("lost ~~cart = book~~ +2 more"), its reason as the tooltip. The model reports each loss
 * (`snapshot.lostWrites`: when, where, why); the oracle counts them. Drawn in the graph's own coordinates, so it
 * follows the card wherever the layout puts it.
 */
import type { LostWrite } from '../../sim/types.ts';
import { useLabStable } from '../hooks.ts';
import type { GraphTopology } from '../models/types.ts';
import { truncate } from './NodeData.tsx';
import './anomalies.css';

/**
 * The pill's top, above its card's top edge (view units): it sits in the gap above the card, which is all there is
 * between cards stacked in a region (multi-leader). A key moment's ring round the card (story/Caption.tsx) passes
 * behind it: the ring is cut out wherever a mark like this pill lies, so the pill reads whole.
 */
export const LOST_LABEL_RISE = 20;

/** Per node, the writes it lost so far (shown time included), newest last. */
export function lostByNode(lost: readonly LostWrite[], nowUs: number): [string, LostWrite[]][] {
  const by = new Map<string, LostWrite[]>();
  for (const w of lost) {
    if (w.lostAtUs > nowUs) continue;
    const list = by.get(w.lostOn) ?? [];
    list.push(w);
    by.set(w.lostOn, list);
  }
  return [...by];
}

export function LostWritesLayer({ topology }: { topology: GraphTopology }) {
  const { layout } = topology;
  const lost = useLabStable((s) => lostByNode(s.snapshot?.lostWrites ?? [], s.snapshot?.nowUs ?? 0));
  if (lost.length === 0) return null;
  const { width: w, height: h } = layout.card;
  return (
    <g className="lost-writes-layer">
      {lost.map(([node, writes]) => {
        const p = layout.positions.get(node);
        const last = writes[writes.length - 1];
        if (!p || !last) return null;
        const write = `${truncate(last.key, 10)} = ${truncate(last.value ?? 'nothing', 8)}`;
        const more = writes.length > 1 ? ` +${writes.length - 1} more` : '';
        const width = (6 + write.length + more.length) * 5.9 + 16;
        return (
          <g
            key={node}
            className="node-lost-write"
            data-testid="node-lost-write"
            data-node={node}
            data-count={writes.length}
            transform={`translate(${p.x - w / 2},${p.y - h / 2 - LOST_LABEL_RISE})`}
          >
            <title>
              {writes
                .map(
                  (x) =>
                    `${x.key} = ${x.value ?? 'nothing'} (op ${x.opId}), acknowledged by ${x.ackedBy}: ${x.reason}`,
                )
                .join('\n')}
            </title>
            <rect width={width} height={16} rx={8} />
            <text x={8} y={11.5}>
              lost <tspan className="struck">{write}</tspan>
              {more}
            </text>
          </g>
        );
      })}
    </g>
  );
}
