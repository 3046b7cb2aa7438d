/**
 * The leaderless protocol's messages: a coordinator's `store` and `fetch` to replicas and their replies,
 * hinted handoff, and the anti-entropy digest exchange; how each reads in a tooltip and its size on the wire.
 */
import { unreachable } from '../../engine/unreachable.ts';
import {
  BOOL_BYTES,
  clientPayloadBytes,
  LEN_BYTES,
  NUM_BYTES,
  strBytes,
  strListBytes,
  vectorBytes,
} from '../../engine/wire.ts';
import type { MessageBody, NodeId } from '../../types.ts';
import type { ClientRead, ClientReply, ClientWrite, TimerBody } from '../model.ts';
import { describeClientMessage } from '../model.ts';
import type { DenseVector } from '../shared/denseVector.ts';
import type { VersionVector } from '../shared/versionVector.ts';

/** One version of a key: its value, causal history, timestamp, dot (origin, seq) and the write that made it. */
export interface LlVersion {
  readonly value: string;
  readonly vv: VersionVector;
  /** Coordinator clock at the write, in µs. */
  readonly ts: number;
  /** The coordinator that made it, and its counter there: the version's dot. */
  readonly origin: NodeId;
  readonly seq: number;
  readonly opId: number;
  /**
   * Its size on the wire (`versionBytes`), worked out once when it was made: a version travels in many messages
   * (each store, fetch reply, repair and handoff), and is never changed.
   */
  readonly bytes?: number;
  /**
   * `vv` in the cluster's dense form (its `actors` table), made with the version: replicas compare versions on
   * every store, read and repair, and comparing two short arrays of counters costs no lookup by name. Absent
   * (a version made outside a cluster), `vv` is compared instead; both give the same order.
   */
  readonly dv?: DenseVector;
  /** The actor indexes of `vv`'s positive entries, in the order `vv` holds them (made with `dv`). */
  readonly keys?: readonly number[];
  /**
   * Whether every entry of `vv` is positive, worked out when a write made it: a read of this version alone then
   * takes `vv` itself as its context (`contextOf`). Absent, `vv` is looked at.
   */
  readonly positive?: boolean;
}

export interface Store extends MessageBody {
  readonly type: 'store';
  readonly kind: 'replicate';
  /** The coordinator's request id (0: a repair nobody waits for). */
  readonly reqId: number;
  readonly key: string;
  readonly versions: readonly LlVersion[];
  /** Sloppy quorum: this node keeps the write as a hint for the unreachable home replica. */
  readonly hintFor?: NodeId;
}
export interface StoreAck extends MessageBody {
  readonly type: 'storeAck';
  readonly kind: 'ack';
  readonly reqId: number;
  readonly hinted: boolean;
}
export interface Fetch extends MessageBody {
  readonly type: 'fetch';
  readonly kind: 'read';
  readonly reqId: number;
  readonly key: string;
}
export interface FetchReply extends MessageBody {
  readonly type: 'fetchReply';
  readonly kind: 'response';
  readonly reqId: number;
  readonly versions: readonly LlVersion[];
}
export interface Handoff extends MessageBody {
  readonly type: 'handoff';
  readonly kind: 'replicate';
  readonly key: string;
  readonly versions: readonly LlVersion[];
}
export interface HandoffAck extends MessageBody {
  readonly type: 'handoffAck';
  readonly kind: 'ack';
  readonly key: string;
  readonly dots: readonly string[];
}
export interface Digest extends MessageBody {
  readonly type: 'digest';
  readonly kind: 'heartbeat';
  /** key -> signature of the versions held (absent keys are not listed). */
  readonly entries: readonly (readonly [string, string])[];
}
export interface DigestReply extends MessageBody {
  readonly type: 'digestReply';
  readonly kind: 'replicate';
  readonly items: readonly { readonly key: string; readonly versions: readonly LlVersion[] }[];
  /** Keys the replier lacks or holds differently: the asker sends its versions back. */
  readonly want: readonly string[];
}

/** A ring change: a node that gains keys asks a peer for its versions of them (membership.ts). */
export interface MoveFetch extends MessageBody {
  readonly type: 'moveFetch';
  readonly kind: 'read';
  readonly move: number;
}
export interface MoveData extends MessageBody {
  readonly type: 'moveData';
  readonly kind: 'replicate';
  readonly move: number;
  readonly items: readonly { readonly key: string; readonly versions: readonly LlVersion[] }[];
}

export type LlMessage =
  | MoveFetch
  | MoveData
  | Store
  | StoreAck
  | Fetch
  | FetchReply
  | Handoff
  | HandoffAck
  | Digest
  | DigestReply
  | ClientWrite
  | ClientRead
  | ClientReply;

export interface QuorumTimer extends TimerBody {
  readonly type: 'quorumTimeout' | 'sloppy';
  readonly reqId: number;
}

export const HANDOFF: TimerBody = { type: 'handoff' };
export const ANTI_ENTROPY: TimerBody = { type: 'antiEntropy' };
export const MOVE_RETRY: TimerBody = { type: 'moveRetry' };

/** A version's dot as text, "origin:seq": how replicas name the versions they hold. */
export function dotKey(v: LlVersion): string {
  return `${v.origin}:${v.seq}`;
}

const valuesText = (versions: readonly LlVersion[]) => versions.map((v) => v.value).join(' | ');

export function describeLl(b: LlMessage): string {
  switch (b.type) {
    case 'store':
      return `${b.reqId === 0 ? 'repair' : 'store'} ${b.key} = ${valuesText(b.versions)}${b.hintFor ? ` (hint for ${b.hintFor})` : ''}`;
    case 'storeAck':
      return `stored${b.hinted ? ' as a hint' : ''}`;
    case 'fetch':
      return `get ${b.key}`;
    case 'fetchReply':
      return b.versions.length ? `has ${valuesText(b.versions)}` : 'has nothing';
    case 'handoff':
      return `hinted handoff ${b.key} = ${valuesText(b.versions)}`;
    case 'handoffAck':
      return `took over hint for ${b.key}`;
    case 'digest':
      return `anti-entropy digest (${b.entries.length} keys)`;
    case 'digestReply':
      return `anti-entropy: ${b.items.length} to repair, ${b.want.length} wanted`;
    case 'moveFetch':
      return `ring change ${b.move}: send me my new keys`;
    case 'moveData':
      return `ring change ${b.move}: ${b.items.length} keys handed off`;
    case 'clientWrite':
    case 'clientRead':
    case 'clientReply':
      return describeClientMessage(b);
    default:
      return unreachable(b);
  }
}

/** A list of versions on the wire: each its value, version vector, timestamp, dot (node, counter) and op id. */
function versionsBytes(versions: readonly LlVersion[]): number {
  let n = LEN_BYTES;
  for (const v of versions) n += v.bytes ?? versionBytes(v.value, v.vv, v.origin);
  return n;
}

/** One version on the wire: its value, version vector, timestamp, dot (node, counter) and op id. */
export function versionBytes(value: string, vv: VersionVector, origin: NodeId): number {
  return strBytes(value) + vectorBytes(vv) + strBytes(origin) + 3 * NUM_BYTES;
}

export function llPayloadBytes(b: LlMessage): number {
  switch (b.type) {
    case 'store':
      return NUM_BYTES + strBytes(b.key) + versionsBytes(b.versions) + (b.hintFor ? strBytes(b.hintFor) : 0);
    case 'storeAck':
      return NUM_BYTES + BOOL_BYTES;
    case 'fetch':
      return NUM_BYTES + strBytes(b.key);
    case 'fetchReply':
      return NUM_BYTES + versionsBytes(b.versions);
    case 'handoff':
      return strBytes(b.key) + versionsBytes(b.versions);
    case 'handoffAck':
      return strBytes(b.key) + strListBytes(b.dots);
    case 'digest': {
      let n = LEN_BYTES;
      for (const [key, signature] of b.entries) n += strBytes(key) + strBytes(signature);
      return n;
    }
    case 'moveFetch':
      return NUM_BYTES;
    case 'moveData': {
      let n = NUM_BYTES + LEN_BYTES;
      for (const item of b.items) n += strBytes(item.key) + versionsBytes(item.versions);
      return n;
    }
    case 'digestReply': {
      let n = LEN_BYTES + strListBytes(b.want);
      for (const item of b.items) n += strBytes(item.key) + versionsBytes(item.versions);
      return n;
    }
    case 'clientWrite':
    case 'clientRead':
    case 'clientReply':
      return clientPayloadBytes(b);
    default:
      return unreachable(b);
  }
}
