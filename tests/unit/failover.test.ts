/**
 * Protocol rules of leader-follower failover, one at a time: the model is driven directly through a recording
 * context, so each test states exactly which message arrives and checks exactly what the node sends back.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/sim/engine/rng.ts';
import type { LogEntry } from '../../src/sim/models/leader-follower/messages.ts';
import { LeaderFollower } from '../../src/sim/models/leader-follower/model.ts';
import type { ModelContext, TimerBody } from '../../src/sim/models/model.ts';
import type { LeaderFollowerConfig } from '../../src/sim/scenarios/schema.ts';
import type { Message, MessageBody } from '../../src/sim/types.ts';
import { quietCluster } from '../support/story.ts';

interface Sent {
  from: string;
  to: string;
  body: MessageBody & Record<string, unknown>;
}

function harness(
  failover: 'majority' | 'naive' | 'manual',
  nodes = ['n1', 'n2', 'n3'],
  mode: LeaderFollowerConfig['mode'] = 'async',
) {
  const sent: Sent[] = [];
  const timers: { node: string; body: TimerBody }[] = [];
  const ctx: ModelContext = {
    nowUs: 0,
    nodes,
    rng: new Rng(1),
    send: (from, to, body) => sent.push({ from, to, body: body as Sent['body'] }),
    setTimer: (node, _delay, body) => timers.push({ node, body }),
    clockUs: () => 0,
    reportConflict: () => {},
    noteConflict: () => false,
  };
  const model = new LeaderFollower(
    quietCluster({
      nodes,
      leaderFollower: { mode, semiSyncAcks: 1, heartbeatMs: 50, failover, electionTimeoutMs: 100 },
    }),
    ctx,
  );
  model.start();
  sent.length = 0;
  let id = 1;
  const deliver = (from: string, to: string, body: Record<string, unknown>) =>
    model.onMessage(to, { id: id++, from, to, sentAt: 0, deliverAt: 1, body } as unknown as Message);
  const take = () => sent.splice(0, sent.length);
  return { model, sent, timers, deliver, take };
}

/** In these tests the leader of term t is node nt (n1 leads term 1, n2 term 2). */
const leaderOf = (term: number) => (term === 0 ? '' : `n${term}`);
const entry = (index: number, term: number, op = index): LogEntry => ({
  index,
  term,
  leader: leaderOf(term),
  key: 'k',
  value: `v${index}`,
  op,
});
const append = (term: number, prevIndex: number, prevTerm: number, entries: LogEntry[], commit = 0) => ({
  type: 'append',
  kind: entries.length ? 'replicate' : 'heartbeat',
  term,
  prevIndex,
  prevTerm,
  prevLeader: leaderOf(prevTerm),
  entries,
  commit,
});
const vote = (term: number, lastLogIndex: number, lastLogTerm: number) => ({
  type: 'voteRequest',
  kind: 'vote',
  term,
  lastLogIndex,
  lastLogTerm,
});

describe('vote granting', () => {
  it('grants one vote per term, to a candidate whose log is at least as up to date', () => {
    const h = harness('majority');
    h.deliver('n1', 'n3', append(1, 0, 0, [entry(1, 1), entry(2, 1)]));
    h.take();
    // A candidate with a shorter log of the same term is refused, though the term is adopted.
    h.deliver('n2', 'n3', vote(2, 1, 1));
    expect(h.take()).toEqual([
      { from: 'n3', to: 'n2', body: { type: 'voteReply', kind: 'vote', term: 2, granted: false } },
    ]);
    expect(h.model.replica('n3')).toMatchObject({ term: 2, votedFor: null, role: 'follower' });
    // An up-to-date candidate of that term gets the vote...
    h.deliver('n1', 'n3', vote(2, 2, 1));
    expect(h.take()[0]?.body).toMatchObject({ type: 'voteReply', term: 2, granted: true });
    expect(h.model.replica('n3').votedFor).toBe('n1');
    // ...and nobody else does in the same term, even with a longer log.
    h.deliver('n2', 'n3', vote(2, 5, 1));
    expect(h.take()[0]?.body).toMatchObject({ granted: false });
    // A newer last term beats a longer log of an older term.
    h.deliver('n2', 'n3', vote(3, 1, 2));
    expect(h.take()[0]?.body).toMatchObject({ term: 3, granted: true });
  });

  it('a candidate that gathers a majority becomes leader and appends a no-op of its term', () => {
    const h = harness('majority', ['n1', 'n2', 'n3', 'n4', 'n5']);
    h.model.onTimer('n2', { type: 'election', generation: 1 } as TimerBody);
    expect(h.model.replica('n2')).toMatchObject({ role: 'candidate', term: 2, votedFor: 'n2' });
    const requests = h.take();
    expect(requests.map((s) => s.to)).toEqual(['n1', 'n3', 'n4', 'n5']);
    expect(requests[0]?.body).toEqual(vote(2, 0, 0));
    h.deliver('n3', 'n2', { type: 'voteReply', kind: 'vote', term: 2, granted: true });
    expect(h.model.replica('n2').role).toBe('candidate'); // 2 of 5
    h.deliver('n4', 'n2', { type: 'voteReply', kind: 'vote', term: 2, granted: false });
    h.deliver('n5', 'n2', { type: 'voteReply', kind: 'vote', term: 2, granted: true });
    expect(h.model.replica('n2')).toMatchObject({ role: 'leader', term: 2, logLength: 1 });
    expect(
      h.take().every((s) => s.body.type === 'append' && (s.body.entries as LogEntry[])[0]?.op === 0),
    ).toBe(true);
  });

  it('a stale election timer (reset since it was set) does nothing', () => {
    const h = harness('majority');
    h.deliver('n1', 'n2', append(1, 0, 0, [])); // resets n2's timer: generation moves on
    h.take();
    h.model.onTimer('n2', { type: 'election', generation: 1 } as TimerBody);
    expect(h.model.replica('n2').role).toBe('follower');
  });
});

describe('terms, fencing and step-down', () => {
  it('refuses an append from an older term and tells the sender the newer term', () => {
    const h = harness('majority');
    h.deliver('n2', 'n3', vote(3, 0, 0));
    h.take();
    h.deliver('n1', 'n3', append(1, 0, 0, [entry(1, 1)]));
    expect(h.take()).toEqual([
      {
        from: 'n3',
        to: 'n1',
        body: { type: 'appendReply', kind: 'ack', term: 3, ok: false, matchIndex: 0, conflictIndex: 0 },
      },
    ]);
    expect(h.model.replica('n3').logLength).toBe(0);
  });

  it('a leader that hears of a newer term steps down, and its waiting clients learn the outcome is unknown', () => {
    const h = harness('majority');
    h.deliver('client', 'n1', { type: 'clientWrite', kind: 'request', reqId: 7, key: 'k', value: 'x' });
    h.take();
    h.deliver('n2', 'n1', {
      type: 'appendReply',
      kind: 'ack',
      term: 2,
      ok: false,
      matchIndex: 0,
      conflictIndex: 0,
    });
    expect(h.model.replica('n1')).toMatchObject({ role: 'follower', term: 2, leaderId: null });
    expect(h.take()).toEqual([
      {
        from: 'n1',
        to: 'client',
        body: {
          type: 'clientReply',
          kind: 'response',
          reqId: 7,
          term: 2,
          ok: false,
          indeterminate: true,
          error: 'n1 lost the leadership before #1 committed: outcome unknown',
        },
      },
    ]);
  });

  it('manual mode: demote makes the leader a follower, promote makes a follower leader of a new term', () => {
    const h = harness('manual');
    h.model.configure({ type: 'demote', node: 'n1' });
    expect(h.model.replica('n1').role).toBe('follower');
    h.model.configure({ type: 'promote', node: 'n3' });
    expect(h.model.replica('n3')).toMatchObject({ role: 'leader', term: 2, leaderId: 'n3' });
  });

  it('naive mode: two leaders of one term keep the smaller id', () => {
    const h = harness('naive');
    h.model.configure({ type: 'promote', node: 'n2' });
    h.model.configure({ type: 'promote', node: 'n3' }); // both at term 2 now
    expect(h.model.replica('n3').term).toBe(h.model.replica('n2').term);
    h.take();
    h.deliver('n3', 'n2', append(2, 0, 0, []));
    expect(h.take()[0]?.body).toMatchObject({ ok: false, leaderConflict: true });
    h.deliver('n2', 'n3', {
      type: 'appendReply',
      kind: 'heartbeat',
      term: 2,
      ok: false,
      matchIndex: 0,
      conflictIndex: 0,
      leaderConflict: true,
    });
    expect(h.model.replica('n3')).toMatchObject({ role: 'follower', leaderId: 'n2' });
  });
});

describe('log matching and truncation', () => {
  it('a follower missing entries answers where to resume', () => {
    const h = harness('majority');
    h.deliver('n1', 'n2', append(1, 3, 1, [entry(4, 1)]));
    expect(h.take()[0]?.body).toMatchObject({ ok: false, conflictIndex: 1 });
  });

  it('a rejoining node truncates its divergent suffix, and the acknowledged entries it discards are reported', () => {
    const h = harness('majority');
    h.deliver('n1', 'n3', append(1, 0, 0, [entry(1, 1), entry(2, 1), entry(3, 1)]));
    h.take();
    // The leader of term 2 shares only entry 1 with n3: it probes at #2 (term 2) and n3 skips back over term 1.
    h.deliver('n2', 'n3', append(2, 2, 2, []));
    expect(h.take()[0]?.body).toMatchObject({ ok: false, conflictIndex: 1 });
    h.deliver('n2', 'n3', append(2, 1, 1, [entry(2, 2, 0)]));
    expect(h.take()[0]?.body).toMatchObject({ ok: true, matchIndex: 2 });
    expect(h.model.replica('n3')).toMatchObject({ logLength: 2, term: 2, leaderId: 'n2' });
    expect(h.model.replica('n3').data).toEqual([{ key: 'k', value: 'v1', version: 1 }]);
    const acked = [2, 3].map((id) => ({
      id,
      f: 'write',
      status: 'ok',
      client: 'c',
      key: 'k',
      value: `v${id}`,
      node: 'n1',
      invokeUs: 0,
      completeUs: 5,
    }));
    const lost = h.model.lostWrites(acked as never);
    expect(lost.map((l) => [l.opId, l.index, l.term, l.lostOn, l.reason])).toEqual([
      [2, 2, 1, 'n3', 'n3 discarded it when it followed n2, leader of term 2'],
      [3, 3, 1, 'n3', 'n3 discarded it when it followed n2, leader of term 2'],
    ]);
  });
});

describe('commit index', () => {
  it('majority mode commits once a majority holds an entry of the current term, then acknowledges', () => {
    const h = harness('majority', ['n1', 'n2', 'n3', 'n4', 'n5']);
    h.deliver('client', 'n1', { type: 'clientWrite', kind: 'request', reqId: 1, key: 'k', value: 'x' });
    h.take();
    h.deliver('n2', 'n1', {
      type: 'appendReply',
      kind: 'ack',
      term: 1,
      ok: true,
      matchIndex: 1,
      conflictIndex: 0,
    });
    expect(h.model.replica('n1').commitIndex).toBe(0); // 2 of 5 hold it
    expect(h.take()).toEqual([]);
    h.deliver('n3', 'n1', {
      type: 'appendReply',
      kind: 'ack',
      term: 1,
      ok: true,
      matchIndex: 1,
      conflictIndex: 0,
    });
    expect(h.model.replica('n1').commitIndex).toBe(1);
    expect(h.take()[0]?.body).toMatchObject({ type: 'clientReply', reqId: 1, ok: true, version: 1 });
  });

  it('entries of an earlier term are not committed by counting replicas (Raft figure 8)', () => {
    const h = harness('majority');
    // n2 holds an entry of term 1 it never committed, then wins term 3 (n3 votes for it).
    h.deliver('n1', 'n2', append(1, 0, 0, [entry(1, 1)]));
    h.model.onTimer('n2', { type: 'election', generation: 2 } as TimerBody);
    h.model.onTimer('n2', { type: 'election', generation: 3 } as TimerBody);
    expect(h.model.replica('n2')).toMatchObject({ role: 'candidate', term: 3 });
    h.deliver('n3', 'n2', { type: 'voteReply', kind: 'vote', term: 3, granted: true });
    expect(h.model.replica('n2')).toMatchObject({ role: 'leader', logLength: 2 });
    // n3 acknowledges only #1 (term 1): a majority holds it, yet it is not committed.
    h.deliver('n3', 'n2', {
      type: 'appendReply',
      kind: 'ack',
      term: 3,
      ok: true,
      matchIndex: 1,
      conflictIndex: 0,
    });
    expect(h.model.replica('n2').commitIndex).toBe(0);
    // Once the no-op of term 3 (#2) is on a majority, both commit.
    h.deliver('n3', 'n2', {
      type: 'appendReply',
      kind: 'ack',
      term: 3,
      ok: true,
      matchIndex: 2,
      conflictIndex: 0,
    });
    expect(h.model.replica('n2').commitIndex).toBe(2);
  });

  it('sync mode with listed sync followers waits only for those', () => {
    const h = harness('manual', ['n1', 'n2', 'n3'], 'sync');
    h.model.configure({ type: 'setReplication', mode: 'sync', syncFollowers: ['n3'] });
    h.deliver('client', 'n1', { type: 'clientWrite', kind: 'request', reqId: 1, key: 'k', value: 'x' });
    h.take();
    h.deliver('n2', 'n1', {
      type: 'appendReply',
      kind: 'ack',
      term: 1,
      ok: true,
      matchIndex: 1,
      conflictIndex: 0,
    });
    expect(h.take()).toEqual([]);
    h.deliver('n3', 'n1', {
      type: 'appendReply',
      kind: 'ack',
      term: 1,
      ok: true,
      matchIndex: 1,
      conflictIndex: 0,
    });
    expect(h.take()[0]?.body).toMatchObject({ type: 'clientReply', ok: true });
  });
});
