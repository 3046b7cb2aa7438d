/**
 * Drawn over the node cards: each coordinator's most recent quorums as badges under its card (acknowledgements
 * or responses counted as they arrive, toward W or R), and the hints a node holds for unreachable replicas in a
 * pill above it.
 */

import type { LeaderlessView } from '../../../sim/types.ts';
import { monoTextWidth, pillWidth, sansTextWidth } from '../../graph/pillText.ts';
import { useLabThrottled } from '../../hooks.ts';
import { useAnomalyAbout, useAnomalyKinds } from '../../oracle/oracle.ts';
import type { LayerProps } from '../types.ts';
import { leaderlessShown } from './state.ts';

type Quorum = LeaderlessView['quorums'][number];

/** Badges per coordinator: enough to see a write and a read side by side, few enough to stay legible. */
const PER_NODE = 2;
const REFRESH_MS = 100;

/** Each status from its fullest words to its sign alone: a badge shows the fullest that fits its room. */
const STATUS_TEXT: Record<Quorum['status'] | 'stale', readonly string[]> = {
  waiting: ['… waiting', '…'],
  repairing: ['↻ repairing', '↻'],
  reached: ['✓ quorum reached', '✓ reached', '✓'],
  failed: ['✗ quorum failed', '✗ failed', '✗'],
  stale: ['⚠ stale read', '⚠ stale', '⚠'],
};

/** The badges' font (leaderless.css: `.ll-quorum text`, monospace) and the hints pill's (bold sans). */
const BADGE_FONT_PX = 10.5;
const HINT_FONT_PX = 10.5;

/**
 * A quorum badge's text and width: the fullest wording whose pill fits `room` (the key shortened, then the
 * status to its sign), the pill sized from that text, so the text never touches the pill's edge.
 */
export function quorumBadgeText(
  what: 'W' | 'R',
  key: string,
  count: string,
  status: Quorum['status'] | 'stale',
  room: number,
): { text: string; width: number } {
  const texts: string[] = [];
  for (const words of STATUS_TEXT[status])
    for (const keyMax of [10, 6]) texts.push(`${what} ${truncate(key, keyMax)} ${count} ${words}`);
  let chosen = texts[texts.length - 1] as string;
  for (const text of texts)
    if (pillWidth(monoTextWidth(text, BADGE_FONT_PX)) <= room) {
      chosen = text;
      break;
    }
  return { text: chosen, width: pillWidth(monoTextWidth(chosen, BADGE_FONT_PX)) };
}

/** The hints pill's width, from its text in the pill's bold sans. */
export function hintsPillWidth(text: string): number {
  return pillWidth(sansTextWidth(text, HINT_FONT_PX));
}

export function QuorumLayer({ topology }: LayerProps) {
  const { layout } = topology;
  const quorums = useLabThrottled((s) => latestPerCoordinator(leaderlessShown(s)?.quorums ?? []), REFRESH_MS);
  const hints = useLabThrottled((s) => leaderlessShown(s)?.hints ?? [], REFRESH_MS);
  const { width: w, height: h } = layout.card;
  // The room a badge may take under its card: a little wider than the card; on a phone's narrow view, where
  // cards sit close to the frame's edges, barely (the wording shortens instead).
  const room = topology.input.narrow ? w + 34 : Math.max(w + 20, 224);
  return (
    <g className="ll-quorum-layer">
      {quorums.map(([node, list]) => {
        const p = layout.positions.get(node);
        if (!p) return null;
        return (
          <g key={node} transform={`translate(${p.x},${p.y + h / 2 + 6})`}>
            {list.map((q, i) => (
              <QuorumBadge key={q.reqId} quorum={q} y={i * 19} width={room} />
            ))}
          </g>
        );
      })}
      {hints.map(({ node, hints: held }) => {
        const p = layout.positions.get(node);
        const total = held.reduce((sum, hint) => sum + hint.keys.length, 0);
        if (!p || total === 0) return null;
        const text = `holds ${total} hint${total === 1 ? '' : 's'} for ${held.map((x) => x.for).join(', ')}`;
        const width = hintsPillWidth(text);
        return (
          <g
            key={node}
            className="ll-hints"
            data-testid="hints"
            data-node={node}
            transform={`translate(${p.x + w / 2 - width},${p.y - h / 2 - 38})`}
          >
            <title>
              {held.map((x) => `for ${x.for}: ${x.keys.join(', ')}`).join('\n')}
              {'\nHinted handoff delivers them once the replica is reachable again.'}
            </title>
            <rect width={width} height={16} rx={8} />
            <text x={width / 2} y={11.5} textAnchor="middle">
              {text}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function QuorumBadge({ quorum: q, y, width }: { quorum: Quorum; y: number; width: number }) {
  const got = Math.min(q.acked.length, q.needed);
  const what = q.kind === 'write' ? 'W' : 'R';
  // A quorum can be reached and still answer with an older version than a write acknowledged before the read
  // began (a sloppy quorum of fallbacks, W + R <= N): the oracle's verdict, not the count, decides the badge.
  const kinds = useAnomalyKinds(q.opId);
  const stale = useAnomalyAbout(q.opId, 'stale-read');
  const staleRead = q.kind === 'read' && q.status === 'reached' && kinds.includes('stale-read');
  const { text, width: badgeWidth } = quorumBadgeText(
    what,
    q.key,
    `${got}/${q.needed}`,
    staleRead ? 'stale' : q.status,
    width,
  );
  const fallbacks = q.fallbacks.map((f) => `${f.node} for ${f.for}`).join(', ');
  const title = [
    `${q.kind} of ${q.key} coordinated by ${q.coordinator} (op ${q.opId}): ${q.status}`,
    `${q.kind === 'write' ? 'acknowledgements' : 'responses'} ${q.acked.length}, needed ${q.needed} (${what}=${q.needed})`,
    `from: ${q.acked.join(', ') || 'none yet'}`,
    `home replicas: ${q.home.join(', ')}`,
    ...(fallbacks ? [`fallbacks (sloppy quorum): ${fallbacks}`] : []),
    ...(staleRead ? [`stale: ${stale?.explanation ?? 'the oracle found this read stale'}`] : []),
  ].join('\n');
  return (
    <g
      className={`ll-quorum ll-quorum-${staleRead ? 'stale' : q.status}`}
      data-testid="quorum-badge"
      data-coordinator={q.coordinator}
      data-kind={q.kind}
      data-key={q.key}
      data-status={q.status}
      data-stale={staleRead ? 'true' : undefined}
      data-acked={q.acked.length}
      data-needed={q.needed}
      transform={`translate(${-badgeWidth / 2},${y})`}
    >
      <title>{title}</title>
      <rect width={badgeWidth} height={16} rx={8} />
      <text x={badgeWidth / 2} y={11.5} textAnchor="middle">
        {text}
      </text>
    </g>
  );
}

/** For each coordinator, its in-progress quorums first, then the most recent, newest first. */
function latestPerCoordinator(quorums: readonly Quorum[]): [string, Quorum[]][] {
  const by = new Map<string, Quorum[]>();
  for (let i = quorums.length - 1; i >= 0; i--) {
    const q = quorums[i] as Quorum;
    const list = by.get(q.coordinator) ?? [];
    if (list.length < PER_NODE) list.push(q);
    by.set(q.coordinator, list);
  }
  // Pairs, not the Map: the throttled hook compares plain data.
  return [...by];
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
