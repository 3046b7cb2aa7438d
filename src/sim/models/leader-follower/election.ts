/**
 * Leader election (Raft section 5.2) and its unsafe naive cousin: what a follower does when its election timer
 * fires, and the RequestVote rules, with the election restriction of section 5.4.1.
 */
import type { NodeId } from '../../types.ts';
import type { LfCluster, LfNode } from './cluster.ts';
import { epochAt, lastIndex } from './log.ts';
import type { VoteReply, VoteRequest } from './messages.ts';

/** A follower heard no leader for its election timeout: majority failover starts an election, naive promotes. */
export function onElectionTimeout(c: LfCluster, n: LfNode): void {
  if (n.role === 'leader') return;
  // A server that is no member of its configuration (one added but not yet told) never campaigns.
  if (!n.config.includes(n.id)) return;
  if (c.failover === 'majority') startElection(c, n);
  else if (c.failover === 'naive') c.promoteSelf(n);
}

export function startElection(c: LfCluster, n: LfNode): void {
  n.term++;
  n.role = 'candidate';
  n.votedFor = n.id;
  n.leaderId = null;
  n.votes = new Set([n.id]);
  c.resetElectionTimer(n);
  if (n.votes.size >= c.majority(n)) {
    c.becomeLeader(n, true);
    return;
  }
  const last = lastIndex(n);
  for (const peer of c.peers(n))
    c.ctx.send(n.id, peer, {
      type: 'voteRequest',
      kind: 'vote',
      term: n.term,
      lastLogIndex: last,
      lastLogTerm: epochAt(n, last).term,
    } satisfies VoteRequest);
}

export function onVoteRequest(c: LfCluster, n: LfNode, candidate: NodeId, r: VoteRequest): void {
  if (r.term > n.term) c.stepDown(n, r.term, null);
  const last = lastIndex(n);
  const lastTerm = epochAt(n, last).term;
  // Election restriction (Raft 5.4.1): vote only for a log at least as up to date as ours.
  const upToDate = r.lastLogTerm > lastTerm || (r.lastLogTerm === lastTerm && r.lastLogIndex >= last);
  const granted = r.term === n.term && (n.votedFor === null || n.votedFor === candidate) && upToDate;
  if (granted) {
    n.votedFor = candidate;
    c.resetElectionTimer(n);
  }
  c.ctx.send(n.id, candidate, {
    type: 'voteReply',
    kind: 'vote',
    term: n.term,
    granted,
  } satisfies VoteReply);
}

export function onVoteReply(c: LfCluster, n: LfNode, voter: NodeId, r: VoteReply): void {
  if (r.term > n.term) {
    c.stepDown(n, r.term, null);
    return;
  }
  if (n.role !== 'candidate' || r.term !== n.term || !r.granted) return;
  n.votes.add(voter);
  if (n.votes.size >= c.majority(n)) c.becomeLeader(n, true);
}
