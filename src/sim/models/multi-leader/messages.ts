/**
 * The multi-leader protocol's messages: changes pushed along the replication topology, the periodic
 * anti-entropy request (`sync`), and a write forwarded to the key's owner; how each reads in a tooltip, and its
 * size on the wire (wire.ts).
 */
import { unreachable } from '../../engine/unreachable.ts';
import { clientPayloadBytes, LEN_BYTES, NUM_BYTES, strBytes, strListBytes } from '../../engine/wire.ts';
import type { MessageBody, NodeId } from '../../types.ts';
import type { ClientRead, ClientReply, ClientWrite, TimerBody } from '../model.ts';
import { describeClientMessage } from '../model.ts';
import { type Actors, type DenseVector, formatDense } from '../shared/denseVector.ts';
import type { Version } from './cluster.ts';

/**
 * A change, which is also the version a cell keeps of it (`Version`: value, vv, ts, origin, seq, opId): made once
 * at its origin and shared by every node that applies it (never changed), one object per write where a change
 * and a version of it with the same six fields were two, kept in every node's log for seconds.
 */
export interface Change extends Version {
  readonly origin: NodeId;
  readonly seq: number;
  readonly key: string;
  /**
   * The key's index (`MlCluster.keyIndex`), worked out once at the origin for every node that applies the change.
   * Not on the wire. Without it (a change made elsewhere, as a test's), the key is looked up.
   */
  readonly keyIx?: number;
  /** The value written, or a data-type operation ("+5", "add x", "remove x"). */
  readonly op: string;
  /** `op`, as the version's value (what a read of the cell returns). */
  readonly value: string;
  /** The origin's index in the cluster's actors (`MlCluster.actors`), the index of its entry in vectors. */
  readonly originIx: number;
  readonly vv: DenseVector;
  /** The origin's clock when it accepted the write, in µs (skew included). */
  readonly ts: number;
  readonly deps: DenseVector;
  /** The client operation that wrote it. */
  readonly opId: number;
  /** For an add-wins set removal: the dots of the element the origin had observed. */
  readonly removes?: readonly string[];
  /**
   * Its size on the wire (`changeBytes`), worked out once at the origin: a change travels in many messages (a
   * push to every peer and follower, anti-entropy batches) and is never changed. Without it (a change made
   * elsewhere, as a test's), it is sized when sent.
   */
  readonly bytes?: number;
}

export interface ChangeMsg extends MessageBody {
  readonly type: 'change';
  readonly kind: 'replicate';
  readonly changes: readonly Change[];
}

export interface SyncRequest extends MessageBody {
  readonly type: 'sync';
  readonly kind: 'heartbeat';
  readonly have: DenseVector;
}

/** One key's state in a state transfer: its versions, or its data type's state, and its version vector. */
export interface CellState {
  readonly key: string;
  readonly versions: readonly {
    readonly value: string;
    readonly vv: DenseVector;
    readonly ts: number;
    readonly origin: string;
    readonly originIx: number;
    readonly seq: number;
    readonly opId: number;
  }[];
  /** A counter: each actor's total. */
  readonly counter?: readonly (readonly [string, number])[];
  /** An add-wins set: each element with the dots that added it and were not removed. */
  readonly set?: readonly (readonly [string, readonly string[]])[];
  readonly vv: DenseVector;
  readonly conflicts: number;
}

/**
 * The answer to a sync request that asks for changes the node has trimmed: its whole state, every cell with its
 * versions (or data type state) and the applied vector that says which changes the state includes.
 */
export interface StateTransfer extends MessageBody {
  readonly type: 'state';
  readonly kind: 'replicate';
  readonly cells: readonly CellState[];
  readonly applied: DenseVector;
}

export interface Forward extends MessageBody {
  readonly type: 'forward';
  readonly kind: 'request';
  readonly client: NodeId;
  readonly write: ClientWrite;
}

export type MlMessage =
  | ChangeMsg
  | SyncRequest
  | StateTransfer
  | Forward
  | ClientWrite
  | ClientRead
  | ClientReply;

export const SYNC: TimerBody = { type: 'sync' };

/** A dense vector's size on the wire: as its named form's (wire.ts), a (node id, counter) pair per entry. */
function denseBytes(actors: Actors, v: DenseVector): number {
  let n = LEN_BYTES;
  for (let i = 0; i < v.length; i++)
    if ((v[i] as number) > 0) n += LEN_BYTES + actors.name(i).length + NUM_BYTES;
  return n;
}

/** One change's size in a change message: origin, sequence number, key, operation, version vector, timestamp, dependencies, op id. */
export function changeBytes(
  actors: Actors,
  c: Pick<Change, 'origin' | 'key' | 'op' | 'vv' | 'deps' | 'removes'>,
): number {
  return (
    strBytes(c.origin) +
    strBytes(c.key) +
    strBytes(c.op) +
    denseBytes(actors, c.vv) +
    denseBytes(actors, c.deps) +
    3 * NUM_BYTES +
    (c.removes ? strListBytes(c.removes) : 0)
  );
}

export function describeMl(b: MlMessage, actors: Actors): string {
  switch (b.type) {
    case 'change': {
      const c = b.changes[0];
      if (!c) return 'changes (none)';
      const more = b.changes.length > 1 ? ` (+${b.changes.length - 1} more)` : '';
      return `change ${c.origin}#${c.seq}: ${c.key} = ${c.op} ${formatDense(actors, c.vv)}${more}`;
    }
    case 'sync':
      return `anti-entropy: I have ${formatDense(actors, b.have)}`;
    case 'state':
      return `state transfer: ${b.cells.length} keys, up to ${formatDense(actors, b.applied)}`;
    case 'forward':
      return `forward write ${b.write.key} = ${b.write.value} to its owner`;
    case 'clientWrite':
    case 'clientRead':
    case 'clientReply':
      return describeClientMessage(b);
    default:
      return unreachable(b);
  }
}

export function mlPayloadBytes(b: MlMessage, actors: Actors): number {
  switch (b.type) {
    case 'change': {
      // Each change: origin, sequence number, key, operation, version vector, timestamp, dependencies, op id.
      let n = LEN_BYTES;
      for (const c of b.changes) n += c.bytes ?? changeBytes(actors, c);
      return n;
    }
    case 'sync':
      return denseBytes(actors, b.have);
    case 'state': {
      // The applied vector; each cell: key, vector, conflict count, then its versions (value, vector,
      // timestamp, origin, sequence number, op id), counter entries (actor, total) or set elements with dots.
      let n = denseBytes(actors, b.applied) + LEN_BYTES;
      for (const cell of b.cells) {
        n += strBytes(cell.key) + denseBytes(actors, cell.vv) + NUM_BYTES + LEN_BYTES;
        for (const v of cell.versions)
          n += strBytes(v.value) + denseBytes(actors, v.vv) + strBytes(v.origin) + 3 * NUM_BYTES;
        if (cell.counter) {
          n += LEN_BYTES;
          for (const [actor] of cell.counter) n += strBytes(actor) + NUM_BYTES;
        }
        if (cell.set) {
          n += LEN_BYTES;
          for (const [element, dots] of cell.set) n += strBytes(element) + strListBytes(dots);
        }
      }
      return n;
    }
    case 'forward':
      return strBytes(b.client) + clientPayloadBytes(b.write);
    case 'clientWrite':
    case 'clientRead':
    case 'clientReply':
      return clientPayloadBytes(b);
    default:
      return unreachable(b);
  }
}
