/**
 * The order statistics behind a leader's commit rules (cluster.ts `advanceCommit`): the index that enough
 * followers acknowledged (sync, semi-sync) and the index a majority holds (Raft). Each is the k-th largest of
 * the followers' match indexes, and a leader asks for it on every acknowledgement: with 100 followers a full
 * pass (100 lookups and a selection) per acknowledgement was most of a run's time.
 *
 * So each rule keeps a tracker: the k-th largest value found by the last full pass, with how many of the values
 * lie above it and how many at or above it. A follower's match index only ever rises between passes
 * (`matchRose`); a rise moves it across the tracked value or not, the two counts follow, and the value stands
 * as long as fewer than k lie above it and at least k at or above it, which is exactly when it is still the
 * k-th largest. Otherwise, or when anything else changed (a new match table after an election or a crash, new
 * members, a new k, the leader's own index falling), the next question makes a full pass. In the steady state a
 * write costs one full pass per rule instead of one per acknowledgement.
 *
 * `COMMIT_TRACKING.incremental = false` makes every question a full pass: a test runs scenarios both ways and
 * finds the same runs.
 */
import type { NodeId } from '../../types.ts';
import { kthLargest } from '../shared/select.ts';
import type { LfCluster, LfNode } from './cluster.ts';
import { epochAt, lastIndex } from './log.ts';

export const COMMIT_TRACKING = { incremental: true };

/** One rule's k-th largest match index, as the last full pass found it and single rises since kept it. */
export interface KthTracker {
  /** What the pass read: the leader's match table and members (each replaced, never rebuilt in place), k. */
  matches: ReadonlyMap<NodeId, number> | null;
  members: readonly NodeId[] | null;
  k: number;
  /** The leader's own index when it counts itself (majority rule), else null. */
  self: number | null;
  /** The members as a set, for `matchRose`, and the list it was made of. */
  memberSet: ReadonlySet<NodeId>;
  setOf: readonly NodeId[] | null;
  kth: number;
  /** How many of the values lie above `kth`, and at or above it. */
  above: number;
  atLeast: number;
  /** Whether `kth` still answers for the same inputs. */
  valid: boolean;
}

export function emptyTracker(): KthTracker {
  return {
    matches: null,
    members: null,
    k: 0,
    self: null,
    memberSet: new Set(),
    setOf: null,
    kth: 0,
    above: 0,
    atLeast: 0,
    valid: false,
  };
}

/** One value of the tracked multiset rose from `from` to `to`: the counts follow, and the answer stands or not. */
function rise(t: KthTracker, from: number, to: number): void {
  const k = t.kth;
  if (from > k) {
    t.above--;
    t.atLeast--;
  } else if (from === k) t.atLeast--;
  if (to > k) {
    t.above++;
    t.atLeast++;
  } else if (to === k) t.atLeast++;
  if (!(t.above < t.k && t.atLeast >= t.k)) t.valid = false;
}

/**
 * The k-th largest of the members' match indexes (missing ones count 0) and `self` when not null; 0 when there
 * are fewer than k values (as `kthLargest(...) ?? 0`).
 */
function kthMatch(
  t: KthTracker,
  matches: ReadonlyMap<NodeId, number>,
  members: readonly NodeId[],
  k: number,
  self: number | null,
  scratch: number[],
): number {
  if (
    t.valid &&
    COMMIT_TRACKING.incremental &&
    t.matches === matches &&
    t.members === members &&
    t.k === k &&
    (t.self === null) === (self === null)
  ) {
    if (self !== null && t.self !== null && self !== t.self) {
      if (self > t.self) rise(t, t.self, self);
      else t.valid = false;
      t.self = self;
    }
    if (t.valid) return t.kth;
  }
  // Written in place, not emptied and pushed again: an array emptied (`length = 0`) lets go of its storage, so
  // each full pass grew a new one, in five steps, up to the 101 values of a 100-follower leader.
  let count = 0;
  if (self !== null) scratch[count++] = self;
  for (const f of members) scratch[count++] = matches.get(f) ?? 0;
  scratch.length = count;
  const kth = kthLargest(scratch, k);
  if (t.setOf !== members) {
    t.memberSet = new Set(members);
    t.setOf = members;
  }
  t.matches = matches;
  t.members = members;
  t.k = k;
  t.self = self;
  t.kth = kth ?? 0;
  t.above = 0;
  t.atLeast = 0;
  for (const v of scratch) {
    if (v > t.kth) t.above++;
    if (v >= t.kth) t.atLeast++;
  }
  // A member listed twice counts twice in a pass but would rise once: such a list is always passed in full.
  t.valid = kth !== undefined && t.memberSet.size === members.length;
  return t.kth;
}

/** A follower's match index rose from `from` to `to` in the leader's table: the trackers that count it follow. */
export function matchRose(c: LfCluster, n: LfNode, follower: NodeId, from: number, to: number): void {
  follow(c.ackTracker, n, follower, from, to);
  follow(c.majorityTracker, n, follower, from, to);
}

function follow(t: KthTracker, n: LfNode, follower: NodeId, from: number, to: number): void {
  if (t.valid && t.matches === n.matchIndex && t.setOf === t.members && t.memberSet.has(follower))
    rise(t, from, to);
}

/**
 * The index held by every sync follower (sync) or by at least `semiSyncAcks` followers (semi-sync). A member
 * the operator removed (removeNode: the machine is gone) is not waited for while its removal is still on its
 * way through the log: it can never answer, and the entry that removes it would itself wait for it, so a sync
 * leader would commit nothing, and change no configuration, ever again.
 */
export function acknowledgedIndex(c: LfCluster, n: LfNode, scratch: number[]): number {
  const waitFor = acknowledgers(c, n);
  if (waitFor.length === 0) return lastIndex(n);
  const k = c.mode === 'sync' ? waitFor.length : Math.min(c.semiSyncAcks, waitFor.length);
  return kthMatch(c.ackTracker, n.matchIndex, waitFor, k, null, scratch);
}

/**
 * The peers whose acknowledgements count: members the operator has not removed and, under sync with named
 * sync followers, only those. Worked out once per peers, target and sync set (each replaced, never changed in
 * place), not on every acknowledgement.
 */
function acknowledgers(c: LfCluster, n: LfNode): readonly NodeId[] {
  const sync = c.mode === 'sync' ? c.syncFollowers : null;
  const cached = c.ackedBy;
  if (cached && cached.peers === n.peers && cached.target === c.target && cached.sync === sync)
    return cached.waitFor;
  return workOutAcknowledgers(c, n, sync);
}

/**
 * `acknowledgers` when its cache does not answer. A function of its own: the closures below capture `sync` and
 * the target's set, which V8 keeps in a context object made on entry to the function that declares them, so in
 * `acknowledgers` itself every call, cached or not, made one (48 bytes per acknowledgement, 8% of what the
 * 100-follower preset allocated).
 */
function workOutAcknowledgers(c: LfCluster, n: LfNode, sync: readonly NodeId[] | null): readonly NodeId[] {
  const inTarget = new Set(c.target);
  const peers = n.peers.filter((p) => inTarget.has(p));
  const waitFor = sync ? peers.filter((p) => sync.includes(p)) : peers;
  c.ackedBy = { peers: n.peers, target: c.target, sync, waitFor };
  return waitFor;
}

/** Raft's commit rule: the highest index of the current term held by a majority (the leader included). */
export function majorityIndex(c: LfCluster, n: LfNode, scratch: number[]): number {
  // The leader counts itself only while it is a member of the configuration it uses (its peers are that
  // configuration without it: one shorter exactly when it is a member).
  const self = n.peers.length < n.config.length ? lastIndex(n) : null;
  const index = kthMatch(c.majorityTracker, n.matchIndex, n.peers, c.majority(n), self, scratch);
  // Entries of earlier terms are committed only indirectly, by an entry of this term (Raft figure 8).
  const epoch = epochAt(n, index);
  return epoch.term === n.term && epoch.leader === n.id ? index : n.commit;
}
