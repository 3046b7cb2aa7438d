/**
 * The swarm (tests/support/swarm.ts) in the test suite: random scenarios of every model with random faults,
 * checked against what each model's settings promise. `npm run swarm -- --runs N --seed S` runs it at volume.
 * Each case it found is pinned below; the test's name carries the link that replays it in the browser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import type { Scenario, TimelineEntry } from '../../src/sim/scenarios/schema.ts';
import { FAULT_END_MS, shareLink, swarmCaseArb, swarmViolation } from '../support/swarm.ts';

describe('the swarm (property)', () => {
  it('no model breaks what its settings promise, and every run replays to the same trace', () => {
    fc.assert(
      fc.property(swarmCaseArb, (c) => {
        expect(swarmViolation(c)).toBeNull();
      }),
      { numRuns: 200, seed: 20261202 },
    );
  });
});

/** The swarm's standard ending: heal, restore, restart everyone, stop traffic, settle. */
function ending(nodes: readonly string[], cuts: readonly [string, string][] = []): TimelineEntry[] {
  const end = FAULT_END_MS * 1000 + 1;
  return [
    { atUs: end, action: { type: 'heal' } },
    ...cuts.map(([a, b]) => ({ atUs: end, action: { type: 'restoreLink' as const, a, b } })),
    ...nodes.map((node) => ({ atUs: end, action: { type: 'restart' as const, node } })),
    { atUs: end, action: { type: 'setWorkload', enabled: false } },
  ];
}

const base = {
  version: 1 as const,
  clients: [{ id: 'c1' }],
  clientTimeoutMs: 300,
  durationMs: 4000,
};

const PINNED: readonly { why: string; scenario: Scenario; diskLoss: boolean }[] = [
  {
    why: 'multi-leader leaders named __proto__ and constructor diverged: version vectors were plain objects',
    diskLoss: false,
    scenario: {
      ...base,
      name: 'swarm: odd node ids',
      model: 'multi-leader',
      seed: 11,
      nodes: ['__proto__', 'constructor'],
      network: {
        latency: { dist: 'normal', meanMs: 2, sdMs: 0.5 },
        clientLatency: { dist: 'constant', ms: 1 },
        dropProbability: 0,
        fifo: false,
      },
      multiLeader: {
        leaders: ['constructor', '__proto__'],
        ownership: 'any',
        topology: 'all-to-all',
        resolution: 'siblings',
        syncIntervalMs: 50,
      },
      workload: { enabled: true, kind: 'register', ratePerSec: 20, readFraction: 0.4, keys: ['k'] },
      timeline: ending(['__proto__', 'constructor']),
    },
  },
  {
    why: 'a manual primary that lost its disk came back empty and its followers kept their longer logs',
    diskLoss: true,
    scenario: {
      ...base,
      name: 'swarm: primary loses its disk',
      model: 'leader-follower',
      seed: 226435885,
      nodes: ['__proto__', 'constructor', 'toString'],
      network: {
        latency: { dist: 'normal', meanMs: 2, sdMs: 0.5 },
        clientLatency: { dist: 'constant', ms: 1 },
        dropProbability: 0,
        fifo: false,
      },
      leaderFollower: {
        mode: 'async',
        semiSyncAcks: 1,
        heartbeatMs: 20,
        failover: 'manual',
        electionTimeoutMs: 80,
      },
      workload: { enabled: true, kind: 'register', ratePerSec: 150, readFraction: 0.4, keys: ['k'] },
      timeline: [
        { atUs: 10_735, action: { type: 'crash', node: '__proto__', durable: false } },
        ...ending(['__proto__', 'constructor', 'toString']),
      ],
    },
  },
  {
    why: 'two nodes under majority election never elected a leader: each vote request with a newer term reset the timer of the only node that could win',
    diskLoss: false,
    scenario: {
      ...base,
      name: 'swarm: election livelock',
      model: 'leader-follower',
      seed: 2147483639,
      nodes: ['__proto__', 'constructor'],
      network: {
        latency: { dist: 'constant', ms: 14 },
        clientLatency: { dist: 'constant', ms: 1 },
        dropProbability: 0,
        fifo: false,
      },
      leaderFollower: {
        mode: 'async',
        semiSyncAcks: 1,
        heartbeatMs: 20,
        failover: 'majority',
        electionTimeoutMs: 150,
      },
      workload: { enabled: true, kind: 'register', ratePerSec: 150, readFraction: 0.4, keys: ['k'] },
      timeline: [
        { atUs: 301_816, action: { type: 'cutLink', a: 'constructor', b: '__proto__' } },
        ...ending(['__proto__', 'constructor'], [['constructor', '__proto__']]),
      ],
    },
  },
  {
    why: 'a multi-leader leader that lost its disk skipped its own older changes, which only its follower still held',
    diskLoss: true,
    scenario: {
      ...base,
      name: 'swarm: leader loses its disk',
      model: 'multi-leader',
      seed: 1845443972,
      nodes: ['n1', 'n2', 'n3'],
      network: {
        latency: { dist: 'normal', meanMs: 2, sdMs: 0.5 },
        clientLatency: { dist: 'constant', ms: 1 },
        dropProbability: 0,
        fifo: false,
      },
      multiLeader: {
        leaders: ['n3', 'n2'],
        ownership: 'any',
        topology: 'all-to-all',
        resolution: 'merge',
        syncIntervalMs: 50,
      },
      workload: { enabled: true, kind: 'register', ratePerSec: 20, readFraction: 0.4, keys: ['k'] },
      timeline: [
        { atUs: 189_833, action: { type: 'cutLink', a: 'n2', b: 'n3' } },
        { atUs: 1_043_077, action: { type: 'crash', node: 'n3', durable: false } },
        { atUs: 1_081_134, action: { type: 'restart', node: 'n3' } },
        ...ending(['n1', 'n2', 'n3'], [['n2', 'n3']]),
      ],
    },
  },
  {
    why: 'both multi-leader leaders lost their disks: the one back first issued new changes numbered after the lost ones, which nobody held any more, so every peer waited for them for ever',
    diskLoss: true,
    scenario: {
      ...base,
      name: 'swarm: both leaders lose their disks',
      model: 'multi-leader',
      seed: 892625257,
      nodes: ['__proto__', 'constructor'],
      network: {
        latency: { dist: 'exponential', meanMs: 1 },
        clientLatency: { dist: 'constant', ms: 1 },
        dropProbability: 0,
        fifo: false,
      },
      multiLeader: {
        leaders: ['constructor', '__proto__'],
        ownership: 'any',
        topology: 'all-to-all',
        resolution: 'merge',
        syncIntervalMs: 50,
      },
      workload: { enabled: true, kind: 'register', ratePerSec: 20, readFraction: 0.4, keys: ['k'] },
      timeline: [
        { atUs: 556_575, action: { type: 'crash', node: 'constructor', durable: false } },
        { atUs: 855_277, action: { type: 'crash', node: '__proto__', durable: false } },
        { atUs: 1_226_244, action: { type: 'restart', node: '__proto__' } },
        ...ending(['__proto__', 'constructor']),
      ],
    },
  },
];

describe('the swarm: pinned cases', () => {
  for (const { why, scenario, diskLoss } of PINNED)
    it(`${why}: ${shareLink(scenario)}`, () => {
      expect(swarmViolation({ scenario, diskLoss })).toBeNull();
      const sim = new Simulation(scenario);
      sim.runUntil(scenario.durationMs * 1000);
      expect(sim.quiescent()).toBe(true);
      expect(sim.divergentKeys()).toEqual([]);
    });
});
