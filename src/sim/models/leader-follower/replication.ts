/**
 * Log shipping (Raft section 5.3): the follower's AppendEntries rules (the consistency check on prevIndex and
 * prevTerm, truncation of a conflicting suffix, applying in order) and the leader's handling of the replies
 * (advancing matchIndex, resending from a conflict hint, catching a lagging follower up).
 */
import type { NodeId } from '../../types.ts';
import type { LfCluster, LfNode } from './cluster.ts';
import { matchRose } from './commit.ts';
import { entryAt, epochAt, lastIndex, runAt, sameEpoch } from './log.ts';
import { setConfig } from './membership.ts';
import { type AppendEntries, type AppendReply, HEARTBEAT, type LogEntry, SHIP } from './messages.ts';

/** The leader's heartbeat: an empty AppendEntries to every follower, which also repairs lost messages. */
export function onHeartbeatTimer(c: LfCluster, n: LfNode): void {
  if (n.role !== 'leader') return;
  for (const f of c.peers(n)) c.sendAppend(n, f, true);
  c.ctx.setTimer(n.id, c.heartbeatUs, HEARTBEAT);
}

/** With a ship interval, entries leave in periodic shipments instead of at once. */
export function onShipTimer(c: LfCluster, n: LfNode): void {
  if (n.role !== 'leader') return;
  for (const f of c.peers(n)) if ((n.nextIndex.get(f) ?? 1) <= lastIndex(n)) c.sendAppend(n, f, false);
  c.ctx.setTimer(n.id, c.shipIntervalUs, SHIP);
}

/** What a reply says beyond its term: each follower sends one per AppendEntries, so no object is spread. */
interface ReplyFields {
  ok: boolean;
  matchIndex: number;
  conflictIndex: number;
  leaderConflict?: boolean;
  round?: number;
}

function replyAppend(
  c: LfCluster,
  n: LfNode,
  leader: NodeId,
  kind: AppendReply['kind'],
  ok: boolean,
  matchIndex: number,
  conflictIndex: number,
  round?: number,
  leaderConflict = false,
): void {
  // The followers of a fan-out answer alike (the same term, the same match index): a body is never changed once
  // sent, so the last one goes again when it says the same, where each follower made its own (72 bytes, a third
  // of the 100-follower preset's events).
  const last = c.lastReply;
  if (
    last !== null &&
    last.matchIndex === matchIndex &&
    last.term === n.term &&
    last.ok === ok &&
    last.conflictIndex === conflictIndex &&
    last.kind === kind &&
    last.round === round &&
    (last.leaderConflict === true) === leaderConflict
  ) {
    c.ctx.send(n.id, leader, last);
    return;
  }
  const reply: Pick<AppendReply, 'type' | 'kind' | 'term'> & ReplyFields = {
    type: 'appendReply',
    kind,
    term: n.term,
    ok,
    matchIndex,
    conflictIndex,
  };
  if (leaderConflict) reply.leaderConflict = true;
  if (round !== undefined) reply.round = round;
  c.lastReply = reply;
  c.ctx.send(n.id, leader, reply satisfies AppendReply);
}

export function onAppendEntries(c: LfCluster, n: LfNode, leader: NodeId, a: AppendEntries): void {
  const kind = a.entries.length > 0 ? 'ack' : 'heartbeat';
  // Fencing: a message from a deposed leader's older term is refused, and the reply tells it the new term.
  if (a.term < n.term) {
    replyAppend(c, n, leader, kind, false, 0, 0);
    return;
  }
  // Two leaders of one term can only meet in naive mode; the smaller id keeps the role.
  if (n.role === 'leader' && a.term === n.term && n.id < leader) {
    replyAppend(c, n, leader, kind, false, 0, 0, undefined, true);
    return;
  }
  if (a.term > n.term || n.role !== 'follower' || n.leaderId !== leader) c.stepDown(n, a.term, leader);
  else c.resetElectionTimer(n);
  // Whatever the log check says, this node follows the sender in its term: that confirms the read round
  // (`a.round`, echoed by the reply).
  let conflictIndex = findConflict(n, a.prevIndex, a.prevTerm, a.prevLeader);
  // An entry that disagrees with the node's compacted part can only be cut there: the same case as a conflict
  // at prevIndex behind the snapshot point.
  if (conflictIndex === null)
    for (const e of a.entries) {
      if (e.index > n.snap.index) break;
      if (!sameEpoch(epochAt(n, e.index), e)) conflictIndex = BEHIND_SNAPSHOT;
    }
  if (conflictIndex === BEHIND_SNAPSHOT) {
    // The leader's log disagrees with this node's compacted part: a snapshot cannot be cut in two, so the node
    // gives up its whole state and asks for the leader's from the start (log.ts explains what is reported).
    c.discardAll(n, `${n.id} discarded it when it followed ${leader}, leader of term ${a.term}`);
    // From the start the leader's entries are new again: taken at once if they start there, asked for if not.
    conflictIndex = a.prevIndex === 0 ? null : 1;
  }
  if (conflictIndex !== null) {
    replyAppend(c, n, leader, kind, false, 0, conflictIndex, a.round);
    return;
  }
  let truncated = false;
  for (const e of a.entries) {
    if (e.index <= n.snap.index) continue;
    const mine = entryAt(n, e.index);
    if (mine && sameEpoch(mine, e)) continue;
    if (mine) {
      c.truncate(n, e.index, `${n.id} discarded it when it followed ${leader}, leader of term ${a.term}`);
      truncated = true;
    }
    n.log.push(e);
    // A configuration takes effect on every server when appended, committed or not.
    if (e.config) setConfig(n, e.config, e.index);
  }
  if (truncated) c.rebuild(n);
  const matchIndex = a.prevIndex + a.entries.length;
  c.applyUpTo(n, matchIndex);
  n.commit = Math.max(n.commit, Math.min(a.commit, matchIndex));
  c.maybeCompact(n);
  replyAppend(c, n, leader, kind, true, matchIndex, 0, a.round);
}

/** findConflict's answer when the disagreement lies within the node's compacted part. */
const BEHIND_SNAPSHOT = -1;

/** null when the log matches at prevIndex, else the index the leader should resume from. */
function findConflict(n: LfNode, prevIndex: number, prevTerm: number, prevLeader: NodeId): number | null {
  if (prevIndex === 0) return null;
  const last = lastIndex(n);
  if (prevIndex > last) return last + 1;
  const mine = epochAt(n, prevIndex);
  if (sameEpoch(mine, { term: prevTerm, leader: prevLeader })) return null;
  if (prevIndex <= n.snap.index) return BEHIND_SNAPSHOT;
  // Skip back over the whole conflicting epoch at once (the Raft paper's optimisation); into the compacted part,
  // the epoch's run tells where it starts.
  let i = prevIndex - 1;
  while (i > n.snap.index && sameEpoch(entryAt(n, i) as LogEntry, mine)) i--;
  if (i > 0 && i === n.snap.index && sameEpoch(epochAt(n, i), mine))
    return runAt(n.snap.epochs, i)?.from ?? 1;
  return i + 1;
}

export function onAppendReply(c: LfCluster, n: LfNode, follower: NodeId, r: AppendReply): void {
  if (r.term > n.term) {
    c.stepDown(n, r.term, null);
    return;
  }
  if (r.leaderConflict && n.role === 'leader' && r.term === n.term) {
    // Naive mode: another leader of this term refused us and keeps the role; we follow it.
    c.stepDown(n, n.term, follower);
    return;
  }
  if (n.role !== 'leader' || r.term !== n.term) return;
  if (r.round !== undefined) c.confirmReads(n, follower, r.round);
  if (r.ok) {
    const matched = n.matchIndex.get(follower) ?? 0;
    if (r.matchIndex > matched) {
      n.matchIndex.set(follower, r.matchIndex);
      matchRose(c, n, follower, matched, r.matchIndex);
    }
    const next = n.nextIndex.get(follower) ?? 1;
    // Everything sent so far is acknowledged but the follower is still behind (catching up in batches, or a
    // heartbeat showed it matching only up to an older point, as an old leader with a stale tail of its own
    // does): send the rest. Entries merely in flight are not sent again; a lost one shows up as a gap that the
    // follower reports on the next append or heartbeat. With a ship interval nothing ships between
    // shipments: unshipped entries wait for the next one.
    const catchingUp = c.shipIntervalUs === 0;
    if (catchingUp && r.matchIndex < lastIndex(n) && next <= r.matchIndex + 1) {
      n.nextIndex.set(follower, r.matchIndex + 1);
      c.sendAppend(n, follower, false);
    }
    c.advanceCommit(n);
  } else if (r.conflictIndex > 0) {
    // A refusal only moves nextIndex back: a stale hint must not undo a catch-up in flight. (A heartbeat that
    // probed past a lagging follower's end is answered with its end; were that obeyed while a batch from an
    // earlier conflict was in flight, the leader would jump forward, be refused there again, and start over for
    // ever.) It may go behind matchIndex: a follower that lost its disk matches nothing any more.
    const last = lastIndex(n);
    const next = n.nextIndex.get(follower) ?? last + 1;
    n.nextIndex.set(follower, Math.max(1, Math.min(r.conflictIndex, next, last + 1)));
    c.sendAppend(n, follower, last < (n.nextIndex.get(follower) ?? 1));
  }
}
