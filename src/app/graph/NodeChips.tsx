/**
 * Compact node chips, for clusters too large for cards (lod.ts): each node a small rounded chip with its status
 * light, its id and its state as a class (the cards' colours by role, up or down, partition side), a tooltip
 * with the full id and state, and the card's behaviour: clicking it (or Enter/Space) crashes or restarts it,
 * and hovering or focusing selects it. The selected and the anomalous nodes get a ring, so they stay readable.
 */
import { type KeyboardEvent, memo } from 'react';
import { useLab, useLabStable } from '../hooks.ts';
import type { GraphTopology } from '../models/types.ts';
import { pointAtNode, stopPointing } from '../store.ts';
import { act } from '../worker/simClient.ts';
import { deposedLeaders, roleWord } from './deposed.ts';
import type { CardSize, Point } from './layout.ts';
import { type NodeState, nodeState } from './lod.ts';
import './lod.css';

/** Every node of the topology as a chip. */
export function NodeChips({ topology }: { topology: GraphTopology }) {
  const { input, layout } = topology;
  const anomalous = useLabStable((s) => anomalousNodes(s.oracle.answer?.anomalies ?? []));
  return (
    <g className="node-chips">
      {input.nodes.map((id, i) => (
        <NodeChip
          key={id}
          id={id}
          position={layout.positions.get(id) ?? { x: 0, y: 0 }}
          card={layout.card}
          side={input.sides[i] ?? 0}
          anomalous={anomalous.includes(id)}
        />
      ))}
    </g>
  );
}

/** The nodes the oracle's listed anomalies name, in order, each once. */
export function anomalousNodes(anomalies: readonly { readonly nodes: readonly string[] }[]): string[] {
  return [...new Set(anomalies.flatMap((a) => a.nodes))];
}

interface Props {
  readonly id: string;
  readonly position: Point;
  readonly card: CardSize;
  readonly side: number;
  readonly anomalous: boolean;
}

const NodeChip = memo(function NodeChip({ id, position, card, side, anomalous }: Props) {
  const state = useLab((s) => {
    const node = s.snapshot?.nodes.find((n) => n.id === id);
    return node ? nodeState(node) : 'follower';
  });
  const deposed = useLab((s) => deposedLeaders(s.snapshot?.nodes, s.snapshot?.view).includes(id));
  const selected = useLab((s) => s.selectedNode === id);
  const up = state !== 'down';
  const { toggle, onKeyDown } = useCrashToggle(id, up);
  const { width: w, height: h } = card;
  const label = `${id}, ${state === 'down' ? 'down' : `${roleWord(state, deposed)}, up`}${anomalous ? ', named by an anomaly' : ''}. Press Enter to ${up ? 'crash' : 'restart'}`;
  const fits = Math.floor((w - 18) / 6.4);
  const className = chipClass(state, side, anomalous);
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it takes the role and keys.
    <g
      className={className}
      transform={`translate(${position.x},${position.y})`}
      data-testid="node"
      data-node-id={id}
      data-role={state === 'down' ? undefined : state}
      data-up={String(up)}
      data-deposed={deposed ? 'true' : undefined}
      data-selected={selected ? 'true' : undefined}
      role="button"
      tabIndex={0}
      aria-label={label}
      onClick={toggle}
      onKeyDown={onKeyDown}
      onFocus={() => pointAtNode(id)}
      onBlur={stopPointing}
      onMouseEnter={() => pointAtNode(id)}
      onMouseLeave={stopPointing}
    >
      <title>{label}</title>
      {(selected || anomalous) && (
        <rect
          className={selected ? 'selected-ring' : 'anomaly-ring'}
          x={-w / 2 - 3}
          y={-h / 2 - 3}
          width={w + 6}
          height={h + 6}
          rx={8}
        />
      )}
      <rect className="node-card" x={-w / 2} y={-h / 2} width={w} height={h} rx={6} />
      <circle className="node-status" cx={-w / 2 + 8} cy={0} r={3} />
      <text className="node-id node-id-chip" x={-w / 2 + 15} y={4}>
        {id.length > fits ? `${id.slice(0, fits - 1)}…` : id}
      </text>
    </g>
  );
});

/** Clicking a chip, or Enter or Space on it, crashes its node (losing the disk if the Faults group says so) or
 * restarts it. */
function useCrashToggle(id: string, up: boolean) {
  const loseDisk = useLab((s) => s.loseDiskOnCrash);
  const toggle = () =>
    act(
      !up
        ? { type: 'restart', node: id }
        : loseDisk
          ? { type: 'crash', node: id, durable: false }
          : { type: 'crash', node: id },
    );
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      toggle();
    }
  };
  return { toggle, onKeyDown };
}

/** The chip's classes: the cards' colours by role, up or down, partition side, and the anomaly ring. */
function chipClass(state: NodeState, side: number, anomalous: boolean): string {
  const up = state !== 'down';
  return [
    'node',
    'node-chip',
    up ? 'node-up' : 'node-down',
    up ? `node-${state}` : '',
    side > 0 ? `side-${Math.min(side, 4)}` : '',
    anomalous ? 'node-anomalous' : '',
  ]
    .filter(Boolean)
    .join(' ');
}
