/**
 * Random fault timelines for "Find a failure": a few fault episodes at random times within a case's window, each
 * a fault and, usually, its repair later in the window (a crashed node restarts, a partition heals, a cut link is
 * restored, loss and duplication stop, a skewed clock is set right). An episode left unrepaired lasts until the
 * case's ending repairs everything. Every draw comes from the run's own `Rng`.
 */
import type { Rng } from '../engine/rng.ts';
import type { Action } from '../scenarios/schema.ts';
import type { CaseEntry, SearchCase } from './searchCase.ts';

/** The kinds of fault a search may inject. */
export const FAULT_KINDS = [
  'crash',
  'disk-loss',
  'partition',
  'one-way',
  'cut-link',
  'loss',
  'duplication',
  'clock-skew',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_DESCRIPTIONS: Readonly<Record<FaultKind, string>> = {
  crash: 'a node crashes and keeps its disk',
  'disk-loss': 'a node crashes and loses its disk (leave it out to test durable disks)',
  partition: 'the nodes split into two or three groups that cannot reach each other',
  'one-way': "a one-way partition: one group's messages to the rest are lost, theirs still arrive",
  'cut-link': 'the link between two nodes is cut both ways',
  loss: 'node-to-node messages are lost with probability 0.05, 0.2 or 0.5',
  duplication: 'node-to-node messages are delivered twice with probability 0.1, 0.3 or 0.5',
  'clock-skew': "a node's clock runs 5, 50 or 500 ms ahead or behind",
};

export function isFaultKind(text: string): text is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(text);
}

/** Kinds that need two nodes: there is nothing to partition or cut in a cluster of one. */
const NEEDS_TWO: ReadonlySet<FaultKind> = new Set(['partition', 'one-way', 'cut-link']);

/** The kinds that can act on a cluster of `nodes` nodes. */
export function usableKinds(kinds: readonly FaultKind[], nodes: number): FaultKind[] {
  return kinds.filter((k) => nodes > 1 || !NEEDS_TWO.has(k));
}

/** At most this many episodes per run: enough to combine a partition, a crash and a skew, few enough to read. */
export const MAX_EPISODES = 4;
/** Most episodes are repaired within the window; the rest last until the ending. */
const REPAIRED = 0.75;

/**
 * `c` with the user's faults kept and 1 to MAX_EPISODES random episodes added, each made of the given kinds. The
 * new entries are numbered after the case's own, so the user's entries of an instant keep running first.
 */
export function withRandomFaults(c: SearchCase, kinds: readonly FaultKind[], rng: Rng): SearchCase {
  const usable = usableKinds(kinds, c.scenario.nodes.length);
  let seq = 1 + Math.max(-1, ...[...c.faults, ...c.ops, ...c.settings].map((e) => e.seq));
  const added: CaseEntry[] = [];
  const episodes = rng.int(1, MAX_EPISODES);
  for (let i = 0; i < episodes; i++) {
    const kind = rng.pick(usable);
    const startUs = rng.int(0, c.windowUs);
    const endUs = rng.int(startUs, c.windowUs);
    const [fault, repair] = episode(c, kind, rng);
    added.push({ atUs: startUs, action: fault, seq: seq++ });
    if (rng.chance(REPAIRED)) added.push({ atUs: endUs, action: repair, seq: seq++ });
  }
  return { ...c, faults: [...c.faults, ...added] };
}

/** One fault of `kind` and the action that repairs it. */
function episode(c: SearchCase, kind: FaultKind, rng: Rng): [Action, Action] {
  const s = c.scenario;
  const nodes = s.nodes;
  switch (kind) {
    case 'crash':
    case 'disk-loss': {
      const node = rng.pick(nodes);
      return [
        { type: 'crash', node, durable: kind === 'crash' },
        { type: 'restart', node },
      ];
    }
    case 'partition':
    case 'one-way': {
      const groups = randomGroups(nodes, rng, kind === 'partition');
      return [
        { type: 'partition', groups, ...(kind === 'one-way' ? { oneWay: true } : {}) },
        { type: 'heal' },
      ];
    }
    case 'cut-link': {
      const a = rng.pick(nodes);
      const b = rng.pick(nodes.filter((n) => n !== a));
      return [
        { type: 'cutLink', a, b },
        { type: 'restoreLink', a, b },
      ];
    }
    case 'loss':
      return [
        { type: 'setLoss', dropProbability: rng.pick([0.05, 0.2, 0.5]) },
        { type: 'setLoss', dropProbability: s.network.dropProbability },
      ];
    case 'duplication':
      return [
        { type: 'setDuplication', duplicateProbability: rng.pick([0.1, 0.3, 0.5]) },
        { type: 'setDuplication', duplicateProbability: s.network.duplicateProbability ?? 0 },
      ];
    case 'clock-skew': {
      const node = rng.pick(nodes);
      const own = [...(s.multiLeader?.clockSkew ?? []), ...(s.leaderless?.clockSkew ?? [])].find(
        (k) => k.node === node,
      );
      return [
        { type: 'setClockSkew', node, ms: rng.pick([-500, -50, -5, 5, 50, 500]) },
        { type: 'setClockSkew', node, ms: own?.ms ?? 0 },
      ];
    }
  }
}

/**
 * Two groups of nodes (each node on a side by a coin toss, neither side empty), or, for a symmetric partition of
 * three or more nodes, sometimes three: it takes three sides to let two nodes promote themselves in one term.
 */
function randomGroups(nodes: readonly string[], rng: Rng, mayBeThree: boolean): string[][] {
  const sides = mayBeThree && nodes.length >= 3 && rng.chance(0.25) ? 3 : 2;
  const side = nodes.map(() => rng.int(0, sides - 1));
  // Make sure every side has a node: the i-th side takes a distinct node chosen at random.
  const order = [...nodes.keys()];
  for (let i = 0; i < sides; i++) {
    const j = rng.int(i, order.length - 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
    side[order[i] as number] = i;
  }
  return Array.from({ length: sides }, (_, g) => nodes.filter((_, i) => side[i] === g));
}
