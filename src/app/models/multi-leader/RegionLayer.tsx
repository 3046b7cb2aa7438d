/**
 * What the multi-leader graph adds under the node cards: a rounded, labelled group per region, and the links
 * the changes travel along: between leaders as the replication topology says (all-to-all, a ring, or a star
 * around the hub), from each leader to its local followers, and from each client to its home leader. A link
 * that is cut (by a region link control or the partition slider) is drawn red and broken, with a cross.
 */
import type { NodeId } from '../../../sim/types.ts';
import type { Layout } from '../../graph/layout.ts';
import { useLabStable } from '../../hooks.ts';
import { leaderPairs } from './leaderPairs.ts';
import { multiLeaderShown } from './state.ts';

export { leaderPairs };

import './multileader.css';

export function RegionGroups({ layout }: { layout: Layout }) {
  const regions = layout.regions ?? [];
  return (
    <g className="ml-regions">
      {regions.map((r, i) => (
        <g key={r.id} className={`ml-region ml-region-${i % 4}`} data-testid="region" data-region={r.id}>
          <rect className="ml-region-box" x={r.x} y={r.y} width={r.width} height={r.height} rx={18} />
          <text className="ml-region-label" x={r.x + 16} y={r.y + 24}>
            {r.id}
          </text>
          <text className="ml-region-meta" x={r.x + r.width - 16} y={r.y + 24} textAnchor="end">
            {r.nodeCount === 1 ? '1 node' : `${r.nodeCount} nodes`}
          </text>
        </g>
      ))}
    </g>
  );
}

interface LinkInfo {
  readonly a: NodeId;
  readonly b: NodeId;
  readonly kind: 'leaders' | 'local' | 'client';
  readonly cut: boolean;
}

function useLinks(): readonly LinkInfo[] {
  return useLabStable((s): LinkInfo[] => {
    const snap = s.snapshot;
    const ml = multiLeaderShown(s);
    if (!snap || !ml) return [];
    const regionOf = new Map(snap.nodes.map((n) => [n.id, n.region ?? n.id]));
    const sideOf = new Map(snap.nodes.map((n) => [n.id, n.side]));
    const isCut = (a: NodeId, b: NodeId): boolean => {
      if ((sideOf.get(a) ?? 0) !== (sideOf.get(b) ?? 0)) return true;
      const ends = (x: NodeId) => [x, regionOf.get(x) ?? x];
      return ml.cuts.some(
        (c) =>
          (ends(a).includes(c.a) && ends(b).includes(c.b)) ||
          (ends(a).includes(c.b) && ends(b).includes(c.a)),
      );
    };
    const links: LinkInfo[] = leaderPairs(ml.leaders, ml.topology, ml.hub).map(([a, b]) => ({
      a,
      b,
      kind: 'leaders',
      cut: isCut(a, b),
    }));
    for (const n of snap.nodes)
      if (n.model === 'multi-leader' && n.upstream && n.upstream !== n.id)
        links.push({ a: n.upstream, b: n.id, kind: 'local', cut: isCut(n.upstream, n.id) });
    for (const c of snap.clients) links.push({ a: c.id, b: c.leaderHint, kind: 'client', cut: false });
    return links;
  });
}

export function RegionLinks({ layout }: { layout: Layout }) {
  const links = useLinks();
  return (
    <g className="links ml-links">
      {links.map((l) => {
        const p = layout.positions.get(l.a);
        const q = layout.positions.get(l.b);
        if (!p || !q) return null;
        const key = `${l.kind}:${l.a}:${l.b}`;
        if (l.kind === 'client')
          return <line key={key} className="link link-client" x1={p.x} y1={p.y} x2={q.x} y2={q.y} />;
        const className = `ml-link ml-link-${l.kind}${l.cut ? ' ml-link-cut' : ''}`;
        // Leaders two or more regions apart are joined by an arc over the regions between them, not through
        // the cards in the middle.
        const arc = l.kind === 'leaders' && Math.abs(q.x - p.x) > layout.card.width * 2.2;
        const cy = Math.min(p.y, q.y) - layout.card.height / 2 - 40;
        const ctrl = { x: (p.x + q.x) / 2, y: 2 * cy - (p.y + q.y) / 2 };
        const d = arc ? `M${p.x},${p.y} Q${ctrl.x},${ctrl.y} ${q.x},${q.y}` : `M${p.x},${p.y} L${q.x},${q.y}`;
        if (!l.cut) return <path key={key} className={className} data-testid="ml-link" d={d} />;
        // A cut link: dashed red with a cross at the middle.
        const mx = (p.x + q.x) / 2;
        const my = arc ? cy : (p.y + q.y) / 2;
        return (
          <g key={key} className={className} data-testid="ml-link-cut" data-a={l.a} data-b={l.b}>
            <title>{`link ${l.a} – ${l.b} is cut`}</title>
            <path d={d} />
            <g className="ml-cut-mark" transform={`translate(${mx},${my})`}>
              <circle r={10} />
              <path d="M-4,-4 L4,4 M4,-4 L-4,4" />
            </g>
          </g>
        );
      })}
    </g>
  );
}
