/**
 * InstallSnapshot (Raft section 7): a leader whose log no longer holds the entries a follower needs sends its
 * snapshot instead; the follower keeps its own log after the snapshot point if it agrees there, and otherwise
 * replaces its state with the snapshot. It answers as to an AppendEntries, with the snapshot point as its match.
 */
import type { NodeId } from '../../types.ts';
import type { LfCluster, LfNode } from './cluster.ts';
import { compactTo, epochAt, lastIndex, sameEpoch } from './log.ts';
import type { AppendReply, InstallSnapshot } from './messages.ts';

export function sendSnapshot(c: LfCluster, n: LfNode, follower: NodeId): void {
  const snap = n.snap;
  const body: InstallSnapshot = {
    type: 'snapshot',
    kind: 'replicate',
    term: n.term,
    lastIndex: snap.index,
    lastTerm: snap.term,
    lastLeader: snap.leader,
    data: [...snap.data].map(([key, cell]) => [key, cell.value, cell.index, cell.op] as const),
    epochs: [...snap.epochs],
    config: snap.config,
    commit: n.commit,
    ...(c.reads === 'read-index' ? { round: n.readRound } : {}),
  };
  n.nextIndex.set(follower, snap.index + 1);
  c.ctx.send(n.id, follower, body);
}

function reply(c: LfCluster, n: LfNode, leader: NodeId, fields: Partial<AppendReply>): void {
  c.ctx.send(n.id, leader, {
    type: 'appendReply',
    kind: 'ack',
    term: n.term,
    ok: false,
    matchIndex: 0,
    conflictIndex: 0,
    ...fields,
  } satisfies AppendReply);
}

export function onInstallSnapshot(c: LfCluster, n: LfNode, leader: NodeId, s: InstallSnapshot): void {
  // The same fencing as AppendEntries: an older term is refused, two leaders of one term keep the smaller id.
  if (s.term < n.term) {
    reply(c, n, leader, {});
    return;
  }
  if (n.role === 'leader' && s.term === n.term && n.id < leader) {
    reply(c, n, leader, { leaderConflict: true });
    return;
  }
  if (s.term > n.term || n.role !== 'follower' || n.leaderId !== leader) c.stepDown(n, s.term, leader);
  else c.resetElectionTimer(n);
  const round = s.round !== undefined ? { round: s.round } : {};
  const point = { term: s.lastTerm, leader: s.lastLeader };
  if (s.lastIndex <= lastIndex(n) && sameEpoch(epochAt(n, s.lastIndex), point)) {
    // Its log agrees at the snapshot point: it keeps what follows, and compacts what it already has.
    if (s.lastIndex > n.snap.index) compactTo(n, s.lastIndex);
    if (n.applied < n.snap.index) {
      n.data = new Map(n.snap.data);
      n.applied = n.snap.index;
    }
  } else {
    // Its log disagrees (or is shorter): everything it holds gives way to the snapshot. What it discards of its
    // own compacted part is reported only if the leader's epochs disagree there too.
    const agreed = n.snap.index <= s.lastIndex && sameEpoch(epochAtRuns(s, n.snap.index), n.snap);
    c.discardAll(
      n,
      `${n.id} discarded it when it installed the snapshot of ${leader}, leader of term ${s.term}`,
      agreed,
    );
    install(n, s);
  }
  c.refreshConfig(n);
  n.commit = Math.max(n.commit, Math.min(s.commit, s.lastIndex));
  reply(c, n, leader, { ok: true, matchIndex: s.lastIndex, ...round });
}

function epochAtRuns(s: InstallSnapshot, i: number): { term: number; leader: NodeId } {
  let found = { term: 0, leader: '' };
  for (const run of s.epochs) if (run.from <= i) found = run;
  return found;
}

function install(n: LfNode, s: InstallSnapshot): void {
  const snap = n.snap;
  snap.index = s.lastIndex;
  snap.term = s.lastTerm;
  snap.leader = s.lastLeader;
  snap.data.clear();
  for (const [key, value, version, op] of s.data) snap.data.set(key, { value, index: version, op });
  snap.epochs.length = 0;
  snap.epochs.push(...s.epochs);
  snap.config = s.config;
  n.log = [];
  n.data = new Map(snap.data);
  n.applied = snap.index;
  n.commit = snap.index;
}
