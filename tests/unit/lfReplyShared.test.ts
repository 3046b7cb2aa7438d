/**
 * A follower's AppendReply (replication.ts `replyAppend`): the followers of one fan-out answer alike, so the last
 * reply body is sent again when the next says the same (a body is never changed once sent), and a reply that
 * differs in anything gets a body of its own.
 */
import { describe, expect, it } from 'vitest';
import type { LfCluster, LfNode } from '../../src/sim/models/leader-follower/cluster.ts';
import type { AppendEntries } from '../../src/sim/models/leader-follower/messages.ts';
import { onAppendEntries } from '../../src/sim/models/leader-follower/replication.ts';
import type { MessageBody, NodeId } from '../../src/sim/types.ts';
import { lfCluster, type Sent } from '../support/lfCluster.ts';

function cluster(): { c: LfCluster; sent: Sent[]; leader: LfNode } {
  return lfCluster(['leader', 'f1', 'f2', 'f3'], { mode: 'async', semiSyncAcks: 1, heartbeatMs: 50 });
}

/** Delivers `body` from the leader to each follower in turn; returns their replies in order. */
function deliver(c: LfCluster, sent: Sent[], body: AppendEntries, to: readonly NodeId[]): MessageBody[] {
  sent.length = 0;
  for (const f of to) onAppendEntries(c, c.nodes.get(f), 'leader', body);
  return sent.filter((s) => s.body.type === 'appendReply').map((s) => s.body);
}

describe('leader-follower: followers that answer alike share one reply body', () => {
  it('sends the last body again for the same answer, and a new one for any other', () => {
    const { c, sent, leader } = cluster();
    c.acceptWrite(leader, 'c', 1, 'x', '1');
    const first = sent.find((s) => s.body.type === 'append')?.body as AppendEntries;
    const [r1, r2, r3] = deliver(c, sent, first, ['f1', 'f2', 'f3']);
    expect(r1).toEqual({
      type: 'appendReply',
      kind: 'ack',
      term: 1,
      ok: true,
      matchIndex: 1,
      conflictIndex: 0,
    });
    expect(r2).toBe(r1);
    expect(r3).toBe(r1);
    // The next entry: a new match index, a new body, shared in its turn.
    sent.length = 0;
    c.acceptWrite(leader, 'c', 2, 'y', '2');
    const second = sent.find((s) => s.body.type === 'append')?.body as AppendEntries;
    const [s1, s2] = deliver(c, sent, second, ['f1', 'f2']);
    expect(s1).not.toBe(r1);
    expect(s1).toMatchObject({ ok: true, matchIndex: 2, kind: 'ack' });
    expect(s2).toBe(s1);
    // f3 missed the second entry: a heartbeat that probes past its end is refused with where to resume.
    const probe: AppendEntries = { ...second, kind: 'heartbeat', entries: [], prevIndex: 2, prevTerm: 1 };
    const [refused] = deliver(c, sent, probe, ['f3']);
    expect(refused).toEqual({
      type: 'appendReply',
      kind: 'heartbeat',
      term: 1,
      ok: false,
      matchIndex: 0,
      conflictIndex: 2,
    });
    // A heartbeat the up-to-date followers accept: kind heartbeat, match index 2, a body of its own.
    const [h1, h2] = deliver(c, sent, probe, ['f1', 'f2']);
    expect(h1).toMatchObject({ kind: 'heartbeat', ok: true, matchIndex: 2 });
    expect(h1).not.toBe(s1);
    expect(h2).toBe(h1);
  });
});
