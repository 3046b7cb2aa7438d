/**
 * What a leaderless replica does: store versions (or keep them as hints for an unreachable home replica),
 * answer fetches, hand hints off to their home once it answers, and compare digests with a ring neighbour
 * (anti-entropy) to exchange what differs.
 */
import type { NodeId } from '../../types.ts';
import { type LlCluster, type LlNode, signature } from './cluster.ts';
import {
  ANTI_ENTROPY,
  type Digest,
  type DigestReply,
  dotKey,
  type Fetch,
  type FetchReply,
  HANDOFF,
  type Handoff,
  type HandoffAck,
  type LlVersion,
  type Store,
  type StoreAck,
} from './messages.ts';

export function onStore(c: LlCluster, n: LlNode, from: NodeId, s: Store): void {
  if (s.hintFor !== undefined) c.holdHint(n, s.hintFor, s.key, s.versions);
  else c.mergeInto(n, n.store, s.key, s.versions);
  if (s.reqId !== 0)
    c.ctx.send(n.id, from, {
      type: 'storeAck',
      kind: 'ack',
      reqId: s.reqId,
      hinted: s.hintFor !== undefined,
    } satisfies StoreAck);
}

export function onFetch(c: LlCluster, n: LlNode, from: NodeId, f: Fetch): void {
  c.ctx.send(n.id, from, {
    type: 'fetchReply',
    kind: 'response',
    reqId: f.reqId,
    versions: n.store.get(f.key) ?? [],
  } satisfies FetchReply);
}

/** Every handoff interval, a node offers each hint it holds to the replica it was meant for. */
export function onHandoffTimer(c: LlCluster, n: LlNode): void {
  if (!c.config.hintedHandoff) return;
  if (n.hints.size > 0)
    for (const [target, keys] of n.hints)
      for (const [key, versions] of keys)
        c.ctx.send(n.id, target, { type: 'handoff', kind: 'replicate', key, versions } satisfies Handoff);
  c.ctx.setTimer(n.id, c.config.handoffIntervalMs * 1000, HANDOFF);
}

export function onHandoff(c: LlCluster, n: LlNode, from: NodeId, h: Handoff): void {
  c.mergeInto(n, n.store, h.key, h.versions);
  c.ctx.send(n.id, from, {
    type: 'handoffAck',
    kind: 'ack',
    key: h.key,
    dots: h.versions.map(dotKey),
  } satisfies HandoffAck);
}

export function onHandoffAck(c: LlCluster, n: LlNode, target: NodeId, a: HandoffAck): void {
  const keys = n.hints.get(target);
  const held = keys?.get(a.key);
  if (!keys || !held) return;
  // Drop what the intended replica took; keep anything newer that arrived meanwhile.
  const remaining = held.filter((v) => !a.dots.includes(dotKey(v)));
  if (remaining.length === 0) {
    keys.delete(a.key);
    c.handoff.handedOff++;
  } else keys.set(a.key, remaining);
  if (keys.size === 0) n.hints.delete(target);
}

/** Anti-entropy: every interval, a digest of the keys this node shares with the next peer in turn. */
export function onAntiEntropyTimer(c: LlCluster, n: LlNode): void {
  if (c.config.antiEntropyMs <= 0) return;
  const peer = c.peerInTurn(n, n.aePeer);
  if (peer !== undefined) {
    n.aePeer++;
    const entries: [string, string][] = [];
    // By key, each looked up: a walk of the map's entries makes a [key, versions] pair per key.
    for (const key of n.store.keys())
      if (c.preferenceList(key).includes(peer))
        entries.push([key, signature(n.store.get(key) as LlVersion[])]);
    c.ctx.send(n.id, peer, { type: 'digest', kind: 'heartbeat', entries } satisfies Digest);
  }
  c.ctx.setTimer(n.id, c.config.antiEntropyMs * 1000, ANTI_ENTROPY);
}

export function onDigest(c: LlCluster, n: LlNode, from: NodeId, d: Digest): void {
  const entries = d.entries;
  // A digest lists each key once (it is made from a store's keys), a few of them: looked up in the list itself.
  // A long one is looked up in a Map made of it.
  const theirs = entries.length > DIGEST_SCAN ? new Map(entries) : null;
  let items: { key: string; versions: LlVersion[] }[] | null = null;
  let want: string[] | null = null;
  for (const key of n.store.keys()) {
    if (!c.preferenceList(key).includes(from)) continue;
    const versions = n.store.get(key) as LlVersion[];
    const other = theirs ? theirs.get(key) : signatureIn(entries, key);
    if (other === signature(versions)) continue;
    if (items === null) items = [];
    items.push({ key, versions });
    if (other === undefined) continue;
    if (want === null) want = [];
    want.push(key);
  }
  if (theirs) for (const key of theirs.keys()) want = wantMissing(n, key, want);
  else for (const e of entries) want = wantMissing(n, e[0], want);
  if (items !== null || want !== null)
    c.ctx.send(n.id, from, {
      type: 'digestReply',
      kind: 'replicate',
      items: items ?? [],
      want: want ?? [],
    } satisfies DigestReply);
}

/** `want` with `key` added when the node lacks it (a new list for the first). */
function wantMissing(n: LlNode, key: string, want: string[] | null): string[] | null {
  if (n.store.has(key)) return want;
  if (want === null) return [key];
  want.push(key);
  return want;
}

/** Digests of up to this many keys are searched as they are, without a Map. */
const DIGEST_SCAN = 16;

/** The signature a digest lists for `key`, if it lists the key. */
function signatureIn(entries: readonly (readonly [string, string])[], key: string): string | undefined {
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as readonly [string, string];
    if (e[0] === key) return e[1];
  }
  return undefined;
}

/** The peer's answer: take what it sent, and send back the keys it wants. */
export function onDigestReply(c: LlCluster, n: LlNode, from: NodeId, r: DigestReply): void {
  for (const item of r.items) c.mergeInto(n, n.store, item.key, item.versions);
  for (const key of r.want) {
    const versions = n.store.get(key);
    if (versions)
      c.ctx.send(n.id, from, { type: 'store', kind: 'replicate', reqId: 0, key, versions } satisfies Store);
  }
}
