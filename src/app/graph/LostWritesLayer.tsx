/**
 * Lost acknowledged writes on the node that dropped them, from the moment it did: a pill above the card with the
 * write struck through ("lost ~~cart = book~~ +2 more": the first lost, and how many since), its reason as the tooltip. The model reports each loss
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

/**
 * When a lost write shows: from the later of its loss and its acknowledgement (a write orphaned or discarded
 * before its ack reached the client is lost from the ack on), as the oracle dates the anomaly (ground-truth.ts).
 */
export function shownFromUs(w: LostWrite): number {
  return Math.max(w.lostAtUs, w.ackedAtUs);
}

/**
 * Per node, the writes it lost so far (shown time included), first lost first (in report order at a tie): the
 * pill names the first, as the story's caption of the loss does (analysis/moments.ts).
 */
export function lostByNode(lost: readonly LostWrite[], nowUs: number): [string, LostWrite[]][] {
  const by = new Map<string, LostWrite[]>();
  for (const w of lost) {
    if (shownFromUs(w) > nowUs) continue;
    const list = by.get(w.lostOn) ?? [];
    list.push(w);
    by.set(w.lostOn, list);
  }
  for (const list of by.values()) list.sort((a, b) => shownFromUs(a) - shownFromUs(b));
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
        const first = writes[0];
        if (!p || !first) return null;
        const write = `${truncate(first.key, 10)} = ${truncate(first.value ?? 'nothing', 8)}`;
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
