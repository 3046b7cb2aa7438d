/**
 * The swarm: random scenarios of every model (regions, topologies, sloppy quorums, one-way partitions, message
 * loss, duplication and reordering, odd node ids such as `__proto__`) with random fault timelines, and the
 * properties each model's settings promise, judged by checkers that do not ask the model: the history oracle,
 * the nodes' reported data, the trace hash.
 *
 * Every scenario ends the same way: the faults stop, everything heals and restarts, traffic stops, and the
 * cluster gets time to settle, so convergence can be judged at the end.
 */
import fc from 'fast-check';
import { encodeShareHash } from '../../src/codec/url.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { checkRun } from '../../src/sim/oracle/oracle.ts';
import {
  type Action,
  parseScenario,
  type Scenario,
  type TimelineEntry,
} from '../../src/sim/scenarios/schema.ts';

/** Ordinary ids and the ones that once broke plain-object maps (issue 13.8a). */
const ID_POOLS = [
  ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'],
  ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'b'],
];
export const FAULT_END_MS = 1500;
const SETTLE_MS = 2500;

export interface SwarmCase {
  readonly scenario: Scenario;
  /** Crashes in the timeline may lose the disk. */
  readonly diskLoss: boolean;
}

const latency = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map((ms) => ({ dist: 'constant' as const, ms })),
  fc.integer({ min: 2, max: 30 }).map((meanMs) => ({ dist: 'normal' as const, meanMs, sdMs: meanMs / 4 })),
  fc.integer({ min: 1, max: 20 }).map((meanMs) => ({ dist: 'exponential' as const, meanMs })),
);

function faultArb(nodes: readonly string[], diskLoss: boolean): fc.Arbitrary<Action> {
  const node = fc.constantFrom(...nodes);
  const partition = fc
    .shuffledSubarray([...nodes], { minLength: 1, maxLength: Math.max(1, nodes.length - 1) })
    .chain((side) =>
      fc.boolean().map((oneWay) => ({
        type: 'partition' as const,
        groups: [side, nodes.filter((n) => !side.includes(n))],
        ...(oneWay ? { oneWay: true } : {}),
      })),
    );
  return fc.oneof(
    fc.record({
      type: fc.constant('crash' as const),
      node,
      durable: diskLoss ? fc.boolean() : fc.constant(true),
    }),
    fc.record({ type: fc.constant('restart' as const), node }),
    ...(nodes.length > 1 ? [partition] : []),
    fc.constant({ type: 'heal' as const }),
    fc.record({ type: fc.constant('setLoss' as const), dropProbability: fc.constantFrom(0, 0.05, 0.2) }),
    fc.record({
      type: fc.constant('setDuplication' as const),
      duplicateProbability: fc.constantFrom(0, 0.1, 0.3),
    }),
    ...(nodes.length > 1
      ? [
          fc
            .tuple(node, node)
            .filter(([a, b]) => a !== b)
            .map(([a, b]) => ({ type: 'cutLink' as const, a, b })),
        ]
      : []),
  );
}

/** The faults stop: heal, restore cut links, restart everyone, stop the traffic; then time to settle. */
function ending(nodes: readonly string[], faults: readonly TimelineEntry[]): TimelineEntry[] {
  const end = FAULT_END_MS * 1000 + 1;
  const cuts = faults.flatMap((f) => (f.action.type === 'cutLink' ? [f.action] : []));
  return [
    { atUs: end, action: { type: 'heal' } },
    { atUs: end, action: { type: 'setLoss', dropProbability: 0 } },
    { atUs: end, action: { type: 'setDuplication', duplicateProbability: 0 } },
    ...cuts.map((c) => ({ atUs: end, action: { type: 'restoreLink' as const, a: c.a, b: c.b } })),
    ...nodes.map((node) => ({ atUs: end, action: { type: 'restart' as const, node } })),
    { atUs: end, action: { type: 'setWorkload', enabled: false } },
  ];
}

const leaderFollower = () =>
  fc.record({
    mode: fc.constantFrom('async' as const, 'semisync' as const, 'sync' as const),
    semiSyncAcks: fc.constant(1),
    heartbeatMs: fc.constantFrom(20, 50),
    failover: fc.constantFrom('manual' as const, 'majority' as const, 'naive' as const),
    electionTimeoutMs: fc.constantFrom(80, 150),
    reads: fc.constantFrom('local' as const, 'read-index' as const),
  });

const multiLeader = (nodes: readonly string[]) =>
  fc.record({
    leaders: fc.shuffledSubarray([...nodes], { minLength: 1 }),
    ownership: fc.constant('any' as const),
    topology: fc.constantFrom('all-to-all' as const, 'circular' as const, 'star' as const),
    resolution: fc.constantFrom('arrival' as const, 'lww' as const, 'siblings' as const, 'merge' as const),
    causalDelivery: fc.boolean(),
    crdt: fc
      .constantFrom(0, 1, 2)
      .map((i): { prefix: string; type: 'counter' | 'set' }[] =>
        i === 1 ? [{ prefix: 'c', type: 'counter' }] : i === 2 ? [{ prefix: 's', type: 'set' }] : [],
      ),
    syncIntervalMs: fc.constantFrom(50, 200),
  });

const leaderless = (nodes: readonly string[]) =>
  fc.integer({ min: 1, max: nodes.length }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      w: fc.integer({ min: 1, max: n }),
      r: fc.integer({ min: 1, max: n }),
      readRepair: fc.constantFrom('off' as const, 'async' as const, 'blocking' as const),
      sloppyQuorum: fc.boolean(),
      hintedHandoff: fc.boolean(),
      antiEntropyMs: fc.constantFrom(0, 100, 300),
      resolution: fc.constantFrom('siblings' as const, 'lww' as const),
      requestTimeoutMs: fc.constant(200),
    }),
  );

/** A random scenario of any model, its faults confined to the first FAULT_END_MS. */
export const swarmCaseArb: fc.Arbitrary<SwarmCase> = fc
  .record({
    model: fc.constantFrom('leader-follower' as const, 'multi-leader' as const, 'leaderless' as const),
    pool: fc.constantFrom(...ID_POOLS),
    count: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    diskLoss: fc.boolean(),
  })
  .chain(({ model, pool, count, seed, diskLoss }) => {
    const nodes = pool.slice(0, count);
    const config =
      model === 'leader-follower'
        ? leaderFollower().map((leaderFollower) => ({ leaderFollower }))
        : model === 'multi-leader'
          ? multiLeader(nodes).map((multiLeader) => ({ multiLeader }))
          : leaderless(nodes).map((leaderless) => ({ leaderless }));
    const faults = fc
      .array(
        fc.record({
          atUs: fc.integer({ min: 0, max: FAULT_END_MS * 1000 }),
          action: faultArb(nodes, diskLoss),
        }),
        {
          maxLength: 10,
        },
      )
      .map((t) => t.sort((a, b) => a.atUs - b.atUs));
    // Membership: a node may join while the faults play, and one may leave once they stop (after the restarts).
    const membership = fc.record({
      joinAtUs: fc.option(fc.integer({ min: 0, max: FAULT_END_MS * 1000 })),
      leaver: fc.option(fc.constantFrom(...nodes)),
    });
    return fc
      .record({
        config,
        faults,
        membership,
        latency,
        fifo: fc.boolean(),
        clients: fc.integer({ min: 1, max: 3 }),
        rate: fc.constantFrom(20, 60, 150),
        keys: fc.constantFrom(['k'], ['k', 'j'], ['c1', 's1', 'k']).map((k) => [...k]),
      })
      .map(({ config, faults, membership, latency, fifo, clients, rate, keys }): SwarmCase => {
        const clientIds = Array.from({ length: clients }, (_, i) => `c${i + 1}`);
        const scenario: Scenario = {
          version: 1,
          name: `swarm ${model}`,
          model,
          seed,
          nodes,
          clients: clientIds.map((id) => ({ id })),
          network: { latency, clientLatency: { dist: 'constant', ms: 1 }, dropProbability: 0, fifo },
          ...config,
          clientTimeoutMs: 300,
          workload: { enabled: true, kind: 'register', ratePerSec: rate, readFraction: 0.4, keys },
          durationMs: FAULT_END_MS + SETTLE_MS,
          timeline: withMembership([...faults, ...ending(nodes, faults)], membership),
        };
        return { scenario, diskLoss };
      });
  })
  .filter((c) => parseScenario(c.scenario).ok);

/** The node ids the swarm adds: never one of the pools' ids. */
export const JOINER = 'joiner9';

/** The timeline with a node joining at `joinAtUs` and `leaver` leaving once the faults stop, in time order. */
function withMembership(
  timeline: TimelineEntry[],
  m: { joinAtUs: number | null; leaver: string | null },
): TimelineEntry[] {
  const out = [...timeline];
  if (m.joinAtUs !== null) out.push({ atUs: m.joinAtUs, action: { type: 'addNode', node: JOINER } });
  if (m.leaver !== null)
    out.push({ atUs: FAULT_END_MS * 1000 + 1, action: { type: 'removeNode', node: m.leaver } });
  // A stable sort keeps the leaving after the ending's restarts of the same instant.
  return out.sort((a, b) => a.atUs - b.atUs);
}

/** Whether a node leaves the cluster in the case. */
function someoneLeaves(s: Scenario): boolean {
  return s.timeline.some((e) => e.action.type === 'removeNode');
}

/** A property violation in words, or null. Runs the scenario twice (the same trace hash is a property too). */
export function swarmViolation(c: SwarmCase): string | null {
  const { scenario } = c;
  const end = scenario.durationMs * 1000;
  let sim: Simulation;
  try {
    sim = new Simulation(scenario, { checkInvariants: true });
    sim.runUntil(end);
  } catch (error) {
    return `the run threw: ${error instanceof Error ? error.message : String(error)}`;
  }
  const again = new Simulation(structuredClone(scenario));
  again.runUntil(end);
  if (again.traceHash() !== sim.traceHash())
    return `two runs gave ${sim.traceHash()} and ${again.traceHash()}`;
  return promiseBroken(c, sim);
}

/** What the scenario's settings promise and the run did not keep. */
function promiseBroken(c: SwarmCase, sim: Simulation): string | null {
  const s = c.scenario;
  const durable = !c.diskLoss;
  const lost = sim.lostWrites();
  if (
    s.model === 'leader-follower' &&
    s.leaderFollower?.failover === 'majority' &&
    durable &&
    lost.length > 0
  )
    return `majority failover with durable disks lost ${lost.length} acknowledged writes: ${lost[0]?.reason}`;
  const ll = s.leaderless;
  const strict = ll && !ll.sloppyQuorum && ll.w + ll.r > ll.n;
  // A leaving machine takes what only it held: with W = 1 an acknowledged write may have been there alone.
  const keptByMove = !someoneLeaves(s) || (ll?.w ?? 0) >= 2;
  if (strict && durable && keptByMove && ll.resolution === 'siblings') {
    const stale = checkRun(sim).anomalies.filter((a) => a.kind === 'stale-read');
    if (stale.length > 0) return `a strict quorum (W + R > N) read was stale: ${stale[0]?.explanation}`;
  }
  if (convergencePromised(c) && sim.quiescent()) {
    const divergent = sim.divergentKeys();
    if (divergent.length > 0)
      return `replicas still disagree on ${divergent.join(', ')} after heal and quiet`;
  }
  return null;
}

/**
 * Where the model promises replicas converge once healed and quiet: leader-follower always (the leader's log
 * wins); multi-leader unless the resolution is "last to arrive" (which may diverge for ever) or ownership is
 * forwarded writes; leaderless only with anti-entropy (read repair mends only the keys that are read).
 */
function convergencePromised(c: SwarmCase): boolean {
  const s = c.scenario;
  // Under manual failover a leader that left is replaced by no one (no operator acts in the swarm); and a
  // configuration of one or two loses its majority with the machine that left, so no change commits any more
  // (Raft's availability, not a safety matter).
  if (s.model === 'leader-follower')
    return !someoneLeaves(s) || (s.leaderFollower?.failover !== 'manual' && s.nodes.length >= 3);
  if (s.model === 'multi-leader') return s.multiLeader?.resolution !== 'arrival';
  return (s.leaderless?.antiEntropyMs ?? 0) > 0;
}

/** The link that replays a case, for a test's name. */
export function shareLink(scenario: Scenario): string {
  return `#${encodeShareHash(scenario)}`;
}
