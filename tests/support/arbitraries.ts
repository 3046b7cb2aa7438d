/** fast-check generators of valid scenarios, with random fault timelines. */
import fc from 'fast-check';
import {
  type Action,
  LATENCY_PROFILES,
  type Latency,
  type Scenario,
} from '../../src/sim/scenarios/schema.ts';

const ms = fc.double({ min: 0, max: 80, noNaN: true, noDefaultInfinity: true });

export const latencyArb: fc.Arbitrary<Latency> = fc.oneof(
  ms.map((v) => ({ dist: 'constant' as const, ms: v })),
  fc
    .tuple(ms, ms)
    .map(([a, b]) => ({ dist: 'uniform' as const, minMs: Math.min(a, b), maxMs: Math.max(a, b) })),
  ms.map((v) => ({ dist: 'exponential' as const, meanMs: v })),
  fc
    .tuple(ms, fc.double({ min: 0, max: 20, noNaN: true }))
    .map(([m, sd]) => ({ dist: 'normal' as const, meanMs: m, sdMs: sd })),
  fc
    .tuple(fc.double({ min: 0.01, max: 20, noNaN: true }), fc.double({ min: 1.1, max: 5, noNaN: true }))
    .map(([xm, alpha]) => ({ dist: 'pareto' as const, xmMs: xm, alpha })),
  fc.constantFrom(...LATENCY_PROFILES).map((name) => ({ dist: 'profile' as const, name })),
);

function actionArb(nodes: string[], clients: string[], keys: string[]): fc.Arbitrary<Action> {
  const node = fc.constantFrom(...nodes);
  const client = fc.constantFrom(...clients);
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ type: fc.constant('crash' as const), node, durable: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('restart' as const), node }) },
    {
      // A one-node cluster has nothing to partition: the slider's "first k nodes against the rest" needs two.
      weight: nodes.length > 1 ? 2 : 0,
      arbitrary: fc
        .integer({ min: 1, max: Math.max(1, nodes.length - 1) })
        .map((k) => ({ type: 'partition' as const, groups: [nodes.slice(0, k), nodes.slice(k)] })),
    },
    { weight: 2, arbitrary: fc.constant({ type: 'heal' as const }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('setLatency' as const), latency: latencyArb }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('setLoss' as const),
        dropProbability: fc.double({ min: 0, max: 0.5, noNaN: true }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('setReplication' as const),
        mode: fc.constantFrom('async' as const, 'semisync' as const, 'sync' as const),
        semiSyncAcks: fc.integer({ min: 1, max: Math.max(1, nodes.length - 1) }),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('write' as const),
        client,
        key,
        value: fc.string({ maxLength: 8 }),
        node: fc.constantFrom(...nodes),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('read' as const),
        client,
        key,
        node: fc.constantFrom('leader', 'any', ...nodes),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('setWorkload' as const),
        enabled: fc.boolean(),
        ratePerSec: fc.double({ min: 1, max: 200, noNaN: true }),
      }),
    },
  );
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    nodeCount: fc.integer({ min: 1, max: 6 }),
    clientCount: fc.integer({ min: 1, max: 3 }),
    keys: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { minLength: 1, maxLength: 4 }),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
  })
  .chain(({ nodeCount, clientCount, keys, seed }) => {
    const nodes = Array.from({ length: nodeCount }, (_, i) => `n${i + 1}`);
    const clients = Array.from({ length: clientCount }, (_, i) => `c${i + 1}`);
    return fc
      .record({
        latency: latencyArb,
        clientLatency: fc.option(latencyArb, { nil: undefined }),
        dropProbability: fc.double({ min: 0, max: 0.3, noNaN: true }),
        mode: fc.constantFrom('async' as const, 'semisync' as const, 'sync' as const),
        semiSyncAcks: fc.integer({ min: 1, max: Math.max(1, nodeCount - 1) }),
        heartbeatMs: fc.integer({ min: 5, max: 200 }),
        clientTimeoutMs: fc.integer({ min: 20, max: 1000 }),
        workloadEnabled: fc.boolean(),
        ratePerSec: fc.double({ min: 1, max: 300, noNaN: true }),
        readFraction: fc.double({ min: 0, max: 1, noNaN: true }),
        kind: fc.constantFrom('bank' as const, 'register' as const),
        durationMs: fc.integer({ min: 50, max: 800 }),
        timeline: fc.array(
          fc.record({ atUs: fc.integer({ min: 0, max: 800_000 }), action: actionArb(nodes, clients, keys) }),
          { maxLength: 25 },
        ),
      })
      .map(
        (r): Scenario => ({
          version: 1,
          name: 'random',
          model: 'leader-follower',
          seed,
          nodes,
          clients: clients.map((id) => ({ id })),
          network: {
            latency: r.latency,
            ...(r.clientLatency ? { clientLatency: r.clientLatency } : {}),
            dropProbability: r.dropProbability,
          },
          leaderFollower: { mode: r.mode, semiSyncAcks: r.semiSyncAcks, heartbeatMs: r.heartbeatMs },
          clientTimeoutMs: r.clientTimeoutMs,
          workload: {
            enabled: r.workloadEnabled,
            kind: r.kind,
            ratePerSec: r.ratePerSec,
            readFraction: r.readFraction,
            keys,
          },
          durationMs: r.durationMs,
          timeline: [...r.timeline].sort((a, b) => a.atUs - b.atUs),
        }),
      );
  });
