/**
 * What the per-operation checkers keep per key and per client, in one record each, shared by the checkers that
 * need it (reads.ts, acked.ts, sessions.ts, prefix.ts) rather than each keeping its own Map by the same string.
 * Keys are numbered once, as they are first met: a client keeps its per-key records in an array by that number.
 * An operation's records are found with one lookup per record, and the last operation's are kept at hand: the
 * checkers that ask of the same operation in turn find them without a lookup at all.
 *
 * Plain data (checkpoints copy the oracle): records and arrays, no closures.
 */
import type { VersionVector } from '../models/shared/versionVector.ts';
import type { Operation } from '../types.ts';
import type { KeyState } from './registers.ts';

/** A write of a key that a client made or read, and what it followed (prefix.ts). */
export interface Seen {
  readonly write: Operation;
  readonly key: string;
  /** The key's number (`KeyRecord.index`). */
  readonly keyIndex: number;
  readonly client: string;
  /** The write's completion (0 if none, as the obligations compare it). */
  readonly doneUs: number;
  readonly atUs: number;
  readonly via: Operation | undefined;
}

/** A write the reader has seen another write depend on: its reads of that key must show it from now on. */
export interface Obligation {
  /** The write the reader must see. */
  readonly write: Operation;
  /** Its completion (0 if none). */
  readonly writeDoneUs: number;
  /** The reader's read that saw `source`. */
  readonly read: Operation;
  /** Its completion (0 if none). */
  readonly readDoneUs: number;
  /** The write, made after `write` was seen (or written) by its client, that the read returned. */
  readonly source: Operation;
  /** The read by which `source`'s client had seen `write` (none: it wrote `write` itself). */
  readonly via: Operation | undefined;
}

/**
 * The newest acknowledged dot of each node for a key, and its latest acknowledged timestamp. Never changed once a
 * read holds it (an acknowledgement that raises it then makes a new one), so a read keeps the one in force when it
 * began; until one does, the key's own is raised in place (reads.ts: `KeyRecord.dotsHeld`).
 */
export interface AckedDots {
  /** Each node's highest acknowledged dot, by node number (`Records.nodeIndex`; none, or 0: no dot). */
  readonly counters: readonly number[];
  readonly ts: number;
}

/**
 * Completed reads' contexts of a key, merged, with the read that saw the newest: by node number
 * (`Records.nodeIndex`), and the read's context itself when the floor is exactly that (a later read of the same
 * context compares equal at once).
 */
export interface Floor {
  readonly vv: VersionVector | undefined;
  readonly counters: readonly number[];
  readonly op: number;
}

/** One key's record. */
export interface KeyRecord {
  readonly key: string;
  /** Its number: the order keys were first met in. */
  readonly index: number;
  /** Reads: the newest log position of the key acknowledged so far. */
  version: number;
  /** Reads: the highest acknowledged dot of each node and the latest acknowledged timestamp. */
  dots: AckedDots | undefined;
  /** Reads: whether a read began since `dots` was made (and holds it: it is not to be changed then). */
  dotsHeld: boolean;
  /** Reads: whether `dots.counters` is its own list (no other `dots` made before shares it). */
  countersOwned: boolean;
  /** Reads: completed reads' contexts, merged. */
  floor: Floor | undefined;
  /** Linearizability: the key's register state (registers.ts), made at its first operation. */
  register: KeyState | undefined;
  /** Acknowledged writes: the first at each log position (leader-follower), made at the first. */
  byVersion: Map<number, Operation> | undefined;
  /** Acknowledged writes: the latest of each value (the models without one log), made at the first. */
  byValue: Map<string, Operation> | undefined;
  /** Acknowledged writes: in the order the checkers processed them (the latest PER_KEY to 2 x PER_KEY). */
  acked: Operation[];
}

/** One client's record of one key. */
export interface ClientKey {
  /** Reads: whether the client has read the key, the newest version it read, and the read that saw it. */
  hasRead: boolean;
  readVersion: number;
  readId: number;
  /** Sessions: the last acknowledged write and (leader-follower) the last completed read. */
  lastWrite: Operation | undefined;
  lastRead: Operation | undefined;
  /** Consistent prefix: what the client owes, as a reader, on this key. */
  owed: Obligation | undefined;
}

/** One client's record. */
export interface ClientRecord {
  /** Consistent prefix: what it has seen or made lately (newest last). */
  readonly seen: Seen[];
  /** Consistent prefix: how many of its keys it owes an obligation on. */
  owing: number;
  /** Per key, by the key's number (a hole: none yet). */
  readonly keys: (ClientKey | undefined)[];
}

/** Slots of `Records`' cache of recent operations' key records (a power of two). */
const RECENT = 256;

export class Records {
  private readonly keys = new Map<string, KeyRecord>();
  /** The nodes met in dots and causal contexts, numbered in that order (few: a scan finds one). */
  private readonly nodes: string[] = [];
  private readonly clients = new Map<string, ClientRecord>();
  /** The last operation asked of, and its records (a record, once made, is never replaced). */
  private keyOp: Operation | null = null;
  private keyRec: KeyRecord | null = null;
  private clientOp: Operation | null = null;
  private clientRec: ClientRecord | null = null;
  private clientKeyOp: Operation | null = null;
  private clientKeyRec: ClientKey | null = null;

  /** A node's number, given on first use. */
  nodeIndex(node: string): number {
    const nodes = this.nodes;
    for (let i = 0; i < nodes.length; i++) if (nodes[i] === node) return i;
    nodes.push(node);
    return nodes.length - 1;
  }

  /** The record of a key, made on first use. */
  key(key: string): KeyRecord {
    let record = this.keys.get(key);
    if (!record) {
      record = {
        key,
        index: this.keys.size,
        version: 0,
        dots: undefined,
        dotsHeld: false,
        countersOwned: false,
        floor: undefined,
        register: undefined,
        byVersion: undefined,
        byValue: undefined,
        acked: [],
      };
      this.keys.set(key, record);
    }
    return record;
  }

  /**
   * The recent operations asked of, and their key's records, in a slot by the low bits of the id: an operation is
   * asked of at its invocation, again when the read checkers replay its completion and again when it is filed,
   * often with others in between (two in three of the asking missed the last-operation cache: 30,413 key lookups
   * by string in the checker bench's run, 20,270 of them answered here). The operation itself is compared, not
   * its id (a written history may give two operations one id).
   */
  private readonly recentOps: (Operation | null)[] = new Array<Operation | null>(RECENT).fill(null);
  private readonly recentRecs: (KeyRecord | null)[] = new Array<KeyRecord | null>(RECENT).fill(null);

  /** The record of an operation's key. */
  keyOf(op: Operation): KeyRecord {
    if (op === this.keyOp) return this.keyRec as KeyRecord;
    const slot = op.id & (RECENT - 1);
    let record: KeyRecord;
    if (this.recentOps[slot] === op) record = this.recentRecs[slot] as KeyRecord;
    else {
      record = this.key(op.key);
      this.recentOps[slot] = op;
      this.recentRecs[slot] = record;
    }
    this.keyOp = op;
    this.keyRec = record;
    return record;
  }

  /** The record of an operation's client. */
  clientOf(op: Operation): ClientRecord {
    if (op === this.clientOp) return this.clientRec as ClientRecord;
    let record = this.clients.get(op.client);
    if (!record) {
      record = { seen: [], owing: 0, keys: [] };
      this.clients.set(op.client, record);
    }
    this.clientOp = op;
    this.clientRec = record;
    return record;
  }

  /** The record of an operation's client and key. */
  clientKeyOf(op: Operation): ClientKey {
    if (op === this.clientKeyOp) return this.clientKeyRec as ClientKey;
    return this.clientKeyAt(op, this.keyOf(op));
  }

  /** The record of an operation's client and key, its key's record `key` in hand. */
  clientKeyAt(op: Operation, key: KeyRecord): ClientKey {
    if (op === this.clientKeyOp) return this.clientKeyRec as ClientKey;
    const record = slot(this.clientOf(op), key.index);
    this.keyOp = op;
    this.keyRec = key;
    this.clientKeyOp = op;
    this.clientKeyRec = record;
    return record;
  }
}

/** A client's record of the key numbered `index`, made on first use. */
export function slot(client: ClientRecord, index: number): ClientKey {
  const keys = client.keys;
  let record = index < keys.length ? keys[index] : undefined;
  if (!record) {
    // Holes up to it are filled first, so the array stays packed (no dictionary mode).
    while (keys.length < index) keys.push(undefined);
    record = {
      hasRead: false,
      readVersion: 0,
      readId: 0,
      lastWrite: undefined,
      lastRead: undefined,
      owed: undefined,
    };
    keys[index] = record;
  }
  return record;
}
