/**
 * A headless driver that reads like a story:
 *   story(preset).at(5).write('account_123', '1000').untilDone().read('account_123', 'bank_follower1')...
 * Each step applies an action through `Simulation.apply`, exactly as the UI does, so a story's scenario
 * (`story.scenario()`) replays it.
 */

import { Simulation } from '../../src/sim/engine/simulation.ts';
import { type AnomalyKind, Oracle } from '../../src/sim/oracle/oracle.ts';
import type { Action, Scenario } from '../../src/sim/scenarios/schema.ts';
import type { Operation } from '../../src/sim/types.ts';

export class Story {
  readonly sim: Simulation;
  readonly client: string;
  /** The run's judge: what the story asks of an operation's anomalies, it answers. */
  readonly oracle: Oracle;

  constructor(scenario: Scenario) {
    this.sim = new Simulation(scenario);
    this.oracle = new Oracle(this.sim);
    this.client = scenario.clients[0]?.id ?? 'client';
  }

  /** Runs to the given simulated time in ms. */
  at(ms: number): this {
    this.sim.runUntil(Math.round(ms * 1000));
    return this;
  }

  after(ms: number): this {
    return this.at(this.sim.nowUs / 1000 + ms);
  }

  act(action: Action): this {
    this.sim.apply(action);
    return this;
  }

  write(key: string, value: string, node?: string): this {
    return this.act({ type: 'write', client: this.client, key, value, ...(node ? { node } : {}) });
  }

  read(key: string, node: string): this {
    return this.act({ type: 'read', client: this.client, key, node });
  }

  crash(node: string, durable = true): this {
    return this.act({ type: 'crash', node, durable });
  }

  restart(node: string): this {
    return this.act({ type: 'restart', node });
  }

  /** Runs until every operation has completed (or the time limit, in ms from now, passes). */
  untilDone(limitMs = 5000): this {
    const end = this.sim.nowUs + limitMs * 1000;
    while (this.sim.clients.pendingCount() > 0 && this.sim.nowUs < end) {
      if (!this.sim.step()) break;
    }
    return this;
  }

  ops(): readonly Operation[] {
    return this.sim.clients.history;
  }

  lastOp(): Operation {
    const op = this.sim.clients.history[this.sim.clients.history.length - 1];
    if (!op) throw new Error('no operation yet');
    return op;
  }

  /** The kinds of the anomalies the oracle has found about an operation, as of now. */
  anomaliesOf(op: Operation): readonly AnomalyKind[] {
    this.oracle.advance();
    return this.oracle.kindsOf(op.id);
  }

  /** Whether the oracle found the read stale. */
  stale(op: Operation): boolean {
    return this.anomaliesOf(op).includes('stale-read');
  }

  valueAt(node: string, key: string): string | undefined {
    return this.sim.model.replica(node).data.find((d) => d.key === key)?.value;
  }

  logLength(node: string): number {
    const replica = this.sim.model.replica(node);
    if (replica.model !== 'leader-follower') throw new Error('only a leader-follower replica has a log');
    return replica.logLength;
  }
}

export function story(scenario: Scenario): Story {
  return new Story(scenario);
}

/** A quiet three-node cluster: no generated traffic, a fixed latency, so every time in a test is exact. */
export function quietCluster(overrides: Partial<Scenario> = {}): Scenario {
  return {
    version: 1,
    name: 'test cluster',
    model: 'leader-follower',
    seed: 1,
    nodes: ['leader', 'f1', 'f2'],
    clients: [{ id: 'c' }],
    network: {
      latency: { dist: 'constant', ms: 10 },
      clientLatency: { dist: 'constant', ms: 1 },
      dropProbability: 0,
    },
    leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 50 },
    clientTimeoutMs: 500,
    workload: { enabled: false, kind: 'register', ratePerSec: 10, readFraction: 0.5, keys: ['x'] },
    durationMs: 1000,
    timeline: [],
    ...overrides,
  };
}

/**
 * A quiet leaderless cluster over `nodes` (N=3, W=2, R=2, siblings kept), 1 ms links and no generated traffic: the
 * scenario the leaderless unit tests build a cluster from directly.
 */
export function quietLeaderless(name: string, nodes: string[]): Scenario {
  return {
    version: 1,
    name,
    model: 'leaderless',
    seed: 1,
    nodes,
    clients: [{ id: 'c1' }],
    network: { latency: { dist: 'constant', ms: 1 }, dropProbability: 0 },
    leaderless: { n: 3, w: 2, r: 2, resolution: 'siblings' },
    clientTimeoutMs: 1000,
    workload: { enabled: false, kind: 'register', ratePerSec: 1, readFraction: 0, keys: ['k'] },
    durationMs: 1000,
    timeline: [],
  };
}
