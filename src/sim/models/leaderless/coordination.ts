/**
 * What a coordinator does with a client's request (Dynamo section 4.5): a write goes to the key's N home
 * replicas and is acknowledged once W of them stored it; a read asks them and answers once R replied, merging
 * what they hold (and repairing stale replicas, as configured). Sloppy quorums send a write's missing copies to
 * the next nodes on the ring as hints. A request that does not reach its quorum in time fails; a failed write is
 * not rolled back where it was stored.
 */
import type { Mutable, NodeId, QuorumView } from '../../types.ts';
import type { ClientRead, ClientReply, ClientWrite } from '../model.ts';
import { nextId } from '../shared/nextId.ts';
import { replyToClient } from '../shared/replies.ts';
import { EMPTY_VECTOR, type VersionVector, withEntry } from '../shared/versionVector.ts';
import { type Coordination, type LlCluster, type LlNode, sameDots } from './cluster.ts';
import {
  type Fetch,
  type FetchReply,
  type LlVersion,
  type QuorumTimer,
  type Store,
  type StoreAck,
  versionBytes,
} from './messages.ts';
import { readAnswer } from './readAnswer.ts';

/** The empty map every coordination without stand-ins shares (never filled: `onSloppy` makes its own). */
const NO_FALLBACKS: Map<NodeId, NodeId> = new Map();
/** The empty list a write shares for the responses only a read collects (never filled: frozen, so shared). */
const NO_RESPONSES = Object.freeze([]) as unknown as (readonly LlVersion[])[];

export function coordinateWrite(c: LlCluster, n: LlNode, client: NodeId, req: ClientWrite): void {
  const targets = c.writeTargets(req.key);
  n.counter++;
  const vv = withEntry(req.context ?? EMPTY_VECTOR, n.id, n.counter);
  // The same vector in the cluster's dense form (the context's entries, then this write's dot).
  const dv = denseOfWrite(c, n, req.context);
  const { keys, positive } = DENSE_WRITE;
  // An auto-increment write takes the next number among the versions the coordinator itself holds (nextId.ts).
  const value = req.autoIncrement ? nextId((n.store.get(req.key) ?? []).map((v) => v.value)) : req.value;
  const version: LlVersion = {
    value,
    vv,
    ts: c.ctx.clockUs(n.id),
    origin: n.id,
    seq: n.counter,
    opId: req.reqId,
    bytes: versionBytes(value, vv, n.id),
    dv,
    keys,
    positive,
  };
  const q = begin(
    c,
    n,
    'write',
    req.key,
    client,
    req.reqId,
    c.config.w + targets.extra,
    version,
    targets.home,
  );
  // One body for every home replica (a body is never changed once sent), so it is made and sized once; its list
  // of one version is also what the coordinator merges as a home replica (a merge keeps no list it is given).
  const versions = [version];
  let store: Store | null = null;
  for (const home of q.home) {
    if (home === n.id) {
      c.mergeInto(n, n.store, req.key, versions);
      countAck(c, n, q, n.id);
    } else {
      store ??= { type: 'store', kind: 'replicate', reqId: q.reqId, key: req.key, versions };
      c.ctx.send(n.id, home, store);
    }
  }
}

export function coordinateRead(c: LlCluster, n: LlNode, client: NodeId, req: ClientRead): void {
  const q = begin(c, n, 'read', req.key, client, req.reqId, c.config.r);
  let fetch: Fetch | null = null;
  for (const home of q.home) {
    if (home === n.id) countResponse(c, n, q, n.id, n.store.get(req.key) ?? []);
    else {
      fetch ??= { type: 'fetch', kind: 'read', reqId: q.reqId, key: req.key };
      c.ctx.send(n.id, home, fetch);
    }
  }
}

function begin(
  c: LlCluster,
  n: LlNode,
  kind: 'write' | 'read',
  key: string,
  client: NodeId,
  clientReq: number,
  needed: number,
  version?: LlVersion,
  home: readonly NodeId[] = c.preferenceList(key),
): Coordination {
  const q: Coordination = {
    coordinator: n.id,
    reqId: n.nextReq++,
    kind,
    key,
    client,
    clientReq,
    home,
    needed,
    acks: [],
    // Only a sloppy write takes fallbacks (onSloppy gives it its own map then) and only a read collects
    // responses: the others share an empty map and list that nothing ever fills (countResponse is for reads).
    fallbacks: NO_FALLBACKS,
    responses: kind === 'read' ? [] : NO_RESPONSES,
    // Always present (undefined for a read), so every coordination has one shape: no spread on this hot path.
    version,
    status: 'waiting',
    startedUs: c.ctx.nowUs,
    doneUs: null,
  };
  n.coordinating.add(q);
  c.ctx.setTimer(n.id, c.config.requestTimeoutMs * 1000, {
    type: 'quorumTimeout',
    reqId: q.reqId,
  } satisfies QuorumTimer);
  if (kind === 'write' && c.config.sloppyQuorum)
    c.ctx.setTimer(n.id, c.config.sloppyAfterMs * 1000, {
      type: 'sloppy',
      reqId: q.reqId,
    } satisfies QuorumTimer);
  return q;
}

export function onStoreAck(c: LlCluster, n: LlNode, from: NodeId, a: StoreAck): void {
  const q = n.coordinating.get(a.reqId);
  if (!q) return;
  if (q.kind === 'read') {
    // Blocking read repair: the answer waits for the stale replicas to take the merged version.
    q.repairPending?.delete(from);
    if (q.status === 'repairing' && q.repairPending?.size === 0) answerRead(c, n, q);
    return;
  }
  countAck(c, n, q, from);
}

function countAck(c: LlCluster, n: LlNode, q: Coordination, from: NodeId): void {
  if (!q.acks.includes(from)) q.acks.push(from);
  if (q.status === 'waiting' && q.acks.length >= q.needed) {
    q.status = 'reached';
    q.doneUs = c.ctx.nowUs;
    const v = q.version as LlVersion;
    replyToClient(c.ctx, n.id, q.client, {
      type: 'clientReply',
      kind: 'response',
      reqId: q.clientReq,
      ok: true,
      version: 0,
      value: v.value,
      dot: { node: v.origin, n: v.seq },
      ts: v.ts,
    });
  }
  // Keep counting late acknowledgements until every target answered, for the view; then retire.
  if (q.status !== 'waiting' && q.acks.length >= q.home.length + q.fallbacks.size) retire(c, n, q);
}

export function onFetchReply(c: LlCluster, n: LlNode, from: NodeId, f: FetchReply): void {
  const q = n.coordinating.get(f.reqId);
  if (q?.kind !== 'read') return;
  countResponse(c, n, q, from, f.versions);
}

function countResponse(
  c: LlCluster,
  n: LlNode,
  q: Coordination,
  from: NodeId,
  versions: readonly LlVersion[],
): void {
  // A responder's latest versions in its first place (as a Map's set keeps it): a duplicated reply replaces.
  const at = q.acks.indexOf(from);
  if (at < 0) {
    q.acks.push(from);
    q.responses.push(versions);
  } else q.responses[at] = versions;
  if (q.status === 'waiting' && q.responses.length >= q.needed) {
    q.merged = c.resolveResponses(q.responses);
    // Siblings a replica already holds as they are (the merge is its list itself) were noted when it stored them.
    if (q.merged.length > 1 && !q.responses.includes(q.merged)) c.noteSiblings(n.id, q.key, q.merged, 'read');
    if (c.config.readRepair === 'blocking') {
      const merged = q.merged;
      const stale = q.acks.filter((_, i) => !sameDots(q.responses[i] as readonly LlVersion[], merged));
      if (stale.length > 0) {
        q.status = 'repairing';
        q.repairPending = new Set(stale);
        for (const id of stale) repair(c, n, id, q.key, q.merged, q.reqId);
        return;
      }
    }
    answerRead(c, n, q);
    return;
  }
  // A late reply: repair it too if it is behind.
  if (settled(q) && c.config.readRepair === 'async' && q.merged && !sameDots(versions, q.merged))
    repair(c, n, from, q.key, q.merged, 0);
  if (settled(q) && q.responses.length >= q.home.length) retire(c, n, q);
}

/** Answered (or failed): only late replies are still expected. */
function settled(q: Coordination): boolean {
  return q.status === 'reached' || q.status === 'failed';
}

/**
 * A new write's vector (`withEntry(context, coordinator, counter)`) in the cluster's dense form, and its entries'
 * actor indexes in the order the named vector holds them (the context's, then the coordinator's if new), which
 * `contextOf` follows. Entries that are not positive stay out of both (as they do of every merge); the
 * coordinator's own entry keeps its place in the context when it has one. The indexes and whether every entry
 * is positive are left in `DENSE_WRITE` (no result object per write); both arrays are made at their exact length
 * (an array grown by push from empty takes room for 16 entries or more), gathered first in `DENSE_WRITE`'s
 * scratch lists.
 */
function denseOfWrite(c: LlCluster, n: LlNode, context: VersionVector | undefined): number[] {
  const self = c.actors.id(n.id);
  const ids = DENSE_WRITE.ids;
  const counts = DENSE_WRITE.counts;
  let k = 0;
  let top = self;
  let selfListed = false;
  // Whether every entry of the write's vector is positive: the context's entries (the ones `withEntry` copies, its
  // numbers) other than the coordinator's, which the write's counter replaces (at least 1).
  let positive = true;
  if (context)
    for (const name in context) {
      const x = context[name];
      if (typeof x !== 'number') continue;
      if (name === n.id) {
        selfListed = true;
        ids[k] = self;
        counts[k++] = 0;
      } else if (x > 0) {
        const i = c.actors.id(name);
        if (i > top) top = i;
        ids[k] = i;
        counts[k++] = x;
      } else positive = false;
    }
  if (!selfListed) {
    ids[k] = self;
    counts[k++] = 0;
  }
  const dv = zeros(top + 1);
  for (let j = 0; j < k; j++) {
    const i = ids[j] as number;
    if (i !== self) dv[i] = counts[j] as number;
  }
  dv[self] = n.counter;
  // A write with no context but its coordinator's own entry (every blind write) shares one list of that entry.
  DENSE_WRITE.keys = k === 1 ? soleKeys(c, self) : ids.slice(0, k);
  DENSE_WRITE.positive = positive;
  return dv;
}

/** The list of the one actor index `i`, made once per cluster and shared (a version's keys are never changed). */
function soleKeys(c: LlCluster, i: number): readonly number[] {
  const held = c.soleKeys[i];
  if (held !== undefined) return held;
  const made = [i];
  while (c.soleKeys.length < i) c.soleKeys.push(undefined);
  c.soleKeys[i] = made;
  return made;
}

/** `denseOfWrite`'s other answers, and its scratch lists (module scratch, not state: read right after each call). */
const DENSE_WRITE = { keys: [] as readonly number[], positive: true, ids: [0], counts: [0] };

/** Zeros, copied out by `zeros` (grown as needed). */
const ZEROS: number[] = [0];

/** A new array of `length` zeros, at exactly that length. */
function zeros(length: number): number[] {
  while (ZEROS.length < length) ZEROS.push(0);
  return ZEROS.slice(0, length);
}

function answerRead(c: LlCluster, n: LlNode, q: Coordination): void {
  const merged = q.merged ?? [];
  q.status = 'reached';
  q.doneUs = c.ctx.nowUs;
  if (c.config.readRepair === 'async')
    for (let i = 0; i < q.acks.length; i++)
      if (!sameDots(q.responses[i] as readonly LlVersion[], merged))
        repair(c, n, q.acks[i] as NodeId, q.key, merged, 0);
  const answer = readAnswer(c, q.key, merged);
  // Field by field, in the order the reply always had.
  const body: Mutable<ClientReply> = {
    type: 'clientReply',
    kind: 'response',
    reqId: q.clientReq,
    ok: true,
    value: answer.value,
    version: 0,
    context: answer.context,
    opIds: answer.opIds,
  };
  if (c.config.resolution === 'lww') body.ts = merged[0]?.ts ?? Number.NEGATIVE_INFINITY;
  if (answer.siblings) body.siblings = answer.siblings;
  replyToClient(c.ctx, n.id, q.client, body);
  if (q.responses.length >= q.home.length && (q.repairPending?.size ?? 0) === 0) retire(c, n, q);
}

/** Read repair: a replica that answered with less than the merged versions gets them. */
function repair(
  c: LlCluster,
  n: LlNode,
  target: NodeId,
  key: string,
  versions: readonly LlVersion[] | undefined,
  reqId: number,
): void {
  if (!versions || versions.length === 0) return;
  if (target !== n.id) {
    c.ctx.send(n.id, target, { type: 'store', kind: 'replicate', reqId, key, versions } satisfies Store);
    return;
  }
  c.mergeInto(n, n.store, key, versions);
  if (reqId === 0) return;
  const q = n.coordinating.get(reqId);
  q?.repairPending?.delete(n.id);
  if (q && q.status === 'repairing' && q.repairPending?.size === 0) answerRead(c, n, q);
}

/** Sloppy quorum: home replicas that have not acknowledged in time get stand-ins further along the ring. */
export function onSloppy(c: LlCluster, n: LlNode, reqId: number): void {
  const q = n.coordinating.get(reqId);
  if (q?.status !== 'waiting' || q.kind !== 'write') return;
  const missing = q.home.filter((h) => !q.acks.includes(h));
  const candidates = c.ringOrder(q.key).filter((id) => !q.home.includes(id) && !q.fallbacks.has(id));
  const version = q.version as LlVersion;
  // Its own map before the first stand-in: an empty one may be the shared NO_FALLBACKS (or, in a checkpoint's
  // copy, the one copy of it every request there shares).
  if (missing.length > 0 && candidates.length > 0 && q.fallbacks.size === 0) q.fallbacks = new Map();
  for (const home of missing) {
    const fallback = candidates.shift();
    if (fallback === undefined) break;
    q.fallbacks.set(fallback, home);
    if (fallback !== n.id) {
      c.ctx.send(n.id, fallback, {
        type: 'store',
        kind: 'replicate',
        reqId,
        key: q.key,
        versions: [version],
        hintFor: home,
      } satisfies Store);
      continue;
    }
    c.holdHint(n, home, q.key, [version]);
    countAck(c, n, q, n.id);
  }
}

export function onQuorumTimeout(c: LlCluster, n: LlNode, reqId: number): void {
  const q = n.coordinating.get(reqId);
  if (!q) return;
  if (q.status === 'waiting' || q.status === 'repairing') {
    q.status = 'failed';
    q.doneUs = c.ctx.nowUs;
    const got = q.kind === 'write' ? q.acks.length : q.responses.length;
    const what = q.kind === 'write' ? 'acknowledgements' : 'responses';
    const note = q.kind === 'write' ? ' (the write is not rolled back where it was stored)' : '';
    // A write some replicas stored may still become visible: reported as unknown when so configured.
    const unknown = q.kind === 'write' && got > 0 && c.config.failedWriteStatus === 'unknown';
    const body: Mutable<ClientReply> = {
      type: 'clientReply',
      kind: 'response',
      reqId: q.clientReq,
      ok: false,
      error: `quorum failed: ${got} of ${q.needed} ${what} within ${c.config.requestTimeoutMs} ms${note}`,
    };
    if (unknown) body.indeterminate = true;
    replyToClient(c.ctx, n.id, q.client, body);
  }
  retire(c, n, q);
}

function retire(c: LlCluster, n: LlNode, q: Coordination): void {
  if (!n.coordinating.delete(q.reqId)) return;
  c.remember(q);
}

export function quorumView(coordinator: NodeId, q: Coordination): QuorumView {
  return {
    coordinator,
    reqId: q.reqId,
    opId: q.clientReq,
    kind: q.kind,
    key: q.key,
    home: q.home,
    acked: q.acks.slice(),
    fallbacks: [...q.fallbacks.entries()].map(([node, home]) => ({ node, for: home })),
    needed: q.needed,
    status: q.status,
    startedUs: q.startedUs,
    doneUs: q.doneUs,
  };
}
