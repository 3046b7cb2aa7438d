/**
 * A new entry's fan-out (cluster.ts `append`): every follower that is up to date gets one AppendEntries body,
 * built once, the same as sendAppend builds for each alone; a follower still catching up gets nothing here (its
 * catch-up batch carries the entry). In read-index mode the body carries the leader's round, as its last key.
 */
import { describe, expect, it } from 'vitest';
import type { LfCluster, LfNode } from '../../src/sim/models/leader-follower/cluster.ts';
import type { AppendEntries } from '../../src/sim/models/leader-follower/messages.ts';
import type { ReadMode } from '../../src/sim/scenarios/schema.ts';
import { lfCluster, type Sent } from '../support/lfCluster.ts';

function cluster(reads: ReadMode = 'local'): { c: LfCluster; sent: Sent[]; leader: LfNode } {
  return lfCluster(['leader', 'f1', 'f2'], { mode: 'async', semiSyncAcks: 1, heartbeatMs: 50, reads });
}

const appends = (sent: readonly Sent[]) => sent.filter((s) => s.body.type === 'append');

describe('leader-follower: a new entry goes to the up-to-date followers in one body', () => {
  it('sends the same body to every up-to-date follower, equal to what sendAppend sends one alone', () => {
    const { c, sent, leader } = cluster();
    c.acceptWrite(leader, 'c', 1, 'x', '1');
    const [a, b] = appends(sent);
    expect(appends(sent).map((s) => s.to)).toEqual(['f1', 'f2']);
    expect(a?.body).toBe(b?.body);
    const body = a?.body as AppendEntries;
    expect(Object.keys(body)).toEqual([
      'type',
      'kind',
      'term',
      'prevIndex',
      'prevTerm',
      'prevLeader',
      'entries',
      'commit',
    ]);
    expect(body).toMatchObject({ kind: 'replicate', prevIndex: 0, prevTerm: 0, prevLeader: '' });
    expect(body.entries.map((e) => [e.index, e.key, e.value])).toEqual([[1, 'x', '1']]);
    expect([leader.nextIndex.get('f1'), leader.nextIndex.get('f2')]).toEqual([2, 2]);
    // One follower alone, from the same place: the same contents, but for the commit index, which the write's
    // acknowledgement moved after the fan-out (asynchronous mode commits at once).
    leader.nextIndex.set('f2', 1);
    sent.length = 0;
    c.sendAppend(leader, 'f2', false);
    expect(leader.commit).toBe(1);
    expect(appends(sent)[0]?.body).toEqual({ ...body, commit: 1 });
  });

  it('leaves a follower still catching up to its batch', () => {
    const { c, sent, leader } = cluster();
    c.acceptWrite(leader, 'c', 1, 'x', '1');
    leader.nextIndex.set('f2', 1);
    sent.length = 0;
    c.acceptWrite(leader, 'c', 2, 'x', '2');
    expect(appends(sent).map((s) => s.to)).toEqual(['f1']);
    expect(appends(sent)[0]?.body).toMatchObject({ prevIndex: 1, prevTerm: 1, prevLeader: 'leader' });
    expect([leader.nextIndex.get('f1'), leader.nextIndex.get('f2')]).toEqual([3, 1]);
  });

  it("carries the leader's round last in read-index mode", () => {
    const { c, sent, leader } = cluster('read-index');
    leader.readRound = 7;
    c.acceptWrite(leader, 'c', 1, 'x', '1');
    const body = appends(sent)[0]?.body as AppendEntries;
    expect(appends(sent)[1]?.body).toBe(body);
    expect(Object.keys(body).at(-1)).toBe('round');
    expect(body.round).toBe(7);
  });
});
