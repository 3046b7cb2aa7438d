import { describe, expect, it } from 'vitest';
import { Network } from '../../src/sim/engine/network.ts';
import { Rng } from '../../src/sim/engine/rng.ts';
import { quietCluster, story } from '../support/story.ts';

const nodes = ['a', 'b', 'c', 'd'];
const net = () =>
  new Network(nodes, ['client'], { latency: { dist: 'constant', ms: 5 }, dropProbability: 0 }, new Rng(1));

describe('network', () => {
  it('a symmetric partition cuts links across groups in both directions, and only those', () => {
    const n = net();
    n.setPartition(
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      false,
    );
    expect(n.isCut('a', 'c')).toBe(true);
    expect(n.isCut('c', 'a')).toBe(true);
    expect(n.isCut('a', 'b')).toBe(false);
    expect(n.isCut('c', 'd')).toBe(false);
    expect(n.isCut('client', 'a')).toBe(false);
    expect(n.sideOf('a')).toBe(1);
    expect(n.sideOf('d')).toBe(2);
    n.heal();
    expect(n.isCut('a', 'c')).toBe(false);
    expect(n.sideOf('a')).toBe(0);
  });

  it('keeps its options in one shape, however they were built or set, and reads what was set', () => {
    const fields = [
      'latency',
      'interRegionLatency',
      'regionOf',
      'fifo',
      'kindLatency',
      'links',
      'clientLatency',
      'dropProbability',
      'duplicateProbability',
    ];
    const regionOf = new Map([['a', 'EU']]);
    const spread = { ...{ dropProbability: 0.5, latency: { dist: 'constant', ms: 7 } as const }, regionOf };
    const n = new Network(nodes, ['client'], spread, new Rng(1));
    expect(Object.keys(n.options)).toEqual(fields);
    expect(Object.keys(net().options)).toEqual(fields);
    expect(n.options.regionOf).toBe(regionOf);
    expect(n.options.dropProbability).toBe(0.5);
    // As an action sets them: a spread copy with one field changed.
    n.options = { ...n.options, latency: { dist: 'constant', ms: 9 }, duplicateProbability: 0.25 };
    expect(Object.keys(n.options)).toEqual(fields);
    expect(n.options.latency).toEqual({ dist: 'constant', ms: 9 });
    expect(n.options.duplicateProbability).toBe(0.25);
    expect(n.options.regionOf).toBe(regionOf);
    expect(n.drawLatencyUs('a', 'b')).toBe(9000);
  });

  it('a one-way partition drops only what the first group sends', () => {
    const n = net();
    n.setPartition([['a'], ['b', 'c', 'd']], true);
    expect(n.isCut('a', 'b')).toBe(true);
    expect(n.isCut('b', 'a')).toBe(false);
  });

  it('nodes left out of every group form a group of their own', () => {
    const n = net();
    n.setPartition([['a'], ['b']], false);
    expect(n.isCut('c', 'a')).toBe(true);
    expect(n.isCut('c', 'b')).toBe(true);
    expect(n.isCut('c', 'd')).toBe(false);
  });

  it('loses about the configured share of messages', () => {
    const n = new Network(
      nodes,
      [],
      { latency: { dist: 'constant', ms: 1 }, dropProbability: 0.3 },
      new Rng(4),
    );
    let lost = 0;
    for (let i = 0; i < 20_000; i++) if (n.dropAtSend('a', 'b') === 'loss') lost++;
    expect(lost / 20_000).toBeGreaterThan(0.28);
    expect(lost / 20_000).toBeLessThan(0.32);
  });

  it('links are FIFO: a later message never overtakes an earlier one on the same link', () => {
    const n = new Network(
      nodes,
      [],
      { latency: { dist: 'uniform', minMs: 1, maxMs: 50 }, dropProbability: 0 },
      new Rng(8),
    );
    let last = 0;
    for (let t = 0; t < 1000; t += 100) {
      const at = n.arrivalUs('a', 'b', t, n.drawLatencyUs('a', 'b'));
      expect(at).toBeGreaterThanOrEqual(last);
      last = at;
    }
  });

  it('drops messages across a partition in a running cluster, and delivers them again after heal', () => {
    const s = story(quietCluster());
    s.act({ type: 'partition', groups: [['leader'], ['f1', 'f2']] });
    s.write('x', '1').after(100);
    expect(s.valueAt('leader', 'x')).toBe('1');
    expect(s.valueAt('f1', 'x')).toBeUndefined();
    const drops = s.sim.snapshot().drops;
    // The write's replication, sent into the partition, dies at the divide (half-way along the link).
    const replicate = drops.find((d) => d.kind === 'replicate' && d.to === 'f1');
    expect(replicate).toMatchObject({ reason: 'partition', from: 'leader', position: 0.5 });
    // A heartbeat already in flight when the partition began dies on arrival.
    expect(drops.find((d) => d.kind === 'heartbeat' && d.at === 10_000)).toMatchObject({ position: 1 });
    s.act({ type: 'heal' }).after(200);
    expect(s.valueAt('f1', 'x')).toBe('1');
    expect(s.valueAt('f2', 'x')).toBe('1');
  });

  it('a crashed node drops what it receives; a client request to it is refused at once', () => {
    const s = story(quietCluster());
    s.crash('f1');
    s.read('x', 'f1').untilDone();
    const op = s.lastOp();
    expect(op.status).toBe('fail');
    expect(op.error).toBe('f1 is down (connection refused)');
    // Refused after one round trip to the host (1 ms there, 1 ms back), not after the 500 ms timeout.
    expect(op.completeUs).toBe(2000);
    expect(s.sim.snapshot().drops.some((d) => d.to === 'f1' && d.reason === 'crashed')).toBe(true);
  });

  it('message loss is repaired by the next heartbeat', () => {
    const s = story(
      quietCluster({ network: { latency: { dist: 'constant', ms: 10 }, dropProbability: 0.5 }, seed: 3 }),
    );
    for (let i = 0; i < 10; i++) s.write(`k${i}`, String(i)).after(5);
    s.act({ type: 'setLoss', dropProbability: 0 }).after(300);
    expect(s.sim.counts().messagesDropped).toBeGreaterThan(0);
    const leaderLog = s.logLength('leader');
    expect(leaderLog).toBeGreaterThan(0);
    expect(s.logLength('f1')).toBe(leaderLog);
    expect(s.logLength('f2')).toBe(leaderLog);
    expect(s.valueAt('f1', 'k9')).toBe(s.valueAt('leader', 'k9'));
  });
});
