import { describe, expect, it } from 'vitest';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { ReplicationMode, Scenario } from '../../src/sim/scenarios/schema.ts';
import { quietCluster, story } from '../support/story.ts';

const withMode = (mode: ReplicationMode, semiSyncAcks = 1): Scenario =>
  quietCluster({ leaderFollower: { mode, semiSyncAcks, heartbeatMs: 50 } });

describe('leader-follower: the brief', () => {
  it('async: a read from a follower right after the acknowledged write returns nothing (follower1.read -> None)', () => {
    const s = story(withMode('async')).write('account_123', '1000').untilDone();
    const write = s.lastOp();
    expect(write).toMatchObject({ status: 'ok', node: 'leader', version: 1 });
    // Acknowledged after the client round trip only (1 ms + 1 ms), before any follower has the entry (10 ms away).
    expect(write.completeUs).toBe(2000);
    s.read('account_123', 'f1').untilDone();
    expect(s.lastOp()).toMatchObject({ status: 'ok', value: null, version: 0, node: 'f1' });
    expect(s.stale(s.lastOp())).toBe(true);
    // Later the follower has it.
    s.after(50).read('account_123', 'f1').untilDone();
    expect(s.lastOp()).toMatchObject({ status: 'ok', value: '1000', version: 1 });
    expect(s.stale(s.lastOp())).toBe(false);
  });

  it('sync: the write is acknowledged only after both followers have it, so the follower read returns it', () => {
    const s = story(withMode('sync')).write('account_123', '1000').untilDone();
    const write = s.lastOp();
    // 1 ms to the leader, 10 ms to each follower and 10 ms back, 1 ms back to the client.
    expect(write).toMatchObject({ status: 'ok', version: 1, completeUs: 22_000 });
    s.read('account_123', 'f1').untilDone();
    expect(s.lastOp()).toMatchObject({ status: 'ok', value: '1000' });
    expect(s.stale(s.lastOp())).toBe(false);
    s.read('account_123', 'f2').untilDone();
    expect(s.lastOp()).toMatchObject({ status: 'ok', value: '1000' });
    expect(s.stale(s.lastOp())).toBe(false);
  });

  it('semi-sync (k=1): acknowledged once one follower holds the entry; with one follower down it still commits', () => {
    const s = story(withMode('semisync', 1)).crash('f2').write('x', '1').untilDone();
    expect(s.lastOp()).toMatchObject({ status: 'ok', completeUs: 22_000 });
  });

  it('sync stalls while a follower is down: the write times out as indeterminate, yet it is in the log', () => {
    const s = story(withMode('sync')).crash('f2').write('x', '1').untilDone();
    expect(s.lastOp()).toMatchObject({ status: 'info' });
    expect(s.lastOp().error).toMatch(/timed out after 500 ms/);
    expect(s.valueAt('leader', 'x')).toBe('1');
    // Once the follower is back and catches up, the waiting write commits (the client has given up on it).
    s.restart('f2').after(100);
    expect(s.valueAt('f2', 'x')).toBe('1');
    expect(s.sim.model.replica('leader')).toMatchObject({ commitIndex: 1 });
  });

  it('switching sync to async releases writes that were waiting for acknowledgements', () => {
    const s = story(withMode('sync')).crash('f2').write('x', '1').after(5);
    expect(s.lastOp().status).toBe('pending');
    s.act({ type: 'setReplication', mode: 'async' }).untilDone();
    expect(s.lastOp()).toMatchObject({ status: 'ok', version: 1 });
  });
});

describe('leader-follower: followers', () => {
  it('followers apply in log order and the leader keeps their lag visible', () => {
    const s = story(withMode('async'));
    for (let i = 1; i <= 5; i++) s.write('k', String(i));
    s.after(3);
    const before = s.sim.nodeViews();
    expect(before.find((n) => n.id === 'leader')).toMatchObject({ logLength: 5, lag: 0 });
    expect(before.find((n) => n.id === 'f1')).toMatchObject({ logLength: 0, lag: 5 });
    s.after(50);
    const after = s.sim.nodeViews();
    expect(after.find((n) => n.id === 'f1')).toMatchObject({ logLength: 5, lag: 0, appliedIndex: 5 });
    expect(after.find((n) => n.id === 'f1')?.data).toEqual([{ key: 'k', value: '5', version: 5 }]);
  });

  it('a crashed follower catches up after restart (log on disk)', () => {
    const s = story(withMode('async')).crash('f1');
    for (let i = 0; i < 100; i++) s.write(`k${i % 7}`, String(i)).after(1);
    expect(s.logLength('f1')).toBe(0);
    s.restart('f1').after(100);
    expect(s.logLength('f1')).toBe(100);
    expect(s.sim.model.replica('f1').data).toEqual(s.sim.model.replica('leader').data);
  });

  it('a follower that crashed after replicating keeps its log, and one that lost its disk catches up from #1', () => {
    const s = story(withMode('async'));
    for (let i = 0; i < 10; i++) s.write('k', String(i));
    s.after(50).crash('f1', true).crash('f2', false);
    expect(s.logLength('f1')).toBe(10);
    expect(s.logLength('f2')).toBe(0);
    s.restart('f1').restart('f2');
    // Durable: the data is rebuilt from the log at once.
    expect(s.valueAt('f1', 'k')).toBe('9');
    expect(s.valueAt('f2', 'k')).toBeUndefined();
    s.after(150);
    expect(s.logLength('f2')).toBe(10);
    expect(s.valueAt('f2', 'k')).toBe('9');
  });

  it('a write sent to a follower is redirected to the leader', () => {
    const s = story(withMode('async')).write('x', '7', 'f1').untilDone();
    expect(s.lastOp()).toMatchObject({ status: 'ok', node: 'leader', version: 1 });
    // The request went to f1 first: the redirect and the retry are real messages.
    expect(s.sim.counts().messagesSent).toBeGreaterThanOrEqual(4);
  });
});

describe('leader-follower: the leader is down', () => {
  it('writes fail with a clear result, sent to the leader or to a follower', () => {
    const s = story(withMode('async')).crash('leader');
    // Refused by the leader, the client asks f1, which points back at the leader: nobody else leads.
    s.write('x', '1').untilDone();
    expect(s.lastOp()).toMatchObject({
      status: 'fail',
      node: 'f1',
      error: 'leader is down (connection refused); no other leader known',
    });
    s.write('x', '2', 'f1').untilDone();
    expect(s.lastOp()).toMatchObject({
      status: 'fail',
      error: 'leader is down (connection refused); no other leader known',
    });
    // Reads from followers still answer.
    s.read('x', 'f2').untilDone();
    expect(s.lastOp()).toMatchObject({ status: 'ok', value: null });
  });

  it('after the leader restarts, writes succeed again and reach the followers', () => {
    const s = story(withMode('async')).write('x', '1').after(30).crash('leader').after(10).restart('leader');
    s.write('x', '2').untilDone().after(50);
    expect(s.lastOp()).toMatchObject({ status: 'ok', version: 2 });
    expect(s.valueAt('f1', 'x')).toBe('2');
  });
});

describe('presets', () => {
  it('bank-ledger-async shows the stale read of the brief, then the caught-up read', () => {
    const preset = getPreset('bank-ledger-async');
    if (!preset) throw new Error('missing preset');
    const s = story(preset.scenario).at(preset.scenario.durationMs);
    const manual = s.ops().filter((o) => o.manual);
    expect(manual.map((o) => [o.f, o.key, o.value, o.status, s.stale(o)])).toEqual([
      ['write', 'account_123', '1000', 'ok', false],
      ['read', 'account_123', null, 'ok', true],
      ['read', 'account_123', '1000', 'ok', false],
    ]);
  });

  it('bank-ledger-sync reads the new balance from both followers', () => {
    const preset = getPreset('bank-ledger-sync');
    if (!preset) throw new Error('missing preset');
    const s = story(preset.scenario).at(preset.scenario.durationMs);
    const reads = s.ops().filter((o) => o.manual && o.f === 'read');
    expect(reads.map((o) => [o.node, o.value, s.stale(o)])).toEqual([
      ['bank_follower1', '1000', false],
      ['bank_follower2', '1000', false],
    ]);
  });

  it('leader-down: the write during the outage is refused, the one after the restart succeeds', () => {
    const preset = getPreset('leader-down');
    if (!preset) throw new Error('missing preset');
    const s = story(preset.scenario).at(preset.scenario.durationMs);
    const writes = s.ops().filter((o) => o.manual && o.f === 'write');
    expect(writes.map((o) => o.status)).toEqual(['fail', 'ok']);
  });
});

describe('leader-follower: linearizable reads (read-index, Raft 6.4)', () => {
  const readIndex = (): Scenario =>
    quietCluster({
      leaderFollower: {
        mode: 'async',
        semiSyncAcks: 1,
        heartbeatMs: 50,
        failover: 'majority',
        reads: 'read-index',
      },
    });

  it('the leader answers only after a heartbeat round confirms a majority still follows it', () => {
    const s = story(readIndex()).write('x', '1').untilDone();
    // Majority failover: the write commits once a follower holds it (1 + 10 + 10 + 1 ms).
    expect(s.lastOp()).toMatchObject({ status: 'ok', completeUs: 22_000 });
    s.read('x', 'leader').untilDone();
    const read = s.lastOp();
    // A local read would take 2 ms; this one waits for a follower's reply to the confirming heartbeat.
    expect(read).toMatchObject({ status: 'ok', value: '1', node: 'leader' });
    expect((read.completeUs ?? 0) - read.invokeUs).toBe(22_000);
  });

  it('a follower hands the read to the leader; a leader cut off from the majority cannot answer at all', () => {
    const s = story(readIndex()).write('x', '1').untilDone().read('x', 'f1').untilDone();
    expect(s.lastOp()).toMatchObject({ status: 'ok', value: '1', node: 'leader' });
    s.act({ type: 'partition', groups: [['leader'], ['f1', 'f2']] })
      .read('x', 'leader')
      .untilDone();
    expect(s.lastOp()).toMatchObject({ status: 'fail', value: null });
    expect(s.lastOp().error).toMatch(/timed out/);
  });
});
